import { Link } from "react-router";
import type { Audience, Category, Level } from "~/content/vocabulary";
import { useTranslation } from "~/i18n/react";
import { CourseBadges, formatIsoDate, formatMinutes } from "./course-labels";
import { FormMessage } from "./form";
import { Breadcrumbs } from "./site-chrome";

/** A course with its lesson outline, texts in the page's language where translated. */
export interface CourseOutline {
  slug: string;
  title: string;
  summary: string;
  /** The language of the course's texts (the source's when not translated). */
  language: string;
  translated: boolean;
  audience: Audience;
  category: Category;
  level: Level;
  estimatedMinutes: number;
  reviewedOn: string;
  translationReviewedOn: string | null;
  introHtml: string;
  lessons: { id: string; slug: string; title: string; language: string; estimatedMinutes: number }[];
}

export interface CourseQuizItem {
  slug: string;
  title: string;
  language: string;
  mode: "exam" | "selfcheck";
  required: boolean;
  /** The visitor's best score, if any. */
  best: number | null;
  passed: boolean;
}

/** A signed-in learner's progress in the course. */
export interface CourseProgressView {
  completedIds: string[];
  completedCount: number;
  started: boolean;
  resume: { slug: string; number: number } | null;
  completedAt: string | null;
  certificateId: string | null;
  /** The fiscal year of a previous completion, in words. */
  previous: string | null;
}

export interface CoursePageProps {
  course: CourseOutline;
  quizzes: CourseQuizItem[];
  /** Null for visitors who are not signed in. */
  progress: CourseProgressView | null;
  justCompleted: boolean;
}

/** A course's page: what it is, the visitor's progress, the lessons and the quizzes. */
export function CoursePage({ course, quizzes, progress, justCompleted }: CoursePageProps) {
  const { t, i18n } = useTranslation();
  const done = new Set(progress?.completedIds ?? []);
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
        <CourseHeader course={course} progress={progress} justCompleted={justCompleted} />

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

        {quizzes.length ? <QuizList courseSlug={course.slug} quizzes={quizzes} /> : null}
      </article>
    </div>
  );
}

function CourseHeader({ course, progress, justCompleted }: Omit<CoursePageProps, "quizzes">) {
  const { t, i18n } = useTranslation();
  const first = course.lessons[0];
  const total = course.lessons.length;
  const time = (minutes: number) => t("common.about", { time: formatMinutes(minutes, t) });
  const lang = (language: string) => (language !== i18n.language ? language : undefined);
  return (
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
  );
}

function QuizList({ courseSlug, quizzes }: { courseSlug: string; quizzes: CourseQuizItem[] }) {
  const { t, i18n } = useTranslation();
  const lang = (language: string) => (language !== i18n.language ? language : undefined);
  return (
    <section aria-labelledby="quizzes">
      <h2 id="quizzes">{quizzes.some((q) => q.mode === "exam") ? t("course.examHeading") : t("course.selfcheckHeading")}</h2>
      <ul className="outline">
        {quizzes.map((q) => (
          <li key={q.slug}>
            <Link to={`/courses/${courseSlug}/quiz/${q.slug}`}>
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
  );
}
