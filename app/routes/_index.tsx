import { Link, type LoaderFunctionArgs, type MetaFunction, useLoaderData } from "react-router";
import { RubyText, translatedHandle, useLangAttribute, useTranslation } from "~/i18n/react";
import { AssignmentList } from "~/components/campaign-parts";
import { CourseCard } from "~/components/course-labels";
import { getCurrentUser } from "~/auth/guard.server";
import { assignmentViews } from "~/campaigns/campaigns.server";
import { listCourses } from "~/content/queries.server";
import { getDb } from "~/db.server";
import { metaT } from "~/i18n/i18n";
import { requestLanguage } from "~/i18n/language.server";

export const handle = translatedHandle;

export const meta: MetaFunction = ({ matches }) => {
  const t = metaT(matches);
  return [{ title: t("home.metaTitle") }, { name: "description", content: t("home.metaDescription") }];
};

export async function loader({ request }: LoaderFunctionArgs) {
  const db = await getDb();
  const user = await getCurrentUser(request);
  const courses = await listCourses(db, {}, requestLanguage(request));
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
  const { t } = useTranslation();
  const japanese = useLangAttribute("ja"); // campaign titles are written in Japanese
  return (
    <div className="page">
      {assignments.length ? (
        <section className="my-assignments" aria-labelledby="my-assignments">
          <h2 id="my-assignments">{t("home.myAssignments")}</h2>
          <div lang={japanese}>
            <AssignmentList items={assignments} />
          </div>
          <p>
            <Link to="/learning">{t("home.seeMyLearning")}</Link>
          </p>
        </section>
      ) : null}
      <section className="hero" aria-labelledby="hero-title">
        <h1 id="hero-title">{t("home.heroTitle")}</h1>
        <p className="lead">
          {t("home.heroLead1")}
          <br />
          {t("home.heroLead2")}
        </p>
      </section>

      <div className="doors">
        <section className="door door-residents" aria-labelledby="door-residents">
          <h2 id="door-residents">{t("home.residentsTitle")}</h2>
          <p>
            <RubyText text={t("home.residentsText")} />
          </p>
          <CourseLinks courses={residents} />
          <p className="actions">
            <Link className="button" to="/courses?audience=residents">
              {t("home.residentsCourses")}
            </Link>
            <Link className="button secondary" to="/classes">
              {t("home.classes")}
            </Link>
          </p>
        </section>

        <section className="door door-staff" aria-labelledby="door-staff">
          <h2 id="door-staff">{t("home.staffTitle")}</h2>
          <p>{t("home.staffText")}</p>
          <CourseLinks courses={staff} />
          <Link className="button" to="/courses?audience=staff">
            {t("home.staffCourses")}
          </Link>
        </section>
      </div>

      <section aria-labelledby="all-courses">
        <h2 id="all-courses">{t("home.allCourses")}</h2>
        <ul className="course-grid">
          {[...residents, ...staff].map((c) => (
            <CourseCard key={c.slug} course={c} headingLevel={3} />
          ))}
        </ul>
      </section>
    </div>
  );
}

function CourseLinks({ courses }: { courses: { slug: string; title: string; language: string }[] }) {
  const { i18n } = useTranslation();
  return (
    <ul className="door-list">
      {courses.map((c) => (
        <li key={c.slug}>
          <Link to={`/courses/${c.slug}`} lang={c.language !== i18n.language ? c.language : undefined}>
            {c.title}
          </Link>
        </li>
      ))}
    </ul>
  );
}
