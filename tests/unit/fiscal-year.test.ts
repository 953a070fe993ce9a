import { describe, expect, it } from "vitest";
import { fiscalYearElapsed, fiscalYearLabel, fiscalYearOf, fiscalYearRange, warekiFiscalYear } from "~/kpis/fiscal-year";

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
