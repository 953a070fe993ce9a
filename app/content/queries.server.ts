import { and, asc, count, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { courses, courseTranslations, lessons, lessonTranslations, quizTranslations, quizzes } from "../../db/schema";
import { cachedContent } from "./cache.server";
import type { Audience, Category } from "./vocabulary";

/**
 * Texts are read in the visitor's language (`language`, default: the course's own): a translation where one exists
 * (content/courses/<course>/*.en.md), otherwise the Japanese source. Each result says which language its texts are in
 * (`language`) and whether they are translated, so that pages can set `lang` and show a notice.
 */
const courseTexts = {
  title: sql<string>`coalesce(${courseTranslations.title}, ${courses.title})`,
  summary: sql<string>`coalesce(${courseTranslations.summary}, ${courses.summary})`,
  tags: sql<string[]>`coalesce(${courseTranslations.tags}, ${courses.tags})`,
  language: sql<string>`coalesce(${courseTranslations.language}, ${courses.language})`,
  translated: sql<boolean>`${courseTranslations.courseId} is not null`,
};
const joinCourseTranslation = (language: string) => and(eq(courseTranslations.courseId, courses.id), eq(courseTranslations.language, language));

export interface CourseFilter {
  audience?: Audience;
  category?: Category;
}

const courseListColumns = {
  slug: courses.slug,
  ...courseTexts,
  audience: courses.audience,
  category: courses.category,
  level: courses.level,
  estimatedMinutes: courses.estimatedMinutes,
};

/** Published courses for the catalogue, residents' courses first, then by title; texts in `language` where translated. */
export function listCourses(db: Db, filter: CourseFilter = {}, language = "ja") {
  return cachedContent(db, `courses:${filter.audience ?? ""}:${filter.category ?? ""}:${language}`, () => readCourses(db, filter, language));
}

async function readCourses(db: Db, filter: CourseFilter, language: string) {
  const rows = await db
    .select({ ...courseListColumns, lessonCount: count(lessons.id) })
    .from(courses)
    .leftJoin(courseTranslations, joinCourseTranslation(language))
    .leftJoin(lessons, and(eq(lessons.courseId, courses.id), eq(lessons.archived, false)))
    .where(
      and(
        eq(courses.archived, false),
        filter.audience ? eq(courses.audience, filter.audience) : undefined,
        filter.category ? eq(courses.category, filter.category) : undefined,
      ),
    )
    .groupBy(courses.id, courseTranslations.courseId, courseTranslations.language)
    .orderBy(asc(courses.audience), asc(courses.category), asc(courses.slug));
  return rows;
}

/** Published quizzes of a course, for its page: titles in `language` where translated, and the language they are in. */
export async function listCourseQuizzes(db: Db, courseId: string, language = "ja") {
  return db
    .select({
      id: quizzes.id,
      slug: quizzes.slug,
      title: sql<string>`coalesce(${quizTranslations.title}, ${quizzes.title})`,
      mode: quizzes.mode,
      required: quizzes.required,
      language: sql<string>`coalesce(${quizTranslations.language}, ${courses.language})`,
    })
    .from(quizzes)
    .innerJoin(courses, eq(courses.id, quizzes.courseId))
    .leftJoin(quizTranslations, and(eq(quizTranslations.quizId, quizzes.id), eq(quizTranslations.language, language)))
    .where(and(eq(quizzes.courseId, courseId), eq(quizzes.archived, false)))
    .orderBy(asc(quizzes.slug));
}
export type CourseListItem = Awaited<ReturnType<typeof listCourses>>[number];

const lessonTexts = {
  title: sql<string>`coalesce(${lessonTranslations.title}, ${lessons.title})`,
  estimatedMinutes: sql<number>`coalesce(${lessonTranslations.estimatedMinutes}, ${lessons.estimatedMinutes})`,
  language: sql<string>`coalesce(${lessonTranslations.language}, ${courses.language})`,
  translated: sql<boolean>`${lessonTranslations.lessonId} is not null`,
};
const joinLessonTranslation = (language: string) => and(eq(lessonTranslations.lessonId, lessons.id), eq(lessonTranslations.language, language));

/**
 * A published course with its lesson outline (titles only), or null. In another language, the course's texts and each
 * lesson title come from their translations where they exist; `sourceLanguage` is the course's own language and
 * `reviewedOn` the source's date (`translationReviewedOn` the translation's).
 */
export function getCourseOutline(db: Db, slug: string, language = "ja") {
  return cachedContent(db, `outline:${slug}:${language}`, () => readCourseOutline(db, slug, language));
}

async function readCourseOutline(db: Db, slug: string, language: string) {
  const [course] = await db
    .select({
      id: courses.id,
      ...courseListColumns,
      reviewedOn: courses.reviewedOn,
      translationReviewedOn: courseTranslations.reviewedOn,
      introHtml: sql<string>`coalesce(${courseTranslations.introHtml}, ${courses.introHtml})`,
      sourceLanguage: courses.language,
    })
    .from(courses)
    .leftJoin(courseTranslations, joinCourseTranslation(language))
    .where(and(eq(courses.slug, slug), eq(courses.archived, false)))
    .limit(1);
  if (!course) return null;
  const outline = await db
    .select({ id: lessons.id, slug: lessons.slug, position: lessons.position, ...lessonTexts })
    .from(lessons)
    .innerJoin(courses, eq(courses.id, lessons.courseId))
    .leftJoin(lessonTranslations, joinLessonTranslation(language))
    .where(and(eq(lessons.courseId, course.id), eq(lessons.archived, false)))
    .orderBy(asc(lessons.position));
  return { ...course, lessons: outline };
}

/**
 * One lesson with its neighbours for previous/next navigation, or null. In another language the translation is read
 * when it exists (`lesson.translated`); otherwise the Japanese lesson, and the page says so. `contentHash` is always
 * the Japanese lesson's: progress and completion belong to the lesson, whatever language it was read in.
 */
export async function getLesson(db: Db, courseSlug: string, lessonSlug: string, language = "ja") {
  const course = await getCourseOutline(db, courseSlug, language);
  if (!course) return null;
  const index = course.lessons.findIndex((l) => l.slug === lessonSlug);
  if (index === -1) return null;
  const lesson = await cachedContent(db, `lesson:${courseSlug}:${lessonSlug}:${language}`, () => readLesson(db, courseSlug, lessonSlug, language));
  if (!lesson) return null;
  return {
    course: { id: course.id, slug: course.slug, title: course.title, audience: course.audience, language: course.language, translated: course.translated, sourceLanguage: course.sourceLanguage },
    lesson: { slug: lessonSlug, number: index + 1, ...lesson },
    total: course.lessons.length,
    previous: course.lessons[index - 1] ?? null,
    next: course.lessons[index + 1] ?? null,
  };
}

async function readLesson(db: Db, courseSlug: string, lessonSlug: string, language: string) {
  const [lesson] = await db
    .select({
      id: lessons.id,
      ...lessonTexts,
      bodyHtml: sql<string>`coalesce(${lessonTranslations.bodyHtml}, ${lessons.bodyHtml})`,
      contentHash: lessons.contentHash,
    })
    .from(lessons)
    .innerJoin(courses, eq(courses.id, lessons.courseId))
    .leftJoin(lessonTranslations, joinLessonTranslation(language))
    .where(and(eq(courses.slug, courseSlug), eq(lessons.slug, lessonSlug), eq(lessons.archived, false)))
    .limit(1);
  return lesson ?? null;
}

/** A course's title in `language` where translated (for breadcrumbs on quiz pages), with the language it is in. */
export async function courseTitleIn(db: Db, courseId: string, language: string) {
  const [row] = await db
    .select({ title: courseTexts.title, language: courseTexts.language })
    .from(courses)
    .leftJoin(courseTranslations, joinCourseTranslation(language))
    .where(eq(courses.id, courseId))
    .limit(1);
  return row ?? null;
}
