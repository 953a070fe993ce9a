/**
 * Errors that mean "the database cannot be reached right now" (Postgres restarting, shut down, refusing connections, a
 * connection cut mid-query), as opposed to a mistake in a query or in the data. A request that fails for one of these
 * reasons is answered with 503 and Retry-After (app/http/unavailable.server.ts) instead of a 500, and a transaction whose
 * connection died this way is not sent anything more on it (db/client.ts; decision 020).
 */

/** Seconds a client is asked to wait before trying again (Retry-After). A restart of Postgres takes a few seconds. */
export const RETRY_AFTER_SECONDS = 5;

/** postgres.js's own codes for a connection it closed, lost or could not open in time. */
const DRIVER_CODES = new Set(["CONNECTION_CLOSED", "CONNECTION_ENDED", "CONNECTION_DESTROYED", "CONNECT_TIMEOUT"]);

/** Socket errors (Node's codes). They count only when they come from a database query: SMTP and HTTP fail with them too. */
const SOCKET_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "EHOSTDOWN",
  "ENETUNREACH",
  "ENETDOWN",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ERR_STREAM_WRITE_AFTER_END",
  "ERR_STREAM_DESTROYED",
]);

/**
 * SQLSTATEs of a server that is going away or not taking connections: admin_shutdown (57P01, `pg_ctl stop -m fast`),
 * crash_shutdown (57P02), cannot_connect_now (57P03, starting up or shutting down), idle_session_timeout (57P05),
 * too_many_connections (53300), and the connection_exception class (08…).
 */
function unavailableSqlState(code: string): boolean {
  return ["57P01", "57P02", "57P03", "57P05", "53300"].includes(code) || code.startsWith("08");
}

type ErrorLike = { name?: unknown; code?: unknown; severity?: unknown; syscall?: unknown; cause?: unknown; errors?: unknown };

/** The error, the errors it wraps (`cause`: drizzle's DrizzleQueryError, our own) and those it aggregates, breadth first. */
function* chain(error: unknown): Generator<ErrorLike> {
  const queue: unknown[] = [error];
  const seen = new Set<unknown>();
  while (queue.length && seen.size < 20) {
    const e = queue.shift();
    if (!e || typeof e !== "object" || seen.has(e)) continue;
    seen.add(e);
    const like = e as ErrorLike;
    yield like;
    queue.push(like.cause);
    if (Array.isArray(like.errors)) queue.push(...like.errors);
  }
}

/**
 * True when `error` (as thrown by a loader, an action or a query) says the database is unreachable: postgres.js lost
 * or could not open the connection, the socket failed while a query used it, or Postgres itself said it is shutting
 * down, starting up or out of connections — any FATAL error, since Postgres ends the session after one. Errors of the
 * query itself (a constraint, a syntax error, a cancelled statement) are not: they are bugs or data, and stay 500s.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  let fromQuery = false;
  let socket = false;
  for (const e of chain(error)) {
    const code = typeof e.code === "string" ? e.code : "";
    if (e.name === "PostgresError") return unavailableSqlState(code) || e.severity === "FATAL" || e.severity === "PANIC";
    if (DRIVER_CODES.has(code)) return true;
    // postgres.js marks every error it rejects a query with (`query`, `parameters`), as drizzle's DrizzleQueryError is.
    if ("query" in e && ("parameters" in e || "params" in e)) fromQuery = true;
    // ENOENT: the Unix socket file is gone while Postgres is down (`?host=/var/run/postgresql`).
    if (SOCKET_CODES.has(code) || (code === "ENOENT" && e.syscall === "connect")) socket = true;
  }
  return fromQuery && socket;
}

/** A short description for the log: the innermost code and message, without the query's text or its parameters. */
export function describeDatabaseError(error: unknown): string {
  let last: ErrorLike | undefined;
  for (const e of chain(error)) last = e;
  const code = typeof last?.code === "string" ? `${last.code}: ` : "";
  const message = last instanceof Error ? last.message.split("\n")[0] : String(last ?? error);
  return `${code}${message}`;
}
