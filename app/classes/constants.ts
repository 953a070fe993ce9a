/** 主催: who runs a class (Omitama's plan lists the formats: 公民館講座, 高齢者大学, 地区サロン, 民間事業者, 出張). */
export const ORGANIZER_TYPES = {
  municipal: "市町直営",
  private: "民間事業者",
  carrier: "携帯キャリア",
  volunteer: "ボランティア",
  senior_university: "高齢者大学",
  outreach: "出張",
} as const;
export type OrganizerType = keyof typeof ORGANIZER_TYPES;

export const CLASS_FORMATS = { in_person: "対面", online: "オンライン", outreach: "出張" } as const;
export type ClassFormat = keyof typeof CLASS_FORMATS;

export const SESSION_STATUSES = { scheduled: "予定", held: "実施済み", cancelled: "中止" } as const;
export type SessionStatus = keyof typeof SESSION_STATUSES;

export const AGE_BANDS = { under60: "〜59歳", "60s": "60代", "70s": "70代", "80plus": "80代〜" } as const;
export type AgeBand = keyof typeof AGE_BANDS;

/** 出席, 遅刻, 早退, 欠席, 公欠. The first three count as attended (ATTENDED_STATUSES). */
export const ATTENDANCE_STATUSES = { present: "出席", late: "遅刻", left_early: "早退", absent: "欠席", excused: "公欠" } as const;
export type AttendanceStatus = keyof typeof ATTENDANCE_STATUSES;
/**
 * What counts as attending a class: the one definition for TypeScript (issue #19). SQL has the same rule as the
 * function `attended(status)` (migration 0013; in drizzle queries `attendedSql` in ./attended.server), and
 * tests/integration/attended.test.ts checks that the two agree for every status.
 */
export const ATTENDED_STATUSES = ["present", "late", "left_early"] as const satisfies readonly AttendanceStatus[];
export type AttendedStatus = (typeof ATTENDED_STATUSES)[number];
export function countsAsAttended(status: string | null | undefined): status is AttendedStatus {
  return (ATTENDED_STATUSES as readonly (string | null | undefined)[]).includes(status);
}

export const REGISTRATION_CHANNELS = {
  online: "インターネット",
  phone: "電話（職員が代理入力）",
  walk_in: "当日参加",
  staff: "職員本人",
  hr_bulk: "人事課が一括登録",
} as const;
export type RegistrationChannel = keyof typeof REGISTRATION_CHANNELS;

export const NEEDS = {
  hearing_aid: "補聴器を使っています",
  wheelchair: "車いすを使っています",
  large_print: "大きな文字の資料がほしい",
  own_device_help: "自分のスマホの設定を手伝ってほしい",
} as const;
export type Need = keyof typeof NEEDS;
