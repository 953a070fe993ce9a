import { type ActionFunctionArgs, data, Form, type LoaderFunctionArgs, type MetaFunction, redirect, useActionData, useLoaderData } from "react-router";
import { CsrfInput } from "~/components/csrf";
import { FormMessage, TextField } from "~/components/form";
import { requireCsrf } from "~/auth/csrf.server";
import { readForm } from "~/http/form.server";
import { assertCan, clientIp, requireUser } from "~/auth/guard.server";
import { MIN_LENGTH } from "~/auth/password-policy";
import { getDb } from "~/db.server";
import { changeOwnPassword } from "~/staff/staff.server";

export const meta: MetaFunction = () => [{ title: "パスワードの変更 | 学び舎" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { allowPasswordChange: true });
  assertCan(user, "account:use", { userId: user.userId });
  return { mustChange: user.mustChangePassword };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, { allowPasswordChange: true });
  assertCan(user, "account:use", { userId: user.userId });
  const form = await readForm(request);
  requireCsrf(request, form);
  const current = String(form.get("current") ?? "");
  const next = String(form.get("next") ?? "");
  const confirm = String(form.get("confirm") ?? "");
  if (next !== confirm) return data({ field: "confirm", error: "確認のため入力したパスワードが一致しません。" }, { status: 400 });
  const result = await changeOwnPassword(await getDb(), { userId: user.userId, sessionId: user.sessionId, current, next, ip: clientIp(context) });
  if (!result.ok) return data({ field: result.field, error: result.error }, { status: 400 });
  throw redirect("/account?done=password");
}

export default function ChangePasswordPage() {
  const { mustChange } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errorFor = (field: string) => (result?.field === field ? result.error : undefined);
  return (
    <div className="page narrow">
      <h1>パスワードの変更</h1>
      {mustChange ? (
        <FormMessage kind="success">はじめてのログインです。受け取った初期パスワードを、あなただけが知っている新しいパスワードに変更してください。</FormMessage>
      ) : null}
      {result?.error ? <FormMessage>{result.error}</FormMessage> : null}
      <Form method="post" className="stack" noValidate>
        <CsrfInput />
        <TextField
          id="current"
          label={mustChange ? "初期パスワード" : "いまのパスワード"}
          type="password"
          autoComplete="current-password"
          required
          error={errorFor("current")}
        />
        <TextField
          id="next"
          label="新しいパスワード"
          type="password"
          autoComplete="new-password"
          required
          minLength={MIN_LENGTH}
          hint={`${MIN_LENGTH}文字以上。記号や数字を混ぜる必要はありません。覚えやすい長めの文（例: 朝の散歩で富士山を見た）がおすすめです。よく使われるパスワードは使えません。`}
          error={errorFor("next")}
        />
        <TextField
          id="confirm"
          label="新しいパスワード（確認のためもう一度）"
          type="password"
          autoComplete="new-password"
          required
          error={errorFor("confirm")}
        />
        <button type="submit" className="button primary large">
          変更する
        </button>
      </Form>
    </div>
  );
}
