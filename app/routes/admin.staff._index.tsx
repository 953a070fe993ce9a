import { Form, Link, type LoaderFunctionArgs, type MetaFunction, useLoaderData } from "react-router";
import { z } from "zod";
import { FilterSelect } from "~/components/form";
import { requirePermission } from "~/auth/guard.server";
import { scopeOf } from "~/auth/permissions";
import { getDb } from "~/db.server";
import { EMPLOYMENT_TYPE_CODES, EMPLOYMENT_TYPES, ROLE_CODES, ROLES } from "~/staff/constants";
import { employmentTypeLabel, roleLabels } from "~/staff/labels";
import { listDepartments, listJobRanks, listStaff, STAFF_PAGE_SIZE } from "~/staff/staff.server";
import { uuidSchema } from "~/kernel/uuid";

export const meta: MetaFunction = () => [{ title: "職員の一覧 | 学び舎" }];

const uuid = uuidSchema();
const filterSchema = z.object({
  q: z.string().trim().max(100).optional(),
  departmentId: uuid.optional(),
  jobRankId: uuid.optional(),
  employmentType: z.enum(EMPLOYMENT_TYPE_CODES).optional(),
  role: z.enum(ROLE_CODES).optional(),
  status: z.enum(["active", "inactive", "all"]).default("active"),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "staff:read");
  const params = Object.fromEntries([...new URL(request.url).searchParams].filter(([, v]) => v !== ""));
  const parsed = filterSchema.safeParse(params);
  const filter = parsed.success ? parsed.data : filterSchema.parse({});
  const db = await getDb();
  const departmentOnly = scopeOf(user, "staff:read") === "department";
  const [result, departments, ranks] = await Promise.all([
    listStaff(
      db,
      user.organizationId,
      {
        ...filter,
        active: filter.status === "all" ? undefined : filter.status === "active",
        onlyDepartmentId: departmentOnly ? user.departmentId : undefined,
      },
      filter.page,
    ),
    listDepartments(db, user.organizationId),
    listJobRanks(db, user.organizationId),
  ]);
  return {
    filter,
    invalidFilter: !parsed.success,
    departmentOnly,
    canWrite: !!scopeOf(user, "staff:write"),
    departments: departmentOnly ? departments.filter((d) => d.id === user.departmentId) : departments,
    ranks,
    staff: result.rows,
    total: result.total,
    pages: Math.max(1, Math.ceil(result.total / STAFF_PAGE_SIZE)),
  };
}

export default function StaffList() {
  const d = useLoaderData<typeof loader>();
  const pageLink = (page: number) => {
    const p = new URLSearchParams(Object.entries(d.filter).map(([k, v]) => [k, String(v)]));
    p.set("page", String(page));
    return `?${p}`;
  };
  return (
    <>
      <div className="title-row">
        <h1>職員の一覧</h1>
        {d.canWrite ? (
          <Link className="button" to="/admin/staff/new">
            職員を追加
          </Link>
        ) : null}
      </div>
      <Form method="get" className="filters" aria-label="職員の検索と絞り込み">
        <div className="field">
          <label htmlFor="q">氏名・ふりがな・職員番号・メール</label>
          <input id="q" name="q" type="search" defaultValue={d.filter.q ?? ""} />
        </div>
        {!d.departmentOnly ? (
          <FilterSelect id="departmentId" label="課" options={d.departments.map((x) => [x.id, x.name])} value={d.filter.departmentId} />
        ) : null}
        <FilterSelect id="jobRankId" label="職位" options={d.ranks.map((x) => [x.id, x.name])} value={d.filter.jobRankId} />
        <FilterSelect id="employmentType" label="雇用形態" options={Object.entries(EMPLOYMENT_TYPES)} value={d.filter.employmentType} />
        <FilterSelect id="role" label="役割" options={Object.entries(ROLES)} value={d.filter.role} />
        <div className="field">
          <label htmlFor="status">状態</label>
          <select id="status" name="status" defaultValue={d.filter.status}>
            <option value="active">在職中</option>
            <option value="inactive">無効</option>
            <option value="all">すべて</option>
          </select>
        </div>
        <button type="submit" className="button">
          検索
        </button>
      </Form>
      {d.invalidFilter ? <p className="notice">検索条件の一部が正しくないため、条件なしで表示しています。</p> : null}
      <p role="status" className="result-count">
        {d.total}人が見つかりました。
      </p>
      <div className="table-wrap">
        <table className="data-table">
          <caption className="visually-hidden">職員の一覧</caption>
          <thead>
            <tr>
              <th scope="col">職員番号</th>
              <th scope="col">氏名</th>
              <th scope="col">所属</th>
              <th scope="col">職位</th>
              <th scope="col">雇用形態</th>
              <th scope="col">役割</th>
            </tr>
          </thead>
          <tbody>
            {d.staff.map((s) => (
              <tr key={s.id} className={s.active ? undefined : "inactive"}>
                <td>{s.staffNumber}</td>
                <td>
                  <Link to={`/admin/staff/${s.id}`}>{s.name}</Link>
                  <br />
                  <span className="meta">{s.nameKana}</span>
                  {!s.active ? <span className="badge">無効</span> : null}
                </td>
                <td>{s.departmentName ?? "—"}</td>
                <td>{s.jobRankName ?? "—"}</td>
                <td>{employmentTypeLabel(s.employmentType)}</td>
                <td>{roleLabels(s.roles)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {d.pages > 1 ? (
        <nav aria-label="ページ" className="pagination">
          {d.filter.page > 1 ? <Link to={pageLink(d.filter.page - 1)}>前のページ</Link> : null}
          <span>
            {d.filter.page} / {d.pages} ページ
          </span>
          {d.filter.page < d.pages ? <Link to={pageLink(d.filter.page + 1)}>次のページ</Link> : null}
        </nav>
      ) : null}
    </>
  );
}
