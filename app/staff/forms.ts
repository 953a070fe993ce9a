import { z } from "zod";
import { EMPLOYMENT_TYPE_CODES, ROLE_CODES } from "./constants";
import { normalizeKana, normalizePersonName } from "./names";
import { uuidSchema } from "~/kernel/uuid";

/** The staff edit form (admin), with messages that name the field. */
export const staffFormSchema = z.object({
  staffNumber: z
    .string()
    .trim()
    .transform((s) => s.normalize("NFKC"))
    .pipe(z.string().regex(/^[A-Za-z0-9-]{1,20}$/, "職員番号は半角の英数字とハイフン（20文字まで）で入力してください。")),
  // The same canonical forms as the roster import (NFKC, one 全角 space between family and given name, katakana →
  // hiragana), so a name typed here and the same name in HR's CSV compare equal.
  name: z.string().transform(normalizePersonName).pipe(z.string().min(1, "氏名を入力してください。").max(50, "氏名は50文字以内で入力してください。")),
  nameKana: z
    .string()
    .transform(normalizeKana)
    .pipe(
      z
        .string()
        .min(1, "ふりがなを入力してください。")
        .regex(/^[\p{Script=Hiragana}ー・\u3000]+$/u, "ふりがなは、ひらがなで入力してください。"),
    ),
  email: z
    .string()
    .trim()
    .toLowerCase()
    .max(254)
    .refine((s) => s === "" || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s), "メールアドレスの形が正しくありません（例: taro@example.lg.jp）。")
    .transform((s) => (s === "" ? null : s)),
  departmentId: uuidSchema("所属（課）を選んでください。"),
  jobRankId: z
    .string()
    .transform((s) => (s === "" ? null : s))
    .pipe(uuidSchema("職位を一覧から選んでください。").nullable()),
  employmentType: z.enum(EMPLOYMENT_TYPE_CODES, { message: "雇用形態を選んでください。" }),
  active: z.boolean(),
});

export function readStaffForm(form: FormData) {
  return staffFormSchema.safeParse({
    staffNumber: String(form.get("staffNumber") ?? ""),
    name: String(form.get("name") ?? ""),
    nameKana: String(form.get("nameKana") ?? ""),
    email: String(form.get("email") ?? ""),
    departmentId: String(form.get("departmentId") ?? ""),
    jobRankId: String(form.get("jobRankId") ?? ""),
    employmentType: form.get("employmentType"),
    active: form.get("active") === "on",
  });
}

export const rolesSchema = z.array(z.enum(ROLE_CODES));

/** zod issues → { field: message }, first message per field. */
export function toFieldErrors(issues: readonly z.core.$ZodIssue[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of issues) {
    const key = String(issue.path[0] ?? "form");
    out[key] ??= issue.message;
  }
  return out;
}
