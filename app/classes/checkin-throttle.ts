import { addressKey, type ThrottlePolicy } from "~/auth/throttle";

/**
 * Limits on wrong self check-in codes (pure; the counting is app/classes/checkin-throttle.server.ts, in the same
 * `login_throttles` table as sign-in). A code has 4 digits and two are accepted at a time (the current one and the one
 * before), so each guess hits with a chance of 2 in 10,000. See docs/decisions/021-throttling-check-in-and-login.md.
 */

/**
 * Per client: 4 wrong codes cost nothing, the 5th locks the client out of self check-in for 15 minutes; a wrong code
 * 15 minutes after the last one starts the count again. A resident who mistypes or reads a code just as it changes has
 * four tries to spare; one address guesses at most 5 codes per 15 minutes (60 in three hours: 1.2 %).
 */
export const CHECKIN_CLIENT_POLICY: ThrottlePolicy = { free: 4, lockAt: 5, lockMinutes: 15, windowMinutes: 15 };

/**
 * Per class session, whoever types: 30 wrong codes stop self check-in for everyone for 15 minutes, and they are not
 * forgotten that day, so each further wrong code stops it again. Bounds an attacker with many addresses to 30 guesses
 * plus one per 15 minutes: 41 in the three hours check-in is open for a two-hour class, a chance under 1 %. A class of
 * 40 does not come near 30 wrong codes by mistakes alone; if it does, the instructor marks attendance on the roster.
 */
export const CHECKIN_SESSION_POLICY: ThrottlePolicy = { free: 29, lockAt: 30, lockMinutes: 15, windowMinutes: 24 * 60 };

/** Who is trying: the signed-in staff member checking in as themselves, otherwise the IP address. */
export type CheckinClient = { userId: string } | { ip: string | null };

/**
 * The two throttle keys of an attempt. A signed-in staff member is counted by account rather than by address: a
 * whole town hall shares one address, and a staff training would otherwise be locked by five colleagues' typos.
 * Addresses are counted across sessions (IPv6 by /64), so trying several sessions gives no more guesses.
 */
export function checkinThrottleKeys(sessionId: string, client: CheckinClient): { client: string; session: string } {
  return {
    client: "userId" in client ? `checkin:user:${client.userId}` : `checkin:ip:${addressKey(client.ip)}`,
    session: `checkin:session:${sessionId}`,
  };
}
