import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgTable, primaryKey, smallint, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { courses } from "./content";
import { organizations } from "./organizations";
import { users } from "./people";

/** 会場: 公民館, 高齢者大学, 地区サロン … */
export const venues = pgTable(
  "venues",
  {
    id: uuid("id")
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    address: text("address").notNull(),
    capacity: integer("capacity").notNull(),
    accessibilityNotes: text("accessibility_notes"),
  },
  (t) => [unique("venues_org_name_uq").on(t.organizationId, t.name)],
);

/** A class series (e.g. 「はじめてのスマホ教室」 at 中央公民館, 4 回), for residents or a staff training (集合研修). */
export const classSeries = pgTable(
  "class_series",
  {
    id: uuid("id")
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    description: text("description").notNull().default(""),
    courseId: uuid("course_id").references(() => courses.id, { onDelete: "set null" }),
    /** smartphone | dx-literacy | security | dx-promoter — the KPIs count by it. */
    category: text("category").notNull(),
    audience: text("audience", { enum: ["residents", "staff"] }).notNull(),
    organizerType: text("organizer_type", { enum: ["municipal", "private", "carrier", "volunteer", "senior_university", "outreach"] }).notNull(),
    organizerName: text("organizer_name"),
    format: text("format", { enum: ["in_person", "online", "outreach"] }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("class_series_org_idx").on(t.organizationId, t.audience)],
);

/** 開催回: one dated session of a series. */
export const classSessions = pgTable(
  "class_sessions",
  {
    id: uuid("id")
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    seriesId: uuid("series_id")
      .notNull()
      .references(() => classSeries.id, { onDelete: "cascade" }),
    number: integer("number").notNull(),
    startsAt: timestamp("starts_at", { withTimezone: true }).notNull(),
    endsAt: timestamp("ends_at", { withTimezone: true }).notNull(),
    venueId: uuid("venue_id").references(() => venues.id, { onDelete: "set null" }),
    capacity: integer("capacity").notNull(),
    status: text("status", { enum: ["scheduled", "held", "cancelled"] })
      .notNull()
      .default("scheduled"),
    cancelReason: text("cancel_reason"),
    /** Outside instructors by name; staff instructors are in class_session_instructors. */
    externalInstructors: text("external_instructors")
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** Secret behind the rotating self check-in code (never sent to the browser). */
    checkinSecret: text("checkin_secret").notNull(),
    /** Closing freezes attendance and counts; admins can reopen (audited). */
    closedAt: timestamp("closed_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique("class_sessions_series_number_uq").on(t.seriesId, t.number), index("class_sessions_org_starts_idx").on(t.organizationId, t.startsAt)],
);

export const classSessionInstructors = pgTable(
  "class_session_instructors",
  {
    sessionId: uuid("session_id")
      .notNull()
      .references(() => classSessions.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.userId] })],
);

/**
 * A place in a session: a resident (minimum personal data, with consent), a staff member (user_id), or a walk-in.
 * Waitlisted registrations are promoted in order of `created_at` when someone cancels.
 */
export const registrations = pgTable(
  "registrations",
  {
    id: uuid("id")
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    sessionId: uuid("session_id")
      .notNull()
      .references(() => classSessions.id, { onDelete: "cascade" }),
    /** 受付番号 shown to the resident, e.g. "K7Q-3MX9"; unique per organization. */
    receiptNumber: text("receipt_number").notNull(),
    channel: text("channel", { enum: ["online", "phone", "walk_in", "staff", "hr_bulk"] }).notNull(),
    status: text("status", { enum: ["confirmed", "waitlisted", "cancelled"] }).notNull(),
    userId: uuid("user_id").references(() => users.id, { onDelete: "set null" }),
    name: text("name"),
    nameKana: text("name_kana"),
    phone: text("phone"),
    ageBand: text("age_band", { enum: ["under60", "60s", "70s", "80plus"] }),
    district: text("district"),
    needs: jsonb("needs").$type<string[]>().notNull().default([]),
    consentAt: timestamp("consent_at", { withTimezone: true }),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    cancelledAt: timestamp("cancelled_at", { withTimezone: true }),
    /** Personal data removed (retention or request); counts stay correct. */
    anonymizedAt: timestamp("anonymized_at", { withTimezone: true }),
  },
  (t) => [
    unique("registrations_org_receipt_uq").on(t.organizationId, t.receiptNumber),
    index("registrations_session_status_idx").on(t.sessionId, t.status, t.createdAt),
    index("registrations_user_idx").on(t.userId),
  ],
);

/** One mark per registration and session: repeated taps or two devices update the same row, never add one. */
export const attendance = pgTable(
  "attendance",
  {
    registrationId: uuid("registration_id")
      .primaryKey()
      .references(() => registrations.id, { onDelete: "cascade" }),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    sessionId: uuid("session_id")
      .notNull()
      .references(() => classSessions.id, { onDelete: "cascade" }),
    status: text("status", { enum: ["present", "late", "left_early", "absent", "excused"] }).notNull(),
    method: text("method", { enum: ["roster", "self"] }).notNull(),
    note: text("note"),
    markedAt: timestamp("marked_at", { withTimezone: true }).notNull().defaultNow(),
    markedBy: uuid("marked_by").references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [index("attendance_session_idx").on(t.sessionId, t.status)],
);

/** アンケート: typed in from paper by staff, or answered by QR on the participant's phone. */
export const surveys = pgTable(
  "surveys",
  {
    id: uuid("id")
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    sessionId: uuid("session_id")
      .notNull()
      .references(() => classSessions.id, { onDelete: "cascade" }),
    satisfaction: smallint("satisfaction").notNull(),
    clarity: smallint("clarity").notNull(),
    nextTopic: text("next_topic"),
    comment: text("comment"),
    source: text("source", { enum: ["paper", "qr"] }).notNull(),
    enteredBy: uuid("entered_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("surveys_session_idx").on(t.sessionId)],
);
