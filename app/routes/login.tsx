import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { CsrfInput } from "~/components/csrf";
import { FormMessage, SelectField, TextField } from "~/components/form";
import { cookieHeader, readCookie, SESSION_COOKIE } from "~/auth/cookies.server";
import { csrfCookieHeader, newCsrfToken, requireCsrf } from "~/auth/csrf.server";
import { clientIp, getCurrentUser, safeRedirectPath } from "~/auth/guard.server";
import { login } from "~/auth/login.server";
import { hashToken, revokeSession } from "~/auth/session.server";
import { getDb } from "~/db.server";
import { listOrganizations } from "~/organizations.server";

export const meta: MetaFunction = () => [{ title: "職員ログイン | 学び舎" }];

const LAST_ORG_COOKIE = "manabiya_org";

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const redirectTo = safeRedirectPath(url.searchParams.get("redirectTo"));
  if (await getCurrentUser(request)) throw redirect(redirectTo);
  const orgs = await listOrganizations(await getDb());
  return { organizations: orgs, lastOrganizationId: readCookie(request, LAST_ORG_COOKIE), redirectTo, reset: url.searchParams.get("reset") === "1" };
}

const schema = z.object({
  organizationId: z.string().uuid().nullable(),
  identifier: z.string().trim().min(1, "職員番号またはメールアドレスを入力してください。").max(200),
  password: z.string().min(1, "パスワードを入力してください。").max(200),
  redirectTo: z.string().optional(),
});

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  requireCsrf(request, form);
  const parsed = schema.safeParse({
    organizationId: form.get("organizationId") || null,
    identifier: form.get("identifier"),
    password: form.get("password"),
    redirectTo: form.get("redirectTo") ?? undefined,
  });
  const identifier = String(form.get("identifier") ?? "");
  if (!parsed.success) {
    const fieldErrors = Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message]));
    return data({ error: "入力に足りないところがあります。", fieldErrors, identifier }, { status: 400 });
  }
  const { organizationId, password, redirectTo } = parsed.data;
  if (!organizationId && !parsed.data.identifier.includes("@")) {
    return data({ error: "自治体を選んでください（メールアドレスでログインするときは不要です）。", fieldErrors: { organizationId: "自治体を選んでください。" }, identifier }, { status: 400 });
  }
  const db = await getDb();
  const result = await login(db, {
    organizationId,
    identifier: parsed.data.identifier,
    password,
    ip: clientIp(context),
    userAgent: request.headers.get("User-Agent"),
  });
  if (!result.ok) {
    return data({ error: result.message, fieldErrors: {} as Record<string, string>, identifier }, { status: result.retryAfterMs ? 429 : 401 });
  }
  // Session rotation: whatever session this browser had before ends now; the CSRF token is renewed too.
  const previous = readCookie(request, SESSION_COOKIE);
  if (previous) await revokeSession(db, hashToken(previous), result.userId);
  const headers = new Headers();
  headers.append("Set-Cookie", result.cookie);
  headers.append("Set-Cookie", csrfCookieHeader(newCsrfToken()));
  if (organizationId) headers.append("Set-Cookie", cookieHeader(LAST_ORG_COOKIE, organizationId, { maxAge: 60 * 60 * 24 * 365 }));
  throw redirect(result.mustChangePassword ? "/account/password" : safeRedirectPath(redirectTo), { headers });
}

export default function LoginPage() {
  const { organizations: orgs, lastOrganizationId, redirectTo, reset } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const fieldErrors: Record<string, string | undefined> = actionData?.fieldErrors ?? {};
  return (
    <div className="page narrow">
      <h1>職員ログイン</h1>
      <p>研修を受講する職員の方は、職員番号とパスワードでログインしてください。住民のみなさまは、ログインしなくても講座を読めます。</p>
      {reset ? <FormMessage kind="success">パスワードを設定しました。新しいパスワードでログインしてください。</FormMessage> : null}
      {actionData?.error ? <FormMessage>{actionData.error}</FormMessage> : null}
      <Form method="post" className="stack" noValidate>
        <CsrfInput />
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <SelectField id="organizationId" label="自治体" defaultValue={lastOrganizationId ?? ""} error={fieldErrors.organizationId}>
          <option value="">選んでください</option>
          {orgs.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
            </option>
          ))}
        </SelectField>
        <TextField
          id="identifier"
          label="職員番号またはメールアドレス"
          autoComplete="username"
          required
          defaultValue={actionData?.identifier ?? ""}
          error={fieldErrors.identifier}
        />
        <TextField id="password" label="パスワード" type="password" autoComplete="current-password" required error={fieldErrors.password} />
        <button type="submit" className="button primary large" disabled={busy}>
          {busy ? "確認しています…" : "ログイン"}
        </button>
      </Form>
      <p className="hint">パスワードを忘れたときは、所属の人事担当にご連絡ください。再設定用のリンクをお渡しします。</p>
    </div>
  );
}
