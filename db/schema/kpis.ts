import { sql } from "drizzle-orm";
import { date, index, integer, jsonb, pgTable, primaryKey, real, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { organizations } from "./organizations";
import { users } from "./people";

export type KpiSource =
  | {
      kind: "records";
      metric: "sessions_held" | "unique_participants" | "total_attendances" | "average_satisfaction";
      filters: { category?: string; audience?: "residents" | "staff"; organizerType?: string };
    }
  | { kind: "manual"; aggregate: "sum" | "latest" }
  | { kind: "program"; program: string; metric: ProgramMetric }
  /** Completion rate (%) of a campaign (by its yearly key) among its audience, or of a course among active staff. */
  | { kind: "completion"; campaign?: string; course?: string };

/** Figures of a certification programme (issue #8): valid certificates, 課 with a placed promoter, confirmed activities. */
export type ProgramMetric = "certified_promoters" | "promoter_coverage" | "confirmed_activities";

/** A KPI of an organization's DX plan, seeded from content/organizations/<org>.yaml. */
export const kpis = pgTable(
  "kpis",
  {
    id: uuid("id")
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    code: text("code").notNull(),
    name: text("name").notNull(),
    policyArea: text("policy_area").notNull(),
    unit: text("unit").notNull(),
    direction: text("direction", { enum: ["increase", "decrease", "keep"] }).notNull(),
    accumulation: text("accumulation", { enum: ["yearly", "level"] }).notNull(),
    baselineValue: real("baseline_value").notNull(),
    baselineFiscalYear: integer("baseline_fiscal_year").notNull(),
    /** { "2027": 46 } */
    targets: jsonb("targets").$type<Record<string, number>>().notNull(),
    source: jsonb("source").$type<KpiSource>().notNull(),
    position: integer("position").notNull().default(0),
  },
  (t) => [unique("kpis_org_code_uq").on(t.organizationId, t.code)],
);

/** A figure entered by hand (e.g. インシデント発生回数), with who entered it; audited. */
export const kpiEntries = pgTable(
  "kpi_entries",
  {
    id: uuid("id")
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    kpiId: uuid("kpi_id")
      .notNull()
      .references(() => kpis.id, { onDelete: "cascade" }),
    enteredOn: date("entered_on").notNull(),
    value: real("value").notNull(),
    note: text("note"),
    enteredBy: uuid("entered_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("kpi_entries_kpi_idx").on(t.kpiId, t.enteredOn)],
);

/** The DX office's comment on a KPI for a fiscal year, printed in the annual evaluation report (事業年度評価). */
export const kpiComments = pgTable(
  "kpi_comments",
  {
    kpiId: uuid("kpi_id")
      .notNull()
      .references(() => kpis.id, { onDelete: "cascade" }),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    fiscalYear: integer("fiscal_year").notNull(),
    comment: text("comment").notNull(),
    updatedBy: uuid("updated_by").references(() => users.id, { onDelete: "set null" }),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.kpiId, t.fiscalYear] })],
);
