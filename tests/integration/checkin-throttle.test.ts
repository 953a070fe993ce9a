import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkinCode, newCheckinSecret } from "~/classes/checkin.server";
import { checkInThrottled } from "~/classes/checkin-throttle.server";
import { register, type PersonInput } from "~/classes/registration.server";
import { attendance, auditLog, classSeries, classSessions, loginThrottles } from "../../db/schema";
import { callAction, createAppDatabase, sessionCookie, userId } from "../support/app";
import type { TestDatabase } from "../support/database";

let database: TestDatabase;
let ami = "";
let residentsSeries = "";
let staffSeries = "";
const route = () => import("~/routes/classes.$sessionId_.checkin");

const person = (i: number): PersonInput => ({ name: `参加　${i}`, nameKana: `さんか　${i}`, phone: null, ageBand: "70s", district: null, needs: [] });

/** A session whose check-in is open now (it starts in 10 minutes). */
async function openSession(seriesId: string, startsInMinutes = 10) {
  const startsAt = new Date(Date.now() + startsInMinutes * 60_000);
  const [row] = await database.db
    .insert(classSessions)
    .values({
      organizationId: ami,
      seriesId,
      number: Math.floor(Math.random() * 1e9),
      startsAt,
      endsAt: new Date(startsAt.getTime() + 2 * 3_600_000),
      capacity: 10,
      checkinSecret: newCheckinSecret(),
    })
    .returning();
  return row!;
}

async function resident(sessionId: string, i: number): Promise<string> {
  const r = await register(database.db, { organizationId: ami, sessionId, channel: "online", person: person(i), consent: true });
  if (!r.ok || r.status !== "confirmed") throw new Error("registration failed");
  return r.receiptNumber;
}

const rightCode = (secret: string) => checkinCode(secret, new Date());
/** A code accepted in none of the windows around now, so it is wrong whenever the request is handled. */
function wrongCode(secret: string): string {
  const taken = new Set([-60_000, -30_000, 0, 30_000, 60_000].map((d) => checkinCode(secret, new Date(Date.now() + d))));
  for (let i = 0; ; i++) if (!taken.has(String(i).padStart(4, "0"))) return String(i).padStart(4, "0");
}

const marks = async (sessionId: string) =>
  (await database.db.select({ id: attendance.registrationId }).from(attendance).where(eq(attendance.sessionId, sessionId))).length;
const locks = (sessionId: string) =>
  database.db
    .select({ actor: auditLog.actorUserId, after: auditLog.after, ip: auditLog.ip })
    .from(auditLog)
    .where(and(eq(auditLog.action, "class.checkin_throttled"), eq(auditLog.targetId, sessionId)));

beforeAll(async () => {
  database = await createAppDatabase();
  ami = (await userId(database, "ami", "1004")).organizationId;
  const [r] = await database.db
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
  const [s] = await database.db
    .insert(classSeries)
    .values({ organizationId: ami, title: "DX実践研修", category: "dx-literacy", audience: "staff", organizerType: "municipal", format: "in_person" })
    .returning();
  residentsSeries = r!.id;
  staffSeries = s!.id;
});
afterAll(async () => {
  await database.dispose();
});

describe("wrong check-in codes are limited", () => {
  it("per client: the 5th wrong code locks that address for 15 minutes (429, Retry-After), another resident still checks in", async () => {
    const { action } = await route();
    const session = await openSession(residentsSeries);
    const [a, b] = [await resident(session.id, 1), await resident(session.id, 2)];
    const url = `/classes/${session.id}/checkin`;
    const tap = (ip: string, code: string, receipt: string, cookie?: string) =>
      callAction(action, url, { code, receipt }, { params: { sessionId: session.id }, ip, cookie });

    for (let i = 0; i < 4; i++)
      expect(await tap("198.51.100.7", wrongCode(session.checkinSecret), a)).toMatchObject({
        status: 400,
        data: { message: expect.stringContaining("番号が違います") },
      });
    const fifth = await tap("198.51.100.7", wrongCode(session.checkinSecret), a);
    expect(fifth.status).toBe(429);
    expect(Number(fifth.headers.get("Retry-After"))).toBeGreaterThan(890);
    expect(Number(fifth.headers.get("Retry-After"))).toBeLessThanOrEqual(900);
    expect((fifth.data as { message: string }).message).toMatch(
      /^番号の誤りが続いたため、しばらく受付できません。1[45]分(\d+秒)?ほど待ってから、もう一度お試しください。お急ぎのときは、講師にお声がけください。$/,
    );

    // Within the 15 minutes the right code from that address marks nobody, whichever receipt it names.
    for (const receipt of [a, b]) {
      const refused = await tap("198.51.100.7", rightCode(session.checkinSecret), receipt);
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get("Retry-After"))).toBeGreaterThan(0);
    }
    const english = await tap("198.51.100.7", rightCode(session.checkinSecret), a, "manabiya_lang=en");
    expect(english).toMatchObject({ status: 429, data: { message: expect.stringMatching(/^The number was wrong several times.*about 1[45] min/) } });
    expect(await marks(session.id)).toBe(0);

    expect(await tap("203.0.113.9", rightCode(session.checkinSecret), a)).toMatchObject({
      status: 200,
      data: { ok: true, message: "受付が済みました。ようこそ。どうぞお席へ。" },
    });
    expect(await marks(session.id)).toBe(1);

    // One audit entry for the lock (not one per refused try), with neither receipt number nor address.
    const entries = await locks(session.id);
    expect(entries).toEqual([{ actor: null, after: { scope: "client", failures: 5, minutes: 15 }, ip: null }]);
    expect(JSON.stringify(entries)).not.toContain(a.slice(0, 4));
  });

  it("per session: 30 wrong codes from any number of addresses stop self check-in for everyone for 15 minutes", async () => {
    const { action } = await route();
    const session = await openSession(residentsSeries);
    const a = await resident(session.id, 3);
    for (let i = 1; i <= 29; i++)
      expect(await checkInThrottled(database.db, session, { code: wrongCode(session.checkinSecret), receiptNumber: a }, { ip: `192.0.2.${i}` })).toMatchObject({
        ok: false,
        code: "wrongCode",
      });
    expect(await checkInThrottled(database.db, session, { code: wrongCode(session.checkinSecret), receiptNumber: a }, { ip: "192.0.2.30" })).toMatchObject({
      ok: false,
      code: "sessionThrottled",
    });
    const refused = await callAction(
      action,
      `/classes/${session.id}/checkin`,
      { code: rightCode(session.checkinSecret), receipt: a },
      { params: { sessionId: session.id }, ip: "203.0.113.50" },
    );
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("Retry-After"))).toBeGreaterThan(890);
    expect((refused.data as { message: string }).message).toMatch(/^この回は番号の誤りが多いため、受付を一時止めています。講師にお声がけください。/);
    expect(await marks(session.id)).toBe(0);
    expect((await locks(session.id)).map((e) => e.after)).toEqual([{ scope: "session", failures: 30, minutes: 15 }]);
    // Another session is not affected.
    const other = await openSession(residentsSeries);
    expect(
      await checkInThrottled(database.db, other, { code: rightCode(other.checkinSecret), receiptNumber: await resident(other.id, 4) }, { ip: "203.0.113.50" }),
    ).toMatchObject({ ok: true });
  });

  it("counts a signed-in staff member by account: a colleague on the same town-hall address still checks in", async () => {
    const { action } = await route();
    const session = await openSession(staffSeries);
    for (const n of ["1005", "1006"]) {
      const r = await register(database.db, {
        organizationId: ami,
        sessionId: session.id,
        channel: "staff",
        userId: (await userId(database, "ami", n)).id,
        consent: false,
      });
      expect(r).toMatchObject({ ok: true, status: "confirmed" });
    }
    const [ito, watanabe] = [await sessionCookie(database, "ami", "1005"), await sessionCookie(database, "ami", "1006")];
    const tap = (cookie: string, code: string) => callAction(action, `/classes/${session.id}/checkin`, { code }, { params: { sessionId: session.id }, cookie });
    for (let i = 0; i < 4; i++) expect((await tap(ito, wrongCode(session.checkinSecret))).status).toBe(400);
    expect((await tap(ito, wrongCode(session.checkinSecret))).status).toBe(429);
    expect((await tap(ito, rightCode(session.checkinSecret))).status).toBe(429);
    expect(await tap(watanabe, rightCode(session.checkinSecret))).toMatchObject({ status: 200, data: { ok: true } });
    expect(await marks(session.id)).toBe(1);
    expect((await locks(session.id))[0]).toMatchObject({ actor: (await userId(database, "ami", "1005")).id, after: { scope: "client" } });
  });

  it("counts parallel guesses exactly: a burst from one address gets no more than 5 wrong codes evaluated", async () => {
    const session = await openSession(residentsSeries);
    const a = await resident(session.id, 5);
    const burst = await Promise.all(
      Array.from({ length: 16 }, () =>
        checkInThrottled(database.db, session, { code: wrongCode(session.checkinSecret), receiptNumber: a }, { ip: "198.51.100.99" }),
      ),
    );
    expect(burst.filter((r) => !r.ok && r.code === "wrongCode")).toHaveLength(4);
    expect(burst.filter((r) => !r.ok && r.code === "throttled")).toHaveLength(12);
    const rows = await database.db.select({ key: loginThrottles.key, failures: loginThrottles.failures }).from(loginThrottles);
    expect(rows.find((r) => r.key === "checkin:ip:198.51.100.99")?.failures).toBe(5);
    expect(rows.find((r) => r.key === `checkin:session:${session.id}`)?.failures).toBe(5);
  });

  it("does not count codes typed while check-in is not open", async () => {
    const tomorrow = await openSession(residentsSeries, 24 * 60);
    for (let i = 0; i < 6; i++) {
      expect(
        await checkInThrottled(database.db, tomorrow, { code: wrongCode(tomorrow.checkinSecret), receiptNumber: "ZZZZ-ZZZZ" }, { ip: "198.51.100.123" }),
      ).toMatchObject({ ok: false, code: "notNow" });
    }
    expect(await database.db.select().from(loginThrottles).where(eq(loginThrottles.key, "checkin:ip:198.51.100.123"))).toEqual([]);
  });
});
