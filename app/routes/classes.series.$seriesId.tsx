import { Link, type LoaderFunctionArgs, type MetaFunction, useLoaderData } from "react-router";
import { translatedHandle, useLangAttribute, useTranslation } from "~/i18n/react";
import { Breadcrumbs } from "~/components/site-chrome";
import { SeatsBadge } from "~/components/class-badges";
import { formatSessionTime } from "~/classes/format";
import { getPublicSeries } from "~/classes/queries.server";
import { notFound } from "~/auth/guard.server";
import { getDb } from "~/db.server";
import { metaT } from "~/i18n/i18n";
import { requestT } from "~/i18n/language.server";

export const handle = translatedHandle;

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const t = metaT(matches);
  return [{ title: (data ? data.series.title : t("classes.metaTitle")) + t("common.titleSuffix") }];
};

/** A series and all its sessions: where the QR code on posters and in the 広報紙 leads. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { lang, t } = requestT(request);
  const series = await getPublicSeries(await getDb(), params.seriesId ?? "");
  if (!series) notFound(t("classes.notFound"));
  const now = Date.now();
  return {
    series: {
      ...series,
      sessions: series.sessions.map((s) => ({
        id: s.id,
        number: s.number,
        when: formatSessionTime(s.startsAt, s.endsAt, lang),
        venueName: s.venueName,
        status: s.status,
        open: s.status === "scheduled" && new Date(s.startsAt).getTime() > now,
        seatsLeft: Math.max(0, s.capacity - s.confirmed),
      })),
    },
  };
}

export default function SeriesPage() {
  const { series } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const ja = useLangAttribute("ja");
  return (
    <div className="page narrow class-page">
      <Breadcrumbs
        items={[
          { to: "/", label: t("common.top") },
          { to: "/classes", label: t("classes.heading") },
          { label: series.title, lang: ja },
        ]}
      />
      <h1 lang={ja}>{series.title}</h1>
      <p lang={ja}>{series.organizationName}</p>
      {series.description ? <p lang={ja}>{series.description}</p> : null}
      <ul className="class-list">
        {series.sessions.map((s) => (
          <li key={s.id} className={`class-card${s.status === "cancelled" ? " cancelled" : s.open && s.seatsLeft === 0 ? " full" : ""}`}>
            <p className="class-when">{s.when}</p>
            <h2 className="class-card-title">
              <Link to={`/classes/${s.id}`}>{t("classes.sessionNumber", { number: s.number })}</Link>
            </h2>
            <p lang={s.venueName ? ja : undefined}>{s.venueName ?? t("classes.venueUndecided")}</p>
            <p className="class-seats">
              <SeatsBadge status={s.status} open={s.open} seatsLeft={s.seatsLeft} />
            </p>
          </li>
        ))}
      </ul>
    </div>
  );
}
