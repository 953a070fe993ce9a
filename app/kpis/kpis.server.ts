import { and, asc, eq, sql } from "drizzle-orm";
import { queryRows, type Db } from "../../db/client";
import { kpiComments, kpiEntries, kpis, organizations, type KpiSource } from "../../db/schema";
import { writeAudit } from "~/audit/audit.server";
import { fiscalYearOf, fiscalYearRange } from "./fiscal-year";
import { achievementPercent, statusOf, targetFor, type KpiDefinition, type Status } from "./rules";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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

/**
 * The actual figure of a KPI for a fiscal year, counted in SQL from the records (never loaded into memory) or from the
 * figures entered by hand. "Held" sessions are those marked 実施済み (closed) that started in the fiscal year.
 */
export async function actualFor(db: Db, organizationId: string, kpiId: string, source: KpiSource, fiscalYear: number): Promise<number | null> {
  if (source.kind === "manual") {
    // entered_on is a calendar date in Japan, so the fiscal year is simply 1 April to the next 1 April.
    const from = `${fiscalYear}-04-01`;
    const until = `${fiscalYear + 1}-04-01`;
    if (source.aggregate === "sum") {
      const [row] = await db
        .select({ v: sql<number | null>`sum(${kpiEntries.value})::float8` })
        .from(kpiEntries)
        .where(and(eq(kpiEntries.kpiId, kpiId), eq(kpiEntries.organizationId, organizationId), sql`${kpiEntries.enteredOn} >= ${from}::date`, sql`${kpiEntries.enteredOn} < ${until}::date`));
      return row?.v ?? 0; // a yearly count with no entry means nothing happened so far
    }
    // A level (累計・率): the latest figure entered up to the end of the fiscal year.
    const [row] = await db
      .select({ v: kpiEntries.value })
      .from(kpiEntries)
      .where(and(eq(kpiEntries.kpiId, kpiId), eq(kpiEntries.organizationId, organizationId), sql`${kpiEntries.enteredOn} < ${until}::date`))
      .orderBy(sql`${kpiEntries.enteredOn} desc, ${kpiEntries.createdAt} desc`)
      .limit(1);
    return row?.v ?? null;
  }
  const { start, end } = fiscalYearRange(fiscalYear);
  const f = source.filters;
  const where = sql`s.organization_id = ${organizationId} and s.starts_at >= ${start.toISOString()} and s.starts_at < ${end.toISOString()}
    ${f.category ? sql`and c.category = ${f.category}` : sql``}
    ${f.audience ? sql`and c.audience = ${f.audience}` : sql``}
    ${f.organizerType ? sql`and c.organizer_type = ${f.organizerType}` : sql``}`;
  const attended = sql`a.status in ('present', 'late', 'left_early')`;
  const queries: Record<typeof source.metric, ReturnType<typeof sql>> = {
    sessions_held: sql`select count(*)::float8 as v from class_sessions s join class_series c on c.id = s.series_id where ${where} and s.status = 'held'`,
    total_attendances: sql`select count(*)::float8 as v from class_sessions s join class_series c on c.id = s.series_id
      join registrations r on r.session_id = s.id join attendance a on a.registration_id = r.id where ${where} and ${attended}`,
    unique_participants: sql`select count(distinct coalesce(r.user_id::text, r.name || '|' || r.name_kana || '|' || coalesce(r.phone, ''), r.id::text))::float8 as v
      from class_sessions s join class_series c on c.id = s.series_id join registrations r on r.session_id = s.id join attendance a on a.registration_id = r.id
      where ${where} and ${attended}`,
    average_satisfaction: sql`select round(avg(v.satisfaction)::numeric, 2)::float8 as v from class_sessions s join class_series c on c.id = s.series_id
      join surveys v on v.session_id = s.id where ${where}`,
  };
  const [row] = await queryRows<{ v: number | null }>(db, queries[source.metric]);
  return row?.v ?? null;
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
  for (const k of rows) {
    const def = definitionOf(k);
    const history: KpiView["history"] = [];
    const current = fiscalYearOf(now);
    for (let fy = k.baselineFiscalYear + 1; fy <= fiscalYear; fy++) {
      const t = targetFor(def, fy);
      history.push({ fiscalYear: fy, actual: fy > current ? null : await actualFor(db, organizationId, k.id, k.source, fy), target: t?.value ?? null, interpolated: t?.interpolated ?? false });
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

/** A figure entered by hand for a manual KPI (audited). */
export async function addKpiEntry(
  db: Db,
  ctx: { organizationId: string; actorUserId: string; ip: string | null },
  input: { kpiId: string; enteredOn: string; value: number; note: string | null },
): Promise<boolean> {
  if (!UUID.test(input.kpiId)) return false;
  return db.transaction(async (tx) => {
    const [k] = await tx.select({ id: kpis.id, source: kpis.source }).from(kpis).where(and(eq(kpis.id, input.kpiId), eq(kpis.organizationId, ctx.organizationId)));
    if (!k || k.source.kind !== "manual") return false;
    const [row] = await tx.insert(kpiEntries).values({ organizationId: ctx.organizationId, kpiId: k.id, enteredOn: input.enteredOn, value: input.value, note: input.note, enteredBy: ctx.actorUserId }).returning({ id: kpiEntries.id });
    await writeAudit(tx, { ...ctx, action: "kpi.entry", targetType: "kpi", targetId: k.id, after: { entryId: row!.id, ...input } });
    return true;
  });
}

/** The records behind a KPI's figure for a fiscal year: the sessions counted, or the entries made by hand. */
export async function kpiRecords(db: Db, organizationId: string, kpiId: string, fiscalYear: number) {
  if (!UUID.test(kpiId)) return null;
  const [k] = await db.select().from(kpis).where(and(eq(kpis.id, kpiId), eq(kpis.organizationId, organizationId)));
  if (!k) return null;
  if (k.source.kind === "manual") {
    const entries = await db
      .select({ id: kpiEntries.id, enteredOn: kpiEntries.enteredOn, value: kpiEntries.value, note: kpiEntries.note, enteredBy: sql<string | null>`(select name from users u where u.id = ${kpiEntries.enteredBy})` })
      .from(kpiEntries)
      .where(and(eq(kpiEntries.kpiId, kpiId), eq(kpiEntries.organizationId, organizationId), sql`${kpiEntries.enteredOn} >= ${`${fiscalYear}-04-01`}::date`, sql`${kpiEntries.enteredOn} < ${`${fiscalYear + 1}-04-01`}::date`))
      .orderBy(asc(kpiEntries.enteredOn));
    return { kpi: k, sessions: [], entries };
  }
  const { start, end } = fiscalYearRange(fiscalYear);
  const f = k.source.filters;
  const sessions = await queryRows<{ id: string; title: string; number: number; starts_at: string; status: string; organizer_type: string; venue: string | null; attended: number }>(
    db,
    sql`select s.id, c.title, s.number, s.starts_at, s.status, c.organizer_type, v.name as venue,
        (select count(*)::int from registrations r join attendance a on a.registration_id = r.id where r.session_id = s.id and a.status in ('present', 'late', 'left_early')) as attended
      from class_sessions s join class_series c on c.id = s.series_id left join venues v on v.id = s.venue_id
      where s.organization_id = ${organizationId} and s.starts_at >= ${start.toISOString()} and s.starts_at < ${end.toISOString()}
        ${f.category ? sql`and c.category = ${f.category}` : sql``}
        ${f.audience ? sql`and c.audience = ${f.audience}` : sql``}
        ${f.organizerType ? sql`and c.organizer_type = ${f.organizerType}` : sql``}
        ${k.source.metric === "sessions_held" ? sql`and s.status = 'held'` : sql``}
      order by s.starts_at, s.number`,
  );
  return { kpi: k, sessions: sessions.map((s) => ({ ...s, startsAt: new Date(s.starts_at) })), entries: [] };
}

/** The DX office's comments for a fiscal year, by KPI id. */
export async function kpiCommentsFor(db: Db, organizationId: string, fiscalYear: number): Promise<Map<string, string>> {
  const rows = await db
    .select({ kpiId: kpiComments.kpiId, comment: kpiComments.comment })
    .from(kpiComments)
    .where(and(eq(kpiComments.organizationId, organizationId), eq(kpiComments.fiscalYear, fiscalYear)));
  return new Map(rows.map((r) => [r.kpiId, r.comment]));
}

/** Writes (or clears) the comment on a KPI for the annual report; audited. */
export async function saveKpiComment(
  db: Db,
  ctx: { organizationId: string; actorUserId: string; ip: string | null },
  input: { kpiId: string; fiscalYear: number; comment: string },
): Promise<boolean> {
  if (!UUID.test(input.kpiId)) return false;
  return db.transaction(async (tx) => {
    const [k] = await tx.select({ id: kpis.id }).from(kpis).where(and(eq(kpis.id, input.kpiId), eq(kpis.organizationId, ctx.organizationId)));
    if (!k) return false;
    if (!input.comment) {
      await tx.delete(kpiComments).where(and(eq(kpiComments.kpiId, k.id), eq(kpiComments.fiscalYear, input.fiscalYear)));
    } else {
      await tx
        .insert(kpiComments)
        .values({ kpiId: k.id, organizationId: ctx.organizationId, fiscalYear: input.fiscalYear, comment: input.comment, updatedBy: ctx.actorUserId })
        .onConflictDoUpdate({ target: [kpiComments.kpiId, kpiComments.fiscalYear], set: { comment: input.comment, updatedBy: ctx.actorUserId, updatedAt: sql`now()` } });
    }
    await writeAudit(tx, { ...ctx, action: "kpi.comment", targetType: "kpi", targetId: k.id, after: input });
    return true;
  });
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
          and a.status in ('present', 'late', 'left_early')
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
