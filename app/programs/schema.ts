import { z } from "zod";
import { EMPLOYMENT_TYPE_CODES } from "~/staff/constants";

/**
 * A certification programme (e.g. DX推進員), written in `content/programs/<slug>.yaml` and validated like all content.
 * Shared by the instance like the curriculum; organizations enable it in their own file (`programs: [dx-promoter]`).
 */
const slug = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { message: "半角英小文字・数字・ハイフンで書いてください（例: dx-promoter-basics）" });

const trainings = z.strictObject({
  /** The category of the staff trainings (集合研修) that count, e.g. dx-literacy (DX実践研修, 階層別DX研修). */
  category: z.string().trim().min(1),
  /** How many attended sessions are needed (出席・遅刻・早退 count as attended). */
  count: z.number().int().min(1).max(50),
});

export const programSchema = z.strictObject({
  title: z.string().trim().min(1).max(40),
  /** One or two sentences for lists. */
  summary: z.string().trim().min(1).max(200),
  /** Markdown, shown on the programme page. */
  description: z.string().trim().min(1).max(4000),
  eligibility: z.strictObject({
    /** The highest 職位 that may apply (by name, as in the organization's 職位 list); everyone at or below it may. */
    maxJobRank: z.string().trim().min(1).max(20).optional(),
    /** 雇用形態 that may apply; omit for all. */
    employmentTypes: z.array(z.enum(EMPLOYMENT_TYPE_CODES)).min(1).optional(),
  }),
  selectionExam: z.strictObject({
    course: slug,
    quiz: slug,
    /** The programme's own pass mark (percent), independent of the quiz's. */
    passMark: z.number().min(0).max(100),
  }),
  requiredCourses: z.array(slug).max(10).default([]),
  requiredTrainings: trainings.optional(),
  /** 業務改善レポート approved by HR. */
  improvementReport: z.boolean().default(false),
  /** A certificate is valid until the end (31 March) of this many fiscal years, counting the year of certification. */
  validityFiscalYears: z.number().int().min(1).max(10),
  renewal: z
    .strictObject({
      /** Renewal opens this many fiscal years before the end of validity (1 = during the last fiscal year). */
      windowFiscalYears: z.number().int().min(1).max(10).default(1),
      /** Courses completed again during the current validity. */
      requiredCourses: z.array(slug).max(10).default([]),
      requiredTrainings: trainings.optional(),
      improvementReport: z.boolean().default(false),
      /** Improvement activities confirmed by the 課長 during the current validity. */
      confirmedActivities: z.number().int().min(0).max(100).default(0),
    })
    .optional(),
});
export type ProgramDefinition = z.infer<typeof programSchema>;
export type TrainingRequirement = z.infer<typeof trainings>;
