import { type ActionFunctionArgs, data, Form, type LoaderFunctionArgs, type MetaFunction, redirect, useActionData, useLoaderData } from "react-router";
import { translatedHandle, useLangAttribute, useTranslation } from "~/i18n/react";
import { CsrfInput } from "~/components/csrf";
import { FormMessage, SelectField, TextField } from "~/components/form";
import { Breadcrumbs } from "~/components/site-chrome";
import { requireCsrf } from "~/auth/csrf.server";
import { readForm } from "~/http/form.server";
import { normalizeReceiptNumber } from "~/classes/checkin.server";
import { findSessionByReceipt } from "~/classes/queries.server";
import { SLUG_PATTERN } from "~/content/vocabulary";
import { getDb } from "~/db.server";
import { metaT } from "~/i18n/i18n";
import { requestT } from "~/i18n/language.server";
import { listOrganizations } from "~/organizations.server";
import { localPath } from "~/http/safe-redirect";

export const handle = translatedHandle;

export const meta: MetaFunction = ({ matches }) => {
  const t = metaT(matches);
  return [{ title: t("lookup.metaTitle") + t("common.titleSuffix") }];
};

export async function loader(_args: LoaderFunctionArgs) {
  const orgs = await listOrganizations(await getDb());
  return { organizations: orgs };
}

export async function action({ request }: ActionFunctionArgs) {
  const form = await readForm(request);
  requireCsrf(request, form);
  const { t } = requestT(request);
  const org = String(form.get("org") ?? "");
  const receipt = normalizeReceiptNumber(String(form.get("receipt") ?? ""));
  if (!SLUG_PATTERN.test(org)) return data({ error: t("lookup.chooseTown") }, { status: 400 });
  if (!/^[A-Z0-9]{4}-[A-Z0-9]{4}$/.test(receipt)) return data({ error: t("lookup.receiptFormat") }, { status: 400 });
  const sessionId = await findSessionByReceipt(await getDb(), org, receipt);
  if (!sessionId) return data({ error: t("lookup.notFound") }, { status: 404 });
  throw redirect(localPath`/classes/${sessionId}/receipt/${receipt}`);
}

export default function Lookup() {
  const { organizations: orgs } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const ja = useLangAttribute("ja");
  return (
    <div className="page narrow class-page">
      <Breadcrumbs items={[{ to: "/", label: t("common.top") }, { to: "/classes", label: t("classes.heading") }, { label: t("lookup.breadcrumb") }]} />
      <h1>{t("lookup.heading")}</h1>
      <p>{t("lookup.intro")}</p>
      {result?.error ? <FormMessage>{result.error}</FormMessage> : null}
      <Form method="post" className="stack narrow-form">
        <CsrfInput />
        <SelectField id="org" label={t("lookup.town")}>
          <option value="">{t("lookup.choose")}</option>
          {orgs.map((o) => (
            <option key={o.slug} value={o.slug} lang={ja}>
              {o.name}
            </option>
          ))}
        </SelectField>
        <TextField id="receipt" label={t("lookup.receipt")} autoComplete="off" autoCapitalize="characters" hint={t("lookup.receiptHint")} />
        <button type="submit" className="button primary large">
          {t("lookup.submit")}
        </button>
      </Form>
    </div>
  );
}
