import { Form, Link } from "react-router";
import { ATTENDANCE_STATUSES, type AttendanceStatus } from "~/classes/constants";
import { RESET_LINK_HOURS, ROLES, type EmploymentType, type Role } from "~/staff/constants";
import { employmentTypeLabel, roleLabels } from "~/staff/labels";
import { CsrfInput } from "./csrf";
import { FormMessage } from "./form";
import { StaffFields, type StaffFormValues } from "./staff-form";

export interface StaffDetailMember extends StaffFormValues {
  nameKana: string;
  departmentName: string | null;
  jobRankName: string | null;
  employmentType: EmploymentType;
  roles: Role[];
  hasPassword: boolean;
  mustChangePassword: boolean;
}

/** One registration of the staff member for a staff training. */
export interface StaffTraining {
  sessionId: string;
  title: string;
  number: number;
  /** The session's start (ISO string once serialized). */
  startsAt: string | Date;
  /** The session's time in words. */
  when: string;
  registration: "confirmed" | "waitlisted" | "cancelled";
  attendance: string | null;
}

/** What the action answered: field errors, or a one-time initial password or reset link. */
export interface StaffDetailResult {
  intent?: unknown;
  errors?: Record<string, string | undefined>;
  password?: string | null;
  resetUrl?: string;
}

export interface StaffDetailProps {
  staff: StaffDetailMember;
  canWrite: boolean;
  /** The roles the viewer may grant or remove. */
  assignable: Role[];
  /** The viewer is this staff member. */
  isSelf: boolean;
  departments: { id: string; name: string }[];
  ranks: { id: string; name: string }[];
  trainings: StaffTraining[];
  /** The `done` key after a redirect (see DONE). */
  done: string | null;
  result?: StaffDetailResult;
}

const DONE: Record<string, string> = {
  created: "職員を追加しました。",
  updated: "変更を保存しました。",
  roles: "役割を変更しました。",
  revoked: "この職員のログインをすべて終了させました。",
};

/** A staff member for HR: records, trainings, and (for those who may write) the edit, role and password forms. */
export function StaffDetail({ staff, canWrite, assignable, isSelf, departments, ranks, trainings, done, result }: StaffDetailProps) {
  const errors: Record<string, string | undefined> = result && "errors" in result ? (result.errors ?? {}) : {};
  return (
    <>
      <p>
        <Link to="/admin/staff">← 職員の一覧へ</Link>
      </p>
      <h1>
        {staff.name}
        <span className="subtitle">（{staff.nameKana}）</span>
      </h1>
      {done && DONE[done] ? <FormMessage kind="success">{DONE[done]}</FormMessage> : null}
      {result && "password" in result && result.password ? (
        <FormMessage kind="success">
          初期パスワードを発行しました: <code className="secret">{result.password}</code>
          <br />
          この画面を閉じると二度と表示されません。本人に直接お渡しください。はじめてのログインで変更が求められます。
        </FormMessage>
      ) : null}
      {result && "resetUrl" in result && result.resetUrl ? (
        <FormMessage kind="success">
          再設定リンクを発行しました（{RESET_LINK_HOURS}時間有効・1回だけ使えます）:
          <br />
          <code className="secret">{result.resetUrl}</code>
        </FormMessage>
      ) : null}

      <dl className="details">
        <dt>職員番号</dt>
        <dd>{staff.staffNumber}</dd>
        <dt>所属</dt>
        <dd>{staff.departmentName ?? "—"}</dd>
        <dt>職位・雇用形態</dt>
        <dd>
          {staff.jobRankName ?? "—"}・{employmentTypeLabel(staff.employmentType)}
        </dd>
        <dt>役割</dt>
        <dd>{roleLabels(staff.roles)}</dd>
        <dt>状態</dt>
        <dd>
          {staff.active ? "在職中" : "無効"}
          {staff.hasPassword ? "" : "・パスワード未設定"}
          {staff.mustChangePassword ? "・初回ログイン時に変更が必要" : ""}
        </dd>
      </dl>

      <TrainingHistory trainings={trainings} />

      {canWrite ? (
        <>
          <section aria-labelledby="edit">
            <h2 id="edit">登録内容の変更</h2>
            {result?.intent === "update" && errors.form ? <FormMessage>{errors.form}</FormMessage> : null}
            <Form method="post" className="stack narrow-form" noValidate>
              <CsrfInput />
              <input type="hidden" name="intent" value="update" />
              <StaffFields values={staff} errors={result?.intent === "update" ? errors : {}} departments={departments} ranks={ranks} />
              <button type="submit" className="button primary">
                保存する
              </button>
            </Form>
          </section>

          <RolesSection staff={staff} assignable={assignable} error={result?.intent === "roles" ? errors.roles : undefined} />

          <PasswordSection isSelf={isSelf} error={errors.form && result?.intent !== "update" ? errors.form : undefined} />
        </>
      ) : null}
    </>
  );
}

function TrainingHistory({ trainings }: { trainings: StaffTraining[] }) {
  return (
    <section aria-labelledby="trainings-title">
      <h2 id="trainings-title">集合研修の記録</h2>
      {trainings.length === 0 ? (
        <p>まだ記録はありません。</p>
      ) : (
        <ul className="plain-list">
          {trainings.map((t) => (
            <li key={t.sessionId}>
              {t.when.replace(/ .*$/, "")} {t.title}（第{t.number}回）:{" "}
              {t.registration === "cancelled"
                ? "取り消し"
                : t.registration === "waitlisted"
                  ? "キャンセル待ち"
                  : t.attendance
                    ? ATTENDANCE_STATUSES[t.attendance as AttendanceStatus]
                    : new Date(t.startsAt).getTime() > Date.now()
                      ? "申し込み済み"
                      : "出欠未記録"}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function RolesSection({ staff, assignable, error }: { staff: StaffDetailMember; assignable: Role[]; error: string | undefined }) {
  return (
    <section aria-labelledby="roles-title">
      <h2 id="roles-title">役割</h2>
      <Form method="post" className="stack">
        <CsrfInput />
        <input type="hidden" name="intent" value="roles" />
        <fieldset aria-describedby={error ? "roles-error" : undefined}>
          <legend>この職員の役割（受講者はすべての職員に付きます）</legend>
          {(Object.keys(ROLES) as Role[]).map((role) => (
            <div className="checkbox" key={role}>
              <input
                type="checkbox"
                id={`role-${role}`}
                name="roles"
                value={role}
                defaultChecked={staff.roles.includes(role) || role === "learner"}
                disabled={role === "learner" || !assignable.includes(role)}
              />
              <label htmlFor={`role-${role}`}>{ROLES[role]}</label>
            </div>
          ))}
        </fieldset>
        {error ? (
          <p className="field-error" id="roles-error">
            {error}
          </p>
        ) : null}
        <button type="submit" className="button">
          役割を保存する
        </button>
      </Form>
    </section>
  );
}

function PasswordSection({ isSelf, error }: { isSelf: boolean; error: string | undefined }) {
  return (
    <section aria-labelledby="password-title">
      <h2 id="password-title">パスワードとログイン</h2>
      {error ? <FormMessage>{error}</FormMessage> : null}
      <div className="actions">
        <Form method="post">
          <CsrfInput />
          <input type="hidden" name="intent" value="initial-password" />
          <button type="submit" className="button secondary">
            初期パスワードを発行
          </button>
        </Form>
        <Form method="post">
          <CsrfInput />
          <input type="hidden" name="intent" value="reset-link" />
          <button type="submit" className="button secondary">
            再設定リンクを発行
          </button>
        </Form>
        {!isSelf ? (
          <Form method="post">
            <CsrfInput />
            <input type="hidden" name="intent" value="revoke-sessions" />
            <button type="submit" className="button secondary">
              すべての端末からログアウトさせる
            </button>
          </Form>
        ) : null}
      </div>
    </section>
  );
}
