import { describe, expect, it } from "vitest";
import { formatSessionTime, sessionMonth } from "~/classes/format";

describe("class times in Japan time", () => {
  it("formats a session with weekday and range", () => {
    expect(formatSessionTime(new Date("2026-11-28T01:00:00Z"), new Date("2026-11-28T03:00:00Z"))).toBe("11月28日(土) 10:00〜12:00");
  });
  it("puts a session at 00:30 JST on 1 December in December, although it is still November in UTC", () => {
    expect(sessionMonth(new Date("2026-11-30T15:30:00Z"))).toBe("2026年12月");
  });
});
