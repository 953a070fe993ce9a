import type { LoaderFunctionArgs } from "react-router";
import { notFound, requirePermission } from "~/auth/guard.server";
import { findResidentRecord, residentRecordCsv } from "~/classes/personal-data.server";
import { getDb } from "~/db.server";
import { csvResponse } from "~/http/csv.server";
import { resourceRoute } from "~/http/unavailable.server";

/** GET /admin/classes/personal-data/csv?receipt=…: one resident's record for a disclosure request (UTF-8 with BOM). */
export const loader = resourceRoute(async ({ request }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, "class:personal_data");
  const receipt = new URL(request.url).searchParams.get("receipt") ?? "";
  const record = await findResidentRecord(await getDb(), user.organizationId, receipt);
  if (!record) notFound("申込が見つかりません。");
  return csvResponse(residentRecordCsv(record), `registration-${record.receiptNumber}.csv`);
});
