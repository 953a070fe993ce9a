/** Session lifetimes, from the environment. */
export function sessionConfig(env: NodeJS.ProcessEnv = process.env) {
  const idleMinutes = Number(env.SESSION_IDLE_MINUTES ?? 120);
  const absoluteHours = Number(env.SESSION_ABSOLUTE_HOURS ?? 12);
  return {
    idleMs: (Number.isFinite(idleMinutes) && idleMinutes > 0 ? idleMinutes : 120) * 60_000,
    absoluteMs: (Number.isFinite(absoluteHours) && absoluteHours > 0 ? absoluteHours : 12) * 3_600_000,
    /** last_seen_at is written at most this often, so reading a page is not a write per request. */
    touchEveryMs: 60_000,
  };
}
