import { Form, Link } from "react-router";
import type { Status } from "~/kpis/rules";
import { CsrfInput } from "./csrf";
import { FormMessage, TextField } from "./form";
import { KpiChart } from "./kpi-chart";

/** One KPI for a fiscal year, as the dashboard shows it (`KpiView` in ~/kpis/kpis.server). */
export interface KpiCardView {
  id: string;
  code: string;
  name: string;
  policyArea: string;
  unit: string;
  manual: boolean;
  baseline: { value: number; fiscalYear: number };
  actual: number | null;
  target: { value: number; interpolated: boolean } | null;
  achievement: number | null;
  status: Status | null;
  history: { fiscalYear: number; actual: number | null; target: number | null; interpolated: boolean }[];
}

export interface KpiDashboardProps {
  fiscalYear: number;
  /** The fiscal year in words (令和8年度). */
  label: string;
  years: { value: number; label: string }[];
  canWrite: boolean;
  kpis: KpiCardView[];
  done: boolean;
  saved: boolean;
  /** The action's error message. */
  error?: string;
}

const STATUS_CLASS = { 達成: "status-done", 順調: "status-ok", 要注意: "status-warn" } as const;

/** The KPI dashboard: every KPI of the organization for a fiscal year, with its chart and, for manual ones, the entry form. */
export function KpiDashboard({ fiscalYear, label, years, canWrite, kpis, done, saved, error }: KpiDashboardProps) {
  return (
    <>
      <h1>KPIの達成状況</h1>
      <Form method="get" className="filters">
        <div className="field">
          <label htmlFor="fy">年度</label>
          <select id="fy" name="fy" defaultValue={fiscalYear}>
            {years.map((y) => (
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
      <p>{label}の実績です。実績は教室と研修の記録から計算しています（手入力の項目を除く）。状況は、年度の経過に応じた目標（按分）と比べています。</p>
      <p>
        <a className="button secondary" href={`/admin/kpis/csv?fy=${fiscalYear}`} download>
          CSVでダウンロード（Excel用）
        </a>{" "}
        <Link className="button secondary" to={`/admin/kpis/report?fy=${fiscalYear}`}>
          事業年度評価（印刷用）
        </Link>{" "}
        <Link className="button secondary" to={`/admin/kpis/departments?fy=${fiscalYear}`}>
          課別の研修参加
        </Link>
      </p>
      {done ? <FormMessage kind="success">値を記録しました。</FormMessage> : null}
      {saved ? <FormMessage kind="success">KPIの設定を保存しました。</FormMessage> : null}
      {error ? <FormMessage>{error}</FormMessage> : null}
      <ul className="kpi-list">
        {kpis.map((k) => (
          <KpiCard key={k.id} k={k} fiscalYear={fiscalYear} canWrite={canWrite} />
        ))}
      </ul>
      <p className="hint">＊は、計画の目標値から年度ごとに按分した目標です。</p>
      {canWrite ? (
        <p>
          <Link className="button secondary" to="/admin/kpis/new">
            KPIを追加する
          </Link>
        </p>
      ) : null}
    </>
  );
}

function KpiCard({ k, fiscalYear, canWrite }: { k: KpiCardView; fiscalYear: number; canWrite: boolean }) {
  return (
    <li className="kpi-card" id={`kpi-${k.id}`}>
      <p className="meta">{k.policyArea}</p>
      <h2>
        <Link to={`/admin/kpis/${k.id}?fy=${fiscalYear}`}>{k.name}</Link>
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
      {canWrite ? (
        <p>
          <Link to={`/admin/kpis/${k.id}/edit`}>設定を変更する</Link>
        </p>
      ) : null}
      {k.manual && canWrite ? (
        <details className="help">
          <summary>値を入力する</summary>
          <Form method="post" className="stack narrow-form">
            <CsrfInput />
            <input type="hidden" name="kpiId" value={k.id} />
            <TextField id={`date-${k.code}`} name="enteredOn" label="日付" type="date" required />
            <TextField
              id={`value-${k.code}`}
              name="value"
              label={`値（${k.unit}）`}
              inputMode="decimal"
              required
              hint="年間の回数は1件ずつ、累計や率はその時点の値を入力します。"
            />
            <TextField id={`note-${k.code}`} name="note" label="メモ" />
            <button type="submit" className="button">
              記録する
            </button>
          </Form>
        </details>
      ) : null}
    </li>
  );
}
