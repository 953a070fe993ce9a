import { Form, Link } from "react-router";
import { EMPLOYMENT_TYPES, type EmploymentType } from "~/staff/constants";
import type { ExistingStaff, RosterChange, RosterProblem, RosterRow } from "~/staff/roster";
import { CsrfInput } from "./csrf";
import { FormMessage } from "./form";
import { StatGrid } from "./stats";

/** A roster import's plan as the preview shows it: the counts, and at most a page of rows of each kind. */
export interface RosterPlanPreview {
  counts: { add: number; update: number; deactivate: number; unchanged: number; invalid: number };
  add: RosterRow[];
  update: { row: RosterRow; changes: RosterChange[] }[];
  deactivate: ExistingStaff[];
  invalid: RosterProblem[];
  newDepartments: string[];
}

export interface RosterImportPreviewProps {
  fileName: string;
  /** The file's encoding in words (Shift_JIS, UTF-8). */
  encoding: string;
  status: string;
  /** What a committed import changed. */
  summary: { added: number; updated: number; deactivated: number; unchanged: number; invalid: number; departmentsCreated: string[] } | null;
  /** The plan while the import is previewed (null once committed or discarded). */
  plan: RosterPlanPreview | null;
  /** The action's error message. */
  error?: string;
}

const FIELD_LABELS: Record<string, string> = {
  name: "氏名",
  nameKana: "ふりがな",
  email: "メール",
  departmentName: "所属",
  rankName: "職位",
  employmentType: "雇用形態",
  active: "状態",
};
const show = (field: string, v: string | boolean | null) =>
  v === null
    ? "（なし）"
    : field === "active"
      ? v
        ? "在職中"
        : "無効"
      : field === "employmentType"
        ? (EMPLOYMENT_TYPES[v as EmploymentType] ?? String(v))
        : String(v);

/** HR's check of a roster import before it is applied: what will be added, updated and deactivated, and the bad rows. */
export function RosterImportPreview({ fileName, encoding, status, summary, plan, error }: RosterImportPreviewProps) {
  return (
    <>
      <p>
        <Link to="/admin/import">← 名簿の取り込みへ</Link>
      </p>
      <h1>取り込み内容の確認</h1>
      <p>
        ファイル: {fileName}（文字コード: {encoding}）
      </p>
      {error ? <FormMessage>{error}</FormMessage> : null}
      {status === "committed" && summary ? (
        <FormMessage kind="success">
          反映しました。追加 {summary.added}人、更新 {summary.updated}人、無効化 {summary.deactivated}人、変更なし {summary.unchanged}人、取り込まなかった行{" "}
          {summary.invalid}件。
          {summary.departmentsCreated.length ? `新しく作った課: ${summary.departmentsCreated.join("、")}` : ""}
        </FormMessage>
      ) : null}
      {status === "discarded" ? <FormMessage>この取り込みは取り消されました。</FormMessage> : null}
      {plan ? <PlanPreview plan={plan} /> : null}
    </>
  );
}

function PlanPreview({ plan }: { plan: RosterPlanPreview }) {
  return (
    <>
      <StatGrid
        items={[
          { label: "追加", value: `${plan.counts.add}人` },
          { label: "更新", value: `${plan.counts.update}人` },
          { label: "無効化", value: `${plan.counts.deactivate}人` },
          { label: "変更なし", value: `${plan.counts.unchanged}人` },
          { label: "誤りのある行", value: `${plan.counts.invalid}件`, warn: plan.counts.invalid > 0 },
        ]}
      />
      {plan.counts.invalid ? (
        <section aria-labelledby="invalid">
          <h2 id="invalid">誤りのある行（取り込みません）</h2>
          <p>ファイルを直して読み込み直すか、この行を除いて反映できます。</p>
          <ul className="problem-list">
            {plan.invalid.map((p, i) => (
              <li key={i}>
                <strong>{p.line}行目</strong>: {p.message}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {plan.newDepartments.length ? (
        <section aria-labelledby="newdepts">
          <h2 id="newdepts">新しく作る課</h2>
          <p>{plan.newDepartments.join("、")}</p>
        </section>
      ) : null}
      {plan.counts.add ? <AddSection plan={plan} /> : null}
      {plan.counts.update ? <UpdateSection plan={plan} /> : null}
      {plan.counts.deactivate ? (
        <section aria-labelledby="deactivate">
          <h2 id="deactivate">無効にする職員（{plan.counts.deactivate}人）</h2>
          <ul className="plain-list">
            {plan.deactivate.map((s) => (
              <li key={s.staffNumber}>
                {s.staffNumber} {s.name}（{s.departmentName ?? "所属なし"}）
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <div className="actions sticky-actions">
        <Form method="post">
          <CsrfInput />
          <input type="hidden" name="intent" value="commit" />
          <button
            type="submit"
            className="button primary large"
            disabled={plan.counts.add + plan.counts.update + plan.counts.deactivate === 0 && plan.newDepartments.length === 0}
          >
            この内容で反映する
          </button>
        </Form>
        <Form method="post">
          <CsrfInput />
          <input type="hidden" name="intent" value="discard" />
          <button type="submit" className="button secondary">
            取り消す
          </button>
        </Form>
      </div>
    </>
  );
}

function AddSection({ plan }: { plan: RosterPlanPreview }) {
  return (
    <section aria-labelledby="add">
      <h2 id="add">追加する職員（{plan.counts.add}人）</h2>
      <div className="table-wrap">
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">行</th>
              <th scope="col">職員番号</th>
              <th scope="col">氏名</th>
              <th scope="col">所属</th>
              <th scope="col">職位</th>
              <th scope="col">雇用形態</th>
            </tr>
          </thead>
          <tbody>
            {plan.add.map((r) => (
              <tr key={r.staffNumber}>
                <td>{r.line}</td>
                <td>{r.staffNumber}</td>
                <td>{r.name}</td>
                <td>{r.departmentName}</td>
                <td>{r.rankName}</td>
                <td>{EMPLOYMENT_TYPES[r.employmentType]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {plan.counts.add > plan.add.length ? <p className="hint">ほか {plan.counts.add - plan.add.length}人</p> : null}
    </section>
  );
}

function UpdateSection({ plan }: { plan: RosterPlanPreview }) {
  return (
    <section aria-labelledby="update">
      <h2 id="update">更新する職員（{plan.counts.update}人）</h2>
      <ul className="change-list">
        {plan.update.map(({ row, changes }) => (
          <li key={row.staffNumber}>
            <strong>
              {row.staffNumber} {row.name}
            </strong>
            <ul>
              {changes.map((c) => (
                <li key={c.field}>
                  {FIELD_LABELS[c.field] ?? c.field}: {show(c.field, c.before)} → {show(c.field, c.after)}
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </section>
  );
}
