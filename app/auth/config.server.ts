import { envFrom, type EnvSource } from "~/kernel/env.server";

/** Session lifetimes, from the environment (SESSION_IDLE_MINUTES, SESSION_ABSOLUTE_HOURS). */
export function sessionConfig(source?: EnvSource) {
  const { SESSION_IDLE_MINUTES, SESSION_ABSOLUTE_HOURS } = envFrom(source);
  return {
    idleMs: SESSION_IDLE_MINUTES * 60_000,
    absoluteMs: SESSION_ABSOLUTE_HOURS * 3_600_000,
    /** last_seen_at is written at most this often, so reading a page is not a write per request. */
    touchEveryMs: 60_000,
  };
}
