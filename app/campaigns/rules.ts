/**
 * Campaign rules (pure): who is in the audience, when an assignment counts as complete, and which reminder is due.
 * Dates are calendar dates in Japan ("YYYY-MM-DD"); a due date includes the whole day.
 */
import type { EmploymentType, Role } from "~/staff/constants";
import { addDays, daysBetween, jstMidnight } from "~/kernel/dates";

export interface AudienceRules {
  departmentIds: string[];
  jobRankIds: string[];
  employmentTypes: EmploymentType[];
  roles: Role[];
}

export interface StaffFacts {
  active: boolean;
  departmentId: string | null;
  jobRankId: string | null;
  employmentType: EmploymentType;
  roles: readonly Role[];
}

export type Override = "include" | "exempt" | null;

/**
 * In the audience: active, and either explicitly included or matching every dimension that has values (empty = any);
 * an exemption always wins. Leavers (inactive) are never counted, even when included.
 */
export function inAudience(rules: AudienceRules, person: StaffFacts, override: Override = null): boolean {
  if (!person.active || override === "exempt") return false;
  if (override === "include") return true;
  if (rules.departmentIds.length && (!person.departmentId || !rules.departmentIds.includes(person.departmentId))) return false;
  if (rules.jobRankIds.length && (!person.jobRankId || !rules.jobRankIds.includes(person.jobRankId))) return false;
  if (rules.employmentTypes.length && !rules.employmentTypes.includes(person.employmentType)) return false;
  if (rules.roles.length && !rules.roles.some((r) => person.roles.includes(r) || r === "learner")) return false;
  return true;
}

export interface CampaignWindow {
  fiscalYear: number;
  startsOn: string;
  dueOn: string;
  countEarlierCompletions: boolean;
}

/** The first instant a completion counts from: the campaign's start, or the start of its fiscal year if earlier ones count. */
export function windowStart(c: CampaignWindow): Date {
  return jstMidnight(c.countEarlierCompletions ? `${c.fiscalYear}-04-01` : c.startsOn);
}

/** The instant after which a completion is late (the end of the due date in Japan). */
export function dueInstant(c: CampaignWindow): Date {
  return jstMidnight(addDays(c.dueOn, 1));
}

/** Completions count up to the end of the campaign's fiscal year (late after the due date, but complete). */
export function windowEnd(c: CampaignWindow): Date {
  return jstMidnight(`${c.fiscalYear + 1}-04-01`);
}

export type AssignmentStatus = "complete" | "late" | "pending" | "overdue";

export const ASSIGNMENT_STATUS_LABELS: Record<AssignmentStatus, string> = {
  complete: "修了",
  late: "期限後に修了",
  pending: "未修了",
  overdue: "期限超過",
};

/**
 * A person's assignment: complete when every course of the campaign has a completion inside the window (the latest
 * of them decides whether it was late); otherwise overdue after the due date, pending before.
 */
export function assignmentStatus(c: CampaignWindow, completions: (Date | null)[], now: Date): AssignmentStatus {
  const from = windowStart(c).getTime();
  const to = windowEnd(c).getTime();
  const counted = completions.map((d) => (d && d.getTime() >= from && d.getTime() < to ? d : null));
  if (counted.length > 0 && counted.every((d) => d !== null)) {
    const last = Math.max(...counted.map((d) => d!.getTime()));
    return last >= dueInstant(c).getTime() ? "late" : "complete";
  }
  return now.getTime() >= dueInstant(c).getTime() ? "overdue" : "pending";
}

export interface ReminderRules {
  atStart: boolean;
  daysBefore: number[];
  overdueEveryDays: number | null;
  copyManagerWhenOverdue: boolean;
}

export const DEFAULT_REMINDERS: ReminderRules = { atStart: true, daysBefore: [14, 7, 1], overdueEveryDays: 7, copyManagerWhenOverdue: true };

export interface Stage {
  /** Unique per campaign and person: the dedupe key of the reminder. */
  key: string;
  /** The date the reminder is due to go out. */
  on: string;
  overdue: boolean;
}

/**
 * The reminder due on `today` for someone who has not finished: the latest scheduled stage whose date has come
 * (start, N days before, then every N days after the due date). Only the latest one is sent, so a campaign created late
 * or a job that did not run for a while never sends a burst of old reminders. Null before the start or when nothing
 * is scheduled.
 */
export function dueStage(c: Pick<CampaignWindow, "startsOn" | "dueOn">, rules: ReminderRules, today: string): Stage | null {
  if (today < c.startsOn) return null;
  const stages: Stage[] = [];
  if (rules.atStart) stages.push({ key: "start", on: c.startsOn, overdue: false });
  for (const d of rules.daysBefore) {
    const on = addDays(c.dueOn, -d);
    if (on >= c.startsOn) stages.push({ key: `before-${d}`, on, overdue: false });
  }
  if (rules.overdueEveryDays && today > c.dueOn) {
    const n = Math.floor((daysBetween(c.dueOn, today) - 1) / rules.overdueEveryDays) + 1;
    stages.push({ key: `overdue-${n}`, on: addDays(c.dueOn, 1 + (n - 1) * rules.overdueEveryDays), overdue: true });
  }
  const due = stages.filter((s) => s.on <= today).sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0));
  return due.at(-1) ?? null;
}

/** Completion rate in percent with one decimal, or null for an empty audience. */
export function completionRate(completed: number, total: number): number | null {
  return total === 0 ? null : Math.round((completed / total) * 1000) / 10;
}

/** 「期限の7日前」 for a stage key. */
export function stageLabel(key: string): string {
  if (key === "start") return "開始の案内";
  const before = /^before-(\d+)$/.exec(key);
  if (before) return `期限の${before[1]}日前`;
  const overdue = /^overdue-(\d+)$/.exec(key);
  if (overdue) return `期限後の督促（${overdue[1]}回目）`;
  return key;
}

export const OUTBOX_STATUS_LABELS = {
  pending: "送信待ち",
  sending: "送信中",
  sent: "送信済み",
  failed: "再送待ち（失敗）",
  unsent: "未送信",
  dead: "送信をあきらめました",
} as const;
export type OutboxStatus = keyof typeof OUTBOX_STATUS_LABELS;

const dueDateFormat = new Intl.DateTimeFormat("ja-JP", { year: "numeric", month: "long", day: "numeric", weekday: "short", timeZone: "UTC" });
/** 「2026年12月25日(金)」 for a calendar date. */
export const formatDueDate = (date: string) => dueDateFormat.format(new Date(`${date}T00:00:00Z`));
