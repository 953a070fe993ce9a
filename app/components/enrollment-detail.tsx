import { Form, Link } from "react-router";
import { CsrfInput } from "./csrf";
import { FormMessage, SelectField, TextField } from "./form";
import { FactList, RequirementList, StateBadge, type CertificateView, type ReportView, type RequirementView } from "./program-parts";

export interface EnrollmentDetailProps {
  program: { slug: string; title: string; passMark: number };
  person: { name: string; facts: [string, string][] };
  eligibilityReasons: string[];
  enrollment: { statusLabel: string; origin: string; since: string; note: string | null; decidedAt: string | null; decidedBy: string | null };
  exam: { percent: number; passed: boolean } | null;
  canDecide: boolean;
  requirements: RequirementView[];
  complete: boolean;
  canCertify: boolean;
  reports: ReportView[];
  certificates: CertificateView[];
  renewal: { open: boolean; reason: string | null; complete: boolean; items: RequirementView[]; certificateId: string } | null;
  placement: { departmentId: string; department: string | null; since: string } | null;
  canPlace: boolean;
  departments: { id: string; name: string }[];
  activities: { id: string; title: string; doneOn: string; department: string | null; hours: number | null; confirmed: boolean }[];
  /** The `done` key after a redirect (see DONE). */
  done: string | null;
  /** The action's error message. */
  error?: string;
}

const DONE: Record<string, string> = {
  selected: "選定を記録しました。",
  not_selected: "不選定を記録しました。",
  approved: "レポートを承認しました。",
  returned: "レポートを差し戻しました。",
  certified: "認定しました。認定証の確認コードを本人に伝えてください。",
  revoked: "認定を取り消しました。",
  renewed: "認定を更新しました。新しい確認コードを本人に伝えてください。",
  placed: "配置を変更しました。",
};

/** One candidate or promoter for HR: records, requirements with evidence, and every decision. */
export function EnrollmentDetail(d: EnrollmentDetailProps) {
  return (
    <>
      <p>
        <Link to={`/admin/programs/${d.program.slug}`}>← {d.program.title}の選考と育成へ</Link>
      </p>
      <h1>{d.person.name}</h1>
      <p>
        <strong>{d.enrollment.statusLabel}</strong>（{d.enrollment.origin}・{d.enrollment.since}）
      </p>
      {d.done && DONE[d.done] ? <FormMessage kind="success">{DONE[d.done]}</FormMessage> : null}
      {d.error ? <FormMessage>{d.error}</FormMessage> : null}
      <FactList items={d.person.facts} />
      {d.eligibilityReasons.length ? (
        <div className="notice" role="note">
          <p>現在の登録内容では対象外です。</p>
          <ul>
            {d.eligibilityReasons.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {d.enrollment.note ? (
        <p>
          所見: {d.enrollment.note}
          {d.enrollment.decidedAt ? `（${d.enrollment.decidedBy ?? ""} ${d.enrollment.decidedAt}）` : ""}
        </p>
      ) : null}

      {d.canDecide ? <DecideSection exam={d.exam} passMark={d.program.passMark} /> : null}

      <section aria-labelledby="requirements">
        <h2 id="requirements">認定の要件</h2>
        <RequirementList items={d.requirements} />
        {d.canCertify ? (
          d.complete ? (
            <Form method="post" className="program-card">
              <CsrfInput />
              <input type="hidden" name="intent" value="certify" />
              <p>すべての要件を満たしています。認定すると、確認コード付きの認定証を発行し、本人の課に配置します。</p>
              <button type="submit" className="button primary">
                認定する
              </button>
            </Form>
          ) : (
            <p className="notice">「未」の要件が残っているため、まだ認定できません。</p>
          )
        ) : null}
      </section>

      {d.reports.length ? <ReportsSection reports={d.reports} /> : null}

      {d.certificates.length ? <CertificatesSection certificates={d.certificates} /> : null}

      {d.renewal ? <RenewalSection renewal={d.renewal} /> : null}

      {d.canPlace || d.placement ? <PlacementSection placement={d.placement} canPlace={d.canPlace} departments={d.departments} /> : null}

      {d.activities.length ? <ActivitiesSection activities={d.activities} /> : null}
    </>
  );
}

function DecideSection({ exam, passMark }: { exam: EnrollmentDetailProps["exam"]; passMark: number }) {
  return (
    <section aria-labelledby="decide" className="program-card">
      <h2 id="decide">選考結果を記録する</h2>
      <p>
        {exam
          ? `選考試験は${exam.percent}点（合格の目安 ${passMark}点・${exam.passed ? "合格" : "不合格"}）です。`
          : "選考試験はまだ受けていません。受験後に選定できます。"}
      </p>
      <Form method="post" className="stack narrow-form">
        <CsrfInput />
        <input type="hidden" name="intent" value="decide" />
        <fieldset className="radio-row">
          <legend>結果</legend>
          <label className="checkbox">
            <input type="radio" name="decision" value="selected" required /> 選定する
          </label>
          <label className="checkbox">
            <input type="radio" name="decision" value="not_selected" /> 選定しない
          </label>
        </fieldset>
        <TextField
          id="note"
          name="note"
          label="所見"
          maxLength={500}
          hint="合格の目安に届かない方を選定する場合は必須です。本人にも表示されます（不選定のとき）。"
        />
        <button type="submit" className="button">
          記録する
        </button>
      </Form>
    </section>
  );
}

function ReportsSection({ reports }: { reports: ReportView[] }) {
  return (
    <section aria-labelledby="reports">
      <h2 id="reports">業務改善レポート</h2>
      <ul className="report-list">
        {reports.map((r) => (
          <li key={r.id} className="program-card">
            <h3>{r.title}</h3>
            <p>
              <StateBadge state={r.status === "approved" ? "valid" : r.status === "returned" ? "revoked" : "not_yet_valid"}>{r.statusLabel}</StateBadge>{" "}
              {r.submittedOn} 提出
              {r.reviewedOn ? `・${r.reviewedOn}に${r.reviewerName ?? "人事課"}さんが確認` : ""}
            </p>
            <p className="pre-wrap">{r.body}</p>
            {r.reviewComment ? <p className="pre-wrap">コメント: {r.reviewComment}</p> : null}
            {r.status === "submitted" ? (
              <Form method="post" className="stack">
                <CsrfInput />
                <input type="hidden" name="intent" value="review" />
                <input type="hidden" name="reportId" value={r.id} />
                <div className="field">
                  <label htmlFor={`comment-${r.id}`}>コメント（差し戻すときは必須）</label>
                  <textarea id={`comment-${r.id}`} name="comment" rows={3} maxLength={2000} />
                </div>
                <div className="actions">
                  <button type="submit" name="decision" value="approved" className="button">
                    承認する
                  </button>
                  <button type="submit" name="decision" value="returned" className="button secondary">
                    差し戻す
                  </button>
                </div>
              </Form>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

function CertificatesSection({ certificates }: { certificates: CertificateView[] }) {
  return (
    <section aria-labelledby="certificates">
      <h2 id="certificates">認定証</h2>
      <ul className="report-list">
        {certificates.map((c) => (
          <li key={c.id} className="program-card">
            <p>
              <StateBadge state={c.state}>{c.stateLabel}</StateBadge>
              {c.isRenewal ? "（更新）" : ""}
            </p>
            <FactList
              items={[
                ["確認コード", <Link to={`/verify/${c.rawCode}`}>{c.code}</Link>],
                ["認定日", c.issuedOn],
                ["有効期間", `${c.validFrom}から${c.validUntil}まで`],
                ...(c.revokedOn ? ([["取消", `${c.revokedOn}（理由: ${c.revokeReason ?? ""}）`]] as [string, string][]) : []),
              ]}
            />
            {!c.revoked ? (
              <details className="help">
                <summary>この認定を取り消す</summary>
                <Form method="post" className="stack narrow-form">
                  <CsrfInput />
                  <input type="hidden" name="intent" value="revoke" />
                  <input type="hidden" name="certificateId" value={c.id} />
                  <TextField
                    id={`reason-${c.id}`}
                    name="reason"
                    label="取り消しの理由"
                    required
                    maxLength={500}
                    hint="操作の記録に残ります。確認ページには理由は表示されません。"
                  />
                  <button type="submit" className="button secondary">
                    取り消す
                  </button>
                </Form>
              </details>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

function RenewalSection({ renewal }: { renewal: NonNullable<EnrollmentDetailProps["renewal"]> }) {
  return (
    <section aria-labelledby="renewal">
      <h2 id="renewal">更新</h2>
      {renewal.open ? <p>更新の手続きができます。次の要件を満たすと更新できます。</p> : <p>{renewal.reason}</p>}
      {renewal.open ? <RequirementList items={renewal.items} /> : null}
      {renewal.open && renewal.complete ? (
        <Form method="post">
          <CsrfInput />
          <input type="hidden" name="intent" value="renew" />
          <input type="hidden" name="certificateId" value={renewal.certificateId} />
          <button type="submit" className="button primary">
            認定を更新する
          </button>
        </Form>
      ) : null}
    </section>
  );
}

function PlacementSection({ placement, canPlace, departments }: Pick<EnrollmentDetailProps, "placement" | "canPlace" | "departments">) {
  return (
    <section aria-labelledby="placement">
      <h2 id="placement">配置</h2>
      <p>{placement ? `現在の配置: ${placement.department}（${placement.since}から）` : "配置されていません。"}</p>
      {canPlace ? (
        <Form method="post" className="stack narrow-form">
          <CsrfInput />
          <input type="hidden" name="intent" value="placement" />
          <SelectField id="departmentId" label="配置する課" defaultValue={placement?.departmentId ?? ""}>
            <option value="">配置しない</option>
            {departments.map((dep) => (
              <option key={dep.id} value={dep.id}>
                {dep.name}
              </option>
            ))}
          </SelectField>
          <button type="submit" className="button">
            配置を保存する
          </button>
        </Form>
      ) : null}
    </section>
  );
}

function ActivitiesSection({ activities }: { activities: EnrollmentDetailProps["activities"] }) {
  return (
    <section aria-labelledby="activities">
      <h2 id="activities">活動記録</h2>
      <ul className="plain-list">
        {activities.map((a) => (
          <li key={a.id}>
            {a.doneOn} {a.title}（{a.department}
            {a.hours !== null ? `・年間${a.hours}時間` : ""}）{a.confirmed ? "・課長確認済み" : "・確認待ち"}
          </li>
        ))}
      </ul>
    </section>
  );
}
