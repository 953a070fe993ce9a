import { Link, type LoaderFunctionArgs, type MetaFunction, useLoaderData } from "react-router";
import { requirePermission } from "~/auth/guard.server";
import { getDb } from "~/db.server";
import { fiscalYearLabel, fiscalYearOf } from "~/kernel/dates";
import { trainingByDepartment } from "~/kpis/kpis.server";

export const meta: MetaFunction = () => [{ title: "課別の研修参加 | 学び舎" }];

/** The department view for staff-training KPIs: who in each 課 took part in 集合研修 this fiscal year. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "kpi:read");
  const requested = Number(new URL(request.url).searchParams.get("fy"));
  const current = fiscalYearOf(new Date());
  const fiscalYear = Number.isInteger(requested) && requested >= 2000 && requested <= current + 5 ? requested : current;
  const rows = await trainingByDepartment(await getDb(), user.organizationId, fiscalYear);
  const total = rows.reduce((t, r) => ({ staff: t.staff + r.staff, trained: t.trained + r.trained, attendances: t.attendances + r.attendances }), {
    staff: 0,
    trained: 0,
    attendances: 0,
  });
  const rate = (trained: number, staff: number) => (staff ? Math.round((trained / staff) * 1000) / 10 : null);
  return {
    fiscalYear,
    label: fiscalYearLabel(fiscalYear),
    rows: rows.map((r) => ({ ...r, rate: rate(r.trained, r.staff) })),
    total: { ...total, rate: rate(total.trained, total.staff) },
  };
}

export default function TrainingByDepartment() {
  const d = useLoaderData<typeof loader>();
  return (
    <>
      <p>
        <Link to={`/admin/kpis?fy=${d.fiscalYear}`}>← KPIの達成状況へ</Link>
      </p>
      <h1>課別の研修参加（{d.label}）</h1>
      <p>在職中の職員のうち、この年度に集合研修（DX実践研修・情報セキュリティ研修など）に1回以上出席した人の割合です。</p>
      <div className="table-wrap">
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">課</th>
              <th scope="col">職員数</th>
              <th scope="col">参加した職員</th>
              <th scope="col">参加率</th>
              <th scope="col">延べ出席</th>
            </tr>
          </thead>
          <tbody>
            {d.rows.map((r) => (
              <tr key={r.department}>
                <th scope="row">{r.department}</th>
                <td>{r.staff}人</td>
                <td>{r.trained}人</td>
                <td>{r.rate === null ? "—" : `${r.rate}%`}</td>
                <td>{r.attendances}回</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">合計</th>
              <td>{d.total.staff}人</td>
              <td>{d.total.trained}人</td>
              <td>{d.total.rate === null ? "—" : `${d.total.rate}%`}</td>
              <td>{d.total.attendances}回</td>
            </tr>
          </tfoot>
        </table>
      </div>
    </>
  );
}
