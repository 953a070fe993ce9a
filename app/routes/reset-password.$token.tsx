import { type ActionFunctionArgs, data, Form, Link, type LoaderFunctionArgs, type MetaFunction, redirect, useActionData, useLoaderData } from "react-router";
import { CsrfInput } from "~/components/csrf";
import { FormMessage, TextField } from "~/components/form";
import { requireCsrf } from "~/auth/csrf.server";
import { readForm } from "~/http/form.server";
import { clientIp } from "~/auth/guard.server";
import { MIN_LENGTH } from "~/auth/password-policy";
import { getDb } from "~/db.server";
import { findResetLink, redeemResetLink } from "~/staff/staff.server";
import { noStoreHeaders } from "~/http/no-store.server";

/** The page shows the resident's own details (or opens a password change): never stored by a browser or a proxy. */
export const headers = noStoreHeaders;

export const meta: MetaFunction = () => [
  { title: "パスワードの再設定 | 学び舎" },
  { name: "robots", content: "noindex" },
  { name: "referrer", content: "same-origin" },
];

export async function loader({ params }: LoaderFunctionArgs) {
  const link = await findResetLink(await getDb(), params.token ?? "");
  return { valid: !!link, name: link?.name ?? null };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  requireCsrf(request, form);
  const next = String(form.get("next") ?? "");
  if (next !== String(form.get("confirm") ?? "")) return data({ error: "確認のため入力したパスワードが一致しません。" }, { status: 400 });
  const result = await redeemResetLink(await getDb(), params.token ?? "", next, clientIp(context));
  if (!result.ok) return data({ error: result.error }, { status: 400 });
  throw redirect("/login?reset=1");
}

export default function ResetPasswordPage() {
  const { valid, name } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  if (!valid) {
    return (
      <div className="page narrow">
        <h1>パスワードの再設定</h1>
        <FormMessage>このリンクは使えません。期限（24時間）が切れたか、すでに使われています。人事担当に新しいリンクを依頼してください。</FormMessage>
        <p>
          <Link to="/login">ログインのページへ</Link>
        </p>
      </div>
    );
  }
  return (
    <div className="page narrow">
      <h1>パスワードの再設定</h1>
      <p>{name}さんの新しいパスワードを決めてください。設定すると、ほかの端末のログインはすべて終了します。</p>
      {result?.error ? <FormMessage>{result.error}</FormMessage> : null}
      <Form method="post" className="stack" noValidate>
        <CsrfInput />
        <TextField
          id="next"
          label="新しいパスワード"
          type="password"
          autoComplete="new-password"
          required
          minLength={MIN_LENGTH}
          hint={`${MIN_LENGTH}文字以上。長めの文がおすすめです。`}
        />
        <TextField id="confirm" label="新しいパスワード（確認のためもう一度）" type="password" autoComplete="new-password" required />
        <button type="submit" className="button primary large">
          設定する
        </button>
      </Form>
    </div>
  );
}
