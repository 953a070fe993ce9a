import { sql } from "drizzle-orm";
import { boolean, check, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { EmploymentType, Role } from "./vocabulary";
import { courses } from "./content";
import { organizations } from "./organizations";
import { users } from "./people";

/**
 * Who a campaign targets. Empty lists mean "any"; the dimensions are combined with AND, the values within one with OR
 * (e.g. 正規 or 再任用 in 総務課 or 税務課). Evaluated live against the staff table, so joiners and movers are picked up and
 * leavers (inactive) drop out without anyone editing the campaign.
 */
export interface CampaignAudience {
  departmentIds: string[];
  jobRankIds: string[];
  employmentTypes: EmploymentType[];
  roles: Role[];
}

/** When reminders go out: at the start, N days before the due date, then every N days while overdue. */
export interface ReminderSchedule {
  atStart: boolean;
  daysBefore: number[];
  /** null: no reminders after the due date. */
  overdueEveryDays: number | null;
  /** Copy the 課長 (dept_manager of the person's 課) on overdue reminders. */
  copyManagerWhenOverdue: boolean;
}

/** A mandatory-training campaign (e.g. 2026年度 情報セキュリティ研修) for one fiscal year. */
export const campaigns = pgTable(
  "campaigns",
  {
    id: uuid("id")
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    /** Stable key across years (e.g. security-annual): copies keep it, and KPIs refer to it. */
    key: text("key").notNull(),
    fiscalYear: integer("fiscal_year").notNull(),
    title: text("title").notNull(),
    description: text("description").notNull().default(""),
    startsOn: date("starts_on").notNull(),
    dueOn: date("due_on").notNull(),
    /** A completion earlier in the same fiscal year (before startsOn) counts. */
    countEarlierCompletions: boolean("count_earlier_completions").notNull().default(true),
    audience: jsonb("audience").$type<CampaignAudience>().notNull(),
    reminders: jsonb("reminders").$type<ReminderSchedule>().notNull(),
    archived: boolean("archived").notNull().default(false),
    copiedFromId: uuid("copied_from_id"),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("campaigns_org_key_year_uq").on(t.organizationId, t.key, t.fiscalYear), check("campaigns_dates_ck", sql`${t.dueOn} >= ${t.startsOn}`)],
);

export const campaignCourses = pgTable(
  "campaign_courses",
  {
    campaignId: uuid("campaign_id")
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    courseId: uuid("course_id")
      .notNull()
      .references(() => courses.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.courseId] })],
);

/** Explicit inclusions (someone outside the rules) and exemptions (育児休業 …), each with a reason. */
export const campaignOverrides = pgTable(
  "campaign_overrides",
  {
    campaignId: uuid("campaign_id")
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: ["include", "exempt"] }).notNull(),
    reason: text("reason").notNull(),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.userId] })],
);

/**
 * Every email the system sends (reminders), with its delivery state. `dedupe_key` is unique: the reminder job can run
 * on several servers at once and never queues the same reminder twice.
 */
export const emailOutbox = pgTable(
  "email_outbox",
  {
    id: uuid("id")
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    campaignId: uuid("campaign_id").references(() => campaigns.id, { onDelete: "cascade" }),
    userId: uuid("user_id").references(() => users.id, { onDelete: "cascade" }),
    dedupeKey: text("dedupe_key").notNull(),
    /** start | before-14 | overdue-1 … */
    stage: text("stage").notNull(),
    toAddress: text("to_address"),
    ccAddresses: text("cc_addresses")
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    subject: text("subject").notNull(),
    body: text("body").notNull(),
    /** pending: waiting; sending: claimed by a job; sent; failed: will be retried; unsent: no SMTP or no address; dead: gave up. */
    status: text("status", { enum: ["pending", "sending", "sent", "failed", "unsent", "dead"] })
      .notNull()
      .default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull().defaultNow(),
    claimedAt: timestamp("claimed_at", { withTimezone: true }),
    lastError: text("last_error"),
    sentAt: timestamp("sent_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("email_outbox_dedupe_uq").on(t.dedupeKey),
    index("email_outbox_due_idx").on(t.status, t.nextAttemptAt),
    index("email_outbox_org_idx").on(t.organizationId, t.createdAt),
  ],
);

/** In-app notices (お知らせ) for a staff member, created with each reminder. */
export const notices = pgTable(
  "notices",
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
    title: text("title").notNull(),
    body: text("body").notNull(),
    link: text("link"),
    readAt: timestamp("read_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("notices_user_idx").on(t.userId, t.createdAt)],
);
