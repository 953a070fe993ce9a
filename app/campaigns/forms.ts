import { z } from "zod";
import { EMPLOYMENT_TYPE_CODES, ROLE_CODES } from "~/staff/constants";
import type { CampaignErrors, CampaignInput } from "./campaigns.server";
import { uuidSchema } from "~/kernel/uuid";
import type { FormResult } from "~/kernel/result";

const date = (label: string) => z.string().regex(/^\d{4}-\d{2}-\d{2}$/, `${label}を「2026-06-30」の形で入力してください。`);
const uuid = uuidSchema();
const OVERDUE_MESSAGE = "期限後の督促の間隔は1〜30日（半角数字）にしてください。";

const schema = z.object({
  key: z
    .string()
    .trim()
    .regex(/^[a-z0-9][a-z0-9-]{1,39}$/, "識別名は半角の英小文字・数字・ハイフンで2〜40文字にしてください（例: security-annual）。"),
  title: z.string().trim().min(1, "名前を入力してください。").max(80, "名前は80文字以内にしてください。"),
  description: z.string().trim().max(1000, "説明は1,000文字以内にしてください。"),
  fiscalYear: z.number().int("年度を選んでください。").min(2000, "年度を選んでください。").max(2100, "年度を選んでください。"),
  startsOn: date("開始日"),
  dueOn: date("期限"),
  countEarlierCompletions: z.boolean(),
  courseIds: z.array(uuid),
  audience: z.object({
    departmentIds: z.array(uuid),
    jobRankIds: z.array(uuid),
    employmentTypes: z.array(z.enum(EMPLOYMENT_TYPE_CODES)),
    roles: z.array(z.enum(ROLE_CODES)),
  }),
  reminders: z.object({
    atStart: z.boolean(),
    daysBefore: z
      .array(z.number().int().min(1, "期限前の督促は1〜90日前にしてください。").max(90, "期限前の督促は1〜90日前にしてください。"))
      .max(6, "期限前の督促は6回までにしてください。"),
    overdueEveryDays: z.number().int().min(1, OVERDUE_MESSAGE).max(30, OVERDUE_MESSAGE).nullable(),
    copyManagerWhenOverdue: z.boolean(),
  }),
});

const FIELD_OF: Record<string, keyof CampaignErrors> = {
  key: "key",
  title: "title",
  description: "form",
  fiscalYear: "fiscalYear",
  startsOn: "startsOn",
  dueOn: "dueOn",
  courseIds: "courseIds",
  audience: "audience",
  reminders: "form",
};

/** Reads and validates the campaign form. Days before the due date are typed as "14, 7, 1" (全角 too). */
export function parseCampaignForm(form: FormData): FormResult<{ input: CampaignInput }, CampaignErrors> {
  if (dayTokens(form, "daysBefore").some((d) => !/^\d+$/.test(d)))
    return { ok: false, errors: { form: "期限前の督促は「14, 7, 1」のように日数を半角数字で区切って入力してください。" } };
  const overdue = dayTokens(form, "overdueEveryDays");
  if (overdue.length > 1 || (overdue.length === 1 && !/^\d+$/.test(overdue[0]!))) return { ok: false, errors: { form: OVERDUE_MESSAGE } };
  const values = echoCampaignForm(form);
  const parsed = schema.safeParse({ ...values, reminders: { ...values.reminders, overdueEveryDays: overdue.length ? Number(overdue[0]) : null } });
  if (parsed.success) return { ok: true, input: parsed.data };
  const errors: CampaignErrors = {};
  for (const issue of parsed.error.issues) {
    const field = FIELD_OF[String(issue.path[0])] ?? "form";
    errors[field] ??= /[ぁ-んァ-ン一-龥]/.test(issue.message) ? issue.message : "入力を確かめてください。";
  }
  return { ok: false, errors };
}

/** 「14, 7、1」 → ["14", "7", "1"] (全角 normalized). */
function dayTokens(form: FormData, name: string): string[] {
  return String(form.get(name) ?? "")
    .normalize("NFKC")
    .split(/[,、\s]+/)
    .filter(Boolean);
}

/** What was typed, to show the form again after an error (nothing is lost). */
export function echoCampaignForm(form: FormData) {
  const text = (k: string) => String(form.get(k) ?? "");
  const overdue = Number(dayTokens(form, "overdueEveryDays")[0]);
  return {
    key: text("key"),
    title: text("title"),
    description: text("description"),
    fiscalYear: Number(text("fiscalYear")),
    startsOn: text("startsOn"),
    dueOn: text("dueOn"),
    countEarlierCompletions: form.get("countEarlierCompletions") === "on",
    courseIds: form.getAll("courseIds").map(String),
    audience: {
      departmentIds: form.getAll("departmentIds").map(String),
      jobRankIds: form.getAll("jobRankIds").map(String),
      employmentTypes: form.getAll("employmentTypes").map(String),
      roles: form.getAll("roles").map(String),
    },
    reminders: {
      atStart: form.get("remindAtStart") === "on",
      daysBefore: [
        ...new Set(
          dayTokens(form, "daysBefore")
            .filter((d) => /^\d+$/.test(d))
            .map(Number),
        ),
      ].sort((a, b) => b - a),
      overdueEveryDays: Number.isInteger(overdue) && overdue > 0 ? overdue : null,
      copyManagerWhenOverdue: form.get("copyManagerWhenOverdue") === "on",
    },
  };
}
