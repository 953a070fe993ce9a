import { type LoaderFunctionArgs, type MetaFunction, useLoaderData } from "react-router";
import { translatedHandle } from "~/i18n/react";
import { formatIsoDate } from "~/components/course-labels";
import { CoursePage } from "~/components/course-page";
import { getCurrentUser } from "~/auth/guard.server";
import { getCourseOutline, listCourseQuizzes } from "~/content/queries.server";
import { courseProgress } from "~/learning/progress.server";
import { bestResults } from "~/quizzes/attempts.server";
import { SLUG_PATTERN } from "~/content/vocabulary";
import { getDb } from "~/db.server";
import { fiscalYearLabel } from "~/kernel/dates";
import { metaT } from "~/i18n/i18n";
import { requestT } from "~/i18n/language.server";

export const handle = translatedHandle;

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const t = metaT(matches);
  return [
    { title: (data ? data.course.title : t("course.notFound")) + t("common.titleSuffix") },
    ...(data ? [{ name: "description", content: data.course.summary }] : []),
  ];
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const slug = params.courseSlug ?? "";
  const db = await getDb();
  const { lang, t } = requestT(request);
  const found = SLUG_PATTERN.test(slug) ? await getCourseOutline(db, slug, lang) : null;
  if (!found) throw new Response(t("course.notFound"), { status: 404 });
  const { id: courseId, ...course } = found;
  const user = await getCurrentUser(request);
  const quizzes = await listCourseQuizzes(db, courseId, lang);
  if (!user) {
    return { course, quizzes: quizzes.map((q) => ({ ...q, best: null as number | null, passed: false })), progress: null, justCompleted: false };
  }
  const [progress, results] = await Promise.all([courseProgress(db, user, courseId), bestResults(db, user, courseId)]);
  const done = new Set(progress.completedLessonIds);
  const resume = course.lessons.find((l) => !done.has(l.id)) ?? null;
  return {
    course,
    quizzes: quizzes.map((q) => {
      const r = results.find((x) => x.quizId === q.id);
      return { ...q, best: r?.best ?? null, passed: r?.passed ?? false };
    }),
    progress: {
      completedIds: [...done],
      completedCount: course.lessons.filter((l) => done.has(l.id)).length,
      started: progress.openedLessonIds.length > 0,
      resume: resume ? { slug: resume.slug, number: course.lessons.indexOf(resume) + 1 } : null,
      completedAt: progress.completion ? formatIsoDate(progress.completion.completedAt.toISOString().slice(0, 10), lang) : null,
      certificateId: progress.completion?.id ?? null,
      previous: progress.previousCompletion
        ? lang === "ja"
          ? fiscalYearLabel(progress.previousCompletion.fiscalYear)
          : `fiscal year ${progress.previousCompletion.fiscalYear}`
        : null,
    },
    justCompleted: new URL(request.url).searchParams.get("completed") === "1",
  };
}

export default function CourseRoute() {
  return <CoursePage {...useLoaderData<typeof loader>()} />;
}
