import type { ReactNode } from "react";
import type { ReportStatus } from "~/programs/rules";

export interface RequirementView {
  key: string;
  label: string;
  met: boolean;
  summary: string;
  evidence: string[];
  /** Where to go to meet it (a course, the trainings, the report form). */
  link?: { to: string; label: string } | null;
}

/** A certificate as pages show it (`certificateView` in ~/programs/view.server). */
export interface CertificateView {
  id: string;
  code: string;
  rawCode: string;
  issuedOn: string;
  validFrom: string;
  validUntil: string;
  /** A certificate state, or "near" (valid, near expiry). */
  state: string;
  stateLabel: string;
  revoked: boolean;
  revokedOn: string | null;
  revokeReason: string | null;
  isRenewal: boolean;
}

/** An improvement report as pages show it (`reportView` in ~/programs/view.server). */
export interface ReportView {
  id: string;
  title: string;
  body: string;
  status: ReportStatus;
  statusLabel: string;
  submittedOn: string;
  reviewedOn: string | null;
  reviewComment: string | null;
  reviewerName: string | null;
}

/** Every requirement with a clear 済 / 未 mark (in words, not only colour), its state and the records behind it. */
export function RequirementList({ items, headingLevel = 3 }: { items: RequirementView[]; headingLevel?: 3 | 4 }) {
  const H = headingLevel === 3 ? "h3" : "h4";
  return (
    <ol className="requirement-list">
      {items.map((item) => (
        <li key={item.key} className={item.met ? "requirement is-met" : "requirement"}>
          <div className="requirement-head">
            <span className={`program-badge ${item.met ? "status-done" : "status-warn"}`}>{item.met ? "済" : "未"}</span>
            <H className="requirement-title">{item.label}</H>
          </div>
          <p className="requirement-summary">
            {item.summary}
            {item.link ? (
              <>
                {" "}
                <a href={item.link.to}>{item.link.label}</a>
              </>
            ) : null}
          </p>
          {item.evidence.length ? (
            <ul className="requirement-evidence" aria-label={`${item.label}の記録`}>
              {item.evidence.map((e, i) => (
                <li key={i}>{e}</li>
              ))}
            </ul>
          ) : null}
        </li>
      ))}
    </ol>
  );
}

const BADGE: Record<string, string> = { valid: "status-done", near: "status-ok", not_yet_valid: "status-ok", expired: "status-warn", revoked: "status-warn" };

/** 有効 / 期限間近 / 期限切れ / 取消 as a badge with the words inside. */
export function StateBadge({ state, children }: { state: string; children: ReactNode }) {
  return <span className={`program-badge ${BADGE[state] ?? ""}`}>{children}</span>;
}

/** A definition list of the facts of a certificate or a person. */
export function FactList({ items }: { items: [ReactNode, ReactNode][] }) {
  return (
    <dl className="details program-facts">
      {items.map(([k, v], i) => (
        <div key={i}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}
