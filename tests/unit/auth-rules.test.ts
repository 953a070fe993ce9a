import { describe, expect, it } from "vitest";
import { generateInitialPassword, hashPassword, verifyPassword } from "~/auth/password.server";
import { checkNewPassword } from "~/auth/password-policy";
import { assignableRoles, can, scopeOf, type Actor } from "~/auth/permissions";
import { ACCOUNT_POLICY, blockedUntil, formatWait, IP_POLICY } from "~/auth/throttle";
import { requireCsrf } from "~/auth/csrf.server";

const actor = (roles: Actor["roles"], over: Partial<Actor> = {}): Actor => ({
  userId: "u1",
  organizationId: "org-a",
  homeOrganizationId: "org-a",
  departmentId: "dept-1",
  roles,
  ...over,
});

describe("permissions", () => {
  it("every staff member is a learner who may use their own account only", () => {
    const a = actor([]);
    expect(can(a, "account:use", { userId: "u1" })).toBe(true);
    expect(can(a, "account:use", { userId: "u2" })).toBe(false);
    expect(can(a, "staff:read")).toBe(false);
  });

  it("a 課長 reads staff of their own 課 only", () => {
    const m = actor(["dept_manager"]);
    expect(scopeOf(m, "staff:read")).toBe("department");
    expect(can(m, "staff:read", { organizationId: "org-a", departmentId: "dept-1" })).toBe(true);
    expect(can(m, "staff:read", { organizationId: "org-a", departmentId: "dept-2" })).toBe(false);
    expect(can(m, "staff:read", { organizationId: "org-a", departmentId: null })).toBe(false);
    expect(can(m, "staff:write")).toBe(false);
  });

  it("HR and the DX office act on their whole organization and never another", () => {
    for (const role of ["hr_admin", "dx_admin"] as const) {
      const a = actor([role]);
      expect(can(a, "staff:write", { organizationId: "org-a" })).toBe(true);
      expect(can(a, "staff:import")).toBe(true);
      expect(can(a, "audit:read", { organizationId: "org-a" })).toBe(true);
      expect(can(a, "staff:read", { organizationId: "org-b" })).toBe(false);
      expect(can(a, "organization:switch")).toBe(false);
    }
  });

  it("a system admin acts in the organization they switched to, not in all at once", () => {
    const s = actor(["system_admin"], { organizationId: "org-b" });
    expect(can(s, "staff:write", { organizationId: "org-b" })).toBe(true);
    expect(can(s, "staff:write", { organizationId: "org-a" })).toBe(false);
    expect(can(s, "organization:switch")).toBe(true);
  });

  it("the widest scope of several roles wins", () => {
    expect(scopeOf(actor(["dept_manager", "hr_admin"]), "staff:read")).toBe("organization");
  });

  it("only system admins may give the system admin role", () => {
    expect(assignableRoles(actor(["hr_admin"]))).not.toContain("system_admin");
    expect(assignableRoles(actor(["hr_admin"]))).toContain("dx_admin");
    expect(assignableRoles(actor(["system_admin"]))).toContain("system_admin");
    expect(assignableRoles(actor(["dept_manager"]))).toEqual([]);
  });
});

describe("sign-in throttling", () => {
  const now = new Date("2026-11-22T09:00:00+09:00");
  const waitSeconds = (failures: number) => {
    const until = blockedUntil(ACCOUNT_POLICY, failures, now);
    return until ? (until.getTime() - now.getTime()) / 1000 : 0;
  };
  it("lets the first four failures pass, then doubles the delay, then locks for 15 minutes", () => {
    expect([1, 2, 3, 4].map(waitSeconds)).toEqual([0, 0, 0, 0]);
    expect([5, 6, 7, 8, 9].map(waitSeconds)).toEqual([2, 4, 8, 16, 32]);
    expect(waitSeconds(10)).toBe(15 * 60);
    expect(waitSeconds(25)).toBe(15 * 60);
  });
  it("is looser per IP address (a town hall shares one)", () => {
    expect(blockedUntil(IP_POLICY, 19, now)).toBeNull();
    expect(blockedUntil(IP_POLICY, 20, now)).not.toBeNull();
  });
  it("words the wait in Japanese", () => {
    expect(formatWait(900_000)).toBe("15分");
    expect(formatWait(200_000)).toBe("3分20秒");
    expect(formatWait(1_500)).toBe("2秒");
  });
});

describe("password policy (NIST SP 800-63B)", () => {
  it("needs 8 characters, counting Japanese characters as one each", () => {
    expect(checkNewPassword("short12")).toMatch(/8文字以上/);
    expect(checkNewPassword("あさのさんぽでふじ")).toBeNull();
  });
  it("refuses common passwords regardless of case", () => {
    expect(checkNewPassword("Password123")).toMatch(/よく使われて/);
    expect(checkNewPassword("12345678")).toMatch(/よく使われて/);
  });
  it("does not demand symbols or digits", () => {
    expect(checkNewPassword("correct horse battery staple")).toBeNull();
  });
  it("refuses a password containing the staff number or email name", () => {
    expect(checkNewPassword("abc-100234-xyz", { staffNumber: "100234" })).toMatch(/職員番号/);
    expect(checkNewPassword("taro.yamada-2026", { email: "taro.yamada@example.jp" })).toMatch(/職員番号やメール/);
  });
  it("refuses a single repeated character and over-long input", () => {
    expect(checkNewPassword("zzzzzzzzzz")).toMatch(/同じ文字/);
    expect(checkNewPassword("x".repeat(10) + "y".repeat(119))).toMatch(/128文字以内/);
  });
});

describe("password hashing", () => {
  it("round-trips with scrypt, a per-user salt and self-describing parameters", async () => {
    const a = await hashPassword("朝の散歩で富士山を見た");
    const b = await hashPassword("朝の散歩で富士山を見た");
    expect(a).toMatch(/^scrypt\$65536\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(a).not.toBe(b); // different salts
    expect(await verifyPassword("朝の散歩で富士山を見た", a)).toBe(true);
    expect(await verifyPassword("朝の散歩で富士山を見た!", a)).toBe(false);
    expect(await verifyPassword("anything", null)).toBe(false);
    expect(await verifyPassword("anything", "md5$abc")).toBe(false);
  });
  it("generates readable initial passwords without look-alike characters", () => {
    const p = generateInitialPassword();
    expect(p).toMatch(/^[a-hj-km-np-z2-9]{4}-[a-hj-km-np-z2-9]{4}-[a-hj-km-np-z2-9]{4}$/);
    expect(checkNewPassword(p)).toBeNull();
  });
});

describe("CSRF check", () => {
  const post = (headers: Record<string, string>, field?: string) => {
    const form = new FormData();
    if (field !== undefined) form.set("_csrf", field);
    return { request: new Request("http://localhost:3000/x", { method: "POST", headers: { Host: "localhost:3000", ...headers } }), form };
  };
  const refused = (r: { request: Request; form: FormData }) => {
    try {
      requireCsrf(r.request, r.form);
      return false;
    } catch (e) {
      return e instanceof Response && e.status === 403;
    }
  };
  it("accepts a same-origin form whose field matches the cookie", () => {
    expect(refused(post({ Cookie: "manabiya_csrf=abc123", Origin: "http://localhost:3000" }, "abc123"))).toBe(false);
  });
  it("refuses a missing or wrong token, a missing cookie, another origin, or a cross-site fetch", () => {
    expect(refused(post({ Cookie: "manabiya_csrf=abc123" }))).toBe(true);
    expect(refused(post({ Cookie: "manabiya_csrf=abc123" }, "abc124"))).toBe(true);
    expect(refused(post({}, "abc123"))).toBe(true);
    expect(refused(post({ Cookie: "manabiya_csrf=abc123", Origin: "https://evil.example" }, "abc123"))).toBe(true);
    expect(refused(post({ Cookie: "manabiya_csrf=abc123", "Sec-Fetch-Site": "cross-site" }, "abc123"))).toBe(true);
  });
});
