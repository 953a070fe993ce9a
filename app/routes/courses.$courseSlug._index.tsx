import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Breadcrumbs } from "~/components/site-chrome";
import { CourseBadges, formatIsoDate, formatMinutes } from "~/components/course-labels";
import { getCurrentUser } from "~/auth/guard.server";
import { FormMessage } from "~/components/form";
import { getCourseOutline, listCourseQuizzes } from "~/content/queries.server";
import { courseProgress } from "~/learning/progress.server";
import { bestResults } from "~/quizzes/attempts.server";
import { AUDIENCES, SLUG_PATTERN } from "~/content/schema";
import { getDb } from "~/db.server";
import { fiscalYearLabel } from "~/kpis/fiscal-year";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.course.title} | 学び舎` : "講座が見つかりません | 学び舎" },
  ...(data ? [{ name: "description", content: data.course.summary }] : []),
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const slug = params.courseSlug ?? "";
  const db = await getDb();
  const found = SLUG_PATTERN.test(slug) ? await getCourseOutline(db, slug) : null;
  if (!found) throw new Response("講座が見つかりません", { status: 404 });
  const { id: courseId, ...course } = found;
  const user = await getCurrentUser(request);
  const quizzes = await listCourseQuizzes(db, courseId);
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
      completedAt: progress.completion ? formatIsoDate(progress.completion.completedAt.toISOString().slice(0, 10)) : null,
      certificateId: progress.completion?.id ?? null,
      previous: progress.previousCompletion ? fiscalYearLabel(progress.previousCompletion.fiscalYear) : null,
    },
    justCompleted: new URL(request.url).searchParams.get("completed") === "1",
  };
}

export default function CoursePage() {
  const { course, quizzes, progress, justCompleted } = useLoaderData<typeof loader>();
  const first = course.lessons[0];
  const done = new Set(progress?.completedIds ?? []);
  const total = course.lessons.length;
  return (
    <div className="page">
      <Breadcrumbs
        items={[
          { to: "/", label: "トップ" },
          { to: `/courses?audience=${course.audience}`, label: `${AUDIENCES[course.audience]}の講座` },
          { label: course.title },
        ]}
      />
      <article className="course" lang={course.language}>
        <header className="course-header">
          <h1>{course.title}</h1>
          <CourseBadges audience={course.audience} category={course.category} level={course.level} />
          <p className="lead">{course.summary}</p>
          <dl className="facts">
            <div>
              <dt>対象</dt>
              <dd>{AUDIENCES[course.audience]}</dd>
            </div>
            <div>
              <dt>めやすの時間</dt>
              <dd>約{formatMinutes(course.estimatedMinutes)}</dd>
            </div>
            <div>
              <dt>レッスン数</dt>
              <dd>全{course.lessons.length}回</dd>
            </div>
            <div>
              <dt>内容の確認日</dt>
              <dd>
                <time dateTime={course.reviewedOn}>{formatIsoDate(course.reviewedOn)}</time>
              </dd>
            </div>
          </dl>
          {justCompleted ? <FormMessage kind="success">おめでとうございます。この講座を修了しました。</FormMessage> : null}
          {progress ? (
            <div className="course-progress">
              <p>
                {progress.completedAt ? `修了しました（${progress.completedAt}）。` : `${total}回中 ${progress.completedCount}回 完了しています。`}
                {progress.certificateId ? (
                  <>
                    {" "}
                    <Link to={`/learning/certificates/${progress.certificateId}`}>修了証を表示する</Link>
                  </>
                ) : null}
              </p>
              {progress.previous && !progress.completedAt ? <p className="meta">{progress.previous}に修了しています。修了は年度ごとに記録されるため、今年度もう一度受講できます。</p> : null}
              <progress max={total} value={progress.completedCount} aria-label="レッスンの進み具合">
                {progress.completedCount}/{total}
              </progress>
            </div>
          ) : null}
          {progress?.started && progress.resume ? (
            <p>
              <Link className="button primary large" to={`/courses/${course.slug}/${progress.resume.slug}`}>
                続きから（第{progress.resume.number}回）
              </Link>
            </p>
          ) : first && !progress?.completedAt ? (
            <p>
              <Link className="button primary large" to={`/courses/${course.slug}/${first.slug}`}>
                第1回から始める
              </Link>
            </p>
          ) : null}
        </header>

        {course.introHtml.trim() ? <div className="prose" dangerouslySetInnerHTML={{ __html: course.introHtml }} /> : null}

        <section aria-labelledby="outline">
          <h2 id="outline">レッスンの一覧</h2>
          <ol className="outline">
            {course.lessons.map((lesson, i) => (
              <li key={lesson.slug}>
                <Link to={`/courses/${course.slug}/${lesson.slug}`}>
                  <span className="outline-number">
                    {done.has(lesson.id) ? <span className="check" aria-label="完了">✓ </span> : null}第{i + 1}回
                  </span>
                  <span className="outline-title">{lesson.title}</span>
                  <span className="outline-minutes">約{formatMinutes(lesson.estimatedMinutes)}</span>
                </Link>
              </li>
            ))}
          </ol>
        </section>

        {quizzes.length ? (
          <section aria-labelledby="quizzes">
            <h2 id="quizzes">{quizzes.some((q) => q.mode === "exam") ? "理解度テスト" : "ふりかえりクイズ"}</h2>
            <ul className="outline">
              {quizzes.map((q) => (
                <li key={q.slug}>
                  <Link to={`/courses/${course.slug}/quiz/${q.slug}`}>
                    <span className="outline-number">{q.mode === "exam" ? (q.required ? "必須" : "任意") : "だれでも"}</span>
                    <span className="outline-title">{q.title}</span>
                    <span className="outline-minutes">
                      {q.mode === "selfcheck"
                        ? "1問ずつ答えて、その場で答えがわかります。記録はされません。"
                        : q.passed
                          ? `合格（最高 ${q.best}%）`
                          : q.best !== null
                            ? `最高 ${q.best}%（まだ合格していません）`
                            : "職員ログインが必要です"}
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
