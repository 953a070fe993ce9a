/** Activities: what promoters improved, recorded by them and confirmed by the 課長. */
import { and, desc, eq, gte, isNotNull, isNull, lte, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { departments, promoterActivities, users } from "../../db/schema";
import { writeAudit } from "~/audit/audit.server";
import { certificateState } from "./rules";
import type { ProgramRecord } from "./lookup.server";
import { listCertificates } from "./certificates.server";
import { isUuid } from "~/kernel/uuid";
import { jstDate } from "~/kernel/dates";
import type { ChangeContext } from "~/kernel/actor";
import type { Result } from "~/kernel/result";

export interface ActivityInput {
  title: string;
  departmentId: string;
  doneOn: string;
  hoursSavedPerYear: number | null;
  note: string | null;
}

/** A promoter with a valid certificate records an improvement activity (on or after their first certification). */
export async function addActivity(
  db: Db,
  ctx: ChangeContext,
  program: ProgramRecord,
  input: ActivityInput,
  now = new Date(),
): Promise<Result<{ activityId: string }>> {
  const today = jstDate(now);
  const certs = await listCertificates(db, ctx.organizationId, program.id, ctx.actorUserId);
  if (!certs.some((c) => certificateState(c, today) === "valid"))
    return { ok: false, error: "活動を記録できるのは、有効な認定を受けている推進員です。", status: 403 };
  const first = certs.map((c) => c.validFrom).sort()[0]!;
  if (input.doneOn > today) return { ok: false, error: "活動日に未来の日付は入力できません。", status: 400 };
  if (input.doneOn < first) return { ok: false, error: `活動日は認定日（${first}）以降の日付にしてください。`, status: 400 };
  if (!isUuid(input.departmentId)) return { ok: false, error: "課を選んでください。", status: 400 };
  const [dept] = await db
    .select({ id: departments.id })
    .from(departments)
    .where(and(eq(departments.id, input.departmentId), eq(departments.organizationId, ctx.organizationId)));
  if (!dept) return { ok: false, error: "課を選んでください。", status: 400 };
  const [row] = await db
    .insert(promoterActivities)
    .values({ organizationId: ctx.organizationId, programId: program.id, userId: ctx.actorUserId, ...input })
    .returning({ id: promoterActivities.id });
  return { ok: true, activityId: row!.id };
}

/** The promoter deletes one of their own activities, as long as the 課長 has not confirmed it. */
export async function deleteActivity(db: Db, ctx: ChangeContext, program: ProgramRecord, activityId: string): Promise<Result> {
  if (!isUuid(activityId)) return { ok: false, error: "活動が見つかりません。", status: 404 };
  const deleted = await db
    .delete(promoterActivities)
    .where(
      and(
        eq(promoterActivities.id, activityId),
        eq(promoterActivities.programId, program.id),
        eq(promoterActivities.userId, ctx.actorUserId),
        isNull(promoterActivities.confirmedAt),
      ),
    )
    .returning({ id: promoterActivities.id });
  return deleted.length ? { ok: true } : { ok: false, error: "削除できる活動が見つかりません（課長が確認した活動は削除できません）。", status: 409 };
}

/** One activity of the organization (for the guard: which 課 it belongs to). */
export async function getActivity(db: Db, organizationId: string, programId: string, activityId: string) {
  if (!isUuid(activityId)) return null;
  const [row] = await db
    .select({
      id: promoterActivities.id,
      userId: promoterActivities.userId,
      departmentId: promoterActivities.departmentId,
      confirmedAt: promoterActivities.confirmedAt,
    })
    .from(promoterActivities)
    .where(and(eq(promoterActivities.id, activityId), eq(promoterActivities.organizationId, organizationId), eq(promoterActivities.programId, programId)));
  return row ?? null;
}

/**
 * The 課長 confirms an activity done for their 課 (the caller has checked the department permission). Nobody confirms
 * their own activity. Confirming twice changes nothing.
 */
export async function confirmActivity(db: Db, ctx: ChangeContext, program: ProgramRecord, activityId: string): Promise<Result> {
  const activity = await getActivity(db, ctx.organizationId, program.id, activityId);
  if (!activity) return { ok: false, error: "活動が見つかりません。", status: 404 };
  if (activity.userId === ctx.actorUserId) return { ok: false, error: "ご自身の活動は確認できません。", status: 403 };
  const updated = await db
    .update(promoterActivities)
    .set({ confirmedBy: ctx.actorUserId, confirmedAt: sql`now()` })
    .where(and(eq(promoterActivities.id, activity.id), isNull(promoterActivities.confirmedAt)))
    .returning({ id: promoterActivities.id });
  if (updated.length)
    await writeAudit(db, {
      ...ctx,
      action: "program.activity_confirm",
      targetType: "promoter_activity",
      targetId: activity.id,
      after: { userId: activity.userId, departmentId: activity.departmentId },
    });
  return { ok: true };
}

export interface ActivityFilter {
  userId?: string;
  departmentId?: string;
  fiscalYear?: number;
  confirmed?: boolean;
}

/** Activities of the organization's promoters, newest first. */
export async function listActivities(db: Db, organizationId: string, programId: string, filter: ActivityFilter = {}) {
  const fy = filter.fiscalYear;
  return db
    .select({
      id: promoterActivities.id,
      userId: promoterActivities.userId,
      staffNumber: users.staffNumber,
      promoterName: users.name,
      departmentId: promoterActivities.departmentId,
      departmentName: departments.name,
      title: promoterActivities.title,
      doneOn: promoterActivities.doneOn,
      hoursSavedPerYear: promoterActivities.hoursSavedPerYear,
      note: promoterActivities.note,
      confirmedAt: promoterActivities.confirmedAt,
      confirmedByName: sql<string | null>`(select u.name from users u where u.id = ${promoterActivities.confirmedBy})`,
    })
    .from(promoterActivities)
    .innerJoin(users, eq(users.id, promoterActivities.userId))
    .innerJoin(departments, eq(departments.id, promoterActivities.departmentId))
    .where(
      and(
        eq(promoterActivities.organizationId, organizationId),
        eq(promoterActivities.programId, programId),
        filter.userId ? eq(promoterActivities.userId, filter.userId) : undefined,
        filter.departmentId ? eq(promoterActivities.departmentId, filter.departmentId) : undefined,
        fy !== undefined ? and(gte(promoterActivities.doneOn, `${fy}-04-01`), lte(promoterActivities.doneOn, `${fy + 1}-03-31`)) : undefined,
        filter.confirmed === true ? isNotNull(promoterActivities.confirmedAt) : filter.confirmed === false ? isNull(promoterActivities.confirmedAt) : undefined,
      ),
    )
    .orderBy(desc(promoterActivities.doneOn), desc(promoterActivities.createdAt));
}
