import { type ActionFunctionArgs, data, Link, type LoaderFunctionArgs, type MetaFunction, redirect, useActionData, useLoaderData } from "react-router";
import { KpiForm } from "~/components/kpi-form";
import { requireCsrf } from "~/auth/csrf.server";
import { readForm } from "~/http/form.server";
import { actorOf, requirePermission } from "~/auth/guard.server";
import { listCourses } from "~/content/queries.server";
import { getDb } from "~/db.server";
import { createKpi, kpiFormValues, parseKpiForm } from "~/kpis/definitions.server";
import { fiscalYearOf } from "~/kernel/dates";
import { localPath } from "~/http/safe-redirect";

export const meta: MetaFunction = () => [{ title: "KPIを追加する | 学び舎" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "kpi:write");
  const courses = (await listCourses(await getDb(), { audience: "staff" })).map((c) => ({ slug: c.slug, title: c.title }));
  const fy = fiscalYearOf(new Date());
  return {
    courses,
    values: kpiFormValues(new FormData()),
    defaults: {
      direction: "increase",
      accumulation: "yearly",
      baselineFiscalYear: String(fy - 1),
      sourceKind: "records",
      metric: "sessions_held",
      aggregate: "sum",
      program: "dx-promoter",
      programMetric: "certified_promoters",
    },
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, "kpi:write");
  const form = await readForm(request);
  requireCsrf(request, form);
  const parsed = parseKpiForm(form);
  if (!parsed.ok) return data({ errors: parsed.errors, values: kpiFormValues(form) }, { status: 400 });
  const result = await createKpi(await getDb(), actorOf(user, context), parsed.item);
  if (!result.ok) return data({ errors: result.errors, values: kpiFormValues(form) }, { status: 400 });
  throw redirect(localPath`/admin/kpis?saved=1#kpi-${result.id}`);
}

export default function NewKpi() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <>
      <p>
        <Link to="/admin/kpis">← KPIの達成状況へ戻る</Link>
      </p>
      <h1>KPIを追加する</h1>
      <KpiForm values={result?.values ?? { ...d.values, ...d.defaults }} errors={result?.errors} courses={d.courses} submitLabel="追加する" />
    </>
  );
}
