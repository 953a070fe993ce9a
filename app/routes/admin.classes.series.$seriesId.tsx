import { Link, type LoaderFunctionArgs, type MetaFunction, useLoaderData } from "react-router";
import { StatGrid } from "~/components/stats";
import { notFound, requirePermission } from "~/auth/guard.server";
import { AGE_BANDS, SESSION_STATUSES, type AgeBand, type SessionStatus } from "~/classes/constants";
import { formatSessionTime } from "~/classes/format";
import { getPublicSeries } from "~/classes/queries.server";
import { seriesStats } from "~/classes/stats.server";
import { getDb } from "~/db.server";

export const meta: MetaFunction = () => [{ title: "教室の集計 | 学び舎" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "class:manage");
  const db = await getDb();
  const stats = await seriesStats(db, user.organizationId, params.seriesId ?? "");
  if (stats.sessions.length === 0) notFound("教室が見つかりません。");
  const series = await getPublicSeries(db, params.seriesId ?? "");
  return {
    title: series?.title ?? "職員研修",
    staff: !series,
    stats: {
      ...stats,
      sessions: stats.sessions.map((s) => ({
        ...s,
        when: formatSessionTime(s.startsAt, s.startsAt),
        statusLabel: SESSION_STATUSES[s.status as SessionStatus],
      })),
      byAgeBand: Object.entries(stats.byAgeBand).map(([k, n]) => [AGE_BANDS[k as AgeBand] ?? "未回答", n] as const),
    },
  };
}

function Breakdown({ title, rows }: { title: string; rows: readonly (readonly [string, number])[] }) {
  if (rows.length === 0) return null;
  return (
    <section>
      <h3>{title}</h3>
      <table className="data-table compact">
        <tbody>
          {rows.map(([k, n]) => (
            <tr key={k}>
              <th scope="row">{k}</th>
              <td>{n}人</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export default function SeriesFigures() {
  const { title, staff, stats } = useLoaderData<typeof loader>();
  const t = stats.totals;
  return (
    <>
      <p>
        <Link to="/admin/classes">← 教室の一覧へ</Link>
      </p>
      <h1>{title}の集計</h1>
      <p className="hint">数字はすべて申込と出欠の記録から計算しています（締め切った回の人数は確定です）。</p>
      <StatGrid
        items={[
          { label: "延べ出席", value: `${t.attended}人` },
          { label: "申込", value: `${t.registered}人` },
          { label: "当日参加", value: `${t.walkIns}人` },
          { label: "欠席", value: `${t.noShows}人` },
          { label: "取り消し", value: `${t.cancelled}件` },
          !staff && { label: "参加した住民（実人数）", value: `${t.people}人` },
          !staff && { label: "うち はじめての方", value: `${t.firstTime}人` },
          !staff && { label: "うち 以前も参加した方", value: `${t.returning}人` },
        ]}
      />
      <h2>回ごとの人数</h2>
      <div className="table-wrap">
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">回</th>
              <th scope="col">日時</th>
              <th scope="col">状態</th>
              <th scope="col">申込</th>
              <th scope="col">出席</th>
              <th scope="col">当日参加</th>
              <th scope="col">欠席</th>
              <th scope="col">取り消し</th>
            </tr>
          </thead>
          <tbody>
            {stats.sessions.map((s) => (
              <tr key={s.id}>
                <td>
                  <Link to={`/admin/classes/${s.id}`}>第{s.number}回</Link>
                </td>
                <td>{s.when.replace(/〜.*$/, "")}</td>
                <td>{s.statusLabel}</td>
                <td>{s.registered}</td>
                <td>{s.attended}</td>
                <td>{s.walkIns}</td>
                <td>{s.noShows}</td>
                <td>{s.cancelled}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>アンケート</h2>
      <p>
        回答 {stats.survey.answers}件・満足度の平均 {stats.survey.satisfaction ?? "—"}・わかりやすさの平均 {stats.survey.clarity ?? "—"}（5点満点）
      </p>
      {stats.survey.nextTopics.length ? <p>次に学びたいこと: {stats.survey.nextTopics.map((t) => `${t.topic}（${t.n}）`).join("、")}</p> : null}
      <h2>出席した方の内訳（延べ）</h2>
      <div className="two-col">
        {staff ? (
          <>
            <Breakdown title="課別" rows={Object.entries(stats.byDepartment)} />
            <Breakdown title="職位別" rows={Object.entries(stats.byRank)} />
          </>
        ) : (
          <>
            <Breakdown title="年代別" rows={stats.byAgeBand} />
            <Breakdown title="地区別" rows={Object.entries(stats.byDistrict)} />
          </>
        )}
      </div>
    </>
  );
}
