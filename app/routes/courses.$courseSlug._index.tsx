import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Breadcrumbs } from "~/components/site-chrome";
import { CourseBadges, formatIsoDate, formatMinutes } from "~/components/course-labels";
import { getCourseOutline } from "~/content/queries.server";
import { AUDIENCES, SLUG_PATTERN } from "~/content/schema";
import { getDb } from "~/db.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.course.title} | 学び舎` : "講座が見つかりません | 学び舎" },
  ...(data ? [{ name: "description", content: data.course.summary }] : []),
];

export async function loader({ params }: LoaderFunctionArgs) {
  const slug = params.courseSlug ?? "";
  const course = SLUG_PATTERN.test(slug) ? await getCourseOutline(await getDb(), slug) : null;
  if (!course) throw new Response("講座が見つかりません", { status: 404 });
  return { course };
}

export default function CoursePage() {
  const { course } = useLoaderData<typeof loader>();
  const first = course.lessons[0];
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
          {first ? (
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
                  <span className="outline-number">第{i + 1}回</span>
                  <span className="outline-title">{lesson.title}</span>
                  <span className="outline-minutes">約{formatMinutes(lesson.estimatedMinutes)}</span>
                </Link>
              </li>
            ))}
          </ol>
        </section>
      </article>
    </div>
  );
}
