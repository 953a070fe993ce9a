import { data, Form, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction, redirect, useLoaderData } from "react-router";
import { FormMessage, TextField } from "~/components/form";
import { clientIp } from "~/auth/guard.server";
import { normalizeVerificationCode } from "~/certificates/code.server";
import { verifyThrottle } from "~/certificates/verify.server";
import { getDb } from "~/db.server";
import { localPath } from "~/http/safe-redirect";

export const meta: MetaFunction = () => [{ title: "認定証・修了証の確認 | 学び舎" }, { name: "robots", content: "noindex" }];
export const headers: HeadersFunction = ({ loaderHeaders }) => loaderHeaders;

/**
 * GET /verify: the form; GET /verify?code=… sends a well-formed code on to /verify/<code>. Open to everyone, no
 * sign-in. The form uses GET, so nothing here changes state (wrong codes are counted on /verify/<code>).
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const input = new URL(request.url).searchParams.get("code");
  const throttled = await verifyThrottle(await getDb(), clientIp(context));
  if (throttled) return data({ code: input ?? "", error: throttled }, { status: 429, headers: { "Cache-Control": "no-store" } });
  if (input === null) return data({ code: "", error: null }, { headers: { "Cache-Control": "no-store" } });
  const code = normalizeVerificationCode(input);
  if (!code) {
    return data(
      {
        code: input,
        error: "確認コードは、英字と数字16文字です（例: 7K3M-Q9TP-2XWD-8HJN）。ハイフンや空白はあってもなくてもかまいません。もう一度お確かめください。",
      },
      { status: 400, headers: { "Cache-Control": "no-store" } },
    );
  }
  throw redirect(localPath`/verify/${code}`);
}

export default function VerifyForm() {
  const d = useLoaderData<typeof loader>();
  return (
    <div className="page narrow">
      <h1>認定証・修了証の確認</h1>
      <p>学び舎で発行した認定証（DX推進員など）や講座の修了証が本物かどうかを、証書に印刷された確認コードで確かめられます。ログインは不要です。</p>
      {d.error ? <FormMessage>{d.error}</FormMessage> : null}
      <Form method="get" action="/verify" className="stack narrow-form">
        <TextField
          id="code"
          name="code"
          label="確認コード（16文字）"
          defaultValue={d.code}
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          hint="例: 7K3M-Q9TP-2XWD-8HJN"
          required
        />
        <button type="submit" className="button primary large">
          確認する
        </button>
      </Form>
      <p className="hint">表示されるのは、氏名、認定・修了の内容、自治体名と日付だけです。</p>
    </div>
  );
}
