import { cookieHeader, readCookie } from "~/auth/cookies.server";
import { tFor } from "./i18n";
import { resolveLanguage, type Language } from "./languages";

/** The language switch's cookie: `ja` or `en`. Kept apart from the display cookie so that "never chosen" stays visible. */
export const LANGUAGE_COOKIE = "manabiya_lang";
const ONE_YEAR_SECONDS = 365 * 24 * 60 * 60;

/** The visitor's language for this request (cookie, else Accept-Language, else Japanese). */
export function requestLanguage(request: Request): Language {
  return resolveLanguage({ cookie: readCookie(request, LANGUAGE_COOKIE), acceptLanguage: request.headers.get("Accept-Language") });
}

/** The translation function for this request's language, for loaders and actions (messages, dates). */
export function requestT(request: Request) {
  const lang = requestLanguage(request);
  return { lang, t: tFor(lang) };
}

export function languageCookieHeader(lang: Language): string {
  return cookieHeader(LANGUAGE_COOKIE, lang, { maxAge: ONE_YEAR_SECONDS });
}
