import { redirect, type ActionFunctionArgs } from "react-router";
import { requireCsrf } from "~/auth/csrf.server";
import { readForm } from "~/http/form.server";
import { updatePreferences } from "~/display/preferences";
import { safeRedirect } from "~/http/safe-redirect";
import { preferencesCookieHeader, readPreferences } from "~/display/preferences.server";
import { languageCookieHeader } from "~/i18n/language.server";
import { parseLanguage } from "~/i18n/languages";

/** GET /preferences has nothing to show: the controls live in the header and on lesson pages. */
export async function loader() {
  throw redirect("/");
}

/**
 * Saves 文字サイズ, 配色 and ふりがな (display cookie) or the language (日本語 / English, language cookie) for anyone, no
 * account needed, and goes back to the page the form was on. Works without JavaScript: the form posts here and the
 * redirected page is rendered with the new classes or in the new language.
 */
export async function action({ request }: ActionFunctionArgs) {
  const form = await readForm(request);
  requireCsrf(request, form);
  const headers = new Headers();
  const language = form.has("language") ? parseLanguage(String(form.get("language"))) : null;
  if (language) headers.append("Set-Cookie", languageCookieHeader(language));
  if (["textSize", "contrast", "furigana"].some((name) => form.has(name)) || !language) {
    headers.append("Set-Cookie", preferencesCookieHeader(updatePreferences(readPreferences(request), form)));
  }
  throw redirect(safeRedirect(form.get("returnTo")), { headers });
}
