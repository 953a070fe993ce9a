import { mkdir } from "node:fs/promises";
import { PGlite } from "@electric-sql/pglite";
import type { SQL } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import * as schema from "./schema";

/** The drizzle instance the app uses, whichever database is behind it. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

/** Rows of a raw SQL query, whichever driver runs it (postgres-js returns an array, PGlite an object with rows). */
export async function queryRows<T>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as T[] | { rows: T[] };
  return Array.isArray(result) ? result : result.rows;
}

export interface Database {
  db: Db;
  kind: "pglite" | "postgres";
  /** Where the data lives, for logs: a directory, "memory", or the URL without its password. */
  location: string;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** postgres://… — when set, Postgres through the `postgres` driver. */
  url?: string;
  /** PGlite data directory; "memory://" keeps everything in memory (tests). */
  dataDir?: string;
  /** Connection pool size for Postgres. */
  max?: number;
}

type Sql = ReturnType<typeof postgres>;

/**
 * The postgres client with every parameterized query sent as a prepared statement kept per connection. drizzle asks
 * postgres-js for unnamed statements (prepare: false) unless a query is given a name, and postgres-js then spends a
 * round trip asking the server for the parameters' types (Parse, Describe, wait, then Bind, Execute) on every query.
 * A prepared statement is parsed and described once per connection; later runs are one round trip (decision 016).
 */
function preparedStatements(client: Sql): Sql {
  const method = client as unknown as Record<string, (...args: unknown[]) => unknown>;
  // Transactions and savepoints hand their callback a client of their own, wrapped the same way.
  const withWrappedClient = (name: string) => (...args: unknown[]) => {
    const callback = args.pop() as (sql: Sql) => unknown;
    return method[name]!(...args, (sql: Sql) => callback(preparedStatements(sql)));
  };
  const replaced: Record<PropertyKey, unknown> = {
    unsafe: (query: string, args: unknown[] = [], options: Record<string, unknown> = {}) => client.unsafe(query, args as never, { ...options, prepare: true }),
    begin: withWrappedClient("begin"),
    savepoint: withWrappedClient("savepoint"),
  };
  return new Proxy(client, { get: (target, property, receiver) => (Object.hasOwn(replaced, property) ? replaced[property] : Reflect.get(target, property, receiver)) });
}

export const DEFAULT_DATA_DIR = "./.data/pglite";

export async function openDatabase(options: DatabaseOptions = {}): Promise<Database> {
  if (options.url) {
    const { url, socketDir } = splitSocketHost(options.url);
    const client = postgres(url, {
      ...(socketDir ? { host: socketDir } : {}),
      max: options.max ?? 10,
      onnotice: () => {},
      // Prepared statements would let Postgres switch to a generic plan after five runs, and a generic plan ignores how
      // unevenly organizations are sized (in the benchmark one holds 12 % of a prefecture's staff). Each run is still
      // planned for its own values, as unnamed statements were: only the parsing and a round trip are saved (decision 016).
      connection: { application_name: "manabiya", plan_cache_mode: "force_custom_plan" },
    });
    return {
      db: drizzlePostgres(preparedStatements(client), { schema }) as unknown as Db,
      kind: "postgres",
      location: redactUrl(options.url),
      close: () => client.end({ timeout: 5 }),
    };
  }
  const dataDir = options.dataDir ?? DEFAULT_DATA_DIR;
  const inMemory = dataDir.startsWith("memory://");
  if (!inMemory) await mkdir(dataDir, { recursive: true });
  const client = inMemory ? new PGlite() : new PGlite(dataDir);
  await client.waitReady;
  return {
    db: drizzlePglite(client, { schema }) as unknown as Db,
    kind: "pglite",
    location: dataDir,
    close: () => client.close(),
  };
}

/** Options from the environment: DATABASE_URL (Postgres) or PGLITE_DIR (embedded, default ./.data/pglite). */
export function databaseOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): DatabaseOptions {
  const url = env.DATABASE_URL?.trim();
  if (url) return { url, max: env.DATABASE_POOL_MAX ? Number(env.DATABASE_POOL_MAX) : undefined };
  return { dataDir: env.PGLITE_DIR?.trim() || DEFAULT_DATA_DIR };
}

/**
 * How many server processes `npm start` runs (WEB_CONCURRENCY, default 1). More than one needs Postgres: the embedded
 * PGlite database belongs to the one process that opened it.
 */
export function serverProcesses(env: Record<string, string | undefined> = process.env): number {
  const raw = env.WEB_CONCURRENCY?.trim();
  if (!raw) return 1;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new Error(`WEB_CONCURRENCY は 1〜64 の整数で指定してください（いまの値: "${raw}"）。`);
  if (n > 1 && !env.DATABASE_URL?.trim()) {
    throw new Error("WEB_CONCURRENCY を2以上にするには DATABASE_URL（Postgres）が必要です。埋め込みデータベース（PGlite）は1つのプロセスからしか使えません。");
  }
  return n;
}

/**
 * `?host=/var/run/postgresql` in the URL connects through the Unix socket in that directory, as libpq does
 * (`postgres://postgres@localhost/manabiya?host=/var/run/postgresql`). The postgres driver takes the directory as its
 * host option, not from the URL. On the same machine a Unix socket costs the server less CPU per query than TCP
 * over loopback (bench/RESULTS.md).
 */
export function splitSocketHost(url: string): { url: string; socketDir: string | null } {
  try {
    const u = new URL(url);
    const host = u.searchParams.get("host");
    if (!host?.startsWith("/")) return { url, socketDir: null };
    u.searchParams.delete("host");
    return { url: u.toString(), socketDir: host };
  } catch {
    return { url, socketDir: null };
  }
}

export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(invalid DATABASE_URL)";
  }
}

// One database per process. The Remix server build (build/index.js) and the code that bootstraps it (server.ts, bundled
// into build/server.mjs) are separate module graphs, so the instance lives on globalThis: both must share one PGlite,
// which cannot be opened twice.
const GLOBAL_KEY = Symbol.for("manabiya.database");
type GlobalWithDb = typeof globalThis & { [GLOBAL_KEY]?: Promise<Database> };

export function getDatabase(): Promise<Database> {
  const g = globalThis as GlobalWithDb;
  g[GLOBAL_KEY] ??= openDatabase(databaseOptionsFromEnv());
  return g[GLOBAL_KEY];
}

/** Convenience for loaders: the drizzle instance of the process-wide database. */
export async function getDb(): Promise<Db> {
  return (await getDatabase()).db;
}

/** Makes `database` the process-wide database (tests that call loaders and actions in-process). */
export function setProcessDatabase(database: Database): void {
  (globalThis as GlobalWithDb)[GLOBAL_KEY] = Promise.resolve(database);
}

export async function closeDatabase(): Promise<void> {
  const g = globalThis as GlobalWithDb;
  const current = g[GLOBAL_KEY];
  g[GLOBAL_KEY] = undefined;
  if (current) await (await current).close();
}
