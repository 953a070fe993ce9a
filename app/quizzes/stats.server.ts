import { toCsv } from "~/http/csv.server";
import { and, asc, eq, sql } from "drizzle-orm";
import { queryRows, type Db } from "../../db/client";
import { courses, quizAnswers, quizAttempts, quizVersions, quizzes } from "../../db/schema";
import type { QuizDefinition } from "./schema";
import { isUuid } from "~/kernel/uuid";

/** Attempts, pass rate and average score of every exam, within one organization. Counted in SQL, not in memory. */
export async function quizOverview(db: Db, organizationId: string) {
  return db
    .select({
      id: quizzes.id,
      title: quizzes.title,
      courseTitle: courses.title,
      attempts: sql<number>`count(${quizAttempts.id})::int`,
      people: sql<number>`count(distinct ${quizAttempts.userId})::int`,
      passRate: sql<number | null>`round((avg(case when ${quizAttempts.passed} then 100.0 else 0 end))::numeric, 1)::float8`,
      averagePercent: sql<number | null>`round(avg(${quizAttempts.percent})::numeric, 1)::float8`,
    })
    .from(quizzes)
    .innerJoin(courses, eq(courses.id, quizzes.courseId))
    .leftJoin(quizAttempts, and(eq(quizAttempts.quizId, quizzes.id), eq(quizAttempts.organizationId, organizationId), eq(quizAttempts.status, "submitted")))
    .where(and(eq(quizzes.mode, "exam"), eq(quizzes.archived, false)))
    .groupBy(quizzes.id, courses.title)
    .orderBy(asc(courses.title), asc(quizzes.slug));
}

export interface ItemAnalysis {
  quiz: { id: string; title: string; courseTitle: string };
  totals: { attempts: number; people: number; passRate: number | null; averagePercent: number | null };
  questions: {
    id: string;
    type: string;
    prompt: string;
    answered: number;
    /** Share of answers that were fully correct, 0–100. */
    correctRate: number | null;
    options: { id: string; text: string; correct: boolean; chosen: number; share: number | null }[];
  }[];
}

/**
 * Item analysis of one exam in one organization: per question the correct rate, and per choice the share of people
 * who chose it, so that weak questions and common misunderstandings stand out. Question texts come from the current
 * version; answers from every version count under their question id.
 */
export async function itemAnalysis(db: Db, organizationId: string, quizId: string): Promise<ItemAnalysis | null> {
  if (!isUuid(quizId)) return null;
  const [quiz] = await db
    .select({ id: quizzes.id, title: quizzes.title, courseTitle: courses.title, definition: quizVersions.definition })
    .from(quizzes)
    .innerJoin(courses, eq(courses.id, quizzes.courseId))
    .innerJoin(quizVersions, eq(quizVersions.id, quizzes.currentVersionId))
    .where(and(eq(quizzes.id, quizId), eq(quizzes.mode, "exam")));
  if (!quiz) return null;
  const def = quiz.definition as QuizDefinition;
  const [totals] = await db
    .select({
      attempts: sql<number>`count(*)::int`,
      people: sql<number>`count(distinct ${quizAttempts.userId})::int`,
      passRate: sql<number | null>`round((avg(case when ${quizAttempts.passed} then 100.0 else 0 end))::numeric, 1)::float8`,
      averagePercent: sql<number | null>`round(avg(${quizAttempts.percent})::numeric, 1)::float8`,
    })
    .from(quizAttempts)
    .where(and(eq(quizAttempts.quizId, quizId), eq(quizAttempts.organizationId, organizationId), eq(quizAttempts.status, "submitted")));
  const perQuestion = await db
    .select({
      questionId: quizAnswers.questionId,
      answered: sql<number>`count(*)::int`,
      correct: sql<number>`count(*) filter (where ${quizAnswers.correct})::int`,
    })
    .from(quizAnswers)
    .where(and(eq(quizAnswers.quizId, quizId), eq(quizAnswers.organizationId, organizationId)))
    .groupBy(quizAnswers.questionId);
  const choiceRows = await queryRows<{ question_id: string; choice: string; n: number }>(
    db,
    sql`
    select question_id, choice, count(*)::int as n
    from ${quizAnswers}, unnest(${quizAnswers.response}) as choice
    where ${quizAnswers.quizId} = ${quizId} and ${quizAnswers.organizationId} = ${organizationId}
    group by question_id, choice`,
  );
  const byQuestion = new Map(perQuestion.map((r) => [r.questionId, r]));
  const pct = (n: number, d: number) => (d ? Math.round((n / d) * 1000) / 10 : null);
  return {
    quiz: { id: quiz.id, title: quiz.title, courseTitle: quiz.courseTitle },
    totals: totals ?? { attempts: 0, people: 0, passRate: null, averagePercent: null },
    questions: def.questions.map((q) => {
      const stat = byQuestion.get(q.id);
      const answered = stat?.answered ?? 0;
      const chosen = (id: string) => choiceRows.find((r) => r.question_id === q.id && r.choice === id)?.n ?? 0;
      // Ordering responses list every item, so a per-item share says nothing: only the correct rate is shown.
      const options =
        q.type === "single" || q.type === "multiple"
          ? q.choices.map((c) => ({ id: c.id, text: c.text, correct: c.correct, chosen: chosen(c.id), share: pct(chosen(c.id), answered) }))
          : q.type === "truefalse"
            ? [true, false].map((v) => ({
                id: String(v),
                text: v ? "正しい" : "誤り",
                correct: q.answer === v,
                chosen: chosen(String(v)),
                share: pct(chosen(String(v)), answered),
              }))
            : [];
      return { id: q.id, type: q.type, prompt: q.prompt, answered, correctRate: pct(stat?.correct ?? 0, answered), options };
    }),
  };
}

/** The item analysis as CSV, UTF-8 with a BOM so that Excel opens the Japanese correctly. */
export function itemAnalysisCsv(analysis: ItemAnalysis): string {
  const rows: (string | number | null)[][] = [["問題ID", "問題文", "回答数", "正答率(%)", "選択肢ID", "選択肢", "正解", "選んだ人数", "選択率(%)"]];
  for (const q of analysis.questions) {
    const prompt = q.prompt.replace(/\s+/g, " ").trim();
    if (q.options.length === 0) rows.push([q.id, prompt, q.answered, q.correctRate, "", "", "", "", ""]);
    for (const o of q.options) rows.push([q.id, prompt, q.answered, q.correctRate, o.id, o.text, o.correct ? "○" : "", o.chosen, o.share]);
  }
  return toCsv(rows);
}
