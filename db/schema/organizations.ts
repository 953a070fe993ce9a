import { sql } from "drizzle-orm";
import { boolean, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

/** 自治体. Every organization-owned row in the database carries `organization_id` pointing here. */
export const organizations = pgTable("organizations", {
  id: uuid("id")
    .primaryKey()
    .default(sql`gen_random_uuid()`),
  /** Stable ASCII key, also the name of `content/organizations/<slug>.yaml`. */
  slug: text("slug").notNull().unique(),
  name: text("name").notNull(),
  nameKana: text("name_kana").notNull(),
  prefecture: text("prefecture").notNull(),
  /** Residents' class registrations are anonymized this many days after their session ended (jobs:retention). */
  residentDataRetentionDays: integer("resident_data_retention_days").notNull().default(365),
  /** Publish the KPI figures as open data (GET /open-data/<slug>/kpis.json). */
  publishKpis: boolean("publish_kpis").notNull().default(false),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/** 課 (and 室, 館 …): the unit staff belong to and where a DX推進員 is placed. */
export const departments = pgTable(
  "departments",
  {
    id: uuid("id")
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    /** Stable key within the organization (used by imports and content files). */
    code: text("code").notNull(),
    name: text("name").notNull(),
    position: integer("position").notNull().default(0),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("departments_org_code_uq").on(t.organizationId, t.code), uniqueIndex("departments_org_name_uq").on(t.organizationId, t.name)],
);
