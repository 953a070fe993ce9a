import { eq, inArray, sql, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client";
import { loginThrottles } from "../../db/schema";
import { delaySchedule, type ThrottlePolicy } from "./throttle";

/**
 * Failed attempts counted per key in `login_throttles`, shared by sign-in ("account:…", "ip:…") and self check-in
 * ("checkin:…"). The rule itself is `blockedUntil` in ./throttle; times are the database's clock.
 */

export interface FailureOutcome {
  /** The key was blocked already: nothing was counted, and the attempt must be refused. */
  refused: boolean;
  /** Failures counted for the key, this one included. */
  failures: number;
  /** Milliseconds before the key may try again (0 = at once). */
  waitMs: number;
}

const t = loginThrottles;
const waitMsOf = (until: SQL | typeof t.blockedUntil) => sql<number>`coalesce(greatest(0, ceil(extract(epoch from (${until} - now())) * 1000)), 0)::int`;

/** `now()` plus the policy's wait after `failures` failures, or null when there is none (one SQL expression). */
function blockedUntilSql(policy: ThrottlePolicy, failures: SQL): SQL {
  const schedule = delaySchedule(policy);
  if (!schedule.every((s) => Number.isSafeInteger(s) && s >= 0)) throw new Error("throttle policy: waits must be whole seconds");
  const seconds = sql.raw(`(array[${schedule.join(",")}]::int[])`);
  return sql`now() + make_interval(secs => nullif(${seconds}[least(${failures}, ${policy.lockAt})], 0))`;
}

/** Milliseconds until each of `keys` may try again (0 = not blocked), in one read. */
export async function throttleWaits(db: Db, keys: (string | null)[]): Promise<Map<string, number>> {
  const wanted = keys.filter((k): k is string => !!k);
  const waits = new Map(wanted.map((k) => [k, 0]));
  if (!wanted.length) return waits;
  const rows = await db
    .select({ key: t.key, waitMs: waitMsOf(t.blockedUntil) })
    .from(t)
    .where(wanted.length === 1 ? eq(t.key, wanted[0]!) : inArray(t.key, wanted));
  for (const row of rows) waits.set(row.key, row.waitMs);
  return waits;
}

/** Milliseconds until all of `keys` may try again: the longest block among them; 0 when none is blocked. */
export async function throttleWait(db: Db, keys: (string | null)[]): Promise<number> {
  return Math.max(0, ...(await throttleWaits(db, keys)).values());
}

/**
 * Counts one failure for `key` and sets its next allowed time, in one statement, unless the key is blocked right now:
 * then nothing changes and `refused` is true. Being one statement, concurrent attempts (a burst of requests, several
 * servers) cannot slip past the limit between a read and a write, and waiting out a block is not made longer by the
 * attempts refused during it.
 */
export async function recordFailure(db: Db, key: string, policy: ThrottlePolicy): Promise<FailureOutcome> {
  const next = sql`(case when ${t.lastFailureAt} < now() - make_interval(mins => ${policy.windowMinutes}) then 1 else ${t.failures} + 1 end)`;
  const [row] = await db
    .insert(t)
    .values({ key, failures: 1, lastFailureAt: sql`now()`, blockedUntil: blockedUntilSql(policy, sql`1`) })
    .onConflictDoUpdate({
      target: t.key,
      set: { failures: next, lastFailureAt: sql`now()`, blockedUntil: blockedUntilSql(policy, next) },
      setWhere: sql`${t.blockedUntil} is null or ${t.blockedUntil} <= now()`,
    })
    .returning({ failures: t.failures, waitMs: waitMsOf(t.blockedUntil) });
  if (row) return { refused: false, failures: row.failures, waitMs: row.waitMs };
  const [held] = await db
    .select({ failures: t.failures, waitMs: waitMsOf(t.blockedUntil) })
    .from(t)
    .where(eq(t.key, key));
  return { refused: true, failures: held?.failures ?? 0, waitMs: held?.waitMs ?? 0 };
}

/** Forgets a key's failures (after a successful sign-in). */
export async function clearThrottle(db: Db, key: string): Promise<void> {
  await db.delete(t).where(eq(t.key, key));
}
