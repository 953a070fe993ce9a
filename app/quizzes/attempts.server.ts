import { randomInt } from "node:crypto";
import { and, asc, desc, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { cachedContent } from "~/content/cache.server";
import { courses, quizAnswers, quizAttempts, quizTranslations, quizVersions, quizzes } from "../../db/schema";
import { cycleStart, evaluateCourseCompletion } from "~/learning/progress.server";
import { gradeQuiz, type Answer, type QuizResult } from "./grading";
import type { QuizDefinition } from "./schema";

/** A grace period for the network: answers sent within 30 s after the deadline still count. */
export const DEADLINE_GRACE_MS = 30_000;

export interface Learner {
  userId: string;
  organizationId: string;
}

/** The current version of a published quiz of a published course, or null; its texts in `language` where translated. */
export function getQuiz(db: Db, courseSlug: string, quizSlug: string, language?: string) {
  // Quizzes change only when content/ is synced: kept with the other curriculum content (content/cache.server.ts).
  return cachedContent(db, `quiz:${courseSlug}:${quizSlug}:${language ?? ""}`, () => readQuiz(db, courseSlug, quizSlug, language));
}

async function readQuiz(db: Db, courseSlug: string, quizSlug: string, language?: string) {
  const [row] = await db
    .select({
      id: quizzes.id,
      slug: quizzes.slug,
      title: quizzes.title,
      mode: quizzes.mode,
      required: quizzes.required,
      courseId: courses.id,
      courseSlug: courses.slug,
      courseTitle: courses.title,
      courseLanguage: courses.language,
      courseAudience: courses.audience,
      versionId: quizVersions.id,
      definition: quizVersions.definition,
      translationTitle: quizTranslations.title,
      translationDefinition: quizTranslations.definition,
    })
    .from(quizzes)
    .innerJoin(courses, eq(courses.id, quizzes.courseId))
    .innerJoin(quizVersions, eq(quizVersions.id, quizzes.currentVersionId))
    .leftJoin(quizTranslations, and(eq(quizTranslations.quizId, quizzes.id), eq(quizTranslations.language, language ?? "")))
    .where(and(eq(courses.slug, courseSlug), eq(quizzes.slug, quizSlug), eq(courses.archived, false), eq(quizzes.archived, false)))
    .limit(1);
  if (!row) return null;
  const { translationTitle, translationDefinition, ...quiz } = row;
  // A self-check may be translated (same ids and answers, see applyQuizTranslation); exams never are.
  const translated = translationDefinition !== null && language !== undefined;
  return {
    ...quiz,
    title: translated ? translationTitle! : quiz.title,
    definition: (translated ? translationDefinition : quiz.definition) as QuizDefinition,
    /** The language the quiz's texts are in. */
    language: translated ? language : quiz.courseLanguage,
    translated,
  };
}
export type QuizRecord = NonNullable<Awaited<ReturnType<typeof getQuiz>>>;

/** The learner's attempts at a quiz, newest first. */
export async function listAttempts(db: Db, learner: Learner, quizId: string) {
  return db
    .select({
      id: quizAttempts.id,
      attemptNumber: quizAttempts.attemptNumber,
      status: quizAttempts.status,
      startedAt: quizAttempts.startedAt,
      deadlineAt: quizAttempts.deadlineAt,
      submittedAt: quizAttempts.submittedAt,
      percent: quizAttempts.percent,
      passed: quizAttempts.passed,
    })
    .from(quizAttempts)
    .where(and(eq(quizAttempts.userId, learner.userId), eq(quizAttempts.quizId, quizId), eq(quizAttempts.organizationId, learner.organizationId)))
    .orderBy(desc(quizAttempts.attemptNumber));
}

export type StartResult = { ok: true; attemptId: string } | { ok: false; error: string };

/**
 * Starts an attempt on the quiz's current version, or returns the one already in progress. Refuses when the attempts
 * allowed are used up. Two simultaneous starts cannot both succeed: attempt numbers and "one open attempt" are unique.
 */
export async function startAttempt(db: Db, learner: Learner, quiz: QuizRecord): Promise<StartResult> {
  await expireOverdue(db, learner, quiz.id);
  try {
    return await db.transaction(async (tx) => {
      const attempts = await listAttempts(tx, learner, quiz.id);
      const open = attempts.find((a) => a.status === "in_progress");
      if (open) return { ok: true as const, attemptId: open.id };
      const allowed = quiz.definition.attempts;
      // Attempts are counted per fiscal year: mandatory courses are taken again every year.
      const since = cycleStart();
      if (allowed !== undefined && attempts.filter((a) => a.startedAt >= since).length >= allowed) {
        return { ok: false as const, error: `今年度に受験できる回数（${allowed}回）をすべて使いました。受験回数を増やす必要があるときは、研修の担当者にご相談ください。` };
      }
      const limit = quiz.definition.timeLimitMinutes;
      const [row] = await tx
        .insert(quizAttempts)
        .values({
          organizationId: learner.organizationId,
          userId: learner.userId,
          quizId: quiz.id,
          quizVersionId: quiz.versionId,
          attemptNumber: (attempts[0]?.attemptNumber ?? 0) + 1,
          seed: randomInt(1, 2 ** 31 - 1),
          deadlineAt: limit ? sql`now() + make_interval(mins => ${limit})` : null,
        })
        .returning({ id: quizAttempts.id });
      return { ok: true as const, attemptId: row!.id };
    });
  } catch (error) {
    // Lost a race with another tab: whatever that tab created is the attempt to continue.
    const open = (await listAttempts(db, learner, quiz.id)).find((a) => a.status === "in_progress");
    if (open) return { ok: true, attemptId: open.id };
    throw error;
  }
}

/** Marks the learner's in-progress attempts whose deadline (plus grace) has passed as expired. */
async function expireOverdue(db: Db, learner: Learner, quizId: string) {
  await db
    .update(quizAttempts)
    .set({ status: "expired" })
    .where(
      and(
        eq(quizAttempts.userId, learner.userId),
        eq(quizAttempts.quizId, quizId),
        eq(quizAttempts.status, "in_progress"),
        sql`${quizAttempts.deadlineAt} + make_interval(secs => ${DEADLINE_GRACE_MS / 1000}) < now()`,
      ),
    );
}

/** An attempt of this learner only (anyone else — even an admin — gets null here), with the version it started on. */
export async function getAttempt(db: Db, learner: Learner, attemptId: string) {
  if (!/^[0-9a-f-]{36}$/i.test(attemptId)) return null;
  const [row] = await db
    .select({
      id: quizAttempts.id,
      quizId: quizAttempts.quizId,
      attemptNumber: quizAttempts.attemptNumber,
      seed: quizAttempts.seed,
      status: quizAttempts.status,
      startedAt: quizAttempts.startedAt,
      deadlineAt: quizAttempts.deadlineAt,
      submittedAt: quizAttempts.submittedAt,
      score: quizAttempts.score,
      maxScore: quizAttempts.maxScore,
      percent: quizAttempts.percent,
      passed: quizAttempts.passed,
      answers: quizAttempts.answers,
      quizVersionId: quizAttempts.quizVersionId,
      now: sql<Date>`now()`,
    })
    .from(quizAttempts)
    .where(and(eq(quizAttempts.id, attemptId), eq(quizAttempts.userId, learner.userId), eq(quizAttempts.organizationId, learner.organizationId)))
    .limit(1);
  if (!row) return null;
  return { ...row, definition: await quizVersionDefinition(db, row.quizVersionId), answers: row.answers as Record<string, Answer> | null, now: new Date(row.now) };
}

/** A quiz version's definition. Versions never change once written, so each is read once per process. */
function quizVersionDefinition(db: Db, versionId: string): Promise<QuizDefinition> {
  return cachedContent(db, `quiz-version:${versionId}`, async () => {
    const [version] = await db.select({ definition: quizVersions.definition }).from(quizVersions).where(eq(quizVersions.id, versionId));
    if (!version) throw new Error(`quiz version ${versionId} is missing`);
    return version.definition as QuizDefinition;
  });
}
export type AttemptRecord = NonNullable<Awaited<ReturnType<typeof getAttempt>>>;

export type SubmitResult =
  | { ok: true; result: QuizResult; alreadySubmitted: boolean; courseCompleted: boolean }
  | { ok: false; error: string; status: number };

/**
 * Grades and records an attempt, once. The grading uses the quiz version the attempt started on. A second submission
 * (double click, back button, retry) changes nothing and reports the recorded result.
 */
export async function submitAttempt(db: Db, learner: Learner, attemptId: string, answers: Record<string, Answer>, loaded?: AttemptRecord): Promise<SubmitResult> {
  // The page has usually read the attempt already; a concurrent submission is settled by the conditional update below.
  const attempt = loaded?.id === attemptId ? loaded : await getAttempt(db, learner, attemptId);
  if (!attempt) return { ok: false, error: "受験が見つかりません。", status: 404 };
  if (attempt.status === "submitted") {
    return { ok: true, result: gradeQuiz(attempt.definition, attempt.answers ?? {}), alreadySubmitted: true, courseCompleted: false };
  }
  if (attempt.status === "expired" || (attempt.deadlineAt && attempt.now.getTime() > attempt.deadlineAt.getTime() + DEADLINE_GRACE_MS)) {
    await db.update(quizAttempts).set({ status: "expired" }).where(and(eq(quizAttempts.id, attempt.id), eq(quizAttempts.status, "in_progress")));
    return { ok: false, error: "制限時間を過ぎたため、この回答は受け付けられませんでした。もう一度受験できる場合は、最初からやり直してください。", status: 409 };
  }
  const result = gradeQuiz(attempt.definition, answers);
  const outcome = await db.transaction(async (tx) => {
    // Only the first submission moves the attempt out of in_progress; a concurrent second one updates nothing.
    const updated = await tx
      .update(quizAttempts)
      .set({ status: "submitted", submittedAt: sql`now()`, score: result.score, maxScore: result.maxScore, percent: result.percent, passed: result.passed, answers })
      .where(and(eq(quizAttempts.id, attempt.id), eq(quizAttempts.status, "in_progress")))
      .returning({ id: quizAttempts.id });
    if (!updated.length) return { recorded: false, courseCompleted: false };
    await tx.insert(quizAnswers).values(
      result.questions.map((q) => ({
        attemptId: attempt.id,
        organizationId: learner.organizationId,
        quizId: attempt.quizId,
        questionId: q.questionId,
        response: !q.answer ? [] : "choices" in q.answer ? q.answer.choices : "value" in q.answer ? [String(q.answer.value)] : q.answer.order,
        correct: q.correct,
        points: q.points,
      })),
    );
    const [quiz] = await tx.select({ courseId: quizzes.courseId }).from(quizzes).where(eq(quizzes.id, attempt.quizId));
    const courseCompleted = result.passed ? await evaluateCourseCompletion(tx, learner, quiz!.courseId) : false;
    return { recorded: true, courseCompleted };
  });
  if (!outcome.recorded) {
    const again = await getAttempt(db, learner, attemptId);
    return { ok: true, result: gradeQuiz(again!.definition, again!.answers ?? {}), alreadySubmitted: true, courseCompleted: false };
  }
  return { ok: true, result, alreadySubmitted: false, courseCompleted: outcome.courseCompleted };
}

/** Best passed result per quiz of a course for the learner (for the course page and completion record). */
export async function bestResults(db: Db, learner: Learner, courseId: string) {
  return db
    .select({ quizId: quizzes.id, slug: quizzes.slug, title: quizzes.title, required: quizzes.required, best: sql<number | null>`max(${quizAttempts.percent})`, passed: sql<boolean>`coalesce(bool_or(${quizAttempts.passed}), false)` })
    .from(quizzes)
    .leftJoin(
      quizAttempts,
      and(eq(quizAttempts.quizId, quizzes.id), eq(quizAttempts.userId, learner.userId), eq(quizAttempts.organizationId, learner.organizationId), eq(quizAttempts.status, "submitted"), sql`${quizAttempts.submittedAt} >= ${cycleStart().toISOString()}`),
    )
    .where(and(eq(quizzes.courseId, courseId), eq(quizzes.archived, false)))
    .groupBy(quizzes.id)
    .orderBy(asc(quizzes.slug));
}
