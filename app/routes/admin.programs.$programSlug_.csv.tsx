import type { LoaderFunctionArgs } from "react-router";
import { notFound, requirePermission } from "~/auth/guard.server";
import { getDb } from "~/db.server";
import { fiscalYearOf } from "~/kernel/dates";
import { activitiesCsv } from "~/programs/export.server";
import { requireProgram } from "~/programs/guard.server";
import { getPerson, listActivities } from "~/programs/programs.server";
import { csvResponse } from "~/http/csv.server";
import { isUuid } from "~/kernel/uuid";
import { resourceRoute } from "~/http/unavailable.server";

/** GET /admin/programs/<slug>/csv?fy=2026&promoter=<user id>: confirmed activities for the personnel evaluation. */
export const loader = resourceRoute(async ({ request, params }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, "program:manage");
  const db = await getDb();
  const program = await requireProgram(user, params);
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
