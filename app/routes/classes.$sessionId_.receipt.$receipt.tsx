import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { CsrfInput } from "~/components/csrf";
import { FormMessage } from "~/components/form";
import { requireCsrf } from "~/auth/csrf.server";
import { notFound } from "~/auth/guard.server";
import { formatSessionTime } from "~/classes/format";
import { getPublicSession, getRegistrationForSession } from "~/classes/queries.server";
import { cancelRegistration } from "~/classes/registration.server";
import { getDb } from "~/db.server";

export const meta: MetaFunction = () => [{ title: "お申し込みの内容 | 学び舎" }, { name: "robots", content: "noindex" }, { name: "referrer", content: "no-referrer" }];

async function load(params: LoaderFunctionArgs["params"]) {
  const db = await getDb();
  const session = await getPublicSession(db, params.sessionId ?? "");
  const registration = session ? await getRegistrationForSession(db, session.id, params.receipt ?? "") : null;
  if (!session || !registration) notFound("お申し込みが見つかりません。受付番号をお確かめください。");
  return { db, session, registration };
}

export async function loader({ params, request }: LoaderFunctionArgs) {
  const { session, registration } = await load(params);
  return {
    session: { id: session.id, title: session.title, number: session.number, when: formatSessionTime(session.startsAt, session.endsAt), venueName: session.venueName, organizationName: session.organizationName, status: session.status, started: new Date(session.startsAt).getTime() <= Date.now() },
    registration: { receiptNumber: registration.receiptNumber, status: registration.status, waitlistPosition: registration.waitlistPosition },
    cancelled: new URL(request.url).searchParams.get("cancelled") === "1",
  };
}

export async function action({ params, request }: ActionFunctionArgs) {
  const form = await request.formData();
  requireCsrf(request, form);
  const { db, session, registration } = await load(params);
  if (form.get("confirm") !== "yes") return data({ error: "取り消す場合は「取り消してよいです」にチェックを入れてください。" }, { status: 400 });
  const result = await cancelRegistration(db, { organizationId: session.organizationId, receiptNumber: registration.receiptNumber });
  if (!result.ok) return data({ error: result.error }, { status: 409 });
  throw redirect(`/classes/${session.id}/receipt/${registration.receiptNumber}?cancelled=1`);
}

export default function Receipt() {
  const { session, registration, cancelled } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="page narrow class-page">
      <h1>お申し込みの内容</h1>
      {cancelled ? <FormMessage kind="success">お申し込みを取り消しました。またのご参加をお待ちしています。</FormMessage> : null}
      {registration.status === "confirmed" ? (
        <FormMessage kind="success">お申し込みを受け付けました。当日は、直接会場へお越しください。</FormMessage>
      ) : null}
      {registration.status === "waitlisted" ? (
        <FormMessage kind="success">
          キャンセル待ちで受け付けました（{registration.waitlistPosition}番目）。空きが出たら、順番に参加が決まります。電話番号をいただいた方には、こちらからお知らせします。
        </FormMessage>
      ) : null}
      <div className="receipt">
        <p className="receipt-label">受付番号</p>
        <p className="receipt-number">{registration.receiptNumber}</p>
        <p className="hint">この番号は、取り消しや当日の受付に使います。メモをするか、この画面を写真にとっておいてください。</p>
      </div>
      <dl className="details big-details">
        <dt>教室</dt>
        <dd>
          {session.title}（第{session.number}回）
        </dd>
        <dt>日時</dt>
        <dd>{session.when}</dd>
        <dt>会場</dt>
        <dd>{session.venueName ?? "未定"}</dd>
        <dt>状態</dt>
        <dd>{registration.status === "confirmed" ? "参加が決まっています" : registration.status === "waitlisted" ? "キャンセル待ち" : "取り消し済み"}</dd>
      </dl>
      <p>スマートフォンと充電器をお持ちください。お持ちでない方も参加できます。</p>
      {registration.status !== "cancelled" && !session.started ? (
        <section aria-labelledby="cancel">
          <h2 id="cancel">行けなくなったとき</h2>
          {result?.error ? <FormMessage>{result.error}</FormMessage> : null}
          <Form method="post" className="stack">
            <CsrfInput />
            <div className="checkbox">
              <input type="checkbox" id="confirm" name="confirm" value="yes" />
              <label htmlFor="confirm">取り消してよいです</label>
            </div>
            <button type="submit" className="button secondary large">
              お申し込みを取り消す
            </button>
          </Form>
          <p className="hint">電話でも取り消せます。受付番号をお伝えください。</p>
        </section>
      ) : null}
      <p>
        <Link to="/classes">日程の一覧へ戻る</Link>
      </p>
    </div>
  );
}
