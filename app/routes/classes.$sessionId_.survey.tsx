import { type ActionFunctionArgs, data, Form, type LoaderFunctionArgs, type MetaFunction, useActionData, useLoaderData } from "react-router";
import { translatedHandle, useLangAttribute, useTranslation } from "~/i18n/react";
import { CsrfInput } from "~/components/csrf";
import { FormMessage, TextField } from "~/components/form";
import { requireCsrf } from "~/auth/csrf.server";
import { readForm } from "~/http/form.server";
import { notFound } from "~/auth/guard.server";
import { addSurvey, getSessionForCheckin } from "~/classes/admin.server";
import { readSurvey } from "~/classes/forms";
import { formatSessionTime } from "~/classes/format";
import { getDb } from "~/db.server";
import { metaT } from "~/i18n/i18n";
import { requestT } from "~/i18n/language.server";

export const handle = translatedHandle;

export const meta: MetaFunction = ({ matches }) => {
  const t = metaT(matches);
  return [{ title: t("survey.metaTitle") + t("common.titleSuffix") }, { name: "robots", content: "noindex" }];
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { lang, t } = requestT(request);
  const session = await getSessionForCheckin(await getDb(), params.sessionId ?? "");
  if (!session || session.status === "cancelled") notFound(t("classes.notFound"));
  return { title: session.title, number: session.number, when: formatSessionTime(session.startsAt, session.endsAt, lang) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const form = await readForm(request);
  requireCsrf(request, form);
  const { t } = requestT(request);
  const db = await getDb();
  const session = await getSessionForCheckin(db, params.sessionId ?? "");
  if (!session) notFound(t("classes.notFound"));
  const parsed = readSurvey(form);
  if (!parsed.success) {
    const errors: Record<string, string> = {};
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? "form");
      errors[field] ??= field === "satisfaction" ? t("survey.satisfactionRequired") : field === "clarity" ? t("survey.clarityRequired") : t("survey.tooLong");
    }
    return data({ ok: false, errors, message: t("survey.missing") }, { status: 400 });
  }
  const ok = await addSurvey(db, session.organizationId, session.id, { ...parsed.data, source: "qr" }, null);
  if (!ok) return data({ ok: false, errors: {} as Record<string, string>, message: t("survey.closed") }, { status: 409 });
  return { ok: true, errors: {} as Record<string, string>, message: t("survey.thanks") };
}

const SCALE = ["5", "4", "3", "2", "1"] as const;

export default function Survey() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const ja = useLangAttribute("ja");
  const errors: Record<string, string | undefined> = result?.errors ?? {};
  return (
    <div className="page narrow class-page">
      <h1>{t("survey.heading")}</h1>
      <p>
        {ja ? (
          <>
            <span lang={ja}>{d.title}</span>, {t("classes.sessionNumber", { number: d.number })} ({d.when})
          </>
        ) : (
          <>
            {t("checkin.title", { title: d.title, number: d.number })}（{d.when}）
          </>
        )}
        <br />
        {t("survey.anonymous")}
      </p>
      {result ? <FormMessage kind={result.ok ? "success" : "error"}>{result.message}</FormMessage> : null}
      {!result?.ok ? (
        <Form method="post" className="stack">
          <CsrfInput />
          {(
            [
              ["satisfaction", t("survey.satisfaction")],
              ["clarity", t("survey.clarity")],
            ] as const
          ).map(([field, question]) => (
            <fieldset key={field} aria-describedby={errors[field] ? `${field}-error` : undefined}>
              <legend>{question}</legend>
              <div className="scale">
                {SCALE.map((n) => (
                  <div className="checkbox" key={n}>
                    <input type="radio" id={`${field}-${n}`} name={field} value={n} />
                    <label htmlFor={`${field}-${n}`}>{t(`survey.scale.${n}`)}</label>
                  </div>
                ))}
              </div>
              {errors[field] ? (
                <p className="field-error" id={`${field}-error`}>
                  {errors[field]}
                </p>
              ) : null}
            </fieldset>
          ))}
          <TextField id="nextTopic" label={t("survey.nextTopic")} hint={t("survey.nextTopicHint")} />
          <TextField id="comment" label={t("survey.comment")} />
          <button type="submit" className="button primary large">
            {t("survey.submit")}
          </button>
        </Form>
      ) : null}
    </div>
  );
}
