import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Breadcrumbs } from "~/components/site-chrome";
import { formatSessionTime } from "~/classes/format";
import { getPublicSeries } from "~/classes/queries.server";
import { notFound } from "~/auth/guard.server";
import { getDb } from "~/db.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.series.title} | 学び舎` : "教室 | 学び舎" }];

/** A series and all its sessions: where the QR code on posters and in the 広報紙 leads. */
export async function loader({ params }: LoaderFunctionArgs) {
  const series = await getPublicSeries(await getDb(), params.seriesId ?? "");
  if (!series) notFound("教室が見つかりません。");
  const now = Date.now();
  return {
    series: {
      ...series,
      sessions: series.sessions.map((s) => ({
        id: s.id,
        number: s.number,
        when: formatSessionTime(s.startsAt, s.endsAt),
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
  return (
    <div className="page narrow class-page">
      <Breadcrumbs items={[{ to: "/", label: "トップ" }, { to: "/classes", label: "スマホ教室の日程" }, { label: series.title }]} />
      <h1>{series.title}</h1>
      <p>{series.organizationName}</p>
      {series.description ? <p>{series.description}</p> : null}
      <ul className="class-list">
        {series.sessions.map((s) => (
          <li key={s.id} className={`class-card${s.status === "cancelled" ? " cancelled" : ""}`}>
            <p className="class-when">{s.when}</p>
            <h2 className="class-card-title">
              <Link to={`/classes/${s.id}`}>第{s.number}回</Link>
            </h2>
            <p>{s.venueName ?? "会場未定"}</p>
            <p className="class-seats">
              {s.status === "cancelled" ? "中止" : !s.open ? "受付終了" : s.seatsLeft > 0 ? `あと${s.seatsLeft}席` : "満席（キャンセル待ちで申し込めます）"}
            </p>
          </li>
        ))}
      </ul>
    </div>
  );
}
