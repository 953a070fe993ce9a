import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { loginThrottles, users } from "../../db/schema";
import { writeAudit } from "~/audit/audit.server";
import { verifyPassword } from "./password.server";
import { createSession } from "./session.server";
import { ACCOUNT_POLICY, blockedUntil, formatWait, IP_POLICY, type ThrottlePolicy } from "./throttle";

export interface LoginInput {
  /** Required when signing in with a staff number (numbers are unique per organization only). */
  organizationId: string | null;
  /** 職員番号 or email address. */
  identifier: string;
  password: string;
  ip: string | null;
  userAgent: string | null;
}

export type LoginResult =
  | { ok: true; userId: string; mustChangePassword: boolean; cookie: string }
  | { ok: false; message: string; retryAfterMs?: number };

const INVALID = "職員番号（またはメールアドレス）かパスワードが違います。もう一度お確かめください。";

function accountKey(input: LoginInput): string {
  const id = input.identifier.trim().normalize("NFKC").toLowerCase();
  return id.includes("@") ? `account:email:${id}` : `account:${input.organizationId ?? "-"}:${id}`;
}

async function currentBlock(db: Db, key: string): Promise<number> {
  const [row] = await db.select({ until: loginThrottles.blockedUntil }).from(loginThrottles).where(eq(loginThrottles.key, key));
  const wait = row?.until ? row.until.getTime() - Date.now() : 0;
  return wait > 0 ? wait : 0;
}

/** Counts one failure atomically (two servers may race) and sets the next allowed time. */
async function recordFailure(db: Db, key: string, policy: ThrottlePolicy): Promise<void> {
  const windowStart = sql`now() - make_interval(mins => ${policy.windowMinutes})`;
  const [row] = await db
    .insert(loginThrottles)
    .values({ key, failures: 1 })
    .onConflictDoUpdate({
      target: loginThrottles.key,
      set: {
        failures: sql`case when ${loginThrottles.lastFailureAt} < ${windowStart} then 1 else ${loginThrottles.failures} + 1 end`,
        lastFailureAt: sql`now()`,
      },
    })
    .returning({ failures: loginThrottles.failures });
  const until = blockedUntil(policy, row!.failures, new Date());
  await db.update(loginThrottles).set({ blockedUntil: until }).where(eq(loginThrottles.key, key));
}

/**
 * Checks the throttles, then the password. The same message for an unknown account and a wrong password, and the same
 * hashing work for both, so neither the text nor the timing tells which staff numbers exist.
 */
export async function login(db: Db, input: LoginInput): Promise<LoginResult> {
  const key = accountKey(input);
  const ipKey = input.ip ? `ip:${input.ip}` : null;
  const wait = Math.max(await currentBlock(db, key), ipKey ? await currentBlock(db, ipKey) : 0);
  if (wait > 0) {
    return {
      ok: false,
      retryAfterMs: wait,
      message: `ログインの失敗が続いたため、しばらくログインできません。${formatWait(wait)}ほど待ってから、もう一度お試しください。パスワードがわからないときは、人事担当にご相談ください。`,
    };
  }

  const identifier = input.identifier.trim().normalize("NFKC");
  const byEmail = identifier.includes("@");
  const [user] =
    byEmail || input.organizationId
      ? await db
          .select({ id: users.id, organizationId: users.organizationId, passwordHash: users.passwordHash, mustChangePassword: users.mustChangePassword })
          .from(users)
          .where(
            and(
              eq(users.active, true),
              byEmail ? eq(users.email, identifier.toLowerCase()) : and(eq(users.organizationId, input.organizationId!), eq(users.staffNumber, identifier)),
            ),
          )
          .limit(1)
      : [];
  const valid = await verifyPassword(input.password, user?.passwordHash ?? null);

  if (!user || !valid) {
    await recordFailure(db, key, ACCOUNT_POLICY);
    if (ipKey) await recordFailure(db, ipKey, IP_POLICY);
    await writeAudit(db, {
      organizationId: user?.organizationId ?? input.organizationId,
      actorUserId: null,
      action: "auth.login_failed",
      targetType: user ? "user" : undefined,
      targetId: user?.id,
      after: { identifier: identifier.slice(0, 100) },
      ip: input.ip,
    });
    return { ok: false, message: INVALID };
  }

  await db.delete(loginThrottles).where(eq(loginThrottles.key, key));
  const session = await createSession(db, { userId: user.id, organizationId: user.organizationId, ip: input.ip, userAgent: input.userAgent });
  await writeAudit(db, { organizationId: user.organizationId, actorUserId: user.id, action: "auth.login", targetType: "user", targetId: user.id, ip: input.ip });
  return { ok: true, userId: user.id, mustChangePassword: user.mustChangePassword, cookie: session.cookie };
}
