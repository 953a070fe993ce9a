import { Link, type LoaderFunctionArgs, type MetaFunction, useLoaderData } from "react-router";
import { requirePermission } from "~/auth/guard.server";
import { listSessionsForAdmin } from "~/classes/admin.server";
import { SESSION_STATUSES } from "~/classes/constants";
import { formatSessionTime } from "~/classes/format";
import { getDb } from "~/db.server";

export const meta: MetaFunction = () => [{ title: "教室と研修 | 学び舎" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "class:manage");
  const sessions = await listSessionsForAdmin(await getDb(), user.organizationId);
  const now = Date.now();
  return {
    sessions: sessions.map((s) => ({ ...s, when: formatSessionTime(s.startsAt, s.endsAt), past: new Date(s.endsAt).getTime() < now })),
  };
}

export default function AdminClasses() {
  const { sessions } = useLoaderData<typeof loader>();
  const upcoming = sessions.filter((s) => !s.past);
  const past = sessions.filter((s) => s.past).reverse();
  const table = (rows: typeof sessions) => (
    <div className="table-wrap">
      <table className="data-table">
        <thead>
          <tr>
            <th scope="col">日時</th>
            <th scope="col">教室・研修</th>
            <th scope="col">会場</th>
            <th scope="col">申込/定員</th>
            <th scope="col">出席</th>
            <th scope="col">状態</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((s) => (
            <tr key={s.id}>
              <td>{s.when}</td>
              <td>
                <Link to={`/admin/classes/${s.id}`}>
                  {s.title} 第{s.number}回
                </Link>
                {s.audience === "staff" ? <span className="badge">職員研修</span> : null}
              </td>
              <td>{s.venueName ?? "—"}</td>
              <td>
                {s.confirmed}/{s.capacity}
                {s.waitlisted ? `（待ち${s.waitlisted}）` : ""}
              </td>
              <td>{s.past || s.closedAt ? `${s.attended}人` : "—"}</td>
              <td>{s.past && s.status === "scheduled" && !s.closedAt ? "締め切り待ち" : SESSION_STATUSES[s.status]}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
  return (
    <>
      <div className="title-row">
        <h1>教室と研修</h1>
        <Link className="button" to="/admin/classes/new">
          教室・研修を登録
        </Link>
      </div>
      <h2>これからの回（{upcoming.length}）</h2>
      {upcoming.length ? table(upcoming) : <p>予定されている回はありません。</p>}
      <h2>最近終わった回（60日以内）</h2>
      {past.length ? table(past) : <p>ありません。</p>}
    </>
  );
}
