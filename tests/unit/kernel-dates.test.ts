import { describe, expect, it } from "vitest";
import {
  addDays,
  daysBetween,
  fiscalYearElapsed,
  fiscalYearLabel,
  fiscalYearOf,
  fiscalYearOfDate,
  fiscalYearRange,
  formatJapaneseDate,
  jstDate,
  jstInstant,
  jstMidnight,
  warekiFiscalYear,
} from "../../app/kernel/dates";

describe("fiscal years (April–March, Japan time)", () => {
  it("puts 31 March in the previous fiscal year and 1 April in the new one", () => {
    expect(fiscalYearOf(new Date("2027-03-31T23:59:59+09:00"))).toBe(2026);
    expect(fiscalYearOf(new Date("2027-04-01T00:00:00+09:00"))).toBe(2027);
  });
  it("uses Japan time, not the server's: 1 April 00:30 JST is still 31 March in UTC", () => {
    expect(fiscalYearOf(new Date("2027-03-31T15:30:00Z"))).toBe(2027);
    expect(fiscalYearOf(new Date("2027-03-31T14:59:59Z"))).toBe(2026);
  });
  it("gives the range as instants", () => {
    const { start, end } = fiscalYearRange(2026);
    expect(start.toISOString()).toBe("2026-03-31T15:00:00.000Z");
    expect(end.toISOString()).toBe("2027-03-31T15:00:00.000Z");
  });
  it("names fiscal years in 和暦 from the runtime's calendar, by the era on 1 April", () => {
    expect(warekiFiscalYear(2026)).toBe("令和8年度");
    expect(warekiFiscalYear(2020)).toBe("令和2年度");
    expect(warekiFiscalYear(2019)).toBe("平成31年度");
    expect(warekiFiscalYear(2018)).toBe("平成30年度");
    expect(fiscalYearLabel(2027)).toBe("2027年度（令和9年度）");
  });
  it("measures how much of the year has passed", () => {
    expect(fiscalYearElapsed(2026, new Date("2026-04-01T00:00:00+09:00"))).toBe(0);
    expect(fiscalYearElapsed(2026, new Date("2027-04-01T00:00:00+09:00"))).toBe(1);
    expect(fiscalYearElapsed(2026, new Date("2026-10-01T00:00:00+09:00"))).toBeCloseTo(183 / 365, 3);
    expect(fiscalYearElapsed(2026, new Date("2030-01-01T00:00:00+09:00"))).toBe(1);
  });
});

describe("calendar dates in Japan", () => {
  it("gives an instant's date in Japan, whatever the server's zone", () => {
    expect(jstDate(new Date("2026-12-31T14:59:59Z"))).toBe("2026-12-31");
    expect(jstDate(new Date("2026-12-31T15:00:00Z"))).toBe("2027-01-01");
  });
  it("reads a wall-clock time in Japan as an instant", () => {
    expect(jstInstant("2026-12-02", "09:30").toISOString()).toBe("2026-12-02T00:30:00.000Z");
    expect(jstInstant("2027-01-01", "08:59").toISOString()).toBe("2026-12-31T23:59:00.000Z");
    expect(jstMidnight("2026-04-01").toISOString()).toBe("2026-03-31T15:00:00.000Z");
    expect(jstDate(jstInstant("2026-02-28", "23:59"))).toBe("2026-02-28");
  });
  it("adds days across months, years and leap days, forwards and backwards", () => {
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
    expect(addDays("2027-02-28", 1)).toBe("2027-03-01");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
    expect(addDays("2026-04-01", 365)).toBe("2027-04-01");
    expect(daysBetween("2026-04-01", "2027-04-01")).toBe(365);
    expect(daysBetween("2026-04-03", "2026-04-01")).toBe(-2);
  });
  it("puts a date and the instants of that date in the same fiscal year", () => {
    for (const date of ["2026-03-31", "2026-04-01", "2027-03-31", "2027-01-01"]) {
      for (const time of ["00:00", "12:00", "23:59"]) expect(fiscalYearOf(jstInstant(date, time)), `${date} ${time}`).toBe(fiscalYearOfDate(date));
    }
    expect(fiscalYearOfDate("2027-03-31")).toBe(2026);
    expect(fiscalYearOfDate("2027-04-01")).toBe(2027);
  });
  it("writes dates the Japanese way", () => {
    expect(formatJapaneseDate("2026-05-10")).toBe("2026年5月10日");
    expect(formatJapaneseDate(new Date("2026-05-09T15:00:00Z"))).toBe("2026年5月10日");
  });
});
