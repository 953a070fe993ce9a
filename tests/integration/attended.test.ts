import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSeries } from "~/classes/admin.server";
import { ATTENDANCE_STATUSES, ATTENDED_STATUSES, countsAsAttended, type AttendanceStatus } from "~/classes/constants";
import { markAttendance, register, sessionCounts } from "~/classes/registration.server";
import { seriesStats } from "~/classes/stats.server";
import { fiscalYearOf } from "~/kernel/dates";
import { actualsByYear, recountActualsByYear } from "~/kpis/kpis.server";
import { queryRows } from "../../db/client";
import { attendance, type KpiSource } from "../../db/schema";
import { createAppDatabase, userId } from "../support/app";
import type { TestDatabase } from "../support/database";

/**
 * Issue #19: what counts as attending a class is defined once for TypeScript (ATTENDED_STATUSES, countsAsAttended)
 * and once for SQL (the function attended(status), migration 0013, which the class figures' triggers call). They must
 * agree for every attendance status, and every count built on them must count the same marks.
 */
let database: TestDatabase;
let ami = "";
let staffId = "";
const STATUSES = attendance.status.enumValues;
const CATEGORY = "attended-rule-test";

beforeAll(async () => {
  database = await createAppDatabase();
  const u = await userId(database, "ami", "1002");
  ami = u.organizationId;
  staffId = u.id;
});
afterAll(async () => {
  await database.dispose();
});

describe("one definition of attended (issue #19)", () => {
  it("is the same in the SQL function and in TypeScript for every attendance status", async () => {
    expect([...STATUSES].sort()).toEqual(Object.keys(ATTENDANCE_STATUSES).sort());
    expect(ATTENDED_STATUSES.length).toBeGreaterThan(0);
    expect(ATTENDED_STATUSES.length).toBeLessThan(STATUSES.length);
    const values = sql.join(
      STATUSES.map((s) => sql`(${s}::text)`),
      sql`, `,
    );
    const rows = await queryRows<{ status: string; attended: boolean }>(
      database.db,
      sql`select v.status, attended(v.status) as attended from (values ${values}) v(status)`,
    );
    expect(rows).toHaveLength(STATUSES.length);
    for (const r of rows) expect({ status: r.status, attended: r.attended }).toEqual({ status: r.status, attended: countsAsAttended(r.status) });
    // Outside the enum: neither counts a missing mark or an unknown status.
    const [other] = await queryRows<{ none: boolean; unknown: boolean }>(
      database.db,
      sql`select coalesce(attended(null), false) as none, attended('no_such_status') as unknown`,
    );
    expect(other).toEqual({ none: false, unknown: false });
    expect([countsAsAttended(null), countsAsAttended(undefined), countsAsAttended("no_such_status")]).toEqual([false, false, false]);
  });

  it("is written out in SQL only in attended(), which the planner inlines", async () => {
    const spelled = await queryRows<{ name: string; volatility: string }>(
      database.db,
      sql`select p.proname as name, p.provolatile as volatility from pg_proc p join pg_namespace n on n.oid = p.pronamespace
        where n.nspname = current_schema() and p.prosrc like '%left_early%' order by 1`,
    );
    expect(spelled).toEqual([{ name: "attended", volatility: "i" }]);
    const plan = (await queryRows<{ "QUERY PLAN": string }>(database.db, sql`explain select count(*) from attendance a where attended(a.status)`))
      .map((r) => r["QUERY PLAN"])
      .join("\n");
    expect(plan).not.toMatch(/attended\(/);
    expect(plan).toMatch(/status = ANY/);
  });

  it("counts the same marks in the triggers' year figures, the recount, and the class views", async () => {
    const at = new Date(Date.now() + 3_600_000);
    const created = await createSeries(
      database.db,
      { organizationId: ami, actorUserId: staffId, ip: null },
      {
        title: "出席の定義テスト教室",
        description: "",
        audience: "residents",
        category: CATEGORY,
        organizerType: "municipal",
        organizerName: null,
        format: "in_person",
        courseSlug: null,
        venueId: null,
        capacity: 100,
        sessions: [{ startsAt: at, endsAt: new Date(at.getTime() + 7_200_000) }],
        instructorUserIds: [],
        externalInstructors: [],
      },
    );
    if (!created.ok) throw new Error(created.error);
    const sessionId = created.sessionIds[0]!;
    const regs: string[] = [];
    for (const [i] of STATUSES.entries()) {
      const r = await register(database.db, {
        organizationId: ami,
        sessionId,
        channel: "online",
        consent: true,
        person: { name: `出席　${i}`, nameKana: `しゅっせき　${i}`, phone: `029-111-${String(i).padStart(4, "0")}`, ageBand: "70s", district: null, needs: [] },
      });
      if (!r.ok) throw new Error(r.error);
      regs.push(r.registrationId);
    }
    const fy = fiscalYearOf(at);
    const figure = async (metric: "total_attendances" | "unique_participants") => {
      const source: KpiSource = { kind: "records", metric, filters: { category: CATEGORY } };
      const [stored, recount] = await Promise.all([
        actualsByYear(database.db, ami, "", source, fy, fy),
        recountActualsByYear(database.db, ami, "", source, fy, fy),
      ]);
      return { stored: stored.get(fy) ?? 0, recount: recount.get(fy) ?? 0 };
    };
    const expectCounts = async (marks: AttendanceStatus[]) => {
      const n = marks.filter(countsAsAttended).length;
      expect(await figure("total_attendances")).toEqual({ stored: n, recount: n });
      expect(await figure("unique_participants")).toEqual({ stored: n, recount: n });
      expect((await sessionCounts(database.db, ami, sessionId)).attended).toBe(n);
      expect((await seriesStats(database.db, ami, created.seriesId)).totals.attended).toBe(n);
    };

    // One registration marked with each status (inserts through the triggers).
    for (const [i, status] of STATUSES.entries())
      await markAttendance(database.db, { organizationId: ami, registrationId: regs[i]!, status, markedBy: staffId });
    await expectCounts([...STATUSES]);
    // Every registration changed to each status in turn (updates through the triggers).
    for (const status of STATUSES) {
      for (const id of regs) await markAttendance(database.db, { organizationId: ami, registrationId: id, status, markedBy: staffId });
      await expectCounts(regs.map(() => status));
    }
  });
});
