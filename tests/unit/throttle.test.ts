import { describe, expect, it } from "vitest";
import { ACCOUNT_POLICY, addressKey, blockedUntil, delaySchedule, formatWait, IP_POLICY, maxFailuresWithin } from "~/auth/throttle";
import { CHECKIN_CLIENT_POLICY, CHECKIN_SESSION_POLICY, checkinThrottleKeys } from "~/classes/checkin-throttle";

/** Chance that some guess hits a 4-digit code of which two are accepted at a time. */
const guessChance = (guesses: number) => 1 - (1 - 2 / 10_000) ** guesses;

describe("throttle rules shared by sign-in and check-in", () => {
  it("writes the waits of blockedUntil as a table the database applies", () => {
    expect(delaySchedule(ACCOUNT_POLICY)).toEqual([0, 0, 0, 0, 2, 4, 8, 16, 32, 900]);
    expect(delaySchedule(CHECKIN_CLIENT_POLICY)).toEqual([0, 0, 0, 0, 900]);
    const session = delaySchedule(CHECKIN_SESSION_POLICY);
    expect(session).toHaveLength(30);
    expect(session.slice(0, 29).every((s) => s === 0)).toBe(true);
    expect(session[29]).toBe(900);
    for (const policy of [ACCOUNT_POLICY, IP_POLICY, CHECKIN_CLIENT_POLICY, CHECKIN_SESSION_POLICY]) {
      delaySchedule(policy).forEach((seconds, i) => {
        const until = blockedUntil(policy, i + 1, new Date(0));
        expect(seconds).toBe(until ? until.getTime() / 1000 : 0);
      });
    }
  });

  it("counts how many failures a key can have in a time, trying again the moment each wait ends", () => {
    // Sign-in: 10 in the first quarter hour (the waits add up to about a minute), then a fresh 10 after each lock.
    expect(maxFailuresWithin(ACCOUNT_POLICY, 15)).toBe(10);
    expect(maxFailuresWithin(ACCOUNT_POLICY, 60)).toBe(40);
  });

  it("formats a wait in Japanese and in English", () => {
    expect(formatWait(900_000)).toBe("15分");
    expect(formatWait(200_000)).toBe("3分20秒");
    expect(formatWait(900_000, "en")).toBe("15 min");
    expect(formatWait(200_000, "en")).toBe("3 min 20 s");
    expect(formatWait(1, "en")).toBe("1 s");
  });

  it("keys an address: IPv4 as it is, IPv4-mapped as IPv4, IPv6 by its /64", () => {
    expect(addressKey("192.0.2.10")).toBe("192.0.2.10");
    expect(addressKey("::ffff:192.0.2.10")).toBe("192.0.2.10");
    expect(addressKey("2001:db8:1:2:aaaa:bbbb:cccc:dddd")).toBe("2001:db8:1:2::/64");
    expect(addressKey("2001:0DB8:0001:0002::1")).toBe("2001:db8:1:2::/64");
    expect(addressKey("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(addressKey("2001:db8:1:2::9")).toBe(addressKey("2001:db8:1:2:ffff::"));
    expect(addressKey("2001:db8:1:3::9")).not.toBe(addressKey("2001:db8:1:2::9"));
    expect(addressKey("::1")).toBe("0:0:0:0::/64");
    expect(addressKey("fe80::1%eth0")).toBe("fe80:0:0:0::/64");
    expect(addressKey(null)).toBe("-");
  });
});

describe("check-in limits", () => {
  it("leave a resident four wrong codes, and lock the fifth for 15 minutes", () => {
    const now = new Date("2026-11-22T10:00:00+09:00");
    for (let f = 1; f <= 4; f++) expect(blockedUntil(CHECKIN_CLIENT_POLICY, f, now)).toBeNull();
    expect(blockedUntil(CHECKIN_CLIENT_POLICY, 5, now)!.getTime() - now.getTime()).toBe(15 * 60_000);
  });

  it("make guessing a code impractical: one address under 1.5 % and a whole session under 1 % over three hours", () => {
    // Check-in is open from 30 minutes before a two-hour class until 30 minutes after: three hours.
    const perClient = maxFailuresWithin(CHECKIN_CLIENT_POLICY, 180);
    const perSession = maxFailuresWithin(CHECKIN_SESSION_POLICY, 180);
    expect(perClient).toBe(60);
    expect(perSession).toBe(41);
    expect(guessChance(perClient)).toBeLessThan(0.015);
    expect(guessChance(perSession)).toBeLessThan(0.01);
    // Without the limits, the same three hours at ten tries a second would find the code almost surely.
    expect(guessChance(10 * 3 * 3600)).toBeGreaterThan(0.999);
  });

  it("counts a signed-in staff member by account and anyone else by address (across sessions)", () => {
    expect(checkinThrottleKeys("s1", { userId: "u1" })).toEqual({ client: "checkin:user:u1", session: "checkin:session:s1" });
    expect(checkinThrottleKeys("s1", { ip: "192.0.2.10" }).client).toBe("checkin:ip:192.0.2.10");
    expect(checkinThrottleKeys("s2", { ip: "192.0.2.10" }).client).toBe(checkinThrottleKeys("s1", { ip: "192.0.2.10" }).client);
    expect(checkinThrottleKeys("s1", { ip: "2001:db8:1:2::7" }).client).toBe("checkin:ip:2001:db8:1:2::/64");
  });
});
