import { jstDate } from "~/kernel/dates";

const day = { timeZone: "Asia/Tokyo", month: "long", day: "numeric", weekday: "short" } as const;
const formats = {
  ja: {
    day: new Intl.DateTimeFormat("ja-JP", day),
    dayWithYear: new Intl.DateTimeFormat("ja-JP", { ...day, year: "numeric" }),
    time: new Intl.DateTimeFormat("ja-JP", { timeZone: "Asia/Tokyo", hour: "2-digit", minute: "2-digit" }),
    month: new Intl.DateTimeFormat("ja-JP", { timeZone: "Asia/Tokyo", year: "numeric", month: "long" }),
  },
  en: {
    day: new Intl.DateTimeFormat("en-GB", day),
    dayWithYear: new Intl.DateTimeFormat("en-GB", { ...day, year: "numeric" }),
    time: new Intl.DateTimeFormat("en-GB", { timeZone: "Asia/Tokyo", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }),
    month: new Intl.DateTimeFormat("en-GB", { timeZone: "Asia/Tokyo", year: "numeric", month: "long" }),
  },
};

const of = (language: string) => formats[language === "en" ? "en" : "ja"];

/**
 * The day of a class in Japan time, with its year only when that is not this year (in Japan time): 「12月5日(土)」 this
 * year, 「2027年1月9日(土)」 for a class after New Year; in English "Sat 5 December", "Sat, 9 January 2027".
 */
export function formatSessionDay(at: Date | string, language = "ja", now: Date = new Date()): string {
  const f = of(language);
  const date = new Date(at);
  const sameYear = jstDate(date).slice(0, 4) === jstDate(now).slice(0, 4);
  return (sameYear ? f.day : f.dayWithYear).format(date);
}

/**
 * 「11月28日(土) 10:00〜12:00」 in Japan time, whatever the server's time zone; in English "Sat 28 November, 10:00–12:00"
 * (still Japan time: the classes are in Japan). The year is shown when the class is not this year (formatSessionDay).
 */
export function formatSessionTime(startsAt: Date | string, endsAt: Date | string, language = "ja", now: Date = new Date()): string {
  const f = of(language);
  const s = new Date(startsAt);
  const dayText = formatSessionDay(s, language, now);
  if (language === "en") return `${dayText}, ${f.time.format(s)}–${f.time.format(new Date(endsAt))}`;
  return `${dayText} ${f.time.format(s)}〜${f.time.format(new Date(endsAt))}`;
}

/** 「2026年11月」 ("November 2026"): the month a session falls in, in Japan time (for grouping the schedule). */
export function sessionMonth(startsAt: Date | string, language = "ja"): string {
  return of(language).month.format(new Date(startsAt));
}
