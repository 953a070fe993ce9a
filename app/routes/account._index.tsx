import { type ActionFunctionArgs, Form, Link, type LoaderFunctionArgs, type MetaFunction, redirect, useLoaderData } from "react-router";
import { CsrfInput } from "~/components/csrf";
import { FormMessage } from "~/components/form";
import { requireCsrf } from "~/auth/csrf.server";
import { readForm } from "~/http/form.server";
import { assertCan, clientIp, requireUser } from "~/auth/guard.server";
import { listActiveSessions, revokeAllSessions, revokeSession } from "~/auth/session.server";
import { writeAudit } from "~/audit/audit.server";
import { getDb } from "~/db.server";
import { describeUserAgent, employmentTypeLabel, formatDateTime, roleLabels } from "~/staff/labels";
import { getStaff } from "~/staff/staff.server";

export const meta: MetaFunction = () => [{ title: "マイページ | 学び舎" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  assertCan(user, "account:use", { userId: user.userId });
  const db = await getDb();
  const me = await getStaff(db, user.homeOrganizationId, user.userId);
  if (!me) throw redirect("/login");
  const sessions = await listActiveSessions(db, user.userId);
  const url = new URL(request.url);
  return {
    me: { ...me, organizationName: user.organizationName },
    sessions: sessions.map((s) => ({
      id: s.id,
      current: s.id === user.sessionId,
      device: describeUserAgent(s.userAgent),
      createdAt: formatDateTime(s.createdAt),
      lastSeenAt: formatDateTime(s.lastSeenAt),
    })),
    notice: url.searchParams.get("done"),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request);
  assertCan(user, "account:use", { userId: user.userId });
  const form = await readForm(request);
  requireCsrf(request, form);
  const db = await getDb();
  const intent = form.get("intent");
  if (intent === "revoke") {
    const id = String(form.get("sessionId") ?? "");
    await revokeSession(db, id, user.userId); // only the user's own sessions can match
    await writeAudit(db, {
      organizationId: user.homeOrganizationId,
      actorUserId: user.userId,
      action: "auth.session_revoke",
      targetType: "user",
      targetId: user.userId,
      ip: clientIp(context),
    });
    throw redirect(id === user.sessionId ? "/login" : "/account?done=revoked");
  }
  if (intent === "revoke-others") {
    const n = await revokeAllSessions(db, user.userId, user.sessionId);
    await writeAudit(db, {
      organizationId: user.homeOrganizationId,
      actorUserId: user.userId,
      action: "auth.session_revoke_others",
      targetType: "user",
      targetId: user.userId,
      after: { count: n },
      ip: clientIp(context),
    });
    throw redirect("/account?done=revoked");
  }
  throw new Response("不明な操作です。", { status: 400 });
}

export default function AccountPage() {
  const { me, sessions, notice } = useLoaderData<typeof loader>();
  return (
    <div className="page narrow">
      <h1>マイページ</h1>
      {notice === "revoked" ? <FormMessage kind="success">選んだ端末をログアウトしました。</FormMessage> : null}
      {notice === "password" ? <FormMessage kind="success">パスワードを変更しました。ほかの端末はログアウトしました。</FormMessage> : null}
      <section aria-labelledby="profile">
        <h2 id="profile">あなたの情報</h2>
        <dl className="details">
          <dt>氏名</dt>
          <dd>
            {me.name}（{me.nameKana}）
          </dd>
          <dt>自治体・所属</dt>
          <dd>
            {me.organizationName} {me.departmentName ?? "（所属なし）"}
          </dd>
          <dt>職員番号</dt>
          <dd>{me.staffNumber}</dd>
          <dt>職位・雇用形態</dt>
          <dd>
            {me.jobRankName ?? "—"}・{employmentTypeLabel(me.employmentType)}
          </dd>
          <dt>役割</dt>
          <dd>{roleLabels(me.roles)}</dd>
          <dt>メールアドレス</dt>
          <dd>{me.email ?? "登録されていません"}</dd>
        </dl>
        <p className="hint">内容に誤りがあるときは、人事担当にご連絡ください。</p>
        <p>
          <Link className="button secondary" to="/account/password">
            パスワードを変更する
          </Link>
        </p>
      </section>

      <section aria-labelledby="devices">
        <h2 id="devices">ログインしている端末</h2>
        <p>心当たりのない端末があれば、ログアウトさせてからパスワードを変更してください。</p>
        <ul className="session-list">
          {sessions.map((s) => (
            <li key={s.id}>
              <div>
                <strong>{s.device}</strong>
                {s.current ? <span className="badge">この端末</span> : null}
                <br />
                <span className="meta">
                  ログイン: {s.createdAt}／最後の利用: {s.lastSeenAt}
                </span>
              </div>
              <Form method="post">
                <CsrfInput />
                <input type="hidden" name="intent" value="revoke" />
                <input type="hidden" name="sessionId" value={s.id} />
                <button type="submit" className="button secondary small">
                  ログアウトさせる
                </button>
              </Form>
            </li>
          ))}
        </ul>
        {sessions.length > 1 ? (
          <Form method="post">
            <CsrfInput />
            <input type="hidden" name="intent" value="revoke-others" />
            <button type="submit" className="button secondary">
              この端末以外をすべてログアウト
            </button>
          </Form>
        ) : null}
      </section>
    </div>
  );
}
