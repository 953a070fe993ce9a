import { and, eq, sql } from "drizzle-orm";
import { queryRows, type Db } from "../../db/client";
import { campaigns, courses } from "../../db/schema";
import { fiscalYearRange } from "~/kernel/dates";
import { complianceOf, listAssignments } from "./campaigns.server";

/** A KPI source for completion rates (%): of a campaign (by its yearly key) among its audience, or of a course among active staff. */
export type CompletionSource = { kind: "completion"; campaign?: string; course?: string };

/** The moment a fiscal year's figure is taken: its end, or now while it is running. */
const asOf = (fiscalYear: number, now: Date) => new Date(Math.min(now.getTime(), fiscalYearRange(fiscalYear).end.getTime() - 1));

/**
 * Completion rate per fiscal year. For a campaign: the campaign with that key in each fiscal year, measured against
 * its audience (null for a year without one). For a course: the share of active staff with a completion in the year.
 * Counted in SQL.
 */
export async function completionActualsByYear(
  db: Db,
  organizationId: string,
  source: CompletionSource,
  fromYear: number,
  toYear: number,
  now = new Date(),
): Promise<Map<number, number | null>> {
  const result = new Map<number, number | null>();
  if (source.campaign) {
    const rows = await db
      .select()
      .from(campaigns)
      .where(and(eq(campaigns.organizationId, organizationId), eq(campaigns.key, source.campaign)));
    for (let fy = fromYear; fy <= toYear; fy++) {
      const c = rows.find((r) => r.fiscalYear === fy);
      result.set(fy, c ? (await complianceOf(db, c, asOf(fy, now))).rate : null);
    }
    return result;
  }
  const [course] = await db
    .select({ id: courses.id })
    .from(courses)
    .where(eq(courses.slug, source.course ?? ""));
  const counts = course
    ? await queryRows<{ fy: number; done: number }>(
        db,
        sql`select c.fiscal_year as fy, count(distinct c.user_id)::int as done
          from course_completions c join users u on u.id = c.user_id and u.active
          where c.organization_id = ${organizationId} and c.course_id = ${course.id} and c.fiscal_year between ${fromYear} and ${toYear}
          group by 1`,
      )
    : [];
  const [{ total } = { total: 0 }] = course
    ? await queryRows<{ total: number }>(db, sql`select count(*)::int as total from users where organization_id = ${organizationId} and active`)
    : [];
  for (let fy = fromYear; fy <= toYear; fy++) {
    const row = counts.find((r) => Number(r.fy) === fy);
    result.set(fy, Number(total) === 0 ? null : Math.round(((row?.done ?? 0) / Number(total)) * 1000) / 10);
  }
  return result;
}

export interface PendingPerson {
  userId: string;
  name: string;
  staffNumber: string;
  departmentName: string | null;
  status: "pending" | "overdue";
}

/** The staff behind a completion KPI: those not yet complete in the fiscal year (at most 500). */
export async function completionKpiRecords(
  db: Db,
  organizationId: string,
  source: CompletionSource,
  fiscalYear: number,
  now = new Date(),
): Promise<PendingPerson[]> {
  if (source.campaign) {
    const [c] = await db
      .select()
      .from(campaigns)
      .where(and(eq(campaigns.organizationId, organizationId), eq(campaigns.key, source.campaign), eq(campaigns.fiscalYear, fiscalYear)));
    if (!c) return [];
    const rows = await listAssignments(db, c, { now: asOf(fiscalYear, now), statuses: ["overdue", "pending"], limit: 500 });
    return rows.map((r) => ({
      userId: r.userId,
      name: r.name,
      staffNumber: r.staffNumber,
      departmentName: r.departmentName,
      status: r.status as "pending" | "overdue",
    }));
  }
  const rows = await queryRows<{ id: string; name: string; staff_number: string; department_name: string | null }>(
    db,
    sql`select u.id, u.name, u.staff_number, d.name as department_name from users u left join departments d on d.id = u.department_id
      where u.organization_id = ${organizationId} and u.active
        and not exists (select 1 from course_completions c join courses co on co.id = c.course_id
          where c.user_id = u.id and co.slug = ${source.course ?? ""} and c.fiscal_year = ${fiscalYear})
      order by d.position nulls last, u.name_kana limit 500`,
  );
  return rows.map((r) => ({ userId: r.id, name: r.name, staffNumber: r.staff_number, departmentName: r.department_name, status: "pending" }));
}
