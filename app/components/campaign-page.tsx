import { Form, Link } from "react-router";
import { OUTBOX_STATUS_LABELS, stageLabel, type AssignmentStatus, type OutboxStatus } from "~/campaigns/rules";
import { RateBar, StatusBadge, TrendChart } from "./campaign-parts";
import { CsrfInput } from "./csrf";
import { FormMessage, TextField } from "./form";
import { StatGrid } from "./stats";

/** Completion counts of one group of the audience (a 課, a 職位, an 雇用形態). */
export interface BreakdownRow {
  key: string | null;
  label: string;
  total: number;
  completed: number;
  overdue: number;
}

export interface CampaignSummary {
  id: string;
  title: string;
  fiscalYear: string;
  startsOn: string;
  dueOn: string;
  /** The due date as "YYYY-MM-DD", for the trend chart. */
  dueOnIso: string;
  archived: boolean;
  countEarlierCompletions: boolean;
  courses: { title: string }[];
  /** The audience rules in words (empty: all staff). */
  audience: string[];
  /** The reminder rules in words (empty: none). */
  reminders: string[];
  /** The key of the reminder stage due today, if any. */
  lastStage: string | null;
}

export interface CampaignPageProps {
  campaign: CampaignSummary;
  compliance: { total: number; completed: number; rate: number | null; pending: number; overdue: number; late: number };
  byDepartment: BreakdownRow[];
  byRank: BreakdownRow[];
  byType: BreakdownRow[];
  trend: { date: string; completed: number; total: number }[];
  open: { userId: string; name: string; staffNumber: string; department: string | null; jobRank: string | null; status: AssignmentStatus }[];
  overrides: { userId: string; name: string; staffNumber: string; kind: "include" | "exempt"; reason: string }[];
  outbox: { id: string; name: string | null; subject: string; status: OutboxStatus; createdAt: string }[];
  notice: string | null;
  /** The action's error message. */
  error?: string;
}

/** A mandatory-training campaign for its managers: settings, completion figures, overrides, reminders, the year switch. */
export function CampaignPage(d: CampaignPageProps) {
  const c = d.campaign;
  const last = d.trend.at(-1);
  return (
    <>
      <p>
        <Link to="/admin/campaigns">← 必修研修の一覧へ戻る</Link>
      </p>
      <h1>{c.title}</h1>
      {d.notice ? <FormMessage kind="success">{d.notice}</FormMessage> : null}
      {d.error ? <FormMessage>{d.error}</FormMessage> : null}
      {c.archived ? <p className="hint">この必修研修は終了済みです。督促メールは送られません。</p> : null}
      <CampaignFacts c={c} />

      <h2>修了の状況</h2>
      <StatGrid
        items={[
          { label: "対象者", value: `${d.compliance.total}人` },
          { label: "修了", value: `${d.compliance.completed}人` },
          { label: "修了率", value: d.compliance.rate === null ? "—" : `${d.compliance.rate}%` },
          { label: "未修了（期限前）", value: `${d.compliance.pending}人` },
          { label: "期限超過", value: `${d.compliance.overdue}人`, warn: d.compliance.overdue > 0 },
          { label: "期限後に修了", value: `${d.compliance.late}人` },
        ]}
      />
      <TrendChart
        points={d.trend}
        dueOn={c.dueOnIso}
        caption={last ? `${last.date}時点で${last.total}人中${last.completed}人が修了しています（縦線は受講期限）。` : "まだ期間が始まっていません。"}
      />

      <h2>課ごと</h2>
      <BreakdownTable caption="課ごとの修了率" rows={d.byDepartment} />
      <h2>職位・雇用形態ごと</h2>
      <BreakdownTable caption="職位ごとの修了率" rows={d.byRank} />
      <BreakdownTable caption="雇用形態ごとの修了率" rows={d.byType} />

      <h2 id="open">まだ修了していない職員</h2>
      <OpenTable open={d.open} />

      <h2 id="overrides">個別の追加と免除</h2>
      <Overrides overrides={d.overrides} />

      <h2>督促メール</h2>
      <Reminders lastStage={c.lastStage} outbox={d.outbox} />

      <h2>年度の切り替え</h2>
      <div className="button-row no-print">
        <Form method="post">
          <CsrfInput />
          <input type="hidden" name="intent" value="copy" />
          <button type="submit" className="button">
            翌年度にコピーする
          </button>
        </Form>
        <Form method="post">
          <CsrfInput />
          <input type="hidden" name="intent" value={c.archived ? "restore" : "archive"} />
          <button type="submit" className="button secondary">
            {c.archived ? "再開する" : "終了にする（督促を止める）"}
          </button>
        </Form>
      </div>
    </>
  );
}

function CampaignFacts({ c }: { c: CampaignSummary }) {
  return (
    <>
      <dl className="facts">
        <div>
          <dt>年度</dt>
          <dd>{c.fiscalYear}</dd>
        </div>
        <div>
          <dt>期間</dt>
          <dd>
            {c.startsOn} 〜 {c.dueOn}
          </dd>
        </div>
        <div>
          <dt>講座</dt>
          <dd>{c.courses.map((x) => x.title).join("、")}</dd>
        </div>
        <div>
          <dt>対象者</dt>
          <dd>{c.audience.length ? c.audience.join("／") : "全職員"}</dd>
        </div>
        <div>
          <dt>督促</dt>
          <dd>{c.reminders.length ? c.reminders.join("、") : "送らない"}</dd>
        </div>
        <div>
          <dt>開始日より前の修了</dt>
          <dd>{c.countEarlierCompletions ? "同じ年度内なら認める" : "認めない（開始日以降の修了のみ）"}</dd>
        </div>
      </dl>
      <p className="no-print">
        <Link className="button secondary" to={`/admin/campaigns/${c.id}/edit`}>
          設定を変更する
        </Link>{" "}
        <a className="button secondary" href={`/admin/campaigns/${c.id}/csv`} download>
          全員の状況をCSVで（Excel用）
        </a>{" "}
        <Link className="button secondary" to={`/admin/campaigns/${c.id}/record`}>
          監査用の受講記録（印刷）
        </Link>
      </p>
    </>
  );
}

function BreakdownTable({ caption, rows }: { caption: string; rows: BreakdownRow[] }) {
  return (
    <div className="table-wrap">
      <table className="data-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">区分</th>
            <th scope="col">対象</th>
            <th scope="col">修了</th>
            <th scope="col">期限超過</th>
            <th scope="col">修了率</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key ?? "none"}>
              <th scope="row">{r.label}</th>
              <td>{r.total}人</td>
              <td>{r.completed}人</td>
              <td>{r.overdue}人</td>
              <td>
                <RateBar completed={r.completed} total={r.total} label={`${r.label}の修了率`} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function OpenTable({ open }: { open: CampaignPageProps["open"] }) {
  return open.length === 0 ? (
    <p>対象者の全員が修了しています。</p>
  ) : (
    <div className="table-wrap">
      <table className="data-table">
        <caption>期限超過の人を先に表示しています（最大200人。全員分はCSVで確かめられます）。</caption>
        <thead>
          <tr>
            <th scope="col">氏名</th>
            <th scope="col">職員番号</th>
            <th scope="col">課</th>
            <th scope="col">職位</th>
            <th scope="col">状況</th>
          </tr>
        </thead>
        <tbody>
          {open.map((p) => (
            <tr key={p.userId}>
              <td>
                <Link to={`/admin/staff/${p.userId}`}>{p.name}</Link>
              </td>
              <td>{p.staffNumber}</td>
              <td>{p.department ?? "—"}</td>
              <td>{p.jobRank ?? "—"}</td>
              <td>
                <StatusBadge status={p.status} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Overrides({ overrides }: { overrides: CampaignPageProps["overrides"] }) {
  return (
    <>
      <p>規則に当てはまらない人を対象に加えたり、育児休業などで受講を免除したりできます。免除は翌年度へのコピーでは引き継がれません。</p>
      {overrides.length ? (
        <ul className="override-list">
          {overrides.map((o) => (
            <li key={o.userId}>
              <strong>{o.kind === "exempt" ? "免除" : "追加"}</strong>：{o.name}（{o.staffNumber}）— {o.reason}
              <Form method="post" className="inline-form">
                <CsrfInput />
                <input type="hidden" name="intent" value="remove-override" />
                <input type="hidden" name="userId" value={o.userId} />
                <button type="submit" className="button secondary small">
                  取り消す
                </button>
              </Form>
            </li>
          ))}
        </ul>
      ) : (
        <p>個別の追加・免除はありません。</p>
      )}
      <Form method="post" className="stack narrow-form">
        <CsrfInput />
        <input type="hidden" name="intent" value="override" />
        <TextField id="staffNumber" name="staffNumber" label="職員番号" required />
        <fieldset className="checkbox-group">
          <legend>種類</legend>
          <label className="checkbox">
            <input type="radio" name="kind" value="exempt" defaultChecked /> 受講を免除する
          </label>
          <label className="checkbox">
            <input type="radio" name="kind" value="include" /> 対象に加える
          </label>
        </fieldset>
        <TextField id="reason" name="reason" label="理由" hint="例: 育児休業のため、兼務のため" required />
        <p>
          <button type="submit" className="button">
            登録する
          </button>
        </p>
      </Form>
    </>
  );
}

function Reminders({ lastStage, outbox }: { lastStage: string | null; outbox: CampaignPageProps["outbox"] }) {
  return (
    <>
      <p>
        {lastStage ? `今日の時点で送る督促：${stageLabel(lastStage)}（まだ修了していない人だけに送ります）。` : "今日の時点で送る督促はありません。"}
        督促メールは、サーバーの定期処理が数分おきに作成・送信します。同じ人に同じ督促が二度送られることはありません。
      </p>
      {outbox.length ? (
        <ul>
          {outbox.map((m) => (
            <li key={m.id}>
              {m.createdAt} {m.name ?? ""}：{m.subject}（{OUTBOX_STATUS_LABELS[m.status]}）
            </li>
          ))}
        </ul>
      ) : null}
      <p>
        <Link to="/admin/outbox">送信メールの記録をすべて見る</Link>
      </p>
    </>
  );
}
