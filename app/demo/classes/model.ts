/** The rows the demo-class generator produces for one organization, and the state its stages share. */
import type { Rng } from "~/kernel/random";
import type { attendance, classSeries, classSessionInstructors, classSessions, registrations, surveys } from "../../../db/schema";
import type { OrgPlan, ResidentTemplate, Slot } from "./plan";
import type { Person } from "./residents";

export type SeriesInsert = typeof classSeries.$inferInsert;
export type SessionInsert = typeof classSessions.$inferInsert;
export type RegistrationInsert = typeof registrations.$inferInsert;
export type AttendanceInsert = typeof attendance.$inferInsert;
export type SurveyInsert = typeof surveys.$inferInsert;
export type Channel = RegistrationInsert["channel"];
export type RegStatus = RegistrationInsert["status"];
export type AttStatus = AttendanceInsert["status"];

export interface StaffMember {
  id: string;
  staffNumber: string;
  rank: string | null;
}

/** What the database already holds for the organization: the generator itself reads nothing. */
export interface OrgContext {
  organizationId: string;
  today: Date;
  venueIds: Map<string, { id: string; capacity: number }>;
  staff: StaffMember[];
  instructorId: string | null;
  hrId: string | null;
  courseIds: Map<string, string>;
}

export interface OrgRows {
  series: SeriesInsert[];
  sessions: SessionInsert[];
  instructors: (typeof classSessionInstructors.$inferInsert)[];
  registrations: RegistrationInsert[];
  attendance: AttendanceInsert[];
  surveys: SurveyInsert[];
}

export interface Applicant {
  person: Person | null;
  userId: string | null;
  channel: Channel;
  createdAt: Date;
  createdBy: string | null;
}

export interface PlannedSession {
  number: number;
  day: number;
  slot: Slot;
  cancelReason: string | null;
}

export interface PlannedSeries {
  template: ResidentTemplate;
  venueKey: string | null;
  title: string;
  sessions: PlannedSession[];
}

/**
 * One organization's generation: its plan and context, its two seeded streams (`rng` for every choice, `ids` for the
 * rows' identifiers), the rows so far, and the window of days (about ten months before `today` and three after it).
 */
export interface Generation {
  plan: OrgPlan;
  ctx: OrgContext;
  rng: Rng;
  ids: Rng;
  rows: OrgRows;
  organizationId: string;
  today: Date;
  todayDay: number;
  windowStart: number;
  windowEnd: number;
  /** A new 受付番号, unique in the organization. */
  receipt: () => string;
  /** The residents who sign up; the first ones are regulars. */
  pool: Person[];
}
