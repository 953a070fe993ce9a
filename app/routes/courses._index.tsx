import { Form, Link, type LoaderFunctionArgs, type MetaFunction, useLoaderData } from "react-router";
import { translatedHandle, useTranslation } from "~/i18n/react";
import { z } from "zod";
import { FilterSelect } from "~/components/form";
import { Breadcrumbs } from "~/components/site-chrome";
import { CourseCard } from "~/components/course-labels";
import { listCourses } from "~/content/queries.server";
import { AUDIENCES, CATEGORIES, type Audience, type Category } from "~/content/vocabulary";
import { getDb } from "~/db.server";
import { metaT } from "~/i18n/i18n";
import { requestLanguage } from "~/i18n/language.server";

export const handle = translatedHandle;

export const meta: MetaFunction = ({ matches }) => {
  const t = metaT(matches);
  return [{ title: t("catalogue.metaTitle") + t("common.titleSuffix") }];
};

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
  const courses = await listCourses(await getDb(), filter, requestLanguage(request));
  return { courses, filter, invalidFilter: !parsed.success };
}

export default function CourseCatalogue() {
  const { courses, filter, invalidFilter } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const heading = filter.audience ? t(`catalogue.headingFor.${filter.audience}`) : t("catalogue.heading");
  const audiences = (Object.keys(AUDIENCES) as Audience[]).map((a): [string, string] => [a, t(`labels.audiences.${a}`)]);
  const categories = (Object.keys(CATEGORIES) as Category[]).map((c): [string, string] => [c, t(`labels.categories.${c}`)]);
  return (
    <div className="page">
      <Breadcrumbs items={[{ to: "/", label: t("common.top") }, { label: t("catalogue.heading") }]} />
      <h1>{heading}</h1>

      <Form method="get" className="filters" aria-label={t("catalogue.filters")}>
        <FilterSelect id="audience" label={t("catalogue.audience")} options={audiences} value={filter.audience} allLabel={t("catalogue.all")} />
        <FilterSelect id="category" label={t("catalogue.category")} options={categories} value={filter.category} allLabel={t("catalogue.all")} />
        <button type="submit" className="button">
          {t("catalogue.apply")}
        </button>
      </Form>

      {invalidFilter ? (
        <p className="notice" role="status">
          {t("catalogue.invalidFilter")}
        </p>
      ) : null}

      <p role="status" className="result-count">
        {t("catalogue.count", { count: courses.length })}
      </p>

      {courses.length === 0 ? (
        <p>
          {t("catalogue.empty")}
          <Link to="/courses">{t("catalogue.seeAll")}</Link>
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
