import { type ActionFunctionArgs, data, Link, type LoaderFunctionArgs, type MetaFunction, redirect, useActionData, useLoaderData } from "react-router";
import { KpiForm } from "~/components/kpi-form";
import { requireCsrf } from "~/auth/csrf.server";
import { readForm } from "~/http/form.server";
import { actorOf, notFound, requirePermission } from "~/auth/guard.server";
import { listCourses } from "~/content/queries.server";
import { getDb } from "~/db.server";
import { getKpi, kpiFormValues, kpiToFormValues, parseKpiForm, updateKpi } from "~/kpis/definitions.server";
import { localPath } from "~/http/safe-redirect";

export const meta: MetaFunction = () => [{ title: "KPIの設定 | 学び舎" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "kpi:write");
  const db = await getDb();
  const k = await getKpi(db, user.organizationId, params.kpiId ?? "");
  if (!k) notFound("KPIが見つかりません。");
  const courses = (await listCourses(db, { audience: "staff" })).map((c) => ({ slug: c.slug, title: c.title }));
  return { id: k.id, name: k.name, values: kpiToFormValues(k), courses };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, "kpi:write");
  const form = await readForm(request);
  requireCsrf(request, form);
  const db = await getDb();
  const id = params.kpiId ?? "";
  if (!(await getKpi(db, user.organizationId, id))) notFound("KPIが見つかりません。");
  const parsed = parseKpiForm(form);
  if (!parsed.ok) return data({ errors: parsed.errors, values: kpiFormValues(form) }, { status: 400 });
  const result = await updateKpi(db, actorOf(user, context), id, parsed.item);
  if (!result) notFound("KPIが見つかりません。");
  if (!result.ok) return data({ errors: result.errors, values: kpiFormValues(form) }, { status: 400 });
  throw redirect(localPath`/admin/kpis?saved=1#kpi-${id}`);
}

export default function EditKpi() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <>
      <p>
        <Link to="/admin/kpis">← KPIの達成状況へ戻る</Link>
      </p>
      <h1>KPIの設定を変更する</h1>
      <p className="hint">変更は操作の記録に残ります。手入力した値や事業年度評価のコメントはそのまま引き継がれます。</p>
      <KpiForm values={result?.values ?? d.values} errors={result?.errors} courses={d.courses} submitLabel="保存する" />
    </>
  );
}
