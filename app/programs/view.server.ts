import { formatVerificationCode } from "~/certificates/code.server";
import type { RequirementView } from "~/components/program-parts";
import { EMPLOYMENT_TYPES, type EmploymentType } from "~/staff/constants";
import type { CertificateRow, ProgramRecord } from "./programs.server";
import { CERTIFICATE_STATE_LABELS, certificateState, isNearExpiry, REPORT_STATUS_LABELS, type Evaluation, type ReportStatus } from "./rules";
import { formatJapaneseDate } from "~/kernel/dates";

/** Requirement items with where to go to meet them (for the staff page; HR gets them without links). */
export function requirementViews(evaluation: Evaluation, program: ProgramRecord, { links }: { links: boolean }): RequirementView[] {
  const exam = program.definition.selectionExam;
  return evaluation.items.map((item) => {
    let link: RequirementView["link"] = null;
    if (links && !item.met) {
      if (item.key === "selection") link = { to: `/courses/${exam.course}/quiz/${exam.quiz}`, label: "選考試験のページへ" };
      else if (item.key.startsWith("course:")) link = { to: `/courses/${item.key.slice("course:".length)}`, label: "講座を開く" };
      else if (item.key.startsWith("trainings:")) link = { to: "/trainings", label: "集合研修に申し込む" };
      else if (item.key === "report")
        link = {
          to: `/programs/${program.slug}/report`,
          label: item.summary === "確認待ち" ? "提出したレポートを見る" : item.summary.startsWith("差し戻し") ? "レポートを直して提出する" : "レポートを書く",
        };
      else if (item.key === "activities") link = { to: `/programs/${program.slug}/activities`, label: "活動を記録する" };
    }
    return { ...item, link };
  });
}

/** A certificate as pages show it: code, dates and state in words. */
export function certificateView(cert: CertificateRow, today: string, program: ProgramRecord) {
  const state = certificateState(cert, today);
  const near = isNearExpiry(cert, today, program.definition.renewal?.windowFiscalYears ?? 1) && !cert.renewed;
  return {
    id: cert.id,
    code: formatVerificationCode(cert.code),
    rawCode: cert.code,
    issuedOn: formatJapaneseDate(cert.issuedAt),
    validFrom: formatJapaneseDate(cert.validFrom),
    validUntil: formatJapaneseDate(cert.validUntil),
    state: near ? "near" : state,
    stateLabel: near ? "有効（期限が近づいています）" : CERTIFICATE_STATE_LABELS[state],
    revoked: !!cert.revokedAt,
    revokedOn: cert.revokedAt ? formatJapaneseDate(cert.revokedAt) : null,
    revokeReason: cert.revokeReason,
    renewed: cert.renewed,
    isRenewal: !!cert.renewedFromId,
  };
}

export function reportView(r: {
  id: string;
  title: string;
  body: string;
  status: ReportStatus;
  submittedAt: Date;
  reviewedAt: Date | null;
  reviewComment: string | null;
  reviewerName: string | null;
}) {
  return {
    id: r.id,
    title: r.title,
    body: r.body,
    status: r.status,
    statusLabel: REPORT_STATUS_LABELS[r.status],
    submittedOn: formatJapaneseDate(r.submittedAt),
    reviewedOn: r.reviewedAt ? formatJapaneseDate(r.reviewedAt) : null,
    reviewComment: r.reviewComment,
    reviewerName: r.reviewerName,
  };
}

export const employmentLabel = (t: string) => EMPLOYMENT_TYPES[t as EmploymentType] ?? t;
