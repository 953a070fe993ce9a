import { createHmac, randomBytes, randomInt } from "node:crypto";

/** The self check-in code changes every 30 seconds. */
export const CODE_PERIOD_MS = 30_000;
/** Self check-in is open from 30 minutes before the start until 30 minutes after the end. */
export const CHECKIN_MARGIN_MS = 30 * 60_000;

export function newCheckinSecret(): string {
  return randomBytes(16).toString("hex");
}

/** The 4-digit code for one 30-second window: HMAC of the window number with the session's secret. */
export function checkinCode(secret: string, at: Date): string {
  const window = Math.floor(at.getTime() / CODE_PERIOD_MS);
  const digest = createHmac("sha256", secret).update(String(window)).digest();
  return String(digest.readUInt32BE(0) % 10_000).padStart(4, "0");
}

/** Seconds until the code shown at `at` changes. */
export function secondsUntilNextCode(at: Date): number {
  return Math.ceil((CODE_PERIOD_MS - (at.getTime() % CODE_PERIOD_MS)) / 1000);
}

export type CodeCheck = "ok" | "closed" | "wrong";

/**
 * Accepts the current code and the previous one (a participant who read it just before it changed), only while
 * check-in is open for the session.
 */
export function verifyCheckinCode(secret: string, code: string, session: { startsAt: Date; endsAt: Date }, now: Date): CodeCheck {
  if (now.getTime() < session.startsAt.getTime() - CHECKIN_MARGIN_MS || now.getTime() > session.endsAt.getTime() + CHECKIN_MARGIN_MS) return "closed";
  const normalized = code.normalize("NFKC").trim();
  const accepted = [checkinCode(secret, now), checkinCode(secret, new Date(now.getTime() - CODE_PERIOD_MS))];
  return accepted.includes(normalized) ? "ok" : "wrong";
}

/** 受付番号: 8 characters people can read aloud on the phone (no 0/O, 1/I/L), e.g. "K7QW-3MX9". */
export function newReceiptNumber(): string {
  const alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
  let s = "";
  for (let i = 0; i < 8; i++) s += alphabet[randomInt(alphabet.length)];
  return `${s.slice(0, 4)}-${s.slice(4)}`;
}

export function normalizeReceiptNumber(input: string): string {
  const compact = input
    .normalize("NFKC")
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, "");
  return compact.length === 8 ? `${compact.slice(0, 4)}-${compact.slice(4)}` : compact;
}
