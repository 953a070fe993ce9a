/**
 * npm run bench:seed -- --scale town|prefecture [--database-url postgres://…] [--reset] [--seed N]
 *
 * Creates the benchmark database if missing, migrates it and syncs content/ (the app's own bootstrap, without demo
 * data), then bulk-loads the deterministic dataset of bench/dataset.ts with COPY. Secondary indexes and foreign keys
 * are dropped for the load and recreated afterwards; the resulting schema is checked against the migrated one.
 * The database URL defaults to BENCH_DATABASE_URL, then postgres://postgres@127.0.0.1:5432/manabiya_bench.
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { bootstrap } from "../app/bootstrap.server";
import { hashPassword } from "../app/auth/password.server";
import { openDatabase, queryRows, redactUrl, splitSocketHost, type Database } from "../db/client";
import { loaderFor } from "./copy";
import { BENCH_PASSWORD, loadDataset, SCALES, type Scale } from "./dataset";
import { assertSameSchema, dropSecondary, recreateSecondary, schemaSnapshot, secondaryObjects } from "./schema-state";

export const DEFAULT_BENCH_URL = "postgres://postgres@127.0.0.1:5432/manabiya_bench";

/** The tables the dataset writes. */
export const LOADED_TABLES = [
  "organizations",
  "departments",
  "job_ranks",
  "users",
  "venues",
  "kpis",
  "kpi_entries",
  "class_series",
  "class_sessions",
  "class_session_instructors",
  "registrations",
  "attendance",
  "surveys",
  "quiz_attempts",
  "course_completions",
  "campaigns",
  "campaign_courses",
] as const;

/** Tables whose rows the class figures of decision 013 are kept from, by triggers; the triggers are off for the load. */
const FIGURE_SOURCES = ["class_series", "class_sessions", "registrations", "attendance", "surveys"] as const;

export interface SeedReport {
  scale: string;
  seed: number;
  today: string;
  seconds: number;
  phases: Record<string, number>;
  rows: Record<string, number>;
  tables: Record<string, { rows: number; megabytes: number; waitSeconds: number }>;
  finishedAt: string;
}

/**
 * Seeds `database` (empty: no organization yet) at `scale`. Used by the CLI below and by the smoke test (on PGlite or
 * a fresh Postgres database). On Postgres, `url` is where the COPY connections go.
 */
export async function seedBench(
  database: Database,
  scale: Scale,
  options: { url?: string; contentDir?: string; seed?: number; today?: Date; passwordHash?: string; log?: (line: string) => void } = {},
): Promise<SeedReport> {
  const log = options.log ?? ((line: string) => console.log(`[bench:seed] ${line}`));
  const started = Date.now();
  const phases: Record<string, number> = {};
  const time = async <T>(name: string, run: () => Promise<T>): Promise<T> => {
    const t = Date.now();
    const result = await run();
    phases[name] = (Date.now() - t) / 1000;
    return result;
  };
  const { db } = database;
  await time("migrate + content sync", () => bootstrap(database, { contentDir: options.contentDir ?? path.resolve("content"), seed: "never" }));
  const [{ n } = { n: 0 }] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from organizations`);
  if (Number(n) > 0) throw new Error("the database already has organizations: seed an empty database (bench:seed --reset drops and recreates it)");
  // One scrypt hash for every account: hashing 100,000 passwords would take hours.
  const passwordHash = options.passwordHash ?? (await time("password hash", () => hashPassword(BENCH_PASSWORD)));

  const before = await schemaSnapshot(db);
  const secondary = secondaryObjects(before, LOADED_TABLES);
  await time("drop secondary indexes and foreign keys", () => dropSecondary(db, secondary));
  log(`dropped ${secondary.length} secondary indexes, unique and foreign-key constraints for the load`);

  // The triggers that keep the class figures (decision 013) would work through millions of rows statement by statement;
  // they are switched off for the load and the figures recounted once at the end.
  for (const t of FIGURE_SOURCES) await db.execute(sql.raw(`alter table "${t}" disable trigger user`));
  const loader = loaderFor(database, options.url);
  const loaded = await time("load", async () => {
    try {
      return await loadDataset(db, loader, scale, { seed: options.seed, today: options.today, passwordHash, log });
    } finally {
      await loader.end();
    }
  });
  for (const [k, v] of Object.entries(loaded.seconds)) phases[`load ${k}`] = v;

  if (database.kind === "postgres") await db.execute(sql.raw("set maintenance_work_mem = '512MB'"));
  log("recreating indexes and constraints");
  await time("indexes and foreign keys", () => recreateSecondary(db, secondary, { parallel: database.kind === "postgres" ? 2 : 1, log }));
  assertSameSchema(before, await schemaSnapshot(db));
  log("schema equals the migrated schema (indexes and constraints compared)");
  for (const t of FIGURE_SOURCES) await db.execute(sql.raw(`alter table "${t}" enable trigger user`));
  await time("class figures for the KPIs (recount)", () => db.execute(sql`select class_figures_rebuild()`));
  await time("vacuum analyze", () =>
    db.execute(
      sql.raw(
        database.kind === "postgres"
          ? `vacuum (analyze) ${[...LOADED_TABLES, "class_year_figures", "class_year_people", "class_year_participants"].join(", ")}`
          : "analyze",
      ),
    ),
  );

  const rows: Record<string, number> = {};
  for (const table of LOADED_TABLES) {
    const [r] = await queryRows<{ n: number }>(db, sql.raw(`select count(*)::int as n from "${table}"`));
    rows[table] = Number(r?.n ?? 0);
  }
  const report: SeedReport = {
    scale: scale.name,
    seed: options.seed ?? 1,
    today: (options.today ?? new Date()).toISOString().slice(0, 10),
    seconds: (Date.now() - started) / 1000,
    phases,
    rows,
    tables: loaded.tables,
    finishedAt: new Date().toISOString(),
  };
  // Kept with the database (a comment changes no schema), so `npm run bench` can report how it was made.
  if (database.kind === "postgres") {
    const [{ name } = { name: "" }] = await queryRows<{ name: string }>(db, sql`select current_database() as name`);
    await db.execute(sql.raw(`comment on database "${name}" is '${JSON.stringify(report).replace(/'/g, "''")}'`));
  }
  log(
    `done in ${report.seconds.toFixed(1)} s: ${Object.entries(rows)
      .map(([t, c]) => `${t} ${c.toLocaleString("en-US")}`)
      .join(", ")}`,
  );
  return report;
}

/** Creates the database named in `url` when it does not exist; with `reset`, drops it first. */
export async function ensureDatabase(url: string, reset: boolean): Promise<void> {
  const u = new URL(url);
  const name = decodeURIComponent(u.pathname.replace(/^\//, ""));
  if (!name || !/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`database name must be letters, digits and _: "${name}"`);
  u.pathname = "/postgres";
  const { url: adminUrl, socketDir } = splitSocketHost(u.toString());
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {}, ...(socketDir ? { host: socketDir } : {}) });
  try {
    if (reset) await admin.unsafe(`drop database if exists "${name}" with (force)`);
    const found = await admin`select 1 from pg_database where datname = ${name}`;
    if (!found.length) await admin.unsafe(`create database "${name}"`);
  } finally {
    await admin.end();
  }
}

async function main() {
  const { values } = parseArgs({
    options: {
      scale: { type: "string", default: "town" },
      "database-url": { type: "string" },
      reset: { type: "boolean", default: false },
      seed: { type: "string", default: "1" },
    },
  });
  const scale = SCALES[values.scale!];
  if (!scale) throw new Error(`unknown scale "${values.scale}" (${Object.keys(SCALES).join(", ")})`);
  const url = values["database-url"] ?? process.env.BENCH_DATABASE_URL ?? DEFAULT_BENCH_URL;
  console.log(`[bench:seed] ${scale.name} scale into ${redactUrl(url)}`);
  await ensureDatabase(url, values.reset!);
  const database = await openDatabase({ url, max: 8 });
  try {
    await seedBench(database, scale, { url, seed: Number(values.seed) });
  } finally {
    await database.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    console.error("[bench:seed] failed:", error);
    process.exit(1);
  });
}
