import type { ReactNode } from "react";
import {
  type ActionFunctionArgs,
  Form,
  type LoaderFunctionArgs,
  NavLink,
  Outlet,
  redirect,
  useLoaderData,
  useRouteError,
  useRouteLoaderData,
} from "react-router";
import { CsrfInput } from "~/components/csrf";
import { ErrorPage } from "~/components/error-page";
import { requireCsrf } from "~/auth/csrf.server";
import { readForm } from "~/http/form.server";
import { assertCan, clientIp, forbidden, requireUser } from "~/auth/guard.server";
import { scopeOf } from "~/auth/permissions";
import { switchOrganization } from "~/auth/session.server";
import { writeAudit } from "~/audit/audit.server";
import { getDb } from "~/db.server";
import { listOrganizations } from "~/organizations.server";

/** The admin area's frame: who may see which section, and (for system admins) which organization they act in. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  if (!scopeOf(user, "staff:read") && !scopeOf(user, "quiz:stats") && !scopeOf(user, "class:manage")) forbidden();
  const canSwitch = !!scopeOf(user, "organization:switch");
  const orgs = canSwitch ? await listOrganizations(await getDb()) : [];
  return {
    organizationName: user.organizationName,
    organizationId: user.organizationId,
    sections: {
      staff: !!scopeOf(user, "staff:read"),
      quizzes: !!scopeOf(user, "quiz:stats"),
      classes: !!scopeOf(user, "class:manage"),
      import: !!scopeOf(user, "staff:import"),
      departments: !!scopeOf(user, "department:write"),
      audit: !!scopeOf(user, "audit:read"),
      personalData: !!scopeOf(user, "class:personal_data"),
      kpis: !!scopeOf(user, "kpi:read"),
      campaigns: !!scopeOf(user, "campaign:read"),
      programs: !!scopeOf(user, "program:manage") || !!scopeOf(user, "program:confirm_activity"),
    },
    organizations: orgs,
  };
}

/** System admins switch the organization they act in. */
export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await readForm(request);
  requireCsrf(request, form);
  assertCan(user, "organization:switch");
  const organizationId = String(form.get("organizationId") ?? "");
  const db = await getDb();
  const org = (await listOrganizations(db)).find((o) => o.id === organizationId);
  if (!org) throw new Response("自治体が見つかりません。", { status: 400 });
  await switchOrganization(db, user.sessionId, org.id);
  await writeAudit(db, {
    organizationId: org.id,
    actorUserId: user.userId,
    action: "admin.switch_organization",
    after: { from: user.organizationId, to: org.id },
    ip: clientIp(context),
  });
  throw redirect("/admin");
}

export default function AdminLayout() {
  return (
    <AdminFrame data={useLoaderData<typeof loader>()}>
      <Outlet />
    </AdminFrame>
  );
}

/** An error below /admin keeps the admin frame (organization, menu) around its message. */
export function ErrorBoundary() {
  const error = useRouteError();
  const data = useRouteLoaderData<typeof loader>("routes/admin");
  if (!data) return <ErrorPage error={error} />;
  return (
    <AdminFrame data={data}>
      <ErrorPage error={error} className="admin-error" />
    </AdminFrame>
  );
}

function AdminFrame({ data, children }: { data: Awaited<ReturnType<typeof loader>>; children: ReactNode }) {
  const { organizationName, organizationId, sections, organizations: orgs } = data;
  return (
    <div className="page admin">
      <div className="admin-head">
        <p className="admin-org">
          管理：<strong>{organizationName}</strong>
        </p>
        {orgs.length > 1 ? (
          <Form method="post" action="/admin" className="inline-form">
            <CsrfInput />
            <label htmlFor="switch-org">自治体を切り替える</label>
            <select id="switch-org" name="organizationId" defaultValue={organizationId}>
              {orgs.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </select>
            <button type="submit" className="button secondary small">
              切り替え
            </button>
          </Form>
        ) : null}
      </div>
      <nav aria-label="管理メニュー" className="admin-nav">
        <ul>
          {sections.staff ? (
            <>
              <li>
                <NavLink to="/admin" end>
                  概要
                </NavLink>
              </li>
              <li>
                <NavLink to="/admin/staff">職員</NavLink>
              </li>
            </>
          ) : null}
          {sections.campaigns ? (
            <li>
              <NavLink to="/admin/campaigns">必修研修</NavLink>
            </li>
          ) : null}
          {sections.programs ? (
            <li>
              <NavLink to="/admin/programs">DX推進員</NavLink>
            </li>
          ) : null}
          {sections.classes ? (
            <li>
              <NavLink to="/admin/classes">教室と研修</NavLink>
            </li>
          ) : null}
          {sections.quizzes ? (
            <li>
              <NavLink to="/admin/quizzes">テストの結果</NavLink>
            </li>
          ) : null}
          {sections.import ? (
            <li>
              <NavLink to="/admin/import">名簿の取り込み</NavLink>
            </li>
          ) : null}
          {sections.departments ? (
            <li>
              <NavLink to="/admin/departments">課と職位</NavLink>
            </li>
          ) : null}
          {sections.kpis ? (
            <li>
              <NavLink to="/admin/kpis">KPI</NavLink>
            </li>
          ) : null}
          {sections.personalData ? (
            <li>
              <NavLink to="/admin/classes/personal-data">住民の個人情報</NavLink>
            </li>
          ) : null}
          {sections.audit ? (
            <li>
              <NavLink to="/admin/audit">操作の記録</NavLink>
            </li>
          ) : null}
        </ul>
      </nav>
      {children}
    </div>
  );
}
