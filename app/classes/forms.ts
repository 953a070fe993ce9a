import { z } from "zod";
import { normalizeKana, normalizePersonName } from "~/staff/names";
import { AGE_BANDS, NEEDS, type AgeBand } from "./constants";

const AGE_BAND_CODES = Object.keys(AGE_BANDS) as [AgeBand, ...AgeBand[]];

/** A resident's minimal details, as typed by the resident or by staff on the phone or at the door. */
export const personSchema = z.object({
  name: z.string().transform(normalizePersonName).pipe(z.string().min(1, "お名前を入力してください。").max(50, "お名前は50文字以内で入力してください。")),
  nameKana: z
    .string()
    .transform(normalizeKana)
    .pipe(z.string().min(1, "ふりがなを入力してください。").regex(/^[\p{Script=Hiragana}ー・\u3000]+$/u, "ふりがなは、ひらがなで入力してください。")),
  phone: z
    .string()
    .transform((s) => s.normalize("NFKC").replace(/[^\d-]/g, ""))
    .refine((s) => s === "" || /^\d{2,4}-?\d{1,4}-?\d{3,4}$/.test(s), "電話番号は「029-123-4567」のように入力してください（なくてもかまいません）。")
    .transform((s) => s || null),
  ageBand: z.enum(AGE_BAND_CODES, { message: "年代を選んでください。" }),
  district: z
    .string()
    .trim()
    .max(40, "地区は40文字以内で入力してください。")
    .transform((s) => s || null),
  needs: z.array(z.enum(Object.keys(NEEDS) as [string, ...string[]])),
});

export function readPerson(form: FormData) {
  return personSchema.safeParse({
    name: String(form.get("name") ?? ""),
    nameKana: String(form.get("nameKana") ?? ""),
    phone: String(form.get("phone") ?? ""),
    ageBand: form.get("ageBand") ?? undefined,
    district: String(form.get("district") ?? ""),
    needs: form.getAll("needs").map(String),
  });
}

export const surveySchema = z.object({
  satisfaction: z.coerce.number().int().min(1, "満足度を1〜5で選んでください。").max(5, "満足度を1〜5で選んでください。"),
  clarity: z.coerce.number().int().min(1, "わかりやすさを1〜5で選んでください。").max(5, "わかりやすさを1〜5で選んでください。"),
  nextTopic: z
    .string()
    .trim()
    .max(200)
    .transform((s) => s || null),
  comment: z
    .string()
    .trim()
    .max(1000)
    .transform((s) => s || null),
});

export function readSurvey(form: FormData) {
  return surveySchema.safeParse({
    satisfaction: form.get("satisfaction") ?? 0,
    clarity: form.get("clarity") ?? 0,
    nextTopic: String(form.get("nextTopic") ?? ""),
    comment: String(form.get("comment") ?? ""),
  });
}
