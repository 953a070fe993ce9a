import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { users } from "../../db/schema";
import { writeAudit } from "~/audit/audit.server";
import { organizations } from "../../db/schema";
import { verifyPassword } from "./password.server";
import { createSession } from "./session.server";
import { ACCOUNT_POLICY, addressKey, formatWait, IP_POLICY } from "./throttle";
import { clearThrottle, recordFailure, throttleWait } from "./throttle.server";
import { tFor } from "~/i18n/i18n";
import type { Language } from "~/i18n/languages";

export interface LoginInput {
  /** Required when signing in with a staff number (numbers are unique per organization only). */
  organizationId: string | null;
  /** 職員番号 or email address. */
  identifier: string;
  password: string;
  ip: string | null;
  userAgent: string | null;
  /** The language the refusals are worded in (the visitor's); Japanese when not given. */
  lang?: Language;
}

export type LoginResult = { ok: true; userId: string; mustChangePassword: boolean; cookie: string } | { ok: false; message: string; retryAfterMs?: number };

/** The refusals, from app/locales `login.errors` in the visitor's language. */
function refusals(lang: Language = "ja") {
  const t = tFor(lang);
  return {
    invalid: t("login.errors.invalid"),
    throttled: (waitMs: number) => t("login.errors.throttled", { wait: formatWait(waitMs, lang) }),
    unknownOrganization: t("login.errors.unknownOrganization"),
  };
}

/**
 * The key failures are counted under: the account once the identifier names one, so that the staff number (with its
 * organization) and the email address share one budget; otherwise the identifier as typed, so that unknown names are
 * throttled alike and the answer does not tell which exist.
 */
export function loginThrottleKey(user: { id: string } | undefined, organizationId: string | null, identifier: string): string {
  if (user) return `account:user:${user.id}`;
  const id = identifier.trim().normalize("NFKC").toLowerCase();
  return id.includes("@") ? `account:email:${id}` : `account:${organizationId ?? "-"}:${id}`;
}

/**
 * Finds the account, checks the throttles, then the password. The same message for an unknown account and a wrong
 * password, and the same work for both (one look-up, one counted failure, one password hash), so neither the text nor
 * the timing tells which staff numbers exist.
 *
 * The attempt is counted against the account before the password is checked and forgotten when it proves right: one
 * statement counts and tests the limit, so a burst of parallel guesses cannot all pass a read made before any of them
 * was counted. The IP address, shared by a whole town hall, counts failures only.
 */
export async function login(db: Db, input: LoginInput): Promise<LoginResult> {
  const say = refusals(input.lang);
  if (input.organizationId) await requireKnownOrganization(db, input.organizationId, say.unknownOrganization);
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
  const key = loginThrottleKey(user, input.organizationId, identifier);
  const ipKey = input.ip ? `ip:${addressKey(input.ip)}` : null;

  const ipWait = await throttleWait(db, [ipKey]);
  if (ipWait > 0) return { ok: false, retryAfterMs: ipWait, message: say.throttled(ipWait) };
  const counted = await recordFailure(db, key, ACCOUNT_POLICY);
  if (counted.refused) {
    const wait = Math.max(counted.waitMs, 1);
    return { ok: false, retryAfterMs: wait, message: say.throttled(wait) };
  }
  const valid = await verifyPassword(input.password, user?.passwordHash ?? null);

  if (!user || !valid) {
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
    return { ok: false, message: say.invalid };
  }

  await clearThrottle(db, key);
  const session = await createSession(db, { userId: user.id, organizationId: user.organizationId, ip: input.ip, userAgent: input.userAgent });
  await writeAudit(db, {
    organizationId: user.organizationId,
    actorUserId: user.id,
    action: "auth.login",
    targetType: "user",
    targetId: user.id,
    ip: input.ip,
  });
  return { ok: true, userId: user.id, mustChangePassword: user.mustChangePassword, cookie: session.cookie };
}

/**
 * A well-formed organization id that names no organization (an old page, a hand-made request) is a 400 saying so:
 * nothing is counted or written, and the audit entry's foreign key is not tried (issue #18). The ids are public: the
 * sign-in form lists them.
 */
async function requireKnownOrganization(db: Db, organizationId: string, message: string): Promise<void> {
  const [row] = await db.select({ id: organizations.id }).from(organizations).where(eq(organizations.id, organizationId)).limit(1);
  if (row) return;
  throw new Response(message, {
    status: 400,
    statusText: "Bad Request",
    headers: { "Content-Type": "text/plain; charset=utf-8" },
  });
}
