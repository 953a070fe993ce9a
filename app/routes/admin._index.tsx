import { Link, type LoaderFunctionArgs, type MetaFunction, redirect, useLoaderData } from "react-router";
import { StatGrid } from "~/components/stats";
import { requirePermission, requireUser } from "~/auth/guard.server";
import { scopeOf } from "~/auth/permissions";
import { getDb } from "~/db.server";
import { EMPLOYMENT_TYPES, type EmploymentType } from "~/staff/constants";
import { staffOverview } from "~/staff/staff.server";

export const meta: MetaFunction = () => [{ title: "管理 | 学び舎" }];

export async function loader({ request }: LoaderFunctionArgs) {
  // Instructors have only the quiz statistics in the admin area.
  const signedIn = await requireUser(request);
  if (!scopeOf(signedIn, "staff:read") && scopeOf(signedIn, "quiz:stats")) throw redirect("/admin/quizzes");
  const user = await requirePermission(request, "staff:read");
  const departmentOnly = scopeOf(user, "staff:read") === "department";
  const { byType, inactive, noPassword, departments } = await staffOverview(await getDb(), user.organizationId, departmentOnly ? user.departmentId : undefined);
  return {
    departmentOnly,
    departmentName: user.departmentName,
    active: byType.map((r) => ({ label: EMPLOYMENT_TYPES[r.type as EmploymentType], n: r.n })),
    activeTotal: byType.reduce((s, r) => s + r.n, 0),
    inactive,
    noPassword,
    departments,
  };
}

export default function AdminHome() {
  const d = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{d.departmentOnly ? `${d.departmentName ?? "所属"}の職員` : "職員の概要"}</h1>
      <StatGrid
        items={[
          { label: "在職中の職員", value: `${d.activeTotal}人` },
          ...d.active.map((r) => ({ label: r.label, value: `${r.n}人` })),
          { label: "無効（退職など）", value: `${d.inactive}人` },
          { label: "パスワード未設定", value: `${d.noPassword}人` },
          !d.departmentOnly && { label: "課の数", value: d.departments },
        ]}
      />
      <p>
        <Link className="button" to="/admin/staff">
          職員の一覧を見る
        </Link>
      </p>
      {d.noPassword > 0 && !d.departmentOnly ? (
        <p className="hint">パスワード未設定の職員には、職員の詳細ページで初期パスワードまたは再設定リンクを発行してください。</p>
      ) : null}
    </>
  );
}
