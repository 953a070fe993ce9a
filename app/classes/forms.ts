import { z } from "zod";
import { normalizeKana, normalizePersonName } from "~/staff/names";
import { AGE_BANDS, NEEDS, type AgeBand } from "./constants";

const AGE_BAND_CODES = Object.keys(AGE_BANDS) as [AgeBand, ...AgeBand[]];

/**
 * ふりがな: hiragana (katakana is turned into hiragana). A name written in the Latin alphabet — many foreign residents'
 * — is read as it is written, so its reading may be given in Latin letters too (kept with ordinary spaces).
 */
const READING = /^(?:[\p{Script=Hiragana}ー・\u3000]+|[A-Za-z][A-Za-z .'-]*)$/u;

function normalizeReading(value: string): string {
  const kana = normalizeKana(value);
  return /^[A-Za-z .'\u3000-]+$/.test(kana) ? kana.replace(/\u3000/g, " ") : kana;
}

/** A resident's minimal details, as typed by the resident or by staff on the phone or at the door. */
export const personSchema = z.object({
  name: z.string().transform(normalizePersonName).pipe(z.string().min(1, "お名前を入力してください。").max(50, "お名前は50文字以内で入力してください。")),
  nameKana: z
    .string()
    .transform(normalizeReading)
    .pipe(z.string().min(1, "ふりがなを入力してください。").regex(READING, "ふりがなは、ひらがなで入力してください。")),
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

/** Keys of app/locales `person.errors`: what a resident's page says (in their language) for each field readPerson refused. */
export type PersonErrorKey =
  "nameRequired" | "nameTooLong" | "kanaRequired" | "kanaHiragana" | "phoneFormat" | "ageBandRequired" | "districtTooLong" | "invalid";

export function personErrorKeys(issues: readonly z.core.$ZodIssue[]): Record<string, PersonErrorKey> {
  const out: Record<string, PersonErrorKey> = {};
  for (const issue of issues) {
    const field = String(issue.path[0] ?? "form");
    const key: PersonErrorKey =
      field === "name"
        ? issue.code === "too_big"
          ? "nameTooLong"
          : "nameRequired"
        : field === "nameKana"
          ? issue.code === "too_small"
            ? "kanaRequired"
            : "kanaHiragana"
          : field === "phone"
            ? "phoneFormat"
            : field === "ageBand"
              ? "ageBandRequired"
              : field === "district"
                ? "districtTooLong"
                : "invalid";
    out[field] ??= key;
  }
  return out;
}

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
