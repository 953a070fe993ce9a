import { Form, Link } from "react-router";
import { CsrfInput } from "./csrf";
import { FormMessage, TextField } from "./form";
import { StateBadge } from "./program-parts";
import { StatGrid } from "./stats";

/** One enrollment as listed on the HR page of a programme. */
export interface ProgramAdminRow {
  id: string;
  rank: number | null;
  staffNumber: string;
  name: string;
  department: string;
  jobRank: string;
  origin: string;
  since: string;
  percent: number | null;
  passed: boolean | null;
  statusLabel: string;
  progress: string;
  complete: boolean;
  note: string | null;
}

export interface ProgramAdminProps {
  program: { slug: string; title: string };
  eligibility: string;
  passMark: number;
  candidates: ProgramAdminRow[];
  inTraining: ProgramAdminRow[];
  closed: ProgramAdminRow[];
  stats: { candidates: number; inTraining: number; valid: number; nearExpiry: number; covered: string };
  /** The `done` key after a redirect. */
  done: string | null;
  /** The action's error message. */
  error?: string;
}

function PersonCell({ r, slug }: { r: ProgramAdminRow; slug: string }) {
  return (
    <th scope="row">
      <Link to={`/admin/programs/${slug}/enrollments/${r.id}`}>{r.name}</Link>
      <span className="meta"> {r.staffNumber}</span>
    </th>
  );
}

function CandidatesSection({ candidates, passMark, slug }: { candidates: ProgramAdminRow[]; passMark: number; slug: string }) {
  return (
    <section aria-labelledby="candidates">
      <h2 id="candidates">選考中の候補者（選考試験の結果順）</h2>
      <p>合格の目安は{passMark}点です。名前を選ぶと、選定・不選定を所見とあわせて記録できます。</p>
      {candidates.length === 0 ? (
        <p>選考中の候補者はいません。</p>
      ) : (
        <div className="table-wrap" role="region" aria-label="選考中の候補者" tabIndex={0}>
          <table className="data-table program-table">
            <thead>
              <tr>
                <th scope="col">順位</th>
                <th scope="col">氏名</th>
                <th scope="col">課</th>
                <th scope="col">職位</th>
                <th scope="col">経緯</th>
                <th scope="col">選考試験</th>
              </tr>
            </thead>
            <tbody>
              {candidates.map((r) => (
                <tr key={r.id}>
                  <td>{r.rank ?? "—"}</td>
                  <PersonCell r={r} slug={slug} />
                  <td>{r.department}</td>
                  <td>{r.jobRank}</td>
                  <td>
                    {r.origin}（{r.since}）
                  </td>
                  <td>
                    {r.percent === null ? (
                      "未受験"
                    ) : (
                      <StateBadge state={r.passed ? "valid" : "expired"}>{`${r.percent}点・${r.passed ? "合格" : "不合格"}`}</StateBadge>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function TrainingSection({ inTraining, slug }: { inTraining: ProgramAdminRow[]; slug: string }) {
  return (
    <section aria-labelledby="training">
      <h2 id="training">育成中（選定済み）</h2>
      {inTraining.length === 0 ? (
        <p>育成中の方はいません。</p>
      ) : (
        <div className="table-wrap" role="region" aria-label="育成中の方" tabIndex={0}>
          <table className="data-table program-table">
            <thead>
              <tr>
                <th scope="col">氏名</th>
                <th scope="col">課</th>
                <th scope="col">要件</th>
                <th scope="col">認定</th>
              </tr>
            </thead>
            <tbody>
              {inTraining.map((r) => (
                <tr key={r.id}>
                  <PersonCell r={r} slug={slug} />
                  <td>{r.department}</td>
                  <td>{r.progress}</td>
                  <td>{r.complete ? <StateBadge state="valid">認定できます</StateBadge> : "要件を満たしていません"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function NominateSection({ eligibility }: { eligibility: string }) {
  return (
    <section aria-labelledby="nominate">
      <h2 id="nominate">職員を推薦する</h2>
      <p>対象は{eligibility}です。対象外の場合は理由を表示します。</p>
      <Form method="post" className="stack narrow-form">
        <CsrfInput />
        <TextField id="staffNumber" name="staffNumber" label="職員番号" required autoComplete="off" />
        <TextField id="note" name="note" label="推薦の理由（任意）" maxLength={500} />
        <button type="submit" className="button">
          推薦する
        </button>
      </Form>
    </section>
  );
}

function ClosedList({ closed, slug }: { closed: ProgramAdminRow[]; slug: string }) {
  if (!closed.length) return null;
  return (
    <details className="help">
      <summary>選定されなかった方・辞退した方（{closed.length}人）</summary>
      <ul className="plain-list">
        {closed.map((r) => (
          <li key={r.id}>
            <Link to={`/admin/programs/${slug}/enrollments/${r.id}`}>{r.name}</Link>（{r.department}）: {r.statusLabel}
            {r.note ? `・所見: ${r.note}` : ""}
          </li>
        ))}
      </ul>
    </details>
  );
}

/** HR: candidates ranked by the selection exam, people in training with their progress, nomination. */
export function ProgramAdmin(d: ProgramAdminProps) {
  return (
    <>
      <h1>{d.program.title}の選考と育成</h1>
      <nav aria-label="認定制度の管理" className="program-subnav">
        <Link to={`/admin/programs/${d.program.slug}/promoters`}>推進員と有効期限</Link>
        <Link to={`/admin/programs/${d.program.slug}/coverage`}>課ごとの配置</Link>
        <Link to={`/admin/programs/${d.program.slug}/activities`}>活動記録</Link>
      </nav>
      {d.done === "nominated" ? <FormMessage kind="success">推薦しました。候補者に選考試験の受験を案内してください。</FormMessage> : null}
      {d.error ? <FormMessage>{d.error}</FormMessage> : null}
      <StatGrid
        items={[
          { label: "選考中", value: `${d.stats.candidates}人` },
          { label: "育成中（選定済み）", value: `${d.stats.inTraining}人` },
          { label: "認定者（有効）", value: `${d.stats.valid}人` },
          { label: "期限が近い認定", value: `${d.stats.nearExpiry}人`, warn: d.stats.nearExpiry > 0 },
          { label: "推進員のいる課", value: d.stats.covered },
        ]}
      />

      <CandidatesSection candidates={d.candidates} passMark={d.passMark} slug={d.program.slug} />

      <TrainingSection inTraining={d.inTraining} slug={d.program.slug} />

      <NominateSection eligibility={d.eligibility} />

      <ClosedList closed={d.closed} slug={d.program.slug} />
    </>
  );
}
