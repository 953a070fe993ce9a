import { and, eq, inArray, notInArray, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { contentVersions, courseTranslations, courses, lessons, lessonTranslations, quizTranslations, quizVersions, quizzes } from "../../db/schema";
import { syncPrograms } from "~/programs/sync.server";
import { invalidateContentCache } from "./cache.server";
import type { LoadedContent, LoadedCourse, LoadedLessonTranslation, LoadedQuizTranslation } from "./load.server";

export interface SyncSummary {
  created: number;
  updated: number;
  unchanged: number;
  archived: number;
}

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

/**
 * A course's translations (index.<lang>.md and NN-<slug>.<lang>.md), in the sync's transaction: new ones inserted,
 * changed ones updated, unchanged ones left alone, and those whose file is gone deleted (nothing refers to a
 * translation; progress and completions stay with the Japanese lesson).
 */
async function syncTranslations(tx: Tx, courseId: string, course: LoadedCourse, lessonRows: { lessonId: string; translation: LoadedLessonTranslation }[]) {
  const existingCourse = await tx
    .select({ language: courseTranslations.language, contentHash: courseTranslations.contentHash, introHtml: courseTranslations.introHtml })
    .from(courseTranslations)
    .where(eq(courseTranslations.courseId, courseId));
  for (const translation of course.translations ?? []) {
    const values = {
      title: translation.meta.title,
      summary: translation.meta.summary,
      tags: translation.meta.tags,
      reviewedOn: translation.meta.reviewedOn,
      introHtml: translation.introHtml,
      contentHash: translation.contentHash,
    };
    const old = existingCourse.find((e) => e.language === translation.language);
    if (!old) await tx.insert(courseTranslations).values({ courseId, language: translation.language, ...values });
    else if (old.contentHash !== translation.contentHash || old.introHtml !== translation.introHtml) {
      await tx
        .update(courseTranslations)
        .set({ ...values, updatedAt: sql`now()` })
        .where(and(eq(courseTranslations.courseId, courseId), eq(courseTranslations.language, translation.language)));
    }
  }
  const keepCourse = (course.translations ?? []).map((t) => t.language);
  await tx
    .delete(courseTranslations)
    .where(and(eq(courseTranslations.courseId, courseId), keepCourse.length ? notInArray(courseTranslations.language, keepCourse) : undefined));

  const existingLessons = await tx
    .select({ lessonId: lessonTranslations.lessonId, language: lessonTranslations.language, contentHash: lessonTranslations.contentHash, bodyHtml: lessonTranslations.bodyHtml })
    .from(lessonTranslations)
    .innerJoin(lessons, eq(lessons.id, lessonTranslations.lessonId))
    .where(eq(lessons.courseId, courseId));
  const key = (lessonId: string, language: string) => `${lessonId}:${language}`;
  const present = new Set<string>();
  for (const { lessonId, translation } of lessonRows) {
    present.add(key(lessonId, translation.language));
    const values = { title: translation.meta.title, estimatedMinutes: translation.meta.estimatedMinutes, bodyHtml: translation.bodyHtml, contentHash: translation.contentHash };
    const old = existingLessons.find((e) => e.lessonId === lessonId && e.language === translation.language);
    if (!old) await tx.insert(lessonTranslations).values({ lessonId, language: translation.language, ...values });
    else if (old.contentHash !== translation.contentHash || old.bodyHtml !== translation.bodyHtml) {
      await tx
        .update(lessonTranslations)
        .set({ ...values, updatedAt: sql`now()` })
        .where(and(eq(lessonTranslations.lessonId, lessonId), eq(lessonTranslations.language, translation.language)));
    }
  }
  for (const gone of existingLessons.filter((e) => !present.has(key(e.lessonId, e.language)))) {
    await tx.delete(lessonTranslations).where(and(eq(lessonTranslations.lessonId, gone.lessonId), eq(lessonTranslations.language, gone.language)));
  }
}

/** A self-check's translations: inserted, updated when their file changed, deleted when it is gone. */
async function syncQuizTranslations(tx: Tx, quizId: string, translations: LoadedQuizTranslation[]) {
  const existing = await tx.select({ language: quizTranslations.language, contentHash: quizTranslations.contentHash }).from(quizTranslations).where(eq(quizTranslations.quizId, quizId));
  for (const translation of translations) {
    const values = { title: translation.definition.title, definition: translation.definition, contentHash: translation.contentHash };
    const old = existing.find((e) => e.language === translation.language);
    if (!old) await tx.insert(quizTranslations).values({ quizId, language: translation.language, ...values });
    else if (old.contentHash !== translation.contentHash) {
      await tx
        .update(quizTranslations)
        .set({ ...values, updatedAt: sql`now()` })
        .where(and(eq(quizTranslations.quizId, quizId), eq(quizTranslations.language, translation.language)));
    }
  }
  const keep = translations.map((t) => t.language);
  await tx.delete(quizTranslations).where(and(eq(quizTranslations.quizId, quizId), keep.length ? notInArray(quizTranslations.language, keep) : undefined));
}

/**
 * Writes the validated curriculum into the database in one transaction, keyed by slug. Running it again with the same
 * files changes nothing. Courses and lessons that disappeared from content/ are archived, not deleted, because
 * progress and completions keep pointing at them. Every new version is also kept in content_versions.
 */
export async function syncContent(db: Db, content: LoadedContent): Promise<SyncSummary> {
  const summary: SyncSummary = { created: 0, updated: 0, unchanged: 0, archived: 0 };
  await db.transaction(async (tx) => {
    const existingCourses = await tx
      .select({ id: courses.id, slug: courses.slug, contentHash: courses.contentHash, introHtml: courses.introHtml, archived: courses.archived })
      .from(courses);
    const courseBySlug = new Map(existingCourses.map((c) => [c.slug, c]));

    for (const course of content.courses) {
      const values = {
        title: course.meta.title,
        summary: course.meta.summary,
        audience: course.meta.audience,
        category: course.meta.category,
        level: course.meta.level,
        estimatedMinutes: course.meta.estimatedMinutes,
        language: course.meta.language,
        tags: course.meta.tags,
        reviewedOn: course.meta.reviewedOn,
        introHtml: course.introHtml,
        contentHash: course.contentHash,
        archived: false,
      };
      const existing = courseBySlug.get(course.slug);
      let courseId: string;
      if (!existing) {
        const [row] = await tx.insert(courses).values({ slug: course.slug, ...values }).returning({ id: courses.id });
        courseId = row!.id;
        summary.created++;
      } else {
        courseId = existing.id;
        if (existing.contentHash !== course.contentHash || existing.introHtml !== course.introHtml || existing.archived) {
          await tx.update(courses).set({ ...values, updatedAt: sql`now()` }).where(eq(courses.id, courseId));
          summary.updated++;
        } else {
          summary.unchanged++;
        }
      }
      await tx
        .insert(contentVersions)
        .values({ kind: "course", courseId, contentHash: course.contentHash, source: course.source })
        .onConflictDoNothing();

      const existingLessons = await tx
        .select({ id: lessons.id, slug: lessons.slug, contentHash: lessons.contentHash, bodyHtml: lessons.bodyHtml, position: lessons.position, archived: lessons.archived })
        .from(lessons)
        .where(eq(lessons.courseId, courseId));
      const lessonBySlug = new Map(existingLessons.map((l) => [l.slug, l]));
      const lessonTranslationRows: { lessonId: string; translation: LoadedLessonTranslation }[] = [];
      for (const lesson of course.lessons) {
        const lessonValues = {
          position: lesson.position,
          title: lesson.meta.title,
          estimatedMinutes: lesson.meta.estimatedMinutes,
          bodyHtml: lesson.bodyHtml,
          contentHash: lesson.contentHash,
          archived: false,
        };
        const old = lessonBySlug.get(lesson.slug);
        let lessonId: string;
        if (!old) {
          const [row] = await tx.insert(lessons).values({ courseId, slug: lesson.slug, ...lessonValues }).returning({ id: lessons.id });
          lessonId = row!.id;
        } else {
          lessonId = old.id;
          if (old.contentHash !== lesson.contentHash || old.bodyHtml !== lesson.bodyHtml || old.position !== lesson.position || old.archived) {
            await tx.update(lessons).set({ ...lessonValues, updatedAt: sql`now()` }).where(eq(lessons.id, lessonId));
          }
        }
        await tx
          .insert(contentVersions)
          .values({ kind: "lesson", courseId, lessonId, contentHash: lesson.contentHash, source: lesson.source })
          .onConflictDoNothing();
        for (const translation of lesson.translations ?? []) lessonTranslationRows.push({ lessonId, translation });
      }
      await syncTranslations(tx, courseId, course, lessonTranslationRows);
      for (const quiz of course.quizzes) {
        const values = { title: quiz.definition.title, mode: quiz.definition.mode, required: quiz.definition.required, contentHash: quiz.contentHash, archived: false };
        const [row] = await tx
          .insert(quizzes)
          .values({ courseId, slug: quiz.slug, ...values })
          .onConflictDoUpdate({ target: [quizzes.courseId, quizzes.slug], set: { ...values, updatedAt: sql`now()` } })
          .returning({ id: quizzes.id });
        await tx.insert(quizVersions).values({ quizId: row!.id, contentHash: quiz.contentHash, definition: quiz.definition }).onConflictDoNothing();
        const [version] = await tx
          .select({ id: quizVersions.id })
          .from(quizVersions)
          .where(and(eq(quizVersions.quizId, row!.id), eq(quizVersions.contentHash, quiz.contentHash)));
        await tx.update(quizzes).set({ currentVersionId: version!.id }).where(eq(quizzes.id, row!.id));
        await syncQuizTranslations(tx, row!.id, quiz.translations ?? []);
      }
      const keepQuizzes = course.quizzes.map((q) => q.slug);
      await tx
        .update(quizzes)
        .set({ archived: true, updatedAt: sql`now()` })
        .where(and(eq(quizzes.courseId, courseId), eq(quizzes.archived, false), keepQuizzes.length ? notInArray(quizzes.slug, keepQuizzes) : undefined));

      const keep = course.lessons.map((l) => l.slug);
      await tx
        .update(lessons)
        .set({ archived: true, updatedAt: sql`now()` })
        .where(and(eq(lessons.courseId, courseId), eq(lessons.archived, false), keep.length ? notInArray(lessons.slug, keep) : undefined));
    }

    const present = content.courses.map((c) => c.slug);
    const gone = existingCourses.filter((c) => !c.archived && !present.includes(c.slug)).map((c) => c.id);
    if (gone.length) {
      await tx.update(courses).set({ archived: true, updatedAt: sql`now()` }).where(inArray(courses.id, gone));
      summary.archived = gone.length;
    }
    // Certification programmes refer to courses and quizzes, so they come after them.
    await syncPrograms(tx, content.programs ?? [], content.organizations);
  });
  // Pages read courses and lessons from a cache (cache.server.ts); this process sees the new content at once.
  invalidateContentCache(db);
  return summary;
}
