import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { CsrfInput } from "~/components/csrf";
import { FormMessage, TextField } from "~/components/form";
import { requireCsrf } from "~/auth/csrf.server";
import { getCurrentUser, notFound } from "~/auth/guard.server";
import { formatSessionTime } from "~/classes/format";
import { getSessionForCheckin } from "~/classes/admin.server";
import { selfCheckIn } from "~/classes/registration.server";
import { getDb } from "~/db.server";

export const meta: MetaFunction = () => [{ title: "受付（出席の登録） | 学び舎" }, { name: "robots", content: "noindex" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const session = await getSessionForCheckin(await getDb(), params.sessionId ?? "");
  if (!session) notFound("教室が見つかりません。");
  const user = await getCurrentUser(request);
  return {
    title: `${session.title} 第${session.number}回`,
    when: formatSessionTime(session.startsAt, session.endsAt),
    staff: session.audience === "staff",
    signedIn: !!user && user.organizationId === session.organizationId,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const form = await request.formData();
  requireCsrf(request, form);
  const session = await getSessionForCheckin(await getDb(), params.sessionId ?? "");
  if (!session) notFound("教室が見つかりません。");
  const user = await getCurrentUser(request);
  const asStaff = session.audience === "staff" && user && user.organizationId === session.organizationId;
  const result = await selfCheckIn(await getDb(), {
    organizationId: session.organizationId,
    sessionId: session.id,
    code: String(form.get("code") ?? ""),
    ...(asStaff ? { userId: user.userId } : { receiptNumber: String(form.get("receipt") ?? "") }),
  });
  if (!result.ok) return data({ ok: false as const, message: result.error }, { status: 400 });
  return { ok: true as const, message: result.already ? "すでに受付が済んでいます。ようこそ。" : "受付が済みました。ようこそ。どうぞお席へ。" };
}

export default function SelfCheckIn() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="page narrow class-page">
      <h1>受付</h1>
      <p>
        {d.title}
        <br />
        {d.when}
      </p>
      {result ? <FormMessage kind={result.ok ? "success" : "error"}>{result.message}</FormMessage> : null}
      {!result?.ok ? (
        <Form method="post" className="stack">
          <CsrfInput />
          <TextField id="code" label="画面の4けたの番号" inputMode="numeric" autoComplete="off" maxLength={4} required />
          {d.staff && d.signedIn ? (
            <p>職員としてログインしています。番号だけ入力してください。</p>
          ) : (
            <TextField id="receipt" label="受付番号（申し込んだときの番号）" autoComplete="off" autoCapitalize="characters" hint="例: ABCD-2345。わからないときは講師にお声がけください。" />
          )}
          <button type="submit" className="button primary large">
            受付する
          </button>
        </Form>
      ) : null}
      {d.staff && !d.signedIn ? (
        <p>
          職員の方は、<Link to="/login">ログイン</Link>してから番号を入力すると、受付番号はいりません。
        </p>
      ) : null}
    </div>
  );
}
