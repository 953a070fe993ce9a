import { and, asc, eq, sql, type SQL } from "drizzle-orm";
import { queryRows, type Db } from "../../db/client";
import { kpiEntries, kpis, organizations, type KpiSource } from "../../db/schema";
import { programActualsByYear } from "~/programs/kpis.server";
import { completionActualsByYear } from "~/campaigns/kpis.server";
import { fiscalYearOf, fiscalYearRange } from "~/kernel/dates";
import { achievementPercent, statusOf, targetFor, type KpiDefinition, type Status } from "./rules";
import { attendedSql } from "~/classes/attended.server";

export { addKpiEntry, kpiCommentsFor, kpiRecords, saveKpiComment } from "./entries.server";

export async function listKpis(db: Db, organizationId: string) {
  return db.select().from(kpis).where(eq(kpis.organizationId, organizationId)).orderBy(asc(kpis.position));
}
type KpiRow = Awaited<ReturnType<typeof listKpis>>[number];

export function definitionOf(k: KpiRow): KpiDefinition {
  return {
    direction: k.direction,
    accumulation: k.accumulation,
    baseline: { value: k.baselineValue, fiscalYear: k.baselineFiscalYear },
    targets: Object.fromEntries(Object.entries(k.targets).map(([y, v]) => [Number(y), v])),
  };
}

/** The fiscal year of a timestamptz column in SQL: Japan time (UTC+9, no daylight saving) moved back three months. */
const fiscalYearSql = (column: ReturnType<typeof sql>) =>
  sql`extract(year from (${column} at time zone 'UTC') + interval '9 hours' - interval '3 months')::int`;

type RecordsSource = Extract<KpiSource, { kind: "records" }>;

/**
 * The actual figures of a KPI for a range of fiscal years: class records read from the figures kept for them
 * (`class_year_*`, decision 013: a few rows per year instead of half a million attendance rows), figures entered by
 * hand summed or folded here, programme and completion sources from their own modules. "Held" sessions are those
 * marked 実施済み (closed) that started in the fiscal year. Counts are 0 for a year without records; averages and
 * levels null. `recountActualsByYear` gives the same figures counted from the records.
 */
export async function actualsByYear(
  db: Db,
  organizationId: string,
  kpiId: string,
  source: KpiSource,
  fromYear: number,
  toYear: number,
): Promise<Map<number, number | null>> {
  if (source.kind === "records" && toYear >= fromYear)
    return yearMap(await queryRows(db, storedClassFigures(organizationId, source, fromYear, toYear)), source, fromYear, toYear);
  return recountActualsByYear(db, organizationId, kpiId, source, fromYear, toYear);
}

/** The stored class figures of a records KPI, one row per fiscal year (decision 013). */
function storedClassFigures(organizationId: string, source: RecordsSource, fromYear: number, toYear: number) {
  const f = source.filters;
  const years = sql`organization_id = ${organizationId} and fiscal_year between ${fromYear} and ${toYear}`;
  const kinds = sql`${years}
      ${f.category ? sql`and category = ${f.category}` : sql``}
      ${f.audience ? sql`and audience = ${f.audience}` : sql``}
      ${f.organizerType ? sql`and organizer_type = ${f.organizerType}` : sql``}`;
  // class_year_participants has one row per filter, null meaning "any".
  const filter = (column: string, value: string | undefined) => (value ? sql`and ${sql.raw(column)} = ${value}` : sql`and ${sql.raw(column)} is null`);
  switch (source.metric) {
    case "sessions_held":
      return sql`select fiscal_year as fy, sum(sessions_held)::float8 as v from class_year_figures where ${kinds} group by 1`;
    case "total_attendances":
      return sql`select fiscal_year as fy, sum(attendances)::float8 as v from class_year_figures where ${kinds} group by 1`;
    case "average_satisfaction":
      // sum ÷ count as numeric, exactly what avg() of a smallint computes, then rounded as the recount rounds it.
      return sql`select fiscal_year as fy, round(sum(satisfaction_sum)::numeric / nullif(sum(satisfaction_count), 0), 2)::float8 as v
        from class_year_figures where ${kinds} group by 1`;
    case "unique_participants":
      return sql`select fy, sum(v)::float8 as v from (
          select fiscal_year as fy, participants as v from class_year_participants
          where ${years} ${filter("category", f.category)} ${filter("audience", f.audience)} ${filter("organizer_type", f.organizerType)}
          union all
          select fiscal_year, single_participants from class_year_figures where ${kinds}
        ) x group by 1`;
  }
}

/** The sums of the figures entered by hand for a count KPI (年間の回数), one row per fiscal year. */
function manualSums(organizationId: string, kpiId: string, fromYear: number, toYear: number) {
  return sql`select extract(year from entered_on - interval '3 months')::int as fy, sum(value)::float8 as v from kpi_entries
    where kpi_id = ${kpiId} and organization_id = ${organizationId}
      and entered_on >= ${`${fromYear}-04-01`}::date and entered_on < ${`${toYear + 1}-04-01`}::date
    group by 1`;
}

export interface FiguresRequest {
  kpi: { id: string; source: KpiSource };
  fromYear: number;
  toYear: number;
}

/**
 * The figures of several KPIs, each exactly as `actualsByYear` gives it. Those read with one statement each (stored
 * class figures, sums entered by hand) are read together in one statement, a union with the KPI's place in the list:
 * one round trip to the database instead of one per KPI (decision 016). The others are read side by side.
 */
export async function actualsByYearForKpis(db: Db, organizationId: string, requests: FiguresRequest[]): Promise<Map<number, number | null>[]> {
  const parts: SQL[] = [];
  const together = new Set<number>();
  requests.forEach(({ kpi, fromYear, toYear }, i) => {
    if (toYear < fromYear) return;
    const statement =
      kpi.source.kind === "records"
        ? storedClassFigures(organizationId, kpi.source, fromYear, toYear)
        : kpi.source.kind === "manual" && kpi.source.aggregate === "sum"
          ? manualSums(organizationId, kpi.id, fromYear, toYear)
          : null;
    if (!statement) return;
    together.add(i);
    // i is this function's own list index, never input: safe as a literal.
    parts.push(sql`select ${sql.raw(String(i))} as k, fy, v from (${statement}) as kpi_${sql.raw(String(i))}`);
  });
  const [rows, others] = await Promise.all([
    parts.length ? queryRows<{ k: number; fy: number; v: number | null }>(db, sql.join(parts, sql` union all `)) : [],
    Promise.all(requests.map((r, i) => (together.has(i) ? null : actualsByYear(db, organizationId, r.kpi.id, r.kpi.source, r.fromYear, r.toYear)))),
  ]);
  return requests.map(
    (r, i) =>
      others[i] ??
      yearMap(
        rows.filter((row) => Number(row.k) === i),
        r.kpi.source,
        r.fromYear,
        r.toYear,
      ),
  );
}

function yearMap(rows: { fy: number; v: number | null }[], source: KpiSource, fromYear: number, toYear: number): Map<number, number | null> {
  const result = new Map<number, number | null>();
  const byYear = new Map(rows.map((r) => [Number(r.fy), r.v === null ? null : Number(r.v)]));
  const zeroWhenEmpty = source.kind === "manual" || (source.kind === "records" && source.metric !== "average_satisfaction");
  for (let fy = fromYear; fy <= toYear; fy++) result.set(fy, byYear.get(fy) ?? (zeroWhenEmpty ? 0 : null));
  return result;
}

/**
 * The same figures counted from the records in SQL (never loaded into memory), one query per KPI grouped by fiscal
 * year: what the stored class figures must always equal (tests/integration/kpi-figures.test.ts), and the source of
 * the manual, programme and completion KPIs.
 */
export async function recountActualsByYear(
  db: Db,
  organizationId: string,
  kpiId: string,
  source: KpiSource,
  fromYear: number,
  toYear: number,
): Promise<Map<number, number | null>> {
  const result = new Map<number, number | null>();
  if (toYear < fromYear) return result;
  if (source.kind === "program") return programActualsByYear(db, organizationId, source, fromYear, toYear);
  if (source.kind === "completion") return completionActualsByYear(db, organizationId, source, fromYear, toYear);
  if (source.kind === "manual" && source.aggregate === "latest") {
    // A level (累計・率): the latest figure entered up to the end of each fiscal year. Entries are few; fold them here.
    const entries = await db
      .select({ enteredOn: kpiEntries.enteredOn, value: kpiEntries.value })
      .from(kpiEntries)
      .where(and(eq(kpiEntries.kpiId, kpiId), eq(kpiEntries.organizationId, organizationId), sql`${kpiEntries.enteredOn} < ${`${toYear + 1}-04-01`}::date`))
      .orderBy(asc(kpiEntries.enteredOn), asc(kpiEntries.createdAt));
    for (let fy = fromYear; fy <= toYear; fy++) {
      const until = `${fy + 1}-04-01`; // entered_on is a calendar date in Japan
      result.set(fy, entries.filter((e) => e.enteredOn < until).at(-1)?.value ?? null);
    }
    return result;
  }
  let rows: { fy: number; v: number | null }[];
  if (source.kind === "manual") {
    rows = await queryRows(db, manualSums(organizationId, kpiId, fromYear, toYear));
  } else {
    const f = source.filters;
    const where = sql`s.organization_id = ${organizationId}
      and s.starts_at >= ${fiscalYearRange(fromYear).start.toISOString()} and s.starts_at < ${fiscalYearRange(toYear).end.toISOString()}
      ${f.category ? sql`and c.category = ${f.category}` : sql``}
      ${f.audience ? sql`and c.audience = ${f.audience}` : sql``}
      ${f.organizerType ? sql`and c.organizer_type = ${f.organizerType}` : sql``}`;
    const fy = fiscalYearSql(sql`s.starts_at`);
    const attended = attendedSql(sql`a.status`);
    const sessions = sql`class_sessions s join class_series c on c.id = s.series_id`;
    const queries: Record<typeof source.metric, ReturnType<typeof sql>> = {
      sessions_held: sql`select ${fy} as fy, count(*)::float8 as v from ${sessions} where ${where} and s.status = 'held' group by 1`,
      // Attendance carries its session (the registration's, set when the mark is made): counting it through
      // attendance_session_idx avoids reading every registration of the organization's sessions (4.2 s → 1.2 s for a
      // prefecture's largest organization, bench/RESULTS.md).
      total_attendances: sql`select ${fy} as fy, count(*)::float8 as v from ${sessions}
        join attendance a on a.session_id = s.id where ${where} and ${attended} group by 1`,
      unique_participants: sql`select ${fy} as fy, count(distinct coalesce(r.user_id::text, r.name || '|' || r.name_kana || '|' || coalesce(r.phone, ''), r.id::text))::float8 as v
        from ${sessions} join registrations r on r.session_id = s.id join attendance a on a.registration_id = r.id where ${where} and ${attended} group by 1`,
      average_satisfaction: sql`select ${fy} as fy, round(avg(v.satisfaction)::numeric, 2)::float8 as v from ${sessions}
        join surveys v on v.session_id = s.id where ${where} group by 1`,
    };
    rows = await queryRows(db, queries[source.metric]);
  }
  return yearMap(rows, source, fromYear, toYear);
}

/** The actual figure of a KPI for one fiscal year (the same query as the history, for one year). */
export async function actualFor(db: Db, organizationId: string, kpiId: string, source: KpiSource, fiscalYear: number): Promise<number | null> {
  return (await actualsByYear(db, organizationId, kpiId, source, fiscalYear, fiscalYear)).get(fiscalYear) ?? null;
}

export interface KpiView {
  id: string;
  code: string;
  name: string;
  policyArea: string;
  unit: string;
  manual: boolean;
  baseline: { value: number; fiscalYear: number };
  fiscalYear: number;
  actual: number | null;
  target: { value: number; interpolated: boolean } | null;
  achievement: number | null;
  status: Status | null;
  /** Each fiscal year from the one after the baseline to the chosen one: actual and target, for the chart. */
  history: { fiscalYear: number; actual: number | null; target: number | null; interpolated: boolean }[];
}

/** Every KPI of the organization for a fiscal year, with history for the chart. */
export async function kpiDashboard(db: Db, organizationId: string, fiscalYear: number, now = new Date()): Promise<KpiView[]> {
  const rows = await listKpis(db, organizationId);
  const views: KpiView[] = [];
  const current = fiscalYearOf(now);
  const figures = await actualsByYearForKpis(
    db,
    organizationId,
    rows.map((k) => ({ kpi: k, fromYear: k.baselineFiscalYear + 1, toYear: Math.min(fiscalYear, current) })),
  );
  for (const [i, k] of rows.entries()) {
    const def = definitionOf(k);
    const history: KpiView["history"] = [];
    const actuals = figures[i]!;
    for (let fy = k.baselineFiscalYear + 1; fy <= fiscalYear; fy++) {
      const t = targetFor(def, fy);
      history.push({
        fiscalYear: fy,
        actual: fy > current ? null : (actuals.get(fy) ?? null),
        target: t?.value ?? null,
        interpolated: t?.interpolated ?? false,
      });
    }
    const last = history.at(-1);
    const target = targetFor(def, fiscalYear);
    const actual = last?.actual ?? null;
    views.push({
      id: k.id,
      code: k.code,
      name: k.name,
      policyArea: k.policyArea,
      unit: k.unit,
      manual: k.source.kind === "manual",
      baseline: def.baseline,
      fiscalYear,
      actual,
      target,
      achievement: actual !== null && target ? achievementPercent(def, actual, target.value) : null,
      status: actual !== null && target ? statusOf(def, actual, target.value, fiscalYear, now) : null,
      history,
    });
  }
  return views;
}

/** The organization that publishes its KPIs as open data, by slug; null when it does not publish. */
export async function publishingOrganization(db: Db, slug: string) {
  const [org] = await db
    .select({ id: organizations.id, name: organizations.name, slug: organizations.slug })
    .from(organizations)
    .where(and(eq(organizations.slug, slug), eq(organizations.publishKpis, true)));
  return org ?? null;
}

/**
 * Staff-training participation by 課 for a fiscal year: active staff, how many of them attended at least one staff
 * training (集合研修) that year, and the attendances. Counted in SQL.
 */
export async function trainingByDepartment(db: Db, organizationId: string, fiscalYear: number) {
  const { start, end } = fiscalYearRange(fiscalYear);
  return queryRows<{ department: string; staff: number; trained: number; attendances: number }>(
    db,
    sql`with held as (
        select r.user_id, count(*)::int as n
        from registrations r
        join attendance a on a.registration_id = r.id
        join class_sessions s on s.id = r.session_id
        join class_series c on c.id = s.series_id
        where r.organization_id = ${organizationId} and c.audience = 'staff' and r.user_id is not null
          and ${attendedSql(sql`a.status`)}
          and s.starts_at >= ${start.toISOString()} and s.starts_at < ${end.toISOString()}
        group by r.user_id
      )
      select coalesce(d.name, '（所属なし）') as department,
        count(u.id)::int as staff,
        count(h.user_id)::int as trained,
        coalesce(sum(h.n), 0)::int as attendances
      from users u
      left join departments d on d.id = u.department_id
      left join held h on h.user_id = u.id
      where u.organization_id = ${organizationId} and u.active
      group by d.name, d.position
      order by d.position nulls last, d.name`,
  );
}
