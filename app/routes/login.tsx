import {
  type ActionFunctionArgs,
  data,
  Form,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
  useActionData,
  useLoaderData,
  useNavigation,
} from "react-router";
import { translatedHandle, useLangAttribute, useTranslation } from "~/i18n/react";
import { z } from "zod";
import { CsrfInput } from "~/components/csrf";
import { FormMessage, SelectField, TextField } from "~/components/form";
import { cookieHeader, readCookie, SESSION_COOKIE } from "~/auth/cookies.server";
import { csrfCookieHeader, newCsrfToken, requireCsrf } from "~/auth/csrf.server";
import { readForm } from "~/http/form.server";
import { clientIp, getCurrentUser } from "~/auth/guard.server";
import { safeRedirect } from "~/http/safe-redirect";
import { login } from "~/auth/login.server";
import { hashToken, revokeSession } from "~/auth/session.server";
import { getDb } from "~/db.server";
import { listOrganizations } from "~/organizations.server";
import { metaT } from "~/i18n/i18n";
import { requestT } from "~/i18n/language.server";
import { passRetryAfter } from "~/http/headers";
import { uuidSchema } from "~/kernel/uuid";

export const handle = translatedHandle;

export const headers = passRetryAfter;

export const meta: MetaFunction = ({ matches }) => {
  const t = metaT(matches);
  return [{ title: t("login.metaTitle") + t("common.titleSuffix") }];
};

const LAST_ORG_COOKIE = "manabiya_org";

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const redirectTo = safeRedirect(url.searchParams.get("redirectTo"));
  if (await getCurrentUser(request)) throw redirect(redirectTo);
  const orgs = await listOrganizations(await getDb());
  return { organizations: orgs, lastOrganizationId: readCookie(request, LAST_ORG_COOKIE), redirectTo, reset: url.searchParams.get("reset") === "1" };
}

/** Messages are keys of app/locales `login.errors`, said in the visitor's language. */
const schema = z.object({
  organizationId: uuidSchema().nullable(),
  identifier: z.string().trim().min(1, "identifierRequired").max(200, "identifierRequired"),
  password: z.string().min(1, "passwordRequired").max(200, "passwordRequired"),
  redirectTo: z.string().optional(),
});
type LoginErrorKey = "identifierRequired" | "passwordRequired" | "chooseOrganizationShort";

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  requireCsrf(request, form);
  const { lang, t } = requestT(request);
  const parsed = schema.safeParse({
    organizationId: form.get("organizationId") || null,
    identifier: form.get("identifier"),
    password: form.get("password"),
    redirectTo: form.get("redirectTo") ?? undefined,
  });
  const identifier = String(form.get("identifier") ?? "");
  if (!parsed.success) {
    const fieldErrors = Object.fromEntries(
      parsed.error.issues.map((i) => [
        String(i.path[0]),
        t(`login.errors.${(["identifierRequired", "passwordRequired"].includes(i.message) ? i.message : "chooseOrganizationShort") as LoginErrorKey}`),
      ]),
    );
    return data({ error: t("login.errors.incomplete"), fieldErrors, identifier }, { status: 400 });
  }
  const { organizationId, password, redirectTo } = parsed.data;
  if (!organizationId && !parsed.data.identifier.includes("@")) {
    return data(
      { error: t("login.errors.chooseOrganization"), fieldErrors: { organizationId: t("login.errors.chooseOrganizationShort") }, identifier },
      { status: 400 },
    );
  }
  const db = await getDb();
  const result = await login(db, {
    organizationId,
    identifier: parsed.data.identifier,
    password,
    ip: clientIp(context),
    userAgent: request.headers.get("User-Agent"),
    lang,
  });
  if (!result.ok) {
    const init = result.retryAfterMs ? { status: 429, headers: { "Retry-After": String(Math.ceil(result.retryAfterMs / 1000)) } } : { status: 401 };
    return data({ error: result.message, fieldErrors: {} as Record<string, string>, identifier }, init);
  }
  // Session rotation: whatever session this browser had before ends now; the CSRF token is renewed too.
  const previous = readCookie(request, SESSION_COOKIE);
  if (previous) await revokeSession(db, hashToken(previous), result.userId);
  const headers = new Headers();
  headers.append("Set-Cookie", result.cookie);
  headers.append("Set-Cookie", csrfCookieHeader(newCsrfToken()));
  if (organizationId) headers.append("Set-Cookie", cookieHeader(LAST_ORG_COOKIE, organizationId, { maxAge: 60 * 60 * 24 * 365 }));
  throw redirect(result.mustChangePassword ? "/account/password" : safeRedirect(redirectTo), { headers });
}

export default function LoginPage() {
  const { organizations: orgs, lastOrganizationId, redirectTo, reset } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const { t } = useTranslation();
  const ja = useLangAttribute("ja");
  const fieldErrors: Record<string, string | undefined> = actionData?.fieldErrors ?? {};
  return (
    <div className="page narrow">
      <h1>{t("login.heading")}</h1>
      <p>{t("login.intro")}</p>
      {reset ? <FormMessage kind="success">{t("login.resetDone")}</FormMessage> : null}
      {actionData?.error ? <FormMessage>{actionData.error}</FormMessage> : null}
      <Form method="post" className="stack" noValidate>
        <CsrfInput />
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <SelectField id="organizationId" label={t("login.organization")} defaultValue={lastOrganizationId ?? ""} error={fieldErrors.organizationId}>
          <option value="">{t("login.choose")}</option>
          {orgs.map((o) => (
            <option key={o.id} value={o.id} lang={ja}>
              {o.name}
            </option>
          ))}
        </SelectField>
        <TextField
          id="identifier"
          label={t("login.identifier")}
          autoComplete="username"
          required
          defaultValue={actionData?.identifier ?? ""}
          error={fieldErrors.identifier}
        />
        <TextField id="password" label={t("login.password")} type="password" autoComplete="current-password" required error={fieldErrors.password} />
        <button type="submit" className="button primary large" disabled={busy}>
          {busy ? t("login.checking") : t("login.submit")}
        </button>
      </Form>
      <p className="hint">{t("login.forgot")}</p>
    </div>
  );
}
