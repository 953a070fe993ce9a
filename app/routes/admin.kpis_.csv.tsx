import type { LoaderFunctionArgs } from "react-router";
import { requirePermission } from "~/auth/guard.server";
import { getDb } from "~/db.server";
import { kpiCsv } from "~/kpis/export.server";
import { fiscalYearOf } from "~/kernel/dates";
import { kpiDashboard } from "~/kpis/kpis.server";
import { csvResponse } from "~/http/csv.server";
import { resourceRoute } from "~/http/unavailable.server";

/** GET /admin/kpis/csv?fy=2026: the dashboard's figures as CSV (UTF-8 with BOM). */
export const loader = resourceRoute(async ({ request }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, "kpi:read");
  const requested = Number(new URL(request.url).searchParams.get("fy"));
  const current = fiscalYearOf(new Date());
  const fiscalYear = Number.isInteger(requested) && requested >= 2000 && requested <= current + 5 ? requested : current;
  const views = await kpiDashboard(await getDb(), user.organizationId, fiscalYear);
  return csvResponse(kpiCsv(views), `kpi-${fiscalYear}.csv`);
});
