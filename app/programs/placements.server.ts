/** Placement of promoters in a 課, and the coverage of the organization's 課 by valid promoters. */
import { and, asc, eq, gte, isNull, lte, or, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { departments, programCertificates, promoterPlacements, users } from "../../db/schema";
import { writeAudit } from "~/audit/audit.server";
import type { ProgramRecord } from "./lookup.server";
import { isUuid } from "~/kernel/uuid";
import { jstDate } from "~/kernel/dates";
import type { ChangeContext } from "~/kernel/actor";
import type { Result } from "~/kernel/result";

/** A date in Japan "YYYY-MM-DD" when the instant `revoked_at` happened, in SQL (UTC+9, no daylight saving). */
const revokedOnSql = sql`((${programCertificates.revokedAt} at time zone 'UTC') + interval '9 hours')::date`;
/** The certificate is valid on the date `d` (a date literal or parameter). */
const validOn = (d: string) =>
  sql`(${programCertificates.validFrom} <= ${d}::date and ${programCertificates.validUntil} >= ${d}::date and (${programCertificates.revokedAt} is null or ${revokedOnSql} > ${d}::date))`;

export async function currentPlacements(db: Db, organizationId: string, programId: string) {
  const rows = await db
    .select({
      userId: promoterPlacements.userId,
      departmentId: promoterPlacements.departmentId,
      departmentName: departments.name,
      placedOn: promoterPlacements.placedOn,
    })
    .from(promoterPlacements)
    .innerJoin(departments, eq(departments.id, promoterPlacements.departmentId))
    .where(and(eq(promoterPlacements.organizationId, organizationId), eq(promoterPlacements.programId, programId), isNull(promoterPlacements.endedOn)));
  return new Map(rows.map((r) => [r.userId, r]));
}

export async function currentPlacement(db: Db, organizationId: string, programId: string, userId: string) {
  return (await currentPlacements(db, organizationId, programId)).get(userId) ?? null;
}

/**
 * Places a promoter in a 課 (or ends their placement with null): the current placement ends today and the new one
 * starts today, so that coverage on any past date stays as it was. Only for someone with a certificate that is valid
 * or still to come.
 */
export async function setPlacement(
  db: Db,
  ctx: ChangeContext,
  program: ProgramRecord,
  userId: string,
  departmentId: string | null,
  now = new Date(),
): Promise<Result> {
  if (!isUuid(userId) || (departmentId !== null && !isUuid(departmentId))) return { ok: false, error: "入力を確かめてください。", status: 400 };
  const today = jstDate(now);
  return db.transaction(async (tx) => {
    const [cert] = await tx
      .select({ id: programCertificates.id })
      .from(programCertificates)
      .where(
        and(
          eq(programCertificates.organizationId, ctx.organizationId),
          eq(programCertificates.programId, program.id),
          eq(programCertificates.userId, userId),
          isNull(programCertificates.revokedAt),
          gte(programCertificates.validUntil, today),
        ),
      );
    if (!cert) return { ok: false as const, error: "有効な認定を受けている推進員だけを配置できます。", status: 409 };
    if (departmentId) {
      const [dept] = await tx
        .select({ id: departments.id })
        .from(departments)
        .where(and(eq(departments.id, departmentId), eq(departments.organizationId, ctx.organizationId)));
      if (!dept) return { ok: false as const, error: "課が見つかりません。", status: 400 };
    }
    const [current] = await tx
      .select({ id: promoterPlacements.id, departmentId: promoterPlacements.departmentId })
      .from(promoterPlacements)
      .where(and(eq(promoterPlacements.programId, program.id), eq(promoterPlacements.userId, userId), isNull(promoterPlacements.endedOn)))
      .for("update");
    if ((current?.departmentId ?? null) === departmentId) return { ok: true as const };
    if (current) await tx.update(promoterPlacements).set({ endedOn: today }).where(eq(promoterPlacements.id, current.id));
    if (departmentId)
      await tx
        .insert(promoterPlacements)
        .values({ organizationId: ctx.organizationId, programId: program.id, userId, departmentId, placedOn: today, placedBy: ctx.actorUserId });
    await writeAudit(tx, {
      ...ctx,
      action: "program.placement",
      targetType: "user",
      targetId: userId,
      before: { departmentId: current?.departmentId ?? null },
      after: { program: program.slug, departmentId },
    });
    return { ok: true as const };
  });
}

/**
 * 配置の状況: every 課 of the organization with the promoters placed in it whose certificate is valid on the date.
 * The KPI `promoter_coverage` counts the same thing in SQL.
 */
export async function coverage(db: Db, organizationId: string, program: ProgramRecord, now = new Date()) {
  const today = jstDate(now);
  const depts = await db
    .select({ id: departments.id, name: departments.name })
    .from(departments)
    .where(eq(departments.organizationId, organizationId))
    .orderBy(asc(departments.position), asc(departments.name));
  const placed = await db
    .selectDistinct({
      departmentId: promoterPlacements.departmentId,
      userId: users.id,
      name: users.name,
      staffNumber: users.staffNumber,
      validUntil: sql<string>`(select max(${programCertificates.validUntil})::text from ${programCertificates} where ${programCertificates.userId} = ${users.id} and ${programCertificates.programId} = ${program.id} and ${validOn(today)})`,
    })
    .from(promoterPlacements)
    .innerJoin(users, eq(users.id, promoterPlacements.userId))
    .where(
      and(
        eq(promoterPlacements.organizationId, organizationId),
        eq(promoterPlacements.programId, program.id),
        lte(promoterPlacements.placedOn, today),
        or(isNull(promoterPlacements.endedOn), sql`${promoterPlacements.endedOn} > ${today}::date`),
        sql`exists (select 1 from ${programCertificates} where ${programCertificates.userId} = ${promoterPlacements.userId} and ${programCertificates.programId} = ${program.id} and ${validOn(today)})`,
      ),
    )
    .orderBy(asc(users.staffNumber));
  const rows = depts.map((d) => ({
    ...d,
    promoters: placed
      .filter((p) => p.departmentId === d.id)
      .map((p) => ({ userId: p.userId, name: p.name, staffNumber: p.staffNumber, validUntil: p.validUntil })),
  }));
  const covered = rows.filter((r) => r.promoters.length > 0).length;
  return { departments: rows, covered, total: rows.length, percent: rows.length ? Math.round((covered / rows.length) * 1000) / 10 : 0 };
}
