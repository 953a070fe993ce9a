import { type ActionFunctionArgs, data, Form, Link, type LoaderFunctionArgs, type MetaFunction, redirect, useActionData, useLoaderData } from "react-router";
import { CsrfInput } from "~/components/csrf";
import { FormMessage } from "~/components/form";
import { KpiChart } from "~/components/kpi-chart";
import { requireCsrf } from "~/auth/csrf.server";
import { readForm } from "~/http/form.server";
import { actorOf, requirePermission } from "~/auth/guard.server";
import { scopeOf } from "~/auth/permissions";
import { getDb } from "~/db.server";
import { fiscalYearLabel, fiscalYearOf } from "~/kernel/dates";
import { kpiCommentsFor, kpiDashboard, saveKpiComment } from "~/kpis/kpis.server";
import { localPath } from "~/http/safe-redirect";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.label ?? ""} 事業年度評価 | 学び舎` }];

function chosenYear(request: Request): number {
  const requested = Number(new URL(request.url).searchParams.get("fy"));
  const current = fiscalYearOf(new Date());
  return Number.isInteger(requested) && requested >= 2000 && requested <= current + 5 ? requested : current;
}

/** The annual evaluation report (事業年度評価): one page per 基本方針, printable on A4. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "kpi:read");
  const fiscalYear = chosenYear(request);
  const db = await getDb();
  const [views, comments] = await Promise.all([kpiDashboard(db, user.organizationId, fiscalYear), kpiCommentsFor(db, user.organizationId, fiscalYear)]);
  const areas: { policyArea: string; kpis: ((typeof views)[number] & { comment: string })[] }[] = [];
  for (const v of views) {
    let area = areas.find((a) => a.policyArea === v.policyArea);
    if (!area) areas.push((area = { policyArea: v.policyArea, kpis: [] }));
    area.kpis.push({ ...v, comment: comments.get(v.id) ?? "" });
  }
  areas.sort((a, b) => a.policyArea.localeCompare(b.policyArea, "ja"));
  return {
    fiscalYear,
    label: fiscalYearLabel(fiscalYear),
    organizationName: user.organizationName,
    areas,
    canWrite: !!scopeOf(user, "kpi:write"),
    saved: new URL(request.url).searchParams.get("saved") === "1",
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, "kpi:write");
  const form = await readForm(request);
  requireCsrf(request, form);
  const fiscalYear = Number(form.get("fiscalYear"));
  const comment = String(form.get("comment") ?? "").trim();
  if (!Number.isInteger(fiscalYear)) return data({ error: "年度が正しくありません。" }, { status: 400 });
  if (comment.length > 2000) return data({ error: "コメントは2000文字以内にしてください。" }, { status: 400 });
  const ok = await saveKpiComment(await getDb(), actorOf(user, context), { kpiId: String(form.get("kpiId") ?? ""), fiscalYear, comment });
  if (!ok) return data({ error: "KPIが見つかりません。" }, { status: 404 });
  throw redirect(localPath`/admin/kpis/report?fy=${fiscalYear}&saved=1`);
}

export default function AnnualReport() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="report">
      <p className="no-print">
        <Link to={`/admin/kpis?fy=${d.fiscalYear}`}>← KPIの達成状況へ</Link>（印刷すると、基本方針ごとにA4の1ページになります）
      </p>
      {d.saved ? <FormMessage kind="success">コメントを保存しました。</FormMessage> : null}
      {result?.error ? <FormMessage>{result.error}</FormMessage> : null}
      <h1>
        {d.organizationName} DX推進計画 {d.label} 事業年度評価
      </h1>
      {d.areas.map((area) => (
        <section key={area.policyArea} className="report-page" aria-label={area.policyArea}>
          <h2>{area.policyArea}</h2>
          {area.kpis.map((k) => (
            <article key={k.id} className="report-kpi">
              <h3>{k.name}</h3>
              <table className="data-table compact">
                <tbody>
                  <tr>
                    <th scope="row">実績</th>
                    <td>{k.actual === null ? "未入力" : `${k.actual}${k.unit}`}</td>
                    <th scope="row">目標</th>
                    <td>{k.target ? `${k.target.value}${k.unit}${k.target.interpolated ? "（按分）" : ""}` : "—"}</td>
                  </tr>
                  <tr>
                    <th scope="row">達成率</th>
                    <td>{k.achievement === null ? "—" : `${k.achievement}%`}</td>
                    <th scope="row">状況</th>
                    <td>{k.status ?? "—"}</td>
                  </tr>
                  <tr>
                    <th scope="row">基準値</th>
                    <td colSpan={3}>
                      {k.baseline.value}
                      {k.unit}（{k.baseline.fiscalYear}年度）
                    </td>
                  </tr>
                </tbody>
              </table>
              <KpiChart title={k.name} unit={k.unit} history={k.history} />
              <div className="report-comment">
                <p className="label">評価・コメント（DX推進担当）</p>
                {d.canWrite ? (
                  <Form method="post" className="stack">
                    <CsrfInput />
                    <input type="hidden" name="kpiId" value={k.id} />
                    <input type="hidden" name="fiscalYear" value={d.fiscalYear} />
                    <label className="visually-hidden" htmlFor={`comment-${k.code}`}>
                      {k.name}の評価・コメント
                    </label>
                    <textarea id={`comment-${k.code}`} name="comment" rows={3} defaultValue={k.comment} className="print-as-text" />
                    <button type="submit" className="button secondary small no-print">
                      コメントを保存
                    </button>
                  </Form>
                ) : (
                  <p>{k.comment || "（コメントなし）"}</p>
                )}
              </div>
            </article>
          ))}
        </section>
      ))}
    </div>
  );
}
