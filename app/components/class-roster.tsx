import { Form, Link } from "react-router";
import {
  AGE_BANDS,
  ATTENDANCE_STATUSES,
  NEEDS,
  REGISTRATION_CHANNELS,
  type AgeBand,
  type AttendanceStatus,
  type RegistrationChannel,
  type SessionStatus,
} from "~/classes/constants";
import { CsrfInput } from "./csrf";
import { FormMessage, TextField } from "./form";
import { ClassSurvey, type SessionSurvey } from "./class-survey";
import { PersonFields } from "./person-fields";
import { StatGrid } from "./stats";

/** One registration on the instructor's roster. */
export interface RosterEntry {
  id: string;
  receiptNumber: string;
  channel: RegistrationChannel;
  status: "confirmed" | "waitlisted" | "cancelled";
  name: string | null;
  nameKana: string | null;
  ageBand: string | null;
  needs: string[];
  staffNumber: string | null;
  attendance: AttendanceStatus | null;
  note: string | null;
}

export interface RosterSession {
  id: string;
  seriesId: string;
  title: string;
  number: number;
  when: string;
  venueName: string | null;
  instructors: string[];
  externalInstructors: string[];
  audience: "residents" | "staff";
  status: SessionStatus;
  cancelReason: string | null;
  capacity: number;
  closed: boolean;
  roster: RosterEntry[];
}

export interface RosterCounts {
  registered: number;
  attended: number;
  walkIns: number;
  noShows: number;
  waitlisted: number;
  cancelled: number;
}

/** What the action answered: the form that failed, its message and the fields in error. */
export interface RosterResult {
  intent?: string;
  error?: string;
  errors?: Record<string, string | undefined>;
}

export interface ClassRosterProps {
  session: RosterSession;
  counts: RosterCounts;
  survey: SessionSurvey;
  canReopen: boolean;
  canBulk: boolean;
  departments: { id: string; name: string }[];
  bulk: { confirmed: number; waitlisted: number };
  /** The `done` key after a redirect (see DONE). */
  done: string | null;
  receipt: string | null;
  waitlisted: boolean;
  result?: RosterResult;
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

/** The instructor's roster of one class session: attendance, walk-ins, phone sign-ups, paper surveys, closing. */
export function ClassRoster({ session, counts, survey, canReopen, canBulk, departments, bulk, done, receipt, waitlisted, result }: ClassRosterProps) {
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
        {session.instructors.length || session.externalInstructors.length
          ? `・講師: ${[...session.instructors, ...session.externalInstructors].join("、")}`
          : ""}
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
      <SessionLinks session={session} editable={editable} />

      <RosterSection roster={session.roster} editable={editable} />

      {editable && canBulk ? <BulkSection departments={departments} /> : null}

      {editable && session.audience === "residents" ? <ResidentSignUps result={result} errors={errors} /> : null}

      <ClassSurvey survey={survey} cancelled={session.status === "cancelled"} errors={errors} />

      <ManageSection session={session} canReopen={canReopen} />
    </>
  );
}

function SessionLinks({ session, editable }: { session: RosterSession; editable: boolean }) {
  return (
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
  );
}

function RosterSection({ roster, editable }: { roster: RosterEntry[]; editable: boolean }) {
  return (
    <section aria-labelledby="roster-title" id="roster">
      <h2 id="roster-title">名簿</h2>
      {roster.length === 0 ? <p>まだ申し込みはありません。</p> : null}
      <ul className="roster">
        {roster.map((r) => (
          <RosterRow key={r.id} r={r} editable={editable} />
        ))}
      </ul>
    </section>
  );
}

function RosterRow({ r, editable }: { r: RosterEntry; editable: boolean }) {
  return (
    <li className={`roster-row roster-${r.status}`}>
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
            <button
              key={s}
              type="submit"
              name="status"
              value={s}
              className={`status-button${r.attendance === s ? " is-current" : ""}`}
              aria-pressed={r.attendance === s}
              disabled={!editable}
            >
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
  );
}

function BulkSection({ departments }: { departments: { id: string; name: string }[] }) {
  return (
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
  );
}

function ResidentSignUps({ result, errors }: { result?: RosterResult; errors: Record<string, string | undefined> }) {
  return (
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
  );
}

function ManageSection({ session, canReopen }: { session: RosterSession; canReopen: boolean }) {
  return (
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
  );
}
