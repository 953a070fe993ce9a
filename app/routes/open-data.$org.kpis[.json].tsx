import type { LoaderFunctionArgs } from "react-router";
import { notFound } from "~/auth/guard.server";
import { SLUG_PATTERN } from "~/content/vocabulary";
import { getDb } from "~/db.server";
import { fiscalYearLabel, fiscalYearOf } from "~/kernel/dates";
import { kpiDashboard, publishingOrganization } from "~/kpis/kpis.server";
import { resourceRoute } from "~/http/unavailable.server";

/**
 * GET /open-data/<org>/kpis.json?fy=2026 — the KPI figures as open data, for organizations that publish them
 * (`publishKpis: true` in their content file). Aggregates only; no personal data.
 */
export const loader = resourceRoute(async ({ request, params }: LoaderFunctionArgs) => {
  const slug = params.org ?? "";
  const org = SLUG_PATTERN.test(slug) ? await publishingOrganization(await getDb(), slug) : null;
  if (!org) notFound("公開されていません。");
  const requested = Number(new URL(request.url).searchParams.get("fy"));
  const current = fiscalYearOf(new Date());
  const fiscalYear = Number.isInteger(requested) && requested >= 2000 && requested <= current ? requested : current;
  const views = await kpiDashboard(await getDb(), org.id, fiscalYear);
  const body = {
    organization: { slug: org.slug, name: org.name },
    fiscalYear,
    fiscalYearLabel: fiscalYearLabel(fiscalYear),
    generatedAt: new Date().toISOString(),
    kpis: views.map((k) => ({
      code: k.code,
      name: k.name,
      policyArea: k.policyArea,
      unit: k.unit,
      actual: k.actual,
      target: k.target?.value ?? null,
      targetInterpolated: k.target?.interpolated ?? null,
      achievementPercent: k.achievement,
      status: k.status,
      baseline: k.baseline,
      source: k.manual ? "manual" : "records",
      history: k.history,
    })),
  };
  return new Response(JSON.stringify(body, null, 2), {
    headers: { "Content-Type": "application/json; charset=utf-8", "Access-Control-Allow-Origin": "*", "Cache-Control": "public, max-age=3600" },
  });
});
