/**
 * The demo classes of one organization, generated from its plan: pure (no database access), and the same rows for the
 * same plan, context and `today` — identifiers and receipt numbers included, from seeded generators (the check-in
 * secrets excepted, on purpose). Stages: the calendar of residents' series (schedule.ts), then sessions with who
 * signed up and who came (sessions.ts), then the staff trainings of each fiscal year.
 */
import { dayInstant, dayNumber, fiscalYearOfDay, jstDay } from "~/kernel/days";
import { Rng } from "~/kernel/random";
import { addMinutes, maxDate, minDate, nthWeekday, reiwa } from "./calendar";
import type { Applicant, Generation, OrgContext, OrgRows, PlannedSeries } from "./model";
import type { OrgPlan, StaffTrainingSpec } from "./plan";
import { drawPeople, residentPool } from "./residents";
import { planExceptions, planResidentSeries } from "./schedule";
import { fillSession, newSession } from "./sessions";

const RECEIPT_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

/** 受付番号 (XXXX-XXXX, the app's alphabet) from `rng`, never one it gave before. */
function receiptNumbers(rng: Rng): () => string {
  const receipts = new Set<string>();
  return () => {
    for (;;) {
      let s = "";
      for (let i = 0; i < 8; i++) s += RECEIPT_ALPHABET[Math.floor(rng.float() * RECEIPT_ALPHABET.length)];
      const r = `${s.slice(0, 4)}-${s.slice(4)}`;
      if (!receipts.has(r)) {
        receipts.add(r);
        return r;
      }
    }
  };
}

/** A residents' series with its sessions; the same applicants sign up for each of them (the series is one course). */
function residentSeriesRows(gen: Generation, p: PlannedSeries, full: boolean): void {
  const { rng, ids, rows, ctx, organizationId, today, todayDay, pool } = gen;
  const t = p.template;
  const venue = p.venueKey ? ctx.venueIds.get(p.venueKey) : undefined;
  const capacity = Math.min(venue?.capacity ?? Infinity, rng.int(t.capacity[0], t.capacity[1]));
  const firstDay = p.sessions[0]!.day;
  const firstStart = dayInstant(firstDay, p.sessions[0]!.slot.start);
  const createdAt = minDate(dayInstant(firstDay - 42, 9 * 60 + 30), dayInstant(todayDay - 10, 9 * 60 + 30));
  const seriesId = ids.uuid();
  rows.series.push({
    id: seriesId,
    organizationId,
    title: p.title,
    description: t.description,
    courseId: ctx.courseIds.get("smartphone-basics") ?? null,
    category: "smartphone",
    audience: "residents",
    organizerType: t.organizerType,
    organizerName: t.organizerName,
    format: t.format,
    createdAt,
  });

  // Who applies: the whole series is one course, so the same people sign up for each of its sessions.
  const daysAhead = firstDay - todayDay;
  const demand = full
    ? capacity + 3
    : daysAhead <= 0
      ? Math.round(capacity * rng.between(0.65, 1.12))
      : Math.round(capacity * (daysAhead <= 14 ? rng.between(0.75, 1) : daysAhead <= 45 ? rng.between(0.4, 0.75) : rng.between(0.1, 0.4)));
  const hi = minDate(addMinutes(firstStart, -60), addMinutes(today, -5));
  const monthBefore = maxDate(createdAt, addMinutes(firstStart, -30 * 24 * 60));
  const lo = monthBefore.getTime() < hi.getTime() ? monthBefore : createdAt;
  const span = Math.max(0, hi.getTime() - lo.getTime());
  const applicants: Applicant[] = drawPeople(rng, pool, demand)
    .map((person) => {
      const online = person.ageBand === "under60" || person.ageBand === "60s" ? rng.chance(0.6) : rng.chance(0.2);
      return {
        person,
        userId: null,
        channel: online ? ("online" as const) : ("phone" as const),
        createdAt: new Date(lo.getTime() + Math.floor(span * rng.float())),
        createdBy: online ? null : ctx.instructorId,
      };
    })
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());

  for (const s of p.sessions) {
    const session = newSession(gen, seriesId, s, capacity, venue?.id ?? null, t.externalInstructors, createdAt);
    if (t.staffInstructor && ctx.instructorId) rows.instructors.push({ sessionId: session.id, userId: ctx.instructorId });
    fillSession(gen, session, s.day, applicants, {
      cancelRate: full ? 0 : 0.06,
      audience: "residents",
      category: "smartphone",
      marker: ctx.instructorId,
      walkIns: t.format !== "outreach" || rng.chance(0.5),
    });
  }
}

const JUNIOR_RANKS = ["主事", "技師", "会計年度任用職員"];
const CHIEF_RANKS = ["係長", "課長補佐"];

/** Who is registered for a staff training session: half of the staff, a group by rank, or volunteers. */
function trainees(gen: Generation, who: StaffTrainingSpec["sessions"][number]["who"]) {
  const { rng } = gen;
  const staff = gen.ctx.staff;
  return who === "half-0" || who === "half-1"
    ? staff.filter((_, i) => i % 2 === (who === "half-0" ? 0 : 1))
    : who === "junior"
      ? rng.shuffle(staff.filter((m) => m.rank && JUNIOR_RANKS.includes(m.rank))).slice(0, 12)
      : who === "chiefs"
        ? staff.filter((m) => m.rank && (CHIEF_RANKS.includes(m.rank) || m.rank === "主任"))
        : rng.shuffle(staff).slice(0, rng.int(10, 14));
}

/** Staff trainings, per fiscal year in the window: one series a year each, its sessions on their nth weekdays. */
function staffTrainingRows(gen: Generation): void {
  const { plan, rng, ids, rows, ctx, organizationId, today, windowStart, windowEnd } = gen;
  for (let fy = fiscalYearOfDay(windowStart); fy <= fiscalYearOfDay(windowEnd); fy++) {
    for (const spec of plan.trainings) {
      const dated = spec.sessions
        .map((s, i) => ({ ...s, number: i + 1, day: nthWeekday(s.month >= 4 ? fy : fy + 1, s.month, s.dow, s.nth) }))
        .filter((s) => s.day >= windowStart && s.day <= windowEnd);
      if (dated.length === 0) continue;
      const venue = ctx.venueIds.get(plan.trainingVenue);
      const capacity = Math.min(venue?.capacity ?? Infinity, spec.capacity);
      const seriesCreatedAt = minDate(dayInstant(dayNumber(fy, 4, 1) - 20, 10 * 60), addMinutes(today, -120));
      const seriesId = ids.uuid();
      rows.series.push({
        id: seriesId,
        organizationId,
        title: `${spec.title}（令和${reiwa(fy)}年度）`,
        description: spec.description,
        courseId: ctx.courseIds.get(spec.courseSlug) ?? null,
        category: spec.category,
        audience: "staff",
        organizerType: "municipal",
        organizerName: null,
        format: "in_person",
        createdAt: seriesCreatedAt,
      });
      for (const s of dated) {
        const session = newSession(
          gen,
          seriesId,
          { number: s.number, day: s.day, slot: spec.slot, cancelReason: null },
          capacity,
          venue?.id ?? null,
          spec.externalInstructors,
          seriesCreatedAt,
        );
        const who = trainees(gen, s.who);
        const start = session.startsAt;
        const bulkAt = minDate(dayInstant(s.day - 28, 10 * 60), addMinutes(today, -60));
        const applicants: Applicant[] = who.slice(0, capacity).map((m, i) => {
          const self = spec.channel === "staff";
          const until = minDate(addMinutes(start, -24 * 60), addMinutes(today, -5));
          const weeksBefore = maxDate(seriesCreatedAt, addMinutes(start, -40 * 24 * 60));
          const from = weeksBefore.getTime() < until.getTime() ? weeksBefore : seriesCreatedAt;
          const createdAt = self
            ? new Date(from.getTime() + Math.floor(Math.max(0, until.getTime() - from.getTime()) * rng.float()))
            : new Date(bulkAt.getTime() + i * 1000);
          return { person: null, userId: m.id, channel: spec.channel, createdAt, createdBy: self ? m.id : ctx.hrId };
        });
        applicants.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
        fillSession(gen, session, s.day, applicants, {
          cancelRate: spec.channel === "staff" ? 0.05 : 0,
          audience: "staff",
          category: spec.category,
          marker: ctx.hrId,
          walkIns: false,
        });
      }
    }
  }
}

/** Every demo-class row of one organization. */
export function buildOrgRows(plan: OrgPlan, ctx: OrgContext): OrgRows {
  const rng = new Rng(`manabiya-demo-classes:${plan.slug}`);
  const ids = new Rng(`manabiya-demo-classes-ids:${plan.slug}`);
  const rows: OrgRows = { series: [], sessions: [], instructors: [], registrations: [], attendance: [], surveys: [] };
  const todayDay = jstDay(ctx.today);
  const receipt = receiptNumbers(rng);
  const pool = residentPool(rng, plan, 170);
  const gen: Generation = {
    plan,
    ctx,
    rng,
    ids,
    rows,
    organizationId: ctx.organizationId,
    today: ctx.today,
    todayDay,
    windowStart: todayDay - 300,
    windowEnd: todayDay + 91,
    receipt,
    pool,
  };

  const planned = planResidentSeries(gen);
  const fullSeries = planExceptions(gen, planned);
  for (const p of planned) residentSeriesRows(gen, p, p === fullSeries);
  staffTrainingRows(gen);
  return rows;
}
