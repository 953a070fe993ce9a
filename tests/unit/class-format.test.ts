import { describe, expect, it } from "vitest";
import { formatSessionDay, formatSessionTime, sessionMonth } from "~/classes/format";

/** "Today" for these tests: 2 December 2026, noon in Japan. */
const DEC_2026 = new Date("2026-12-02T03:00:00Z");

describe("class times in Japan time", () => {
  it("formats a session with weekday and range", () => {
    expect(formatSessionTime(new Date("2026-11-28T01:00:00Z"), new Date("2026-11-28T03:00:00Z"), "ja", DEC_2026)).toBe("11月28日(土) 10:00〜12:00");
  });
  it("puts a session at 00:30 JST on 1 December in December, although it is still November in UTC", () => {
    expect(sessionMonth(new Date("2026-11-30T15:30:00Z"))).toBe("2026年12月");
  });
});

describe("the year of a class date, shown only when it is not this year (in Japan time)", () => {
  it("leaves the year out this year and writes it for next year", () => {
    expect(formatSessionDay(new Date("2026-12-05T01:00:00Z"), "ja", DEC_2026)).toBe("12月5日(土)");
    expect(formatSessionDay(new Date("2027-01-09T01:00:00Z"), "ja", DEC_2026)).toBe("2027年1月9日(土)");
    expect(formatSessionTime(new Date("2027-01-09T01:00:00Z"), new Date("2027-01-09T03:00:00Z"), "ja", DEC_2026)).toBe("2027年1月9日(土) 10:00〜12:00");
  });
  it("writes the year for a date in an earlier year too", () => {
    expect(formatSessionDay(new Date("2025-12-27T01:00:00Z"), "ja", DEC_2026)).toBe("2025年12月27日(土)");
  });
  it("counts New Year in Japan time: 1 January 00:30 JST is next year although it is still 31 December in UTC", () => {
    const newYearsEveNoon = new Date("2026-12-31T03:00:00Z");
    expect(formatSessionDay(new Date("2026-12-31T15:30:00Z"), "ja", newYearsEveNoon)).toBe("2027年1月1日(金)");
    expect(formatSessionDay(new Date("2026-12-31T14:30:00Z"), "ja", newYearsEveNoon)).toBe("12月31日(木)");
  });
  it("judges 'this year' by today in Japan: on 1 January 00:30 JST a class that day has no year, one on 31 December has", () => {
    const newYearJst = new Date("2026-12-31T15:30:00Z"); // 2027-01-01 00:30 JST, still 2026 in UTC
    expect(formatSessionDay(new Date("2027-01-01T01:00:00Z"), "ja", newYearJst)).toBe("1月1日(金)");
    expect(formatSessionDay(new Date("2026-12-31T01:00:00Z"), "ja", newYearJst)).toBe("2026年12月31日(木)");
  });
  it("does the same in English", () => {
    expect(formatSessionDay(new Date("2026-12-05T01:00:00Z"), "en", DEC_2026)).toBe("Sat 5 December");
    expect(formatSessionTime(new Date("2027-01-09T01:00:00Z"), new Date("2027-01-09T03:00:00Z"), "en", DEC_2026)).toBe("Sat, 9 January 2027, 10:00–12:00");
  });
});
