import { type ActionFunctionArgs, data, Form, Link, type LoaderFunctionArgs, type MetaFunction, redirect, useActionData, useLoaderData } from "react-router";
import { CsrfInput } from "~/components/csrf";
import { StatGrid } from "~/components/stats";
import { FormMessage, TextField } from "~/components/form";
import { PersonFields } from "~/components/person-fields";
import { requireCsrf } from "~/auth/csrf.server";
import { readForm } from "~/http/form.server";
import { assertCan, clientIp, notFound, requirePermission } from "~/auth/guard.server";
import { addSurvey, cancelSession, getSessionForAdmin, surveyResults } from "~/classes/admin.server";
import { AGE_BANDS, ATTENDANCE_STATUSES, NEEDS, REGISTRATION_CHANNELS, type AgeBand, type AttendanceStatus } from "~/classes/constants";
import { readPerson, readSurvey } from "~/classes/forms";
import { formatSessionTime } from "~/classes/format";
import { cancelRegistration, markAttendance, register, sessionCounts, setAttendanceNote, setSessionClosed } from "~/classes/registration.server";
import { bulkRegisterStaff } from "~/classes/trainings.server";
import { getDb } from "~/db.server";
import { toFieldErrors } from "~/staff/forms";
import { listDepartments } from "~/staff/staff.server";
import { scopeOf } from "~/auth/permissions";
import { localPath } from "~/http/safe-redirect";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `名簿：${data.session.title} 第${data.session.number}回 | 学び舎` : "名簿 | 学び舎" }];

async function load(request: Request, sessionId: string | undefined) {
  const user = await requirePermission(request, "class:manage");
  const db = await getDb();
  const session = await getSessionForAdmin(db, user.organizationId, sessionId ?? "");
  if (!session) notFound("教室の回が見つかりません。");
  return { user, db, session };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, db, session } = await load(request, params.sessionId);
  const canBulk = session.audience === "staff" && !!scopeOf(user, "staff:write");
  const [counts, survey, departments] = await Promise.all([
    sessionCounts(db, user.organizationId, session.id),
    surveyResults(db, user.organizationId, session.id),
    canBulk ? listDepartments(db, user.organizationId) : Promise.resolve([]),
  ]);
  const { checkinSecret: _secret, ...rest } = session;
  return {
    session: { ...rest, when: formatSessionTime(session.startsAt, session.endsAt), closed: !!session.closedAt },
    counts,
    survey,
    canReopen: user.roles.some((r) => r === "hr_admin" || r === "dx_admin" || r === "system_admin"),
    canBulk,
    departments: departments.map((d) => ({ id: d.id, name: d.name })),
    bulk: { confirmed: Number(new URL(request.url).searchParams.get("c") ?? 0), waitlisted: Number(new URL(request.url).searchParams.get("w") ?? 0) },
    done: new URL(request.url).searchParams.get("done"),
    receipt: new URL(request.url).searchParams.get("receipt"),
    waitlisted: new URL(request.url).searchParams.get("waitlisted") === "1",
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, db, session } = await load(request, params.sessionId);
  const form = await readForm(request);
  requireCsrf(request, form);
  const ctx = { organizationId: user.organizationId, actorUserId: user.userId, ip: clientIp(context) };
  const back = (done: string) => redirect(localPath`/admin/classes/${session.id}?done=${done}#${String(form.get("anchor") ?? "roster")}`);
  const intent = String(form.get("intent") ?? "");

  if (intent === "mark") {
    const status = String(form.get("status")) as AttendanceStatus;
    if (!(status in ATTENDANCE_STATUSES)) return data({ intent, error: "出欠の種類が正しくありません。", errors: {} }, { status: 400 });
    const result = await markAttendance(db, { organizationId: user.organizationId, registrationId: String(form.get("registrationId") ?? ""), status, markedBy: user.userId });
    if (!result.ok) return data({ intent, error: result.error, errors: {} }, { status: 409 });
    throw back("marked");
  }
  if (intent === "note") {
    const result = await setAttendanceNote(db, { organizationId: user.organizationId, registrationId: String(form.get("registrationId") ?? ""), note: String(form.get("note") ?? "").trim().slice(0, 500) || null });
    if (!result.ok) return data({ intent, error: result.error, errors: {} }, { status: 409 });
    throw back("note");
  }
  if (intent === "walk-in" || intent === "phone") {
    const parsed = readPerson(form);
    if (!parsed.success) return data({ intent, error: "入力にまちがいがあります。", errors: toFieldErrors(parsed.error.issues) }, { status: 400 });
    if (intent === "phone" && form.get("consent") !== "yes") return data({ intent, error: "利用目的を電話で説明し、同意をいただいてからチェックを入れてください。", errors: {} }, { status: 400 });
    const result = await register(db, { organizationId: user.organizationId, sessionId: session.id, channel: intent === "walk-in" ? "walk_in" : "phone", person: parsed.data, consent: true, createdBy: user.userId });
    if (!result.ok) return data({ intent, error: result.error, errors: {} }, { status: 409 });
    if (intent === "walk-in") await markAttendance(db, { organizationId: user.organizationId, registrationId: result.registrationId, status: "present", markedBy: user.userId });
    throw redirect(localPath`/admin/classes/${session.id}?done=${intent}&receipt=${result.receiptNumber}&waitlisted=${result.status === "waitlisted" ? 1 : 0}#roster`);
  }
  if (intent === "cancel-registration") {
    const result = await cancelRegistration(db, { ...ctx, receiptNumber: String(form.get("receiptNumber") ?? "") });
    if (!result.ok) return data({ intent, error: result.error, errors: {} }, { status: 409 });
    throw back(result.promotedReceipt ? "cancelled-promoted" : "cancelled");
  }
  if (intent === "survey") {
    const parsed = readSurvey(form);
    if (!parsed.success) return data({ intent, error: "アンケートの入力にまちがいがあります。", errors: toFieldErrors(parsed.error.issues) }, { status: 400 });
    if (!(await addSurvey(db, user.organizationId, session.id, { ...parsed.data, source: "paper" }, user.userId))) {
      return data({ intent, error: "この回のアンケートは、まだ入力できません（開催日から入力できます）。", errors: {} }, { status: 409 });
    }
    throw back("survey");
  }
  if (intent === "close" || intent === "reopen") {
    if (intent === "reopen") assertCan(user, "staff:write", { organizationId: user.organizationId }); // reopening is for organization admins
    await setSessionClosed(db, { ...ctx, sessionId: session.id, closed: intent === "close" });
    throw back(intent);
  }
  if (intent === "bulk") {
    assertCan(user, "staff:write", { organizationId: user.organizationId }); // HR registers staff in bulk
    const result = await bulkRegisterStaff(db, ctx, session.id, form.getAll("departmentIds").map(String));
    if (!result.ok) return data({ intent, error: result.error, errors: {} }, { status: 409 });
    throw redirect(localPath`/admin/classes/${session.id}?done=bulk&c=${result.confirmed}&w=${result.waitlisted}#roster`);
  }
  if (intent === "cancel-session") {
    const reason = String(form.get("reason") ?? "").trim();
    if (!reason) return data({ intent, error: "中止の理由を入力してください（申込者へのお知らせに使います）。", errors: {} }, { status: 400 });
    await cancelSession(db, ctx, session.id, reason.slice(0, 200));
    throw back("cancelled-session");
  }
  throw new Response("不明な操作です。", { status: 400 });
}

const DONE: Record<string, string> = {
  bulk: "職員をまとめて登録しました。",
  created: "登録しました。住民向けの回は、スマホ教室の日程のページに載ります。",
  marked: "出欠を記録しました。",
  note: "メモを保存しました。",
  "walk-in": "当日参加の方を追加し、出席にしました。",
  phone: "電話での申し込みを受け付けました。",
  cancelled: "申し込みを取り消しました。",
  "cancelled-promoted": "申し込みを取り消し、キャンセル待ちの方の参加が決まりました。",
  survey: "アンケートを入力しました。",
  close: "この回を締め切りました。出欠と人数は確定です。",
  reopen: "この回を再開しました（操作の記録に残っています）。",
  "cancelled-session": "この回を中止にしました。",
};

export default function Roster() {
  const { session, counts, survey, canReopen, canBulk, departments, bulk, done, receipt, waitlisted } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors: Record<string, string | undefined> = result?.errors ?? {};
  const editable = !session.closed && session.status !== "cancelled";
  return (
    <>
      <p>
        <Link to="/admin/classes">← 教室の一覧へ</Link>
      </p>
      <h1>
        {session.title} 第{session.number}回
      </h1>
      <p>
        {session.when}・{session.venueName ?? "会場未定"}
        {session.instructors.length || session.externalInstructors.length ? `・講師: ${[...session.instructors, ...session.externalInstructors].join("、")}` : ""}
      </p>
      {done && DONE[done] ? (
        <FormMessage kind="success">
          {DONE[done]}
          {done === "phone" && receipt ? ` 受付番号「${receipt}」をお伝えください。${waitlisted ? "満席のため、キャンセル待ちです。" : ""}` : ""}
          {done === "bulk" ? ` 参加決定 ${bulk.confirmed}人、キャンセル待ち ${bulk.waitlisted}人。` : ""}
        </FormMessage>
      ) : null}
      {result?.error ? <FormMessage>{result.error}</FormMessage> : null}
      {session.status === "cancelled" ? <FormMessage>この回は中止です（{session.cancelReason}）。</FormMessage> : null}

      <StatGrid
        items={[
          { label: `申込（定員${session.capacity}）`, value: `${counts.registered}人` },
          { label: "出席", value: `${counts.attended}人` },
          { label: "当日参加", value: `${counts.walkIns}人` },
          { label: "欠席・未確認", value: `${counts.noShows}人` },
          { label: "キャンセル待ち", value: `${counts.waitlisted}人` },
          { label: "取り消し", value: `${counts.cancelled}件` },
        ]}
      />
      <p className="actions">
        <Link className="button secondary" to={`/admin/classes/series/${session.seriesId}`}>
          教室全体の集計
        </Link>
        {editable ? (
          <Link className="button" to={`/admin/classes/${session.id}/code`}>
            受付番号の画面を表示（セルフ受付）
          </Link>
        ) : null}
        {session.audience === "residents" ? (
          <>
            <a className="button secondary" href={`/classes/series/${session.seriesId}/qr/png`} download="class-qr.png">
              申し込み用QRコード（PNG）
            </a>
            <a className="button secondary" href={`/classes/series/${session.seriesId}/qr/svg`} download="class-qr.svg">
              QRコード（SVG・印刷用）
            </a>
          </>
        ) : null}
      </p>

      <section aria-labelledby="roster" id="roster">
        <h2 id="roster-title">名簿</h2>
        {session.roster.length === 0 ? <p>まだ申し込みはありません。</p> : null}
        <ul className="roster">
          {session.roster.map((r) => (
            <li key={r.id} className={`roster-row roster-${r.status}`}>
              <div className="roster-person">
                <strong>{r.name ?? "（個人情報は消去済み）"}</strong>
                <span className="meta">
                  {r.nameKana ?? ""} {r.ageBand ? AGE_BANDS[r.ageBand as AgeBand] : ""} {r.staffNumber ? `職員番号 ${r.staffNumber}` : ""}
                </span>
                <span className="meta">
                  {REGISTRATION_CHANNELS[r.channel]}・受付番号 {r.receiptNumber}
                  {r.status === "waitlisted" ? "・キャンセル待ち" : r.status === "cancelled" ? "・取り消し" : ""}
                  {r.needs.length ? `・${r.needs.map((n) => NEEDS[n as keyof typeof NEEDS] ?? n).join("、")}` : ""}
                </span>
              </div>
              {r.status === "confirmed" ? (
                <Form method="post" className="status-buttons" aria-label={`${r.name ?? "参加者"}の出欠`}>
                  <CsrfInput />
                  <input type="hidden" name="intent" value="mark" />
                  <input type="hidden" name="registrationId" value={r.id} />
                  {(Object.keys(ATTENDANCE_STATUSES) as AttendanceStatus[]).map((s) => (
                    <button key={s} type="submit" name="status" value={s} className={`status-button${r.attendance === s ? " is-current" : ""}`} aria-pressed={r.attendance === s} disabled={!editable}>
                      {ATTENDANCE_STATUSES[s]}
                    </button>
                  ))}
                </Form>
              ) : null}
              {r.status === "confirmed" && r.attendance ? (
                <details className="roster-note">
                  <summary>{r.note ? `メモ: ${r.note}` : "メモを書く"}</summary>
                  <Form method="post" className="inline-form">
                    <CsrfInput />
                    <input type="hidden" name="intent" value="note" />
                    <input type="hidden" name="registrationId" value={r.id} />
                    <label className="visually-hidden" htmlFor={`note-${r.id}`}>
                      {r.name ?? "参加者"}のメモ
                    </label>
                    <input id={`note-${r.id}`} name="note" defaultValue={r.note ?? ""} maxLength={500} disabled={!editable} />
                    <button type="submit" className="button secondary small" disabled={!editable}>
                      保存
                    </button>
                  </Form>
                </details>
              ) : null}
              {r.status !== "cancelled" && editable ? (
                <Form method="post">
                  <CsrfInput />
                  <input type="hidden" name="intent" value="cancel-registration" />
                  <input type="hidden" name="receiptNumber" value={r.receiptNumber} />
                  <button type="submit" className="link-like">
                    申し込みを取り消す
                  </button>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
      </section>

      {editable && canBulk ? (
        <section aria-labelledby="bulk">
          <h2 id="bulk">職員をまとめて登録（人事担当）</h2>
          <Form method="post" className="stack">
            <CsrfInput />
            <input type="hidden" name="intent" value="bulk" />
            <fieldset>
              <legend>対象の課（選ばないときは全職員）</legend>
              <div className="radio-row">
                {departments.map((d) => (
                  <div className="checkbox" key={d.id}>
                    <input type="checkbox" id={`bulk-${d.id}`} name="departmentIds" value={d.id} />
                    <label htmlFor={`bulk-${d.id}`}>{d.name}</label>
                  </div>
                ))}
              </div>
            </fieldset>
            <button type="submit" className="button">
              在職中の職員を登録する
            </button>
          </Form>
        </section>
      ) : null}

      {editable && session.audience === "residents" ? (
        <div className="two-col">
          <section aria-labelledby="walkin" id="walkin-section">
            <h2 id="walkin">当日参加の方を追加</h2>
            <Form method="post" className="stack">
              <CsrfInput />
              <input type="hidden" name="intent" value="walk-in" />
              <PersonFields prefix="w-" errors={result?.intent === "walk-in" ? errors : {}} />
              <p className="hint">来られた方に、受付と集計のためだけに使うことをお伝えください。</p>
              <button type="submit" className="button primary">
                追加して出席にする
              </button>
            </Form>
          </section>
          <section aria-labelledby="phone" id="phone-section">
            <h2 id="phone">電話での申し込み</h2>
            <Form method="post" className="stack">
              <CsrfInput />
              <input type="hidden" name="intent" value="phone" />
              <PersonFields prefix="p-" errors={result?.intent === "phone" ? errors : {}} />
              <div className="checkbox">
                <input type="checkbox" id="p-consent" name="consent" value="yes" />
                <label htmlFor="p-consent">利用目的を説明し、同意をいただきました</label>
              </div>
              <button type="submit" className="button">
                申し込みを受け付ける
              </button>
            </Form>
          </section>
        </div>
      ) : null}

      <section aria-labelledby="survey" id="survey-section">
        <h2 id="survey">アンケート</h2>
        <p>
          回答 {survey.answers}件・満足度の平均 {survey.satisfaction ?? "—"}・わかりやすさの平均 {survey.clarity ?? "—"}（5点満点）
        </p>
        {survey.comments.length ? (
          <ul className="plain-list">
            {survey.comments.map((c, i) => (
              <li key={i}>
                {c.nextTopic ? `次に学びたいこと: ${c.nextTopic}` : ""}
                {c.nextTopic && c.comment ? "／" : ""}
                {c.comment ?? ""}
              </li>
            ))}
          </ul>
        ) : null}
        {session.status !== "cancelled" ? (
          <details className="help">
            <summary>紙のアンケートを入力する</summary>
            <Form method="post" className="stack narrow-form">
              <CsrfInput />
              <input type="hidden" name="intent" value="survey" />
              <input type="hidden" name="anchor" value="survey-section" />
              {(["satisfaction", "clarity"] as const).map((field) => (
                <fieldset key={field}>
                  <legend>{field === "satisfaction" ? "満足度" : "わかりやすさ"}（5がいちばん良い）</legend>
                  <div className="radio-row">
                    {[5, 4, 3, 2, 1].map((n) => (
                      <div className="checkbox" key={n}>
                        <input type="radio" id={`${field}-${n}`} name={field} value={n} />
                        <label htmlFor={`${field}-${n}`}>{n}</label>
                      </div>
                    ))}
                  </div>
                  {errors[field] ? <p className="field-error">{errors[field]}</p> : null}
                </fieldset>
              ))}
              <TextField id="nextTopic" label="次に学びたいこと" />
              <TextField id="comment" label="ご意見・ご感想" />
              <button type="submit" className="button">
                入力する
              </button>
            </Form>
          </details>
        ) : null}
      </section>

      <section aria-labelledby="manage">
        <h2 id="manage">この回の管理</h2>
        {session.status !== "cancelled" ? (
          session.closed ? (
            canReopen ? (
              <Form method="post">
                <CsrfInput />
                <input type="hidden" name="intent" value="reopen" />
                <button type="submit" className="button secondary">
                  再開する（出欠を直すとき）
                </button>
              </Form>
            ) : (
              <p>締め切り済みです。直す必要があるときは、DX推進担当か人事担当に再開を依頼してください。</p>
            )
          ) : (
            <Form method="post">
              <CsrfInput />
              <input type="hidden" name="intent" value="close" />
              <p>教室が終わったら締め切ってください。出欠と人数が確定し、集計に使われます。</p>
              <button type="submit" className="button primary">
                締め切る（実施済みにする）
              </button>
            </Form>
          )
        ) : null}
        {session.status === "scheduled" && !session.closed ? (
          <Form method="post" className="stack narrow-form">
            <CsrfInput />
            <input type="hidden" name="intent" value="cancel-session" />
            <TextField id="reason" label="中止の理由" hint="例: 台風接近のため" />
            <button type="submit" className="button secondary">
              この回を中止にする
            </button>
          </Form>
        ) : null}
      </section>
    </>
  );
}
