import { Link, type LoaderFunctionArgs, type MetaFunction, useLoaderData } from "react-router";
import { z } from "zod";
import { FilterSelect } from "~/components/form";
import { requirePermission } from "~/auth/guard.server";
import { AUDIT_PAGE_SIZE, listAudit } from "~/audit/audit.server";
import { getDb } from "~/db.server";
import { ACTION_LABELS } from "~/audit/labels";
import { formatDateTime } from "~/staff/labels";

export const meta: MetaFunction = () => [{ title: "操作の記録 | 学び舎" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "audit:read");
  const params = new URL(request.url).searchParams;
  const page = z.coerce
    .number()
    .int()
    .min(1)
    .max(100_000)
    .catch(1)
    .parse(params.get("page") ?? 1);
  const action = params.get("action") && ACTION_LABELS[params.get("action")!] ? params.get("action")! : undefined;
  const { rows, total } = await listAudit(await getDb(), user.organizationId, { page, action });
  return {
    page,
    action,
    pages: Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE)),
    total,
    rows: rows.map((r) => ({
      ...r,
      createdAt: formatDateTime(r.createdAt),
      before: r.before ? JSON.stringify(r.before) : null,
      after: r.after ? JSON.stringify(r.after) : null,
    })),
  };
}

export default function AuditLog() {
  const d = useLoaderData<typeof loader>();
  const link = (page: number) => `?${new URLSearchParams({ page: String(page), ...(d.action ? { action: d.action } : {}) })}`;
  return (
    <>
      <h1>操作の記録</h1>
      <p>管理者の操作とログインの記録です（{d.total}件）。</p>
      <form method="get" className="filters">
        <FilterSelect id="action" label="操作の種類" options={Object.entries(ACTION_LABELS)} value={d.action} />
        <button type="submit" className="button">
          絞り込む
        </button>
      </form>
      <div className="table-wrap">
        <table className="data-table audit-table">
          <thead>
            <tr>
              <th scope="col">日時</th>
              <th scope="col">操作した人</th>
              <th scope="col">操作</th>
              <th scope="col">対象</th>
              <th scope="col">変更前 → 変更後</th>
            </tr>
          </thead>
          <tbody>
            {d.rows.map((r) => (
              <tr key={r.id}>
                <td>{r.createdAt}</td>
                <td>{r.actorName ? `${r.actorName}（${r.actorStaffNumber}）` : "—"}</td>
                <td>{ACTION_LABELS[r.action] ?? r.action}</td>
                <td>{r.targetType ? `${r.targetType}: ${r.targetId ?? ""}` : "—"}</td>
                <td className="json">
                  {r.before ? <code>{r.before}</code> : null}
                  {r.before && r.after ? " → " : null}
                  {r.after ? <code>{r.after}</code> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {d.pages > 1 ? (
        <nav aria-label="ページ" className="pagination">
          {d.page > 1 ? <Link to={link(d.page - 1)}>新しい記録へ</Link> : null}
          <span>
            {d.page} / {d.pages} ページ
          </span>
          {d.page < d.pages ? <Link to={link(d.page + 1)}>古い記録へ</Link> : null}
        </nav>
      ) : null}
    </>
  );
}
