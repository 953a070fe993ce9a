const dayFormat = new Intl.DateTimeFormat("ja-JP", { timeZone: "Asia/Tokyo", month: "long", day: "numeric", weekday: "short" });
const timeFormat = new Intl.DateTimeFormat("ja-JP", { timeZone: "Asia/Tokyo", hour: "2-digit", minute: "2-digit" });
const monthFormat = new Intl.DateTimeFormat("ja-JP", { timeZone: "Asia/Tokyo", year: "numeric", month: "long" });

/** 「11月28日(土) 10:00〜12:00」 in Japan time, whatever the server's time zone. */
export function formatSessionTime(startsAt: Date | string, endsAt: Date | string): string {
  const s = new Date(startsAt);
  return `${dayFormat.format(s)} ${timeFormat.format(s)}〜${timeFormat.format(new Date(endsAt))}`;
}

/** 「2026年11月」: the month a session falls in, in Japan time (for grouping the schedule). */
export function sessionMonth(startsAt: Date | string): string {
  return monthFormat.format(new Date(startsAt));
}
