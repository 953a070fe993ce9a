import { type ActionFunctionArgs, data, Form, Link, type LoaderFunctionArgs, type MetaFunction, redirect, useActionData, useLoaderData } from "react-router";
import { CsrfInput } from "~/components/csrf";
import { FormMessage } from "~/components/form";
import { StaffFields } from "~/components/staff-form";
import { requireCsrf } from "~/auth/csrf.server";
import { readForm } from "~/http/form.server";
import { assertCan, clientIp, notFound, requireUser } from "~/auth/guard.server";
import { assignableRoles, can } from "~/auth/permissions";
import { revokeAllSessions } from "~/auth/session.server";
import { writeAudit } from "~/audit/audit.server";
import { ATTENDANCE_STATUSES, type AttendanceStatus } from "~/classes/constants";
import { formatSessionTime } from "~/classes/format";
import { staffTrainingHistory } from "~/classes/trainings.server";
import { getDb } from "~/db.server";
import { RESET_LINK_HOURS, ROLES, type Role } from "~/staff/constants";
import { readStaffForm, rolesSchema, toFieldErrors } from "~/staff/forms";
import { employmentTypeLabel, roleLabels } from "~/staff/labels";
import { createResetLink, getStaff, issueInitialPassword, listDepartments, listJobRanks, setRoles, updateStaff } from "~/staff/staff.server";
import { localPath } from "~/http/safe-redirect";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.staff.name ?? "職員"} | 学び舎` }];

async function loadTarget(request: Request, userId: string | undefined) {
  const user = await requireUser(request);
  const db = await getDb();
  // Looked up inside the actor's organization only: someone of another organization is simply not found.
  const staff = await getStaff(db, user.organizationId, userId ?? "");
  if (!staff) notFound("職員が見つかりません。");
  return { user, db, staff };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, db, staff } = await loadTarget(request, params.userId);
  assertCan(user, "staff:read", { organizationId: user.organizationId, departmentId: staff.departmentId });
  const canWrite = can(user, "staff:write", { organizationId: user.organizationId });
  const [departments, ranks] = canWrite ? await Promise.all([listDepartments(db, user.organizationId), listJobRanks(db, user.organizationId)]) : [[], []];
  const trainings = await staffTrainingHistory(db, user.organizationId, staff.id);
  return {
    staff,
    canWrite,
    assignable: canWrite ? assignableRoles(user) : [],
    isSelf: staff.id === user.userId,
    departments,
    ranks,
    trainings: trainings.map((t) => ({ ...t, when: formatSessionTime(t.startsAt, t.endsAt) })),
    done: new URL(request.url).searchParams.get("done"),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, db, staff } = await loadTarget(request, params.userId);
  const form = await readForm(request);
  requireCsrf(request, form);
  assertCan(user, "staff:write", { organizationId: user.organizationId });
  const ctx = { organizationId: user.organizationId, actorUserId: user.userId, ip: clientIp(context) };
  const intent = form.get("intent");

  if (intent === "update") {
    const parsed = readStaffForm(form);
    if (!parsed.success) return data({ intent, errors: toFieldErrors(parsed.error.issues) }, { status: 400 });
    if (staff.id === user.userId && !parsed.data.active) return data({ intent, errors: { active: "自分自身を無効にすることはできません。" } }, { status: 400 });
    const result = await updateStaff(db, ctx, staff.id, parsed.data);
    if (!result.ok) return data({ intent, errors: "errors" in result ? (result.errors as Record<string, string>) : { form: "職員が見つかりません。" } }, { status: 400 });
    throw redirect(localPath`/admin/staff/${staff.id}?done=updated`);
  }

  if (intent === "roles") {
    const parsed = rolesSchema.safeParse(form.getAll("roles").map(String));
    if (!parsed.success) return data({ intent, errors: { roles: "役割の指定が正しくありません。" } }, { status: 400 });
    // Roles the actor may not assign keep their current state: an HR admin cannot grant or remove system_admin.
    const assignable = new Set<Role>(assignableRoles(user));
    const next = [...parsed.data.filter((r) => assignable.has(r)), ...staff.roles.filter((r) => !assignable.has(r))];
    if (staff.id === user.userId && user.roles.some((r) => assignable.has(r) && r !== "learner" && !next.includes(r))) {
      return data({ intent, errors: { roles: "自分自身の管理者の役割は外せません。ほかの管理者に依頼してください。" } }, { status: 400 });
    }
    await setRoles(db, ctx, staff.id, next);
    throw redirect(localPath`/admin/staff/${staff.id}?done=roles`);
  }

  if ((intent === "initial-password" || intent === "reset-link") && staff.id === user.userId) {
    return data({ intent, errors: { form: "自分のパスワードは、マイページの「パスワードを変更する」から変更してください。" } }, { status: 400 });
  }

  if (intent === "initial-password") {
    const password = await issueInitialPassword(db, ctx, staff.id);
    return { intent, password };
  }

  if (intent === "reset-link") {
    const token = await createResetLink(db, ctx, staff.id);
    const origin = new URL(request.url).origin;
    return { intent, resetUrl: `${origin}/reset-password/${token}` };
  }

  if (intent === "revoke-sessions") {
    const count = await revokeAllSessions(db, staff.id);
    await writeAudit(db, { ...ctx, action: "staff.revoke_sessions", targetType: "user", targetId: staff.id, after: { count } });
    throw redirect(localPath`/admin/staff/${staff.id}?done=revoked`);
  }

  throw new Response("不明な操作です。", { status: 400 });
}

const DONE: Record<string, string> = {
  created: "職員を追加しました。",
  updated: "変更を保存しました。",
  roles: "役割を変更しました。",
  revoked: "この職員のログインをすべて終了させました。",
};

export default function StaffDetail() {
  const { staff, canWrite, assignable, isSelf, departments, ranks, trainings, done } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors: Record<string, string | undefined> = result && "errors" in result ? result.errors : {};
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

      <section aria-labelledby="trainings-title">
        <h2 id="trainings-title">集合研修の記録</h2>
        {trainings.length === 0 ? (
          <p>まだ記録はありません。</p>
        ) : (
          <ul className="plain-list">
            {trainings.map((t) => (
              <li key={t.sessionId}>
                {t.when.replace(/ .*$/, "")} {t.title}（第{t.number}回）:{" "}
                {t.registration === "cancelled" ? "取り消し" : t.registration === "waitlisted" ? "キャンセル待ち" : t.attendance ? ATTENDANCE_STATUSES[t.attendance as AttendanceStatus] : new Date(t.startsAt).getTime() > Date.now() ? "申し込み済み" : "出欠未記録"}
              </li>
            ))}
          </ul>
        )}
      </section>

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

          <section aria-labelledby="roles-title">
            <h2 id="roles-title">役割</h2>
            <Form method="post" className="stack">
              <CsrfInput />
              <input type="hidden" name="intent" value="roles" />
              <fieldset aria-describedby={result?.intent === "roles" && errors.roles ? "roles-error" : undefined}>
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
              {result?.intent === "roles" && errors.roles ? (
                <p className="field-error" id="roles-error">
                  {errors.roles}
                </p>
              ) : null}
              <button type="submit" className="button">
                役割を保存する
              </button>
            </Form>
          </section>

          <section aria-labelledby="password-title">
            <h2 id="password-title">パスワードとログイン</h2>
            {errors.form && result?.intent !== "update" ? <FormMessage>{errors.form}</FormMessage> : null}
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
        </>
      ) : null}
    </>
  );
}
