import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { login } from "~/auth/login.server";
import { getSessionUser, hashToken } from "~/auth/session.server";
import { changeOwnPassword, createResetLink, getStaff, issueInitialPassword, redeemResetLink, updateStaff } from "~/staff/staff.server";
import { DEMO_PASSWORD } from "~/demo/staff";
import { auditLog, loginThrottles, passwordResets, sessions } from "../../db/schema";
import { callAction, callLoader, createAppDatabase, CSRF, userId } from "../support/app";
import type { TestDatabase } from "../support/database";

let database: TestDatabase;
let ami = "";
let omitama = "";

beforeAll(async () => {
  database = await createAppDatabase();
  ami = (await userId(database, "ami", "1005")).organizationId;
  omitama = (await userId(database, "omitama", "1005")).organizationId;
});
afterAll(async () => {
  await database.dispose();
});

const attempt = (over: Partial<Parameters<typeof login>[1]> = {}) =>
  login(database.db, { organizationId: ami, identifier: "1005", password: DEMO_PASSWORD, ip: "192.0.2.10", userAgent: "test", ...over });

const tokenOf = (cookie: string) => /manabiya_session=([^;]+)/.exec(cookie)![1]!;
const requestWith = (token: string) => new Request("http://localhost/", { headers: { Cookie: `manabiya_session=${token}` } });

describe("signing in", () => {
  it("signs in with organization + staff number, or with email alone, into the right person", async () => {
    const a = await attempt();
    expect(a.ok).toBe(true);
    const o = await attempt({ organizationId: omitama });
    expect(o.ok).toBe(true);
    if (!a.ok || !o.ok) throw new Error("unreachable");
    expect(a.userId).toBe((await userId(database, "ami", "1005")).id);
    expect(o.userId).toBe((await userId(database, "omitama", "1005")).id);
    const byEmail = await attempt({ organizationId: null, identifier: "STAFF1005@ami.example.lg.jp" });
    expect(byEmail.ok && byEmail.userId).toBe(a.userId);
    const session = await getSessionUser(database.db, requestWith(tokenOf(a.cookie)));
    expect(session).toMatchObject({ name: "伊藤　翔太", departmentName: "町民課", organizationName: "阿見町" });
  });

  it("answers a wrong password and an unknown account with the same message, and logs both", async () => {
    const wrong = await attempt({ identifier: "1006", password: "not-the-password" });
    const unknown = await attempt({ identifier: "999999", password: "not-the-password" });
    expect(wrong).toEqual({ ok: false, message: expect.stringContaining("パスワードが違います") });
    expect(unknown).toEqual(wrong);
    const failures = await database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(auditLog)
      .where(eq(auditLog.action, "auth.login_failed"));
    expect(failures[0]!.n).toBeGreaterThanOrEqual(2);
  });

  it("throttles one account: a growing delay after 5 failures (even for the right password), and success resets it", async () => {
    const bad = () => attempt({ identifier: "2003", password: "wrong-wrong", ip: "192.0.2.20" });
    for (let i = 0; i < 4; i++) expect((await bad()).ok).toBe(false);
    const fifth = await bad();
    expect(fifth).toMatchObject({ ok: false, message: expect.stringContaining("パスワードが違います") });
    const blocked = await attempt({ identifier: "2003", ip: "192.0.2.20" });
    expect(blocked.ok).toBe(false);
    if (blocked.ok) throw new Error("unreachable");
    expect(blocked.message).toMatch(/しばらくログインできません。\d+秒ほど待って/);
    expect(blocked.retryAfterMs).toBeGreaterThan(0);
    expect(blocked.retryAfterMs).toBeLessThanOrEqual(2_000);
    const key = `account:user:${(await userId(database, "ami", "2003")).id}`;
    const [row] = await database.db.select().from(loginThrottles).where(eq(loginThrottles.key, key));
    expect(row?.failures).toBe(5);
    // Once the wait is over the right password works and clears the count.
    await database.db.update(loginThrottles).set({ blockedUntil: null }).where(eq(loginThrottles.key, key));
    expect((await attempt({ identifier: "2003", ip: "192.0.2.20" })).ok).toBe(true);
    expect(await database.db.select().from(loginThrottles).where(eq(loginThrottles.key, key))).toEqual([]);
  });

  it("locks an account for 15 minutes after 10 failures", async () => {
    const key = `account:user:${(await userId(database, "ami", "2004")).id}`;
    for (let i = 0; i < 10; i++) {
      await database.db.update(loginThrottles).set({ blockedUntil: null }).where(eq(loginThrottles.key, key));
      await attempt({ identifier: "2004", password: "wrong-wrong", ip: `198.51.100.${i}` });
    }
    const [row] = await database.db.select().from(loginThrottles).where(eq(loginThrottles.key, key));
    expect(row?.failures).toBe(10);
    const minutes = (row!.blockedUntil!.getTime() - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(14.9);
    expect(minutes).toBeLessThanOrEqual(15);
    const locked = await attempt({ identifier: "2004", ip: "203.0.113.1" });
    expect(locked.ok === false && locked.message).toMatch(/1[45]分/);
  });

  it("counts failures per account: after 10 by staff number the right password by email is refused too, and the reverse", async () => {
    const free = (key: string) => database.db.update(loginThrottles).set({ blockedUntil: null }).where(eq(loginThrottles.key, key));
    for (const [n, wrongWay, rightWay] of [
      ["2015", { identifier: "2015" }, { organizationId: null, identifier: "staff2015@ami.example.lg.jp" }],
      ["2019", { organizationId: null, identifier: "Staff2019@ami.example.lg.jp" }, { identifier: "2019" }],
    ] as const) {
      const key = `account:user:${(await userId(database, "ami", n)).id}`;
      for (let i = 0; i < 10; i++) {
        await free(key); // wait out each growing delay: only the lock at 10 is left standing
        expect(await attempt({ ...wrongWay, password: "wrong-wrong", ip: `198.51.100.${100 + i}` })).toMatchObject({
          ok: false,
          message: expect.stringContaining("パスワードが違います"),
        });
      }
      const other = await attempt({ ...rightWay, ip: "203.0.113.20" });
      expect(other).toMatchObject({
        ok: false,
        message: expect.stringMatching(/^ログインの失敗が続いたため、しばらくログインできません。1[45]分(\d+秒)?ほど待ってから/),
      });
      expect(other.ok === false && other.retryAfterMs).toBeGreaterThan(14 * 60_000);
      expect((await attempt({ ...wrongWay, ip: "203.0.113.21" })).ok).toBe(false);
      const [row] = await database.db.select().from(loginThrottles).where(eq(loginThrottles.key, key));
      expect(row?.failures).toBe(10);
    }
    // The sign-in page says it in Japanese, with 429.
    const mod = await import("~/routes/login");
    const page = await callAction(
      mod.action,
      "/login",
      { organizationId: "", identifier: "staff2015@ami.example.lg.jp", password: DEMO_PASSWORD },
      { ip: "203.0.113.30" },
    );
    expect(page.status).toBe(429);
    expect((page.data as { error: string }).error).toMatch(
      /^ログインの失敗が続いたため、しばらくログインできません。1[45]分(\d+秒)?ほど待ってから、もう一度お試しください。/,
    );
  });

  it("throttles a name that is no one like an account, with the same answers", async () => {
    const known = (await userId(database, "ami", "2017")).id;
    for (let i = 0; i < 4; i++) {
      const unknown = await attempt({ identifier: "987654", password: "wrong-wrong", ip: "198.51.100.200" });
      const real = await attempt({ identifier: "2017", password: "wrong-wrong", ip: "198.51.100.201" });
      expect(unknown).toEqual(real);
    }
    // The 5th failure starts a 2-second wait: each next attempt follows its own 5th failure at once (a slow machine
    // must not let the wait run out in between).
    const unknownFifth = await attempt({ identifier: "987654", password: "wrong-wrong", ip: "198.51.100.200" });
    const unknown = await attempt({ identifier: "987654", ip: "198.51.100.200" });
    const realFifth = await attempt({ identifier: "2017", password: "wrong-wrong", ip: "198.51.100.201" });
    const real = await attempt({ identifier: "2017", ip: "198.51.100.201" });
    expect(unknownFifth).toEqual(realFifth);
    expect(unknown.ok === false && unknown.message).toMatch(/しばらくログインできません/);
    expect(real.ok === false && real.message).toMatch(/しばらくログインできません/);
    const keys = (await database.db.select({ key: loginThrottles.key }).from(loginThrottles)).map((r) => r.key);
    expect(keys).toContain(`account:${ami}:987654`);
    expect(keys).toContain(`account:user:${known}`);
  });

  it("counts parallel wrong passwords exactly: a burst gets no more than 5 evaluated before the first wait", async () => {
    const key = `account:user:${(await userId(database, "ami", "2018")).id}`;
    const burst = await Promise.all(Array.from({ length: 8 }, (_, i) => attempt({ identifier: "2018", password: "wrong-wrong", ip: `198.51.100.${210 + i}` })));
    expect(burst.filter((r) => !r.ok && !r.retryAfterMs)).toHaveLength(5);
    const [row] = await database.db.select().from(loginThrottles).where(eq(loginThrottles.key, key));
    expect(row?.failures).toBe(5);
  });

  it("refuses inactive staff, and deactivation ends their sessions", async () => {
    const ok = await attempt({ identifier: "2005" });
    if (!ok.ok) throw new Error("expected sign-in");
    const hr = await userId(database, "ami", "1001");
    const target = await getStaff(database.db, ami, ok.userId);
    await updateStaff(database.db, { organizationId: ami, actorUserId: hr.id, ip: null }, ok.userId, {
      staffNumber: target!.staffNumber,
      name: target!.name,
      nameKana: target!.nameKana,
      email: target!.email,
      departmentId: target!.departmentId!,
      jobRankId: target!.jobRankId,
      employmentType: target!.employmentType,
      active: false,
    });
    expect(await getSessionUser(database.db, requestWith(tokenOf(ok.cookie)))).toBeNull();
    expect((await attempt({ identifier: "2005" })).ok).toBe(false);
  });
});

describe("sessions", () => {
  it("the login page rotates the session: the old one ends and a new token is issued", async () => {
    const first = await attempt({ identifier: "2006" });
    if (!first.ok) throw new Error("expected sign-in");
    const mod = await import("~/routes/login");
    const outcome = await callAction(
      mod.action,
      "/login",
      { organizationId: ami, identifier: "2006", password: DEMO_PASSWORD },
      { cookie: `manabiya_session=${tokenOf(first.cookie)}` },
    );
    expect(outcome.status).toBe(302);
    const setCookies = outcome.headers.getSetCookie();
    const fresh = setCookies.find((c) => c.startsWith("manabiya_session="))!;
    expect(fresh).toMatch(/HttpOnly/i);
    expect(fresh).toMatch(/SameSite=Lax/i);
    expect(tokenOf(fresh)).not.toBe(tokenOf(first.cookie));
    expect(setCookies.some((c) => c.startsWith("manabiya_csrf=") && !c.includes(CSRF))).toBe(true);
    expect(await getSessionUser(database.db, requestWith(tokenOf(first.cookie)))).toBeNull();
    expect(await getSessionUser(database.db, requestWith(tokenOf(fresh)))).not.toBeNull();
  });

  it("logout ends the session on the server, not just in the browser", async () => {
    const s = await attempt({ identifier: "2007" });
    if (!s.ok) throw new Error("expected sign-in");
    const mod = await import("~/routes/logout");
    const outcome = await callAction(mod.action, "/logout", {}, { cookie: `manabiya_session=${tokenOf(s.cookie)}` });
    expect(outcome.status).toBe(302);
    const [row] = await database.db
      .select({ revokedAt: sessions.revokedAt })
      .from(sessions)
      .where(eq(sessions.id, hashToken(tokenOf(s.cookie))));
    expect(row?.revokedAt).toBeInstanceOf(Date);
    expect(await getSessionUser(database.db, requestWith(tokenOf(s.cookie)))).toBeNull();
  });

  it("expires after the idle timeout and after the absolute timeout", async () => {
    const idle = await attempt({ identifier: "2008" });
    const absolute = await attempt({ identifier: "2008" });
    if (!idle.ok || !absolute.ok) throw new Error("expected sign-in");
    await database.db
      .update(sessions)
      .set({ lastSeenAt: sql`now() - interval '3 hours'` })
      .where(eq(sessions.id, hashToken(tokenOf(idle.cookie))));
    await database.db
      .update(sessions)
      .set({ expiresAt: sql`now() - interval '1 second'` })
      .where(eq(sessions.id, hashToken(tokenOf(absolute.cookie))));
    expect(await getSessionUser(database.db, requestWith(tokenOf(idle.cookie)))).toBeNull();
    expect(await getSessionUser(database.db, requestWith(tokenOf(absolute.cookie)))).toBeNull();
  });

  it("lists a user's sessions and lets them end another one", async () => {
    const a = await attempt({ identifier: "2009" });
    const b = await attempt({ identifier: "2009" });
    if (!a.ok || !b.ok) throw new Error("expected sign-in");
    const mod = await import("~/routes/account._index");
    const page = await callLoader(mod.loader, "/account", { cookie: `manabiya_session=${tokenOf(a.cookie)}` });
    const list = (page.data as { sessions: { id: string; current: boolean }[] }).sessions;
    expect(list.length).toBe(2);
    expect(list.filter((s) => s.current).map((s) => s.id)).toEqual([hashToken(tokenOf(a.cookie))]);
    const revoke = await callAction(
      mod.action,
      "/account",
      { intent: "revoke", sessionId: hashToken(tokenOf(b.cookie)) },
      { cookie: `manabiya_session=${tokenOf(a.cookie)}` },
    );
    expect(revoke.status).toBe(302);
    expect(await getSessionUser(database.db, requestWith(tokenOf(b.cookie)))).toBeNull();
    expect(await getSessionUser(database.db, requestWith(tokenOf(a.cookie)))).not.toBeNull();
  });
});

describe("passwords", () => {
  it("an initial password forces a change before anything else, and the change ends other sessions", async () => {
    const hr = await userId(database, "ami", "1001");
    const target = await userId(database, "ami", "2010");
    const initial = await issueInitialPassword(database.db, { organizationId: ami, actorUserId: hr.id, ip: null }, target.id);
    expect(initial).toMatch(/^\w{4}-\w{4}-\w{4}$/);
    const first = await attempt({ identifier: "2010", password: initial! });
    const second = await attempt({ identifier: "2010", password: initial! });
    if (!first.ok || !second.ok) throw new Error("expected sign-in");
    expect(first.mustChangePassword).toBe(true);
    const account = await import("~/routes/account._index");
    const blocked = await callLoader(account.loader, "/account", { cookie: `manabiya_session=${tokenOf(first.cookie)}` });
    expect(blocked).toMatchObject({ status: 302, location: "/account/password" });

    const session = (await getSessionUser(database.db, requestWith(tokenOf(first.cookie))))!;
    const ctx = { userId: target.id, sessionId: session.sessionId, ip: null };
    expect(await changeOwnPassword(database.db, { ...ctx, current: "wrong", next: "a long new passphrase" })).toMatchObject({ ok: false, field: "current" });
    expect(await changeOwnPassword(database.db, { ...ctx, current: initial!, next: "password123" })).toMatchObject({ ok: false, field: "next" });
    expect(await changeOwnPassword(database.db, { ...ctx, current: initial!, next: "阿見の桜は四月に咲く" })).toEqual({ ok: true });
    expect((await getStaff(database.db, ami, target.id))?.mustChangePassword).toBe(false);
    expect(await getSessionUser(database.db, requestWith(tokenOf(second.cookie)))).toBeNull();
    expect((await callLoader(account.loader, "/account", { cookie: `manabiya_session=${tokenOf(first.cookie)}` })).status).toBe(200);
    expect((await attempt({ identifier: "2010", password: "阿見の桜は四月に咲く" })).ok).toBe(true);
  });

  it("a reset link works once, within 24 hours, and only the newest one", async () => {
    const hr = await userId(database, "ami", "1001");
    const target = await userId(database, "ami", "2011");
    const ctx = { organizationId: ami, actorUserId: hr.id, ip: null };
    const old = await createResetLink(database.db, ctx, target.id);
    const token = await createResetLink(database.db, ctx, target.id);
    expect(await redeemResetLink(database.db, old!, "an old link passphrase", null)).toMatchObject({ ok: false });
    expect(await redeemResetLink(database.db, token!, "12345678", null)).toMatchObject({ ok: false, error: expect.stringContaining("よく使われて") });
    expect(await redeemResetLink(database.db, token!, "霞ヶ浦のほとりを歩く", null)).toEqual({ ok: true });
    expect(await redeemResetLink(database.db, token!, "もう一度使ってみる", null)).toMatchObject({ ok: false });
    expect((await attempt({ identifier: "2011", password: "霞ヶ浦のほとりを歩く" })).ok).toBe(true);

    const expired = await createResetLink(database.db, ctx, target.id);
    await database.db
      .update(passwordResets)
      .set({ expiresAt: sql`now() - interval '1 minute'` })
      .where(eq(passwordResets.id, hashToken(expired!)));
    expect(await redeemResetLink(database.db, expired!, "期限切れのリンクです", null)).toMatchObject({ ok: false, error: expect.stringContaining("24時間") });
  });

  it("an admin of another organization cannot issue passwords or links for this one", async () => {
    const otherHr = await userId(database, "omitama", "1001");
    const target = await userId(database, "ami", "2012");
    const ctx = { organizationId: omitama, actorUserId: otherHr.id, ip: null };
    expect(await issueInitialPassword(database.db, ctx, target.id)).toBeNull();
    expect(await createResetLink(database.db, ctx, target.id)).toBeNull();
    const resets = await database.db
      .select()
      .from(passwordResets)
      .where(and(eq(passwordResets.userId, target.id)));
    expect(resets).toEqual([]);
  });
});
