import {
  type ActionFunctionArgs,
  type AppLoadContext,
  data,
  Form,
  Link,
  type LoaderFunctionArgs,
  type MetaFunction,
  useActionData,
  useLoaderData,
} from "react-router";
import { translatedHandle, useLangAttribute, useTranslation } from "~/i18n/react";
import { CsrfInput } from "~/components/csrf";
import { FormMessage, TextField } from "~/components/form";
import { requireCsrf } from "~/auth/csrf.server";
import { clientIp, getCurrentUser, notFound } from "~/auth/guard.server";
import { formatWait } from "~/auth/throttle";
import { formatSessionTime } from "~/classes/format";
import { getSessionForCheckin } from "~/classes/admin.server";
import { checkInThrottled } from "~/classes/checkin-throttle.server";
import { getDb } from "~/db.server";
import { metaT } from "~/i18n/i18n";
import { requestT } from "~/i18n/language.server";
import { oncePerRequest } from "~/request-memo.server";
import { passRetryAfter } from "~/http/headers";
import { readForm } from "~/http/form.server";

export const handle = translatedHandle;
/** A refused check-in (429) keeps its Retry-After on the page's response, not only on the action's data. */
export const headers = passRetryAfter;

export const meta: MetaFunction = ({ matches }) => {
  const t = metaT(matches);
  return [{ title: t("checkin.metaTitle") + t("common.titleSuffix") }, { name: "robots", content: "noindex" }];
};

/** The class session, read once for the action and the loader after it (a check-in does not change it). */
const sessionOf = (context: AppLoadContext, sessionId: string) =>
  oncePerRequest(context, `checkin:${sessionId}`, async () => getSessionForCheckin(await getDb(), sessionId));

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { lang, t } = requestT(request);
  const session = await sessionOf(context, params.sessionId ?? "");
  if (!session) notFound(t("classes.notFound"));
  const user = await getCurrentUser(request);
  return {
    title: session.title,
    number: session.number,
    when: formatSessionTime(session.startsAt, session.endsAt, lang),
    staff: session.audience === "staff",
    signedIn: !!user && user.organizationId === session.organizationId,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  requireCsrf(request, form);
  const { lang, t } = requestT(request);
  const session = await sessionOf(context, params.sessionId ?? "");
  if (!session) notFound(t("classes.notFound"));
  const user = await getCurrentUser(request);
  const asStaff = session.audience === "staff" && user && user.organizationId === session.organizationId;
  // Wrong codes are limited per client (the staff member signed in, otherwise the address) and per session.
  const result = await checkInThrottled(
    await getDb(),
    session,
    { code: String(form.get("code") ?? ""), ...(asStaff ? { userId: user.userId } : { receiptNumber: String(form.get("receipt") ?? "") }) },
    asStaff ? { userId: user.userId } : { ip: clientIp(context) },
  );
  if (!result.ok && (result.code === "throttled" || result.code === "sessionThrottled")) {
    const message = t(`checkin.errors.${result.code}`, { wait: formatWait(result.waitMs, lang) });
    return data({ ok: false as const, message }, { status: 429, headers: { "Retry-After": String(result.retryAfterSeconds), "Cache-Control": "no-store" } });
  }
  if (!result.ok) return data({ ok: false as const, message: t(`checkin.errors.${result.code}`) }, { status: 400 });
  return { ok: true as const, message: result.already ? t("checkin.already") : t("checkin.done") };
}

export default function SelfCheckIn() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const ja = useLangAttribute("ja");
  return (
    <div className="page narrow class-page">
      <h1>{t("checkin.heading")}</h1>
      <p>
        {ja ? (
          <>
            <span lang={ja}>{d.title}</span>, {t("classes.sessionNumber", { number: d.number })}
          </>
        ) : (
          t("checkin.title", { title: d.title, number: d.number })
        )}
        <br />
        {d.when}
      </p>
      {result ? <FormMessage kind={result.ok ? "success" : "error"}>{result.message}</FormMessage> : null}
      {!result?.ok ? (
        <Form method="post" className="stack">
          <CsrfInput />
          <TextField id="code" label={t("checkin.code")} inputMode="numeric" autoComplete="off" maxLength={4} required />
          {d.staff && d.signedIn ? (
            <p>{t("checkin.staffSignedIn")}</p>
          ) : (
            <TextField id="receipt" label={t("checkin.receipt")} autoComplete="off" autoCapitalize="characters" hint={t("checkin.receiptHint")} />
          )}
          <button type="submit" className="button primary large">
            {t("checkin.submit")}
          </button>
        </Form>
      ) : null}
      {d.staff && !d.signedIn ? (
        <p>
          {t("checkin.staffHintBefore")}
          <Link to="/login">{t("checkin.staffHintLogin")}</Link>
          {t("checkin.staffHintAfter")}
        </p>
      ) : null}
    </div>
  );
}
