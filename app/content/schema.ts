import { z } from "zod";
import { AUDIENCES, CATEGORIES, LEVELS, SLUG_PATTERN } from "./vocabulary";

const keysOf = <T extends Record<string, string>>(o: T) => Object.keys(o) as [keyof T & string, ...(keyof T & string)[]];

const title = z.string().trim().min(1).max(80);
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: "日付は YYYY-MM-DD の形で書いてください（例: 2026-11-22）" })
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
  }, "存在しない日付です");

export const courseFrontMatterSchema = z.strictObject({
  title,
  summary: z.string().trim().min(1).max(200),
  audience: z.enum(keysOf(AUDIENCES)),
  category: z.enum(keysOf(CATEGORIES)),
  level: z.enum(keysOf(LEVELS)),
  estimatedMinutes: z.number().int().min(1).max(600),
  language: z.string().regex(/^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/, { message: "言語は ja や en のような言語コードで書いてください" }),
  tags: z.array(z.string().trim().min(1).max(30)).max(20).default([]),
  reviewedOn: isoDate,
});
export type CourseFrontMatter = z.infer<typeof courseFrontMatterSchema>;

export const lessonFrontMatterSchema = z.strictObject({
  title,
  estimatedMinutes: z.number().int().min(1).max(120),
});
export type LessonFrontMatter = z.infer<typeof lessonFrontMatterSchema>;

/**
 * A course's translation (`index.<lang>.md`, e.g. index.en.md): the texts that are translated. Who the course is for,
 * its category, level and length come from the Japanese index.md and are not repeated. `reviewedOn` is the date the
 * translation's facts were last checked. `language`, if written, must be the file name's.
 */
export const courseTranslationFrontMatterSchema = z.strictObject({
  title,
  summary: z.string().trim().min(1).max(200),
  language: z.string().optional(),
  tags: z.array(z.string().trim().min(1).max(30)).max(20).default([]),
  reviewedOn: isoDate,
});
export type CourseTranslationFrontMatter = z.infer<typeof courseTranslationFrontMatterSchema>;

/** A lesson's translation (`NN-<slug>.<lang>.md`) has the same front matter as the lesson. */
export const lessonTranslationFrontMatterSchema = lessonFrontMatterSchema;

/** Fields of index.md that a course translation does not repeat (they are the same in every language). */
export const COURSE_ONLY_FIELDS = ["audience", "category", "level", "estimatedMinutes"] as const;

/** Languages as authors read them in content:check messages. */
export const LANGUAGE_NAMES_JA: Record<string, string> = { ja: "日本語", en: "英語" };

/** One KPI of a DX plan (content files and the DX office's edit form share this). */
export const kpiItemSchema = z.strictObject({
  code: z.string().regex(SLUG_PATTERN, { message: "code は半角英小文字・数字・ハイフンで書いてください" }),
  name: z.string().trim().min(1).max(100),
  policyArea: z.string().trim().min(1).max(100),
  unit: z.string().trim().min(1).max(10),
  direction: z.enum(["increase", "decrease", "keep"]),
  accumulation: z.enum(["yearly", "level"]),
  baseline: z.strictObject({ value: z.number(), fiscalYear: z.number().int().min(2000).max(2100) }),
  targets: z.record(z.string().regex(/^\d{4}$/, { message: "目標の年度は 2027 のように4桁で書いてください" }), z.number()),
  source: z.discriminatedUnion("kind", [
    z.strictObject({
      kind: z.literal("records"),
      metric: z.enum(["sessions_held", "unique_participants", "total_attendances", "average_satisfaction"]),
      filters: z
        .strictObject({ category: z.string().optional(), audience: z.enum(["residents", "staff"]).optional(), organizerType: z.string().optional() })
        .default({}),
    }),
    z.strictObject({ kind: z.literal("manual"), aggregate: z.enum(["sum", "latest"]) }),
    // Figures of a certification programme (content/programs/<slug>.yaml) enabled by the organization.
    z.strictObject({
      kind: z.literal("program"),
      program: z.string().regex(SLUG_PATTERN, { message: "program は半角英小文字・数字・ハイフンで書いてください" }),
      metric: z.enum(["certified_promoters", "promoter_coverage", "confirmed_activities"]),
    }),
    // Completion rate (%) of a mandatory-training campaign (its yearly key) or of a course among active staff.
    z
      .strictObject({
        kind: z.literal("completion"),
        campaign: z.string().regex(SLUG_PATTERN, { message: "campaign は必修研修の識別名（半角英小文字・数字・ハイフン）で書いてください" }).optional(),
        course: z.string().regex(SLUG_PATTERN, { message: "course は講座のフォルダ名で書いてください" }).optional(),
      })
      .refine((s) => (s.campaign === undefined) !== (s.course === undefined), { message: "completion には campaign か course のどちらか一方を書いてください" }),
  ]),
});

export const organizationSchema = z.strictObject({
  slug: z.string().regex(SLUG_PATTERN, { message: "slug は半角英小文字・数字・ハイフンで書いてください" }),
  name: z.string().trim().min(1).max(40),
  nameKana: z.string().trim().regex(/^[\p{Script=Hiragana}ー・\s]+$/u, { message: "ひらがなで書いてください" }),
  prefecture: z.string().trim().min(1).max(10),
  /** Days after a class that residents' personal data is kept before the retention job anonymizes it. */
  residentDataRetentionDays: z.number().int().min(30).max(3650).default(365),
  /** Publish the KPI figures as open data (JSON). */
  publishKpis: z.boolean().default(false),
  /** Certification programmes (content/programs/<slug>.yaml) the organization runs, e.g. [dx-promoter]. */
  programs: z.array(z.string().regex(SLUG_PATTERN, { message: "programs には制度のファイル名（.yaml を除く）を書いてください" })).default([]),
  /** 職位, highest first. Defaults to DEFAULT_JOB_RANKS. */
  jobRanks: z.array(z.string().trim().min(1).max(20)).min(1).optional(),
  /** KPIs of the organization's DX plan (issue #6), with where their actual figures come from. */
  kpis: z.array(kpiItemSchema).default([]),
  departments: z
    .array(
      z.strictObject({
        code: z.string().regex(SLUG_PATTERN, { message: "code は半角英小文字・数字・ハイフンで書いてください" }),
        name: z.string().trim().min(1).max(40),
      }),
    )
    .min(1),
});
export type OrganizationFile = z.infer<typeof organizationSchema>;
export type KpiFile = NonNullable<OrganizationFile["kpis"]>[number];

/** One problem with one content file, printed as `file: field: reason` on a single line. */
export interface ContentProblem {
  file: string;
  field?: string;
  message: string;
}

export function formatProblem(p: ContentProblem): string {
  return p.field ? `${p.file}: ${p.field}: ${p.message}` : `${p.file}: ${p.message}`;
}

const TYPE_NAMES: Record<string, string> = {
  string: "文字列",
  number: "数値",
  int: "整数",
  boolean: "true か false",
  array: "リスト（[a, b] の形）",
  object: "項目の集まり",
};

function show(value: unknown): string {
  if (value === undefined) return "なし";
  const text = typeof value === "string" ? `"${value}"` : JSON.stringify(value);
  return text && text.length > 40 ? `${text.slice(0, 37)}…` : String(text);
}

/** Turns zod issues into plain Japanese, one problem per issue, naming the field. */
export function describeIssues(file: string, issues: readonly z.core.$ZodIssue[]): ContentProblem[] {
  return issues.flatMap((issue): ContentProblem[] => {
    const field = issue.path.length ? issue.path.map(String).join(".") : undefined;
    const input = (issue as { input?: unknown }).input;
    switch (issue.code) {
      case "invalid_type":
        return [
          {
            file,
            field,
            message:
              input === undefined
                ? "必須の項目がありません"
                : `${TYPE_NAMES[issue.expected] ?? issue.expected}で書いてください（いまの値: ${show(input)}）`,
          },
        ];
      case "invalid_value":
        return [{ file, field, message: `次のどれかを書いてください: ${issue.values.map(String).join(" / ")}（いまの値: ${show(input)}）` }];
      case "too_small":
        return [
          {
            file,
            field,
            message:
              issue.origin === "string"
                ? Number(issue.minimum) <= 1
                  ? "空です。内容を書いてください"
                  : `${issue.minimum}文字以上で書いてください`
                : issue.origin === "array"
                  ? `${issue.minimum}個以上必要です`
                  : `${issue.minimum}以上の数にしてください（いまの値: ${show(input)}）`,
          },
        ];
      case "too_big":
        return [
          {
            file,
            field,
            message:
              issue.origin === "string"
                ? `${issue.maximum}文字以内で書いてください`
                : issue.origin === "array"
                  ? `${issue.maximum}個までにしてください`
                  : `${issue.maximum}以下の数にしてください（いまの値: ${show(input)}）`,
          },
        ];
      case "unrecognized_keys":
        return issue.keys.map((key) => ({
          file,
          field: field ? `${field}.${key}` : key,
          message: "知らない項目です（綴りを確認してください。使える項目は docs/content-format.md にあります）",
        }));
      default:
        return [{ file, field, message: issue.message }];
    }
  });
}
