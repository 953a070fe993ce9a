import { sql } from "drizzle-orm";
import { boolean, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, unique, uniqueIndex, uuid } from "drizzle-orm/pg-core";

/**
 * Courses are synced from `content/courses/<slug>/` (content as code, see docs/decisions/003-content-as-code.md).
 * The curriculum is shared by every organization on the instance, so these rows carry no organization_id;
 * what organizations do with a course (progress, completions, campaigns) does.
 */
export const courses = pgTable(
  "courses",
  {
    id: uuid("id")
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    slug: text("slug").notNull().unique(),
    title: text("title").notNull(),
    summary: text("summary").notNull(),
    audience: text("audience", { enum: ["residents", "staff"] }).notNull(),
    category: text("category", { enum: ["smartphone", "dx-literacy", "security", "dx-promoter"] }).notNull(),
    level: text("level", { enum: ["beginner", "intermediate", "advanced"] }).notNull(),
    estimatedMinutes: integer("estimated_minutes").notNull(),
    language: text("language").notNull(),
    tags: jsonb("tags").$type<string[]>().notNull().default([]),
    reviewedOn: date("reviewed_on").notNull(),
    introHtml: text("intro_html").notNull(),
    /** sha256 of the course's source files (index + every lesson, in order). */
    contentHash: text("content_hash").notNull(),
    /** Removed from content/: kept for history (completions point here) but no longer listed. */
    archived: boolean("archived").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("courses_listing_idx").on(t.archived, t.audience, t.category)],
);

export const lessons = pgTable(
  "lessons",
  {
    id: uuid("id")
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    courseId: uuid("course_id")
      .notNull()
      .references(() => courses.id, { onDelete: "cascade" }),
    slug: text("slug").notNull(),
    /** The NN of `NN-<slug>.md`. */
    position: integer("position").notNull(),
    title: text("title").notNull(),
    estimatedMinutes: integer("estimated_minutes").notNull(),
    bodyHtml: text("body_html").notNull(),
    /** sha256 of the lesson's source file. */
    contentHash: text("content_hash").notNull(),
    archived: boolean("archived").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("lessons_course_slug_uq").on(t.courseId, t.slug), index("lessons_course_position_idx").on(t.courseId, t.position)],
);

/**
 * Every version of a course or lesson ever synced, keyed by its content hash. Attempts and completions store the hash
 * of the version the learner saw; this table lets them be shown later even after the content changed.
 */
export const contentVersions = pgTable(
  "content_versions",
  {
    id: uuid("id")
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    kind: text("kind", { enum: ["course", "lesson"] }).notNull(),
    courseId: uuid("course_id")
      .notNull()
      .references(() => courses.id, { onDelete: "cascade" }),
    lessonId: uuid("lesson_id").references(() => lessons.id, { onDelete: "cascade" }),
    contentHash: text("content_hash").notNull(),
    /** The source text (front matter and body) of that version. */
    source: text("source").notNull(),
    firstSyncedAt: timestamp("first_synced_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique("content_versions_uq").on(t.kind, t.courseId, t.lessonId, t.contentHash).nullsNotDistinct()],
);

/**
 * A course's title, summary and introduction in another language, from `index.<lang>.md` (issue #10). The Japanese
 * row in `courses` stays the source; a page in that language falls back to it where there is no translation.
 */
export const courseTranslations = pgTable(
  "course_translations",
  {
    courseId: uuid("course_id")
      .notNull()
      .references(() => courses.id, { onDelete: "cascade" }),
    /** BCP 47 language, e.g. `en`. */
    language: text("language").notNull(),
    title: text("title").notNull(),
    summary: text("summary").notNull(),
    tags: jsonb("tags").$type<string[]>().notNull().default([]),
    /** When the translation's facts were last checked. */
    reviewedOn: date("reviewed_on").notNull(),
    introHtml: text("intro_html").notNull(),
    /** sha256 of the translation's source file. */
    contentHash: text("content_hash").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.courseId, t.language] })],
);

/** A lesson in another language, from `NN-<slug>.<lang>.md`. Progress and completion stay with the lesson itself. */
export const lessonTranslations = pgTable(
  "lesson_translations",
  {
    lessonId: uuid("lesson_id")
      .notNull()
      .references(() => lessons.id, { onDelete: "cascade" }),
    language: text("language").notNull(),
    title: text("title").notNull(),
    estimatedMinutes: integer("estimated_minutes").notNull(),
    bodyHtml: text("body_html").notNull(),
    /** sha256 of the translation's source file. */
    contentHash: text("content_hash").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.lessonId, t.language] })],
);
