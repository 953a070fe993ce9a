import { describe, expect, it } from "vitest";
import { checkinCode, newReceiptNumber, normalizeReceiptNumber, secondsUntilNextCode, verifyCheckinCode } from "~/classes/checkin.server";

const secret = "0123456789abcdef0123456789abcdef";
const session = { startsAt: new Date("2026-11-22T10:00:00+09:00"), endsAt: new Date("2026-11-22T12:00:00+09:00") };

describe("rotating check-in code", () => {
  it("is four digits, stable within a 30-second window and different in the next", () => {
    const t = new Date("2026-11-22T10:15:00.000+09:00");
    const code = checkinCode(secret, t);
    expect(code).toMatch(/^\d{4}$/);
    expect(checkinCode(secret, new Date(t.getTime() + 29_999))).toBe(code);
    const later = Array.from({ length: 5 }, (_, i) => checkinCode(secret, new Date(t.getTime() + 30_000 * (i + 1))));
    expect(later.some((c) => c !== code)).toBe(true);
    // Another session's secret gives other codes (compared over several windows: one may collide by chance).
    const windows = Array.from({ length: 6 }, (_, i) => new Date(t.getTime() + 30_000 * i));
    expect(windows.map((w) => checkinCode("another-secret-another-secret-00", w))).not.toEqual(windows.map((w) => checkinCode(secret, w)));
  });

  it("accepts the current and the previous code, not older ones", () => {
    const t = new Date("2026-11-22T10:15:10+09:00");
    expect(verifyCheckinCode(secret, checkinCode(secret, t), session, t)).toBe("ok");
    expect(verifyCheckinCode(secret, checkinCode(secret, new Date(t.getTime() - 30_000)), session, t)).toBe("ok");
    const old = checkinCode(secret, new Date(t.getTime() - 90_000));
    const recent = [checkinCode(secret, t), checkinCode(secret, new Date(t.getTime() - 30_000))];
    if (!recent.includes(old)) expect(verifyCheckinCode(secret, old, session, t)).toBe("wrong");
    expect(verifyCheckinCode(secret, "abcd", session, t)).toBe("wrong");
  });

  it("accepts full-width digits typed on a Japanese keyboard", () => {
    const t = new Date("2026-11-22T10:15:10+09:00");
    const code = checkinCode(secret, t);
    const fullWidth = code.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)));
    expect(verifyCheckinCode(secret, fullWidth, session, t)).toBe("ok");
  });

  it("is closed outside the session window (30 minutes before and after)", () => {
    const early = new Date("2026-11-22T09:29:00+09:00");
    const late = new Date("2026-11-22T12:31:00+09:00");
    expect(verifyCheckinCode(secret, checkinCode(secret, early), session, early)).toBe("closed");
    expect(verifyCheckinCode(secret, checkinCode(secret, late), session, late)).toBe("closed");
    const justOpen = new Date("2026-11-22T09:30:00+09:00");
    expect(verifyCheckinCode(secret, checkinCode(secret, justOpen), session, justOpen)).toBe("ok");
  });

  it("tells how long the code stays", () => {
    expect(secondsUntilNextCode(new Date(Date.UTC(2026, 10, 22, 1, 0, 10)))).toBe(20);
  });
});

describe("receipt numbers", () => {
  it("are readable and normalise what people type", () => {
    const r = newReceiptNumber();
    expect(r).toMatch(/^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/);
    expect(normalizeReceiptNumber(" ｋ７ｑｗ３ｍｘ９ ")).toBe("K7QW-3MX9");
    expect(normalizeReceiptNumber("k7qw-3mx9")).toBe("K7QW-3MX9");
  });
});
