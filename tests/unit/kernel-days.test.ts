import { describe, expect, it } from "vitest";
import { addDays, fiscalYearOfDate, jstDate, jstInstant } from "~/kernel/dates";
import { dayDate, dayInstant, dayNumber, dayParts, fiscalYearOfDay, jstDay } from "~/kernel/days";

describe("day numbers (calendar days in Japan)", () => {
  it("counts days from 1970-01-01, a Thursday", () => {
    expect(dayNumber(1970, 1, 1)).toBe(0);
    expect(dayParts(0)).toEqual({ y: 1970, m: 1, d: 1, dow: 4 });
    expect(dayDate(dayNumber(2026, 4, 1))).toBe("2026-04-01");
    expect(dayParts(dayNumber(2026, 12, 2))).toEqual({ y: 2026, m: 12, d: 2, dow: 3 });
  });

  it("takes an instant's day in Japan time, whatever the server's zone", () => {
    expect(dayDate(jstDay(new Date("2026-12-31T14:59:59Z")))).toBe("2026-12-31");
    expect(dayDate(jstDay(new Date("2026-12-31T15:00:00Z")))).toBe("2027-01-01");
    expect(jstDay(new Date("2027-01-01T00:00:00+09:00"))).toBe(dayNumber(2027, 1, 1));
  });

  it("gives the instant of a time of day in Japan", () => {
    const day = dayNumber(2026, 12, 2);
    expect(dayInstant(day, 9 * 60 + 30).toISOString()).toBe("2026-12-02T00:30:00.000Z");
    expect(dayInstant(day).toISOString()).toBe("2026-12-01T15:00:00.000Z");
    expect(dayInstant(day, 13 * 60 + 30)).toEqual(jstInstant("2026-12-02", "13:30"));
    expect(jstDay(dayInstant(day, 23 * 60 + 59))).toBe(day);
  });

  it("agrees with app/kernel/dates.ts on dates and fiscal years", () => {
    for (let day = dayNumber(2023, 3, 25); day < dayNumber(2028, 4, 5); day += 3) {
      const date = dayDate(day);
      expect(date).toBe(jstDate(dayInstant(day, 12 * 60)));
      expect(dayDate(day + 1)).toBe(addDays(date, 1));
      expect(fiscalYearOfDay(day)).toBe(fiscalYearOfDate(date));
    }
    expect(fiscalYearOfDay(dayNumber(2027, 3, 31))).toBe(2026);
    expect(fiscalYearOfDay(dayNumber(2027, 4, 1))).toBe(2027);
  });

  it("steps across months, leap days and years", () => {
    expect(dayDate(dayNumber(2028, 2, 28) + 1)).toBe("2028-02-29");
    expect(dayDate(dayNumber(2027, 2, 28) + 1)).toBe("2027-03-01");
    expect(dayNumber(2027, 1, 1) - dayNumber(2026, 1, 1)).toBe(365);
    expect(dayParts(dayNumber(2026, 11, 23) + 7).dow).toBe(dayParts(dayNumber(2026, 11, 23)).dow);
  });
});
