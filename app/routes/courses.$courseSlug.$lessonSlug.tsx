import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useRouteLoaderData } from "@remix-run/react";
import { CsrfInput } from "~/components/csrf";
import { FuriganaSwitch } from "~/components/display-settings";
import { ReadAloud } from "~/components/read-aloud";
import { DEFAULT_PREFERENCES } from "~/display/preferences";
import type { loader as rootLoader } from "~/root";
import { requireCsrf } from "~/auth/csrf.server";
import { getCurrentUser, requireUser } from "~/auth/guard.server";
import { completeLesson, courseProgress, markLessonOpened } from "~/learning/progress.server";
import { Breadcrumbs } from "~/components/site-chrome";
import { formatMinutes } from "~/components/course-labels";
import { getLesson } from "~/content/queries.server";
import { SLUG_PATTERN } from "~/content/schema";
import { getDb } from "~/db.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.lesson.title}（${data.course.title}） | 学び舎` : "レッスンが見つかりません | 学び舎" },
];

async function findLesson(params: LoaderFunctionArgs["params"]) {
  const courseSlug = params.courseSlug ?? "";
  const lessonSlug = params.lessonSlug ?? "";
  const found =
    SLUG_PATTERN.test(courseSlug) && SLUG_PATTERN.test(lessonSlug) ? await getLesson(await getDb(), courseSlug, lessonSlug) : null;
  if (!found) throw new Response("レッスンが見つかりません", { status: 404 });
  return found;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const found = await findLesson(params);
  const { contentHash: _hash, id: lessonId, ...lesson } = found.lesson;
  // Signed-in staff have their progress recorded; residents read without an account and nothing is stored.
  const user = await getCurrentUser(request);
  let completed = false;
  if (user && !user.mustChangePassword) {
    const db = await getDb();
    await markLessonOpened(db, user, found.course.id, lessonId);
    completed = (await courseProgress(db, user, found.course.id)).completedLessonIds.includes(lessonId);
  }
  // The ふりがな switch is offered only where the lesson has readings to show or hide.
  return { ...found, lesson, signedIn: !!user, completed, hasFurigana: lesson.bodyHtml.includes("<ruby") };
}

/** "このレッスンを終える": the learner reached the end and confirms. */
export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await request.formData();
  requireCsrf(request, form);
  const found = await findLesson(params);
  const { courseCompleted } = await completeLesson(await getDb(), user, found.course.id, found.lesson.id, found.lesson.contentHash);
  const courseUrl = `/courses/${found.course.slug}`;
  throw redirect(courseCompleted ? `${courseUrl}?completed=1` : found.next ? `${courseUrl}/${found.next.slug}` : courseUrl);
}

export default function LessonPage() {
  const { course, lesson, total, previous, next, signedIn, completed, hasFurigana } = useLoaderData<typeof loader>();
  const display = useRouteLoaderData<typeof rootLoader>("root")?.display ?? DEFAULT_PREFERENCES;
  const courseUrl = `/courses/${course.slug}`;
  return (
    <div className="page">
      <Breadcrumbs items={[{ to: "/", label: "トップ" }, { to: courseUrl, label: course.title }, { label: `第${lesson.number}回` }]} />
      <article className="lesson" lang={course.language} aria-labelledby="lesson-title">
        <header>
          <p className="lesson-progress">
            <Link to={courseUrl}>{course.title}</Link>
            <span>
              第{lesson.number}回（全{total}回）・約{formatMinutes(lesson.estimatedMinutes)}
            </span>
          </p>
          <h1 id="lesson-title">{lesson.title}</h1>
          <div className="lesson-tools">
            <ReadAloud key={lesson.slug} sourceIds={["lesson-title", "lesson-body"]} />
            {hasFurigana ? <FuriganaSwitch current={display.furigana} /> : null}
          </div>
        </header>
        <div className="prose" id="lesson-body" dangerouslySetInnerHTML={{ __html: lesson.bodyHtml }} />
      </article>

      {signedIn ? (
        <div className="lesson-complete">
          {completed ? (
            <p className="done-mark">✓ このレッスンは完了しています。</p>
          ) : (
            <Form method="post">
              <CsrfInput />
              <p>最後まで読んだら、ボタンを押して完了にしてください。</p>
              <button type="submit" className="button primary large">
                このレッスンを完了にする{next ? "（次へ進む）" : ""}
              </button>
            </Form>
          )}
        </div>
      ) : null}

      <nav className="pager" aria-label="前後のレッスン">
        {previous ? (
          <Link className="pager-link pager-prev" to={`${courseUrl}/${previous.slug}`} rel="prev">
            <span className="pager-label">前のレッスン</span>
            <span className="pager-title">{previous.title}</span>
          </Link>
        ) : (
          <Link className="pager-link pager-prev" to={courseUrl}>
            <span className="pager-label">講座のはじめに戻る</span>
            <span className="pager-title">{course.title}</span>
          </Link>
        )}
        {next ? (
          <Link className="pager-link pager-next" to={`${courseUrl}/${next.slug}`} rel="next">
            <span className="pager-label">次のレッスン</span>
            <span className="pager-title">{next.title}</span>
          </Link>
        ) : (
          <Link className="pager-link pager-next" to={courseUrl}>
            <span className="pager-label">最後のレッスンです</span>
            <span className="pager-title">講座のページへ戻る</span>
          </Link>
        )}
      </nav>
    </div>
  );
}
