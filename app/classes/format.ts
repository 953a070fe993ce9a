const formats = {
  ja: {
    day: new Intl.DateTimeFormat("ja-JP", { timeZone: "Asia/Tokyo", month: "long", day: "numeric", weekday: "short" }),
    time: new Intl.DateTimeFormat("ja-JP", { timeZone: "Asia/Tokyo", hour: "2-digit", minute: "2-digit" }),
    month: new Intl.DateTimeFormat("ja-JP", { timeZone: "Asia/Tokyo", year: "numeric", month: "long" }),
  },
  en: {
    day: new Intl.DateTimeFormat("en-GB", { timeZone: "Asia/Tokyo", month: "long", day: "numeric", weekday: "short" }),
    time: new Intl.DateTimeFormat("en-GB", { timeZone: "Asia/Tokyo", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }),
    month: new Intl.DateTimeFormat("en-GB", { timeZone: "Asia/Tokyo", year: "numeric", month: "long" }),
  },
};

const of = (language: string) => formats[language === "en" ? "en" : "ja"];

/**
 * 「11月28日(土) 10:00〜12:00」 in Japan time, whatever the server's time zone; in English "Sat 28 November, 10:00–12:00"
 * (still Japan time: the classes are in Japan).
 */
export function formatSessionTime(startsAt: Date | string, endsAt: Date | string, language = "ja"): string {
  const f = of(language);
  const s = new Date(startsAt);
  if (language === "en") return `${f.day.format(s)}, ${f.time.format(s)}–${f.time.format(new Date(endsAt))}`;
  return `${f.day.format(s)} ${f.time.format(s)}〜${f.time.format(new Date(endsAt))}`;
}

/** 「2026年11月」 ("November 2026"): the month a session falls in, in Japan time (for grouping the schedule). */
export function sessionMonth(startsAt: Date | string, language = "ja"): string {
  return of(language).month.format(new Date(startsAt));
}
