import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { CsrfInput } from "~/components/csrf";
import { FormMessage } from "~/components/form";
import { PersonFields } from "~/components/person-fields";
import { Breadcrumbs } from "~/components/site-chrome";
import { requireCsrf } from "~/auth/csrf.server";
import { notFound } from "~/auth/guard.server";
import { CLASS_FORMATS, ORGANIZER_TYPES } from "~/classes/constants";
import { readPerson } from "~/classes/forms";
import { formatSessionTime } from "~/classes/format";
import { getPublicSession } from "~/classes/queries.server";
import { register } from "~/classes/registration.server";
import { getDb } from "~/db.server";
import { toFieldErrors } from "~/staff/forms";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.session.title}（第${data.session.number}回） | 学び舎` : "教室 | 学び舎" }];

export async function loader({ params }: LoaderFunctionArgs) {
  const session = await getPublicSession(await getDb(), params.sessionId ?? "");
  if (!session) notFound("教室が見つかりません。");
  const open = session.status === "scheduled" && new Date(session.startsAt).getTime() > Date.now();
  return { session: { ...session, when: formatSessionTime(session.startsAt, session.endsAt), seatsLeft: Math.max(0, session.capacity - session.confirmed) }, open };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const form = await request.formData();
  requireCsrf(request, form);
  const db = await getDb();
  const session = await getPublicSession(db, params.sessionId ?? "");
  if (!session) notFound("教室が見つかりません。");
  const parsed = readPerson(form);
  const values = { name: String(form.get("name") ?? ""), nameKana: String(form.get("nameKana") ?? ""), phone: String(form.get("phone") ?? ""), district: String(form.get("district") ?? "") };
  const errors: Record<string, string> = parsed.success ? {} : toFieldErrors(parsed.error.issues);
  if (form.get("consent") !== "yes") errors.consent = "個人情報の利用目的をお読みのうえ、同意のチェックを入れてください。";
  if (!parsed.success || Object.keys(errors).length) return data({ errors, values, error: null as string | null }, { status: 400 });
  const p = parsed.data;
  const result = await register(db, {
    organizationId: session.organizationId,
    sessionId: session.id,
    channel: "online",
    consent: true,
    person: p,
  });
  if (!result.ok) return data({ errors: {} as Record<string, string>, values, error: result.error }, { status: 409 });
  throw redirect(`/classes/${session.id}/receipt/${result.receiptNumber}`);
}

export default function ClassSessionPage() {
  const { session, open } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const errors: Record<string, string | undefined> = result?.errors ?? {};
  return (
    <div className="page narrow class-page">
      <Breadcrumbs items={[{ to: "/", label: "トップ" }, { to: "/classes", label: "スマホ教室の日程" }, { label: `第${session.number}回` }]} />
      <h1>
        {session.title}（第{session.number}回）
      </h1>
      <dl className="details big-details">
        <dt>日時</dt>
        <dd>{session.when}</dd>
        <dt>会場</dt>
        <dd>
          {session.venueName ?? "未定"}
          {session.venueAddress ? <span className="meta">（{session.venueAddress}）</span> : null}
          {session.accessibilityNotes ? <span className="meta"> {session.accessibilityNotes}</span> : null}
        </dd>
        <dt>主催</dt>
        <dd>
          {session.organizationName}・{session.organizerName ?? ORGANIZER_TYPES[session.organizerType]}（{CLASS_FORMATS[session.format]}）
        </dd>
        <dt>定員</dt>
        <dd>
          {session.capacity}人{session.status === "scheduled" ? (session.seatsLeft > 0 ? `（あと${session.seatsLeft}席）` : "（満席・キャンセル待ちで受け付けます）") : ""}
        </dd>
      </dl>
      {session.description ? <p>{session.description}</p> : null}
      {session.status === "cancelled" ? <FormMessage>この回は中止になりました。{session.cancelReason ?? ""}</FormMessage> : null}
      {!open && session.status !== "cancelled" ? <p className="notice">この回の申し込みは終わりました。</p> : null}
      {open ? (
        <section aria-labelledby="apply">
          <h2 id="apply">申し込む</h2>
          <p>
            電話でも申し込めます。{session.organizationName}の担当の窓口にお電話ください。
          </p>
          {result?.error ? <FormMessage>{result.error}</FormMessage> : null}
          {Object.keys(errors).length ? <FormMessage>入力にまちがいがあります。赤い字の説明をご覧ください。</FormMessage> : null}
          <Form method="post" className="stack" noValidate>
            <CsrfInput />
            <PersonFields values={result?.values} errors={errors} />
            <div className="purpose" id="purpose">
              <h3>個人情報の利用目的</h3>
              <p>
                いただいたお名前・ふりがな・電話番号・年代・地区は、この教室の受付と、中止などの連絡、参加人数の集計（個人が分からない形）にだけ使います。
                教室が終わってから決められた期間がたつと消去します。ご本人からの申し出で、いつでも確認・消去できます。
              </p>
            </div>
            <div className="checkbox">
              <input type="checkbox" id="consent" name="consent" value="yes" aria-describedby={`purpose${errors.consent ? " consent-error" : ""}`} aria-invalid={errors.consent ? true : undefined} />
              <label htmlFor="consent">利用目的に同意します</label>
            </div>
            {errors.consent ? (
              <p className="field-error" id="consent-error">
                {errors.consent}
              </p>
            ) : null}
            <button type="submit" className="button primary large" disabled={busy}>
              {busy ? "送信しています…" : session.seatsLeft > 0 ? "申し込む" : "キャンセル待ちで申し込む"}
            </button>
          </Form>
        </section>
      ) : null}
      <p>
        <Link to="/classes">日程の一覧へ戻る</Link>
      </p>
    </div>
  );
}
