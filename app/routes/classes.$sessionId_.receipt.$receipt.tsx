import { type ActionFunctionArgs, data, Form, Link, type LoaderFunctionArgs, type MetaFunction, redirect, useActionData, useLoaderData } from "react-router";
import { translatedHandle, useLangAttribute, useTranslation } from "~/i18n/react";
import { CsrfInput } from "~/components/csrf";
import { FormMessage } from "~/components/form";
import { RegistrationBadge } from "~/components/class-badges";
import { requireCsrf } from "~/auth/csrf.server";
import { readForm } from "~/http/form.server";
import { notFound } from "~/auth/guard.server";
import { formatSessionTime } from "~/classes/format";
import { getPublicSession, getRegistrationForSession } from "~/classes/queries.server";
import { cancelRegistration } from "~/classes/registration.server";
import { getDb } from "~/db.server";
import { metaT } from "~/i18n/i18n";
import { requestT } from "~/i18n/language.server";
import { noStoreHeaders } from "~/http/no-store.server";
import { localPath } from "~/http/safe-redirect";

export const handle = translatedHandle;

/** The page shows the resident's own details (or opens a password change): never stored by a browser or a proxy. */
export const headers = noStoreHeaders;

export const meta: MetaFunction = ({ matches }) => {
  const t = metaT(matches);
  return [{ title: t("receipt.metaTitle") + t("common.titleSuffix") }, { name: "robots", content: "noindex" }, { name: "referrer", content: "same-origin" }];
};

async function load(request: Request, params: LoaderFunctionArgs["params"]) {
  const db = await getDb();
  const session = await getPublicSession(db, params.sessionId ?? "");
  const registration = session ? await getRegistrationForSession(db, session.id, params.receipt ?? "") : null;
  if (!session || !registration) notFound(requestT(request).t("receipt.notFound"));
  return { db, session, registration };
}

export async function loader({ params, request }: LoaderFunctionArgs) {
  const { session, registration } = await load(request, params);
  const { lang } = requestT(request);
  return {
    session: {
      id: session.id,
      title: session.title,
      number: session.number,
      when: formatSessionTime(session.startsAt, session.endsAt, lang),
      venueName: session.venueName,
      organizationName: session.organizationName,
      status: session.status,
      started: new Date(session.startsAt).getTime() <= Date.now(),
    },
    registration: { receiptNumber: registration.receiptNumber, status: registration.status, waitlistPosition: registration.waitlistPosition },
    cancelled: new URL(request.url).searchParams.get("cancelled") === "1",
  };
}

export async function action({ params, request }: ActionFunctionArgs) {
  const form = await readForm(request);
  requireCsrf(request, form);
  const { t } = requestT(request);
  const { db, session, registration } = await load(request, params);
  if (form.get("confirm") !== "yes") return data({ error: t("receipt.confirmCancelRequired") }, { status: 400 });
  const result = await cancelRegistration(db, { organizationId: session.organizationId, receiptNumber: registration.receiptNumber });
  if (!result.ok) return data({ error: t(`registration.errors.${result.code}`) }, { status: 409 });
  throw redirect(localPath`/classes/${session.id}/receipt/${registration.receiptNumber}?cancelled=1`);
}

export default function Receipt() {
  const { session, registration, cancelled } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const ja = useLangAttribute("ja");
  const status = registration.status as "confirmed" | "waitlisted" | "cancelled";
  return (
    <div className="page narrow class-page">
      <h1>{t("receipt.heading")}</h1>
      {cancelled ? <FormMessage kind="success">{t("receipt.cancelledNow")}</FormMessage> : null}
      {status === "confirmed" ? <FormMessage kind="success">{t("receipt.confirmed")}</FormMessage> : null}
      {status === "waitlisted" ? <FormMessage kind="success">{t("receipt.waitlisted", { position: registration.waitlistPosition })}</FormMessage> : null}
      <div className="receipt">
        <p className="receipt-label">{t("receipt.receiptNumber")}</p>
        <p className="receipt-number">{registration.receiptNumber}</p>
        <p className="hint">{t("receipt.receiptHint")}</p>
      </div>
      <dl className="details big-details">
        <dt>{t("receipt.class")}</dt>
        <dd>
          {ja ? (
            <>
              <span lang={ja}>{session.title}</span> {t("classes.sessionNumber", { number: session.number })}
            </>
          ) : (
            t("classes.sessionTitle", { title: session.title, number: session.number })
          )}
        </dd>
        <dt>{t("receipt.when")}</dt>
        <dd>{session.when}</dd>
        <dt>{t("receipt.venue")}</dt>
        <dd>{session.venueName ? <span lang={ja}>{session.venueName}</span> : t("common.notSet")}</dd>
        <dt>{t("receipt.status")}</dt>
        <dd>
          <RegistrationBadge status={status} />
        </dd>
      </dl>
      <p>{t("receipt.bring")}</p>
      {status !== "cancelled" && !session.started ? (
        <section aria-labelledby="cancel">
          <h2 id="cancel">{t("receipt.cancelHeading")}</h2>
          {result?.error ? <FormMessage>{result.error}</FormMessage> : null}
          <Form method="post" className="stack">
            <CsrfInput />
            <div className="checkbox">
              <input type="checkbox" id="confirm" name="confirm" value="yes" />
              <label htmlFor="confirm">{t("receipt.confirmCancel")}</label>
            </div>
            <button type="submit" className="button secondary large">
              {t("receipt.cancel")}
            </button>
          </Form>
          <p className="hint">{t("receipt.cancelByPhone")}</p>
        </section>
      ) : null}
      <p>
        <Link to="/classes">{t("classes.backToSchedule")}</Link>
      </p>
    </div>
  );
}
