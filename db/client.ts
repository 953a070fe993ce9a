import { mkdir } from "node:fs/promises";
import { PGlite } from "@electric-sql/pglite";
import type { SQL } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { isDatabaseUnavailable } from "../app/db-errors.server";
import { DEFAULT_PGLITE_DIR, EnvError, envFrom, type EnvSource } from "../app/kernel/env.server";
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

/** What the callbacks of one transaction share about its connection: the error it was lost with, once seen. */
interface TransactionState {
  lost: unknown;
}

/**
 * The postgres client with every parameterized query sent as a prepared statement kept per connection. drizzle asks
 * postgres-js for unnamed statements (prepare: false) unless a query is given a name, and postgres-js then spends a
 * round trip asking the server for the parameters' types (Parse, Describe, wait, then Bind, Execute) on every query.
 * A prepared statement is parsed and described once per connection; later runs are one round trip (decision 016).
 * Inside a transaction the client also watches its queries for a lost connection (`guarded`, decision 020).
 */
function preparedStatements(client: Sql, transaction?: TransactionState): Sql {
  const method = client as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
  // Transactions and savepoints hand their callback a client of their own, wrapped the same way.
  const scope =
    (name: "begin" | "savepoint") =>
    (...args: unknown[]) => {
      if (transaction?.lost) return Promise.reject(connectionLost(transaction.lost));
      const callback = args.pop() as (sql: Sql) => unknown;
      const state = transaction ?? { lost: null };
      return guarded(
        state,
        (body) => method[name]!(...args, body),
        (sql) => callback(preparedStatements(sql, state)),
      );
    };
  const replaced: Record<PropertyKey, unknown> = {
    unsafe: (query: string, args: unknown[] = [], options: Record<string, unknown> = {}) => {
      if (transaction?.lost) return refusedQuery(connectionLost(transaction.lost));
      const pending = client.unsafe(query, args as never, { ...options, prepare: true });
      if (transaction) pending.then(undefined, (error: unknown) => void (isDatabaseUnavailable(error) && (transaction.lost ??= error)));
      return pending;
    },
    begin: scope("begin"),
    savepoint: scope("savepoint"),
  };
  return new Proxy(client, {
    get: (target, property, receiver) => (Object.hasOwn(replaced, property) ? replaced[property] : Reflect.get(target, property, receiver)),
  });
}

/**
 * Runs the body of a transaction or savepoint so that postgres-js sends nothing more on a connection that died under
 * it. postgres-js answers a body that failed with ROLLBACK and one that finished with COMMIT, on the same connection;
 * once that connection has closed its socket is null, and the write throws inside a setImmediate: an uncaught
 * TypeError that ended the whole process when Postgres restarted (porsager/postgres#1154, #1208; decision 020). When
 * one of the transaction's own queries failed with a lost connection, or postgres-js rejected begin() because the
 * connection closed, the body's promise is left pending instead (Postgres rolls back an open transaction whose
 * connection ends) and the caller gets the error. An error from anything else (another connection, the code) still
 * rolls back as before.
 */
function guarded(state: TransactionState, open: (body: (sql: Sql) => Promise<unknown>) => Promise<unknown>, body: (sql: Sql) => unknown): Promise<unknown> {
  let fail!: (error: unknown) => void;
  const lost = new Promise<never>((_, reject) => (fail = reject));
  const abandon = (error: unknown) => {
    fail(error);
    return new Promise<never>(() => {});
  };
  const run = open(async (sql) => {
    let result: unknown;
    try {
      result = await body(sql);
    } catch (error) {
      if (state.lost) return abandon(error);
      throw error;
    }
    return state.lost ? abandon(connectionLost(state.lost)) : result;
  });
  run.catch((error: unknown) => void (isDatabaseUnavailable(error) && (state.lost ??= error)));
  return Promise.race([run, lost]);
}

function connectionLost(cause: unknown): Error {
  return new Error("トランザクションの接続が切れました（Postgres の再起動など）。変更は保存されていません。", { cause });
}

/** Stands in for a query a lost transaction may no longer send: it fails when awaited, as drizzle does with every query. */
function refusedQuery(error: Error) {
  const refused = {
    then: (resolve?: (value: never) => unknown, reject?: (reason: unknown) => unknown) => Promise.reject(error).then(resolve, reject),
    values: () => refused,
    raw: () => refused,
    execute: () => refused,
  };
  return refused;
}

/**
 * Seconds before postgres-js opens a closed connection again. Its default grows to 20 s, counted across the pool, so
 * after a restart of a few seconds requests waited up to 20 s and pages stayed down seconds after Postgres was back;
 * at most 1 s keeps a restart short and still spaces the attempts while Postgres is down (decision 020).
 */
export function reconnectDelay(attempts: number): number {
  return (0.5 + Math.random() / 2) * Math.min(0.05 * 2 ** attempts, 1);
}

export const DEFAULT_DATA_DIR = DEFAULT_PGLITE_DIR;

export async function openDatabase(options: DatabaseOptions = {}): Promise<Database> {
  if (options.url) {
    const { url, socketDir } = splitSocketHost(options.url);
    const client = postgres(url, {
      ...(socketDir ? { host: socketDir } : {}),
      max: options.max ?? 10,
      onnotice: () => {},
      backoff: reconnectDelay,
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

/** Options from the environment: DATABASE_URL (Postgres, DATABASE_POOL_MAX) or PGLITE_DIR (embedded, default ./.data/pglite). */
export function databaseOptionsFromEnv(source?: EnvSource): DatabaseOptions {
  const env = envFrom(source);
  if (env.DATABASE_URL) return { url: env.DATABASE_URL, max: env.DATABASE_POOL_MAX };
  return { dataDir: env.PGLITE_DIR };
}

/**
 * How many server processes `npm start` runs (WEB_CONCURRENCY, default 1). More than one needs Postgres: the embedded
 * PGlite database belongs to the one process that opened it.
 */
export function serverProcesses(source?: EnvSource): number {
  const { WEB_CONCURRENCY, DATABASE_URL } = envFrom(source);
  if (WEB_CONCURRENCY > 1 && !DATABASE_URL) {
    throw new EnvError([
      "WEB_CONCURRENCY を2以上にするには DATABASE_URL（Postgres）が必要です。埋め込みデータベース（PGlite）は1つのプロセスからしか使えません。",
    ]);
  }
  return WEB_CONCURRENCY;
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
