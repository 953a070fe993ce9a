import { sql } from "drizzle-orm";
import { queryRows, type Db } from "../../db/client";
import { attendedSql } from "./attended.server";

export interface SeriesStats {
  sessions: {
    id: string;
    number: number;
    startsAt: Date;
    status: string;
    registered: number;
    attended: number;
    walkIns: number;
    noShows: number;
    cancelled: number;
  }[];
  totals: { registered: number; attended: number; walkIns: number; noShows: number; cancelled: number; people: number; firstTime: number; returning: number };
  byAgeBand: Record<string, number>;
  byDistrict: Record<string, number>;
  /** Staff trainings: attendees by 課 and by 職位. */
  byDepartment: Record<string, number>;
  byRank: Record<string, number>;
  survey: { answers: number; satisfaction: number | null; clarity: number | null; nextTopics: { topic: string; n: number }[] };
}

/**
 * The figures of one series, computed from the records in SQL: per session, totals, attendees by age band and district
 * (residents) or by 課 and 職位 (staff trainings), and first-time versus returning residents. A resident is
 * "returning" when the same person (name, ふりがな and phone) attended any session of the organization before this
 * series began; anonymized registrations cannot be matched and count as first-time.
 */
export async function seriesStats(db: Db, organizationId: string, seriesId: string): Promise<SeriesStats> {
  const attendedFilter = attendedSql(sql`a.status`);
  const sessions = await queryRows<{
    id: string;
    number: number;
    starts_at: string;
    status: string;
    registered: number;
    attended: number;
    walk_ins: number;
    no_shows: number;
    cancelled: number;
  }>(
    db,
    sql`
      select s.id, s.number, s.starts_at, s.status,
        count(r.id) filter (where r.status = 'confirmed' and r.channel <> 'walk_in')::int as registered,
        count(r.id) filter (where ${attendedFilter})::int as attended,
        count(r.id) filter (where r.status = 'confirmed' and r.channel = 'walk_in')::int as walk_ins,
        count(r.id) filter (where s.status = 'held' and r.status = 'confirmed' and r.channel <> 'walk_in' and (a.status is null or a.status = 'absent'))::int as no_shows,
        count(r.id) filter (where r.status = 'cancelled')::int as cancelled
      from class_sessions s
      left join registrations r on r.session_id = s.id
      left join attendance a on a.registration_id = r.id
      where s.series_id = ${seriesId} and s.organization_id = ${organizationId}
      group by s.id order by s.starts_at, s.number`,
  );
  const breakdown = async (expr: ReturnType<typeof sql>) =>
    Object.fromEntries(
      (
        await queryRows<{ k: string | null; n: number }>(
          db,
          sql`
          select ${expr} as k, count(*)::int as n
          from registrations r
          join class_sessions s on s.id = r.session_id
          join attendance a on a.registration_id = r.id
          left join users u on u.id = r.user_id
          left join departments d on d.id = u.department_id
          left join job_ranks jr on jr.id = u.job_rank_id
          where s.series_id = ${seriesId} and s.organization_id = ${organizationId} and ${attendedFilter}
          group by 1 order by 2 desc`,
        )
      ).map((r) => [r.k ?? "不明", r.n]),
    );
  const [people] = await queryRows<{ people: number; returning: number }>(
    db,
    sql`
      with attendees as (
        select distinct r.name, r.name_kana, coalesce(r.phone, '') as phone
        from registrations r
        join class_sessions s on s.id = r.session_id
        join attendance a on a.registration_id = r.id
        where s.series_id = ${seriesId} and s.organization_id = ${organizationId} and ${attendedFilter}
          and r.user_id is null and r.name is not null
      ),
      series_start as (select min(starts_at) as t from class_sessions where series_id = ${seriesId})
      select count(*)::int as people,
        count(*) filter (where exists (
          select 1 from registrations r2
          join class_sessions s2 on s2.id = r2.session_id
          join attendance a2 on a2.registration_id = r2.id
          where s2.organization_id = ${organizationId} and s2.starts_at < (select t from series_start)
            and ${attendedSql(sql`a2.status`)}
            and r2.name = attendees.name and r2.name_kana = attendees.name_kana and coalesce(r2.phone, '') = attendees.phone
        ))::int as returning
      from attendees`,
  );
  const [survey] = await queryRows<{ answers: number; satisfaction: number | null; clarity: number | null }>(
    db,
    sql`select count(*)::int as answers, round(avg(v.satisfaction)::numeric, 2)::float8 as satisfaction, round(avg(v.clarity)::numeric, 2)::float8 as clarity
      from surveys v join class_sessions s on s.id = v.session_id where s.series_id = ${seriesId} and s.organization_id = ${organizationId}`,
  );
  const nextTopics = await queryRows<{ topic: string; n: number }>(
    db,
    sql`select v.next_topic as topic, count(*)::int as n from surveys v join class_sessions s on s.id = v.session_id
      where s.series_id = ${seriesId} and s.organization_id = ${organizationId} and v.next_topic is not null
      group by 1 order by 2 desc, 1 limit 10`,
  );
  const sum = (k: "registered" | "attended" | "walk_ins" | "no_shows" | "cancelled") => sessions.reduce((n, s) => n + s[k], 0);
  return {
    sessions: sessions.map((s) => ({
      id: s.id,
      number: s.number,
      startsAt: new Date(s.starts_at),
      status: s.status,
      registered: s.registered,
      attended: s.attended,
      walkIns: s.walk_ins,
      noShows: s.no_shows,
      cancelled: s.cancelled,
    })),
    totals: {
      registered: sum("registered"),
      attended: sum("attended"),
      walkIns: sum("walk_ins"),
      noShows: sum("no_shows"),
      cancelled: sum("cancelled"),
      people: people?.people ?? 0,
      returning: people?.returning ?? 0,
      firstTime: (people?.people ?? 0) - (people?.returning ?? 0),
    },
    byAgeBand: await breakdown(sql`r.age_band`),
    byDistrict: await breakdown(sql`r.district`),
    byDepartment: await breakdown(sql`d.name`),
    byRank: await breakdown(sql`jr.name`),
    survey: { answers: survey?.answers ?? 0, satisfaction: survey?.satisfaction ?? null, clarity: survey?.clarity ?? null, nextTopics },
  };
}
