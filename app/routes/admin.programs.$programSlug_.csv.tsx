import type { LoaderFunctionArgs } from "react-router";
import { notFound, requirePermission } from "~/auth/guard.server";
import { getDb } from "~/db.server";
import { fiscalYearOf } from "~/kpis/fiscal-year";
import { activitiesCsv } from "~/programs/export.server";
import { getPerson, getProgram, listActivities } from "~/programs/programs.server";
import { csvResponse } from "~/http/csv.server";
import { isUuid } from "~/kernel/uuid";
import { resourceRoute } from "~/http/unavailable.server";

/** GET /admin/programs/<slug>/csv?fy=2026&promoter=<user id>: confirmed activities for the personnel evaluation. */
export const loader = resourceRoute(async ({ request, params }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, "program:manage");
  const db = await getDb();
  const program = await getProgram(db, user.organizationId, params.programSlug ?? "");
  if (!program) notFound("この自治体では、この制度を実施していません。");
  const url = new URL(request.url);
  const requested = Number(url.searchParams.get("fy"));
  const current = fiscalYearOf(new Date());
  const fiscalYear = Number.isInteger(requested) && requested >= 2000 && requested <= current + 1 ? requested : current;
  const promoter = url.searchParams.get("promoter") || null;
  let staffNumber = "all";
  if (promoter) {
    const person = isUuid(promoter) ? await getPerson(db, user.organizationId, promoter) : null;
    if (!person) notFound("職員が見つかりません。");
    staffNumber = person.staffNumber;
  }
  const rows = await listActivities(db, user.organizationId, program.id, { fiscalYear, confirmed: true, userId: promoter ?? undefined });
  return csvResponse(activitiesCsv(rows, fiscalYear), `${program.slug}-activities-${fiscalYear}-${staffNumber.replace(/[^A-Za-z0-9-]/g, "_")}.csv`);
});
