import { randomInt } from "node:crypto";
import { and, asc, desc, eq, sql } from "drizzle-orm";
import { queryRows, type Db } from "../../db/client";
import { cachedContent } from "~/content/cache.server";
import { courses, quizAttempts, quizTranslations, quizVersions, quizzes } from "../../db/schema";
import { cycleStart, evaluateCourseCompletion } from "~/learning/progress.server";
import { gradeQuiz, type Answer, type QuizResult } from "./grading";
import type { QuizDefinition } from "./schema";
import { newTokenSecret } from "./tokens.server";
import { isUuid } from "~/kernel/uuid";
import type { Result } from "~/kernel/result";

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

export type StartResult = Result<{ attemptId: string }>;

/**
 * Starts an attempt on the quiz's current version, or returns the one already in progress. Refuses when the attempts
 * allowed are used up. Two simultaneous starts cannot both succeed: attempt numbers and "one open attempt" are unique.
 *
 * One statement does it all (bench/RESULTS.md: every statement costs the server a socket write): attempts past their
 * deadline are expired, an open one is returned, and otherwise a new one is inserted if this fiscal year's attempts
 * allow it. The statement sees the attempts as they were before it, so the ones it expires are left out by id.
 */
export async function startAttempt(db: Db, learner: Learner, quiz: QuizRecord): Promise<StartResult> {
  const allowed = quiz.definition.attempts ?? null;
  const limit = quiz.definition.timeLimitMinutes ?? null;
  // Attempts are counted per fiscal year: mandatory courses are taken again every year.
  const since = cycleStart().toISOString();
  let row: { open_id: string | null; new_id: string | null } | undefined;
  try {
    [row] = await queryRows<{ open_id: string | null; new_id: string | null }>(
      db,
      sql`with expired as (
            update quiz_attempts set status = 'expired'
            where user_id = ${learner.userId} and quiz_id = ${quiz.id} and status = 'in_progress'
              and deadline_at + make_interval(secs => ${DEADLINE_GRACE_MS / 1000}) < now()
            returning id
          ), mine as (
            select id, attempt_number, status, started_at from quiz_attempts
            where user_id = ${learner.userId} and quiz_id = ${quiz.id} and organization_id = ${learner.organizationId}
          ), open as (
            select id from mine where status = 'in_progress' and id not in (select id from expired) order by attempt_number desc limit 1
          ), counts as (
            select coalesce(max(attempt_number), 0) as last, count(*) filter (where started_at >= ${since}::timestamptz) as this_year from mine
          ), created as (
            insert into quiz_attempts (organization_id, user_id, quiz_id, quiz_version_id, attempt_number, seed, token_secret, deadline_at)
            select ${learner.organizationId}, ${learner.userId}, ${quiz.id}, ${quiz.versionId}, counts.last + 1, ${randomInt(1, 2 ** 31 - 1)}, ${newTokenSecret()},
              case when ${limit}::int is null then null else now() + make_interval(mins => ${limit}::int) end
            from counts
            where not exists (select 1 from open) and (${allowed}::int is null or counts.this_year < ${allowed}::int)
            returning id
          )
          select (select id from open) as open_id, (select id from created) as new_id`,
    );
  } catch (error) {
    // Lost a race with another tab: whatever that tab created is the attempt to continue.
    const open = (await listAttempts(db, learner, quiz.id)).find((a) => a.status === "in_progress");
    if (open) return { ok: true, attemptId: open.id };
    throw error;
  }
  const id = row?.open_id ?? row?.new_id;
  if (id) return { ok: true, attemptId: id };
  return { ok: false, error: `今年度に受験できる回数（${allowed}回）をすべて使いました。受験回数を増やす必要があるときは、研修の担当者にご相談ください。` };
}

/** An attempt of this learner only (anyone else — even an admin — gets null here), with the version it started on. */
export async function getAttempt(db: Db, learner: Learner, attemptId: string) {
  if (!isUuid(attemptId)) return null;
  const [row] = await db
    .select({
      id: quizAttempts.id,
      quizId: quizAttempts.quizId,
      attemptNumber: quizAttempts.attemptNumber,
      seed: quizAttempts.seed,
      /** Server only: the key of the attempt's opaque form values (decision 018). */
      tokenSecret: quizAttempts.tokenSecret,
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
  const version = await quizVersion(db, row.quizVersionId);
  return { ...row, definition: version.definition, courseId: version.courseId, answers: row.answers as Record<string, Answer> | null, now: new Date(row.now) };
}

/**
 * A quiz version's definition and its quiz's course. Versions never change once written, and a quiz never moves to
 * another course (quizzes are unique per course and slug), so each is read once per process.
 */
function quizVersion(db: Db, versionId: string): Promise<{ definition: QuizDefinition; courseId: string }> {
  return cachedContent(db, `quiz-version:${versionId}`, async () => {
    const [version] = await db
      .select({ definition: quizVersions.definition, courseId: quizzes.courseId })
      .from(quizVersions)
      .innerJoin(quizzes, eq(quizzes.id, quizVersions.quizId))
      .where(eq(quizVersions.id, versionId));
    if (!version) throw new Error(`quiz version ${versionId} is missing`);
    return { definition: version.definition as QuizDefinition, courseId: version.courseId };
  });
}

export type AttemptRecord = NonNullable<Awaited<ReturnType<typeof getAttempt>>>;

export type SubmitResult = { ok: true; result: QuizResult; alreadySubmitted: boolean; courseCompleted: boolean } | { ok: false; error: string; status: number };

/**
 * Grades and records an attempt, once. The grading uses the quiz version the attempt started on. A second submission
 * (double click, back button, retry) changes nothing and reports the recorded result.
 */
export async function submitAttempt(
  db: Db,
  learner: Learner,
  attemptId: string,
  answers: Record<string, Answer>,
  loaded?: AttemptRecord,
): Promise<SubmitResult> {
  // The page has usually read the attempt already; a concurrent submission is settled by the conditional update below.
  const attempt = loaded?.id === attemptId ? loaded : await getAttempt(db, learner, attemptId);
  if (!attempt) return { ok: false, error: "受験が見つかりません。", status: 404 };
  if (attempt.status === "submitted") {
    return { ok: true, result: gradeQuiz(attempt.definition, attempt.answers ?? {}), alreadySubmitted: true, courseCompleted: false };
  }
  if (attempt.status === "expired" || (attempt.deadlineAt && attempt.now.getTime() > attempt.deadlineAt.getTime() + DEADLINE_GRACE_MS)) {
    await db
      .update(quizAttempts)
      .set({ status: "expired" })
      .where(and(eq(quizAttempts.id, attempt.id), eq(quizAttempts.status, "in_progress")));
    return {
      ok: false,
      error: "制限時間を過ぎたため、この回答は受け付けられませんでした。もう一度受験できる場合は、最初からやり直してください。",
      status: 409,
    };
  }
  const result = gradeQuiz(attempt.definition, answers);
  const rows = result.questions.map((q) => ({
    question_id: q.questionId,
    response: !q.answer ? [] : "choices" in q.answer ? q.answer.choices : "value" in q.answer ? [String(q.answer.value)] : q.answer.order,
    correct: q.correct,
    points: q.points,
  }));
  const outcome = await db.transaction(async (tx) => {
    // Only the first submission moves the attempt out of in_progress; a concurrent second one updates nothing, and so
    // writes no answers either (the update and the answers' insert are one statement).
    const [written] = await queryRows<{ recorded: number }>(
      tx,
      sql`with submitted as (
            update quiz_attempts set status = 'submitted', submitted_at = now(), score = ${result.score}, max_score = ${result.maxScore},
              percent = ${result.percent}, passed = ${result.passed}, answers = ${JSON.stringify(answers)}::jsonb
            where id = ${attempt.id} and status = 'in_progress'
            returning id
          ), answered as (
            insert into quiz_answers (attempt_id, organization_id, quiz_id, question_id, response, correct, points)
            select submitted.id, ${learner.organizationId}, ${attempt.quizId}, a.question_id, array(select jsonb_array_elements_text(a.response)), a.correct, a.points
            from submitted, jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as a(question_id text, response jsonb, correct boolean, points real)
            returning 1
          )
          select (select count(*) from submitted)::int as recorded`,
    );
    if (!Number(written?.recorded)) return { recorded: false, courseCompleted: false };
    const courseCompleted = result.passed ? await evaluateCourseCompletion(tx, learner, attempt.courseId) : false;
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
    .select({
      quizId: quizzes.id,
      slug: quizzes.slug,
      title: quizzes.title,
      required: quizzes.required,
      best: sql<number | null>`max(${quizAttempts.percent})`,
      passed: sql<boolean>`coalesce(bool_or(${quizAttempts.passed}), false)`,
    })
    .from(quizzes)
    .leftJoin(
      quizAttempts,
      and(
        eq(quizAttempts.quizId, quizzes.id),
        eq(quizAttempts.userId, learner.userId),
        eq(quizAttempts.organizationId, learner.organizationId),
        eq(quizAttempts.status, "submitted"),
        sql`${quizAttempts.submittedAt} >= ${cycleStart().toISOString()}`,
      ),
    )
    .where(and(eq(quizzes.courseId, courseId), eq(quizzes.archived, false)))
    .groupBy(quizzes.id)
    .orderBy(asc(quizzes.slug));
}
