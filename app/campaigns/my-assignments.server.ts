/** The learner's side: the campaigns a staff member is assigned, with their progress in each course. */
import { and, eq, sql } from "drizzle-orm";
import { queryRows, type Db } from "../../db/client";
import { campaigns } from "../../db/schema";
import { fiscalYearOf, jstDate } from "~/kernel/dates";
import { formatDueDate, windowEnd, windowStart, type AssignmentStatus } from "./rules";
import type { CampaignRow } from "./definitions.server";
import { assignmentsSql } from "./compliance.server";

/** The campaigns a staff member is assigned (current fiscal year, not archived), with per-course progress; overdue first. */
export async function myAssignments(db: Db, learner: { userId: string; organizationId: string }, now = new Date()) {
  const year = fiscalYearOf(now);
  const open = await db
    .select()
    .from(campaigns)
    .where(
      and(
        eq(campaigns.organizationId, learner.organizationId),
        eq(campaigns.fiscalYear, year),
        eq(campaigns.archived, false),
        sql`${campaigns.startsOn} <= ${jstDate(now)}`,
      ),
    );
  const result = [];
  for (const c of open) {
    const [me] = await listAssignmentsFor(db, c, learner.userId, now);
    if (!me) continue;
    const progress = await queryRows<{
      id: string;
      slug: string;
      title: string;
      total: number;
      done: number;
      completed_at: string | null;
      completion_id: string | null;
    }>(
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
      courses: progress.map((p) => ({
        ...p,
        total: Number(p.total),
        done: Number(p.done),
        completedAt: p.completed_at ? new Date(p.completed_at) : null,
        completionId: p.completion_id,
      })),
    });
  }
  const rank: Record<AssignmentStatus, number> = { overdue: 0, pending: 1, late: 2, complete: 3 };
  return result.sort((a, b) => rank[a.status] - rank[b.status] || (a.campaign.dueOn < b.campaign.dueOn ? -1 : 1));
}

async function listAssignmentsFor(db: Db, c: CampaignRow, userId: string, now: Date) {
  return queryRows<{ status: AssignmentStatus }>(db, sql`select status from (${assignmentsSql(c, now, sql`u.id = ${userId}`)}) a`);
}

/** A staff member's assignments shaped for the page (see AssignmentList). */
export async function assignmentViews(db: Db, learner: { userId: string; organizationId: string }, now = new Date()) {
  return (await myAssignments(db, learner, now)).map((a) => ({
    id: a.campaign.id,
    title: a.campaign.title,
    due: formatDueDate(a.campaign.dueOn),
    status: a.status,
    courses: a.courses.map((c) => ({
      slug: c.slug,
      title: c.title,
      total: c.total,
      done: Math.min(c.done, c.total),
      completed: !!c.completedAt,
      certificateId: c.completionId,
    })),
  }));
}
