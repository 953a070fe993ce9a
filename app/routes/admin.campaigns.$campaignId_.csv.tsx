import type { LoaderFunctionArgs } from "react-router";
import { requirePermission } from "~/auth/guard.server";
import { listAssignments } from "~/campaigns/campaigns.server";
import { requireCampaign } from "~/campaigns/guard.server";
import { assignmentsCsv } from "~/campaigns/export.server";
import { getDb } from "~/db.server";
import { csvResponse } from "~/http/csv.server";
import { resourceRoute } from "~/http/unavailable.server";

/** GET /admin/campaigns/<id>/csv: everyone in the campaign with their status (UTF-8 with BOM, for Excel). */
export const loader = resourceRoute(async ({ request, params }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, "campaign:manage");
  const db = await getDb();
  const found = await requireCampaign(user, params);
  const rows = await listAssignments(db, found.campaign);
  return csvResponse(assignmentsCsv(found.campaign, rows), `campaign-${found.campaign.key}-${found.campaign.fiscalYear}.csv`);
});
