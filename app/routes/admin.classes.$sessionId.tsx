import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect, useActionData, useLoaderData } from "react-router";
import { ClassRoster } from "~/components/class-roster";
import { requireCsrf } from "~/auth/csrf.server";
import { readForm } from "~/http/form.server";
import { actorOf, assertCan, notFound, requirePermission } from "~/auth/guard.server";
import { addSurvey, cancelSession, getSessionForAdmin, surveyResults } from "~/classes/admin.server";
import { ATTENDANCE_STATUSES, type AttendanceStatus } from "~/classes/constants";
import { readPerson, readSurvey } from "~/classes/forms";
import { formatSessionTime } from "~/classes/format";
import { cancelRegistration, markAttendance, register, sessionCounts, setAttendanceNote, setSessionClosed } from "~/classes/registration.server";
import { bulkRegisterStaff } from "~/classes/trainings.server";
import { getDb } from "~/db.server";
import { toFieldErrors } from "~/staff/forms";
import { listDepartments } from "~/staff/staff.server";
import { scopeOf } from "~/auth/permissions";
import { localPath } from "~/http/safe-redirect";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `名簿：${data.session.title} 第${data.session.number}回 | 学び舎` : "名簿 | 学び舎" },
];

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
  const ctx = actorOf(user, context);
  const back = (done: string) => redirect(localPath`/admin/classes/${session.id}?done=${done}#${String(form.get("anchor") ?? "roster")}`);
  const intent = String(form.get("intent") ?? "");

  if (intent === "mark") {
    const status = String(form.get("status")) as AttendanceStatus;
    if (!(status in ATTENDANCE_STATUSES)) return data({ intent, error: "出欠の種類が正しくありません。", errors: {} }, { status: 400 });
    const result = await markAttendance(db, {
      organizationId: user.organizationId,
      registrationId: String(form.get("registrationId") ?? ""),
      status,
      markedBy: user.userId,
    });
    if (!result.ok) return data({ intent, error: result.error, errors: {} }, { status: 409 });
    throw back("marked");
  }
  if (intent === "note") {
    const result = await setAttendanceNote(db, {
      organizationId: user.organizationId,
      registrationId: String(form.get("registrationId") ?? ""),
      note:
        String(form.get("note") ?? "")
          .trim()
          .slice(0, 500) || null,
    });
    if (!result.ok) return data({ intent, error: result.error, errors: {} }, { status: 409 });
    throw back("note");
  }
  if (intent === "walk-in" || intent === "phone") {
    const parsed = readPerson(form);
    if (!parsed.success) return data({ intent, error: "入力にまちがいがあります。", errors: toFieldErrors(parsed.error.issues) }, { status: 400 });
    if (intent === "phone" && form.get("consent") !== "yes")
      return data({ intent, error: "利用目的を電話で説明し、同意をいただいてからチェックを入れてください。", errors: {} }, { status: 400 });
    const result = await register(db, {
      organizationId: user.organizationId,
      sessionId: session.id,
      channel: intent === "walk-in" ? "walk_in" : "phone",
      person: parsed.data,
      consent: true,
      createdBy: user.userId,
    });
    if (!result.ok) return data({ intent, error: result.error, errors: {} }, { status: 409 });
    if (intent === "walk-in")
      await markAttendance(db, { organizationId: user.organizationId, registrationId: result.registrationId, status: "present", markedBy: user.userId });
    throw redirect(
      localPath`/admin/classes/${session.id}?done=${intent}&receipt=${result.receiptNumber}&waitlisted=${result.status === "waitlisted" ? 1 : 0}#roster`,
    );
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

export default function Roster() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return <ClassRoster {...d} result={result} />;
}
