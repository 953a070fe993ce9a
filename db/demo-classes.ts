import { and, eq, inArray, sql } from "drizzle-orm";
import { newCheckinSecret } from "../app/classes/checkin.server";
import { seededRandom } from "../app/quizzes/grading";
import type { Db } from "./client";
import {
  attendance,
  classSeries,
  classSessionInstructors,
  classSessions,
  courses,
  jobRanks,
  organizations,
  registrations,
  surveys,
  users,
  venues,
} from "./schema";

/**
 * Demo classes (教室) for the demo organizations: venues, residents' smartphone classes in the formats the two plans
 * describe, and staff trainings, over about ten months before `today` and three months after it.
 *
 * - 阿見町 (DX推進計画, 基本方針1-③): KPI「スマートフォン講習会の開催回数（年間）」現状値 24 → 目標 46 (2027年度). Classes at
 *   中央公民館 with private companies since FY2022, carrier classes, and more. The yearly rate here rises along the
 *   plan's line, so the KPI actuals look like a town on its way to the target.
 * - 小美玉市 (実施計画 No.33): 高齢者向けスマホ教室 in five formats — 公民館講座, 高齢者大学, 地区サロン（高齢者グループ）,
 *   民間事業者（携帯ショップ等）との連携, 出張型. Staff trainings (No.32): 階層別DX研修, 情報セキュリティ研修, DX実践研修.
 *
 * Deterministic for a given `today`: everything, identifiers, receipt numbers and check-in secrets included, comes
 * from a seeded PRNG (mulberry32). Idempotent: an organization that already has a class series is skipped. Each
 * organization is written in one transaction with multi-row inserts.
 */

export interface DemoClassesSummary {
  series: number;
  sessions: number;
  registrations: number;
  attendance: number;
  surveys: number;
}

type SeriesInsert = typeof classSeries.$inferInsert;
type SessionInsert = typeof classSessions.$inferInsert;
type RegistrationInsert = typeof registrations.$inferInsert;
type AttendanceInsert = typeof attendance.$inferInsert;
type SurveyInsert = typeof surveys.$inferInsert;
type OrganizerType = SeriesInsert["organizerType"];
type Format = SeriesInsert["format"];
type AgeBand = NonNullable<RegistrationInsert["ageBand"]>;
type Channel = RegistrationInsert["channel"];
type RegStatus = RegistrationInsert["status"];
type AttStatus = AttendanceInsert["status"];

// ---------------------------------------------------------------------------------------------------------------------
// Deterministic randomness

function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

class Rng {
  private readonly next: () => number;
  constructor(seed: string) {
    this.next = seededRandom(hashString(seed));
  }
  float(): number {
    return this.next();
  }
  between(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }
  /** Integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    const total = items.reduce((s, [, w]) => s + w, 0);
    let r = this.next() * total;
    for (const [item, w] of items) {
      r -= w;
      if (r < 0) return item;
    }
    return items[items.length - 1]![0];
  }
  shuffle<T>(items: readonly T[]): T[] {
    const a = [...items];
    for (let i = a.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [a[i], a[j]] = [a[j]!, a[i]!];
    }
    return a;
  }
  hex(chars: number): string {
    let s = "";
    for (let i = 0; i < chars; i++) s += Math.floor(this.next() * 16).toString(16);
    return s;
  }
  /** A version-4-shaped UUID. */
  uuid(): string {
    const h = this.hex(32).split("");
    h[12] = "4";
    h[16] = "89ab"[Math.floor(this.next() * 4)]!;
    const s = h.join("");
    return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// Japan time calendar. A "day" is the number of days since 1970-01-01 in Asia/Tokyo (UTC+9, no daylight saving).

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
const JST_OFFSET_MS = 9 * 3_600_000;

const jstDay = (d: Date): number => Math.floor((d.getTime() + JST_OFFSET_MS) / DAY_MS);
/** The instant of `minutes` after midnight JST on `day`. */
const atJst = (day: number, minutes: number): Date => new Date(day * DAY_MS + minutes * MINUTE_MS - JST_OFFSET_MS);
const dayOf = (y: number, m: number, d: number): number => Math.floor(Date.UTC(y, m - 1, d) / DAY_MS);
function ymd(day: number): { y: number; m: number; d: number; dow: number } {
  const t = new Date(day * DAY_MS);
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate(), dow: t.getUTCDay() };
}
const fiscalYear = (day: number): number => {
  const { y, m } = ymd(day);
  return m >= 4 ? y : y - 1;
};
const reiwa = (fy: number): number => fy - 2018;
const addMinutes = (d: Date, minutes: number): Date => new Date(d.getTime() + minutes * MINUTE_MS);
const minDate = (a: Date, b: Date): Date => (a.getTime() <= b.getTime() ? a : b);
const maxDate = (a: Date, b: Date): Date => (a.getTime() >= b.getTime() ? a : b);

const FIXED_HOLIDAYS = new Set([101, 102, 103, 211, 223, 320, 429, 503, 504, 505, 811, 923, 1103, 1123]);

/** Weekends, national holidays (approximately: fixed dates, Happy Mondays, substitute Mondays), お盆 and 年末年始. */
function isClosed(day: number): boolean {
  const { m, d, dow } = ymd(day);
  if (dow === 0 || dow === 6) return true;
  const md = m * 100 + d;
  if (FIXED_HOLIDAYS.has(md) || md >= 1228 || md <= 104 || (md >= 813 && md <= 816)) return true;
  if (dow === 1) {
    const nth = Math.ceil(d / 7);
    if ((m === 1 && nth === 2) || (m === 7 && nth === 3) || (m === 9 && nth === 3) || (m === 10 && nth === 2)) return true;
    const prev = ymd(day - 1);
    if (FIXED_HOLIDAYS.has(prev.m * 100 + prev.d)) return true; // 振替休日
  }
  return false;
}

/** The first open day on or after `from` whose weekday is one of `weekdays`. */
function nextOpenDay(from: number, weekdays: readonly number[]): number {
  let day = from;
  while (isClosed(day) || !weekdays.includes(ymd(day).dow)) day++;
  return day;
}

/** The nth given weekday of a month, moved a week on while it is a holiday. */
function nthWeekday(y: number, m: number, dow: number, nth: number): number {
  const first = dayOf(y, m, 1);
  let day = first + ((dow - ymd(first).dow + 7) % 7) + (nth - 1) * 7;
  while (isClosed(day)) day += 7;
  return day;
}

/** The first open weekday after `day`, at a random office hour: when paper forms get typed in. */
const nextOfficeTime = (rng: Rng, day: number): Date => atJst(nextOpenDay(day + 1, [1, 2, 3, 4, 5]), rng.int(9 * 60, 16 * 60 + 30));

const season = (m: number): string => (m >= 3 && m <= 5 ? "春" : m >= 6 && m <= 8 ? "夏" : m >= 9 && m <= 11 ? "秋" : "冬");

// ---------------------------------------------------------------------------------------------------------------------
// What each demo organization holds

interface Slot {
  start: number;
  end: number;
}
const AM: Slot = { start: 10 * 60, end: 12 * 60 };
const PM: Slot = { start: 13 * 60 + 30, end: 15 * 60 + 30 };

interface VenueSpec {
  key: string;
  name: string;
  address: string;
  capacity: number;
  accessibilityNotes: string;
}

interface ResidentTemplate {
  key: string;
  weight: number;
  organizerType: OrganizerType;
  organizerName: string | null;
  format: Format;
  sessions: 1 | 4;
  /** Venue keys; empty for classes held at a community hall or a group's own place (出張). */
  venues: string[];
  slots: Slot[];
  weekdays: number[];
  capacity: [number, number];
  externalInstructors: string[];
  /** The demo instructor (staff number 1004) teaches it. */
  staffInstructor: boolean;
  title: (c: { fy: number; season: string; venue: string; topic: string; place: string }) => string;
  description: string;
  places?: string[];
}

interface StaffTrainingSpec {
  key: string;
  title: string;
  category: "dx-literacy" | "security";
  courseSlug: string;
  description: string;
  slot: Slot;
  capacity: number;
  externalInstructors: string[];
  channel: "staff" | "hr_bulk";
  /** Month, weekday and nth weekday of each session in a fiscal year, and who attends it. */
  sessions: { month: number; dow: number; nth: number; who: "half-0" | "half-1" | "volunteers" | "junior" | "chiefs" }[];
}

interface OrgPlan {
  slug: string;
  venues: VenueSpec[];
  trainingVenue: string;
  templates: ResidentTemplate[];
  /** Residents' smartphone sessions per year planned for a fiscal year. */
  sessionsPerYear: (fy: number) => number;
  districts: string[];
  phone: (rng: Rng) => string;
  trainings: StaffTrainingSpec[];
}

const TOPICS = [
  "LINEを使ってみよう",
  "マイナンバーカードとマイナポータル",
  "写真の撮り方と整理",
  "地図アプリと防災情報",
  "詐欺メール・詐欺電話への備え",
  "キャッシュレス決済のはじめ方",
  "ビデオ通話で家族と話そう",
];

const BASICS_OUTLINE = "第1回 電源・充電と基本操作／第2回 電話とカメラ／第3回 LINE／第4回 詐欺対策と防災アプリ。";

const SECURITY_TRAINING = (sessions: StaffTrainingSpec["sessions"]): StaffTrainingSpec => ({
  key: "security",
  title: "情報セキュリティ研修",
  category: "security",
  courseSlug: "security-basics",
  description: "全職員対象。パスワードと多要素認証、標的型メール、個人情報・マイナンバーの取扱い、インシデント発生時の報告。人事課が2回に分けて一括登録。",
  slot: { start: 15 * 60, end: 16 * 60 + 30 },
  capacity: 40,
  externalInstructors: ["情報セキュリティ外部講師"],
  channel: "hr_bulk",
  sessions,
});

const DX_PRACTICE = (sessions: StaffTrainingSpec["sessions"]): StaffTrainingSpec => ({
  key: "dx-practice",
  title: "DX実践研修",
  category: "dx-literacy",
  courseSlug: "dx-basics",
  description: "希望者対象。業務の流れを書き出し、デジタル化・BPRの改善案をグループで作る演習形式の研修。",
  slot: { start: 13 * 60 + 30, end: 16 * 60 + 30 },
  capacity: 24,
  externalInstructors: ["外部アドバイザー（DX人材育成）"],
  channel: "staff",
  sessions,
});

const PLANS: OrgPlan[] = [
  {
    slug: "ami",
    venues: [
      { key: "chuo", name: "中央公民館", address: "茨城県稲敷郡阿見町中央", capacity: 40, accessibilityNotes: "講座室は1階・車いす用トイレあり・駐車場あり" },
      { key: "hongo", name: "本郷ふれあいセンター", address: "茨城県稲敷郡阿見町本郷", capacity: 24, accessibilityNotes: "1階・車いす用トイレあり" },
      { key: "kimihara", name: "君原公民館", address: "茨城県稲敷郡阿見町大字君島", capacity: 20, accessibilityNotes: "1階・いす席あり・入口にスロープあり" },
      { key: "funashima", name: "舟島ふれあいセンター", address: "茨城県稲敷郡阿見町大字島津", capacity: 20, accessibilityNotes: "1階・車いす用トイレあり" },
      { key: "chosha", name: "役場本庁舎 大会議室", address: "茨城県稲敷郡阿見町中央", capacity: 40, accessibilityNotes: "3階・エレベーターあり" },
    ],
    trainingVenue: "chosha",
    templates: [
      {
        key: "basics",
        weight: 2,
        organizerType: "municipal",
        organizerName: null,
        format: "in_person",
        sessions: 4,
        venues: ["chuo", "chuo", "hongo", "kimihara"],
        slots: [AM, PM],
        weekdays: [2, 3, 4],
        capacity: [12, 16],
        externalInstructors: ["デジタル活用支援員"],
        staffInstructor: true,
        title: (c) => `はじめてのスマホ教室 全4回（令和${reiwa(c.fy)}年度 ${c.season}・${c.venue}）`,
        description: `中央公民館が主催する初心者向け講座。${BASICS_OUTLINE}練習用スマホの貸出あり。`,
      },
      {
        key: "private",
        weight: 4,
        organizerType: "private",
        organizerName: "民間事業者（デジタル活用支援の協力事業者）",
        format: "in_person",
        sessions: 1,
        venues: ["chuo"],
        slots: [PM, AM],
        weekdays: [2, 3, 4, 5],
        capacity: [16, 20],
        externalInstructors: ["協力事業者 講師", "デジタル活用支援員"],
        staffInstructor: false,
        title: (c) => `スマホ講習会「${c.topic}」`,
        description: "2022年度から中央公民館で民間事業者と連携して開いている高齢者向け講習会。総務省のデジタル活用支援推進事業を活用。",
      },
      {
        key: "carrier",
        weight: 3,
        organizerType: "carrier",
        organizerName: "携帯ショップ（協力事業者）",
        format: "in_person",
        sessions: 1,
        venues: ["hongo", "funashima"],
        slots: [PM],
        weekdays: [1, 2, 3, 4, 5],
        capacity: [10, 12],
        externalInstructors: ["携帯ショップ スタッフ"],
        staffInstructor: false,
        title: () => "携帯ショップのスマホ相談会",
        description: "携帯ショップのスタッフが、ご自分のスマホの操作や設定の相談に応じます（機種・契約会社は問いません）。町は会場と周知を担当。",
      },
      {
        key: "volunteer",
        weight: 1.5,
        organizerType: "volunteer",
        organizerName: "スマホサポートボランティア",
        format: "in_person",
        sessions: 1,
        venues: ["kimihara", "funashima"],
        slots: [AM],
        weekdays: [2, 4],
        capacity: [8, 12],
        externalInstructors: ["スマホサポートボランティア"],
        staffInstructor: false,
        title: () => "スマホよろず相談会",
        description: "地域のボランティアが1対1に近い形でお手伝いします。ご自分のスマホをお持ちください。",
      },
      {
        key: "senior-university",
        weight: 0.5,
        organizerType: "senior_university",
        organizerName: "高齢者大学",
        format: "in_person",
        sessions: 4,
        venues: ["chuo"],
        slots: [AM],
        weekdays: [3],
        capacity: [20, 30],
        externalInstructors: ["デジタル活用支援員"],
        staffInstructor: false,
        title: (c) => `高齢者大学 スマホ講座 全4回（令和${reiwa(c.fy)}年度 ${c.season}）`,
        description: `高齢者大学の学生向け講座。${BASICS_OUTLINE}`,
      },
      {
        key: "outreach",
        weight: 1.5,
        organizerType: "outreach",
        organizerName: "高齢福祉課（出張）",
        format: "outreach",
        sessions: 1,
        venues: [],
        slots: [AM, PM],
        weekdays: [1, 2, 3, 4, 5],
        capacity: [10, 15],
        externalInstructors: ["デジタル活用支援員"],
        staffInstructor: false,
        title: (c) => `出張スマホ教室（${c.place}）`,
        description: "地区の集会所に出向いて開く教室。会場までの移動が難しい方向け。",
        places: ["荒川本郷地区集会所", "うずら野地区集会所", "吉原地区集会所", "実穀地区集会所", "若栗地区集会所", "竹来地区集会所"],
      },
    ],
    // The KPI line: 24 sessions (現状値) in FY2022 to 46 in FY2027.
    sessionsPerYear: (fy) => Math.min(46, Math.max(24, 24 + ((46 - 24) * (fy - 2022)) / 5)),
    districts: "中央 本郷 荒川本郷 荒川沖 阿見 若栗 吉原 実穀 君島 小池 島津 竹来 上長 追原 福田 青宿 大室 うずら野".split(" "),
    phone: (rng) => `000-${rng.pick(["887", "888", "889"])}-${String(rng.int(0, 9999)).padStart(4, "0")}`, // fictional: 000 is unassigned
    trainings: [
      DX_PRACTICE([
        { month: 7, dow: 3, nth: 2, who: "volunteers" },
        { month: 1, dow: 3, nth: 4, who: "volunteers" },
      ]),
      SECURITY_TRAINING([
        { month: 6, dow: 4, nth: 2, who: "half-0" },
        { month: 11, dow: 4, nth: 2, who: "half-1" },
      ]),
    ],
  },
  {
    slug: "omitama",
    venues: [
      { key: "ogawa", name: "小川公民館", address: "茨城県小美玉市小川", capacity: 30, accessibilityNotes: "講座室は1階・車いす用トイレあり" },
      { key: "tamari", name: "玉里公民館", address: "茨城県小美玉市上玉里", capacity: 24, accessibilityNotes: "1階・車いす用トイレあり・駐車場あり" },
      { key: "minore", name: "四季文化館みの〜れ", address: "茨城県小美玉市部室", capacity: 40, accessibilityNotes: "1階・車いす用トイレあり・多目的室" },
      {
        key: "cosmos",
        name: "生涯学習センターコスモス",
        address: "茨城県小美玉市小川",
        capacity: 30,
        accessibilityNotes: "2階・エレベーターあり・車いす用トイレあり",
      },
      { key: "chosha", name: "市役所本庁舎 大会議室", address: "茨城県小美玉市堅倉", capacity: 40, accessibilityNotes: "2階・エレベーターあり" },
    ],
    trainingVenue: "chosha",
    templates: [
      {
        key: "kominkan",
        weight: 2,
        organizerType: "municipal",
        organizerName: null,
        format: "in_person",
        sessions: 4,
        venues: ["ogawa", "tamari", "cosmos"],
        slots: [AM, PM],
        weekdays: [2, 3, 4],
        capacity: [12, 16],
        externalInstructors: [],
        staffInstructor: true,
        title: (c) => `公民館講座 はじめてのスマホ教室 全4回（令和${reiwa(c.fy)}年度 ${c.season}・${c.venue}）`,
        description: `生涯学習課の公民館講座。${BASICS_OUTLINE}`,
      },
      {
        key: "senior-university",
        weight: 0.75,
        organizerType: "senior_university",
        organizerName: "高齢者大学",
        format: "in_person",
        sessions: 4,
        venues: ["minore"],
        slots: [AM],
        weekdays: [2],
        capacity: [24, 36],
        externalInstructors: ["デジタル活用支援員"],
        staffInstructor: false,
        title: (c) => `高齢者大学 スマホ教室 全4回（令和${reiwa(c.fy)}年度 ${c.season}）`,
        description: `高齢者大学の学生向けスマホ教室。${BASICS_OUTLINE}`,
      },
      {
        key: "salon",
        weight: 3,
        organizerType: "volunteer",
        organizerName: "地区サロン（高齢者グループ）",
        format: "outreach",
        sessions: 1,
        venues: [],
        slots: [AM, PM],
        weekdays: [1, 2, 3, 4, 5],
        capacity: [8, 15],
        externalInstructors: ["デジタル活用支援員"],
        staffInstructor: false,
        title: (c) => `地区サロンのスマホ教室（${c.place}）`,
        description: "介護予防教室や地区サロンなど、既存の高齢者グループの集まりで開くスマホ操作講座。",
        places: ["羽鳥地区サロン", "竹原地区サロン", "上玉里地区サロン", "堅倉地区サロン", "与沢地区サロン", "高崎地区サロン"],
      },
      {
        key: "carrier",
        weight: 3,
        organizerType: "carrier",
        organizerName: "携帯ショップ（協力事業者）",
        format: "in_person",
        sessions: 1,
        venues: ["ogawa", "tamari", "minore"],
        slots: [PM],
        weekdays: [1, 2, 3, 4, 5],
        capacity: [12, 15],
        externalInstructors: ["携帯ショップ スタッフ"],
        staffInstructor: false,
        title: (c) => `携帯ショップの無料スマホ教室「${c.topic}」`,
        description: "市内の携帯ショップが公共施設に出張して開く無料教室。市は会場の確保と周知を支援。",
      },
      {
        key: "private",
        weight: 1.5,
        organizerType: "private",
        organizerName: "民間事業者（デジタル活用支援の協力事業者）",
        format: "in_person",
        sessions: 1,
        venues: ["cosmos", "minore"],
        slots: [AM, PM],
        weekdays: [2, 3, 4, 5],
        capacity: [15, 20],
        externalInstructors: ["協力事業者 講師", "デジタル活用支援員"],
        staffInstructor: false,
        title: (c) => `スマホ講習会「${c.topic}」（デジタル活用支援推進事業）`,
        description: "民間事業者と連携し、総務省のデジタル活用支援推進事業を活用して開く講習会。",
      },
      {
        key: "outreach",
        weight: 2,
        organizerType: "outreach",
        organizerName: "介護福祉課（出張）",
        format: "outreach",
        sessions: 1,
        venues: [],
        slots: [AM, PM],
        weekdays: [1, 2, 3, 4, 5],
        capacity: [8, 12],
        externalInstructors: ["デジタル活用支援員"],
        staffInstructor: false,
        title: (c) => `出張型スマホ教室（${c.place}）`,
        description: "ご要望のあった集まりに職員と支援員が出向く出張型の教室。",
        places: ["小川地区 介護予防教室", "玉里地区 いきいきクラブ", "美野里地区 シニアクラブ", "野田地区 集会所", "田木谷地区 集会所"],
      },
    ],
    sessionsPerYear: (fy) => Math.min(40, 28 + 2 * (fy - 2023)),
    districts: "小川 堅倉 羽鳥 竹原 上玉里 下玉里 高崎 栗又四ケ 野田 与沢 部室 中延 川中子 西郷地 田木谷 先後 納場 幡谷".split(" "),
    phone: (rng) => `000-${rng.pick(["946", "948", "958"])}-${String(rng.int(0, 9999)).padStart(4, "0")}`, // fictional: 000 is unassigned
    trainings: [
      {
        key: "kaisobetsu",
        title: "階層別DX研修",
        category: "dx-literacy",
        courseSlug: "dx-basics",
        description: "階層別研修の一つ。第1回は主事・技師級、第2回は係長級を対象に、DXの基礎と組織での進め方を学ぶ。人事課が一括登録。",
        slot: { start: 13 * 60 + 30, end: 16 * 60 },
        capacity: 30,
        externalInstructors: ["外部講師（DX研修）"],
        channel: "hr_bulk",
        sessions: [
          { month: 5, dow: 2, nth: 3, who: "junior" },
          { month: 10, dow: 2, nth: 3, who: "chiefs" },
        ],
      },
      DX_PRACTICE([
        { month: 8, dow: 3, nth: 4, who: "volunteers" },
        { month: 2, dow: 3, nth: 2, who: "volunteers" },
      ]),
      SECURITY_TRAINING([
        { month: 7, dow: 4, nth: 1, who: "half-0" },
        { month: 12, dow: 4, nth: 1, who: "half-1" },
      ]),
    ],
  },
];

// Residents' names: common family names and given names of people now in their 60s–80s.
// prettier-ignore
const FAMILY: [string, string][] = [
  ["鈴木", "すずき"], ["佐藤", "さとう"], ["高橋", "たかはし"], ["田中", "たなか"], ["渡辺", "わたなべ"], ["伊藤", "いとう"],
  ["小林", "こばやし"], ["中村", "なかむら"], ["加藤", "かとう"], ["山本", "やまもと"], ["木村", "きむら"], ["斉藤", "さいとう"],
  ["吉田", "よしだ"], ["飯田", "いいだ"], ["根本", "ねもと"], ["大和田", "おおわだ"], ["石塚", "いしづか"], ["宮本", "みやもと"],
  ["小松崎", "こまつざき"], ["海老原", "えびはら"], ["栗山", "くりやま"], ["坂本", "さかもと"], ["菅谷", "すがや"], ["野口", "のぐち"],
  ["岡野", "おかの"], ["長島", "ながしま"], ["塚本", "つかもと"], ["小沼", "こぬま"], ["横田", "よこた"], ["清水", "しみず"],
];
// prettier-ignore
const GIVEN: [string, string][] = [
  ["和子", "かずこ"], ["幸子", "さちこ"], ["節子", "せつこ"], ["洋子", "ようこ"], ["恵子", "けいこ"], ["京子", "きょうこ"],
  ["美智子", "みちこ"], ["悦子", "えつこ"], ["久美子", "くみこ"], ["静江", "しずえ"], ["春江", "はるえ"], ["とし子", "としこ"],
  ["文子", "ふみこ"], ["正子", "まさこ"], ["弘", "ひろし"], ["茂", "しげる"], ["進", "すすむ"], ["勇", "いさむ"],
  ["清", "きよし"], ["博", "ひろし"], ["昭", "あきら"], ["勝", "まさる"], ["稔", "みのる"], ["隆", "たかし"],
  ["武", "たけし"], ["光男", "みつお"], ["正夫", "まさお"], ["和夫", "かずお"],
];

const RESIDENT_NEXT_TOPICS = [
  "写真の整理",
  "マイナンバーカードの使い方",
  "LINEのビデオ通話",
  "キャッシュレス決済",
  "防災アプリの設定",
  "文字を大きくする設定",
  "ネットショッピングの注意点",
  "地図アプリの使い方",
];
const STAFF_NEXT_TOPICS: Record<StaffTrainingSpec["category"], string[]> = {
  "dx-literacy": ["生成AIの業務活用", "表計算ソフトの効率的な使い方", "RPAによる定型業務の自動化", "電子申請フォームの作り方"],
  security: ["インシデント発生時の初動対応", "パスワード管理と多要素認証", "個人情報の取扱い", "脱PPAPとファイル共有"],
};
const RESIDENT_COMMENTS = {
  high: [
    "ゆっくり丁寧に教えてもらえて、よく分かりました。",
    "孫にLINEで写真を送れるようになりました。",
    "少人数で質問しやすかったです。",
    "また参加したいです。",
    "家族に聞かなくても設定できるようになりました。",
    "支援員さんがそばで見てくれて安心でした。",
  ],
  mid: ["進み方が少し速く感じました。", "資料の文字をもう少し大きくしてほしいです。", "自分の機種と画面が違い、少し戸惑いました。"],
  low: ["内容が難しく、ついていけませんでした。", "声が聞こえにくい場面がありました。"],
};
const STAFF_COMMENTS = {
  high: ["業務での具体的な活用例が参考になった。", "演習があって理解しやすかった。", "課内でも共有したい。"],
  mid: ["内容が多く、時間が足りなかった。", "もう少し実務に近い事例がほしい。"],
  low: ["既に知っている内容が多かった。"],
};

// ---------------------------------------------------------------------------------------------------------------------
// Generation (pure: no database access)

interface Person {
  name: string;
  nameKana: string;
  phone: string | null;
  ageBand: AgeBand;
  district: string;
  needs: string[];
}

interface StaffMember {
  id: string;
  staffNumber: string;
  rank: string | null;
}

interface OrgContext {
  organizationId: string;
  today: Date;
  venueIds: Map<string, { id: string; capacity: number }>;
  staff: StaffMember[];
  instructorId: string | null;
  hrId: string | null;
  courseIds: Map<string, string>;
}

interface OrgRows {
  series: SeriesInsert[];
  sessions: SessionInsert[];
  instructors: (typeof classSessionInstructors.$inferInsert)[];
  registrations: RegistrationInsert[];
  attendance: AttendanceInsert[];
  surveys: SurveyInsert[];
}

interface Applicant {
  person: Person | null;
  userId: string | null;
  channel: Channel;
  createdAt: Date;
  createdBy: string | null;
}

interface PlannedSession {
  number: number;
  day: number;
  slot: Slot;
  cancelReason: string | null;
}

const RECEIPT_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

function residentPool(rng: Rng, plan: OrgPlan, size: number): Person[] {
  const seen = new Set<string>();
  const pool: Person[] = [];
  while (pool.length < size) {
    const [family, familyKana] = rng.pick(FAMILY);
    const [given, givenKana] = rng.pick(GIVEN);
    const name = `${family}　${given}`;
    if (seen.has(name)) continue;
    seen.add(name);
    const needsRoll = rng.float();
    pool.push({
      name,
      nameKana: `${familyKana}　${givenKana}`,
      phone: rng.chance(0.5) ? plan.phone(rng) : null,
      ageBand: rng.weighted<AgeBand>([
        ["under60", 0.05],
        ["60s", 0.2],
        ["70s", 0.45],
        ["80plus", 0.3],
      ]),
      district: rng.pick(plan.districts),
      needs:
        needsRoll < 0.08
          ? ["hearing_aid"]
          : needsRoll < 0.11
          ? ["wheelchair"]
          : needsRoll < 0.15
          ? ["large_print"]
          : needsRoll < 0.2
          ? ["own_device_help"]
          : [],
    });
  }
  return pool;
}

/** How many people at the head of the pool are regulars (常連) who keep coming back to classes. */
const REGULARS = 30;

/** `count` different people: about a third of the draws go to the regulars, the rest to anyone. */
function drawPeople(rng: Rng, pool: Person[], count: number, exclude: ReadonlySet<Person> = new Set()): Person[] {
  const chosen = new Set<Person>();
  const want = Math.min(count, pool.length - exclude.size);
  while (chosen.size < want) {
    const p = pool[rng.chance(0.35) ? rng.int(0, Math.min(REGULARS, pool.length) - 1) : rng.int(0, pool.length - 1)]!;
    if (!exclude.has(p)) chosen.add(p);
  }
  return [...chosen];
}

/**
 * Replays sign-ups and cancellations in time order the way the app decides them: confirmed while places remain,
 * otherwise waitlisted; a cancelled place goes to the first on the waitlist.
 */
function decideStatuses(applicants: { createdAt: Date; cancelledAt: Date | null }[], capacity: number): RegStatus[] {
  type Ev = { t: number; kind: 0 | 1; i: number };
  const events: Ev[] = [];
  applicants.forEach((a, i) => {
    events.push({ t: a.createdAt.getTime(), kind: 0, i });
    if (a.cancelledAt) events.push({ t: a.cancelledAt.getTime(), kind: 1, i });
  });
  events.sort((a, b) => a.t - b.t || a.kind - b.kind || a.i - b.i);
  const confirmed = new Set<number>();
  const waitlist: number[] = [];
  for (const e of events) {
    if (e.kind === 0) {
      if (confirmed.size < capacity) confirmed.add(e.i);
      else waitlist.push(e.i);
    } else if (confirmed.delete(e.i)) {
      const next = waitlist.shift();
      if (next !== undefined) confirmed.add(next);
    } else {
      const at = waitlist.indexOf(e.i);
      if (at >= 0) waitlist.splice(at, 1);
    }
  }
  return applicants.map((a, i) => (a.cancelledAt ? "cancelled" : confirmed.has(i) ? "confirmed" : "waitlisted"));
}

function buildOrgRows(plan: OrgPlan, ctx: OrgContext): OrgRows {
  const rng = new Rng(`manabiya-demo-classes:${plan.slug}`);
  const ids = new Rng(`manabiya-demo-classes-ids:${plan.slug}`);
  const rows: OrgRows = { series: [], sessions: [], instructors: [], registrations: [], attendance: [], surveys: [] };
  const { organizationId, today } = ctx;
  const todayDay = jstDay(today);
  const windowStart = todayDay - 300;
  const windowEnd = todayDay + 91;
  const receipts = new Set<string>();
  const receipt = (): string => {
    for (;;) {
      let s = "";
      for (let i = 0; i < 8; i++) s += RECEIPT_ALPHABET[Math.floor(rng.float() * RECEIPT_ALPHABET.length)];
      const r = `${s.slice(0, 4)}-${s.slice(4)}`;
      if (!receipts.has(r)) {
        receipts.add(r);
        return r;
      }
    }
  };
  const pool = residentPool(rng, plan, 170);
  const smartphoneCourse = ctx.courseIds.get("smartphone-basics") ?? null;

  // 1. Residents' classes: place series along the calendar at the plan's yearly rate, without double-booking a venue
  //    slot or the demo instructor.
  const occupied = new Set<string>();
  interface PlannedSeries {
    template: ResidentTemplate;
    venueKey: string | null;
    title: string;
    sessions: PlannedSession[];
  }
  const planned: PlannedSeries[] = [];
  // Courses (全4回) and single sessions are planned as two streams, each with its share of the yearly sessions, so that
  // they interleave on the calendar.
  const expected = (ts: ResidentTemplate[]) => ts.reduce((sum, t) => sum + t.weight * t.sessions, 0);
  const streams = [plan.templates.filter((t) => t.sessions > 1), plan.templates.filter((t) => t.sessions === 1)].filter((g) => g.length > 0);
  for (const group of streams) {
    const share = expected(group) / expected(plan.templates);
    let cursor = windowStart + rng.int(0, 10);
    const credit = group.map(() => rng.float());
    while (cursor < windowEnd) {
      // Smooth weighted round-robin: the mix follows the weights closely and every format gets its turn.
      group.forEach((t, i) => (credit[i]! += t.weight));
      const turn = credit.indexOf(Math.max(...credit));
      credit[turn]! -= group.reduce((sum, t) => sum + t.weight, 0);
      const template = group[turn]!;
      const venueKey = template.venues.length > 0 ? rng.pick(template.venues) : null;
      const slots = rng.shuffle(template.slots);
      let placed: { days: number[]; slot: Slot } | null = null;
      for (let attempt = 0; attempt < 21 && !placed; attempt++) {
        const first = nextOpenDay(cursor + attempt, template.weekdays);
        const days = [first];
        while (days.length < template.sessions) {
          let d = days[days.length - 1]! + 7;
          while (isClosed(d)) d += 7;
          days.push(d);
        }
        for (const slot of slots) {
          const keys = days.flatMap((d) => [
            ...(venueKey ? [`${d}|${slot.start}|${venueKey}`] : []),
            ...(template.staffInstructor ? [`${d}|${slot.start}|instructor`] : []),
          ]);
          if (keys.every((k) => !occupied.has(k))) {
            keys.forEach((k) => occupied.add(k));
            placed = { days, slot };
            break;
          }
        }
      }
      const interval = 365 / (plan.sessionsPerYear(fiscalYear(cursor)) * share);
      cursor += Math.max(1, Math.round(template.sessions * interval * rng.between(0.75, 1.25)));
      if (!placed) continue;
      const firstDay = placed.days[0]!;
      const { m } = ymd(firstDay);
      const venueName = venueKey ? plan.venues.find((v) => v.key === venueKey)?.name ?? "" : "";
      const title = template.title({
        fy: fiscalYear(firstDay),
        season: season(m),
        venue: venueName,
        topic: rng.pick(TOPICS),
        place: template.places ? rng.pick(template.places) : "",
      });
      planned.push({
        template,
        venueKey,
        title,
        sessions: placed.days.map((day, i) => ({ number: i + 1, day, slot: placed.slot, cancelReason: null })),
      });
    }
  }
  planned.sort((a, b) => a.sessions[0]!.day - b.sessions[0]!.day || a.sessions[0]!.slot.start - b.sessions[0]!.slot.start);

  // 2. One past single session called off (a typhoon in late summer if there was one), and one upcoming single session
  //    that is full with a short waitlist.
  const pastSingles = planned.filter((p) => p.sessions.length === 1 && p.sessions[0]!.day < todayDay - 7);
  const stormy = pastSingles.filter((p) => [8, 9, 10].includes(ymd(p.sessions[0]!.day).m));
  const calledOff = stormy.length > 0 ? rng.pick(stormy) : pastSingles.length > 0 ? rng.pick(pastSingles) : null;
  if (calledOff) calledOff.sessions[0]!.cancelReason = stormy.length > 0 ? "台風接近のため中止" : "講師の急病のため中止";
  const fullSeries = planned.find((p) => p.sessions.length === 1 && p.sessions[0]!.day > todayDay + 2) ?? null;

  const addSurvey = (sessionId: string, end: Date, endDay: number, audience: "residents" | "staff", category: string, enteredBy: string | null) => {
    const satisfaction = rng.weighted([
      [5, 0.48],
      [4, 0.36],
      [3, 0.13],
      [2, 0.03],
    ] as const);
    const clarity = Math.max(1, Math.min(5, satisfaction - (rng.chance(0.3) ? 1 : 0) + (rng.chance(0.08) ? 1 : 0)));
    const comments = audience === "residents" ? RESIDENT_COMMENTS : STAFF_COMMENTS;
    const level = satisfaction >= 4 ? comments.high : satisfaction === 3 ? comments.mid : comments.low;
    // Paper forms are typed in on the next working day; until then only the QR answers exist.
    const paperAt = nextOfficeTime(rng, endDay);
    const source = rng.chance(audience === "residents" ? 0.7 : 0.2) && paperAt.getTime() < today.getTime() ? "paper" : "qr";
    const topics = audience === "residents" ? RESIDENT_NEXT_TOPICS : STAFF_NEXT_TOPICS[category as StaffTrainingSpec["category"]] ?? [];
    rows.surveys.push({
      id: ids.uuid(),
      organizationId,
      sessionId,
      satisfaction,
      clarity,
      nextTopic: rng.chance(0.35) && topics.length > 0 ? rng.pick(topics) : null,
      comment: rng.chance(satisfaction <= 3 ? 0.6 : 0.25) ? rng.pick(level) : null,
      source,
      enteredBy: source === "paper" ? enteredBy : null,
      createdAt: source === "paper" ? paperAt : minDate(addMinutes(end, rng.int(3, 40)), maxDate(end, addMinutes(today, -1))),
    });
  };

  /** Registrations for one session from its applicants; attendance and surveys when it has been held. */
  const fillSession = (
    session: SessionInsert & { id: string },
    day: number,
    applicants: Applicant[],
    opts: { cancelRate: number; audience: "residents" | "staff"; category: string; marker: string | null; walkIns: boolean }
  ) => {
    const start = session.startsAt;
    const end = session.endsAt;
    const held = session.status === "held";
    const calledOffAt = session.status === "cancelled" ? atJst(day - 1, 15 * 60) : null;
    const latest = minDate(addMinutes(start, -60), addMinutes(today, -5));
    const withCancel = applicants.map((a) => {
      const cancelled = rng.chance(opts.cancelRate) && latest.getTime() > a.createdAt.getTime();
      return { ...a, cancelledAt: cancelled ? new Date(a.createdAt.getTime() + (latest.getTime() - a.createdAt.getTime()) * rng.between(0.3, 0.95)) : null };
    });
    const statuses = decideStatuses(withCancel, session.capacity);
    const present: string[] = [];
    withCancel.forEach((a, i) => {
      const status: RegStatus = calledOffAt ? "cancelled" : statuses[i]!;
      const id = ids.uuid();
      rows.registrations.push({
        id,
        organizationId,
        sessionId: session.id,
        receiptNumber: receipt(),
        channel: a.channel,
        status,
        userId: a.userId,
        name: a.person?.name ?? null,
        nameKana: a.person?.nameKana ?? null,
        phone: a.person?.phone ?? null,
        ageBand: a.person?.ageBand ?? null,
        district: a.person?.district ?? null,
        needs: a.person?.needs ?? [],
        consentAt: a.person ? a.createdAt : null,
        createdBy: a.createdBy,
        createdAt: a.createdAt,
        cancelledAt: calledOffAt ? a.cancelledAt ?? maxDate(calledOffAt, addMinutes(a.createdAt, 1)) : a.cancelledAt,
      });
      if (held && status === "confirmed") present.push(id);
    });
    if (!held) return;

    // Walk-ins (当日参加): not counted against capacity.
    const walkIns: string[] = [];
    if (opts.walkIns) {
      const count = rng.weighted([
        [0, 0.6],
        [1, 0.3],
        [2, 0.1],
      ] as const);
      const taken = new Set(applicants.map((a) => a.person).filter((p): p is Person => p !== null));
      for (const person of drawPeople(rng, pool, count, taken)) {
        const id = ids.uuid();
        const at = addMinutes(start, -rng.int(5, 15));
        rows.registrations.push({
          id,
          organizationId,
          sessionId: session.id,
          receiptNumber: receipt(),
          channel: "walk_in",
          status: "confirmed",
          userId: null,
          ...person,
          consentAt: at,
          createdBy: opts.marker,
          createdAt: at,
          cancelledAt: null,
        });
        walkIns.push(id);
      }
    }

    let attended = 0;
    const mark = (registrationId: string, status: AttStatus, walkIn: boolean) => {
      const self = !walkIn && (status === "present" || status === "late") && rng.chance(opts.audience === "staff" ? 0.5 : 0.2);
      const markedAt =
        status === "absent" || status === "excused"
          ? end
          : status === "late"
          ? addMinutes(start, rng.int(10, 30))
          : status === "left_early"
          ? addMinutes(start, rng.int(45, 90))
          : addMinutes(start, -rng.int(0, 15));
      const note =
        status === "left_early"
          ? rng.pick(["通院のため途中退出", "体調不良のため途中退出", "家族の送迎のため途中退出"])
          : status === "excused"
          ? rng.pick(["窓口対応のため公欠", "災害対応のため公欠", "出張のため公欠"])
          : status === "late" && rng.chance(0.4)
          ? rng.pick(opts.audience === "staff" ? ["会議が長引いたため", "窓口対応のため"] : ["バスの遅れ", "会場の場所が分かりにくかったため"])
          : null;
      rows.attendance.push({
        registrationId,
        organizationId,
        sessionId: session.id,
        status,
        method: self ? "self" : "roster",
        note,
        markedAt,
        markedBy: self ? null : opts.marker,
      });
      if (status === "present" || status === "late" || status === "left_early") attended++;
    };
    for (const id of present) {
      const status =
        opts.audience === "staff"
          ? rng.weighted<AttStatus>([
              ["present", 0.85],
              ["late", 0.04],
              ["excused", 0.06],
              ["absent", 0.05],
            ])
          : rng.weighted<AttStatus>([
              ["present", 0.8],
              ["late", 0.06],
              ["left_early", 0.04],
              ["absent", 0.1],
            ]);
      mark(id, status, false);
    }
    for (const id of walkIns) mark(id, "present", true);

    const answered = Math.round(attended * rng.between(0.6, 0.8));
    for (let i = 0; i < answered; i++) addSurvey(session.id, end, day, opts.audience, opts.category, opts.marker);
  };

  const newSession = (seriesId: string, s: PlannedSession, capacity: number, venueId: string | null, external: string[], seriesCreatedAt: Date) => {
    const startsAt = atJst(s.day, s.slot.start);
    const endsAt = atJst(s.day, s.slot.end);
    const past = endsAt.getTime() < today.getTime();
    const status: SessionInsert["status"] = s.cancelReason ? "cancelled" : past ? "held" : "scheduled";
    const row = {
      id: ids.uuid(),
      organizationId,
      seriesId,
      number: s.number,
      startsAt,
      endsAt,
      venueId,
      capacity,
      status,
      cancelReason: s.cancelReason,
      externalInstructors: external,
      // Random even in demo data: a secret derived from the source would let anyone compute a public demo's codes.
      checkinSecret: newCheckinSecret(),
      closedAt: status === "held" ? endsAt : null,
      createdAt: seriesCreatedAt,
    } satisfies SessionInsert;
    rows.sessions.push(row);
    return row;
  };

  for (const p of planned) {
    const t = p.template;
    const venue = p.venueKey ? ctx.venueIds.get(p.venueKey) : undefined;
    const capacity = Math.min(venue?.capacity ?? Infinity, rng.int(t.capacity[0], t.capacity[1]));
    const firstDay = p.sessions[0]!.day;
    const firstStart = atJst(firstDay, p.sessions[0]!.slot.start);
    const createdAt = minDate(atJst(firstDay - 42, 9 * 60 + 30), atJst(todayDay - 10, 9 * 60 + 30));
    const seriesId = ids.uuid();
    rows.series.push({
      id: seriesId,
      organizationId,
      title: p.title,
      description: t.description,
      courseId: smartphoneCourse,
      category: "smartphone",
      audience: "residents",
      organizerType: t.organizerType,
      organizerName: t.organizerName,
      format: t.format,
      createdAt,
    });

    // Who applies: the whole series is one course, so the same people sign up for each of its sessions.
    const daysAhead = firstDay - todayDay;
    const demand =
      p === fullSeries
        ? capacity + 3
        : daysAhead <= 0
        ? Math.round(capacity * rng.between(0.65, 1.12))
        : Math.round(capacity * (daysAhead <= 14 ? rng.between(0.75, 1) : daysAhead <= 45 ? rng.between(0.4, 0.75) : rng.between(0.1, 0.4)));
    const hi = minDate(addMinutes(firstStart, -60), addMinutes(today, -5));
    const monthBefore = maxDate(createdAt, addMinutes(firstStart, -30 * 24 * 60));
    const lo = monthBefore.getTime() < hi.getTime() ? monthBefore : createdAt;
    const span = Math.max(0, hi.getTime() - lo.getTime());
    const applicants: Applicant[] = drawPeople(rng, pool, demand)
      .map((person) => {
        const online = person.ageBand === "under60" || person.ageBand === "60s" ? rng.chance(0.6) : rng.chance(0.2);
        return {
          person,
          userId: null,
          channel: online ? ("online" as const) : ("phone" as const),
          createdAt: new Date(lo.getTime() + Math.floor(span * rng.float())),
          createdBy: online ? null : ctx.instructorId,
        };
      })
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());

    for (const s of p.sessions) {
      const session = newSession(seriesId, s, capacity, venue?.id ?? null, t.externalInstructors, createdAt);
      if (t.staffInstructor && ctx.instructorId) rows.instructors.push({ sessionId: session.id, userId: ctx.instructorId });
      fillSession(session, s.day, applicants, {
        cancelRate: p === fullSeries ? 0 : 0.06,
        audience: "residents",
        category: "smartphone",
        marker: ctx.instructorId,
        walkIns: t.format !== "outreach" || rng.chance(0.5),
      });
    }
  }

  // 3. Staff trainings, per fiscal year in the window.
  const staff = ctx.staff;
  for (let fy = fiscalYear(windowStart); fy <= fiscalYear(windowEnd); fy++) {
    for (const spec of plan.trainings) {
      const dated = spec.sessions
        .map((s, i) => ({ ...s, number: i + 1, day: nthWeekday(s.month >= 4 ? fy : fy + 1, s.month, s.dow, s.nth) }))
        .filter((s) => s.day >= windowStart && s.day <= windowEnd);
      if (dated.length === 0) continue;
      const venue = ctx.venueIds.get(plan.trainingVenue);
      const capacity = Math.min(venue?.capacity ?? Infinity, spec.capacity);
      const seriesCreatedAt = minDate(atJst(dayOf(fy, 4, 1) - 20, 10 * 60), addMinutes(today, -120));
      const seriesId = ids.uuid();
      rows.series.push({
        id: seriesId,
        organizationId,
        title: `${spec.title}（令和${reiwa(fy)}年度）`,
        description: spec.description,
        courseId: ctx.courseIds.get(spec.courseSlug) ?? null,
        category: spec.category,
        audience: "staff",
        organizerType: "municipal",
        organizerName: null,
        format: "in_person",
        createdAt: seriesCreatedAt,
      });
      for (const s of dated) {
        const session = newSession(
          seriesId,
          { number: s.number, day: s.day, slot: spec.slot, cancelReason: null },
          capacity,
          venue?.id ?? null,
          spec.externalInstructors,
          seriesCreatedAt
        );
        const junior = ["主事", "技師", "会計年度任用職員"];
        const chiefs = ["係長", "課長補佐"];
        const who =
          s.who === "half-0" || s.who === "half-1"
            ? staff.filter((_, i) => i % 2 === (s.who === "half-0" ? 0 : 1))
            : s.who === "junior"
            ? rng.shuffle(staff.filter((m) => m.rank && junior.includes(m.rank))).slice(0, 12)
            : s.who === "chiefs"
            ? staff.filter((m) => m.rank && (chiefs.includes(m.rank) || m.rank === "主任"))
            : rng.shuffle(staff).slice(0, rng.int(10, 14));
        const start = session.startsAt;
        const bulkAt = minDate(atJst(s.day - 28, 10 * 60), addMinutes(today, -60));
        const applicants: Applicant[] = who.slice(0, capacity).map((m, i) => {
          const self = spec.channel === "staff";
          const until = minDate(addMinutes(start, -24 * 60), addMinutes(today, -5));
          const weeksBefore = maxDate(seriesCreatedAt, addMinutes(start, -40 * 24 * 60));
          const from = weeksBefore.getTime() < until.getTime() ? weeksBefore : seriesCreatedAt;
          const createdAt = self
            ? new Date(from.getTime() + Math.floor(Math.max(0, until.getTime() - from.getTime()) * rng.float()))
            : new Date(bulkAt.getTime() + i * 1000);
          return { person: null, userId: m.id, channel: spec.channel, createdAt, createdBy: self ? m.id : ctx.hrId };
        });
        applicants.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
        fillSession(session, s.day, applicants, {
          cancelRate: spec.channel === "staff" ? 0.05 : 0,
          audience: "staff",
          category: spec.category,
          marker: ctx.hrId,
          walkIns: false,
        });
      }
    }
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------------------------------
// Writing

const CHUNK = 500;

async function insertInChunks<T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await insert(rows.slice(i, i + CHUNK));
}

/**
 * Seeds demo venues, classes, registrations, attendance and surveys for the demo organizations (阿見町, 小美玉市) that
 * exist and have no class series yet. `today` decides what is past (held) and what is upcoming (scheduled).
 */
export async function seedDemoClasses(db: Db, today: Date = new Date()): Promise<DemoClassesSummary> {
  const summary: DemoClassesSummary = { series: 0, sessions: 0, registrations: 0, attendance: 0, surveys: 0 };
  const orgs = await db
    .select({ id: organizations.id, slug: organizations.slug })
    .from(organizations)
    .where(
      inArray(
        organizations.slug,
        PLANS.map((p) => p.slug)
      )
    );
  const courseSlugs = ["smartphone-basics", ...new Set(PLANS.flatMap((p) => p.trainings.map((t) => t.courseSlug)))];
  const courseRows = await db.select({ id: courses.id, slug: courses.slug }).from(courses).where(inArray(courses.slug, courseSlugs));
  const courseIds = new Map(courseRows.map((c) => [c.slug, c.id]));

  for (const plan of PLANS) {
    const org = orgs.find((o) => o.slug === plan.slug);
    if (!org) continue;
    await db.transaction(async (tx) => {
      // Lock the organization so that two seeds at once cannot both find it without classes.
      await tx.select({ id: organizations.id }).from(organizations).where(eq(organizations.id, org.id)).for("update");
      const [existing] = await tx
        .select({ n: sql<number>`count(*)::int` })
        .from(classSeries)
        .where(eq(classSeries.organizationId, org.id));
      if ((existing?.n ?? 0) > 0) return;

      await tx
        .insert(venues)
        .values(
          plan.venues.map((v) => ({ organizationId: org.id, name: v.name, address: v.address, capacity: v.capacity, accessibilityNotes: v.accessibilityNotes }))
        )
        .onConflictDoNothing();
      const venueRows = await tx
        .select({ id: venues.id, name: venues.name, capacity: venues.capacity })
        .from(venues)
        .where(
          and(
            eq(venues.organizationId, org.id),
            inArray(
              venues.name,
              plan.venues.map((v) => v.name)
            )
          )
        );
      const venueIds = new Map<string, { id: string; capacity: number }>();
      for (const v of plan.venues) {
        const row = venueRows.find((r) => r.name === v.name);
        if (row) venueIds.set(v.key, { id: row.id, capacity: row.capacity });
      }

      const staffRows = await tx
        .select({ id: users.id, staffNumber: users.staffNumber, rank: jobRanks.name })
        .from(users)
        .leftJoin(jobRanks, eq(jobRanks.id, users.jobRankId))
        .where(and(eq(users.organizationId, org.id), eq(users.active, true)));
      const staff = staffRows.sort((a, b) => a.staffNumber.localeCompare(b.staffNumber, "en", { numeric: true }));

      const rows = buildOrgRows(plan, {
        organizationId: org.id,
        today,
        venueIds,
        staff,
        instructorId: staff.find((s) => s.staffNumber === "1004")?.id ?? null,
        hrId: staff.find((s) => s.staffNumber === "1001")?.id ?? null,
        courseIds,
      });

      await insertInChunks(rows.series, (c) => tx.insert(classSeries).values(c));
      await insertInChunks(rows.sessions, (c) => tx.insert(classSessions).values(c));
      await insertInChunks(rows.instructors, (c) => tx.insert(classSessionInstructors).values(c));
      await insertInChunks(rows.registrations, (c) => tx.insert(registrations).values(c));
      await insertInChunks(rows.attendance, (c) => tx.insert(attendance).values(c));
      await insertInChunks(rows.surveys, (c) => tx.insert(surveys).values(c));

      summary.series += rows.series.length;
      summary.sessions += rows.sessions.length;
      summary.registrations += rows.registrations.length;
      summary.attendance += rows.attendance.length;
      summary.surveys += rows.surveys.length;
    });
  }
  return summary;
}
