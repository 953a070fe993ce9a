import { Form, Link } from "react-router";
import { CsrfInput } from "./csrf";
import { FormMessage } from "./form";
import { FactList, RequirementList, StateBadge, type CertificateView, type RequirementView } from "./program-parts";
import { Breadcrumbs } from "./site-chrome";

export interface ProgramPageProps {
  program: { slug: string; title: string; summary: string; descriptionHtml: string };
  /** Who may apply, in words. */
  eligibilityText: string;
  eligible: boolean;
  /** Why the staff member may not apply. */
  reasons: string[];
  /** From application to certification, in words. */
  steps: string[];
  status: string | null;
  statusLabel: string | null;
  /** HR's comment when not selected. */
  decisionNote: string | null;
  examUrl: string;
  exam: { percent: number; on: string; passMark: number } | null;
  canApply: boolean;
  canWithdraw: boolean;
  showRequirements: boolean;
  requirements: RequirementView[];
  complete: boolean;
  certificate: CertificateView | null;
  nearExpiry: boolean;
  renewalRequirements: RequirementView[];
  placement: { department: string | null; since: string } | null;
  /** The `done` key after a redirect (see DONE). */
  done: string | null;
  /** The action's error message. */
  error?: string;
}

const DONE: Record<string, string> = {
  applied: "応募を受け付けました。次は選考試験を受けてください。",
  withdrawn: "辞退しました。",
};

/** A certification programme for a staff member: their certificate, their status, the requirements and the rules. */
export function ProgramPage(d: ProgramPageProps) {
  return (
    <div className="page narrow">
      <Breadcrumbs items={[{ to: "/learning", label: "マイ学習" }, { label: d.program.title }]} />
      <h1>{d.program.title}</h1>
      <p className="lead">{d.program.summary}</p>
      {d.done && DONE[d.done] ? <FormMessage kind="success">{DONE[d.done]}</FormMessage> : null}
      {d.error ? <FormMessage>{d.error}</FormMessage> : null}

      {d.certificate ? <CertificateSection certificate={d.certificate} placement={d.placement} programSlug={d.program.slug} /> : null}

      {d.certificate && d.nearExpiry ? (
        <section aria-labelledby="renewal">
          <h2 id="renewal">認定の更新</h2>
          <p>有効期限（{d.certificate.validUntil}）が近づいています。次の要件を満たすと、人事課が認定を更新します。</p>
          <RequirementList items={d.renewalRequirements} />
        </section>
      ) : null}

      <StatusSection d={d} />

      {d.showRequirements ? (
        <section aria-labelledby="requirements">
          <h2 id="requirements">認定の要件と進み具合</h2>
          <p>
            {d.complete
              ? "すべての要件を満たしました。人事課の認定をお待ちください。"
              : "「未」の要件を進めてください。講座の修了や研修の出席は自動で反映されます。"}
          </p>
          <RequirementList items={d.requirements} />
          {d.status === "selected" ? (
            <p>
              <Link to={`/programs/${d.program.slug}/report`}>業務改善レポートの提出と確認</Link>
            </p>
          ) : null}
        </section>
      ) : null}

      <section aria-labelledby="about">
        <h2 id="about">制度について</h2>
        <div className="prose" dangerouslySetInnerHTML={{ __html: d.program.descriptionHtml }} />
        <h3>対象となる方</h3>
        <p>{d.eligibilityText}</p>
        <h3>選考から認定までの流れ</h3>
        <ol className="program-steps">
          {d.steps.map((s) => (
            <li key={s}>{s}</li>
          ))}
        </ol>
      </section>

      {d.canWithdraw ? (
        <details className="help">
          <summary>辞退する</summary>
          <Form method="post" className="stack">
            <CsrfInput />
            <input type="hidden" name="intent" value="withdraw" />
            <p>辞退すると、選考や育成の対象から外れます。もう一度応募することもできます。</p>
            <button type="submit" className="button secondary">
              辞退する
            </button>
          </Form>
        </details>
      ) : null}
    </div>
  );
}

function CertificateSection({
  certificate,
  placement,
  programSlug,
}: {
  certificate: CertificateView;
  placement: ProgramPageProps["placement"];
  programSlug: string;
}) {
  return (
    <section aria-labelledby="certificate" className="program-card">
      <h2 id="certificate">あなたの認定</h2>
      <p>
        <StateBadge state={certificate.state}>{certificate.stateLabel}</StateBadge>
      </p>
      <FactList
        items={[
          ["確認コード", <span className="code-text">{certificate.code}</span>],
          ["認定日", certificate.issuedOn],
          ["有効期間", `${certificate.validFrom}から${certificate.validUntil}まで`],
          ["配置", placement ? `${placement.department}（${placement.since}から）` : "未配置"],
          ...(certificate.revokedOn ? ([["取消日", certificate.revokedOn]] as [string, string][]) : []),
        ]}
      />
      <p>
        確認コードを伝えると、どなたでも <Link to={`/verify/${certificate.rawCode}`}>認定の確認ページ</Link> で有効かどうかを確かめられます。
      </p>
      {certificate.state === "valid" || certificate.state === "near" ? (
        <p>
          <Link className="button" to={`/programs/${programSlug}/activities`}>
            改善の活動を記録する
          </Link>
        </p>
      ) : null}
    </section>
  );
}

function StatusSection({ d }: { d: ProgramPageProps }) {
  return (
    <section aria-labelledby="status">
      <h2 id="status">あなたの状況</h2>
      {d.statusLabel ? (
        <p>
          <strong>{d.statusLabel}</strong>
        </p>
      ) : (
        <p>まだ応募していません。</p>
      )}
      {d.decisionNote ? <p>人事課からのコメント: {d.decisionNote}</p> : null}
      {d.status === "applied" || d.status === "nominated" ? (
        d.exam ? (
          <p>
            選考試験の結果: {d.exam.percent}点（{d.exam.on}）。人事課の選定をお待ちください。
          </p>
        ) : (
          <p>
            <Link className="button primary" to={d.examUrl}>
              選考試験を受ける
            </Link>
          </p>
        )
      ) : null}
      {d.canApply ? (
        <Form method="post">
          <CsrfInput />
          <input type="hidden" name="intent" value="apply" />
          <button type="submit" className="button primary large">
            {d.status ? "もう一度応募する" : "応募する"}
          </button>
        </Form>
      ) : null}
      {!d.eligible && !d.certificate ? (
        <div className="notice" role="note">
          <p>いまは応募できません。</p>
          <ul>
            {d.reasons.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}
