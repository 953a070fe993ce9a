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

/** "3分20秒" / "45秒" (or "3 min 20 s" / "45 s" in English) for the message shown to the person waiting. */
export function formatWait(ms: number, lang: "ja" | "en" = "ja"): string {
  const total = Math.max(1, Math.ceil(ms / 1000));
  const m = Math.floor(total / 60);
  const s = total % 60;
  if (lang === "en") return m ? (s ? `${m} min ${s} s` : `${m} min`) : `${s} s`;
  return m ? (s ? `${m}分${s}秒` : `${m}分`) : `${s}秒`;
}

/**
 * The wait in whole seconds after the 1st, 2nd … `lockAt`-th failure (0 = none), from `blockedUntil`: the database
 * applies the rule in one statement (app/auth/throttle.server.ts) from this table, so the rule is written once.
 */
export function delaySchedule(policy: ThrottlePolicy): number[] {
  return Array.from({ length: policy.lockAt }, (_, i) => {
    const until = blockedUntil(policy, i + 1, new Date(0));
    return until ? Math.ceil(until.getTime() / 1000) : 0;
  });
}

/**
 * The most failures one key can have counted in `minutes` by someone trying again the moment each wait ends (attempts
 * while blocked are refused and not counted). For the limits' reasoning: a code of 4 digits with two accepted at a time
 * is guessed with a chance of at most this × 2/10,000.
 */
export function maxFailuresWithin(policy: ThrottlePolicy, minutes: number): number {
  const end = minutes * 60_000;
  let t = 0;
  let last = Number.NEGATIVE_INFINITY;
  let failures = 0;
  let counted = 0;
  while (t < end) {
    failures = t - last > policy.windowMinutes * 60_000 ? 1 : failures + 1;
    last = t;
    counted++;
    const until = blockedUntil(policy, failures, new Date(t));
    if (until) t = until.getTime() + 1;
  }
  return counted;
}

/**
 * The client part of a throttle key for an IP address: IPv4 as it is (also when written IPv4-mapped, "::ffff:a.b.c.d"),
 * IPv6 by its /64 prefix, since one home or phone line is given a whole /64 (or more) and could otherwise change address
 * for every try. "-" when unknown.
 */
export function addressKey(ip: string | null): string {
  if (!ip) return "-";
  const address = ip.trim().toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (mapped) return mapped[1]!;
  if (!address.includes(":")) return address;
  const [head = "", tail] = address.split("%")[0]!.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = tail === undefined ? left : [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill("0"), ...right];
  const prefix = groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, ""));
  return `${prefix.join(":")}::/64`;
}
