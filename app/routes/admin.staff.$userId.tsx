import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect, useActionData, useLoaderData } from "react-router";
import { StaffDetail } from "~/components/staff-detail";
import { requireCsrf } from "~/auth/csrf.server";
import { readForm } from "~/http/form.server";
import { actorOf, assertCan, notFound, requireUser } from "~/auth/guard.server";
import { assignableRoles, can } from "~/auth/permissions";
import { revokeAllSessions } from "~/auth/session.server";
import { writeAudit } from "~/audit/audit.server";
import { formatSessionTime } from "~/classes/format";
import { staffTrainingHistory } from "~/classes/trainings.server";
import { getDb } from "~/db.server";
import { type Role } from "~/staff/constants";
import { readStaffForm, rolesSchema, toFieldErrors } from "~/staff/forms";
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
  const ctx = actorOf(user, context);
  const intent = form.get("intent");

  if (intent === "update") {
    const parsed = readStaffForm(form);
    if (!parsed.success) return data({ intent, errors: toFieldErrors(parsed.error.issues) }, { status: 400 });
    if (staff.id === user.userId && !parsed.data.active) return data({ intent, errors: { active: "自分自身を無効にすることはできません。" } }, { status: 400 });
    const result = await updateStaff(db, ctx, staff.id, parsed.data);
    if (!result.ok)
      return data({ intent, errors: "errors" in result ? (result.errors as Record<string, string>) : { form: "職員が見つかりません。" } }, { status: 400 });
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

export default function StaffDetailRoute() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return <StaffDetail {...d} result={result} />;
}
