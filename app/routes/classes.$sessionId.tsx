import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { CsrfInput } from "~/components/csrf";
import { FormMessage, TextField } from "~/components/form";
import { Breadcrumbs } from "~/components/site-chrome";
import { requireCsrf } from "~/auth/csrf.server";
import { notFound } from "~/auth/guard.server";
import { AGE_BANDS, CLASS_FORMATS, NEEDS, ORGANIZER_TYPES, type AgeBand } from "~/classes/constants";
import { formatSessionTime } from "~/classes/format";
import { getPublicSession } from "~/classes/queries.server";
import { register } from "~/classes/registration.server";
import { getDb } from "~/db.server";
import { normalizeKana, normalizePersonName } from "~/staff/roster";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.session.title}（第${data.session.number}回） | 学び舎` : "教室 | 学び舎" }];

export async function loader({ params }: LoaderFunctionArgs) {
  const session = await getPublicSession(await getDb(), params.sessionId ?? "");
  if (!session) notFound("教室が見つかりません。");
  const open = session.status === "scheduled" && new Date(session.startsAt).getTime() > Date.now();
  return { session: { ...session, when: formatSessionTime(session.startsAt, session.endsAt), seatsLeft: Math.max(0, session.capacity - session.confirmed) }, open };
}

const AGE_BAND_CODES = Object.keys(AGE_BANDS) as [AgeBand, ...AgeBand[]];
const formSchema = z.object({
  name: z.string().transform(normalizePersonName).pipe(z.string().min(1, "お名前を入力してください。").max(50, "お名前は50文字以内で入力してください。")),
  nameKana: z
    .string()
    .transform(normalizeKana)
    .pipe(z.string().min(1, "ふりがなを入力してください。").regex(/^[\p{Script=Hiragana}ー・\u3000]+$/u, "ふりがなは、ひらがなで入力してください。")),
  phone: z
    .string()
    .transform((s) => s.normalize("NFKC").replace(/[^\d-]/g, ""))
    .refine((s) => s === "" || /^\d{2,4}-?\d{1,4}-?\d{3,4}$/.test(s), "電話番号は「029-123-4567」のように入力してください（なくてもかまいません）。"),
  ageBand: z.enum(AGE_BAND_CODES, { message: "年代を選んでください。" }),
  district: z.string().trim().max(40, "お住まいの地区は40文字以内で入力してください。"),
  needs: z.array(z.enum(Object.keys(NEEDS) as [string, ...string[]])),
  consent: z.literal("yes", { message: "個人情報の利用目的をお読みのうえ、同意のチェックを入れてください。" }),
});

export async function action({ request, params }: ActionFunctionArgs) {
  const form = await request.formData();
  requireCsrf(request, form);
  const db = await getDb();
  const session = await getPublicSession(db, params.sessionId ?? "");
  if (!session) notFound("教室が見つかりません。");
  const parsed = formSchema.safeParse({
    name: String(form.get("name") ?? ""),
    nameKana: String(form.get("nameKana") ?? ""),
    phone: String(form.get("phone") ?? ""),
    ageBand: form.get("ageBand") ?? undefined,
    district: String(form.get("district") ?? ""),
    needs: form.getAll("needs").map(String),
    consent: form.get("consent") ?? undefined,
  });
  const values = { name: String(form.get("name") ?? ""), nameKana: String(form.get("nameKana") ?? ""), phone: String(form.get("phone") ?? ""), district: String(form.get("district") ?? "") };
  if (!parsed.success) {
    const errors: Record<string, string> = {};
    for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message;
    return data({ errors, values, error: null as string | null }, { status: 400 });
  }
  const p = parsed.data;
  const result = await register(db, {
    organizationId: session.organizationId,
    sessionId: session.id,
    channel: "online",
    consent: true,
    person: { name: p.name, nameKana: p.nameKana, phone: p.phone || null, ageBand: p.ageBand, district: p.district || null, needs: p.needs },
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
            <TextField id="name" label="お名前" required autoComplete="name" defaultValue={result?.values.name ?? ""} error={errors.name} />
            <TextField id="nameKana" label="ふりがな" required defaultValue={result?.values.nameKana ?? ""} error={errors.nameKana} hint="ひらがなで入力してください。" />
            <TextField id="phone" label="電話番号（なくてもかまいません）" type="tel" autoComplete="tel" inputMode="tel" defaultValue={result?.values.phone ?? ""} error={errors.phone} hint="教室が中止になったときなどに、お知らせします。" />
            <fieldset aria-describedby={errors.ageBand ? "ageBand-error" : undefined}>
              <legend>年代</legend>
              <div className="radio-row">
                {Object.entries(AGE_BANDS).map(([code, label]) => (
                  <div className="checkbox" key={code}>
                    <input type="radio" id={`age-${code}`} name="ageBand" value={code} />
                    <label htmlFor={`age-${code}`}>{label}</label>
                  </div>
                ))}
              </div>
              {errors.ageBand ? (
                <p className="field-error" id="ageBand-error">
                  {errors.ageBand}
                </p>
              ) : null}
            </fieldset>
            <TextField id="district" label="お住まいの地区（なくてもかまいません）" defaultValue={result?.values.district ?? ""} error={errors.district} hint="例: 本郷、荒川沖" />
            <fieldset>
              <legend>お手伝いが必要なこと（あてはまるものに）</legend>
              {Object.entries(NEEDS).map(([code, label]) => (
                <div className="checkbox" key={code}>
                  <input type="checkbox" id={`need-${code}`} name="needs" value={code} />
                  <label htmlFor={`need-${code}`}>{label}</label>
                </div>
              ))}
            </fieldset>
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
