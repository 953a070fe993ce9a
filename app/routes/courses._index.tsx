import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { FilterSelect } from "~/components/form";
import { Breadcrumbs } from "~/components/site-chrome";
import { CourseCard } from "~/components/course-labels";
import { listCourses } from "~/content/queries.server";
import { AUDIENCES, CATEGORIES, type Audience, type Category } from "~/content/schema";
import { getDb } from "~/db.server";

export const meta: MetaFunction = () => [{ title: "講座一覧 | 学び舎" }];

const filterSchema = z.object({
  audience: z.enum(Object.keys(AUDIENCES) as [Audience, ...Audience[]]).optional(),
  category: z.enum(Object.keys(CATEGORIES) as [Category, ...Category[]]).optional(),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const params = new URL(request.url).searchParams;
  const raw = { audience: params.get("audience") || undefined, category: params.get("category") || undefined };
  const parsed = filterSchema.safeParse(raw);
  // An unknown filter value (an old link, a typo) shows every course with a notice instead of an error page.
  const filter = parsed.success ? parsed.data : {};
  const courses = await listCourses(await getDb(), filter);
  return { courses, filter, invalidFilter: !parsed.success };
}

export default function CourseCatalogue() {
  const { courses, filter, invalidFilter } = useLoaderData<typeof loader>();
  const heading = filter.audience ? `${AUDIENCES[filter.audience]}の講座` : "講座一覧";
  return (
    <div className="page">
      <Breadcrumbs items={[{ to: "/", label: "トップ" }, { label: "講座一覧" }]} />
      <h1>{heading}</h1>

      <Form method="get" className="filters" aria-label="講座の絞り込み">
        <FilterSelect id="audience" label="対象" options={Object.entries(AUDIENCES)} value={filter.audience} />
        <FilterSelect id="category" label="分野" options={Object.entries(CATEGORIES)} value={filter.category} />
        <button type="submit" className="button">
          絞り込む
        </button>
      </Form>

      {invalidFilter ? (
        <p className="notice" role="status">
          指定された絞り込みの条件が正しくないため、すべての講座を表示しています。
        </p>
      ) : null}

      <p role="status" className="result-count">
        {courses.length}件の講座があります。
      </p>

      {courses.length === 0 ? (
        <p>
          この条件に合う講座はまだありません。<Link to="/courses">すべての講座を見る</Link>
        </p>
      ) : (
        <ul className="course-grid">
          {courses.map((c) => (
            <CourseCard key={c.slug} course={c} headingLevel={2} showLevel />
          ))}
        </ul>
      )}
    </div>
  );
}
