import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Breadcrumbs } from "~/components/site-chrome";
import { formatMinutes } from "~/components/course-labels";
import { getLesson } from "~/content/queries.server";
import { SLUG_PATTERN } from "~/content/schema";
import { getDb } from "~/db.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.lesson.title}（${data.course.title}） | 学び舎` : "レッスンが見つかりません | 学び舎" },
];

export async function loader({ params }: LoaderFunctionArgs) {
  const courseSlug = params.courseSlug ?? "";
  const lessonSlug = params.lessonSlug ?? "";
  const found =
    SLUG_PATTERN.test(courseSlug) && SLUG_PATTERN.test(lessonSlug) ? await getLesson(await getDb(), courseSlug, lessonSlug) : null;
  if (!found) throw new Response("レッスンが見つかりません", { status: 404 });
  const { contentHash: _hash, ...lesson } = found.lesson;
  return { ...found, lesson };
}

export default function LessonPage() {
  const { course, lesson, total, previous, next } = useLoaderData<typeof loader>();
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
        </header>
        <div className="prose" dangerouslySetInnerHTML={{ __html: lesson.bodyHtml }} />
      </article>

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
