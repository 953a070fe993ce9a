import { randomBytes } from "node:crypto";
import { and, asc, eq, gt, ilike, isNull, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client";
import { departments, jobRanks, passwordResets, users } from "../../db/schema";
import { writeAudit } from "~/audit/audit.server";
import { generateInitialPassword, hashPassword, verifyPassword } from "~/auth/password.server";
import { checkNewPassword } from "~/auth/password-policy";
import { hashToken, revokeAllSessions } from "~/auth/session.server";
import { type EmploymentType, RESET_LINK_HOURS, type Role } from "./constants";
import { isUuid } from "~/kernel/uuid";
import type { ChangeContext } from "~/kernel/actor";
import type { FieldErrors, FormResult, Result } from "~/kernel/result";

export { activeStaffByDepartment, addJobRank, createDepartment, listDepartments, listJobRanks, renameDepartment } from "./departments.server";

export interface StaffFilter {
  q?: string;
  departmentId?: string;
  jobRankId?: string;
  employmentType?: EmploymentType;
  role?: Role;
  active?: boolean;
  /** Restricts to one 課 (a 課長 sees only their own). */
  onlyDepartmentId?: string | null;
}

export const STAFF_PAGE_SIZE = 50;

const staffColumns = {
  id: users.id,
  staffNumber: users.staffNumber,
  name: users.name,
  nameKana: users.nameKana,
  email: users.email,
  employmentType: users.employmentType,
  roles: users.roles,
  active: users.active,
  departmentId: users.departmentId,
  departmentName: departments.name,
  jobRankId: users.jobRankId,
  jobRankName: jobRanks.name,
  mustChangePassword: users.mustChangePassword,
  hasPassword: sql<boolean>`${users.passwordHash} is not null`,
  updatedAt: users.updatedAt,
};

/** Staff of one organization matching the filter, ordered by 課 and staff number, one page at a time. */
export async function listStaff(db: Db, organizationId: string, filter: StaffFilter, page = 1) {
  const conditions: (SQL | undefined)[] = [eq(users.organizationId, organizationId)];
  if (filter.q) {
    const like = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(or(ilike(users.name, like), ilike(users.nameKana, like), ilike(users.staffNumber, like), ilike(users.email, like)));
  }
  if (filter.departmentId) conditions.push(eq(users.departmentId, filter.departmentId));
  if (filter.onlyDepartmentId !== undefined) {
    conditions.push(filter.onlyDepartmentId ? eq(users.departmentId, filter.onlyDepartmentId) : sql`false`);
  }
  if (filter.jobRankId) conditions.push(eq(users.jobRankId, filter.jobRankId));
  if (filter.employmentType) conditions.push(eq(users.employmentType, filter.employmentType));
  if (filter.role) conditions.push(sql`${filter.role} = any(${users.roles})`);
  if (filter.active !== undefined) conditions.push(eq(users.active, filter.active));
  const where = and(...conditions);
  const rows = await db
    .select(staffColumns)
    .from(users)
    .leftJoin(departments, eq(departments.id, users.departmentId))
    .leftJoin(jobRanks, eq(jobRanks.id, users.jobRankId))
    .where(where)
    .orderBy(asc(departments.position), asc(users.staffNumber))
    .limit(STAFF_PAGE_SIZE)
    .offset((page - 1) * STAFF_PAGE_SIZE);
  const [total] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(users)
    .where(where);
  return { rows, total: total?.n ?? 0 };
}

/** One staff member of the organization, or null (also when they belong to another organization). */
export async function getStaff(db: Db, organizationId: string, userId: string) {
  if (!isUuid(userId)) return null;
  const [row] = await db
    .select(staffColumns)
    .from(users)
    .leftJoin(departments, eq(departments.id, users.departmentId))
    .leftJoin(jobRanks, eq(jobRanks.id, users.jobRankId))
    .where(and(eq(users.organizationId, organizationId), eq(users.id, userId)))
    .limit(1);
  return row ?? null;
}
export type StaffMember = NonNullable<Awaited<ReturnType<typeof getStaff>>>;

export interface StaffInput {
  staffNumber: string;
  name: string;
  nameKana: string;
  email: string | null;
  departmentId: string;
  jobRankId: string | null;
  employmentType: EmploymentType;
  active: boolean;
}

/** Checks references and uniqueness inside the organization; returns field errors in Japanese. */
async function checkStaffInput(db: Db, organizationId: string, input: StaffInput, userId?: string): Promise<FieldErrors> {
  const errors: FieldErrors = {};
  const [dept] = await db
    .select({ id: departments.id })
    .from(departments)
    .where(and(eq(departments.id, input.departmentId), eq(departments.organizationId, organizationId)));
  if (!dept) errors.departmentId = "所属（課）を一覧から選んでください。";
  if (input.jobRankId) {
    const [rank] = await db
      .select({ id: jobRanks.id })
      .from(jobRanks)
      .where(and(eq(jobRanks.id, input.jobRankId), eq(jobRanks.organizationId, organizationId)));
    if (!rank) errors.jobRankId = "職位を一覧から選んでください。";
  }
  const [sameNumber] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.organizationId, organizationId), eq(users.staffNumber, input.staffNumber)));
  if (sameNumber && sameNumber.id !== userId) errors.staffNumber = `職員番号「${input.staffNumber}」は、ほかの職員が使っています。`;
  if (input.email) {
    const [sameEmail] = await db.select({ id: users.id }).from(users).where(eq(users.email, input.email));
    if (sameEmail && sameEmail.id !== userId) errors.email = "このメールアドレスは、ほかの職員が使っています。";
  }
  return errors;
}

function snapshot(s: StaffMember) {
  return {
    staffNumber: s.staffNumber,
    name: s.name,
    nameKana: s.nameKana,
    email: s.email,
    departmentId: s.departmentId,
    jobRankId: s.jobRankId,
    employmentType: s.employmentType,
    active: s.active,
    roles: s.roles,
  };
}

export async function createStaff(db: Db, ctx: ChangeContext, input: StaffInput): Promise<FormResult<{ id: string }>> {
  return db.transaction(async (tx) => {
    const errors = await checkStaffInput(tx, ctx.organizationId, input);
    if (Object.keys(errors).length) return { ok: false as const, errors };
    const [row] = await tx
      .insert(users)
      .values({ organizationId: ctx.organizationId, ...input, roles: ["learner"] })
      .returning({ id: users.id });
    await writeAudit(tx, { ...ctx, action: "staff.create", targetType: "user", targetId: row!.id, after: { ...input, roles: ["learner"] } });
    return { ok: true as const, id: row!.id };
  });
}

export async function updateStaff(db: Db, ctx: ChangeContext, userId: string, input: StaffInput): Promise<FormResult | { ok: false; notFound: true }> {
  return db.transaction(async (tx) => {
    const before = await getStaff(tx, ctx.organizationId, userId);
    if (!before) return { ok: false as const, notFound: true as const };
    const errors = await checkStaffInput(tx, ctx.organizationId, input, userId);
    if (Object.keys(errors).length) return { ok: false as const, errors };
    await tx
      .update(users)
      .set({ ...input, updatedAt: sql`now()` })
      .where(and(eq(users.id, userId), eq(users.organizationId, ctx.organizationId)));
    if (before.active && !input.active) await revokeAllSessions(tx, userId);
    await writeAudit(tx, {
      ...ctx,
      action: "staff.update",
      targetType: "user",
      targetId: userId,
      before: snapshot(before),
      after: { ...snapshot(before), ...input },
    });
    return { ok: true as const };
  });
}

/** Replaces a staff member's roles. `learner` is always kept. */
export async function setRoles(db: Db, ctx: ChangeContext, userId: string, roles: Role[]): Promise<boolean> {
  return db.transaction(async (tx) => {
    const before = await getStaff(tx, ctx.organizationId, userId);
    if (!before) return false;
    const next = [...new Set<Role>(["learner", ...roles])];
    await tx
      .update(users)
      .set({ roles: next, updatedAt: sql`now()` })
      .where(eq(users.id, userId));
    await writeAudit(tx, { ...ctx, action: "staff.roles", targetType: "user", targetId: userId, before: { roles: before.roles }, after: { roles: next } });
    return true;
  });
}

/**
 * Sets a new initial password (shown once to the admin, who hands it over) and requires a change at first sign-in.
 * Every session of the person ends.
 */
export async function issueInitialPassword(db: Db, ctx: ChangeContext, userId: string): Promise<string | null> {
  const password = generateInitialPassword();
  const hash = await hashPassword(password);
  return db.transaction(async (tx) => {
    const staff = await getStaff(tx, ctx.organizationId, userId);
    if (!staff) return null;
    await tx
      .update(users)
      .set({ passwordHash: hash, mustChangePassword: true, passwordChangedAt: sql`now()`, updatedAt: sql`now()` })
      .where(eq(users.id, userId));
    await revokeAllSessions(tx, userId);
    await writeAudit(tx, { ...ctx, action: "staff.initial_password", targetType: "user", targetId: userId });
    return password;
  });
}

/** A one-time reset link token, valid for 24 hours; earlier unused links of the same person stop working. */
export async function createResetLink(db: Db, ctx: ChangeContext, userId: string): Promise<string | null> {
  const token = randomBytes(32).toString("base64url");
  return db.transaction(async (tx) => {
    const staff = await getStaff(tx, ctx.organizationId, userId);
    if (!staff) return null;
    await tx
      .update(passwordResets)
      .set({ usedAt: sql`now()` })
      .where(and(eq(passwordResets.userId, userId), isNull(passwordResets.usedAt)));
    await tx.insert(passwordResets).values({
      id: hashToken(token),
      userId,
      organizationId: ctx.organizationId,
      createdBy: ctx.actorUserId,
      expiresAt: new Date(Date.now() + RESET_LINK_HOURS * 3_600_000),
    });
    await writeAudit(tx, { ...ctx, action: "staff.reset_link", targetType: "user", targetId: userId });
    return token;
  });
}

/** The person a reset link is for, if it is unused and unexpired. */
export async function findResetLink(db: Db, token: string) {
  if (token.length > 100) return null;
  const [row] = await db
    .select({
      id: passwordResets.id,
      userId: users.id,
      organizationId: users.organizationId,
      name: users.name,
      staffNumber: users.staffNumber,
      email: users.email,
    })
    .from(passwordResets)
    .innerJoin(users, eq(users.id, passwordResets.userId))
    .where(and(eq(passwordResets.id, hashToken(token)), isNull(passwordResets.usedAt), gt(passwordResets.expiresAt, sql`now()`), eq(users.active, true)))
    .limit(1);
  return row ?? null;
}

export async function redeemResetLink(db: Db, token: string, newPassword: string, ip: string | null): Promise<Result> {
  const link = await findResetLink(db, token);
  if (!link) return { ok: false, error: "このリンクは使えません。期限（24時間）が切れたか、すでに使われています。人事担当に新しいリンクを依頼してください。" };
  const problem = checkNewPassword(newPassword, { staffNumber: link.staffNumber, email: link.email });
  if (problem) return { ok: false, error: problem };
  const hash = await hashPassword(newPassword);
  return db.transaction(async (tx) => {
    // Mark used first and check that we were the one to do it: two submissions of the same link cannot both succeed.
    const used = await tx
      .update(passwordResets)
      .set({ usedAt: sql`now()` })
      .where(and(eq(passwordResets.id, link.id), isNull(passwordResets.usedAt)))
      .returning({ id: passwordResets.id });
    if (!used.length) return { ok: false as const, error: "このリンクはすでに使われています。" };
    await tx
      .update(users)
      .set({ passwordHash: hash, mustChangePassword: false, passwordChangedAt: sql`now()`, updatedAt: sql`now()` })
      .where(eq(users.id, link.userId));
    await revokeAllSessions(tx, link.userId);
    await writeAudit(tx, {
      organizationId: link.organizationId,
      actorUserId: link.userId,
      action: "auth.password_reset",
      targetType: "user",
      targetId: link.userId,
      ip,
    });
    return { ok: true as const };
  });
}

/** The person's own password change: the current password is required; other sessions end. */
export async function changeOwnPassword(
  db: Db,
  input: { userId: string; sessionId: string; current: string; next: string; ip: string | null },
): Promise<{ ok: true } | { ok: false; field: "current" | "next"; error: string }> {
  const [user] = await db
    .select({ passwordHash: users.passwordHash, staffNumber: users.staffNumber, email: users.email, organizationId: users.organizationId })
    .from(users)
    .where(eq(users.id, input.userId));
  if (!user || !(await verifyPassword(input.current, user.passwordHash))) {
    return { ok: false, field: "current", error: "いまのパスワードが違います。" };
  }
  const problem = checkNewPassword(input.next, { staffNumber: user.staffNumber, email: user.email });
  if (problem) return { ok: false, field: "next", error: problem };
  if (input.next === input.current) return { ok: false, field: "next", error: "いまと同じパスワードは使えません。" };
  const hash = await hashPassword(input.next);
  await db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ passwordHash: hash, mustChangePassword: false, passwordChangedAt: sql`now()`, updatedAt: sql`now()` })
      .where(eq(users.id, input.userId));
    await revokeAllSessions(tx, input.userId, input.sessionId);
    await writeAudit(tx, {
      organizationId: user.organizationId,
      actorUserId: input.userId,
      action: "auth.password_change",
      targetType: "user",
      targetId: input.userId,
      ip: input.ip,
    });
  });
  return { ok: true };
}

/** Head counts for the admin overview; `onlyDepartmentId` limits them to one 課 (a 課長's view). */
export async function staffOverview(db: Db, organizationId: string, onlyDepartmentId?: string | null) {
  const scope = and(
    eq(users.organizationId, organizationId),
    onlyDepartmentId !== undefined ? (onlyDepartmentId ? eq(users.departmentId, onlyDepartmentId) : sql`false`) : undefined,
  );
  const byType = await db
    .select({ type: users.employmentType, n: sql<number>`count(*)::int` })
    .from(users)
    .where(and(scope, eq(users.active, true)))
    .groupBy(users.employmentType);
  const [row] = await db
    .select({
      inactive: sql<number>`count(*) filter (where not ${users.active})::int`,
      noPassword: sql<number>`count(*) filter (where ${users.active} and ${users.passwordHash} is null)::int`,
    })
    .from(users)
    .where(scope);
  const [dept] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(departments)
    .where(eq(departments.organizationId, organizationId));
  return { byType, inactive: row?.inactive ?? 0, noPassword: row?.noPassword ?? 0, departments: dept?.n ?? 0 };
}
