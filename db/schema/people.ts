import { sql } from "drizzle-orm";
import { boolean, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { EMPLOYMENT_TYPE_CODES, ROLE_CODES, type Role } from "./vocabulary";
import { departments, organizations } from "./organizations";

/** 職位, an ordered list per organization (position 0 = highest). */
export const jobRanks = pgTable(
  "job_ranks",
  {
    id: uuid("id")
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    position: integer("position").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("job_ranks_org_name_uq").on(t.organizationId, t.name)],
);

/** Staff members (職員). Residents never have an account. */
export const users = pgTable(
  "users",
  {
    id: uuid("id")
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    departmentId: uuid("department_id").references(() => departments.id, { onDelete: "set null" }),
    jobRankId: uuid("job_rank_id").references(() => jobRanks.id, { onDelete: "set null" }),
    /** 職員番号, unique within the organization. */
    staffNumber: text("staff_number").notNull(),
    name: text("name").notNull(),
    nameKana: text("name_kana").notNull(),
    /** Stored lower-case; unique across the instance so that it can be used to sign in without choosing a 自治体. */
    email: text("email"),
    employmentType: text("employment_type", { enum: EMPLOYMENT_TYPE_CODES }).notNull(),
    roles: text("roles", { enum: ROLE_CODES })
      .array()
      .$type<Role[]>()
      .notNull()
      .default(sql`'{learner}'::text[]`),
    active: boolean("active").notNull().default(true),
    passwordHash: text("password_hash"),
    mustChangePassword: boolean("must_change_password").notNull().default(false),
    passwordChangedAt: timestamp("password_changed_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("users_org_staff_number_uq").on(t.organizationId, t.staffNumber),
    uniqueIndex("users_email_uq").on(t.email),
    index("users_org_department_idx").on(t.organizationId, t.departmentId),
  ],
);
