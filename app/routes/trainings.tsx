import { type ActionFunctionArgs, data, Form, type LoaderFunctionArgs, type MetaFunction, redirect, useActionData, useLoaderData } from "react-router";
import { CsrfInput } from "~/components/csrf";
import { FormMessage } from "~/components/form";
import { requireCsrf } from "~/auth/csrf.server";
import { readForm } from "~/http/form.server";
import { requireUser } from "~/auth/guard.server";
import { formatSessionTime } from "~/classes/format";
import { cancelRegistration, register } from "~/classes/registration.server";
import { listStaffTrainings } from "~/classes/trainings.server";
import { getDb } from "~/db.server";
import { localPath } from "~/http/safe-redirect";

export const meta: MetaFunction = () => [{ title: "集合研修の申し込み | 学び舎" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const sessions = await listStaffTrainings(await getDb(), user.organizationId, user.userId);
  return {
    sessions: sessions.map((s) => ({ ...s, when: formatSessionTime(s.startsAt, s.endsAt), seatsLeft: Math.max(0, s.capacity - s.confirmed) })),
    done: new URL(request.url).searchParams.get("done"),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await readForm(request);
  requireCsrf(request, form);
  const db = await getDb();
  const sessionId = String(form.get("sessionId") ?? "");
  const mine = (await listStaffTrainings(db, user.organizationId, user.userId)).find((s) => s.id === sessionId);
  if (!mine) return data({ error: "研修が見つかりません。" }, { status: 404 });
  if (form.get("intent") === "cancel") {
    if (!mine.myReceipt) return data({ error: "この研修には申し込んでいません。" }, { status: 400 });
    const result = await cancelRegistration(db, { organizationId: user.organizationId, receiptNumber: mine.myReceipt, actorUserId: user.userId });
    if (!result.ok) return data({ error: result.error }, { status: 409 });
    throw redirect("/trainings?done=cancelled");
  }
  const result = await register(db, { organizationId: user.organizationId, sessionId, channel: "staff", userId: user.userId, consent: false });
  if (!result.ok) return data({ error: result.error }, { status: 409 });
  throw redirect(localPath`/trainings?done=${result.status}`);
}

const DONE: Record<string, string> = {
  confirmed: "申し込みました。当日は会場へお越しください。",
  waitlisted: "満席のため、キャンセル待ちで申し込みました。",
  cancelled: "申し込みを取り消しました。",
};

export default function Trainings() {
  const { sessions, done } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="page narrow">
      <h1>集合研修の申し込み</h1>
      <p>DX実践研修や情報セキュリティ研修など、会場で行う研修です。出席は研修の記録として残ります。</p>
      {done && DONE[done] ? <FormMessage kind="success">{DONE[done]}</FormMessage> : null}
      {result?.error ? <FormMessage>{result.error}</FormMessage> : null}
      {sessions.length === 0 ? <p>いま申し込める研修はありません。</p> : null}
      <ul className="class-list">
        {sessions.map((s) => (
          <li key={s.id} className={`class-card${s.status === "cancelled" ? " cancelled" : ""}`}>
            <p className="class-when">{s.when}</p>
            <h2 className="class-card-title">
              {s.title}（第{s.number}回）
            </h2>
            <p>{s.venueName ?? "会場未定"}</p>
            {s.status === "cancelled" ? (
              <p className="class-seats">中止になりました</p>
            ) : s.myStatus ? (
              <Form method="post">
                <CsrfInput />
                <input type="hidden" name="sessionId" value={s.id} />
                <input type="hidden" name="intent" value="cancel" />
                <p className="class-seats">{s.myStatus === "confirmed" ? "申し込み済み" : "キャンセル待ち"}</p>
                <button type="submit" className="button secondary small">
                  取り消す
                </button>
              </Form>
            ) : (
              <Form method="post">
                <CsrfInput />
                <input type="hidden" name="sessionId" value={s.id} />
                <p className="class-seats">{s.seatsLeft > 0 ? `あと${s.seatsLeft}席` : "満席"}</p>
                <button type="submit" className="button small">
                  {s.seatsLeft > 0 ? "申し込む" : "キャンセル待ちで申し込む"}
                </button>
              </Form>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
