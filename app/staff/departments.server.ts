// Departments (課) and job ranks (職位) of an organization: listing, creating, renaming, and the staff count per 課.
// Re-exported from staff.server.ts, so importers keep using "~/staff/staff.server".
import { and, asc, eq, or, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { departments, jobRanks, users } from "../../db/schema";
import { writeAudit } from "~/audit/audit.server";
import { isUuid } from "~/kernel/uuid";
import type { ChangeContext } from "~/kernel/actor";
import type { FieldErrors } from "~/kernel/result";

export async function listDepartments(db: Db, organizationId: string) {
  return db
    .select({ id: departments.id, code: departments.code, name: departments.name, position: departments.position })
    .from(departments)
    .where(eq(departments.organizationId, organizationId))
    .orderBy(asc(departments.position), asc(departments.name));
}

export async function listJobRanks(db: Db, organizationId: string) {
  return db
    .select({ id: jobRanks.id, name: jobRanks.name, position: jobRanks.position })
    .from(jobRanks)
    .where(eq(jobRanks.organizationId, organizationId))
    .orderBy(asc(jobRanks.position));
}
export async function createDepartment(db: Db, ctx: ChangeContext, input: { code: string; name: string }): Promise<FieldErrors | null> {
  return db.transaction(async (tx) => {
    const existing = await tx
      .select({ code: departments.code, name: departments.name })
      .from(departments)
      .where(and(eq(departments.organizationId, ctx.organizationId), or(eq(departments.code, input.code), eq(departments.name, input.name))));
    const errors: FieldErrors = {};
    if (existing.some((d) => d.code === input.code)) errors.code = `コード「${input.code}」はすでに使われています。`;
    if (existing.some((d) => d.name === input.name)) errors.name = `「${input.name}」はすでに登録されています。`;
    if (Object.keys(errors).length) return errors;
    const [max] = await tx
      .select({ p: sql<number>`coalesce(max(${departments.position}), -1)::int` })
      .from(departments)
      .where(eq(departments.organizationId, ctx.organizationId));
    const [row] = await tx
      .insert(departments)
      .values({ organizationId: ctx.organizationId, code: input.code, name: input.name, position: (max?.p ?? -1) + 1 })
      .returning({ id: departments.id });
    await writeAudit(tx, { ...ctx, action: "department.create", targetType: "department", targetId: row!.id, after: input });
    return null;
  });
}

export async function renameDepartment(db: Db, ctx: ChangeContext, departmentId: string, name: string): Promise<FieldErrors | null | "not-found"> {
  if (!isUuid(departmentId)) return "not-found";
  return db.transaction(async (tx) => {
    const [dept] = await tx
      .select({ name: departments.name })
      .from(departments)
      .where(and(eq(departments.id, departmentId), eq(departments.organizationId, ctx.organizationId)));
    if (!dept) return "not-found" as const;
    const [clash] = await tx
      .select({ id: departments.id })
      .from(departments)
      .where(and(eq(departments.organizationId, ctx.organizationId), eq(departments.name, name)));
    if (clash && clash.id !== departmentId) return { name: `「${name}」はすでに登録されています。` };
    await tx
      .update(departments)
      .set({ name, updatedAt: sql`now()` })
      .where(eq(departments.id, departmentId));
    await writeAudit(tx, {
      ...ctx,
      action: "department.rename",
      targetType: "department",
      targetId: departmentId,
      before: { name: dept.name },
      after: { name },
    });
    return null;
  });
}

export async function addJobRank(db: Db, ctx: ChangeContext, name: string, afterRankId: string | null): Promise<string | null> {
  return db.transaction(async (tx) => {
    const ranks = await listJobRanks(tx, ctx.organizationId);
    if (ranks.some((r) => r.name === name)) return `職位「${name}」はすでに登録されています。`;
    const index = afterRankId ? ranks.findIndex((r) => r.id === afterRankId) + 1 : ranks.length;
    // Shift the ranks below the new one down by one, then insert it in the gap.
    await tx
      .update(jobRanks)
      .set({ position: sql`${jobRanks.position} + 1` })
      .where(and(eq(jobRanks.organizationId, ctx.organizationId), sql`${jobRanks.position} >= ${index}`));
    const [row] = await tx.insert(jobRanks).values({ organizationId: ctx.organizationId, name, position: index }).returning({ id: jobRanks.id });
    await writeAudit(tx, { ...ctx, action: "job_rank.create", targetType: "job_rank", targetId: row!.id, after: { name, position: index } });
    return null;
  });
}

/** Active staff per 課, for the departments page. */
export async function activeStaffByDepartment(db: Db, organizationId: string): Promise<Map<string | null, number>> {
  const rows = await db
    .select({ departmentId: users.departmentId, n: sql<number>`count(*)::int` })
    .from(users)
    .where(and(eq(users.organizationId, organizationId), eq(users.active, true)))
    .groupBy(users.departmentId);
  return new Map(rows.map((r) => [r.departmentId, r.n]));
}
