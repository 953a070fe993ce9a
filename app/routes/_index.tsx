import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { AssignmentList } from "~/components/campaign-parts";
import { CourseCard } from "~/components/course-labels";
import { getCurrentUser } from "~/auth/guard.server";
import { assignmentViews } from "~/campaigns/campaigns.server";
import { listCourses } from "~/content/queries.server";
import { getDb } from "~/db.server";

export const meta: MetaFunction = () => [
  { title: "学び舎（まなびや） — スマホ教室と職員研修の学習サイト" },
  { name: "description", content: "住民のみなさまのスマートフォン講座と、自治体職員の研修をひとつにまとめた学習サイトです。" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const db = await getDb();
  const user = await getCurrentUser(request);
  const courses = await listCourses(db);
  // Signed-in staff see their mandatory training first (overdue at the top).
  const assignments = user ? (await assignmentViews(db, user)).filter((a) => a.status === "overdue" || a.status === "pending") : [];
  return {
    assignments,
    residents: courses.filter((c) => c.audience === "residents"),
    staff: courses.filter((c) => c.audience === "staff"),
  };
}

export default function Index() {
  const { residents, staff, assignments } = useLoaderData<typeof loader>();
  return (
    <div className="page">
      {assignments.length ? (
        <section className="my-assignments" aria-labelledby="my-assignments">
          <h2 id="my-assignments">あなたの必修研修</h2>
          <AssignmentList items={assignments} />
          <p>
            <Link to="/learning">マイ学習で受講状況を見る</Link>
          </p>
        </section>
      ) : null}
      <section className="hero" aria-labelledby="hero-title">
        <h1 id="hero-title">ようこそ、学び舎（まなびや）へ</h1>
        <p className="lead">
          スマートフォンの使い方から、自治体職員の研修まで。
          <br />
          自分のペースで、いつでも学べます。
        </p>
      </section>

      <div className="doors">
        <section className="door door-residents" aria-labelledby="door-residents">
          <h2 id="door-residents">住民のみなさま</h2>
          <p>
            スマートフォンの<ruby>基本<rt>きほん</rt></ruby>を、やさしい<ruby>言葉<rt>ことば</rt></ruby>で<ruby>学<rt>まな</rt></ruby>べます。
            <ruby>登録<rt>とうろく</rt></ruby>はいりません。
          </p>
          <ul className="door-list">
            {residents.map((c) => (
              <li key={c.slug}>
                <Link to={`/courses/${c.slug}`}>{c.title}</Link>
              </li>
            ))}
          </ul>
          <p className="actions">
            <Link className="button" to="/courses?audience=residents">
              住民向けの講座を見る
            </Link>
            <Link className="button secondary" to="/classes">
              スマホ教室の日程と申し込み
            </Link>
          </p>
        </section>

        <section className="door door-staff" aria-labelledby="door-staff">
          <h2 id="door-staff">職員のみなさま</h2>
          <p>情報セキュリティ研修、DXの基礎、DX推進員の研修を受講できます。毎年度の必修研修もここから始めます。</p>
          <ul className="door-list">
            {staff.map((c) => (
              <li key={c.slug}>
                <Link to={`/courses/${c.slug}`}>{c.title}</Link>
              </li>
            ))}
          </ul>
          <Link className="button" to="/courses?audience=staff">
            職員向けの講座を見る
          </Link>
        </section>
      </div>

      <section aria-labelledby="all-courses">
        <h2 id="all-courses">すべての講座</h2>
        <ul className="course-grid">
          {[...residents, ...staff].map((c) => (
            <CourseCard key={c.slug} course={c} headingLevel={3} />
          ))}
        </ul>
      </section>
    </div>
  );
}
