/**
 * Stage 2 of the demo classes: sessions and who came. A session's registrations (confirmed, waitlisted, cancelled, as
 * the app would have decided them), walk-ins, attendance and survey answers.
 */
import { countsAsAttended } from "~/classes/constants";
import { newCheckinSecret } from "~/classes/checkin.server";
import { dayInstant } from "~/kernel/days";
import { addMinutes, maxDate, minDate } from "./calendar";
import type { Applicant, AttStatus, Generation, PlannedSession, RegStatus, SessionInsert } from "./model";
import { drawPeople, type Person } from "./residents";
import { addSurvey } from "./surveys";

/**
 * Replays sign-ups and cancellations in time order the way the app decides them: confirmed while places remain,
 * otherwise waitlisted; a cancelled place goes to the first on the waitlist.
 */
export function decideStatuses(applicants: { createdAt: Date; cancelledAt: Date | null }[], capacity: number): RegStatus[] {
  type Ev = { t: number; kind: 0 | 1; i: number };
  const events: Ev[] = [];
  applicants.forEach((a, i) => {
    events.push({ t: a.createdAt.getTime(), kind: 0, i });
    if (a.cancelledAt) events.push({ t: a.cancelledAt.getTime(), kind: 1, i });
  });
  events.sort((a, b) => a.t - b.t || a.kind - b.kind || a.i - b.i);
  const confirmed = new Set<number>();
  const waitlist: number[] = [];
  for (const e of events) {
    if (e.kind === 0) {
      if (confirmed.size < capacity) confirmed.add(e.i);
      else waitlist.push(e.i);
    } else if (confirmed.delete(e.i)) {
      const next = waitlist.shift();
      if (next !== undefined) confirmed.add(next);
    } else {
      const at = waitlist.indexOf(e.i);
      if (at >= 0) waitlist.splice(at, 1);
    }
  }
  return applicants.map((a, i) => (a.cancelledAt ? "cancelled" : confirmed.has(i) ? "confirmed" : "waitlisted"));
}

/** A new session of a series (held when it is over, unless called off). */
export function newSession(
  gen: Generation,
  seriesId: string,
  s: PlannedSession,
  capacity: number,
  venueId: string | null,
  external: string[],
  seriesCreatedAt: Date,
) {
  const { ids, rows, organizationId, today } = gen;
  const startsAt = dayInstant(s.day, s.slot.start);
  const endsAt = dayInstant(s.day, s.slot.end);
  const past = endsAt.getTime() < today.getTime();
  const status: SessionInsert["status"] = s.cancelReason ? "cancelled" : past ? "held" : "scheduled";
  const row = {
    id: ids.uuid(),
    organizationId,
    seriesId,
    number: s.number,
    startsAt,
    endsAt,
    venueId,
    capacity,
    status,
    cancelReason: s.cancelReason,
    externalInstructors: external,
    // Random even in demo data: a secret derived from the source would let anyone compute a public demo's codes.
    checkinSecret: newCheckinSecret(),
    closedAt: status === "held" ? endsAt : null,
    createdAt: seriesCreatedAt,
  } satisfies SessionInsert;
  rows.sessions.push(row);
  return row;
}

type Session = SessionInsert & { id: string };

export interface FillOptions {
  cancelRate: number;
  audience: "residents" | "staff";
  category: string;
  marker: string | null;
  walkIns: boolean;
}

/** The applicants' registrations, some cancelled along the way; returns the ids of those confirmed for a held session. */
function registerApplicants(gen: Generation, session: Session, day: number, applicants: Applicant[], opts: FillOptions): string[] {
  const { rng, ids, rows, organizationId, today, receipt } = gen;
  const start = session.startsAt;
  const held = session.status === "held";
  const calledOffAt = session.status === "cancelled" ? dayInstant(day - 1, 15 * 60) : null;
  const latest = minDate(addMinutes(start, -60), addMinutes(today, -5));
  const withCancel = applicants.map((a) => {
    const cancelled = rng.chance(opts.cancelRate) && latest.getTime() > a.createdAt.getTime();
    return { ...a, cancelledAt: cancelled ? new Date(a.createdAt.getTime() + (latest.getTime() - a.createdAt.getTime()) * rng.between(0.3, 0.95)) : null };
  });
  const statuses = decideStatuses(withCancel, session.capacity);
  const present: string[] = [];
  withCancel.forEach((a, i) => {
    const status: RegStatus = calledOffAt ? "cancelled" : statuses[i]!;
    const id = ids.uuid();
    rows.registrations.push({
      id,
      organizationId,
      sessionId: session.id,
      receiptNumber: receipt(),
      channel: a.channel,
      status,
      userId: a.userId,
      name: a.person?.name ?? null,
      nameKana: a.person?.nameKana ?? null,
      phone: a.person?.phone ?? null,
      ageBand: a.person?.ageBand ?? null,
      district: a.person?.district ?? null,
      needs: a.person?.needs ?? [],
      consentAt: a.person ? a.createdAt : null,
      createdBy: a.createdBy,
      createdAt: a.createdAt,
      cancelledAt: calledOffAt ? (a.cancelledAt ?? maxDate(calledOffAt, addMinutes(a.createdAt, 1))) : a.cancelledAt,
    });
    if (held && status === "confirmed") present.push(id);
  });
  return present;
}

/** Walk-ins (当日参加) at a held session: not counted against capacity. Returns their registration ids. */
function addWalkIns(gen: Generation, session: Session, applicants: Applicant[], opts: FillOptions): string[] {
  const { rng, ids, rows, organizationId, receipt, pool } = gen;
  const start = session.startsAt;
  const walkIns: string[] = [];
  if (!opts.walkIns) return walkIns;
  const count = rng.weighted([
    [0, 0.6],
    [1, 0.3],
    [2, 0.1],
  ] as const);
  const taken = new Set(applicants.map((a) => a.person).filter((p): p is Person => p !== null));
  for (const person of drawPeople(rng, pool, count, taken)) {
    const id = ids.uuid();
    const at = addMinutes(start, -rng.int(5, 15));
    rows.registrations.push({
      id,
      organizationId,
      sessionId: session.id,
      receiptNumber: receipt(),
      channel: "walk_in",
      status: "confirmed",
      userId: null,
      ...person,
      consentAt: at,
      createdBy: opts.marker,
      createdAt: at,
      cancelledAt: null,
    });
    walkIns.push(id);
  }
  return walkIns;
}

/** One attendance mark (by roster, or a self check-in); true when it counts as attended. */
function markAttendance(gen: Generation, session: Session, registrationId: string, status: AttStatus, walkIn: boolean, opts: FillOptions): boolean {
  const { rng, rows, organizationId } = gen;
  const start = session.startsAt;
  const end = session.endsAt;
  const self = !walkIn && (status === "present" || status === "late") && rng.chance(opts.audience === "staff" ? 0.5 : 0.2);
  const markedAt =
    status === "absent" || status === "excused"
      ? end
      : status === "late"
        ? addMinutes(start, rng.int(10, 30))
        : status === "left_early"
          ? addMinutes(start, rng.int(45, 90))
          : addMinutes(start, -rng.int(0, 15));
  const note =
    status === "left_early"
      ? rng.pick(["通院のため途中退出", "体調不良のため途中退出", "家族の送迎のため途中退出"])
      : status === "excused"
        ? rng.pick(["窓口対応のため公欠", "災害対応のため公欠", "出張のため公欠"])
        : status === "late" && rng.chance(0.4)
          ? rng.pick(opts.audience === "staff" ? ["会議が長引いたため", "窓口対応のため"] : ["バスの遅れ", "会場の場所が分かりにくかったため"])
          : null;
  rows.attendance.push({
    registrationId,
    organizationId,
    sessionId: session.id,
    status,
    method: self ? "self" : "roster",
    note,
    markedAt,
    markedBy: self ? null : opts.marker,
  });
  return countsAsAttended(status);
}

/** Registrations for one session from its applicants; attendance and surveys when it has been held. */
export function fillSession(gen: Generation, session: Session, day: number, applicants: Applicant[], opts: FillOptions): void {
  const { rng } = gen;
  const present = registerApplicants(gen, session, day, applicants, opts);
  if (session.status !== "held") return;
  const walkIns = addWalkIns(gen, session, applicants, opts);

  let attended = 0;
  for (const id of present) {
    const status =
      opts.audience === "staff"
        ? rng.weighted<AttStatus>([
            ["present", 0.85],
            ["late", 0.04],
            ["excused", 0.06],
            ["absent", 0.05],
          ])
        : rng.weighted<AttStatus>([
            ["present", 0.8],
            ["late", 0.06],
            ["left_early", 0.04],
            ["absent", 0.1],
          ]);
    if (markAttendance(gen, session, id, status, false, opts)) attended++;
  }
  for (const id of walkIns) if (markAttendance(gen, session, id, "present", true, opts)) attended++;

  const answered = Math.round(attended * rng.between(0.6, 0.8));
  for (let i = 0; i < answered; i++) addSurvey(gen, session.id, session.endsAt, day, opts.audience, opts.category, opts.marker);
}
