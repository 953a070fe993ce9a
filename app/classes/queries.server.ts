import { and, asc, eq, gte, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { classSeries, classSessions, organizations, registrations, venues } from "../../db/schema";
import { normalizeReceiptNumber } from "./checkin.server";
import { isUuid } from "~/kernel/uuid";

const publicColumns = {
  id: classSessions.id,
  number: classSessions.number,
  startsAt: classSessions.startsAt,
  endsAt: classSessions.endsAt,
  capacity: classSessions.capacity,
  status: classSessions.status,
  cancelReason: classSessions.cancelReason,
  seriesId: classSeries.id,
  title: classSeries.title,
  description: classSeries.description,
  organizerType: classSeries.organizerType,
  organizerName: classSeries.organizerName,
  format: classSeries.format,
  venueName: venues.name,
  venueAddress: venues.address,
  accessibilityNotes: venues.accessibilityNotes,
  organizationId: organizations.id,
  organizationSlug: organizations.slug,
  organizationName: organizations.name,
  confirmed: sql<number>`(select count(*)::int from registrations r where r.session_id = "class_sessions"."id" and r.status = 'confirmed' and r.channel <> 'walk_in')`,
};

/** Residents' sessions from today on (cancelled ones too, so nobody travels to a cancelled class), soonest first. */
export async function listUpcomingSessions(db: Db, { organizationSlug }: { organizationSlug?: string } = {}) {
  return db
    .select(publicColumns)
    .from(classSessions)
    .innerJoin(classSeries, eq(classSeries.id, classSessions.seriesId))
    .innerJoin(organizations, eq(organizations.id, classSessions.organizationId))
    .leftJoin(venues, eq(venues.id, classSessions.venueId))
    .where(
      and(
        eq(classSeries.audience, "residents"),
        gte(classSessions.endsAt, sql`now()`),
        organizationSlug ? eq(organizations.slug, organizationSlug) : undefined,
      ),
    )
    .orderBy(asc(classSessions.startsAt), asc(classSessions.number))
    .limit(200);
}
export type PublicSession = Awaited<ReturnType<typeof listUpcomingSessions>>[number];

export async function getPublicSession(db: Db, sessionId: string) {
  if (!isUuid(sessionId)) return null;
  const [row] = await db
    .select(publicColumns)
    .from(classSessions)
    .innerJoin(classSeries, eq(classSeries.id, classSessions.seriesId))
    .innerJoin(organizations, eq(organizations.id, classSessions.organizationId))
    .leftJoin(venues, eq(venues.id, classSessions.venueId))
    .where(and(eq(classSessions.id, sessionId), eq(classSeries.audience, "residents")))
    .limit(1);
  return row ?? null;
}

/** A registration as its owner sees it on the confirmation page: status and class, no personal data. */
export async function getRegistrationForSession(db: Db, sessionId: string, receiptNumber: string) {
  if (!isUuid(sessionId)) return null;
  const [row] = await db
    .select({
      receiptNumber: registrations.receiptNumber,
      status: registrations.status,
      organizationId: registrations.organizationId,
      createdAt: registrations.createdAt,
    })
    .from(registrations)
    .where(and(eq(registrations.sessionId, sessionId), eq(registrations.receiptNumber, normalizeReceiptNumber(receiptNumber))))
    .limit(1);
  if (!row) return null;
  const [position] =
    row.status === "waitlisted"
      ? await db
          .select({ n: sql<number>`count(*)::int` })
          .from(registrations)
          .where(
            and(
              eq(registrations.sessionId, sessionId),
              eq(registrations.status, "waitlisted"),
              sql`${registrations.createdAt} <= (select created_at from registrations where receipt_number = ${row.receiptNumber} and organization_id = ${row.organizationId})`,
            ),
          )
      : [];
  return { ...row, waitlistPosition: position?.n ?? null };
}

/** The session a receipt number belongs to, within one organization (for the 確認・取り消し page). */
export async function findSessionByReceipt(db: Db, organizationSlug: string, receiptNumber: string) {
  const [row] = await db
    .select({ sessionId: registrations.sessionId })
    .from(registrations)
    .innerJoin(organizations, eq(organizations.id, registrations.organizationId))
    .where(and(eq(organizations.slug, organizationSlug), eq(registrations.receiptNumber, normalizeReceiptNumber(receiptNumber))))
    .limit(1);
  return row?.sessionId ?? null;
}

/** A residents' series with all its sessions, for the page its QR code points to. */
export async function getPublicSeries(db: Db, seriesId: string) {
  if (!isUuid(seriesId)) return null;
  const sessions = await db
    .select(publicColumns)
    .from(classSessions)
    .innerJoin(classSeries, eq(classSeries.id, classSessions.seriesId))
    .innerJoin(organizations, eq(organizations.id, classSessions.organizationId))
    .leftJoin(venues, eq(venues.id, classSessions.venueId))
    .where(and(eq(classSeries.id, seriesId), eq(classSeries.audience, "residents")))
    .orderBy(asc(classSessions.startsAt), asc(classSessions.number));
  const first = sessions[0];
  if (!first) return null;
  return { id: seriesId, title: first.title, description: first.description, organizationName: first.organizationName, sessions };
}
