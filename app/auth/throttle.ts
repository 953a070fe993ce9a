/**
 * Sign-in throttling rules (pure). Failures are counted per account and per IP address. The first few failures cost
 * nothing; then each further attempt must wait a growing delay; past the lock threshold the key is locked for
 * 15 minutes. Failures older than the window are forgotten.
 */
export interface ThrottlePolicy {
  /** Failures allowed with no delay. */
  free: number;
  /** At this many failures the key is locked for `lockMinutes`. */
  lockAt: number;
  lockMinutes: number;
  /** A failure older than this starts the count again. */
  windowMinutes: number;
}

/** Per account: 5 failures → 2, 4, 8, 16 s … then at 10 a 15-minute lock. */
export const ACCOUNT_POLICY: ThrottlePolicy = { free: 4, lockAt: 10, lockMinutes: 15, windowMinutes: 15 };
/** Per IP: a town hall's staff may share one address, so the IP limits are looser. */
export const IP_POLICY: ThrottlePolicy = { free: 19, lockAt: 50, lockMinutes: 15, windowMinutes: 15 };

/** When the next attempt may be made after `failures` consecutive failures, the last at `now`; null = no wait. */
export function blockedUntil(policy: ThrottlePolicy, failures: number, now: Date): Date | null {
  if (failures <= policy.free) return null;
  if (failures >= policy.lockAt) return new Date(now.getTime() + policy.lockMinutes * 60_000);
  const seconds = 2 ** (failures - policy.free);
  return new Date(now.getTime() + Math.min(seconds, policy.lockMinutes * 60) * 1000);
}

/** "3分20秒" / "45秒" for the message shown to the person waiting. */
export function formatWait(ms: number): string {
  const total = Math.max(1, Math.ceil(ms / 1000));
  const m = Math.floor(total / 60);
  const s = total % 60;
  return m ? (s ? `${m}分${s}秒` : `${m}分`) : `${s}秒`;
}
