/**
 * The rules of a certification programme (pure, no database): who may apply and why not, which requirements are met
 * by which records, and the validity, expiry and renewal of certificates in Japanese fiscal years. Dates of validity are
 * calendar dates in Japan ("YYYY-MM-DD"); moments (completions, attendance) are instants.
 */
import { CATEGORIES } from "~/content/vocabulary";
import { addDays, fiscalYearLastDay, fiscalYearOf, fiscalYearOfDate, formatJapaneseDate, jstDate } from "~/kernel/dates";
import { EMPLOYMENT_TYPES, type EmploymentType } from "~/staff/constants";
import type { ProgramDefinition, TrainingRequirement } from "./schema";

export type EnrollmentStatus = "applied" | "nominated" | "selected" | "not_selected" | "certified" | "withdrawn";
export type ReportStatus = "submitted" | "approved" | "returned";
export type CertificateState = "valid" | "not_yet_valid" | "expired" | "revoked";

export const ENROLLMENT_STATUS_LABELS: Record<EnrollmentStatus, string> = {
  applied: "応募済み（選考中）",
  nominated: "推薦済み（選考中）",
  selected: "選定済み（育成中）",
  not_selected: "選定されませんでした",
  certified: "認定済み",
  withdrawn: "辞退",
};
export const REPORT_STATUS_LABELS: Record<ReportStatus, string> = { submitted: "確認待ち", approved: "承認済み", returned: "差し戻し（修正してください）" };
export const CERTIFICATE_STATE_LABELS: Record<CertificateState, string> = {
  valid: "有効",
  not_yet_valid: "有効（開始前）",
  expired: "有効期限切れ",
  revoked: "取消",
};

/** Statuses in which a person is in the programme (one open enrollment per person). */
export const OPEN_STATUSES: readonly EnrollmentStatus[] = ["applied", "nominated", "selected", "certified"];
/** Statuses in which a person waits for HR's selection decision. */
export const CANDIDATE_STATUSES: readonly EnrollmentStatus[] = ["applied", "nominated"];

// ---------------------------------------------------------------------------------------------------------------------
// Validity, expiry and renewal

export interface Validity {
  validFrom: string;
  validUntil: string;
}

/**
 * A new certificate is valid from the day it is issued to the end (31 March) of the N-th fiscal year, counting the
 * fiscal year of issue as the first: issued 2026-11-22 with 2 fiscal years → valid until 2028-03-31.
 */
export function certificateValidity(issuedAt: Date, validityFiscalYears: number): Validity {
  return { validFrom: jstDate(issuedAt), validUntil: fiscalYearLastDay(fiscalYearOf(issuedAt) + validityFiscalYears - 1) };
}

/**
 * A renewal continues the old certificate without a gap: it starts the day after the old one ends (or today, when the
 * old one has already lapsed) and runs for N fiscal years from there.
 */
export function renewalValidity(previousValidUntil: string, today: string, validityFiscalYears: number): Validity {
  const next = addDays(previousValidUntil, 1);
  const validFrom = next > today ? next : today;
  return { validFrom, validUntil: fiscalYearLastDay(fiscalYearOfDate(validFrom) + validityFiscalYears - 1) };
}

export interface CertificateDates {
  validFrom: string;
  validUntil: string;
  revokedAt: Date | string | null;
}

/** The state of a certificate on a date in Japan. */
export function certificateState(cert: CertificateDates, today: string): CertificateState {
  if (cert.revokedAt) return "revoked";
  if (today < cert.validFrom) return "not_yet_valid";
  if (today > cert.validUntil) return "expired";
  return "valid";
}

/**
 * Near expiry: a valid certificate in its renewal window, i.e. in the last `windowFiscalYears` fiscal years of its
 * validity (with the default 1: during the fiscal year at whose end it expires).
 */
export function isNearExpiry(cert: CertificateDates, today: string, windowFiscalYears = 1): boolean {
  return certificateState(cert, today) === "valid" && fiscalYearOfDate(today) > fiscalYearOfDate(cert.validUntil) - windowFiscalYears;
}

/**
 * May this certificate be renewed today? Only when it is in its renewal window or has lapsed — never when revoked, not
 * yet valid, or already renewed. Returns the reason in Japanese when not.
 */
export function renewalOpen(
  cert: CertificateDates & { renewed: boolean },
  today: string,
  definition: ProgramDefinition,
): { open: boolean; reason: string | null } {
  if (!definition.renewal) return { open: false, reason: "この制度には更新の定めがありません。" };
  if (cert.renewed) return { open: false, reason: "すでに更新されています。" };
  const state = certificateState(cert, today);
  if (state === "revoked") return { open: false, reason: "取り消された認定は更新できません。" };
  if (state === "not_yet_valid") return { open: false, reason: "有効期間が始まっていません。" };
  if (state === "expired" || isNearExpiry(cert, today, definition.renewal.windowFiscalYears)) return { open: true, reason: null };
  const opens = fiscalYearOfDate(cert.validUntil) - definition.renewal.windowFiscalYears + 1;
  return { open: false, reason: `更新の手続きは${opens}年度（${formatJapaneseDate(`${opens}-04-01`)}から）に行えます。` };
}

// ---------------------------------------------------------------------------------------------------------------------
// Eligibility

export interface RankRef {
  name: string;
  position: number;
}

export interface PersonForEligibility {
  active: boolean;
  employmentType: EmploymentType;
  /** The person's 職位 and its position (0 = highest) in the organization's list; null when not recorded. */
  jobRank: RankRef | null;
}

export interface EligibilityResult {
  eligible: boolean;
  /** Why not, in polite Japanese, one sentence per reason (empty when eligible). */
  reasons: string[];
}

/**
 * Who may apply or be nominated: active staff at or below the highest 職位 allowed (a larger position is lower in
 * the hierarchy), in an allowed 雇用形態. Every failing rule is explained.
 */
export function checkEligibility(rules: ProgramDefinition["eligibility"], person: PersonForEligibility, ranks: readonly RankRef[]): EligibilityResult {
  const reasons: string[] = [];
  if (!person.active) reasons.push("在職中の職員ではないため対象外です。");
  if (rules.maxJobRank) {
    const limit = ranks.find((r) => r.name === rules.maxJobRank);
    if (!limit) reasons.push(`この自治体の職位に「${rules.maxJobRank}」がないため、対象かどうかを判断できません。人事課にお問い合わせください。`);
    else if (!person.jobRank) reasons.push("職位が登録されていないため、対象かどうかを判断できません。人事課にお問い合わせください。");
    else if (person.jobRank.position < limit.position) reasons.push(`職位が${rules.maxJobRank}より上のため対象外です（現在の職位: ${person.jobRank.name}）。`);
  }
  if (rules.employmentTypes && !rules.employmentTypes.includes(person.employmentType)) {
    const allowed = rules.employmentTypes.map((t) => EMPLOYMENT_TYPES[t]).join("・");
    reasons.push(`雇用形態が対象外です（対象: ${allowed}、現在: ${EMPLOYMENT_TYPES[person.employmentType]}）。`);
  }
  return { eligible: reasons.length === 0, reasons };
}

/** The eligibility rules in words, for the programme page: 「係長以下の職位の、正規の職員」. */
export function describeEligibility(rules: ProgramDefinition["eligibility"]): string {
  const rank = rules.maxJobRank ? `${rules.maxJobRank}以下の職位の` : "";
  const types = rules.employmentTypes ? `${rules.employmentTypes.map((t) => EMPLOYMENT_TYPES[t]).join("・")}の` : "";
  return `${rank}${types}職員`;
}

// ---------------------------------------------------------------------------------------------------------------------
// Requirements

export interface ProgramFacts {
  status: EnrollmentStatus | null;
  /** The best submitted attempt at the selection exam. */
  exam: { percent: number; submittedAt: Date } | null;
  completions: { courseSlug: string; completedAt: Date; certificateCode: string }[];
  /** Staff-training sessions attended (出席・遅刻・早退). */
  trainings: { category: string; title: string; number: number; startsAt: Date }[];
  reports: { title: string; status: ReportStatus; submittedAt: Date; reviewedAt: Date | null }[];
  /** Activities confirmed by the 課長. */
  confirmedActivities: { title: string; doneOn: string }[];
}

export interface RequirementItem {
  key: string;
  label: string;
  met: boolean;
  /** The state in a few words: 「2回中1回」「未提出」… */
  summary: string;
  /** The records that show it, one line each. */
  evidence: string[];
}

export interface Evaluation {
  items: RequirementItem[];
  complete: boolean;
}

const percentText = (p: number) => `${Number.isInteger(p) ? p : p.toFixed(1)}点`;

function courseItems(
  slugs: readonly string[],
  facts: ProgramFacts,
  courseTitles: Readonly<Record<string, string>>,
  since: string | null,
  formatCode: (c: string) => string,
): RequirementItem[] {
  return slugs.map((slug) => {
    const done = facts.completions
      .filter((c) => c.courseSlug === slug && (!since || jstDate(c.completedAt) >= since))
      .sort((a, b) => a.completedAt.getTime() - b.completedAt.getTime());
    return {
      key: `course:${slug}`,
      label: `講座「${courseTitles[slug] ?? slug}」の修了${since ? `（${formatJapaneseDate(since)}以降）` : ""}`,
      met: done.length > 0,
      summary: done.length ? "修了" : "未修了",
      evidence: done.map((c) => `${formatJapaneseDate(c.completedAt)} 修了（修了証番号 ${formatCode(c.certificateCode)}）`),
    };
  });
}

function trainingItem(rule: TrainingRequirement, facts: ProgramFacts, since: string | null): RequirementItem {
  const attended = facts.trainings
    .filter((t) => t.category === rule.category && (!since || jstDate(t.startsAt) >= since))
    .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  const category = CATEGORIES[rule.category as keyof typeof CATEGORIES] ?? rule.category;
  return {
    key: `trainings:${rule.category}`,
    label: `集合研修（${category}）への出席 ${rule.count}回${since ? `（${formatJapaneseDate(since)}以降）` : ""}`,
    met: attended.length >= rule.count,
    summary: `${rule.count}回中${Math.min(attended.length, rule.count)}回${attended.length > rule.count ? `（出席${attended.length}回）` : ""}`,
    evidence: attended.map((t) => `${formatJapaneseDate(t.startsAt)} ${t.title}（第${t.number}回）に出席`),
  };
}

function reportItem(facts: ProgramFacts, since: string | null): RequirementItem {
  const reports = facts.reports.filter((r) => !since || jstDate(r.submittedAt) >= since).sort((a, b) => a.submittedAt.getTime() - b.submittedAt.getTime());
  const approved = reports.filter((r) => r.status === "approved");
  const latest = reports.at(-1);
  return {
    key: "report",
    label: `業務改善レポートの承認${since ? `（${formatJapaneseDate(since)}以降の提出）` : ""}`,
    met: approved.length > 0,
    summary: approved.length ? "承認済み" : latest ? REPORT_STATUS_LABELS[latest.status] : "未提出",
    evidence: reports.map(
      (r) =>
        `「${r.title}」${formatJapaneseDate(r.submittedAt)} 提出・${REPORT_STATUS_LABELS[r.status]}${r.reviewedAt && r.status !== "submitted" ? `（${formatJapaneseDate(r.reviewedAt)}）` : ""}`,
    ),
  };
}

/**
 * What certification needs, item by item, from the person's records: HR's selection (with the exam result as
 * evidence), every required course completed (in any fiscal year), the staff trainings attended, and an approved report.
 */
export function evaluateCertification(
  definition: ProgramDefinition,
  facts: ProgramFacts,
  courseTitles: Readonly<Record<string, string>>,
  formatCode: (c: string) => string = (c) => c,
): Evaluation {
  const exam = facts.exam;
  const selected = facts.status === "selected" || facts.status === "certified";
  const items: RequirementItem[] = [
    {
      key: "selection",
      label: "選考（選考試験と人事課の選定）",
      met: selected,
      summary: selected ? "選定済み" : facts.status === "not_selected" ? "選定されませんでした" : exam ? "選定を待っています" : "選考試験が未受験です",
      evidence: exam
        ? [
            `${formatJapaneseDate(exam.submittedAt)} 選考試験 ${percentText(exam.percent)}（合格の目安 ${percentText(definition.selectionExam.passMark)}・${exam.percent >= definition.selectionExam.passMark ? "合格" : "不合格"}）`,
          ]
        : [],
    },
    ...courseItems(definition.requiredCourses, facts, courseTitles, null, formatCode),
  ];
  if (definition.requiredTrainings) items.push(trainingItem(definition.requiredTrainings, facts, null));
  if (definition.improvementReport) items.push(reportItem(facts, null));
  return { items, complete: items.every((i) => i.met) };
}

/** What renewal needs: the renewal rules, counted from the start of the current certificate's validity. */
export function evaluateRenewal(
  definition: ProgramDefinition,
  facts: ProgramFacts,
  courseTitles: Readonly<Record<string, string>>,
  since: string,
  formatCode: (c: string) => string = (c) => c,
): Evaluation {
  const rules = definition.renewal;
  if (!rules) return { items: [], complete: false };
  const items: RequirementItem[] = [...courseItems(rules.requiredCourses, facts, courseTitles, since, formatCode)];
  if (rules.requiredTrainings) items.push(trainingItem(rules.requiredTrainings, facts, since));
  if (rules.improvementReport) items.push(reportItem(facts, since));
  if (rules.confirmedActivities > 0) {
    const done = facts.confirmedActivities.filter((a) => a.doneOn >= since).sort((a, b) => a.doneOn.localeCompare(b.doneOn));
    items.push({
      key: "activities",
      label: `課長が確認した改善活動 ${rules.confirmedActivities}件（${formatJapaneseDate(since)}以降）`,
      met: done.length >= rules.confirmedActivities,
      summary: `${rules.confirmedActivities}件中${Math.min(done.length, rules.confirmedActivities)}件`,
      evidence: done.map((a) => `${formatJapaneseDate(a.doneOn)} ${a.title}`),
    });
  }
  return { items, complete: items.every((i) => i.met) };
}

// ---------------------------------------------------------------------------------------------------------------------
// Selection ranking

/**
 * Orders candidates by their exam result (best first; earlier submission first on a tie) and numbers them with ties
 * sharing a rank (1, 2, 2, 4). Candidates without a result come last, unranked.
 */
export function rankByExam<T extends { percent: number | null; submittedAt: Date | null }>(candidates: readonly T[]): (T & { rank: number | null })[] {
  const sorted = [...candidates].sort((a, b) => {
    if (a.percent === null || b.percent === null) return a.percent === null ? (b.percent === null ? 0 : 1) : -1;
    return b.percent - a.percent || (a.submittedAt?.getTime() ?? 0) - (b.submittedAt?.getTime() ?? 0);
  });
  let rank = 0;
  let previous: number | null = null;
  return sorted.map((c, i) => {
    if (c.percent === null) return { ...c, rank: null };
    if (c.percent !== previous) rank = i + 1;
    previous = c.percent;
    return { ...c, rank };
  });
}
