import { and, asc, desc, eq, isNotNull, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { courseCompletions, courses, lessonProgress, quizAttempts, quizzes } from "../../db/schema";

export interface Learner {
  userId: string;
  organizationId: string;
}

/** Records that the learner opened a lesson (first and latest time). */
export async function markLessonOpened(db: Db, learner: Learner, courseId: string, lessonId: string) {
  await db
    .insert(lessonProgress)
    .values({ ...learner, courseId, lessonId })
    .onConflictDoUpdate({ target: [lessonProgress.userId, lessonProgress.lessonId], set: { lastOpenedAt: sql`now()` } });
}

/**
 * Marks a lesson completed (the learner reached the end and confirmed) and checks whether the course is now complete.
 * Idempotent: completing twice keeps the first date.
 */
export async function completeLesson(db: Db, learner: Learner, courseId: string, lessonId: string, contentHash: string): Promise<{ courseCompleted: boolean }> {
  return db.transaction(async (tx) => {
    await tx
      .insert(lessonProgress)
      .values({ ...learner, courseId, lessonId, completedAt: sql`now()`, completedContentHash: contentHash })
      .onConflictDoUpdate({
        target: [lessonProgress.userId, lessonProgress.lessonId],
        set: { completedAt: sql`coalesce(${lessonProgress.completedAt}, now())`, completedContentHash: sql`coalesce(${lessonProgress.completedContentHash}, ${contentHash})`, lastOpenedAt: sql`now()` },
      });
    return { courseCompleted: await evaluateCourseCompletion(tx, learner, courseId) };
  });
}

/**
 * A course is complete when every current lesson is completed and every required quiz has a passed attempt. The
 * completion is stored once, with its date, the course version and the best scores; returns true only when it was
 * recorded by this call.
 */
export async function evaluateCourseCompletion(db: Db, learner: Learner, courseId: string): Promise<boolean> {
  const [state] = await db
    .select({
      hash: courses.contentHash,
      // The course id is bound as a parameter: a column reference here could be rendered unqualified and silently
      // resolve to the subquery's own table.
      lessonsLeft: sql<number>`(select count(*)::int from lessons l where l.course_id = ${courseId} and not l.archived
        and not exists (select 1 from lesson_progress p where p.lesson_id = l.id and p.user_id = ${learner.userId} and p.completed_at is not null))`,
      quizzesLeft: sql<number>`(select count(*)::int from quizzes q where q.course_id = ${courseId} and q.required and not q.archived
        and not exists (select 1 from quiz_attempts a where a.quiz_id = q.id and a.user_id = ${learner.userId} and a.passed))`,
    })
    .from(courses)
    .where(eq(courses.id, courseId));
  if (!state || state.lessonsLeft > 0 || state.quizzesLeft > 0) return false;
  const best = await db
    .select({ slug: quizzes.slug, best: sql<number>`max(${quizAttempts.percent})` })
    .from(quizAttempts)
    .innerJoin(quizzes, eq(quizzes.id, quizAttempts.quizId))
    .where(and(eq(quizzes.courseId, courseId), eq(quizAttempts.userId, learner.userId), eq(quizAttempts.passed, true)))
    .groupBy(quizzes.slug);
  const inserted = await db
    .insert(courseCompletions)
    .values({ ...learner, courseId, courseContentHash: state.hash, scores: Object.fromEntries(best.map((b) => [b.slug, b.best])) })
    .onConflictDoNothing()
    .returning({ id: courseCompletions.id });
  return inserted.length > 0;
}

/** The learner's progress in one course: completed lesson ids, the lesson to continue with, and the completion. */
export async function courseProgress(db: Db, learner: Learner, courseId: string) {
  const rows = await db
    .select({ lessonId: lessonProgress.lessonId, completedAt: lessonProgress.completedAt, lastOpenedAt: lessonProgress.lastOpenedAt })
    .from(lessonProgress)
    .where(and(eq(lessonProgress.userId, learner.userId), eq(lessonProgress.courseId, courseId)));
  const [completion] = await db
    .select({ completedAt: courseCompletions.completedAt, scores: courseCompletions.scores })
    .from(courseCompletions)
    .where(and(eq(courseCompletions.userId, learner.userId), eq(courseCompletions.courseId, courseId)));
  return {
    completedLessonIds: rows.filter((r) => r.completedAt).map((r) => r.lessonId),
    openedLessonIds: rows.map((r) => r.lessonId),
    completion: completion ?? null,
  };
}

/** マイ学習: every course the learner has started or completed, with progress. */
export async function myLearning(db: Db, learner: Learner) {
  const rows = await db
    .select({
      courseId: courses.id,
      slug: courses.slug,
      title: courses.title,
      audience: courses.audience,
      totalLessons: sql<number>`(select count(*)::int from lessons l where l.course_id = "courses"."id" and not l.archived)`,
      completedLessons: sql<number>`count(${lessonProgress.completedAt})::int`,
      lastOpenedAt: sql<Date>`max(${lessonProgress.lastOpenedAt})`,
      completedAt: courseCompletions.completedAt,
      scores: courseCompletions.scores,
    })
    .from(courses)
    .innerJoin(lessonProgress, and(eq(lessonProgress.courseId, courses.id), eq(lessonProgress.userId, learner.userId)))
    .leftJoin(courseCompletions, and(eq(courseCompletions.courseId, courses.id), eq(courseCompletions.userId, learner.userId)))
    .groupBy(courses.id, courseCompletions.id)
    .orderBy(desc(sql`max(${lessonProgress.lastOpenedAt})`));
  // Completions of courses whose lessons changed since still count (stored once, never erased).
  const extra = await db
    .select({ courseId: courses.id, slug: courses.slug, title: courses.title, completedAt: courseCompletions.completedAt, scores: courseCompletions.scores })
    .from(courseCompletions)
    .innerJoin(courses, eq(courses.id, courseCompletions.courseId))
    .where(and(eq(courseCompletions.userId, learner.userId), isNotNull(courseCompletions.completedAt)))
    .orderBy(asc(courseCompletions.completedAt));
  const seen = new Set(rows.map((r) => r.courseId));
  return {
    inProgress: rows.filter((r) => !r.completedAt),
    completed: [...rows.filter((r) => r.completedAt), ...extra.filter((e) => !seen.has(e.courseId)).map((e) => ({ ...e, totalLessons: 0, completedLessons: 0, audience: "staff" as const, lastOpenedAt: e.completedAt }))],
  };
}
