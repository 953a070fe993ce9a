import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { FilterSelect } from "~/components/form";
import { Breadcrumbs } from "~/components/site-chrome";
import { CLASS_FORMATS, ORGANIZER_TYPES } from "~/classes/constants";
import { formatSessionTime, sessionMonth } from "~/classes/format";
import { listUpcomingSessions } from "~/classes/queries.server";
import { SLUG_PATTERN } from "~/content/schema";
import { getDb } from "~/db.server";
import { listOrganizations } from "~/organizations.server";

export const meta: MetaFunction = () => [
  { title: "スマホ教室の日程 | 学び舎" },
  { name: "description", content: "公民館などで開くスマートフォン教室の日程と申し込みです。" },
];

export async function loader({ request }: LoaderFunctionArgs) {
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
  const months: { month: string; sessions: (typeof sessions[number] & { when: string; seatsLeft: number })[] }[] = [];
  for (const s of sessions) {
    const month = sessionMonth(s.startsAt);
    let group = months.at(-1);
    if (!group || group.month !== month) months.push((group = { month, sessions: [] }));
    group.sessions.push({ ...s, when: formatSessionTime(s.startsAt, s.endsAt), seatsLeft: Math.max(0, s.capacity - s.confirmed) });
  }
  return { months, organizations: orgs, org: SLUG_PATTERN.test(org) ? org : "", venues, venue: venues.some(([v]) => v === venue) ? venue : "" };
}

export default function ClassSchedule() {
  const { months, organizations: orgs, org, venues, venue } = useLoaderData<typeof loader>();
  return (
    <div className="page">
      <Breadcrumbs items={[{ to: "/", label: "トップ" }, { label: "スマホ教室の日程" }]} />
      <h1>スマホ教室の日程</h1>
      <p className="lead">
        公民館などで、スマートフォンの<ruby>使<rt>つか</rt></ruby>い<ruby>方<rt>かた</rt></ruby>を<ruby>教<rt>おし</rt></ruby>える<ruby>教室<rt>きょうしつ</rt></ruby>を<ruby>開<rt>ひら</rt></ruby>いています。
        <ruby>参加<rt>さんか</rt></ruby>は<ruby>無料<rt>むりょう</rt></ruby>です。<ruby>電話<rt>でんわ</rt></ruby>でも<ruby>申<rt>もう</rt></ruby>し<ruby>込<rt>こ</rt></ruby>めます。
      </p>
      <Form method="get" className="filters">
        <FilterSelect id="org" label="市町村" options={orgs.map((o) => [o.slug, o.name])} value={org} />
        <FilterSelect id="venue" label="会場" options={venues} value={venue} />
        <button type="submit" className="button">
          表示する
        </button>
      </Form>
      <p>
        <Link to="/classes/lookup">申し込みの確認・取り消しはこちら</Link>
      </p>
      {months.length === 0 ? <p>いまのところ、予定されている教室はありません。</p> : null}
      {months.map((group) => (
        <section key={group.month} aria-labelledby={`m-${group.month}`}>
          <h2 id={`m-${group.month}`}>{group.month}</h2>
          <ul className="class-list">
            {group.sessions.map((s) => (
              <li key={s.id} className={`class-card${s.status === "cancelled" ? " cancelled" : ""}`}>
                <p className="class-when">{s.when}</p>
                <h3>
                  <Link to={`/classes/${s.id}`}>
                    {s.title}（第{s.number}回）
                  </Link>
                </h3>
                <p>
                  {s.venueName ?? "会場未定"}・{s.organizationName}
                  <br />
                  <span className="meta">
                    {CLASS_FORMATS[s.format]}・{s.organizerName ?? ORGANIZER_TYPES[s.organizerType]}
                  </span>
                </p>
                <p className="class-seats">
                  {s.status === "cancelled" ? (
                    <strong>中止になりました{s.cancelReason ? `（${s.cancelReason}）` : ""}</strong>
                  ) : s.seatsLeft > 0 ? (
                    `あと${s.seatsLeft}席`
                  ) : (
                    "満席（キャンセル待ちで申し込めます）"
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
