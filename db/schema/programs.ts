import { sql } from "drizzle-orm";
import { boolean, check, date, index, jsonb, pgTable, primaryKey, real, text, timestamp, uniqueIndex, uuid, type AnyPgColumn } from "drizzle-orm/pg-core";
// Type only (erased at build): the definition column holds what the content sync validated with the app's zod schema of
// content/programs/*.yaml, which stays with the content rules in app/programs/schema.ts.
import type { ProgramDefinition } from "../../app/programs/schema";
import { departments, organizations } from "./organizations";
import { users } from "./people";

/**
 * Certification programmes (DX推進員 …), synced from content/programs/<slug>.yaml like the curriculum: shared by the
 * instance, no organization_id. Removed files are archived, never deleted (certificates point here).
 */
export const programs = pgTable("programs", {
  id: uuid("id")
    .primaryKey()
    .default(sql`gen_random_uuid()`),
  slug: text("slug").notNull().unique(),
  title: text("title").notNull(),
  summary: text("summary").notNull(),
  descriptionHtml: text("description_html").notNull(),
  definition: jsonb("definition").$type<ProgramDefinition>().notNull(),
  contentHash: text("content_hash").notNull(),
  archived: boolean("archived").notNull().default(false),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/** Which organization runs which programme (`programs:` in content/organizations/<org>.yaml). */
export const organizationPrograms = pgTable(
  "organization_programs",
  {
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    programId: uuid("program_id")
      .notNull()
      .references(() => programs.id, { onDelete: "cascade" }),
    enabledAt: timestamp("enabled_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.programId] })],
);

export const ENROLLMENT_STATUSES = ["applied", "nominated", "selected", "not_selected", "certified", "withdrawn"] as const;
export type EnrollmentStatus = (typeof ENROLLMENT_STATUSES)[number];

/**
 * A person's way through a programme: applied (or nominated by HR) → selected / not selected → certified, or withdrawn.
 * At most one open enrollment (applied, nominated, selected, certified) per person and programme; after "not selected"
 * or "withdrawn" a new application starts a new row, so the history stays.
 */
export const programEnrollments = pgTable(
  "program_enrollments",
  {
    id: uuid("id")
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    programId: uuid("program_id")
      .notNull()
      .references(() => programs.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    status: text("status", { enum: ENROLLMENT_STATUSES }).notNull(),
    /** Who started it: the person (applied) or HR (nominated). */
    origin: text("origin", { enum: ["applied", "nominated"] }).notNull(),
    nominatedBy: uuid("nominated_by").references(() => users.id, { onDelete: "set null" }),
    /** HR's note on the selection decision (選考の所見). */
    note: text("note"),
    decidedBy: uuid("decided_by").references(() => users.id, { onDelete: "set null" }),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    certifiedAt: timestamp("certified_at", { withTimezone: true }),
    withdrawnAt: timestamp("withdrawn_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("program_enrollments_open_uq")
      .on(t.programId, t.userId)
      .where(sql`status in ('applied', 'nominated', 'selected', 'certified')`),
    index("program_enrollments_org_idx").on(t.organizationId, t.programId, t.status),
  ],
);

/** 業務改善レポート: written by the candidate or promoter, approved or returned (with a comment) by HR. */
export const improvementReports = pgTable(
  "improvement_reports",
  {
    id: uuid("id")
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    programId: uuid("program_id")
      .notNull()
      .references(() => programs.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    body: text("body").notNull(),
    status: text("status", { enum: ["submitted", "approved", "returned"] })
      .notNull()
      .default("submitted"),
    submittedAt: timestamp("submitted_at", { withTimezone: true }).notNull().defaultNow(),
    reviewedBy: uuid("reviewed_by").references(() => users.id, { onDelete: "set null" }),
    reviewedAt: timestamp("reviewed_at", { withTimezone: true }),
    reviewComment: text("review_comment"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // One report in the works (submitted or returned for revision) per person and programme.
    uniqueIndex("improvement_reports_open_uq")
      .on(t.programId, t.userId)
      .where(sql`status in ('submitted', 'returned')`),
    index("improvement_reports_org_idx").on(t.organizationId, t.programId, t.status),
  ],
);

/**
 * A certificate (認定証) with its public verification code. Valid from `valid_from` to `valid_until` (the 31 March ending
 * the N-th fiscal year), unless revoked. A renewal is a new certificate pointing at the one it renews.
 */
export const programCertificates = pgTable(
  "program_certificates",
  {
    id: uuid("id")
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    programId: uuid("program_id")
      .notNull()
      .references(() => programs.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    enrollmentId: uuid("enrollment_id").references(() => programEnrollments.id, { onDelete: "set null" }),
    /** 16 characters of Crockford base32 (80 random bits), printed as XXXX-XXXX-XXXX-XXXX. */
    code: text("code").notNull(),
    issuedAt: timestamp("issued_at", { withTimezone: true }).notNull().defaultNow(),
    issuedBy: uuid("issued_by").references(() => users.id, { onDelete: "set null" }),
    validFrom: date("valid_from").notNull(),
    validUntil: date("valid_until").notNull(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    revokedBy: uuid("revoked_by").references(() => users.id, { onDelete: "set null" }),
    revokeReason: text("revoke_reason"),
    renewedFromId: uuid("renewed_from_id").references((): AnyPgColumn => programCertificates.id, { onDelete: "set null" }),
  },
  (t) => [
    uniqueIndex("program_certificates_code_uq").on(t.code),
    // A certificate is renewed at most once (two clicks on 更新 issue one new certificate).
    uniqueIndex("program_certificates_renewed_from_uq").on(t.renewedFromId),
    index("program_certificates_org_idx").on(t.organizationId, t.programId, t.validUntil),
    index("program_certificates_user_idx").on(t.userId),
    check("program_certificates_dates_ck", sql`${t.validUntil} >= ${t.validFrom}`),
  ],
);

/**
 * 配置: the 課 a promoter works for, with history (placed_on … ended_on) so that coverage can be counted at any date.
 * One current placement per person and programme.
 */
export const promoterPlacements = pgTable(
  "promoter_placements",
  {
    id: uuid("id")
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    programId: uuid("program_id")
      .notNull()
      .references(() => programs.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    departmentId: uuid("department_id")
      .notNull()
      .references(() => departments.id, { onDelete: "cascade" }),
    placedOn: date("placed_on").notNull(),
    /** The first day the placement no longer applies; null while current. */
    endedOn: date("ended_on"),
    placedBy: uuid("placed_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("promoter_placements_current_uq")
      .on(t.programId, t.userId)
      .where(sql`ended_on is null`),
    index("promoter_placements_org_idx").on(t.organizationId, t.programId, t.departmentId),
  ],
);

/** An improvement activity recorded by a promoter (e.g. 申請書の電子化で年間120時間削減), confirmed by the 課長. */
export const promoterActivities = pgTable(
  "promoter_activities",
  {
    id: uuid("id")
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    programId: uuid("program_id")
      .notNull()
      .references(() => programs.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** The 課 whose work was improved; its 課長 confirms. */
    departmentId: uuid("department_id")
      .notNull()
      .references(() => departments.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    doneOn: date("done_on").notNull(),
    hoursSavedPerYear: real("hours_saved_per_year"),
    note: text("note"),
    confirmedBy: uuid("confirmed_by").references(() => users.id, { onDelete: "set null" }),
    confirmedAt: timestamp("confirmed_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("promoter_activities_org_idx").on(t.organizationId, t.programId, t.doneOn),
    index("promoter_activities_department_idx").on(t.organizationId, t.departmentId, t.confirmedAt),
    index("promoter_activities_user_idx").on(t.userId, t.doneOn),
  ],
);
