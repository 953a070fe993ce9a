import { Form, Link, type LoaderFunctionArgs, type MetaFunction, useLoaderData } from "react-router";
import { RubyText, translatedHandle, useLangAttribute, useTranslation } from "~/i18n/react";
import { FilterSelect } from "~/components/form";
import { Breadcrumbs } from "~/components/site-chrome";
import { SeatsBadge } from "~/components/class-badges";
import { formatSessionTime, sessionMonth } from "~/classes/format";
import { listUpcomingSessions } from "~/classes/queries.server";
import { SLUG_PATTERN } from "~/content/vocabulary";
import { getDb } from "~/db.server";
import { listOrganizations } from "~/organizations.server";
import { metaT } from "~/i18n/i18n";
import { requestLanguage } from "~/i18n/language.server";

export const handle = translatedHandle;

export const meta: MetaFunction = ({ matches }) => {
  const t = metaT(matches);
  return [{ title: t("classes.metaTitle") + t("common.titleSuffix") }, { name: "description", content: t("classes.metaDescription") }];
};

export async function loader({ request }: LoaderFunctionArgs) {
  const lang = requestLanguage(request);
  const params = new URL(request.url).searchParams;
  const org = params.get("org") ?? "";
  const venue = params.get("venue") ?? "";
  const db = await getDb();
  const [allSessions, orgs] = await Promise.all([
    listUpcomingSessions(db, { organizationSlug: SLUG_PATTERN.test(org) ? org : undefined }),
    listOrganizations(db),
  ]);
  // Venues to choose from are those with upcoming classes (in the chosen town).
  const venues = [...new Map(allSessions.filter((s) => s.venueName).map((s) => [s.venueName!, `${s.venueName}（${s.organizationName}）`])).entries()];
  const sessions = venue ? allSessions.filter((s) => s.venueName === venue) : allSessions;
  const months: { month: string; sessions: ((typeof sessions)[number] & { when: string; seatsLeft: number })[] }[] = [];
  for (const s of sessions) {
    const month = sessionMonth(s.startsAt, lang);
    let group = months.at(-1);
    if (!group || group.month !== month) months.push((group = { month, sessions: [] }));
    group.sessions.push({ ...s, when: formatSessionTime(s.startsAt, s.endsAt, lang), seatsLeft: Math.max(0, s.capacity - s.confirmed) });
  }
  return { months, organizations: orgs, org: SLUG_PATTERN.test(org) ? org : "", venues, venue: venues.some(([v]) => v === venue) ? venue : "" };
}

export default function ClassSchedule() {
  const { months, organizations: orgs, org, venues, venue } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  // Class titles, venues and towns are data written in Japanese.
  const ja = useLangAttribute("ja");
  const sep = ja ? " · " : "・";
  return (
    <div className="page">
      <Breadcrumbs items={[{ to: "/", label: t("common.top") }, { label: t("classes.heading") }]} />
      <h1>{t("classes.heading")}</h1>
      <p className="lead">
        <RubyText text={t("classes.lead")} />
      </p>
      <Form method="get" className="filters">
        <FilterSelect id="org" label={t("classes.town")} options={orgs.map((o) => [o.slug, o.name])} value={org} allLabel={t("classes.all")} />
        <FilterSelect id="venue" label={t("classes.venue")} options={venues} value={venue} allLabel={t("classes.all")} />
        <button type="submit" className="button">
          {t("classes.show")}
        </button>
      </Form>
      <p>
        <Link to="/classes/lookup">{t("classes.lookupLink")}</Link>
      </p>
      {months.length === 0 ? <p>{t("classes.none")}</p> : null}
      {months.map((group) => (
        <section key={group.month} aria-labelledby={`m-${group.month}`}>
          <h2 id={`m-${group.month}`}>{group.month}</h2>
          <ul className="class-list">
            {group.sessions.map((s) => (
              <li key={s.id} className={`class-card${s.status === "cancelled" ? " cancelled" : s.seatsLeft > 0 ? "" : " full"}`}>
                <p className="class-when">{s.when}</p>
                <h3>
                  <Link to={`/classes/${s.id}`}>
                    {ja ? (
                      <>
                        <span lang={ja}>{s.title}</span> {t("classes.sessionNumber", { number: s.number })}
                      </>
                    ) : (
                      t("classes.sessionTitle", { title: s.title, number: s.number })
                    )}
                  </Link>
                </h3>
                <p>
                  <span lang={s.venueName ? ja : undefined}>{s.venueName ?? t("classes.venueUndecided")}</span>
                  {sep}
                  <span lang={ja}>{s.organizationName}</span>
                  <br />
                  <span className="meta">
                    {t(`classes.formats.${s.format}`)}
                    {sep}
                    {s.organizerName ? <span lang={ja}>{s.organizerName}</span> : t(`classes.organizerTypes.${s.organizerType}`)}
                  </span>
                </p>
                <p className="class-seats">
                  {s.status === "cancelled" ? (
                    <strong>
                      {t("classes.cancelled")}
                      {s.cancelReason ? (
                        <>
                          {ja ? " (" : "（"}
                          <span lang={ja}>{s.cancelReason}</span>
                          {ja ? ")" : "）"}
                        </>
                      ) : null}
                    </strong>
                  ) : (
                    <SeatsBadge status={s.status} seatsLeft={s.seatsLeft} />
                  )}
                </p>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
