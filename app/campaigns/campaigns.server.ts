import { and, asc, desc, eq, inArray, sql, type SQL } from "drizzle-orm";
import { queryRows, type Db } from "../../db/client";
import { campaignCourses, campaignOverrides, campaigns, courses, departments, jobRanks, users, type CampaignAudience, type ReminderSchedule } from "../../db/schema";
import { writeAudit } from "~/audit/audit.server";
import { fiscalYearLabel, fiscalYearOf } from "~/kpis/fiscal-year";
import { EMPLOYMENT_TYPES, ROLES, type EmploymentType } from "~/staff/constants";
import { completionRate, dueInstant, formatDueDate, jstDate, windowEnd, windowStart, type AssignmentStatus } from "./rules";
import { isUuid } from "~/kernel/uuid";


export interface ChangeContext {
  organizationId: string;
  actorUserId: string;
  ip: string | null;
}

export type CampaignRow = typeof campaigns.$inferSelect;

export interface CampaignInput {
  key: string;
  title: string;
  description: string;
  fiscalYear: number;
  startsOn: string;
  dueOn: string;
  countEarlierCompletions: boolean;
  courseIds: string[];
  audience: CampaignAudience;
  reminders: ReminderSchedule;
}

export type CampaignErrors = Partial<Record<"key" | "title" | "fiscalYear" | "startsOn" | "dueOn" | "courseIds" | "audience" | "form", string>>;

/** Checks references against the organization (課, 職位, courses) and the fiscal year; Japanese messages per field. */
async function checkInput(db: Db, organizationId: string, input: CampaignInput, exceptId?: string): Promise<CampaignErrors> {
  const errors: CampaignErrors = {};
  if (fiscalYearOf(new Date(`${input.startsOn}T12:00:00+09:00`)) !== input.fiscalYear) errors.startsOn = `開始日は${input.fiscalYear}年度（${input.fiscalYear}年4月1日〜${input.fiscalYear + 1}年3月31日）の中の日付にしてください。`;
  if (input.dueOn < input.startsOn) errors.dueOn = "期限は開始日と同じか、それより後の日付にしてください。";
  else if (fiscalYearOf(new Date(`${input.dueOn}T12:00:00+09:00`)) !== input.fiscalYear) errors.dueOn = `期限は${input.fiscalYear}年度の中の日付にしてください。`;
  const found = input.courseIds.length ? await db.select({ id: courses.id, audience: courses.audience }).from(courses).where(and(inArray(courses.id, input.courseIds), eq(courses.archived, false))) : [];
  if (input.courseIds.length === 0) errors.courseIds = "受講させる講座を1つ以上選んでください。";
  else if (found.length !== input.courseIds.length || found.some((c) => c.audience !== "staff")) errors.courseIds = "選べるのは公開中の職員向け講座だけです。";
  const { departmentIds, jobRankIds } = input.audience;
  if (departmentIds.length) {
    const n = await db.select({ id: departments.id }).from(departments).where(and(eq(departments.organizationId, organizationId), inArray(departments.id, departmentIds)));
    if (n.length !== departmentIds.length) errors.audience = "対象の課に、この自治体にない課が含まれています。";
  }
  if (jobRankIds.length) {
    const n = await db.select({ id: jobRanks.id }).from(jobRanks).where(and(eq(jobRanks.organizationId, organizationId), inArray(jobRanks.id, jobRankIds)));
    if (n.length !== jobRankIds.length) errors.audience = "対象の職位に、この自治体にない職位が含まれています。";
  }
  const [clash] = await db
    .select({ id: campaigns.id })
    .from(campaigns)
    .where(and(eq(campaigns.organizationId, organizationId), eq(campaigns.key, input.key), eq(campaigns.fiscalYear, input.fiscalYear), exceptId ? sql`${campaigns.id} <> ${exceptId}` : undefined));
  if (clash) errors.key = `${input.fiscalYear}年度には、識別名「${input.key}」のキャンペーンがすでにあります。`;
  return errors;
}

/** The campaign's own columns from the form input (courses are stored separately). */
function campaignColumns(input: CampaignInput) {
  const { courseIds: _courses, ...columns } = input;
  return columns;
}

export async function createCampaign(db: Db, ctx: ChangeContext, input: CampaignInput): Promise<{ ok: true; id: string } | { ok: false; errors: CampaignErrors }> {
  const errors = await checkInput(db, ctx.organizationId, input);
  if (Object.keys(errors).length) return { ok: false, errors };
  const id = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(campaigns)
      .values({ organizationId: ctx.organizationId, ...campaignColumns(input), createdBy: ctx.actorUserId })
      .returning({ id: campaigns.id });
    await tx.insert(campaignCourses).values(input.courseIds.map((courseId) => ({ campaignId: row!.id, courseId })));
    await writeAudit(tx, { ...ctx, action: "campaign.create", targetType: "campaign", targetId: row!.id, after: input });
    return row!.id;
  });
  return { ok: true, id };
}

export async function updateCampaign(db: Db, ctx: ChangeContext, id: string, input: CampaignInput): Promise<{ ok: true } | { ok: false; errors: CampaignErrors } | null> {
  const before = await getCampaign(db, ctx.organizationId, id);
  if (!before) return null;
  const errors = await checkInput(db, ctx.organizationId, input, id);
  if (Object.keys(errors).length) return { ok: false, errors };
  await db.transaction(async (tx) => {
    await tx
      .update(campaigns)
      .set({ ...campaignColumns(input), updatedAt: sql`now()` })
      .where(and(eq(campaigns.id, id), eq(campaigns.organizationId, ctx.organizationId)));
    await tx.delete(campaignCourses).where(eq(campaignCourses.campaignId, id));
    await tx.insert(campaignCourses).values(input.courseIds.map((courseId) => ({ campaignId: id, courseId })));
    await writeAudit(tx, { ...ctx, action: "campaign.update", targetType: "campaign", targetId: id, before: { ...before.campaign, courseIds: before.courses.map((c) => c.id) }, after: input });
  });
  return { ok: true };
}

/** A campaign of the organization with its courses, or null (also for another organization's id). */
export async function getCampaign(db: Db, organizationId: string, id: string) {
  if (!isUuid(id)) return null;
  const [campaign] = await db.select().from(campaigns).where(and(eq(campaigns.id, id), eq(campaigns.organizationId, organizationId)));
  if (!campaign) return null;
  const list = await db
    .select({ id: courses.id, slug: courses.slug, title: courses.title })
    .from(campaignCourses)
    .innerJoin(courses, eq(courses.id, campaignCourses.courseId))
    .where(eq(campaignCourses.campaignId, id))
    .orderBy(asc(courses.title));
  return { campaign, courses: list };
}

/** Copies a campaign to the next fiscal year: same courses, audience, overrides and reminders; dates moved a year. */
export async function copyToNextYear(db: Db, ctx: ChangeContext, id: string): Promise<{ ok: true; id: string } | { ok: false; error: string } | null> {
  const found = await getCampaign(db, ctx.organizationId, id);
  if (!found) return null;
  const c = found.campaign;
  const shift = (d: string) => {
    const [y, m, day] = d.split("-").map(Number) as [number, number, number];
    // 29 February has no twin next year: use 28 February.
    const last = new Date(Date.UTC(y + 1, m, 0)).getUTCDate();
    return `${y + 1}-${String(m).padStart(2, "0")}-${String(Math.min(day, last)).padStart(2, "0")}`;
  };
  const [exists] = await db.select({ id: campaigns.id }).from(campaigns).where(and(eq(campaigns.organizationId, ctx.organizationId), eq(campaigns.key, c.key), eq(campaigns.fiscalYear, c.fiscalYear + 1)));
  if (exists) return { ok: false, error: `${c.fiscalYear + 1}年度のキャンペーンはすでに作成されています。` };
  const title = c.title.includes(`${c.fiscalYear}年度`) ? c.title.replace(`${c.fiscalYear}年度`, `${c.fiscalYear + 1}年度`) : `${c.title}（${c.fiscalYear + 1}年度）`;
  const newId = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(campaigns)
      .values({
        organizationId: ctx.organizationId,
        key: c.key,
        title,
        description: c.description,
        fiscalYear: c.fiscalYear + 1,
        startsOn: shift(c.startsOn),
        dueOn: shift(c.dueOn),
        countEarlierCompletions: c.countEarlierCompletions,
        audience: c.audience,
        reminders: c.reminders,
        copiedFromId: c.id,
        createdBy: ctx.actorUserId,
      })
      .returning({ id: campaigns.id });
    await tx.insert(campaignCourses).values(found.courses.map((course) => ({ campaignId: row!.id, courseId: course.id })));
    // Exemptions are reasons of a year (育児休業 ends); inclusions are carried over.
    await tx.execute(sql`insert into campaign_overrides (campaign_id, user_id, kind, reason, created_by)
      select ${row!.id}, user_id, kind, reason, ${ctx.actorUserId} from campaign_overrides where campaign_id = ${c.id} and kind = 'include'`);
    await writeAudit(tx, { ...ctx, action: "campaign.copy", targetType: "campaign", targetId: row!.id, after: { from: c.id, fiscalYear: c.fiscalYear + 1 } });
    return row!.id;
  });
  return { ok: true, id: newId };
}

export async function setArchived(db: Db, ctx: ChangeContext, id: string, archived: boolean): Promise<boolean> {
  return db.transaction(async (tx) => {
    const rows = await tx
      .update(campaigns)
      .set({ archived, updatedAt: sql`now()` })
      .where(and(eq(campaigns.id, id), eq(campaigns.organizationId, ctx.organizationId)))
      .returning({ id: campaigns.id });
    if (!rows.length) return false;
    await writeAudit(tx, { ...ctx, action: archived ? "campaign.archive" : "campaign.restore", targetType: "campaign", targetId: id });
    return true;
  });
}

/** Adds an inclusion or exemption by 職員番号 (with a reason); replaces an earlier one for the same person. */
export async function addOverride(
  db: Db,
  ctx: ChangeContext,
  campaignId: string,
  input: { staffNumber: string; kind: "include" | "exempt"; reason: string },
): Promise<{ ok: true } | { ok: false; error: string }> {
  const found = await getCampaign(db, ctx.organizationId, campaignId);
  if (!found) return { ok: false, error: "キャンペーンが見つかりません。" };
  const [person] = await db.select({ id: users.id, name: users.name }).from(users).where(and(eq(users.organizationId, ctx.organizationId), eq(users.staffNumber, input.staffNumber)));
  if (!person) return { ok: false, error: `職員番号「${input.staffNumber}」の職員が見つかりません。` };
  await db.transaction(async (tx) => {
    await tx
      .insert(campaignOverrides)
      .values({ campaignId, userId: person.id, kind: input.kind, reason: input.reason, createdBy: ctx.actorUserId })
      .onConflictDoUpdate({ target: [campaignOverrides.campaignId, campaignOverrides.userId], set: { kind: input.kind, reason: input.reason, createdBy: ctx.actorUserId, createdAt: sql`now()` } });
    await writeAudit(tx, { ...ctx, action: `campaign.${input.kind}`, targetType: "campaign", targetId: campaignId, after: { userId: person.id, name: person.name, reason: input.reason } });
  });
  return { ok: true };
}

export async function removeOverride(db: Db, ctx: ChangeContext, campaignId: string, userId: string): Promise<boolean> {
  if (!isUuid(userId) || !(await getCampaign(db, ctx.organizationId, campaignId))) return false;
  return db.transaction(async (tx) => {
    const rows = await tx.delete(campaignOverrides).where(and(eq(campaignOverrides.campaignId, campaignId), eq(campaignOverrides.userId, userId))).returning();
    if (!rows.length) return false;
    await writeAudit(tx, { ...ctx, action: "campaign.override_remove", targetType: "campaign", targetId: campaignId, before: rows[0] });
    return true;
  });
}

export async function listOverrides(db: Db, campaignId: string) {
  return db
    .select({ userId: users.id, name: users.name, staffNumber: users.staffNumber, kind: campaignOverrides.kind, reason: campaignOverrides.reason, createdAt: campaignOverrides.createdAt })
    .from(campaignOverrides)
    .innerJoin(users, eq(users.id, campaignOverrides.userId))
    .where(eq(campaignOverrides.campaignId, campaignId))
    .orderBy(asc(campaignOverrides.kind), asc(users.nameKana));
}

const list = (values: string[]) => sql.join(values.map((v) => sql`${v}`), sql`, `);

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
  const rows = await queryRows<{ status: AssignmentStatus; n: number }>(db, sql`select status, count(*)::int as n from (${assignmentsSql(c, now, extra)}) a group by status`);
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
    order = (await db.select({ key: departments.id, label: departments.name }).from(departments).where(eq(departments.organizationId, c.organizationId)).orderBy(asc(departments.position))).map((d) => ({ ...d }));
    order.push({ key: null, label: "所属なし" });
  } else if (dimension === "jobRank") {
    order = (await db.select({ key: jobRanks.id, label: jobRanks.name }).from(jobRanks).where(eq(jobRanks.organizationId, c.organizationId)).orderBy(asc(jobRanks.position))).map((d) => ({ ...d }));
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
export async function listAssignments(db: Db, c: CampaignRow, options: { now?: Date; statuses?: AssignmentStatus[]; departmentId?: string; limit?: number } = {}): Promise<AssignmentRow[]> {
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
  const rows = await queryRows<{ day: string; n: number }>(db, sql`select ${completionDay} as day, count(*)::int as n from (${assignmentsSql(c, now)}) a where status in ('complete', 'late') group by 1 order by 1`);
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
    byDepartment: breakdowns(by(0b011, (r) => r.department), departmentOrder),
    byRank: breakdowns(by(0b101, (r) => r.job_rank), rankOrder),
    byType: breakdowns(by(0b110, (r) => r.employment_type), typeOrder),
    trend: trendPoints(c, row?.days ?? [], compliance.total, now),
    open: (row?.open ?? []).map(assignmentRow),
  };
}

/** Campaigns of the organization (newest fiscal year first) with their figures. */
export async function listCampaigns(db: Db, organizationId: string, now = new Date()) {
  const rows = await db.select().from(campaigns).where(eq(campaigns.organizationId, organizationId)).orderBy(desc(campaigns.fiscalYear), asc(campaigns.archived), asc(campaigns.dueOn), asc(campaigns.title));
  return Promise.all(rows.map(async (c) => ({ campaign: c, compliance: await complianceOf(db, c, now) })));
}

/** The campaigns a staff member is assigned (current fiscal year, not archived), with per-course progress; overdue first. */
export async function myAssignments(db: Db, learner: { userId: string; organizationId: string }, now = new Date()) {
  const year = fiscalYearOf(now);
  const open = await db
    .select()
    .from(campaigns)
    .where(and(eq(campaigns.organizationId, learner.organizationId), eq(campaigns.fiscalYear, year), eq(campaigns.archived, false), sql`${campaigns.startsOn} <= ${jstDate(now)}`));
  const result = [];
  for (const c of open) {
    const [me] = await listAssignmentsFor(db, c, learner.userId, now);
    if (!me) continue;
    const progress = await queryRows<{ id: string; slug: string; title: string; total: number; done: number; completed_at: string | null; completion_id: string | null }>(
      db,
      sql`select co.id, co.slug, co.title,
          (select count(*)::int from lessons l where l.course_id = co.id and not l.archived) as total,
          (select count(*)::int from lesson_progress p join lessons l on l.id = p.lesson_id and not l.archived
            where p.user_id = ${learner.userId} and p.course_id = co.id and p.completed_at >= ${windowStart(c).toISOString()}) as done,
          cc.completed_at, cc.id as completion_id
        from campaign_courses k join courses co on co.id = k.course_id
        left join lateral (select x.id, x.completed_at from course_completions x where x.user_id = ${learner.userId} and x.course_id = co.id
            and x.completed_at >= ${windowStart(c).toISOString()} and x.completed_at < ${windowEnd(c).toISOString()} order by x.completed_at limit 1) cc on true
        where k.campaign_id = ${c.id} order by co.title`,
    );
    result.push({
      campaign: c,
      status: me.status,
      courses: progress.map((p) => ({ ...p, total: Number(p.total), done: Number(p.done), completedAt: p.completed_at ? new Date(p.completed_at) : null, completionId: p.completion_id })),
    });
  }
  const rank: Record<AssignmentStatus, number> = { overdue: 0, pending: 1, late: 2, complete: 3 };
  return result.sort((a, b) => rank[a.status] - rank[b.status] || (a.campaign.dueOn < b.campaign.dueOn ? -1 : 1));
}

async function listAssignmentsFor(db: Db, c: CampaignRow, userId: string, now: Date) {
  return queryRows<{ status: AssignmentStatus }>(db, sql`select status from (${assignmentsSql(c, now, sql`u.id = ${userId}`)}) a`);
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

/** Staff-audience courses that can be assigned. */
export async function assignableCourses(db: Db) {
  return db.select({ id: courses.id, title: courses.title }).from(courses).where(and(eq(courses.audience, "staff"), eq(courses.archived, false))).orderBy(asc(courses.title));
}

/** Choices for the campaign form: staff courses, 課, 職位, 雇用形態, roles and fiscal years. */
export async function campaignFormOptions(db: Db, organizationId: string, now = new Date()) {
  const year = fiscalYearOf(now);
  return {
    courses: await assignableCourses(db),
    departments: await db.select({ id: departments.id, name: departments.name }).from(departments).where(eq(departments.organizationId, organizationId)).orderBy(asc(departments.position)),
    jobRanks: await db.select({ id: jobRanks.id, name: jobRanks.name }).from(jobRanks).where(eq(jobRanks.organizationId, organizationId)).orderBy(asc(jobRanks.position)),
    employmentTypes: Object.entries(EMPLOYMENT_TYPES) as [string, string][],
    roles: Object.entries(ROLES).filter(([k]) => k !== "learner" && k !== "system_admin") as [string, string][],
    years: [year - 1, year, year + 1].map((value) => ({ value, label: fiscalYearLabel(value) })),
  };
}

/** A staff member's assignments shaped for the page (see AssignmentList). */
export async function assignmentViews(db: Db, learner: { userId: string; organizationId: string }, now = new Date()) {
  return (await myAssignments(db, learner, now)).map((a) => ({
    id: a.campaign.id,
    title: a.campaign.title,
    due: formatDueDate(a.campaign.dueOn),
    status: a.status,
    courses: a.courses.map((c) => ({ slug: c.slug, title: c.title, total: c.total, done: Math.min(c.done, c.total), completed: !!c.completedAt, certificateId: c.completionId })),
  }));
}
