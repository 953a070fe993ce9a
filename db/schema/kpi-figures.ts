import { bigint, integer, pgTable, primaryKey, text, unique, uuid } from "drizzle-orm/pg-core";
import { organizations } from "./organizations";

/*
 * The class figures the KPIs read (sessions_held, total_attendances, average_satisfaction, unique_participants), kept
 * up to date by triggers on class_series, class_sessions, registrations, attendance and surveys (decision 013,
 * migration 0010) instead of being recounted from half a million rows on every view. The triggers, the functions that
 * compute a change's effect and `class_figures_rebuild()` are SQL in the migration; the app only reads these tables.
 * A "kind" is a series' category × audience × organizer type — what a KPI can filter on.
 */

/** Additive figures per organization, fiscal year (of the session's start, in Japan time) and kind. */
export const classYearFigures = pgTable(
  "class_year_figures",
  {
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    fiscalYear: integer("fiscal_year").notNull(),
    category: text("category").notNull(),
    audience: text("audience").notNull(),
    organizerType: text("organizer_type").notNull(),
    /** Sessions with status 'held'. */
    sessionsHeld: integer("sessions_held").notNull().default(0),
    /** Attendance marks that count as attended (SQL `attended(status)`, ATTENDED_STATUSES), by the mark's session. */
    attendances: integer("attendances").notNull().default(0),
    /** Survey satisfaction: sum and number of answers (the average is sum ÷ count, as avg() computes it). */
    satisfactionSum: bigint("satisfaction_sum", { mode: "number" }).notNull().default(0),
    satisfactionCount: integer("satisfaction_count").notNull().default(0),
    /**
     * Attended registrations without a person key (no user, no name and ふりがな — e.g. anonymized): each is a
     * participant of its own (the recount's key is the registration id), so they add up without a distinct count.
     */
    singleParticipants: integer("single_participants").notNull().default(0),
  },
  (t) => [primaryKey({ name: "class_year_figures_pk", columns: [t.organizationId, t.fiscalYear, t.category, t.audience, t.organizerType] })],
);

/**
 * Each person (user id, or name|ふりがな|phone) who attended in a fiscal year, per kind, with the number of attended
 * registrations behind it; a row exists only while that number is above 0.
 */
export const classYearPeople = pgTable(
  "class_year_people",
  {
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    fiscalYear: integer("fiscal_year").notNull(),
    personKey: text("person_key").notNull(),
    category: text("category").notNull(),
    audience: text("audience").notNull(),
    organizerType: text("organizer_type").notNull(),
    attendances: integer("attendances").notNull(),
  },
  (t) => [primaryKey({ name: "class_year_people_pk", columns: [t.organizationId, t.fiscalYear, t.personKey, t.category, t.audience, t.organizerType] })],
);

/**
 * Distinct people of class_year_people per organization, fiscal year and filter: a null category, audience or
 * organizer type means "any" (a KPI without that filter), so each kind counts towards 8 rows.
 */
export const classYearParticipants = pgTable(
  "class_year_participants",
  {
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    fiscalYear: integer("fiscal_year").notNull(),
    category: text("category"),
    audience: text("audience"),
    organizerType: text("organizer_type"),
    participants: integer("participants").notNull().default(0),
  },
  (t) => [unique("class_year_participants_uq").on(t.organizationId, t.fiscalYear, t.category, t.audience, t.organizerType).nullsNotDistinct()],
);
