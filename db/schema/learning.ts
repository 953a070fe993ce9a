import { sql } from "drizzle-orm";
import { boolean, index, integer, jsonb, pgTable, primaryKey, real, text, timestamp, unique, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { courses, lessons } from "./content";
import { organizations } from "./organizations";
import { users } from "./people";

/** Quizzes synced from content/courses/<course>/quizzes/<slug>.yaml (shared curriculum, like courses). */
export const quizzes = pgTable(
  "quizzes",
  {
    id: uuid("id")
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    courseId: uuid("course_id")
      .notNull()
      .references(() => courses.id, { onDelete: "cascade" }),
    slug: text("slug").notNull(),
    title: text("title").notNull(),
    mode: text("mode", { enum: ["exam", "selfcheck"] }).notNull(),
    required: boolean("required").notNull(),
    /** The version new attempts start on. */
    currentVersionId: uuid("current_version_id"),
    contentHash: text("content_hash").notNull(),
    archived: boolean("archived").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique("quizzes_course_slug_uq").on(t.courseId, t.slug)],
);

/** Every version of a quiz ever synced; an attempt is graded from the version it started on. */
export const quizVersions = pgTable(
  "quiz_versions",
  {
    id: uuid("id")
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    quizId: uuid("quiz_id")
      .notNull()
      .references(() => quizzes.id, { onDelete: "cascade" }),
    contentHash: text("content_hash").notNull(),
    definition: jsonb("definition").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique("quiz_versions_uq").on(t.quizId, t.contentHash)],
);

/**
 * A residents' self-check in another language (`quizzes/<slug>.<lang>.yaml`, issue #10): the whole definition with the
 * translated texts, same ids and answers as the Japanese quiz, so grading does not depend on the language.
 */
export const quizTranslations = pgTable(
  "quiz_translations",
  {
    quizId: uuid("quiz_id")
      .notNull()
      .references(() => quizzes.id, { onDelete: "cascade" }),
    language: text("language").notNull(),
    title: text("title").notNull(),
    definition: jsonb("definition").notNull(),
    /** sha256 of the translation's source file. */
    contentHash: text("content_hash").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.quizId, t.language] })],
);

export const quizAttempts = pgTable(
  "quiz_attempts",
  {
    id: uuid("id")
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    quizId: uuid("quiz_id")
      .notNull()
      .references(() => quizzes.id, { onDelete: "cascade" }),
    quizVersionId: uuid("quiz_version_id")
      .notNull()
      .references(() => quizVersions.id),
    /** 1, 2, 3 … per person and quiz; unique, so two tabs cannot both start "attempt 3 of 3". */
    attemptNumber: integer("attempt_number").notNull(),
    /** Seeds the question and choice order, so a reload shows the same order. */
    seed: integer("seed").notNull(),
    /**
     * Never sent to the browser: the form shows each choice, ordering item and true/false option as an HMAC of its id
     * under this secret (app/quizzes/tokens.server.ts, decision 018). New attempts get 32 random bytes; the default
     * (244 random bits from two v4 UUIDs) fills rows written without it, such as those from before the column.
     */
    tokenSecret: text("token_secret")
      .notNull()
      .default(sql`replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', '')`),
    status: text("status", { enum: ["in_progress", "submitted", "expired"] })
      .notNull()
      .default("in_progress"),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull().defaultNow(),
    deadlineAt: timestamp("deadline_at", { withTimezone: true }),
    submittedAt: timestamp("submitted_at", { withTimezone: true }),
    score: real("score"),
    maxScore: real("max_score"),
    percent: real("percent"),
    passed: boolean("passed"),
    answers: jsonb("answers"),
  },
  (t) => [
    unique("quiz_attempts_number_uq").on(t.userId, t.quizId, t.attemptNumber),
    uniqueIndex("quiz_attempts_one_open_uq")
      .on(t.userId, t.quizId)
      .where(sql`status = 'in_progress'`),
    index("quiz_attempts_org_quiz_idx").on(t.organizationId, t.quizId, t.status),
  ],
);

/**
 * Server-wide secrets of the quizzes, one row per purpose, created on first use (app/quizzes/tokens.server.ts). The
 * residents' self-check stores no attempt, so its form values are keyed from the "selfcheck" secret. Never sent to
 * the browser; deleting a row (and restarting the servers, which keep it in memory) replaces the secret.
 */
export const quizSecrets = pgTable("quiz_secrets", {
  name: text("name").primaryKey(),
  secret: text("secret").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

/** One row per question of a submitted attempt, for item analysis (correct rate, share of each choice). */
export const quizAnswers = pgTable(
  "quiz_answers",
  {
    attemptId: uuid("attempt_id")
      .notNull()
      .references(() => quizAttempts.id, { onDelete: "cascade" }),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    quizId: uuid("quiz_id")
      .notNull()
      .references(() => quizzes.id, { onDelete: "cascade" }),
    questionId: text("question_id").notNull(),
    /** Chosen choice ids (single/multiple), ["true"]/["false"], or item ids in the order given. */
    response: text("response").array().notNull(),
    correct: boolean("correct").notNull(),
    points: real("points").notNull(),
  },
  (t) => [primaryKey({ columns: [t.attemptId, t.questionId] }), index("quiz_answers_org_quiz_idx").on(t.organizationId, t.quizId)],
);

export const lessonProgress = pgTable(
  "lesson_progress",
  {
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    courseId: uuid("course_id")
      .notNull()
      .references(() => courses.id, { onDelete: "cascade" }),
    lessonId: uuid("lesson_id")
      .notNull()
      .references(() => lessons.id, { onDelete: "cascade" }),
    openedAt: timestamp("opened_at", { withTimezone: true }).notNull().defaultNow(),
    lastOpenedAt: timestamp("last_opened_at", { withTimezone: true }).notNull().defaultNow(),
    completedAt: timestamp("completed_at", { withTimezone: true }),
    /** The lesson version the learner confirmed. */
    completedContentHash: text("completed_content_hash"),
  },
  (t) => [primaryKey({ columns: [t.userId, t.lessonId] }), index("lesson_progress_user_course_idx").on(t.userId, t.courseId)],
);

/** A course completion, stored once with its date and the course version; later content changes never erase it. */
export const courseCompletions = pgTable(
  "course_completions",
  {
    id: uuid("id")
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    courseId: uuid("course_id")
      .notNull()
      .references(() => courses.id, { onDelete: "cascade" }),
    completedAt: timestamp("completed_at", { withTimezone: true }).notNull().defaultNow(),
    /** The fiscal year (Japan time) of the completion: a course is completed at most once per fiscal year, so that
     *  mandatory courses can be taken again every year. */
    fiscalYear: integer("fiscal_year").notNull(),
    /** Printed on the 修了証 and checked at /verify/<code>; random, unguessable. */
    certificateCode: text("certificate_code").notNull(),
    courseContentHash: text("course_content_hash").notNull(),
    /** Best percent of each required quiz at completion: { "<quiz slug>": 90 }. */
    scores: jsonb("scores").$type<Record<string, number>>().notNull().default({}),
  },
  (t) => [
    unique("course_completions_user_course_year_uq").on(t.userId, t.courseId, t.fiscalYear),
    uniqueIndex("course_completions_certificate_uq").on(t.certificateCode),
    index("course_completions_org_course_idx").on(t.organizationId, t.courseId, t.completedAt),
  ],
);
