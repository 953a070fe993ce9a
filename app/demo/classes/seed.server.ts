import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../../../db/client";
import {
  attendance,
  classSeries,
  classSessionInstructors,
  classSessions,
  courses,
  jobRanks,
  organizations,
  registrations,
  surveys,
  users,
  venues,
} from "../../../db/schema";
import { buildOrgRows } from "./generate";
import { PLANS } from "./plans";

/**
 * Demo classes (教室) for the demo organizations: venues, residents' smartphone classes in the formats the two plans
 * describe, and staff trainings, over about ten months before `today` and three months after it.
 *
 * - 阿見町 (DX推進計画, 基本方針1-③): plan-ami.ts. 小美玉市 (実施計画 No.32, No.33): plan-omitama.ts. What a plan holds:
 *   plan.ts; the calendar of open days: calendar.ts.
 * - Generated (generate.ts: schedule.ts, then sessions.ts and surveys.ts) without touching the database, then written
 *   here.
 *
 * Deterministic for a given `today`: everything, identifiers and receipt numbers included, comes from the seeded
 * generator of app/kernel/random.ts (mulberry32) — except the sessions' check-in secrets, random on purpose.
 * Idempotent: an organization that already has a class series is skipped. Each organization is written in one
 * transaction with multi-row inserts.
 */

export interface DemoClassesSummary {
  series: number;
  sessions: number;
  registrations: number;
  attendance: number;
  surveys: number;
}

const CHUNK = 500;

async function insertInChunks<T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await insert(rows.slice(i, i + CHUNK));
}

/**
 * Seeds demo venues, classes, registrations, attendance and surveys for the demo organizations (阿見町, 小美玉市) that
 * exist and have no class series yet. `today` decides what is past (held) and what is upcoming (scheduled).
 */
export async function seedDemoClasses(db: Db, today: Date = new Date()): Promise<DemoClassesSummary> {
  const summary: DemoClassesSummary = { series: 0, sessions: 0, registrations: 0, attendance: 0, surveys: 0 };
  const orgs = await db
    .select({ id: organizations.id, slug: organizations.slug })
    .from(organizations)
    .where(
      inArray(
        organizations.slug,
        PLANS.map((p) => p.slug),
      ),
    );
  const courseSlugs = ["smartphone-basics", ...new Set(PLANS.flatMap((p) => p.trainings.map((t) => t.courseSlug)))];
  const courseRows = await db.select({ id: courses.id, slug: courses.slug }).from(courses).where(inArray(courses.slug, courseSlugs));
  const courseIds = new Map(courseRows.map((c) => [c.slug, c.id]));

  for (const plan of PLANS) {
    const org = orgs.find((o) => o.slug === plan.slug);
    if (!org) continue;
    await db.transaction(async (tx) => {
      // Lock the organization so that two seeds at once cannot both find it without classes.
      await tx.select({ id: organizations.id }).from(organizations).where(eq(organizations.id, org.id)).for("update");
      const [existing] = await tx
        .select({ n: sql<number>`count(*)::int` })
        .from(classSeries)
        .where(eq(classSeries.organizationId, org.id));
      if ((existing?.n ?? 0) > 0) return;

      await tx
        .insert(venues)
        .values(
          plan.venues.map((v) => ({
            organizationId: org.id,
            name: v.name,
            address: v.address,
            capacity: v.capacity,
            accessibilityNotes: v.accessibilityNotes,
          })),
        )
        .onConflictDoNothing();
      const venueRows = await tx
        .select({ id: venues.id, name: venues.name, capacity: venues.capacity })
        .from(venues)
        .where(
          and(
            eq(venues.organizationId, org.id),
            inArray(
              venues.name,
              plan.venues.map((v) => v.name),
            ),
          ),
        );
      const venueIds = new Map<string, { id: string; capacity: number }>();
      for (const v of plan.venues) {
        const row = venueRows.find((r) => r.name === v.name);
        if (row) venueIds.set(v.key, { id: row.id, capacity: row.capacity });
      }

      const staffRows = await tx
        .select({ id: users.id, staffNumber: users.staffNumber, rank: jobRanks.name })
        .from(users)
        .leftJoin(jobRanks, eq(jobRanks.id, users.jobRankId))
        .where(and(eq(users.organizationId, org.id), eq(users.active, true)));
      const staff = staffRows.sort((a, b) => a.staffNumber.localeCompare(b.staffNumber, "en", { numeric: true }));

      const rows = buildOrgRows(plan, {
        organizationId: org.id,
        today,
        venueIds,
        staff,
        instructorId: staff.find((s) => s.staffNumber === "1004")?.id ?? null,
        hrId: staff.find((s) => s.staffNumber === "1001")?.id ?? null,
        courseIds,
      });

      await insertInChunks(rows.series, (c) => tx.insert(classSeries).values(c));
      await insertInChunks(rows.sessions, (c) => tx.insert(classSessions).values(c));
      await insertInChunks(rows.instructors, (c) => tx.insert(classSessionInstructors).values(c));
      await insertInChunks(rows.registrations, (c) => tx.insert(registrations).values(c));
      await insertInChunks(rows.attendance, (c) => tx.insert(attendance).values(c));
      await insertInChunks(rows.surveys, (c) => tx.insert(surveys).values(c));

      summary.series += rows.series.length;
      summary.sessions += rows.sessions.length;
      summary.registrations += rows.registrations.length;
      summary.attendance += rows.attendance.length;
      summary.surveys += rows.surveys.length;
    });
  }
  return summary;
}
