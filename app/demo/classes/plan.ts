/**
 * What a demo organization's year of classes is made of: its venues, the kinds of residents' class it holds
 * (templates, with their weights in the mix), how many residents' sessions a year its plan calls for, and its staff
 * trainings. One file per town (plan-ami.ts, plan-omitama.ts) fills these in from its municipal plan.
 */
import type { Rng } from "~/kernel/random";
import type { classSeries } from "../../../db/schema";

type SeriesInsert = typeof classSeries.$inferInsert;
type OrganizerType = SeriesInsert["organizerType"];
type Format = SeriesInsert["format"];

export interface Slot {
  start: number;
  end: number;
}
export const AM: Slot = { start: 10 * 60, end: 12 * 60 };
export const PM: Slot = { start: 13 * 60 + 30, end: 15 * 60 + 30 };

export interface VenueSpec {
  key: string;
  name: string;
  address: string;
  capacity: number;
  accessibilityNotes: string;
}

export interface ResidentTemplate {
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

export interface StaffTrainingSpec {
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

export interface OrgPlan {
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

export const TOPICS = [
  "LINEを使ってみよう",
  "マイナンバーカードとマイナポータル",
  "写真の撮り方と整理",
  "地図アプリと防災情報",
  "詐欺メール・詐欺電話への備え",
  "キャッシュレス決済のはじめ方",
  "ビデオ通話で家族と話そう",
];

export const BASICS_OUTLINE = "第1回 電源・充電と基本操作／第2回 電話とカメラ／第3回 LINE／第4回 詐欺対策と防災アプリ。";

export const SECURITY_TRAINING = (sessions: StaffTrainingSpec["sessions"]): StaffTrainingSpec => ({
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

export const DX_PRACTICE = (sessions: StaffTrainingSpec["sessions"]): StaffTrainingSpec => ({
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
