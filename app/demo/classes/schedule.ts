/** Stage 1 of the demo classes: when and where each residents' class series takes place. No rows yet. */
import { dayParts, fiscalYearOfDay } from "~/kernel/days";
import { isClosed, nextOpenDay, season } from "./calendar";
import type { Generation, PlannedSeries } from "./model";
import { TOPICS, type ResidentTemplate, type Slot } from "./plan";

/**
 * The days and time slot of a series whose first session is on or after `from` (trying up to three weeks later), that
 * neither double-books its venue nor the demo instructor; marks them taken. Null when every try clashes.
 */
function findPlace(
  template: ResidentTemplate,
  from: number,
  venueKey: string | null,
  slots: Slot[],
  occupied: Set<string>,
): { days: number[]; slot: Slot } | null {
  for (let attempt = 0; attempt < 21; attempt++) {
    const first = nextOpenDay(from + attempt, template.weekdays);
    const days = [first];
    while (days.length < template.sessions) {
      let d = days[days.length - 1]! + 7;
      while (isClosed(d)) d += 7;
      days.push(d);
    }
    for (const slot of slots) {
      const keys = days.flatMap((d) => [
        ...(venueKey ? [`${d}|${slot.start}|${venueKey}`] : []),
        ...(template.staffInstructor ? [`${d}|${slot.start}|instructor`] : []),
      ]);
      if (keys.every((k) => !occupied.has(k))) {
        keys.forEach((k) => occupied.add(k));
        return { days, slot };
      }
    }
  }
  return null;
}

/**
 * Residents' classes: places series along the calendar at the plan's yearly rate, without double-booking a venue slot
 * or the demo instructor. In calendar order.
 */
export function planResidentSeries(gen: Generation): PlannedSeries[] {
  const { plan, rng, windowStart, windowEnd } = gen;
  const occupied = new Set<string>();
  const planned: PlannedSeries[] = [];
  // Courses (全4回) and single sessions are planned as two streams, each with its share of the yearly sessions, so that
  // they interleave on the calendar.
  const expected = (ts: ResidentTemplate[]) => ts.reduce((sum, t) => sum + t.weight * t.sessions, 0);
  const streams = [plan.templates.filter((t) => t.sessions > 1), plan.templates.filter((t) => t.sessions === 1)].filter((g) => g.length > 0);
  for (const group of streams) {
    const share = expected(group) / expected(plan.templates);
    let cursor = windowStart + rng.int(0, 10);
    const credit = group.map(() => rng.float());
    while (cursor < windowEnd) {
      // Smooth weighted round-robin: the mix follows the weights closely and every format gets its turn.
      group.forEach((t, i) => (credit[i]! += t.weight));
      const turn = credit.indexOf(Math.max(...credit));
      credit[turn]! -= group.reduce((sum, t) => sum + t.weight, 0);
      const template = group[turn]!;
      const venueKey = template.venues.length > 0 ? rng.pick(template.venues) : null;
      const slots = rng.shuffle(template.slots);
      const placed = findPlace(template, cursor, venueKey, slots, occupied);
      const interval = 365 / (plan.sessionsPerYear(fiscalYearOfDay(cursor)) * share);
      cursor += Math.max(1, Math.round(template.sessions * interval * rng.between(0.75, 1.25)));
      if (!placed) continue;
      const firstDay = placed.days[0]!;
      const { m } = dayParts(firstDay);
      const venueName = venueKey ? (plan.venues.find((v) => v.key === venueKey)?.name ?? "") : "";
      const title = template.title({
        fy: fiscalYearOfDay(firstDay),
        season: season(m),
        venue: venueName,
        topic: rng.pick(TOPICS),
        place: template.places ? rng.pick(template.places) : "",
      });
      planned.push({
        template,
        venueKey,
        title,
        sessions: placed.days.map((day, i) => ({ number: i + 1, day, slot: placed.slot, cancelReason: null })),
      });
    }
  }
  planned.sort((a, b) => a.sessions[0]!.day - b.sessions[0]!.day || a.sessions[0]!.slot.start - b.sessions[0]!.slot.start);
  return planned;
}

/**
 * One past single session called off (a typhoon in late summer if there was one), and one upcoming single session that
 * is to be full with a short waitlist: returns that one.
 */
export function planExceptions(gen: Generation, planned: PlannedSeries[]): PlannedSeries | null {
  const { rng, todayDay } = gen;
  const pastSingles = planned.filter((p) => p.sessions.length === 1 && p.sessions[0]!.day < todayDay - 7);
  const stormy = pastSingles.filter((p) => [8, 9, 10].includes(dayParts(p.sessions[0]!.day).m));
  const calledOff = stormy.length > 0 ? rng.pick(stormy) : pastSingles.length > 0 ? rng.pick(pastSingles) : null;
  if (calledOff) calledOff.sessions[0]!.cancelReason = stormy.length > 0 ? "台風接近のため中止" : "講師の急病のため中止";
  return planned.find((p) => p.sessions.length === 1 && p.sessions[0]!.day > todayDay + 2) ?? null;
}
