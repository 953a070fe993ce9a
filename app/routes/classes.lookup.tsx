import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { CsrfInput } from "~/components/csrf";
import { FormMessage, SelectField, TextField } from "~/components/form";
import { Breadcrumbs } from "~/components/site-chrome";
import { requireCsrf } from "~/auth/csrf.server";
import { normalizeReceiptNumber } from "~/classes/checkin.server";
import { findSessionByReceipt } from "~/classes/queries.server";
import { SLUG_PATTERN } from "~/content/schema";
import { getDb } from "~/db.server";
import { listOrganizations } from "~/organizations.server";

export const meta: MetaFunction = () => [{ title: "申し込みの確認・取り消し | 学び舎" }];

export async function loader(_args: LoaderFunctionArgs) {
  const orgs = await listOrganizations(await getDb());
  return { organizations: orgs };
}

export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  requireCsrf(request, form);
  const org = String(form.get("org") ?? "");
  const receipt = normalizeReceiptNumber(String(form.get("receipt") ?? ""));
  if (!SLUG_PATTERN.test(org)) return data({ error: "市町村を選んでください。" }, { status: 400 });
  if (!/^[A-Z0-9]{4}-[A-Z0-9]{4}$/.test(receipt)) return data({ error: "受付番号は「ABCD-2345」のような8けたです。もう一度お確かめください。" }, { status: 400 });
  const sessionId = await findSessionByReceipt(await getDb(), org, receipt);
  if (!sessionId) return data({ error: "その受付番号のお申し込みは見つかりませんでした。市町村と番号をお確かめください。" }, { status: 404 });
  throw redirect(`/classes/${sessionId}/receipt/${receipt}`);
}

export default function Lookup() {
  const { organizations: orgs } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="page narrow class-page">
      <Breadcrumbs items={[{ to: "/", label: "トップ" }, { to: "/classes", label: "スマホ教室の日程" }, { label: "確認・取り消し" }]} />
      <h1>申し込みの確認・取り消し</h1>
      <p>申し込んだときの受付番号を入力してください。</p>
      {result?.error ? <FormMessage>{result.error}</FormMessage> : null}
      <Form method="post" className="stack narrow-form">
        <CsrfInput />
        <SelectField id="org" label="市町村">
          <option value="">選んでください</option>
          {orgs.map((o) => (
            <option key={o.slug} value={o.slug}>
              {o.name}
            </option>
          ))}
        </SelectField>
        <TextField id="receipt" label="受付番号" autoComplete="off" autoCapitalize="characters" hint="例: ABCD-2345" />
        <button type="submit" className="button primary large">
          確認する
        </button>
      </Form>
    </div>
  );
}
