import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { CsrfInput } from "~/components/csrf";
import { FormMessage, TextField } from "~/components/form";
import { requireCsrf } from "~/auth/csrf.server";
import { notFound } from "~/auth/guard.server";
import { addSurvey, getSessionForCheckin } from "~/classes/admin.server";
import { readSurvey } from "~/classes/forms";
import { formatSessionTime } from "~/classes/format";
import { getDb } from "~/db.server";
import { toFieldErrors } from "~/staff/forms";

export const meta: MetaFunction = () => [{ title: "アンケート | 学び舎" }, { name: "robots", content: "noindex" }];

export async function loader({ params }: LoaderFunctionArgs) {
  const session = await getSessionForCheckin(await getDb(), params.sessionId ?? "");
  if (!session || session.status === "cancelled") notFound("教室が見つかりません。");
  return { title: `${session.title} 第${session.number}回`, when: formatSessionTime(session.startsAt, session.endsAt) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const form = await request.formData();
  requireCsrf(request, form);
  const db = await getDb();
  const session = await getSessionForCheckin(db, params.sessionId ?? "");
  if (!session) notFound("教室が見つかりません。");
  const parsed = readSurvey(form);
  if (!parsed.success) return data({ ok: false, errors: toFieldErrors(parsed.error.issues), message: "答えていない質問があります。" }, { status: 400 });
  const ok = await addSurvey(db, session.organizationId, session.id, { ...parsed.data, source: "qr" }, null);
  if (!ok) return data({ ok: false, errors: {} as Record<string, string>, message: "この回のアンケートの受付は終わりました。" }, { status: 409 });
  return { ok: true, errors: {} as Record<string, string>, message: "ご協力ありがとうございました。次の教室づくりに役立てます。" };
}

const SCALE: Record<string, string> = { "5": "とても良い", "4": "良い", "3": "ふつう", "2": "あまり良くない", "1": "良くない" };

export default function Survey() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors: Record<string, string | undefined> = result?.errors ?? {};
  return (
    <div className="page narrow class-page">
      <h1>アンケート</h1>
      <p>
        {d.title}（{d.when}）
        <br />
        お名前は書かなくてかまいません。
      </p>
      {result ? <FormMessage kind={result.ok ? "success" : "error"}>{result.message}</FormMessage> : null}
      {!result?.ok ? (
        <Form method="post" className="stack">
          <CsrfInput />
          {(
            [
              ["satisfaction", "きょうの教室は、いかがでしたか"],
              ["clarity", "説明は、わかりやすかったですか"],
            ] as const
          ).map(([field, question]) => (
            <fieldset key={field} aria-describedby={errors[field] ? `${field}-error` : undefined}>
              <legend>{question}</legend>
              <div className="scale">
                {["5", "4", "3", "2", "1"].map((n) => (
                  <div className="checkbox" key={n}>
                    <input type="radio" id={`${field}-${n}`} name={field} value={n} />
                    <label htmlFor={`${field}-${n}`}>{SCALE[n]}</label>
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
          <TextField id="nextTopic" label="次に学びたいこと（なくてもかまいません）" hint="例: 写真の整理、マイナンバーカードの使い方" />
          <TextField id="comment" label="ご意見・ご感想（なくてもかまいません）" />
          <button type="submit" className="button primary large">
            送る
          </button>
        </Form>
      ) : null}
    </div>
  );
}
