import { and, asc, desc, eq, gte, inArray, lt, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { attendance, classSeries, classSessionInstructors, classSessions, courses, registrations, surveys, users, venues } from "../../db/schema";
import { writeAudit } from "~/audit/audit.server";
import { attendedSql } from "./attended.server";
import { newCheckinSecret } from "./checkin.server";
import type { ClassFormat, OrganizerType } from "./constants";
import { isUuid } from "~/kernel/uuid";
import type { ChangeContext } from "~/kernel/actor";
import type { Result } from "~/kernel/result";

/** Sessions of the organization around now (past 60 days and all upcoming), with their main counts. */
export async function listSessionsForAdmin(db: Db, organizationId: string, { audience }: { audience?: "residents" | "staff" } = {}) {
  return db
    .select({
      id: classSessions.id,
      number: classSessions.number,
      startsAt: classSessions.startsAt,
      endsAt: classSessions.endsAt,
      status: classSessions.status,
      capacity: classSessions.capacity,
      closedAt: classSessions.closedAt,
      title: classSeries.title,
      audience: classSeries.audience,
      venueName: venues.name,
      confirmed: sql<number>`count(*) filter (where ${registrations.status} = 'confirmed' and ${registrations.channel} <> 'walk_in')::int`,
      waitlisted: sql<number>`count(*) filter (where ${registrations.status} = 'waitlisted')::int`,
      attended: sql<number>`count(*) filter (where ${attendedSql(attendance.status)})::int`,
    })
    .from(classSessions)
    .innerJoin(classSeries, eq(classSeries.id, classSessions.seriesId))
    .leftJoin(venues, eq(venues.id, classSessions.venueId))
    .leftJoin(registrations, eq(registrations.sessionId, classSessions.id))
    .leftJoin(attendance, eq(attendance.registrationId, registrations.id))
    .where(
      and(
        eq(classSessions.organizationId, organizationId),
        gte(classSessions.startsAt, sql`now() - interval '60 days'`),
        audience ? eq(classSeries.audience, audience) : undefined,
      ),
    )
    .groupBy(classSessions.id, classSeries.id, venues.id)
    .orderBy(asc(classSessions.startsAt), asc(classSessions.number))
    .limit(300);
}

export async function listVenues(db: Db, organizationId: string) {
  return db.select().from(venues).where(eq(venues.organizationId, organizationId)).orderBy(asc(venues.name));
}

export interface SeriesInput {
  title: string;
  description: string;
  audience: "residents" | "staff";
  category: string;
  organizerType: OrganizerType;
  organizerName: string | null;
  format: ClassFormat;
  courseSlug: string | null;
  venueId: string | null;
  capacity: number;
  sessions: { startsAt: Date; endsAt: Date }[];
  instructorUserIds: string[];
  externalInstructors: string[];
}

/** Creates a series with its sessions (第1回, 第2回 …) in one transaction. */
export async function createSeries(db: Db, ctx: ChangeContext, input: SeriesInput): Promise<Result<{ seriesId: string; sessionIds: string[] }>> {
  return db.transaction(async (tx) => {
    if (input.venueId) {
      const [venue] = await tx
        .select({ id: venues.id })
        .from(venues)
        .where(and(eq(venues.id, input.venueId), eq(venues.organizationId, ctx.organizationId)));
      if (!venue) return { ok: false as const, error: "会場を一覧から選んでください。" };
    }
    const instructorIds = input.instructorUserIds.length
      ? (
          await tx
            .select({ id: users.id })
            .from(users)
            .where(and(eq(users.organizationId, ctx.organizationId), inArray(users.id, input.instructorUserIds)))
        ).map((u) => u.id)
      : [];
    const [course] = input.courseSlug ? await tx.select({ id: courses.id }).from(courses).where(eq(courses.slug, input.courseSlug)) : [];
    const [series] = await tx
      .insert(classSeries)
      .values({
        organizationId: ctx.organizationId,
        title: input.title,
        description: input.description,
        courseId: course?.id ?? null,
        category: input.category,
        audience: input.audience,
        organizerType: input.organizerType,
        organizerName: input.organizerName,
        format: input.format,
      })
      .returning({ id: classSeries.id });
    const sessions = await tx
      .insert(classSessions)
      .values(
        input.sessions.map((s, i) => ({
          organizationId: ctx.organizationId,
          seriesId: series!.id,
          number: i + 1,
          startsAt: s.startsAt,
          endsAt: s.endsAt,
          venueId: input.venueId,
          capacity: input.capacity,
          externalInstructors: input.externalInstructors,
          checkinSecret: newCheckinSecret(),
        })),
      )
      .returning({ id: classSessions.id });
    if (instructorIds.length) {
      await tx.insert(classSessionInstructors).values(sessions.flatMap((s) => instructorIds.map((userId) => ({ sessionId: s.id, userId }))));
    }
    await writeAudit(tx, {
      ...ctx,
      action: "class.create_series",
      targetType: "class_series",
      targetId: series!.id,
      after: { title: input.title, sessions: input.sessions.length },
    });
    return { ok: true as const, seriesId: series!.id, sessionIds: sessions.map((s) => s.id) };
  });
}

/** A session with everything the instructor's roster needs, or null outside the organization. */
export async function getSessionForAdmin(db: Db, organizationId: string, sessionId: string) {
  if (!isUuid(sessionId)) return null;
  const [session] = await db
    .select({
      id: classSessions.id,
      number: classSessions.number,
      startsAt: classSessions.startsAt,
      endsAt: classSessions.endsAt,
      status: classSessions.status,
      cancelReason: classSessions.cancelReason,
      capacity: classSessions.capacity,
      closedAt: classSessions.closedAt,
      checkinSecret: classSessions.checkinSecret,
      externalInstructors: classSessions.externalInstructors,
      seriesId: classSeries.id,
      title: classSeries.title,
      audience: classSeries.audience,
      venueName: venues.name,
    })
    .from(classSessions)
    .innerJoin(classSeries, eq(classSeries.id, classSessions.seriesId))
    .leftJoin(venues, eq(venues.id, classSessions.venueId))
    .where(and(eq(classSessions.id, sessionId), eq(classSessions.organizationId, organizationId)));
  if (!session) return null;
  const roster = await db
    .select({
      id: registrations.id,
      receiptNumber: registrations.receiptNumber,
      channel: registrations.channel,
      status: registrations.status,
      name: sql<string | null>`coalesce(${users.name}, ${registrations.name})`,
      nameKana: sql<string | null>`coalesce(${users.nameKana}, ${registrations.nameKana})`,
      phone: registrations.phone,
      ageBand: registrations.ageBand,
      needs: registrations.needs,
      staffNumber: users.staffNumber,
      attendance: attendance.status,
      note: attendance.note,
      method: attendance.method,
    })
    .from(registrations)
    .leftJoin(users, eq(users.id, registrations.userId))
    .leftJoin(attendance, eq(attendance.registrationId, registrations.id))
    .where(and(eq(registrations.sessionId, sessionId), eq(registrations.organizationId, organizationId)))
    .orderBy(sql`case ${registrations.status} when 'confirmed' then 0 when 'waitlisted' then 1 else 2 end`, asc(registrations.createdAt));
  const instructors = await db
    .select({ name: users.name })
    .from(classSessionInstructors)
    .innerJoin(users, eq(users.id, classSessionInstructors.userId))
    .where(eq(classSessionInstructors.sessionId, sessionId));
  return { ...session, roster, instructors: instructors.map((i) => i.name) };
}

export async function cancelSession(db: Db, ctx: ChangeContext, sessionId: string, reason: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const rows = await tx
      .update(classSessions)
      .set({ status: "cancelled", cancelReason: reason })
      .where(and(eq(classSessions.id, sessionId), eq(classSessions.organizationId, ctx.organizationId), eq(classSessions.status, "scheduled")))
      .returning({ id: classSessions.id });
    if (!rows.length) return false;
    await writeAudit(tx, { ...ctx, action: "class.cancel_session", targetType: "class_session", targetId: sessionId, after: { reason } });
    return true;
  });
}

export interface SurveyInput {
  satisfaction: number;
  clarity: number;
  nextTopic: string | null;
  comment: string | null;
  source: "paper" | "qr";
}

/**
 * Records one survey answer for a session that has started (or starts today). Answers by QR are taken for a week
 * after the session; paper answers typed in by staff at any time.
 */
export async function addSurvey(db: Db, organizationId: string, sessionId: string, input: SurveyInput, enteredBy: string | null): Promise<boolean> {
  const [session] = await db
    .select({ id: classSessions.id })
    .from(classSessions)
    .where(
      and(
        eq(classSessions.id, sessionId),
        eq(classSessions.organizationId, organizationId),
        sql`${classSessions.status} <> 'cancelled'`,
        lt(classSessions.startsAt, sql`now() + interval '1 day'`),
        input.source === "qr" ? gte(classSessions.endsAt, sql`now() - interval '7 days'`) : undefined,
      ),
    );
  if (!session) return false;
  await db.insert(surveys).values({ organizationId, sessionId, ...input, enteredBy });
  return true;
}

/** Survey results of a session: answers, averages, and the topics people asked for. */
export async function surveyResults(db: Db, organizationId: string, sessionId: string) {
  const [avg] = await db
    .select({
      answers: sql<number>`count(*)::int`,
      satisfaction: sql<number | null>`round(avg(${surveys.satisfaction})::numeric, 2)::float8`,
      clarity: sql<number | null>`round(avg(${surveys.clarity})::numeric, 2)::float8`,
    })
    .from(surveys)
    .where(and(eq(surveys.sessionId, sessionId), eq(surveys.organizationId, organizationId)));
  const comments = await db
    .select({ nextTopic: surveys.nextTopic, comment: surveys.comment, source: surveys.source })
    .from(surveys)
    .where(
      and(
        eq(surveys.sessionId, sessionId),
        eq(surveys.organizationId, organizationId),
        sql`(${surveys.comment} is not null or ${surveys.nextTopic} is not null)`,
      ),
    )
    .orderBy(desc(surveys.createdAt))
    .limit(50);
  return { ...avg!, comments };
}

/**
 * A session for the public check-in and survey pages, found by id alone (the rotating code is what authorizes a mark).
 * One indexed read of the session and its series: no roster, which for a large session would be read twice per tap
 * (action and loader) for nothing.
 */
export async function getSessionForCheckin(db: Db, sessionId: string) {
  if (!isUuid(sessionId)) return null;
  const [row] = await db
    .select({
      id: classSessions.id,
      organizationId: classSessions.organizationId,
      number: classSessions.number,
      startsAt: classSessions.startsAt,
      endsAt: classSessions.endsAt,
      status: classSessions.status,
      closedAt: classSessions.closedAt,
      // For checkInTo; never sent to the page.
      checkinSecret: classSessions.checkinSecret,
      title: classSeries.title,
      audience: classSeries.audience,
    })
    .from(classSessions)
    .innerJoin(classSeries, eq(classSeries.id, classSessions.seriesId))
    .where(eq(classSessions.id, sessionId));
  return row ?? null;
}
