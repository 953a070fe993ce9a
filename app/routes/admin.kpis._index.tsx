import { type ActionFunctionArgs, data, Form, Link, type LoaderFunctionArgs, type MetaFunction, redirect, useActionData, useLoaderData } from "react-router";
import { z } from "zod";
import { CsrfInput } from "~/components/csrf";
import { FormMessage, TextField } from "~/components/form";
import { KpiChart } from "~/components/kpi-chart";
import { requireCsrf } from "~/auth/csrf.server";
import { readForm } from "~/http/form.server";
import { clientIp, requirePermission } from "~/auth/guard.server";
import { scopeOf } from "~/auth/permissions";
import { getDb } from "~/db.server";
import { fiscalYearLabel, fiscalYearOf } from "~/kpis/fiscal-year";
import { addKpiEntry, kpiDashboard } from "~/kpis/kpis.server";
import { uuidSchema } from "~/kernel/uuid";
import { localPath } from "~/http/safe-redirect";

export const meta: MetaFunction = () => [{ title: "KPIの達成状況 | 学び舎" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "kpi:read");
  const current = fiscalYearOf(new Date());
  const requested = Number(new URL(request.url).searchParams.get("fy"));
  const fiscalYear = Number.isInteger(requested) && requested >= 2000 && requested <= current + 5 ? requested : current;
  const views = await kpiDashboard(await getDb(), user.organizationId, fiscalYear);
  const first = Math.min(current, ...views.map((v) => v.baseline.fiscalYear + 1));
  return {
    fiscalYear,
    label: fiscalYearLabel(fiscalYear),
    years: Array.from({ length: current + 1 - first + 1 }, (_, i) => ({ value: first + i, label: fiscalYearLabel(first + i) })),
    canWrite: !!scopeOf(user, "kpi:write"),
    kpis: views,
    done: new URL(request.url).searchParams.get("done") === "1",
    saved: new URL(request.url).searchParams.get("saved") === "1",
  };
}

const entrySchema = z.object({
  kpiId: uuidSchema("KPIを選び直してください。"),
  enteredOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "日付を入力してください。"),
  value: z.coerce.number({ message: "値は数字で入力してください。" }).finite("値は数字で入力してください。"),
  note: z.string().trim().max(500),
});

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, "kpi:write");
  const form = await readForm(request);
  requireCsrf(request, form);
  const parsed = entrySchema.safeParse({ kpiId: form.get("kpiId"), enteredOn: form.get("enteredOn"), value: form.get("value"), note: String(form.get("note") ?? "") });
  if (!parsed.success) return data({ error: parsed.error.issues[0]?.message ?? "入力を確かめてください。", kpiId: String(form.get("kpiId") ?? "") }, { status: 400 });
  const ok = await addKpiEntry(await getDb(), { organizationId: user.organizationId, actorUserId: user.userId, ip: clientIp(context) }, { ...parsed.data, note: parsed.data.note || null });
  if (!ok) return data({ error: "このKPIには手入力できません。", kpiId: parsed.data.kpiId }, { status: 400 });
  throw redirect(localPath`/admin/kpis?fy=${fiscalYearOf(new Date(`${parsed.data.enteredOn}T12:00:00+09:00`))}&done=1`);
}

const STATUS_CLASS = { 達成: "status-done", 順調: "status-ok", 要注意: "status-warn" } as const;

export default function KpiDashboard() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <>
      <h1>KPIの達成状況</h1>
      <Form method="get" className="filters">
        <div className="field">
          <label htmlFor="fy">年度</label>
          <select id="fy" name="fy" defaultValue={d.fiscalYear}>
            {d.years.map((y) => (
              <option key={y.value} value={y.value}>
                {y.label}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button">
          表示
        </button>
      </Form>
      <p>
        {d.label}の実績です。実績は教室と研修の記録から計算しています（手入力の項目を除く）。状況は、年度の経過に応じた目標（按分）と比べています。
      </p>
      <p>
        <a className="button secondary" href={`/admin/kpis/csv?fy=${d.fiscalYear}`} download>
          CSVでダウンロード（Excel用）
        </a>{" "}
        <Link className="button secondary" to={`/admin/kpis/report?fy=${d.fiscalYear}`}>
          事業年度評価（印刷用）
        </Link>{" "}
        <Link className="button secondary" to={`/admin/kpis/departments?fy=${d.fiscalYear}`}>
          課別の研修参加
        </Link>
      </p>
      {d.done ? <FormMessage kind="success">値を記録しました。</FormMessage> : null}
      {d.saved ? <FormMessage kind="success">KPIの設定を保存しました。</FormMessage> : null}
      {result?.error ? <FormMessage>{result.error}</FormMessage> : null}
      <ul className="kpi-list">
        {d.kpis.map((k) => (
          <li key={k.id} className="kpi-card" id={`kpi-${k.id}`}>
            <p className="meta">{k.policyArea}</p>
            <h2>
              <Link to={`/admin/kpis/${k.id}?fy=${d.fiscalYear}`}>{k.name}</Link>
            </h2>
            <div className="kpi-figures">
              <p className={`kpi-status ${k.status ? STATUS_CLASS[k.status] : ""}`}>{k.status ?? "—"}</p>
              <dl className="details">
                <dt>実績</dt>
                <dd>{k.actual === null ? "未入力" : `${k.actual}${k.unit}`}</dd>
                <dt>目標</dt>
                <dd>{k.target ? `${k.target.value}${k.unit}${k.target.interpolated ? "（計画から按分）" : ""}` : "—"}</dd>
                <dt>達成率</dt>
                <dd>{k.achievement === null ? "—" : `${k.achievement}%`}</dd>
                <dt>基準値</dt>
                <dd>
                  {k.baseline.value}
                  {k.unit}（{k.baseline.fiscalYear}年度）
                </dd>
              </dl>
            </div>
            <KpiChart title={k.name} unit={k.unit} history={k.history} />
            <table className="data-table compact">
              <caption className="visually-hidden">{k.name}の年度別の実績と目標</caption>
              <thead>
                <tr>
                  <th scope="col">年度</th>
                  <th scope="col">実績</th>
                  <th scope="col">目標</th>
                </tr>
              </thead>
              <tbody>
                {k.history.map((h) => (
                  <tr key={h.fiscalYear}>
                    <td>{h.fiscalYear}</td>
                    <td>{h.actual ?? "—"}</td>
                    <td>
                      {h.target ?? "—"}
                      {h.interpolated ? "＊" : ""}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {d.canWrite ? (
              <p>
                <Link to={`/admin/kpis/${k.id}/edit`}>
                  設定を変更する
                </Link>
              </p>
            ) : null}
            {k.manual && d.canWrite ? (
              <details className="help">
                <summary>値を入力する</summary>
                <Form method="post" className="stack narrow-form">
                  <CsrfInput />
                  <input type="hidden" name="kpiId" value={k.id} />
                  <TextField id={`date-${k.code}`} name="enteredOn" label="日付" type="date" required />
                  <TextField id={`value-${k.code}`} name="value" label={`値（${k.unit}）`} inputMode="decimal" required hint="年間の回数は1件ずつ、累計や率はその時点の値を入力します。" />
                  <TextField id={`note-${k.code}`} name="note" label="メモ" />
                  <button type="submit" className="button">
                    記録する
                  </button>
                </Form>
              </details>
            ) : null}
          </li>
        ))}
      </ul>
      <p className="hint">＊は、計画の目標値から年度ごとに按分した目標です。</p>
      {d.canWrite ? (
        <p>
          <Link className="button secondary" to="/admin/kpis/new">
            KPIを追加する
          </Link>
        </p>
      ) : null}
    </>
  );
}
