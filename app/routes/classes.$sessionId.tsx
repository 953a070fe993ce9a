import {
  type ActionFunctionArgs,
  data,
  Form,
  Link,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
  useActionData,
  useLoaderData,
  useNavigation,
} from "react-router";
import { translatedHandle, useLangAttribute, useTranslation } from "~/i18n/react";
import { CsrfInput } from "~/components/csrf";
import { FormMessage } from "~/components/form";
import { PersonFields } from "~/components/person-fields";
import { Breadcrumbs } from "~/components/site-chrome";
import { SeatsBadge } from "~/components/class-badges";
import { requireCsrf } from "~/auth/csrf.server";
import { readForm } from "~/http/form.server";
import { notFound } from "~/auth/guard.server";
import { personErrorKeys, readPerson } from "~/classes/forms";
import { formatSessionTime } from "~/classes/format";
import { getPublicSession } from "~/classes/queries.server";
import { register } from "~/classes/registration.server";
import { getDb } from "~/db.server";
import { metaT } from "~/i18n/i18n";
import { requestT } from "~/i18n/language.server";
import { localPath } from "~/http/safe-redirect";

export const handle = translatedHandle;

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const t = metaT(matches);
  return [
    {
      title: (data ? t("classes.sessionTitle", { title: data.session.title, number: data.session.number }) : t("classes.metaTitle")) + t("common.titleSuffix"),
    },
  ];
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { lang, t } = requestT(request);
  const session = await getPublicSession(await getDb(), params.sessionId ?? "");
  if (!session) notFound(t("classes.notFound"));
  const open = session.status === "scheduled" && new Date(session.startsAt).getTime() > Date.now();
  return {
    session: { ...session, when: formatSessionTime(session.startsAt, session.endsAt, lang), seatsLeft: Math.max(0, session.capacity - session.confirmed) },
    open,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const form = await readForm(request);
  requireCsrf(request, form);
  const { t } = requestT(request);
  const db = await getDb();
  const session = await getPublicSession(db, params.sessionId ?? "");
  if (!session) notFound(t("classes.notFound"));
  const parsed = readPerson(form);
  const values = {
    name: String(form.get("name") ?? ""),
    nameKana: String(form.get("nameKana") ?? ""),
    phone: String(form.get("phone") ?? ""),
    district: String(form.get("district") ?? ""),
  };
  // Messages in the visitor's language, one per field, tied to the field on the page.
  const errors: Record<string, string> = parsed.success
    ? {}
    : Object.fromEntries(Object.entries(personErrorKeys(parsed.error.issues)).map(([field, key]) => [field, t(`person.errors.${key}`)]));
  if (form.get("consent") !== "yes") errors.consent = t("session.consentRequired");
  if (!parsed.success || Object.keys(errors).length) return data({ errors, values, error: null as string | null }, { status: 400 });
  const p = parsed.data;
  const result = await register(db, {
    organizationId: session.organizationId,
    sessionId: session.id,
    channel: "online",
    consent: true,
    person: p,
  });
  if (!result.ok) return data({ errors: {} as Record<string, string>, values, error: t(`registration.errors.${result.code}`) }, { status: 409 });
  throw redirect(localPath`/classes/${session.id}/receipt/${result.receiptNumber}`);
}

export default function ClassSessionPage() {
  const { session, open } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const { t } = useTranslation();
  // The class's title, place and organiser are data written in Japanese.
  const ja = useLangAttribute("ja");
  const errors: Record<string, string | undefined> = result?.errors ?? {};
  return (
    <div className="page narrow class-page">
      <Breadcrumbs
        items={[
          { to: "/", label: t("common.top") },
          { to: "/classes", label: t("classes.heading") },
          { label: t("classes.sessionNumber", { number: session.number }) },
        ]}
      />
      <h1>
        {ja ? (
          <>
            <span lang={ja}>{session.title}</span> {t("classes.sessionNumber", { number: session.number })}
          </>
        ) : (
          t("classes.sessionTitle", { title: session.title, number: session.number })
        )}
      </h1>
      <dl className="details big-details">
        <dt>{t("session.when")}</dt>
        <dd>{session.when}</dd>
        <dt>{t("session.venue")}</dt>
        <dd>
          {session.venueName ? <span lang={ja}>{session.venueName}</span> : t("common.notSet")}
          {session.venueAddress ? (
            <span className="meta" lang={ja}>
              （{session.venueAddress}）
            </span>
          ) : null}
          {session.accessibilityNotes ? (
            <span className="meta" lang={ja}>
              {" "}
              {session.accessibilityNotes}
            </span>
          ) : null}
        </dd>
        <dt>{t("session.organizer")}</dt>
        <dd>
          <span lang={ja}>{session.organizationName}</span>
          {ja ? " · " : "・"}
          {session.organizerName ? <span lang={ja}>{session.organizerName}</span> : t(`classes.organizerTypes.${session.organizerType}`)}
          {ja ? ` (${t(`classes.formats.${session.format}`)})` : `（${t(`classes.formats.${session.format}`)}）`}
        </dd>
        <dt>{t("session.capacity")}</dt>
        <dd>
          {t("session.capacityValue", { capacity: session.capacity })}
          {session.status === "scheduled" ? (
            <>
              {" "}
              <SeatsBadge status={session.status} open={open} seatsLeft={session.seatsLeft} />
            </>
          ) : null}
        </dd>
      </dl>
      {session.description ? <p lang={ja}>{session.description}</p> : null}
      {session.status === "cancelled" ? (
        <FormMessage>
          {t("session.cancelled")}
          {session.cancelReason ? <span lang={ja}>{session.cancelReason}</span> : null}
        </FormMessage>
      ) : null}
      {!open && session.status !== "cancelled" ? <p className="notice">{t("session.closed")}</p> : null}
      {open ? (
        <section aria-labelledby="apply">
          <h2 id="apply">{t("session.apply")}</h2>
          <p>{t("session.byPhone", { organization: session.organizationName })}</p>
          {result?.error ? <FormMessage>{result.error}</FormMessage> : null}
          {Object.keys(errors).length ? <FormMessage>{t("session.formHasErrors")}</FormMessage> : null}
          <Form method="post" className="stack" noValidate>
            <CsrfInput />
            <PersonFields values={result?.values} errors={errors} />
            <div className="purpose" id="purpose">
              <h3>{t("session.purposeTitle")}</h3>
              <p>
                {t("session.purpose1")}
                {ja ? " " : ""}
                {t("session.purpose2")}
              </p>
            </div>
            <div className="checkbox">
              <input
                type="checkbox"
                id="consent"
                name="consent"
                value="yes"
                aria-describedby={`purpose${errors.consent ? " consent-error" : ""}`}
                aria-invalid={errors.consent ? true : undefined}
              />
              <label htmlFor="consent">{t("session.consent")}</label>
            </div>
            {errors.consent ? (
              <p className="field-error" id="consent-error">
                {errors.consent}
              </p>
            ) : null}
            <button type="submit" className="button primary large" disabled={busy}>
              {busy ? t("session.sending") : session.seatsLeft > 0 ? t("session.submit") : t("session.submitWaitlist")}
            </button>
          </Form>
        </section>
      ) : null}
      <p>
        <Link to="/classes">{t("classes.backToSchedule")}</Link>
      </p>
    </div>
  );
}
