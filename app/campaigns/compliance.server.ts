/**
 * Compliance: who must take a campaign (its audience, in SQL), each member's assignment status, and the completion
 * figures the admin pages show (counts, breakdowns by 課 / 職位 / 雇用形態, the trend).
 */
import { and, asc, desc, eq, sql, type SQL } from "drizzle-orm";
import { queryRows, type Db } from "../../db/client";
import { campaigns, departments, jobRanks } from "../../db/schema";
import { fiscalYearOf, jstDate } from "~/kernel/dates";
import { EMPLOYMENT_TYPES, type EmploymentType } from "~/staff/constants";
import { completionRate, dueInstant, windowEnd, windowStart, type AssignmentStatus } from "./rules";
import type { CampaignRow } from "./definitions.server";

const list = (values: string[]) =>
  sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  );

/** SQL condition on `u` (users) for a campaign's audience: the same rule as `inAudience` in rules.ts, for the database. */
export function audienceSql(c: Pick<CampaignRow, "id" | "organizationId" | "audience">): SQL {
  const a = c.audience;
  const rules: SQL[] = [];
  if (a.departmentIds.length) rules.push(sql`u.department_id in (${list(a.departmentIds)})`);
  if (a.jobRankIds.length) rules.push(sql`u.job_rank_id in (${list(a.jobRankIds)})`);
  if (a.employmentTypes.length) rules.push(sql`u.employment_type in (${list(a.employmentTypes)})`);
  if (a.roles.length && !a.roles.includes("learner")) rules.push(sql`u.roles && array[${list(a.roles)}]::text[]`);
  const matches = rules.length ? sql.join(rules, sql` and `) : sql`true`;
  return sql`u.organization_id = ${c.organizationId} and u.active
    and not exists (select 1 from campaign_overrides o where o.campaign_id = ${c.id} and o.user_id = u.id and o.kind = 'exempt')
    and (exists (select 1 from campaign_overrides o where o.campaign_id = ${c.id} and o.user_id = u.id and o.kind = 'include') or (${matches}))`;
}

/**
 * Every member of the campaign with their assignment status, as one SQL statement (a CTE other queries group). A
 * member is complete when each of the campaign's courses has a completion inside the window; `last_done` is the latest.
 */
export function assignmentsSql(c: CampaignRow, now: Date, extra: SQL = sql`true`): SQL {
  const from = windowStart(c).toISOString();
  const to = windowEnd(c).toISOString();
  const due = dueInstant(c).toISOString();
  // The organization's completions of the campaign's courses in the window, grouped per person, in one range scan of
  // course_completions_org_course_idx (a lookup per person cost 12,000 index probes for a prefecture's largest
  // organization, on every one of the compliance page's queries). With a filter on one person (u.id = …) Postgres
  // pushes it into the grouped subquery, so a single assignment stays one index lookup.
  return sql`select u.id, u.name, u.name_kana, u.staff_number, u.email, u.department_id, u.job_rank_id, u.employment_type,
      coalesce(d.done, 0) as done, d.last_done,
      case when coalesce(d.done, 0) = k.n then (case when d.last_done >= ${due} then 'late' else 'complete' end)
           when ${now.toISOString()}::timestamptz >= ${due} then 'overdue' else 'pending' end as status
    from users u
    cross join (select count(*)::int as n from campaign_courses where campaign_id = ${c.id}) k
    left join (
      select cc.user_id, count(*)::int as done, max(cc.completed_at) as last_done from course_completions cc
      where cc.organization_id = ${c.organizationId} and cc.course_id in (select course_id from campaign_courses where campaign_id = ${c.id})
        and cc.completed_at >= ${from} and cc.completed_at < least(${to}::timestamptz, ${now.toISOString()}::timestamptz)
      group by cc.user_id
    ) d on d.user_id = u.id
    where ${audienceSql(c)} and ${extra}`;
}

export interface Breakdown {
  key: string | null;
  label: string;
  total: number;
  completed: number;
  overdue: number;
  rate: number | null;
}

export interface Compliance {
  total: number;
  completed: number;
  late: number;
  pending: number;
  overdue: number;
  rate: number | null;
}

function summarize(rows: { status: AssignmentStatus; n: number }[]): Compliance {
  const by = (s: AssignmentStatus) => Number(rows.find((r) => r.status === s)?.n ?? 0);
  const total = rows.reduce((a, r) => a + Number(r.n), 0);
  const completed = by("complete") + by("late");
  return { total, completed, late: by("late"), pending: by("pending"), overdue: by("overdue"), rate: completionRate(completed, total) };
}

/** Counts by status for the whole audience (or one 課), computed in SQL. */
export async function complianceOf(db: Db, c: CampaignRow, now = new Date(), departmentId?: string | null): Promise<Compliance> {
  const extra = departmentId === undefined ? sql`true` : departmentId === null ? sql`u.department_id is null` : sql`u.department_id = ${departmentId}`;
  const rows = await queryRows<{ status: AssignmentStatus; n: number }>(
    db,
    sql`select status, count(*)::int as n from (${assignmentsSql(c, now, extra)}) a group by status`,
  );
  return summarize(rows);
}

type BreakdownDimension = "department" | "jobRank" | "employmentType";
type BreakdownCounts = { key: string | null; total: number; completed: number; overdue: number };

/** Completion by 課, 職位 or 雇用形態, in the organization's order. */
export async function complianceBy(db: Db, c: CampaignRow, dimension: BreakdownDimension, now = new Date()): Promise<Breakdown[]> {
  const column = { department: sql`department_id`, jobRank: sql`job_rank_id`, employmentType: sql`employment_type` }[dimension];
  const rows = await queryRows<BreakdownCounts>(
    db,
    sql`select ${column}::text as key, count(*)::int as total,
        (count(*) filter (where status in ('complete', 'late')))::int as completed, (count(*) filter (where status = 'overdue'))::int as overdue
      from (${assignmentsSql(c, now)}) a group by 1`,
  );
  return breakdowns(rows, await breakdownOrder(db, c, dimension));
}

/** The rows of a breakdown in the order the page lists them (課 and 職位 by position, then "none"). */
export async function breakdownOrder(db: Db, c: CampaignRow, dimension: BreakdownDimension): Promise<{ key: string | null; label: string }[]> {
  let order: { key: string | null; label: string }[];
  if (dimension === "department") {
    order = (
      await db
        .select({ key: departments.id, label: departments.name })
        .from(departments)
        .where(eq(departments.organizationId, c.organizationId))
        .orderBy(asc(departments.position))
    ).map((d) => ({ ...d }));
    order.push({ key: null, label: "所属なし" });
  } else if (dimension === "jobRank") {
    order = (
      await db
        .select({ key: jobRanks.id, label: jobRanks.name })
        .from(jobRanks)
        .where(eq(jobRanks.organizationId, c.organizationId))
        .orderBy(asc(jobRanks.position))
    ).map((d) => ({ ...d }));
    order.push({ key: null, label: "職位なし" });
  } else {
    order = Object.entries(EMPLOYMENT_TYPES).map(([key, label]) => ({ key, label }));
  }
  return order;
}

function breakdowns(rows: BreakdownCounts[], order: { key: string | null; label: string }[]): Breakdown[] {
  return order
    .map(({ key, label }) => {
      const r = rows.find((x) => x.key === key);
      const total = r?.total ?? 0;
      const completed = r?.completed ?? 0;
      return { key, label, total, completed, overdue: r?.overdue ?? 0, rate: completionRate(completed, total) };
    })
    .filter((b) => b.total > 0);
}

export interface AssignmentRow {
  userId: string;
  name: string;
  nameKana: string;
  staffNumber: string;
  email: string | null;
  departmentId: string | null;
  departmentName: string | null;
  jobRankName: string | null;
  employmentType: EmploymentType;
  done: number;
  lastDone: Date | null;
  status: AssignmentStatus;
}

/** The members of a campaign with status (optionally only some statuses or one 課), ordered overdue first then by 課 and name. */
export async function listAssignments(
  db: Db,
  c: CampaignRow,
  options: { now?: Date; statuses?: AssignmentStatus[]; departmentId?: string; limit?: number } = {},
): Promise<AssignmentRow[]> {
  const now = options.now ?? new Date();
  const filters: SQL[] = [];
  if (options.statuses?.length) filters.push(sql`a.status in (${list(options.statuses)})`);
  if (options.departmentId) filters.push(sql`a.department_id = ${options.departmentId}`);
  const rows = await queryRows<AssignmentSqlRow>(
    db,
    sql`select a.*, d.name as department_name, r.name as job_rank_name from (${assignmentsSql(c, now)}) a
      left join departments d on d.id = a.department_id left join job_ranks r on r.id = a.job_rank_id
      ${filters.length ? sql`where ${sql.join(filters, sql` and `)}` : sql``}
      order by ${assignmentOrder}
      ${options.limit ? sql`limit ${options.limit}` : sql``}`,
  );
  return rows.map(assignmentRow);
}

type AssignmentSqlRow = {
  id: string;
  name: string;
  name_kana: string;
  staff_number: string;
  email: string | null;
  department_id: string | null;
  department_name: string | null;
  job_rank_name: string | null;
  employment_type: EmploymentType;
  done: number | null;
  last_done: string | Date | null;
  status: AssignmentStatus;
};

function assignmentRow(r: AssignmentSqlRow): AssignmentRow {
  return {
    userId: r.id,
    name: r.name,
    nameKana: r.name_kana,
    staffNumber: r.staff_number,
    email: r.email,
    departmentId: r.department_id,
    departmentName: r.department_name,
    jobRankName: r.job_rank_name,
    employmentType: r.employment_type,
    done: Number(r.done ?? 0),
    lastDone: r.last_done ? new Date(r.last_done) : null,
    status: r.status,
  };
}

/** listAssignments' order: overdue first, then pending, late, complete; then by 課 and name. */
const assignmentOrder = sql`case a.status when 'overdue' then 0 when 'pending' then 1 when 'late' then 2 else 3 end, d.position nulls last, a.name_kana, a.staff_number`;

/**
 * Completions over the campaign: for each day from the start to today (or the end of the fiscal year), how many of
 * today's audience had completed by then. One grouped query; the running sum is folded here (≤ 366 points).
 */
export async function complianceTrend(db: Db, c: CampaignRow, now = new Date()): Promise<TrendPoint[]> {
  const rows = await queryRows<{ day: string; n: number }>(
    db,
    sql`select ${completionDay} as day, count(*)::int as n from (${assignmentsSql(c, now)}) a where status in ('complete', 'late') group by 1 order by 1`,
  );
  return trendPoints(c, rows, (await complianceOf(db, c, now)).total, now);
}

export type TrendPoint = { date: string; completed: number; total: number };

/** The day (in Japan) of a member's last completion. */
const completionDay = sql`to_char((last_done at time zone 'UTC') + interval '9 hours', 'YYYY-MM-DD')`;

function trendPoints(c: CampaignRow, rows: { day: string; n: number }[], total: number, now: Date): TrendPoint[] {
  rows = [...rows].sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
  const end = jstDate(new Date(Math.min(now.getTime(), windowEnd(c).getTime() - 1)));
  const start = rows[0] && rows[0].day < c.startsOn ? rows[0].day : c.startsOn;
  const points: TrendPoint[] = [];
  let running = 0;
  const byDay = new Map(rows.map((r) => [r.day, Number(r.n)]));
  for (let d = start; d <= end; d = new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)) {
    running += byDay.get(d) ?? 0;
    points.push({ date: d, completed: running, total });
  }
  return points;
}

export interface CampaignOverview {
  compliance: Compliance;
  byDepartment: Breakdown[];
  byRank: Breakdown[];
  byType: Breakdown[];
  trend: TrendPoint[];
  /** The first `limit` members not yet complete (overdue, then pending), in listAssignments' order. */
  open: AssignmentRow[];
}

/**
 * Everything the campaign page shows — counts by status, the three breakdowns, the trend and the open assignments —
 * from one evaluation of the assignments, in one statement: the same figures as complianceOf, complianceBy,
 * complianceTrend and listAssignments, which each evaluated them again (seven times per view).
 */
export async function campaignOverview(db: Db, c: CampaignRow, now = new Date(), options: { limit?: number } = {}): Promise<CampaignOverview> {
  // grouping(department_id, job_rank_id, employment_type): a bit set for each column the row is not grouped by.
  const [[row], departmentOrder, rankOrder, typeOrder] = await Promise.all([
    queryRows<{
      counts: { grp: number; department: string | null; job_rank: string | null; employment_type: string | null; status: AssignmentStatus; n: number }[] | null;
      days: { day: string; n: number }[] | null;
      open: AssignmentSqlRow[] | null;
    }>(
      db,
      sql`with a as materialized (${assignmentsSql(c, now)})
        select
          (select json_agg(g) from (
            select grouping(department_id, job_rank_id, employment_type) as grp, department_id::text as department, job_rank_id::text as job_rank,
              employment_type::text as employment_type, status, count(*)::int as n
            from a group by grouping sets ((status), (department_id, status), (job_rank_id, status), (employment_type, status))
          ) g) as counts,
          (select json_agg(t) from (select ${completionDay} as day, count(*)::int as n from a where status in ('complete', 'late') group by 1) t) as days,
          (select json_agg(o order by o.pos) from (
            select a.*, d.name as department_name, r.name as job_rank_name, row_number() over (order by ${assignmentOrder}) as pos
            from a left join departments d on d.id = a.department_id left join job_ranks r on r.id = a.job_rank_id
            where a.status in ('overdue', 'pending')
            order by ${assignmentOrder}
            ${options.limit ? sql`limit ${options.limit}` : sql``}
          ) o) as open`,
    ),
    breakdownOrder(db, c, "department"),
    breakdownOrder(db, c, "jobRank"),
    breakdownOrder(db, c, "employmentType"),
  ]);
  const counts = row?.counts ?? [];
  const compliance = summarize(counts.filter((r) => r.grp === 0b111));
  const by = (set: number, key: (r: (typeof counts)[number]) => string | null): BreakdownCounts[] => {
    const groups = new Map<string | null, BreakdownCounts>();
    for (const r of counts.filter((x) => x.grp === set)) {
      const g = groups.get(key(r)) ?? { key: key(r), total: 0, completed: 0, overdue: 0 };
      g.total += r.n;
      if (r.status === "complete" || r.status === "late") g.completed += r.n;
      if (r.status === "overdue") g.overdue += r.n;
      groups.set(g.key, g);
    }
    return [...groups.values()];
  };
  return {
    compliance,
    byDepartment: breakdowns(
      by(0b011, (r) => r.department),
      departmentOrder,
    ),
    byRank: breakdowns(
      by(0b101, (r) => r.job_rank),
      rankOrder,
    ),
    byType: breakdowns(
      by(0b110, (r) => r.employment_type),
      typeOrder,
    ),
    trend: trendPoints(c, row?.days ?? [], compliance.total, now),
    open: (row?.open ?? []).map(assignmentRow),
  };
}

/** Campaigns of the organization (newest fiscal year first) with their figures. */
export async function listCampaigns(db: Db, organizationId: string, now = new Date()) {
  const rows = await db
    .select()
    .from(campaigns)
    .where(eq(campaigns.organizationId, organizationId))
    .orderBy(desc(campaigns.fiscalYear), asc(campaigns.archived), asc(campaigns.dueOn), asc(campaigns.title));
  return Promise.all(rows.map(async (c) => ({ campaign: c, compliance: await complianceOf(db, c, now) })));
}

/** Campaigns of the current fiscal year, for a 課長's view of their 課. */
export async function departmentCampaigns(db: Db, organizationId: string, departmentId: string, now = new Date()) {
  const rows = await db
    .select()
    .from(campaigns)
    .where(and(eq(campaigns.organizationId, organizationId), eq(campaigns.fiscalYear, fiscalYearOf(now)), eq(campaigns.archived, false)))
    .orderBy(asc(campaigns.dueOn));
  return Promise.all(
    rows.map(async (c) => ({
      campaign: c,
      compliance: await complianceOf(db, c, now, departmentId),
      open: await listAssignments(db, c, { now, departmentId, statuses: ["overdue", "pending"] }),
    })),
  );
}
