import { and, asc, desc, eq, gte, inArray, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { attendance, classSeries, classSessions, registrations, users, venues } from "../../db/schema";
import { writeAudit } from "~/audit/audit.server";
import { register, type RegisterResult } from "./registration.server";
import type { ChangeContext } from "~/kernel/actor";
import type { Result } from "~/kernel/result";

/** Upcoming staff trainings (集合研修) of the organization, with the staff member's own registration. */
export async function listStaffTrainings(db: Db, organizationId: string, userId: string) {
  return db
    .select({
      id: classSessions.id,
      number: classSessions.number,
      startsAt: classSessions.startsAt,
      endsAt: classSessions.endsAt,
      capacity: classSessions.capacity,
      status: classSessions.status,
      title: classSeries.title,
      venueName: venues.name,
      confirmed: sql<number>`(select count(*)::int from registrations r where r.session_id = "class_sessions"."id" and r.status = 'confirmed' and r.channel <> 'walk_in')`,
      myStatus: sql<
        string | null
      >`(select r.status from registrations r where r.session_id = "class_sessions"."id" and r.user_id = ${userId} and r.status <> 'cancelled' limit 1)`,
      myReceipt: sql<
        string | null
      >`(select r.receipt_number from registrations r where r.session_id = "class_sessions"."id" and r.user_id = ${userId} and r.status <> 'cancelled' limit 1)`,
    })
    .from(classSessions)
    .innerJoin(classSeries, eq(classSeries.id, classSessions.seriesId))
    .leftJoin(venues, eq(venues.id, classSessions.venueId))
    .where(and(eq(classSessions.organizationId, organizationId), eq(classSeries.audience, "staff"), gte(classSessions.startsAt, sql`now()`)))
    .orderBy(asc(classSessions.startsAt), asc(classSessions.number));
}

/** The trainings a staff member took part in, newest first: what HR and the person see on their record. */
export async function staffTrainingHistory(db: Db, organizationId: string, userId: string) {
  return db
    .select({
      sessionId: classSessions.id,
      title: classSeries.title,
      number: classSessions.number,
      startsAt: classSessions.startsAt,
      endsAt: classSessions.endsAt,
      registration: registrations.status,
      attendance: attendance.status,
    })
    .from(registrations)
    .innerJoin(classSessions, eq(classSessions.id, registrations.sessionId))
    .innerJoin(classSeries, eq(classSeries.id, classSessions.seriesId))
    .leftJoin(attendance, eq(attendance.registrationId, registrations.id))
    .where(and(eq(registrations.organizationId, organizationId), eq(registrations.userId, userId)))
    .orderBy(desc(classSessions.startsAt))
    .limit(100);
}

/**
 * HR registers every active staff member of the chosen 課 (or of the whole organization) for a staff training. People
 * already registered keep their place; beyond capacity they go on the waitlist like anyone else.
 */
export async function bulkRegisterStaff(
  db: Db,
  ctx: ChangeContext,
  sessionId: string,
  departmentIds: string[],
): Promise<Result<{ confirmed: number; waitlisted: number; already: number }>> {
  const [session] = await db
    .select({ audience: classSeries.audience })
    .from(classSessions)
    .innerJoin(classSeries, eq(classSeries.id, classSessions.seriesId))
    .where(and(eq(classSessions.id, sessionId), eq(classSessions.organizationId, ctx.organizationId)));
  if (!session) return { ok: false, error: "研修が見つかりません。" };
  if (session.audience !== "staff") return { ok: false, error: "一括登録は職員向けの研修だけで使えます。" };
  const staff = await db
    .select({ id: users.id })
    .from(users)
    .where(
      and(eq(users.organizationId, ctx.organizationId), eq(users.active, true), departmentIds.length ? inArray(users.departmentId, departmentIds) : undefined),
    )
    .orderBy(asc(users.staffNumber));
  const existing = new Set(
    (
      await db
        .select({ userId: registrations.userId })
        .from(registrations)
        .where(and(eq(registrations.sessionId, sessionId), sql`${registrations.status} <> 'cancelled'`))
    ).map((r) => r.userId),
  );
  let confirmed = 0;
  let waitlisted = 0;
  for (const s of staff) {
    if (existing.has(s.id)) continue;
    const result: RegisterResult = await register(db, {
      organizationId: ctx.organizationId,
      sessionId,
      channel: "hr_bulk",
      userId: s.id,
      consent: false,
      createdBy: ctx.actorUserId,
    });
    if (!result.ok) return { ok: false, error: result.error };
    if (result.status === "confirmed") confirmed++;
    else waitlisted++;
  }
  await writeAudit(db, {
    ...ctx,
    action: "class.bulk_register",
    targetType: "class_session",
    targetId: sessionId,
    after: { departmentIds, confirmed, waitlisted },
  });
  return { ok: true, confirmed, waitlisted, already: staff.length - confirmed - waitlisted };
}
