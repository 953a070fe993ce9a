import { cookieHeader, readCookie } from "~/auth/cookies.server";
import { parsePreferences, serializePreferences, type DisplayPreferences } from "./preferences";

export const PREFERENCES_COOKIE = "manabiya_display";
const ONE_YEAR_SECONDS = 365 * 24 * 60 * 60;

export function readPreferences(request: Request): DisplayPreferences {
  return parsePreferences(readCookie(request, PREFERENCES_COOKIE));
}

export function preferencesCookieHeader(prefs: DisplayPreferences): string {
  return cookieHeader(PREFERENCES_COOKIE, serializePreferences(prefs), { maxAge: ONE_YEAR_SECONDS });
}
