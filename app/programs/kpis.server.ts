import { sql } from "drizzle-orm";
import { queryRows, type Db } from "../../db/client";
import type { ProgramMetric } from "../../db/schema";
import { fiscalYearLastDay, formatJapaneseDate, jstDate } from "~/kernel/dates";

/**
 * KPI figures of a certification programme (issue #8 in the KPIs of #6), counted in SQL with one grouped query per KPI:
 *
 * - certified_promoters: people holding a valid certificate at the end of each fiscal year (today for the current one);
 * - promoter_coverage: % of the organization's 課 with at least one placed promoter whose certificate is valid then;
 * - confirmed_activities: improvement activities done in the fiscal year and confirmed by the 課長.
 */
export interface ProgramSource {
  kind: "program";
  program: string;
  metric: ProgramMetric;
}

/** The date each fiscal year is measured on: its last day, or today for the year in progress. */
const yearsSql = (fromYear: number, toYear: number, today: string) =>
  sql`(select g as fy, least(make_date(g + 1, 3, 31), ${today}::date) as d from generate_series(${fromYear}::int, ${toYear}::int) g) y`;

/** A certificate (alias c) valid on y.d: started, not ended, not revoked by then (revocation date in Japan time). */
const validOnYear = sql`c.valid_from <= y.d and c.valid_until >= y.d and (c.revoked_at is null or ((c.revoked_at at time zone 'UTC') + interval '9 hours')::date > y.d)`;

export async function programActualsByYear(
  db: Db,
  organizationId: string,
  source: ProgramSource,
  fromYear: number,
  toYear: number,
  now = new Date(),
): Promise<Map<number, number | null>> {
  const result = new Map<number, number | null>();
  if (toYear < fromYear) return result;
  const today = jstDate(now);
  const programId = sql`(select id from programs where slug = ${source.program})`;
  const queries: Record<ProgramMetric, ReturnType<typeof sql>> = {
    certified_promoters: sql`select y.fy, count(distinct c.user_id)::float8 as v from ${yearsSql(fromYear, toYear, today)}
      left join program_certificates c on c.organization_id = ${organizationId} and c.program_id = ${programId} and ${validOnYear}
      group by y.fy`,
    promoter_coverage: sql`select y.fy, coalesce(round(100.0 * count(distinct p.department_id)
        / nullif((select count(*) from departments where organization_id = ${organizationId}), 0), 1), 0)::float8 as v
      from ${yearsSql(fromYear, toYear, today)}
      left join lateral (
        select pl.department_id from promoter_placements pl
        where pl.organization_id = ${organizationId} and pl.program_id = ${programId}
          and pl.placed_on <= y.d and (pl.ended_on is null or pl.ended_on > y.d)
          and exists (select 1 from program_certificates c where c.user_id = pl.user_id and c.program_id = pl.program_id and ${validOnYear})
      ) p on true
      group by y.fy`,
    confirmed_activities: sql`select extract(year from done_on - interval '3 months')::int as fy, count(*)::float8 as v from promoter_activities
      where organization_id = ${organizationId} and program_id = ${programId} and confirmed_at is not null
        and done_on >= ${`${fromYear}-04-01`}::date and done_on <= ${fiscalYearLastDay(toYear)}::date
      group by 1`,
  };
  const rows = await queryRows<{ fy: number; v: number | null }>(db, queries[source.metric]);
  const byYear = new Map(rows.map((r) => [Number(r.fy), r.v === null ? null : Number(r.v)]));
  for (let fy = fromYear; fy <= toYear; fy++) result.set(fy, byYear.get(fy) ?? 0);
  return result;
}

export interface ProgramKpiRow {
  id: string;
  date: string;
  label: string;
  detail: string;
}

/** The records behind a programme KPI for a fiscal year: the promoters counted, or the confirmed activities. */
export async function programKpiRecords(db: Db, organizationId: string, source: ProgramSource, fiscalYear: number, now = new Date()): Promise<ProgramKpiRow[]> {
  const today = jstDate(now);
  const d = fiscalYearLastDay(fiscalYear) < today ? fiscalYearLastDay(fiscalYear) : today;
  const programId = sql`(select id from programs where slug = ${source.program})`;
  if (source.metric === "confirmed_activities") {
    const rows = await queryRows<{ id: string; done_on: string; title: string; name: string; department: string; hours: number | null }>(
      db,
      sql`select a.id, a.done_on::text as done_on, a.title, u.name, d.name as department, a.hours_saved_per_year as hours
        from promoter_activities a join users u on u.id = a.user_id join departments d on d.id = a.department_id
        where a.organization_id = ${organizationId} and a.program_id = ${programId} and a.confirmed_at is not null
          and a.done_on >= ${`${fiscalYear}-04-01`}::date and a.done_on <= ${fiscalYearLastDay(fiscalYear)}::date
        order by a.done_on, u.staff_number`,
    );
    return rows.map((r) => ({
      id: r.id,
      date: formatJapaneseDate(r.done_on),
      label: r.title,
      detail: `${r.name}（${r.department}）${r.hours !== null ? `・年間${r.hours}時間の削減` : ""}`,
    }));
  }
  const rows = await queryRows<{ id: string; name: string; valid_until: string; department: string | null }>(
    db,
    sql`select distinct on (u.staff_number, u.id) u.id, u.name, c.valid_until::text as valid_until,
        (select dd.name from promoter_placements pl join departments dd on dd.id = pl.department_id
          where pl.user_id = u.id and pl.program_id = c.program_id and pl.placed_on <= ${d}::date and (pl.ended_on is null or pl.ended_on > ${d}::date) limit 1) as department
      from program_certificates c join users u on u.id = c.user_id, (select ${d}::date as d) y
      where c.organization_id = ${organizationId} and c.program_id = ${programId} and ${validOnYear}
      order by u.staff_number, u.id, c.valid_until desc`,
  );
  return rows
    .filter((r) => source.metric === "certified_promoters" || r.department !== null)
    .map((r) => ({
      id: r.id,
      date: formatJapaneseDate(d),
      label: r.name,
      detail: `${r.department ? `配置: ${r.department}` : "未配置"}・有効期限 ${formatJapaneseDate(r.valid_until)}`,
    }));
}
