import { describe, expect, it } from "vitest";
import { parseCampaignForm } from "~/campaigns/forms";
import {
  assignmentStatus,
  completionRate,
  DEFAULT_REMINDERS,
  dueInstant,
  dueStage,
  inAudience,
  stageLabel,
  windowStart,
  type AudienceRules,
  type StaffFacts,
} from "~/campaigns/rules";
import { jstDate } from "../../app/kernel/dates";

const none: AudienceRules = { departmentIds: [], jobRankIds: [], employmentTypes: [], roles: [] };
const person = (over: Partial<StaffFacts> = {}): StaffFacts => ({
  active: true,
  departmentId: "d1",
  jobRankId: "r1",
  employmentType: "regular",
  roles: ["learner"],
  ...over,
});

describe("audience rules", () => {
  it("empty rules mean all active staff", () => {
    expect(inAudience(none, person())).toBe(true);
    expect(inAudience(none, person({ active: false }))).toBe(false);
  });
  it("combines dimensions with AND and values with OR", () => {
    const rules = { ...none, departmentIds: ["d1", "d2"], employmentTypes: ["regular", "reappointed"] as const };
    expect(inAudience({ ...rules, employmentTypes: [...rules.employmentTypes] }, person({ departmentId: "d2", employmentType: "reappointed" }))).toBe(true);
    expect(inAudience({ ...rules, employmentTypes: [...rules.employmentTypes] }, person({ departmentId: "d3" }))).toBe(false);
    expect(inAudience({ ...rules, employmentTypes: [...rules.employmentTypes] }, person({ employmentType: "fiscal_year" }))).toBe(false);
    expect(inAudience({ ...none, departmentIds: ["d1"] }, person({ departmentId: null }))).toBe(false);
  });
  it("matches roles, where learner means everyone", () => {
    expect(inAudience({ ...none, roles: ["dept_manager"] }, person())).toBe(false);
    expect(inAudience({ ...none, roles: ["dept_manager"] }, person({ roles: ["learner", "dept_manager"] }))).toBe(true);
    expect(inAudience({ ...none, roles: ["learner"] }, person())).toBe(true);
  });
  it("inclusions override the rules, exemptions override everything, leavers never count", () => {
    expect(inAudience({ ...none, departmentIds: ["d9"] }, person(), "include")).toBe(true);
    expect(inAudience(none, person(), "exempt")).toBe(false);
    expect(inAudience(none, person({ active: false }), "include")).toBe(false);
  });
});

describe("completion window", () => {
  const c = { fiscalYear: 2026, startsOn: "2026-05-01", dueOn: "2026-06-30", countEarlierCompletions: false };
  const at = (s: string) => new Date(s);
  const before = at("2026-06-15T12:00:00+09:00");
  const after = at("2026-07-01T00:00:00+09:00");

  it("counts completions from the start date in Japan time", () => {
    expect(windowStart(c).toISOString()).toBe("2026-04-30T15:00:00.000Z");
    expect(assignmentStatus(c, [at("2026-05-01T00:00:00+09:00")], before)).toBe("complete");
    expect(assignmentStatus(c, [at("2026-04-30T23:59:59+09:00")], before)).toBe("pending");
  });
  it("the due date includes its whole day; after it, the unfinished are overdue and later completions are late", () => {
    expect(dueInstant(c).toISOString()).toBe("2026-06-30T15:00:00.000Z");
    expect(assignmentStatus(c, [at("2026-06-30T23:59:59+09:00")], after)).toBe("complete");
    expect(assignmentStatus(c, [at("2026-07-01T00:00:00+09:00")], after)).toBe("late");
    expect(assignmentStatus(c, [null], at("2026-06-30T23:59:59+09:00"))).toBe("pending");
    expect(assignmentStatus(c, [null], after)).toBe("overdue");
  });
  it("can accept completions from earlier in the fiscal year, never from the previous one", () => {
    const earlier = { ...c, countEarlierCompletions: true };
    expect(assignmentStatus(earlier, [at("2026-04-01T00:00:00+09:00")], before)).toBe("complete");
    expect(assignmentStatus(earlier, [at("2026-03-31T23:59:59+09:00")], before)).toBe("pending");
  });
  it("needs every course, and the last one decides lateness", () => {
    expect(assignmentStatus(c, [at("2026-05-02T10:00:00+09:00"), null], after)).toBe("overdue");
    expect(assignmentStatus(c, [at("2026-05-02T10:00:00+09:00"), at("2026-07-03T10:00:00+09:00")], after)).toBe("late");
  });
  it("computes rates with one decimal and none for an empty audience", () => {
    expect(completionRate(4, 7)).toBe(57.1);
    expect(completionRate(0, 0)).toBeNull();
    expect(jstDate(at("2026-03-31T15:00:00Z"))).toBe("2026-04-01");
  });
});

describe("reminder schedule", () => {
  const c = { startsOn: "2026-06-01", dueOn: "2026-09-30" };
  it("sends only the latest stage that has come", () => {
    expect(dueStage(c, DEFAULT_REMINDERS, "2026-05-31")).toBeNull();
    expect(dueStage(c, DEFAULT_REMINDERS, "2026-06-01")?.key).toBe("start");
    expect(dueStage(c, DEFAULT_REMINDERS, "2026-09-15")?.key).toBe("start");
    expect(dueStage(c, DEFAULT_REMINDERS, "2026-09-16")?.key).toBe("before-14");
    expect(dueStage(c, DEFAULT_REMINDERS, "2026-09-29")?.key).toBe("before-1");
    expect(dueStage(c, DEFAULT_REMINDERS, "2026-09-30")?.key).toBe("before-1");
  });
  it("repeats after the due date at the chosen interval", () => {
    expect(dueStage(c, DEFAULT_REMINDERS, "2026-10-01")).toMatchObject({ key: "overdue-1", overdue: true });
    expect(dueStage(c, DEFAULT_REMINDERS, "2026-10-07")?.key).toBe("overdue-1");
    expect(dueStage(c, DEFAULT_REMINDERS, "2026-10-08")?.key).toBe("overdue-2");
    expect(dueStage(c, { ...DEFAULT_REMINDERS, overdueEveryDays: null }, "2026-11-01")?.key).toBe("before-1");
  });
  it("skips days-before that fall before the start", () => {
    expect(dueStage({ startsOn: "2026-09-25", dueOn: "2026-09-30" }, DEFAULT_REMINDERS, "2026-09-26")?.key).toBe("start");
    expect(dueStage({ startsOn: "2026-09-25", dueOn: "2026-09-30" }, { ...DEFAULT_REMINDERS, atStart: false }, "2026-09-26")).toBeNull();
  });
  it("names stages in Japanese", () => {
    expect(stageLabel("before-7")).toBe("期限の7日前");
    expect(stageLabel("overdue-2")).toBe("期限後の督促（2回目）");
  });
});

describe("campaign form", () => {
  const form = (fields: Record<string, string | string[]>) => {
    const f = new FormData();
    for (const [k, v] of Object.entries(fields)) for (const x of [v].flat()) f.append(k, x);
    return f;
  };
  const base = {
    key: "security-annual",
    title: "2026年度 情報セキュリティ研修",
    fiscalYear: "2026",
    startsOn: "2026-06-01",
    dueOn: "2026-09-30",
    courseIds: "11111111-1111-4111-8111-111111111111",
  };

  it("reads days in 全角 and any separator, largest first, without duplicates", () => {
    const r = parseCampaignForm(form({ ...base, daysBefore: "７、14 ,1 7", overdueEveryDays: "７", remindAtStart: "on" }));
    expect(r.ok && r.input.reminders).toEqual({ atStart: true, daysBefore: [14, 7, 1], overdueEveryDays: 7, copyManagerWhenOverdue: false });
  });
  it("names what is wrong in Japanese", () => {
    const bad = parseCampaignForm(form({ ...base, key: "セキュリティ", title: "" }));
    expect(bad.ok ? null : bad.errors).toMatchObject({ key: expect.stringContaining("識別名は半角"), title: "名前を入力してください。" });
    expect(parseCampaignForm(form({ ...base, daysBefore: "二週間前" }))).toEqual({
      ok: false,
      errors: { form: "期限前の督促は「14, 7, 1」のように日数を半角数字で区切って入力してください。" },
    });
    expect(parseCampaignForm(form({ ...base, overdueEveryDays: "45" }))).toEqual({
      ok: false,
      errors: { form: "期限後の督促の間隔は1〜30日（半角数字）にしてください。" },
    });
    expect(parseCampaignForm(form({ ...base, dueOn: "9月30日" }))).toEqual({ ok: false, errors: { dueOn: "期限を「2026-06-30」の形で入力してください。" } });
  });
});
