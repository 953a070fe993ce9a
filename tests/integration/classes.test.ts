import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkinCode, newCheckinSecret } from "~/classes/checkin.server";
import { cancelRegistration, markAttendance, register, selfCheckIn, sessionCounts, setSessionClosed, type PersonInput } from "~/classes/registration.server";
import { attendance, classSeries, classSessions, departments, registrations, users, venues } from "../../db/schema";
import { callAction, callLoader, createAppDatabase, routeArgs, userId } from "../support/app";
import type { TestDatabase } from "../support/database";

let database: TestDatabase;
let ami = "";
let omitama = "";
let instructor = "";
let seriesId = "";

const person = (i: number): PersonInput => ({
  name: `参加　${i}`,
  nameKana: `さんか　${i}`,
  phone: i % 3 === 0 ? null : `029-000-${String(i).padStart(4, "0")}`,
  ageBand: (["60s", "70s", "80plus", "under60"] as const)[i % 4]!,
  district: ["本郷", "荒川沖", "若栗"][i % 3]!,
  needs: i % 5 === 0 ? ["hearing_aid"] : [],
});

async function newSession(capacity: number, startsInMinutes = 24 * 60) {
  const startsAt = new Date(Date.now() + startsInMinutes * 60_000);
  const [row] = await database.db
    .insert(classSessions)
    .values({
      organizationId: ami,
      seriesId,
      number: Math.floor(Math.random() * 1e9),
      startsAt,
      endsAt: new Date(startsAt.getTime() + 2 * 3_600_000),
      capacity,
      checkinSecret: newCheckinSecret(),
    })
    .returning();
  return row!;
}

beforeAll(async () => {
  database = await createAppDatabase();
  ami = (await userId(database, "ami", "1004")).organizationId;
  omitama = (await userId(database, "omitama", "1004")).organizationId;
  instructor = (await userId(database, "ami", "1004")).id;
  const [venue] = await database.db.insert(venues).values({ organizationId: ami, name: "テスト会場", address: "阿見町中央", capacity: 30 }).returning();
  const [series] = await database.db
    .insert(classSeries)
    .values({
      organizationId: ami,
      title: "はじめてのスマホ教室",
      category: "smartphone",
      audience: "residents",
      organizerType: "municipal",
      format: "in_person",
    })
    .returning();
  seriesId = series!.id;
  expect(venue).toBeDefined();
});
afterAll(async () => {
  await database.dispose();
});

describe("registration", () => {
  it("100 simultaneous registrations for 20 places: exactly 20 confirmed, 80 waitlisted in order", async () => {
    const session = await newSession(20);
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        register(database.db, { organizationId: ami, sessionId: session.id, channel: "online", person: person(i), consent: true }),
      ),
    );
    expect(results.every((r) => r.ok)).toBe(true);
    const ok = results.filter((r): r is Extract<typeof r, { ok: true }> => r.ok);
    expect(ok.filter((r) => r.status === "confirmed")).toHaveLength(20);
    const waitlisted = ok.filter((r) => r.status === "waitlisted");
    expect(waitlisted).toHaveLength(80);
    expect(waitlisted.map((r) => r.waitlistPosition).sort((a, b) => a! - b!)).toEqual(Array.from({ length: 80 }, (_, i) => i + 1));
    expect(new Set(ok.map((r) => r.receiptNumber)).size).toBe(100);
    const counts = await sessionCounts(database.db, ami, session.id);
    expect(counts).toMatchObject({ registered: 20, waitlisted: 80, cancelled: 0 });
  });

  it("a cancellation promotes the first on the waitlist; cancelling twice is harmless", async () => {
    const session = await newSession(2);
    const r = [];
    for (let i = 0; i < 4; i++)
      r.push(
        await register(database.db, {
          organizationId: ami,
          sessionId: session.id,
          channel: i === 3 ? "phone" : "online",
          person: person(i),
          consent: true,
          createdBy: i === 3 ? instructor : null,
        }),
      );
    const receipts = r.map((x) => (x.ok ? x.receiptNumber : ""));
    expect(r.map((x) => x.ok && x.status)).toEqual(["confirmed", "confirmed", "waitlisted", "waitlisted"]);
    const cancel = await cancelRegistration(database.db, { organizationId: ami, receiptNumber: receipts[0]!.toLowerCase() });
    expect(cancel).toEqual({ ok: true, promotedReceipt: receipts[2] });
    expect(await cancelRegistration(database.db, { organizationId: ami, receiptNumber: receipts[0]! })).toEqual({ ok: true, promotedReceipt: null });
    // Cancelling a waitlisted place promotes nobody.
    expect(await cancelRegistration(database.db, { organizationId: ami, receiptNumber: receipts[3]! })).toEqual({ ok: true, promotedReceipt: null });
    expect(await sessionCounts(database.db, ami, session.id)).toMatchObject({ registered: 2, waitlisted: 0, cancelled: 2 });
    // Another organization cannot cancel by guessing a receipt number.
    expect(await cancelRegistration(database.db, { organizationId: omitama, receiptNumber: receipts[1]! })).toMatchObject({ ok: false });
  });

  it("refuses without consent, after the start, and for cancelled sessions", async () => {
    const session = await newSession(10);
    expect(await register(database.db, { organizationId: ami, sessionId: session.id, channel: "online", person: person(1), consent: false })).toMatchObject({
      ok: false,
      error: expect.stringContaining("同意"),
    });
    const started = await newSession(10, -5);
    expect(await register(database.db, { organizationId: ami, sessionId: started.id, channel: "online", person: person(1), consent: true })).toMatchObject({
      ok: false,
      error: expect.stringContaining("始まって"),
    });
    await database.db.update(classSessions).set({ status: "cancelled", cancelReason: "台風のため" }).where(eq(classSessions.id, session.id));
    expect(await register(database.db, { organizationId: ami, sessionId: session.id, channel: "online", person: person(2), consent: true })).toMatchObject({
      ok: false,
    });
    expect(await register(database.db, { organizationId: omitama, sessionId: started.id, channel: "online", person: person(3), consent: true })).toMatchObject({
      ok: false,
      error: "教室が見つかりません。",
    });
  });

  it("a staff member registering twice keeps one place", async () => {
    const session = await newSession(10);
    const staff = (await userId(database, "ami", "1005")).id;
    const first = await register(database.db, { organizationId: ami, sessionId: session.id, channel: "staff", userId: staff, consent: false });
    const again = await register(database.db, { organizationId: ami, sessionId: session.id, channel: "staff", userId: staff, consent: false });
    expect(again).toEqual(first);
    expect((await sessionCounts(database.db, ami, session.id)).registered).toBe(1);
  });
});

describe("attendance", () => {
  it("200 simultaneous self check-ins (with repeats) count every person exactly once", async () => {
    const session = await newSession(150, 10); // starts in 10 minutes: check-in is open
    const regs = [];
    for (let i = 0; i < 150; i++) {
      const r = await register(database.db, { organizationId: ami, sessionId: session.id, channel: "online", person: person(i), consent: true });
      if (!r.ok) throw new Error(r.error);
      regs.push(r.receiptNumber);
    }
    const now = new Date();
    const code = checkinCode(session.checkinSecret, now);
    // 150 people, 50 of whom tap twice (two devices or a retry).
    const taps = [...regs, ...regs.slice(0, 50)].map((receiptNumber) =>
      selfCheckIn(database.db, { organizationId: ami, sessionId: session.id, code, receiptNumber, now }),
    );
    const results = await Promise.all(taps);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(results.filter((r) => r.ok && !r.already)).toHaveLength(150);
    const [marks] = await database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(attendance)
      .where(eq(attendance.sessionId, session.id));
    expect(marks!.n).toBe(150);
    expect(await sessionCounts(database.db, ami, session.id)).toMatchObject({ registered: 150, attended: 150, noShows: 0 });
  });

  it("refuses an old code, a wrong code and a session outside its window", async () => {
    const session = await newSession(5, 10);
    const r = await register(database.db, { organizationId: ami, sessionId: session.id, channel: "online", person: person(7), consent: true });
    if (!r.ok) throw new Error(r.error);
    const now = new Date();
    const stale = checkinCode(session.checkinSecret, new Date(now.getTime() - 120_000));
    const valid = [checkinCode(session.checkinSecret, now), checkinCode(session.checkinSecret, new Date(now.getTime() - 30_000))];
    if (!valid.includes(stale)) {
      expect(await selfCheckIn(database.db, { organizationId: ami, sessionId: session.id, code: stale, receiptNumber: r.receiptNumber, now })).toMatchObject({
        ok: false,
        error: expect.stringContaining("番号が違います"),
      });
    }
    const tomorrow = await newSession(5, 24 * 60);
    expect(
      await selfCheckIn(database.db, {
        organizationId: ami,
        sessionId: tomorrow.id,
        code: checkinCode(tomorrow.checkinSecret, now),
        receiptNumber: r.receiptNumber,
        now,
      }),
    ).toMatchObject({ ok: false, error: expect.stringContaining("受付の時間ではありません") });
    expect(await selfCheckIn(database.db, { organizationId: ami, sessionId: session.id, code: valid[0]!, receiptNumber: "ZZZZ-ZZZZ", now })).toMatchObject({
      ok: false,
      error: expect.stringContaining("受付番号"),
    });
  });

  it("the check-in page marks a confirmed registration once, refuses a waitlisted one, and never sends the session's secret", async () => {
    const route = await import("~/routes/classes.$sessionId_.checkin");
    const session = await newSession(1, 10);
    const first = await register(database.db, { organizationId: ami, sessionId: session.id, channel: "online", person: person(21), consent: true });
    const waiting = await register(database.db, { organizationId: ami, sessionId: session.id, channel: "online", person: person(22), consent: true });
    if (!first.ok || !waiting.ok) throw new Error("registration failed");
    expect(waiting.status).toBe("waitlisted");
    const url = `/classes/${session.id}/checkin`;
    const params = { sessionId: session.id };
    const page = await callLoader(route.loader, url, { params });
    expect(page.status).toBe(200);
    expect(JSON.stringify(page.data)).not.toContain(session.checkinSecret);
    const tap = (receipt: string) => callAction(route.action, url, { code: checkinCode(session.checkinSecret, new Date()), receipt }, { params });
    const done = await tap(first.receiptNumber);
    expect(done).toMatchObject({ status: 200, data: { ok: true, message: "受付が済みました。ようこそ。どうぞお席へ。" } });
    expect(JSON.stringify(done.data)).not.toContain(session.checkinSecret);
    expect((await tap(first.receiptNumber.toLowerCase())).data).toMatchObject({ ok: true, message: expect.stringContaining("すでに") });
    expect(await tap(waiting.receiptNumber)).toMatchObject({ status: 400, data: { ok: false, message: expect.stringContaining("受付番号") } });
    const marks = await database.db.select().from(attendance).where(eq(attendance.sessionId, session.id));
    expect(marks.map((m) => m.registrationId)).toEqual([first.registrationId]);
  });

  it("roster marks, walk-ins, no-shows, and closing freezes the counts", async () => {
    const session = await newSession(10, 10);
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      const r = await register(database.db, { organizationId: ami, sessionId: session.id, channel: "online", person: person(i), consent: true });
      if (!r.ok) throw new Error(r.error);
      ids.push(r.registrationId);
    }
    const walkIn = await register(database.db, {
      organizationId: ami,
      sessionId: session.id,
      channel: "walk_in",
      person: person(9),
      consent: true,
      createdBy: instructor,
    });
    if (!walkIn.ok) throw new Error(walkIn.error);
    await markAttendance(database.db, { organizationId: ami, registrationId: ids[0]!, status: "present", markedBy: instructor });
    const twice = await markAttendance(database.db, { organizationId: ami, registrationId: ids[0]!, status: "late", markedBy: instructor });
    expect(twice).toEqual({ ok: true, already: true });
    await markAttendance(database.db, { organizationId: ami, registrationId: ids[1]!, status: "left_early", markedBy: instructor });
    await markAttendance(database.db, { organizationId: ami, registrationId: ids[2]!, status: "absent", markedBy: instructor });
    await markAttendance(database.db, { organizationId: ami, registrationId: walkIn.registrationId, status: "present", markedBy: instructor });
    const counts = await sessionCounts(database.db, ami, session.id);
    expect(counts).toMatchObject({ registered: 4, walkIns: 1, attended: 3, noShows: 2 });
    // Attended: person 0 (60代, late), person 1 (70代, left early) and the walk-in person 9 (70代).
    expect(counts.byAgeBand).toEqual({ "60s": 1, "70s": 2 });

    expect(await setSessionClosed(database.db, { organizationId: ami, sessionId: session.id, closed: true, actorUserId: instructor })).toBe(true);
    expect(await markAttendance(database.db, { organizationId: ami, registrationId: ids[3]!, status: "present", markedBy: instructor })).toMatchObject({
      ok: false,
      error: expect.stringContaining("締め切られて"),
    });
    const [row] = await database.db.select({ status: classSessions.status }).from(classSessions).where(eq(classSessions.id, session.id));
    expect(row?.status).toBe("held");
    expect(await setSessionClosed(database.db, { organizationId: omitama, sessionId: session.id, closed: false, actorUserId: instructor })).toBe(false);
    expect(await setSessionClosed(database.db, { organizationId: ami, sessionId: session.id, closed: false, actorUserId: instructor })).toBe(true);
    expect(await markAttendance(database.db, { organizationId: ami, registrationId: ids[3]!, status: "present", markedBy: instructor })).toEqual({
      ok: true,
      already: false,
    });
    const regs = await database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(registrations)
      .where(and(eq(registrations.sessionId, session.id)));
    expect(regs[0]!.n).toBe(5);
  });
});

describe("residents' personal data", () => {
  it("the retention job anonymizes only what is past the organization's period, and the counts stay the same", async () => {
    const { anonymizeExpiredRegistrations } = await import("~/classes/personal-data.server");
    const old = await newSession(10, 10);
    const recent = await newSession(10, 10);
    const ids: Record<string, string> = {};
    for (const [key, s] of [
      ["old", old],
      ["recent", recent],
    ] as const) {
      const r = await register(database.db, { organizationId: ami, sessionId: s.id, channel: "online", person: person(4), consent: true });
      if (!r.ok) throw new Error(r.error);
      ids[key] = r.registrationId;
      await markAttendance(database.db, { organizationId: ami, registrationId: r.registrationId, status: "present", markedBy: instructor });
    }
    const staff = (await userId(database, "ami", "1005")).id;
    await register(database.db, { organizationId: ami, sessionId: old.id, channel: "staff", userId: staff, consent: false });
    // The old session ended 400 days ago, the recent one 10 days ago; 阿見町 keeps data for 365 days.
    await database.db
      .update(classSessions)
      .set({ startsAt: sql`now() - interval '400 days 2 hours'`, endsAt: sql`now() - interval '400 days'` })
      .where(eq(classSessions.id, old.id));
    await database.db
      .update(classSessions)
      .set({ startsAt: sql`now() - interval '10 days 2 hours'`, endsAt: sql`now() - interval '10 days'` })
      .where(eq(classSessions.id, recent.id));
    const before = await sessionCounts(database.db, ami, old.id);

    expect(await anonymizeExpiredRegistrations(database.db)).toBeGreaterThanOrEqual(1);
    const [gone] = await database.db.select().from(registrations).where(eq(registrations.id, ids.old!));
    expect(gone).toMatchObject({ name: null, nameKana: null, phone: null, district: null, needs: [], ageBand: "60s" });
    expect(gone?.anonymizedAt).toBeInstanceOf(Date);
    const [kept] = await database.db.select().from(registrations).where(eq(registrations.id, ids.recent!));
    expect(kept?.name).toBe("参加　4");
    expect(await sessionCounts(database.db, ami, old.id)).toEqual(before);
    const [staffRow] = await database.db
      .select({ userId: registrations.userId, anonymizedAt: registrations.anonymizedAt })
      .from(registrations)
      .where(and(eq(registrations.sessionId, old.id), eq(registrations.userId, staff)));
    expect(staffRow?.anonymizedAt).toBeNull();
    expect(await anonymizeExpiredRegistrations(database.db)).toBe(0); // nothing left to do: safe to run again
  });

  it("on request, an admin finds a record by receipt number, exports it as CSV and deletes it; other towns cannot", async () => {
    const { findResidentRecord, residentRecordCsv, anonymizeRegistration } = await import("~/classes/personal-data.server");
    const s = await newSession(10);
    const r = await register(database.db, { organizationId: ami, sessionId: s.id, channel: "phone", person: person(11), consent: true, createdBy: instructor });
    if (!r.ok) throw new Error(r.error);
    expect(await findResidentRecord(database.db, omitama, r.receiptNumber)).toBeNull();
    const record = (await findResidentRecord(database.db, ami, r.receiptNumber.toLowerCase()))!;
    expect(record).toMatchObject({ name: "参加　11", nameKana: "さんか　11", phone: "029-000-0011", seriesTitle: "はじめてのスマホ教室" });
    const csv = residentRecordCsv(record);
    expect(csv.startsWith("\uFEFF項目,内容\r\n受付番号,")).toBe(true);
    expect(csv).toContain("お名前,参加　11");
    const hr = await userId(database, "ami", "1001");
    expect(await anonymizeRegistration(database.db, { organizationId: omitama, actorUserId: hr.id, ip: null }, record.id)).toBe(false);
    expect(await anonymizeRegistration(database.db, { organizationId: ami, actorUserId: hr.id, ip: null }, record.id)).toBe(true);
    expect((await findResidentRecord(database.db, ami, r.receiptNumber))?.name).toBeNull();
    expect((await sessionCounts(database.db, ami, s.id)).registered).toBe(1);
  });
});

describe("QR codes and surveys", () => {
  it("serves the series page's QR code as SVG and PNG", async () => {
    const s = await newSession(10);
    const mod = await import("~/routes/classes.series.$seriesId_.qr.$format");
    const svg = (await mod.loader(routeArgs(`http://localhost:3000/classes/series/${seriesId}/qr/svg`, { seriesId, format: "svg" }))) as Response;
    expect(svg.headers.get("Content-Type")).toBe("image/svg+xml");
    expect(await svg.text()).toMatch(/^<svg[^>]*viewBox/);
    const png = (await mod.loader(routeArgs(`http://localhost:3000/classes/series/${seriesId}/qr/png`, { seriesId, format: "png" }))) as Response;
    const bytes = new Uint8Array(await png.arrayBuffer());
    expect([...bytes.slice(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]); // PNG signature
    expect(s.seriesId).toBe(seriesId);
  });

  it("takes QR answers for a week after the session, paper answers any time, and none before the day", async () => {
    const { addSurvey, surveyResults } = await import("~/classes/admin.server");
    const answer = { satisfaction: 5, clarity: 4, nextTopic: "写真の整理", comment: null, source: "qr" as const };
    const future = await newSession(10, 3 * 24 * 60);
    expect(await addSurvey(database.db, ami, future.id, answer, null)).toBe(false);
    const old = await newSession(10, 10);
    await database.db
      .update(classSessions)
      .set({ startsAt: sql`now() - interval '10 days 2 hours'`, endsAt: sql`now() - interval '10 days'` })
      .where(eq(classSessions.id, old.id));
    expect(await addSurvey(database.db, ami, old.id, answer, null)).toBe(false);
    expect(await addSurvey(database.db, ami, old.id, { ...answer, source: "paper" }, instructor)).toBe(true);
    const today = await newSession(10, -30);
    expect(await addSurvey(database.db, ami, today.id, answer, null)).toBe(true);
    expect(await addSurvey(database.db, ami, today.id, { ...answer, satisfaction: 3, clarity: 3, nextTopic: null }, null)).toBe(true);
    expect(await addSurvey(database.db, omitama, today.id, answer, null)).toBe(false);
    expect(await surveyResults(database.db, ami, today.id)).toMatchObject({ answers: 2, satisfaction: 4, clarity: 3.5 });
  });
});

describe("series figures", () => {
  it("counts per session, first-time versus returning residents, districts, and staff by 課 and 職位", async () => {
    const { seriesStats } = await import("~/classes/stats.server");
    // People 321–324 appear nowhere else in this file. An earlier class attended by person 321 (so they are "returning" later).
    const earlier = await newSession(10, 10);
    const before = await register(database.db, { organizationId: ami, sessionId: earlier.id, channel: "online", person: person(321), consent: true });
    if (!before.ok) throw new Error(before.error);
    await markAttendance(database.db, { organizationId: ami, registrationId: before.registrationId, status: "present", markedBy: instructor });
    await database.db
      .update(classSessions)
      .set({ startsAt: sql`now() - interval '30 days'`, endsAt: sql`now() - interval '30 days' + interval '2 hours'` })
      .where(eq(classSessions.id, earlier.id));

    const [series] = await database.db
      .insert(classSeries)
      .values({
        organizationId: ami,
        title: "スマホ教室 応用",
        category: "smartphone",
        audience: "residents",
        organizerType: "carrier",
        organizerName: "携帯ショップ",
        format: "in_person",
      })
      .returning();
    const make = async (number: number) =>
      (
        await database.db
          .insert(classSessions)
          // A day apart: two sessions created in the same millisecond would otherwise tie on start time.
          .values({
            organizationId: ami,
            seriesId: series!.id,
            number,
            startsAt: new Date(Date.now() + 600_000 + (number - 1) * 86_400_000),
            endsAt: new Date(Date.now() + 7_800_000 + (number - 1) * 86_400_000),
            capacity: 10,
            checkinSecret: newCheckinSecret(),
          })
          .returning()
      )[0]!;
    const [s1, s2] = [await make(1), await make(2)];
    const attend = async (sessionId: string, i: number, status: "present" | "absent" = "present") => {
      const r = await register(database.db, { organizationId: ami, sessionId, channel: "online", person: person(i), consent: true });
      if (!r.ok) throw new Error(r.error);
      await markAttendance(database.db, { organizationId: ami, registrationId: r.registrationId, status, markedBy: instructor });
      return r;
    };
    await attend(s1.id, 321); // returning (attended the earlier class)
    await attend(s1.id, 322);
    await attend(s1.id, 323, "absent");
    await attend(s2.id, 321); // same person again: still one person
    const cancelled = await register(database.db, { organizationId: ami, sessionId: s2.id, channel: "online", person: person(324), consent: true });
    if (!cancelled.ok) throw new Error(cancelled.error);
    await cancelRegistration(database.db, { organizationId: ami, receiptNumber: cancelled.receiptNumber });
    for (const s of [s1, s2]) await setSessionClosed(database.db, { organizationId: ami, sessionId: s.id, closed: true, actorUserId: instructor });

    const stats = await seriesStats(database.db, ami, series!.id);
    expect(stats.sessions.map((s) => [s.number, s.registered, s.attended, s.noShows, s.cancelled])).toEqual([
      [1, 3, 2, 1, 0],
      [2, 1, 1, 0, 1],
    ]);
    expect(stats.totals).toEqual({ registered: 4, attended: 3, walkIns: 0, noShows: 1, cancelled: 1, people: 2, firstTime: 1, returning: 1 });
    // person(i).district = ["本郷", "荒川沖", "若栗"][i % 3]; attendances: 321 (本郷) twice, 322 (荒川沖) once.
    expect(stats.byDistrict).toEqual({ 本郷: 2, 荒川沖: 1 });
    // person(i).ageBand = ["60s", "70s", "80plus", "under60"][i % 4]: 321 → 70s (×2), 322 → 80plus.
    expect(stats.byAgeBand).toEqual({ "70s": 2, "80plus": 1 });
    expect(await seriesStats(database.db, omitama, series!.id)).toMatchObject({ sessions: [], totals: { attended: 0 } });

    // A staff training counts its attendees by 課 and 職位.
    const [training] = await database.db
      .insert(classSeries)
      .values({ organizationId: ami, title: "DX実践研修", category: "dx-literacy", audience: "staff", organizerType: "municipal", format: "in_person" })
      .returning();
    const [t1] = await database.db
      .insert(classSessions)
      .values({
        organizationId: ami,
        seriesId: training!.id,
        number: 1,
        startsAt: new Date(Date.now() + 600_000),
        endsAt: new Date(Date.now() + 7_800_000),
        capacity: 30,
        checkinSecret: newCheckinSecret(),
      })
      .returning();
    for (const n of ["1005", "1006", "1003"]) {
      const staff = await userId(database, "ami", n);
      const r = await register(database.db, { organizationId: ami, sessionId: t1!.id, channel: "hr_bulk", userId: staff.id, consent: false });
      if (!r.ok) throw new Error(r.error);
      await markAttendance(database.db, { organizationId: ami, registrationId: r.registrationId, status: "present", markedBy: instructor });
    }
    const staffStats = await seriesStats(database.db, ami, training!.id);
    expect(staffStats.byDepartment).toEqual({ 町民課: 3 });
    expect(staffStats.byRank).toEqual({ 主事: 1, 会計年度任用職員: 1, 課長: 1 });
  });
});

describe("staff trainings", () => {
  it("HR registers a 課 in bulk (capacity holds), staff sign up themselves, and attendance shows on the staff record", async () => {
    const { bulkRegisterStaff, staffTrainingHistory, listStaffTrainings } = await import("~/classes/trainings.server");
    const hr = await userId(database, "ami", "1001");
    const [training] = await database.db
      .insert(classSeries)
      .values({ organizationId: ami, title: "情報セキュリティ研修", category: "security", audience: "staff", organizerType: "municipal", format: "in_person" })
      .returning();
    const [session] = await database.db
      .insert(classSessions)
      .values({
        organizationId: ami,
        seriesId: training!.id,
        number: 1,
        startsAt: new Date(Date.now() + 600_000),
        endsAt: new Date(Date.now() + 7_800_000),
        capacity: 3,
        checkinSecret: newCheckinSecret(),
      })
      .returning();
    const learner = await userId(database, "ami", "1005"); // 町民課
    const own = await register(database.db, { organizationId: ami, sessionId: session!.id, channel: "staff", userId: learner.id, consent: false });
    expect(own).toMatchObject({ ok: true, status: "confirmed" });
    const listed = await listStaffTrainings(database.db, ami, learner.id);
    expect(listed.find((s) => s.id === session!.id)).toMatchObject({ myStatus: "confirmed", confirmed: 1 });

    const [chomin] = await database.db
      .select({ id: departments.id })
      .from(departments)
      .where(and(eq(departments.organizationId, ami), eq(departments.code, "chomin")));
    const ctx = { organizationId: ami, actorUserId: hr.id, ip: null };
    const bulk = await bulkRegisterStaff(database.db, ctx, session!.id, [chomin!.id]);
    const [chominStaff] = await database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(users)
      .where(and(eq(users.organizationId, ami), eq(users.departmentId, chomin!.id), eq(users.active, true)));
    // 1005 was already in; the rest of 町民課 fill the two remaining places and then wait.
    expect(bulk).toEqual({ ok: true, confirmed: 2, waitlisted: chominStaff!.n - 3, already: 1 });
    expect(await bulkRegisterStaff(database.db, ctx, session!.id, [chomin!.id])).toEqual({ ok: true, confirmed: 0, waitlisted: 0, already: chominStaff!.n });
    expect(await bulkRegisterStaff(database.db, { ...ctx, organizationId: omitama }, session!.id, [])).toMatchObject({ ok: false });

    await markAttendance(database.db, {
      organizationId: ami,
      registrationId: (own as { registrationId: string }).registrationId,
      status: "late",
      markedBy: hr.id,
    });
    const history = await staffTrainingHistory(database.db, ami, learner.id);
    expect(history.find((h) => h.sessionId === session!.id)).toMatchObject({ title: "情報セキュリティ研修", registration: "confirmed", attendance: "late" });
    const detail = await import("~/routes/admin.staff.$userId");
    const { callLoader, sessionCookie } = await import("../support/app");
    const page = await callLoader(detail.loader, `/admin/staff/${learner.id}`, {
      cookie: await sessionCookie(database, "ami", "1001"),
      params: { userId: learner.id },
    });
    expect((page.data as { trainings: { title: string; attendance: string | null }[] }).trainings).toContainEqual(
      expect.objectContaining({ title: "情報セキュリティ研修", attendance: "late" }),
    );
  });
});

describe("notes and series surveys", () => {
  it("keeps a note on a mark until the session is closed, and averages the series' surveys", async () => {
    const { setAttendanceNote } = await import("~/classes/registration.server");
    const { addSurvey } = await import("~/classes/admin.server");
    const { seriesStats } = await import("~/classes/stats.server");
    const [series] = await database.db
      .insert(classSeries)
      .values({ organizationId: ami, title: "写真の整理教室", category: "smartphone", audience: "residents", organizerType: "volunteer", format: "in_person" })
      .returning();
    const [s] = await database.db
      .insert(classSessions)
      .values({
        organizationId: ami,
        seriesId: series!.id,
        number: 1,
        startsAt: new Date(Date.now() + 600_000),
        endsAt: new Date(Date.now() + 7_800_000),
        capacity: 5,
        checkinSecret: newCheckinSecret(),
      })
      .returning();
    const r = await register(database.db, { organizationId: ami, sessionId: s!.id, channel: "online", person: person(401), consent: true });
    if (!r.ok) throw new Error(r.error);
    expect(await setAttendanceNote(database.db, { organizationId: ami, registrationId: r.registrationId, note: "メモ" })).toMatchObject({ ok: false }); // no mark yet
    await markAttendance(database.db, { organizationId: ami, registrationId: r.registrationId, status: "left_early", markedBy: instructor });
    expect(await setAttendanceNote(database.db, { organizationId: ami, registrationId: r.registrationId, note: "体調不良のため途中で退出" })).toEqual({
      ok: true,
    });
    expect(await setAttendanceNote(database.db, { organizationId: omitama, registrationId: r.registrationId, note: "x" })).toMatchObject({ ok: false });
    const [mark] = await database.db.select({ note: attendance.note }).from(attendance).where(eq(attendance.registrationId, r.registrationId));
    expect(mark?.note).toBe("体調不良のため途中で退出");
    await setSessionClosed(database.db, { organizationId: ami, sessionId: s!.id, closed: true, actorUserId: instructor });
    expect(await setAttendanceNote(database.db, { organizationId: ami, registrationId: r.registrationId, note: "後から" })).toMatchObject({ ok: false });

    for (const [satisfaction, clarity, nextTopic] of [
      [5, 4, "LINEのビデオ通話"],
      [4, 4, "LINEのビデオ通話"],
      [3, 5, "写真の整理"],
    ] as const) {
      expect(await addSurvey(database.db, ami, s!.id, { satisfaction, clarity, nextTopic, comment: null, source: "paper" }, instructor)).toBe(true);
    }
    const stats = await seriesStats(database.db, ami, series!.id);
    expect(stats.survey).toEqual({
      answers: 3,
      satisfaction: 4,
      clarity: 4.33,
      nextTopics: [
        { topic: "LINEのビデオ通話", n: 2 },
        { topic: "写真の整理", n: 1 },
      ],
    });
  });
});
