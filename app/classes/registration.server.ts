import { and, asc, eq, sql } from "drizzle-orm";
import { queryRows, type Db } from "../../db/client";
import { attendance, classSessions, registrations } from "../../db/schema";
import { writeAudit } from "~/audit/audit.server";
import { attendedSql } from "./attended.server";
import { newReceiptNumber, normalizeReceiptNumber, verifyCheckinCode } from "./checkin.server";
import type { AgeBand, AttendanceStatus, RegistrationChannel } from "./constants";
import { isUuid } from "~/kernel/uuid";
import type { Result } from "~/kernel/result";

export interface PersonInput {
  name: string;
  nameKana: string;
  phone: string | null;
  ageBand: AgeBand | null;
  district: string | null;
  needs: string[];
}

/**
 * Why a resident's registration, cancellation or check-in was refused: `error` is the Japanese message staff pages show,
 * `code` lets the residents' pages say it in the visitor's language (app/locales: registration.errors, checkin.errors).
 */
export type RegistrationErrorCode = "consent" | "sessionNotFound" | "closed" | "started" | "receiptNotFound" | "alreadyOver";
export type CheckinErrorCode = "unavailable" | "closed" | "notNow" | "wrongCode" | "noRegistration" | "receiptNotFound";

export type RegisterResult =
  | { ok: true; registrationId: string; receiptNumber: string; status: "confirmed" | "waitlisted"; waitlistPosition: number | null }
  | { ok: false; error: string; code: RegistrationErrorCode };

/** Locks the session row so that capacity decisions on it happen one at a time (safe across servers). */
async function lockSession(tx: Db, organizationId: string, sessionId: string) {
  const [session] = await tx
    .select()
    .from(classSessions)
    .where(and(eq(classSessions.id, sessionId), eq(classSessions.organizationId, organizationId)))
    .for("update");
  return session ?? null;
}

async function confirmedCount(tx: Db, sessionId: string): Promise<number> {
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(registrations)
    .where(and(eq(registrations.sessionId, sessionId), eq(registrations.status, "confirmed"), sql`${registrations.channel} <> 'walk_in'`));
  return row?.n ?? 0;
}

/** 1 = next to be promoted. Compared in SQL against the row itself (JavaScript dates would lose the microseconds). */
async function waitlistPosition(tx: Db, sessionId: string, registrationId: string): Promise<number> {
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(registrations)
    .where(
      and(
        eq(registrations.sessionId, sessionId),
        eq(registrations.status, "waitlisted"),
        sql`(${registrations.createdAt}, ${registrations.id}) <= (select r.created_at, r.id from registrations r where r.id = ${registrationId})`,
      ),
    );
  return row?.n ?? 1;
}

/**
 * Registers a person for a session: confirmed while places remain, otherwise on the waitlist. Capacity holds under any
 * number of simultaneous requests because the session row is locked for the decision.
 */
export async function register(
  db: Db,
  input: {
    organizationId: string;
    sessionId: string;
    channel: RegistrationChannel;
    person?: PersonInput;
    userId?: string;
    createdBy?: string | null;
    consent: boolean;
  },
): Promise<RegisterResult> {
  if (!input.userId && !input.consent)
    return { ok: false, error: "個人情報の利用目的に同意いただけない場合は、お申し込みを受け付けられません。", code: "consent" };
  return db.transaction(async (tx) => {
    const session = await lockSession(tx, input.organizationId, input.sessionId);
    if (!session) return { ok: false as const, error: "教室が見つかりません。", code: "sessionNotFound" as const };
    if (session.status !== "scheduled" || session.closedAt) return { ok: false as const, error: "この回は受付を終了しました。", code: "closed" as const };
    if (input.channel !== "walk_in" && session.startsAt.getTime() <= Date.now())
      return { ok: false as const, error: "この回はすでに始まっているため、申し込みできません。", code: "started" as const };
    if (input.userId) {
      const [existing] = await tx
        .select({ receiptNumber: registrations.receiptNumber, status: registrations.status, id: registrations.id })
        .from(registrations)
        .where(and(eq(registrations.sessionId, session.id), eq(registrations.userId, input.userId), sql`${registrations.status} <> 'cancelled'`));
      if (existing) {
        return {
          ok: true as const,
          registrationId: existing.id,
          receiptNumber: existing.receiptNumber,
          status: existing.status as "confirmed" | "waitlisted",
          waitlistPosition: existing.status === "waitlisted" ? await waitlistPosition(tx, session.id, existing.id) : null,
        };
      }
    }
    const full = input.channel !== "walk_in" && (await confirmedCount(tx, session.id)) >= session.capacity;
    const status = full ? ("waitlisted" as const) : ("confirmed" as const);
    const [row] = await tx
      .insert(registrations)
      .values({
        organizationId: input.organizationId,
        sessionId: session.id,
        receiptNumber: newReceiptNumber(),
        channel: input.channel,
        status,
        userId: input.userId ?? null,
        ...(input.person ?? {}),
        consentAt: input.consent ? sql`now()` : null,
        createdBy: input.createdBy ?? null,
        // The time of the decision (after the lock), not of the transaction's start: the waitlist order follows it.
        createdAt: sql`clock_timestamp()`,
      })
      .returning({ id: registrations.id, receiptNumber: registrations.receiptNumber });
    return {
      ok: true as const,
      registrationId: row!.id,
      receiptNumber: row!.receiptNumber,
      status,
      waitlistPosition: status === "waitlisted" ? await waitlistPosition(tx, session.id, row!.id) : null,
    };
  });
}

export type CancelResult = { ok: true; promotedReceipt: string | null } | { ok: false; error: string; code: RegistrationErrorCode };

/** Cancels a registration; if it held a place, the first person on the waitlist gets it. */
export async function cancelRegistration(
  db: Db,
  input: { organizationId: string; receiptNumber: string; actorUserId?: string | null; ip?: string | null },
): Promise<CancelResult> {
  const receipt = normalizeReceiptNumber(input.receiptNumber);
  return db.transaction(async (tx) => {
    const [found] = await tx
      .select({ id: registrations.id, sessionId: registrations.sessionId, status: registrations.status })
      .from(registrations)
      .where(and(eq(registrations.organizationId, input.organizationId), eq(registrations.receiptNumber, receipt)));
    if (!found) return { ok: false as const, error: "受付番号が見つかりません。番号をお確かめください。", code: "receiptNotFound" as const };
    const session = await lockSession(tx, input.organizationId, found.sessionId);
    if (!session || session.closedAt)
      return { ok: false as const, error: "この回はすでに終了しているため、取り消しできません。", code: "alreadyOver" as const };
    const [current] = await tx.select({ status: registrations.status }).from(registrations).where(eq(registrations.id, found.id));
    if (current?.status === "cancelled") return { ok: true as const, promotedReceipt: null };
    await tx
      .update(registrations)
      .set({ status: "cancelled", cancelledAt: sql`now()` })
      .where(eq(registrations.id, found.id));
    let promotedReceipt: string | null = null;
    if (current?.status === "confirmed" && (await confirmedCount(tx, session.id)) < session.capacity) {
      const [next] = await tx
        .select({ id: registrations.id, receiptNumber: registrations.receiptNumber })
        .from(registrations)
        .where(and(eq(registrations.sessionId, session.id), eq(registrations.status, "waitlisted")))
        .orderBy(asc(registrations.createdAt), asc(registrations.id))
        .limit(1);
      if (next) {
        await tx.update(registrations).set({ status: "confirmed" }).where(eq(registrations.id, next.id));
        promotedReceipt = next.receiptNumber;
      }
    }
    if (input.actorUserId) {
      await writeAudit(tx, {
        organizationId: input.organizationId,
        actorUserId: input.actorUserId,
        action: "class.cancel_registration",
        targetType: "registration",
        targetId: found.id,
        after: { promotedReceipt },
        ip: input.ip ?? null,
      });
    }
    return { ok: true as const, promotedReceipt };
  });
}

export type MarkResult = Result<{ already: boolean }>;

/** The instructor's roster mark: sets (or changes) one person's status. Refused once the session is closed. */
export async function markAttendance(
  db: Db,
  input: { organizationId: string; registrationId: string; status: AttendanceStatus; note?: string | null; markedBy: string },
): Promise<MarkResult> {
  if (!isUuid(input.registrationId)) return { ok: false, error: "参加者が見つかりません。" };
  return db.transaction(async (tx) => {
    const [reg] = await tx
      .select({ sessionId: registrations.sessionId, status: registrations.status, closedAt: classSessions.closedAt })
      .from(registrations)
      .innerJoin(classSessions, eq(classSessions.id, registrations.sessionId))
      .where(and(eq(registrations.id, input.registrationId), eq(registrations.organizationId, input.organizationId)));
    if (!reg) return { ok: false as const, error: "参加者が見つかりません。" };
    if (reg.closedAt) return { ok: false as const, error: "この回は締め切られています。変更するには、管理者が再開してください。" };
    if (reg.status !== "confirmed") return { ok: false as const, error: "キャンセル待ちまたは取り消し済みの方には、出欠を付けられません。" };
    const rows = await tx
      .insert(attendance)
      .values({
        registrationId: input.registrationId,
        organizationId: input.organizationId,
        sessionId: reg.sessionId,
        status: input.status,
        method: "roster",
        note: input.note ?? null,
        markedBy: input.markedBy,
      })
      .onConflictDoUpdate({
        target: attendance.registrationId,
        set: { status: input.status, note: input.note ?? null, markedBy: input.markedBy, markedAt: sql`now()` },
      })
      .returning({ inserted: sql<boolean>`(xmax = 0)` });
    return { ok: true as const, already: !rows[0]?.inserted };
  });
}

/** A note on an existing mark (e.g. 「途中で体調不良のため退出」). Refused once the session is closed. */
export async function setAttendanceNote(db: Db, input: { organizationId: string; registrationId: string; note: string | null }): Promise<Result> {
  if (!isUuid(input.registrationId)) return { ok: false, error: "出欠が記録されていないか、締め切られた回です。" };
  const rows = await db
    .update(attendance)
    .set({ note: input.note })
    .where(
      and(
        eq(attendance.registrationId, input.registrationId),
        eq(attendance.organizationId, input.organizationId),
        sql`not exists (select 1 from class_sessions s where s.id = ${attendance.sessionId} and s.closed_at is not null)`,
      ),
    )
    .returning({ id: attendance.registrationId });
  return rows.length ? { ok: true } : { ok: false, error: "出欠が記録されていないか、締め切られた回です。" };
}

export type CheckinResult = { ok: true; already: boolean; name: string | null } | { ok: false; error: string; code: CheckinErrorCode };

/**
 * Self check-in with the rotating code, by receipt number (residents) or as the signed-in staff member. Idempotent:
 * a second tap, a second device or a retry finds the existing mark and adds nothing.
 */
export async function selfCheckIn(
  db: Db,
  input: { organizationId: string; sessionId: string; code: string; receiptNumber?: string; userId?: string; now?: Date },
): Promise<CheckinResult> {
  const [session] = await db
    .select({
      id: classSessions.id,
      organizationId: classSessions.organizationId,
      startsAt: classSessions.startsAt,
      endsAt: classSessions.endsAt,
      checkinSecret: classSessions.checkinSecret,
      closedAt: classSessions.closedAt,
      status: classSessions.status,
    })
    .from(classSessions)
    .where(and(eq(classSessions.id, input.sessionId), eq(classSessions.organizationId, input.organizationId)));
  return session ? checkInTo(db, session, input) : { ok: false, error: "この回は見つからないか、中止になりました。", code: "unavailable" };
}

export interface CheckinSession {
  id: string;
  organizationId: string;
  startsAt: Date;
  endsAt: Date;
  checkinSecret: string;
  closedAt: Date | null;
  status: string;
}

/**
 * selfCheckIn for a session the caller has already read (the check-in page reads it anyway): the code is checked
 * here, then the registration is found and marked in one statement, so a tap costs two queries in all.
 */
export async function checkInTo(
  db: Db,
  session: CheckinSession,
  input: { code: string; receiptNumber?: string; userId?: string; now?: Date },
): Promise<CheckinResult> {
  if (session.status === "cancelled") return { ok: false, error: "この回は見つからないか、中止になりました。", code: "unavailable" };
  if (session.closedAt) return { ok: false, error: "この回の受付は締め切られました。講師にお声がけください。", code: "closed" };
  const check = verifyCheckinCode(session.checkinSecret, input.code, session, input.now ?? new Date());
  if (check === "closed") return { ok: false, error: "いまは受付の時間ではありません（開始30分前から終了30分後まで）。", code: "notNow" };
  if (check === "wrong") return { ok: false, error: "番号が違います。講師が見せている4けたの番号を、もう一度入力してください。", code: "wrongCode" };
  const who = input.userId ? sql`r.user_id = ${input.userId}` : sql`r.receipt_number = ${normalizeReceiptNumber(input.receiptNumber ?? "")}`;
  // The mark is inserted only for a confirmed registration of this session; a repeat finds the existing mark.
  const [row] = await queryRows<{ name: string | null; inserted: number }>(
    db,
    sql`with reg as (
          select r.id, r.name from registrations r where r.session_id = ${session.id} and r.status = 'confirmed' and ${who} limit 1
        ), ins as (
          insert into attendance (registration_id, organization_id, session_id, status, method)
          select reg.id, ${session.organizationId}, ${session.id}, 'present', 'self' from reg
          on conflict do nothing
          returning registration_id
        )
        select reg.name, (select count(*) from ins)::int as inserted from reg`,
  );
  if (!row) {
    return input.userId
      ? { ok: false, error: "この回のお申し込みが見つかりません。講師にお声がけください。", code: "noRegistration" }
      : { ok: false, error: "受付番号が見つかりません。申し込みのときの番号をお確かめください。", code: "receiptNotFound" };
  }
  return { ok: true, already: Number(row.inserted) === 0, name: row.name };
}

/** Closing a session freezes attendance; the session counts as held (実施済み). Reopening is audited. */
export async function setSessionClosed(
  db: Db,
  input: { organizationId: string; sessionId: string; closed: boolean; actorUserId: string; ip?: string | null },
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const rows = await tx
      .update(classSessions)
      .set(input.closed ? { closedAt: sql`now()`, status: "held" } : { closedAt: null })
      .where(and(eq(classSessions.id, input.sessionId), eq(classSessions.organizationId, input.organizationId), sql`${classSessions.status} <> 'cancelled'`))
      .returning({ id: classSessions.id });
    if (!rows.length) return false;
    await writeAudit(tx, {
      organizationId: input.organizationId,
      actorUserId: input.actorUserId,
      action: input.closed ? "class.close_session" : "class.reopen_session",
      targetType: "class_session",
      targetId: input.sessionId,
      ip: input.ip ?? null,
    });
    return true;
  });
}

/** The figures KPIs read, for one session, computed from the records. */
export async function sessionCounts(db: Db, organizationId: string, sessionId: string) {
  const [c] = await db
    .select({
      registered: sql<number>`count(*) filter (where ${registrations.status} = 'confirmed' and ${registrations.channel} <> 'walk_in')::int`,
      waitlisted: sql<number>`count(*) filter (where ${registrations.status} = 'waitlisted')::int`,
      cancelled: sql<number>`count(*) filter (where ${registrations.status} = 'cancelled')::int`,
      walkIns: sql<number>`count(*) filter (where ${registrations.channel} = 'walk_in' and ${registrations.status} = 'confirmed')::int`,
      attended: sql<number>`count(*) filter (where ${attendedSql(attendance.status)})::int`,
      noShows: sql<number>`count(*) filter (where ${registrations.status} = 'confirmed' and ${registrations.channel} <> 'walk_in'
        and (${attendance.status} is null or ${attendance.status} = 'absent'))::int`,
    })
    .from(registrations)
    .leftJoin(attendance, eq(attendance.registrationId, registrations.id))
    .where(and(eq(registrations.sessionId, sessionId), eq(registrations.organizationId, organizationId)));
  const byAgeBand = await db
    .select({ ageBand: registrations.ageBand, n: sql<number>`count(*)::int` })
    .from(registrations)
    .innerJoin(attendance, eq(attendance.registrationId, registrations.id))
    .where(and(eq(registrations.sessionId, sessionId), eq(registrations.organizationId, organizationId), attendedSql(attendance.status)))
    .groupBy(registrations.ageBand);
  return { ...c!, byAgeBand: Object.fromEntries(byAgeBand.map((r) => [r.ageBand ?? "unknown", r.n])) };
}
