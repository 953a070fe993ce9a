import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { requireCsrf } from "~/auth/csrf.server";
import { safeReturnPath, updatePreferences } from "~/display/preferences";
import { preferencesCookieHeader, readPreferences } from "~/display/preferences.server";

/** GET /preferences has nothing to show: the controls live in the header and on lesson pages. */
export async function loader() {
  throw redirect("/");
}

/**
 * Saves 文字サイズ, 配色 and ふりがな in a cookie (anyone, no account needed) and goes back to the page the form was on.
 * Works without JavaScript: the form posts here and the redirected page is rendered with the new classes.
 */
export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  requireCsrf(request, form);
  const prefs = updatePreferences(readPreferences(request), form);
  throw redirect(safeReturnPath(form.get("returnTo")), { headers: { "Set-Cookie": preferencesCookieHeader(prefs) } });
}
