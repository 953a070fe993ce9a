import { and, asc, count, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { courses, lessons, quizzes } from "../../db/schema";
import type { Audience, Category } from "./schema";

export interface CourseFilter {
  audience?: Audience;
  category?: Category;
}

const courseListColumns = {
  slug: courses.slug,
  title: courses.title,
  summary: courses.summary,
  audience: courses.audience,
  category: courses.category,
  level: courses.level,
  estimatedMinutes: courses.estimatedMinutes,
  tags: courses.tags,
};

/** Published courses for the catalogue, residents' courses first, then by title. */
export async function listCourses(db: Db, filter: CourseFilter = {}) {
  const rows = await db
    .select({ ...courseListColumns, lessonCount: count(lessons.id) })
    .from(courses)
    .leftJoin(lessons, and(eq(lessons.courseId, courses.id), eq(lessons.archived, false)))
    .where(
      and(
        eq(courses.archived, false),
        filter.audience ? eq(courses.audience, filter.audience) : undefined,
        filter.category ? eq(courses.category, filter.category) : undefined,
      ),
    )
    .groupBy(courses.id)
    .orderBy(asc(courses.audience), asc(courses.category), asc(courses.slug));
  return rows;
}

/** Published quizzes of a course, for its page. */
export async function listCourseQuizzes(db: Db, courseId: string) {
  return db
    .select({ id: quizzes.id, slug: quizzes.slug, title: quizzes.title, mode: quizzes.mode, required: quizzes.required })
    .from(quizzes)
    .where(and(eq(quizzes.courseId, courseId), eq(quizzes.archived, false)))
    .orderBy(asc(quizzes.slug));
}
export type CourseListItem = Awaited<ReturnType<typeof listCourses>>[number];

/** A published course with its lesson outline (titles only), or null. */
export async function getCourseOutline(db: Db, slug: string) {
  const [course] = await db
    .select({ id: courses.id, ...courseListColumns, reviewedOn: courses.reviewedOn, introHtml: courses.introHtml, language: courses.language })
    .from(courses)
    .where(and(eq(courses.slug, slug), eq(courses.archived, false)))
    .limit(1);
  if (!course) return null;
  const outline = await db
    .select({ id: lessons.id, slug: lessons.slug, position: lessons.position, title: lessons.title, estimatedMinutes: lessons.estimatedMinutes })
    .from(lessons)
    .where(and(eq(lessons.courseId, course.id), eq(lessons.archived, false)))
    .orderBy(asc(lessons.position));
  return { ...course, lessons: outline };
}

/** One lesson with its neighbours for previous/next navigation, or null. */
export async function getLesson(db: Db, courseSlug: string, lessonSlug: string) {
  const course = await getCourseOutline(db, courseSlug);
  if (!course) return null;
  const index = course.lessons.findIndex((l) => l.slug === lessonSlug);
  if (index === -1) return null;
  const [lesson] = await db
    .select({ id: lessons.id, title: lessons.title, estimatedMinutes: lessons.estimatedMinutes, bodyHtml: lessons.bodyHtml, contentHash: lessons.contentHash })
    .from(lessons)
    .innerJoin(courses, eq(courses.id, lessons.courseId))
    .where(and(eq(courses.slug, courseSlug), eq(lessons.slug, lessonSlug), eq(lessons.archived, false)))
    .limit(1);
  if (!lesson) return null;
  return {
    course: { id: course.id, slug: course.slug, title: course.title, audience: course.audience, language: course.language },
    lesson: { slug: lessonSlug, number: index + 1, ...lesson },
    total: course.lessons.length,
    previous: course.lessons[index - 1] ?? null,
    next: course.lessons[index + 1] ?? null,
  };
}
