import { and, desc, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { courseCompletions, courses, lessonProgress, quizAttempts, quizzes } from "../../db/schema";
import { newVerificationCode } from "~/certificates/code.server";
import { fiscalYearOf, fiscalYearRange } from "~/kernel/dates";

export interface Learner {
  userId: string;
  organizationId: string;
}

/**
 * Records that the learner opened a lesson (first and last opened) and tells whether they completed it this fiscal
 * year, in one statement: the lesson page needs nothing else from the learner's progress.
 */
export async function openLesson(db: Db, learner: Learner, courseId: string, lessonId: string, now = new Date()): Promise<{ completed: boolean }> {
  const [row] = await db
    .insert(lessonProgress)
    .values({ ...learner, courseId, lessonId })
    .onConflictDoUpdate({ target: [lessonProgress.userId, lessonProgress.lessonId], set: { lastOpenedAt: sql`now()` } })
    .returning({ completedAt: lessonProgress.completedAt });
  return { completed: !!row?.completedAt && row.completedAt >= cycleStart(now) };
}

/** Start of the current fiscal year: progress and completions run in yearly cycles, so mandatory courses are retaken. */
export function cycleStart(now = new Date()): Date {
  return fiscalYearRange(fiscalYearOf(now)).start;
}

/**
 * Marks a lesson completed (the learner reached the end and confirmed) and checks whether the course is now complete.
 * Idempotent within a fiscal year (completing twice keeps the first date); confirming a lesson last completed in an
 * earlier fiscal year records it again for this one.
 */
export async function completeLesson(db: Db, learner: Learner, courseId: string, lessonId: string, contentHash: string): Promise<{ courseCompleted: boolean }> {
  const since = cycleStart().toISOString();
  return db.transaction(async (tx) => {
    const stale = sql`${lessonProgress.completedAt} is null or ${lessonProgress.completedAt} < ${since}`;
    await tx
      .insert(lessonProgress)
      .values({ ...learner, courseId, lessonId, completedAt: sql`now()`, completedContentHash: contentHash })
      .onConflictDoUpdate({
        target: [lessonProgress.userId, lessonProgress.lessonId],
        set: {
          completedAt: sql`case when ${stale} then now() else ${lessonProgress.completedAt} end`,
          completedContentHash: sql`case when ${stale} then ${contentHash} else ${lessonProgress.completedContentHash} end`,
          lastOpenedAt: sql`now()`,
        },
      });
    return { courseCompleted: await evaluateCourseCompletion(tx, learner, courseId) };
  });
}

/**
 * A course is complete for the fiscal year when every current lesson was completed and every required quiz passed in
 * that fiscal year. The completion is stored once per fiscal year, with its date, the course version, the best scores
 * and a certificate code; returns true only when it was recorded by this call.
 */
export async function evaluateCourseCompletion(db: Db, learner: Learner, courseId: string, now = new Date()): Promise<boolean> {
  const since = cycleStart(now).toISOString();
  const [state] = await db
    .select({
      hash: courses.contentHash,
      // The course id is bound as a parameter: a column reference here could be rendered unqualified and silently
      // resolve to the subquery's own table.
      lessonsLeft: sql<number>`(select count(*)::int from lessons l where l.course_id = ${courseId} and not l.archived
        and not exists (select 1 from lesson_progress p where p.lesson_id = l.id and p.user_id = ${learner.userId} and p.completed_at >= ${since}))`,
      quizzesLeft: sql<number>`(select count(*)::int from quizzes q where q.course_id = ${courseId} and q.required and not q.archived
        and not exists (select 1 from quiz_attempts a where a.quiz_id = q.id and a.user_id = ${learner.userId} and a.passed and a.submitted_at >= ${since}))`,
    })
    .from(courses)
    .where(eq(courses.id, courseId));
  if (!state || state.lessonsLeft > 0 || state.quizzesLeft > 0) return false;
  const best = await db
    .select({ slug: quizzes.slug, best: sql<number>`max(${quizAttempts.percent})` })
    .from(quizAttempts)
    .innerJoin(quizzes, eq(quizzes.id, quizAttempts.quizId))
    .where(
      and(eq(quizzes.courseId, courseId), eq(quizAttempts.userId, learner.userId), eq(quizAttempts.passed, true), sql`${quizAttempts.submittedAt} >= ${since}`),
    )
    .groupBy(quizzes.slug);
  const inserted = await db
    .insert(courseCompletions)
    .values({
      ...learner,
      courseId,
      fiscalYear: fiscalYearOf(now),
      certificateCode: newVerificationCode(),
      courseContentHash: state.hash,
      scores: Object.fromEntries(best.map((b) => [b.slug, b.best])),
    })
    .onConflictDoNothing()
    .returning({ id: courseCompletions.id });
  return inserted.length > 0;
}

/** The learner's progress in one course this fiscal year: completed lesson ids and this year's or the last completion. */
export async function courseProgress(db: Db, learner: Learner, courseId: string, now = new Date()) {
  const since = cycleStart(now);
  const rows = await db
    .select({ lessonId: lessonProgress.lessonId, completedAt: lessonProgress.completedAt, lastOpenedAt: lessonProgress.lastOpenedAt })
    .from(lessonProgress)
    .where(and(eq(lessonProgress.userId, learner.userId), eq(lessonProgress.courseId, courseId)));
  const [completion] = await db
    .select({
      id: courseCompletions.id,
      completedAt: courseCompletions.completedAt,
      fiscalYear: courseCompletions.fiscalYear,
      scores: courseCompletions.scores,
    })
    .from(courseCompletions)
    .where(and(eq(courseCompletions.userId, learner.userId), eq(courseCompletions.courseId, courseId)))
    .orderBy(desc(courseCompletions.completedAt))
    .limit(1);
  const thisYear = completion && completion.fiscalYear === fiscalYearOf(now) ? completion : null;
  return {
    completedLessonIds: rows.filter((r) => r.completedAt && r.completedAt >= since).map((r) => r.lessonId),
    openedLessonIds: rows.map((r) => r.lessonId),
    /** This fiscal year's completion. */
    completion: thisYear,
    /** The latest completion of an earlier fiscal year, when there is none this year (the course can be taken again). */
    previousCompletion: thisYear ? null : (completion ?? null),
  };
}

/** マイ学習: courses in progress this fiscal year, and every completion (one per course and fiscal year), newest first. */
export async function myLearning(db: Db, learner: Learner, now = new Date()) {
  const since = cycleStart(now).toISOString();
  const year = fiscalYearOf(now);
  const rows = await db
    .select({
      courseId: courses.id,
      slug: courses.slug,
      title: courses.title,
      totalLessons: sql<number>`(select count(*)::int from lessons l where l.course_id = "courses"."id" and not l.archived)`,
      completedLessons: sql<number>`(count(*) filter (where ${lessonProgress.completedAt} >= ${since}))::int`,
      lastOpenedAt: sql<Date>`max(${lessonProgress.lastOpenedAt})`,
      completedThisYear: sql<boolean>`exists (select 1 from course_completions c where c.user_id = ${learner.userId} and c.course_id = "courses"."id" and c.fiscal_year = ${year})`,
      completedBefore: sql<boolean>`exists (select 1 from course_completions c where c.user_id = ${learner.userId} and c.course_id = "courses"."id")`,
    })
    .from(courses)
    .innerJoin(lessonProgress, and(eq(lessonProgress.courseId, courses.id), eq(lessonProgress.userId, learner.userId)))
    .groupBy(courses.id)
    .orderBy(desc(sql`max(${lessonProgress.lastOpenedAt})`));
  const completed = await db
    .select({
      id: courseCompletions.id,
      courseId: courses.id,
      slug: courses.slug,
      title: courses.title,
      completedAt: courseCompletions.completedAt,
      fiscalYear: courseCompletions.fiscalYear,
      scores: courseCompletions.scores,
    })
    .from(courseCompletions)
    .innerJoin(courses, eq(courses.id, courseCompletions.courseId))
    .where(and(eq(courseCompletions.userId, learner.userId), eq(courseCompletions.organizationId, learner.organizationId)))
    .orderBy(desc(courseCompletions.completedAt));
  return {
    // Started and not completed this year; a course completed in an earlier year shows again once reopened this year.
    inProgress: rows.filter((r) => !r.completedThisYear && (!r.completedBefore || new Date(r.lastOpenedAt) >= new Date(since))),
    completed,
  };
}
