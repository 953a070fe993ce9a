import { Link, type LoaderFunctionArgs, type MetaFunction, useLoaderData } from "react-router";
import { translatedHandle, useTranslation } from "~/i18n/react";
import { Breadcrumbs } from "~/components/site-chrome";
import { CourseBadges, formatIsoDate, formatMinutes } from "~/components/course-labels";
import { getCurrentUser } from "~/auth/guard.server";
import { FormMessage } from "~/components/form";
import { getCourseOutline, listCourseQuizzes } from "~/content/queries.server";
import { courseProgress } from "~/learning/progress.server";
import { bestResults } from "~/quizzes/attempts.server";
import { SLUG_PATTERN } from "~/content/vocabulary";
import { getDb } from "~/db.server";
import { fiscalYearLabel } from "~/kpis/fiscal-year";
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

export default function CoursePage() {
  const { course, quizzes, progress, justCompleted } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const first = course.lessons[0];
  const done = new Set(progress?.completedIds ?? []);
  const total = course.lessons.length;
  const time = (minutes: number) => t("common.about", { time: formatMinutes(minutes, t) });
  // Texts not in the page's language (a course not translated yet) carry their own lang.
  const lang = (language: string) => (language !== i18n.language ? language : undefined);
  return (
    <div className="page">
      <Breadcrumbs
        items={[
          { to: "/", label: t("common.top") },
          { to: `/courses?audience=${course.audience}`, label: t(`catalogue.headingFor.${course.audience}`) },
          { label: course.title, lang: lang(course.language) },
        ]}
      />
      <article className="course">
        <header className="course-header">
          <h1 lang={lang(course.language)}>{course.title}</h1>
          <CourseBadges audience={course.audience} category={course.category} level={course.level} />
          {course.language !== i18n.language ? (
            <p className="notice translation-notice" role="note">
              {t("course.notTranslated")}
            </p>
          ) : null}
          <p className="lead" lang={lang(course.language)}>
            {course.summary}
          </p>
          <dl className="facts">
            <div>
              <dt>{t("course.audience")}</dt>
              <dd>{t(`labels.audiences.${course.audience}`)}</dd>
            </div>
            <div>
              <dt>{t("course.time")}</dt>
              <dd>{time(course.estimatedMinutes)}</dd>
            </div>
            <div>
              <dt>{t("course.lessonCount")}</dt>
              <dd>{t("course.lessonCountValue", { count: course.lessons.length })}</dd>
            </div>
            <div>
              <dt>{t("course.reviewedOn")}</dt>
              <dd>
                <time dateTime={course.reviewedOn}>{formatIsoDate(course.reviewedOn, i18n.language)}</time>
              </dd>
            </div>
            {course.translated && course.translationReviewedOn ? (
              <div>
                <dt>{t("course.translationReviewedOn")}</dt>
                <dd>
                  <time dateTime={course.translationReviewedOn}>{formatIsoDate(course.translationReviewedOn, i18n.language)}</time>
                </dd>
              </div>
            ) : null}
          </dl>
          {justCompleted ? <FormMessage kind="success">{t("course.completedNow")}</FormMessage> : null}
          {progress ? (
            <div className="course-progress">
              <p>
                {progress.completedAt ? t("course.completedOn", { date: progress.completedAt }) : t("course.progress", { total, done: progress.completedCount })}
                {progress.certificateId ? (
                  <>
                    {" "}
                    <Link to={`/learning/certificates/${progress.certificateId}`}>{t("course.showCertificate")}</Link>
                  </>
                ) : null}
              </p>
              {progress.previous && !progress.completedAt ? <p className="meta">{t("course.previousCompletion", { year: progress.previous })}</p> : null}
              <progress max={total} value={progress.completedCount} aria-label={t("course.progressLabel")}>
                {progress.completedCount}/{total}
              </progress>
            </div>
          ) : null}
          {progress?.started && progress.resume ? (
            <p>
              <Link className="button primary large" to={`/courses/${course.slug}/${progress.resume.slug}`}>
                {t("course.resume", { number: progress.resume.number })}
              </Link>
            </p>
          ) : first && !progress?.completedAt ? (
            <p>
              <Link className="button primary large" to={`/courses/${course.slug}/${first.slug}`}>
                {t("course.start")}
              </Link>
            </p>
          ) : null}
        </header>

        {course.introHtml.trim() ? <div className="prose" lang={lang(course.language)} dangerouslySetInnerHTML={{ __html: course.introHtml }} /> : null}

        <section aria-labelledby="outline">
          <h2 id="outline">{t("course.outline")}</h2>
          <ol className="outline">
            {course.lessons.map((lesson, i) => (
              <li key={lesson.slug}>
                <Link to={`/courses/${course.slug}/${lesson.slug}`}>
                  <span className="outline-number">
                    {done.has(lesson.id) ? (
                      <span className="check" aria-label={t("course.done")}>
                        ✓{" "}
                      </span>
                    ) : null}
                    {t("course.lessonNumber", { number: i + 1 })}
                  </span>
                  <span className="outline-title" lang={lang(lesson.language)}>
                    {lesson.title}
                  </span>
                  <span className="outline-minutes">
                    {time(lesson.estimatedMinutes)}
                    {lang(lesson.language) && course.translated ? <span className="language-tag">{t("course.notTranslatedLesson")}</span> : null}
                  </span>
                </Link>
              </li>
            ))}
          </ol>
        </section>

        {quizzes.length ? (
          <section aria-labelledby="quizzes">
            <h2 id="quizzes">{quizzes.some((q) => q.mode === "exam") ? t("course.examHeading") : t("course.selfcheckHeading")}</h2>
            <ul className="outline">
              {quizzes.map((q) => (
                <li key={q.slug}>
                  <Link to={`/courses/${course.slug}/quiz/${q.slug}`}>
                    <span className="outline-number">{q.mode === "exam" ? (q.required ? t("course.required") : t("course.optional")) : t("course.anyone")}</span>
                    <span className="outline-title" lang={lang(q.language)}>
                      {q.title}
                    </span>
                    <span className="outline-minutes">
                      {q.mode === "selfcheck"
                        ? t("course.selfcheckNote")
                        : q.passed
                          ? t("course.passed", { best: q.best })
                          : q.best !== null
                            ? t("course.notPassed", { best: q.best })
                            : t("course.loginNeeded")}
                    </span>
                  </Link>
                </li>
              ))}
            </ul>
          </section>
        ) : null}
      </article>
    </div>
  );
}
