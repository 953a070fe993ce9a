import type { Db } from "../../db/client";
import { writeAudit } from "~/audit/audit.server";
import { formatWait } from "~/auth/throttle";
import { recordFailure, throttleWaits } from "~/auth/throttle.server";
import { verifyCheckinCode } from "./checkin.server";
import { CHECKIN_CLIENT_POLICY, CHECKIN_SESSION_POLICY, checkinThrottleKeys, type CheckinClient } from "./checkin-throttle";
import { checkInTo, type CheckinResult, type CheckinSession } from "./registration.server";

export type ThrottledCheckinResult =
  | CheckinResult
  | {
      ok: false;
      /** `throttled`: this client typed too many wrong codes; `sessionThrottled`: the session had too many. */
      code: "throttled" | "sessionThrottled";
      error: string;
      waitMs: number;
      retryAfterSeconds: number;
    };

function refusal(code: "throttled" | "sessionThrottled", waitMs: number): ThrottledCheckinResult {
  const wait = Math.max(waitMs, 1000);
  const error =
    code === "throttled"
      ? `番号の誤りが続いたため、しばらく受付できません。${formatWait(wait)}ほど待ってから、もう一度お試しください。お急ぎのときは、講師にお声がけください。`
      : `この回は番号の誤りが多いため、受付を一時止めています。講師にお声がけください。${formatWait(wait)}ほどたつと、また受付できます。`;
  return { ok: false, code, error, waitMs: wait, retryAfterSeconds: Math.ceil(wait / 1000) };
}

/**
 * Self check-in (`checkInTo`) with wrong codes limited per client and per session (./checkin-throttle). A wrong code is
 * counted before anything else, in one statement per key, so parallel guesses cannot pass a check made before they were
 * counted; the right code only reads the two keys. A blocked client or session marks nobody, whatever the code; another
 * client, the right code and an open session check in as before. The start of each lock is written to the audit log
 * (session, scope and count; no receipt number, name or address), not every attempt refused during it, so an attack
 * cannot flood the log.
 */
export async function checkInThrottled(
  db: Db,
  session: CheckinSession,
  input: { code: string; receiptNumber?: string; userId?: string; now?: Date },
  client: CheckinClient,
): Promise<ThrottledCheckinResult> {
  const now = input.now ?? new Date();
  const open = session.status !== "cancelled" && !session.closedAt;
  const check = open ? verifyCheckinCode(session.checkinSecret, input.code, session, now) : "closed";
  // Outside check-in (cancelled, closed, not yet or no longer open) no code marks anyone: nothing to count.
  if (check === "closed") return checkInTo(db, session, { ...input, now });
  const keys = checkinThrottleKeys(session.id, client);

  if (check === "ok") {
    const waits = await throttleWaits(db, [keys.client, keys.session]);
    const sessionWait = waits.get(keys.session) ?? 0;
    const clientWait = waits.get(keys.client) ?? 0;
    if (sessionWait > 0) return refusal("sessionThrottled", sessionWait);
    if (clientWait > 0) return refusal("throttled", clientWait);
    return checkInTo(db, session, { ...input, now });
  }

  const mine = await recordFailure(db, keys.client, CHECKIN_CLIENT_POLICY);
  if (mine.refused) return refusal("throttled", mine.waitMs);
  const all = await recordFailure(db, keys.session, CHECKIN_SESSION_POLICY);
  if (all.refused) return refusal("sessionThrottled", all.waitMs);
  const locked = all.waitMs > 0 ? ("session" as const) : mine.waitMs > 0 ? ("client" as const) : null;
  if (!locked) return checkInTo(db, session, { ...input, now });
  // This wrong code started a lock: say so now rather than invite another try that would be refused.
  await writeAudit(db, {
    organizationId: session.organizationId,
    actorUserId: "userId" in client ? client.userId : null,
    action: "class.checkin_throttled",
    targetType: "class_session",
    targetId: session.id,
    after: {
      scope: locked,
      failures: locked === "session" ? all.failures : mine.failures,
      minutes: (locked === "session" ? CHECKIN_SESSION_POLICY : CHECKIN_CLIENT_POLICY).lockMinutes,
    },
  });
  return locked === "session" ? refusal("sessionThrottled", all.waitMs) : refusal("throttled", mine.waitMs);
}
