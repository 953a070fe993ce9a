import { Link, type LoaderFunctionArgs, type MetaFunction, useLoaderData } from "react-router";
import { StatusBadge } from "~/components/campaign-parts";
import { requirePermission } from "~/auth/guard.server";
import { breakdownOrder, listAssignments, listOverrides } from "~/campaigns/campaigns.server";
import { requireCampaign } from "~/campaigns/guard.server";
import { completionRate, formatDueDate } from "~/campaigns/rules";
import { getDb } from "~/db.server";
import { fiscalYearLabel, jstDate } from "~/kernel/dates";
import { formatDateTime } from "~/staff/labels";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `受講記録 ${data?.title ?? ""} | 学び舎` }];

/** A printable completion record for audits (監査): summary by 課, then every person with status and date. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "campaign:manage");
  const db = await getDb();
  const found = await requireCampaign(user, params);
  const c = found.campaign;
  const now = new Date();
  // Everyone is printed, so the summary and the 課 table are counted from the same rows (one evaluation of the audience).
  const [people, overrides, departmentOrder] = await Promise.all([
    listAssignments(db, c, { now }),
    listOverrides(db, c.id),
    breakdownOrder(db, c, "department"),
  ]);
  const count = (status: string) => people.filter((p) => p.status === status).length;
  const completed = count("complete") + count("late");
  const summary = {
    total: people.length,
    completed,
    late: count("late"),
    pending: count("pending"),
    overdue: count("overdue"),
    rate: completionRate(completed, people.length),
  };
  const perDepartment = new Map<string | null, { total: number; completed: number }>();
  for (const p of people) {
    const d = perDepartment.get(p.departmentId) ?? { total: 0, completed: 0 };
    d.total++;
    if (p.status === "complete" || p.status === "late") d.completed++;
    perDepartment.set(p.departmentId, d);
  }
  const byDepartment = departmentOrder.flatMap(({ key, label }) => {
    const d = perDepartment.get(key);
    return d ? [{ key, label, total: d.total, completed: d.completed, rate: completionRate(d.completed, d.total) }] : [];
  });
  return {
    id: c.id,
    title: c.title,
    organizationName: user.organizationName,
    fiscalYear: fiscalYearLabel(c.fiscalYear),
    period: `${formatDueDate(c.startsOn)} 〜 ${formatDueDate(c.dueOn)}`,
    courses: found.courses.map((x) => x.title),
    printedAt: formatDateTime(now),
    printedBy: user.name,
    summary,
    byDepartment,
    exemptions: overrides.filter((o) => o.kind === "exempt").map((o) => ({ name: o.name, staffNumber: o.staffNumber, reason: o.reason })),
    people: people.map((p) => ({
      userId: p.userId,
      name: p.name,
      staffNumber: p.staffNumber,
      department: p.departmentName,
      status: p.status,
      doneOn: p.status === "complete" || p.status === "late" ? (p.lastDone ? jstDate(p.lastDone) : "") : "",
    })),
  };
}

export default function CampaignRecord() {
  const d = useLoaderData<typeof loader>();
  return (
    <article className="audit-record">
      <p className="no-print">
        <Link to={`/admin/campaigns/${d.id}`}>← 必修研修へ戻る</Link>（このページはA4で印刷できます）
      </p>
      <h1>受講記録：{d.title}</h1>
      <dl className="facts">
        <div>
          <dt>自治体</dt>
          <dd>{d.organizationName}</dd>
        </div>
        <div>
          <dt>年度</dt>
          <dd>{d.fiscalYear}</dd>
        </div>
        <div>
          <dt>期間</dt>
          <dd>{d.period}</dd>
        </div>
        <div>
          <dt>講座</dt>
          <dd>{d.courses.join("、")}</dd>
        </div>
        <div>
          <dt>作成</dt>
          <dd>
            {d.printedAt}（{d.printedBy}）
          </dd>
        </div>
      </dl>
      <p>
        対象者 {d.summary.total}人のうち {d.summary.completed}人が修了（修了率 {d.summary.rate ?? "—"}%、うち期限後の修了 {d.summary.late}人）、未修了{" "}
        {d.summary.pending + d.summary.overdue}人です。
      </p>
      <table className="data-table">
        <caption>課ごとの修了状況</caption>
        <thead>
          <tr>
            <th scope="col">課</th>
            <th scope="col">対象</th>
            <th scope="col">修了</th>
            <th scope="col">修了率</th>
          </tr>
        </thead>
        <tbody>
          {d.byDepartment.map((b) => (
            <tr key={b.key ?? "none"}>
              <th scope="row">{b.label}</th>
              <td>{b.total}人</td>
              <td>{b.completed}人</td>
              <td>{b.rate ?? "—"}%</td>
            </tr>
          ))}
        </tbody>
      </table>
      {d.exemptions.length ? (
        <>
          <h2>免除した職員</h2>
          <ul>
            {d.exemptions.map((e) => (
              <li key={e.staffNumber}>
                {e.name}（{e.staffNumber}）：{e.reason}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h2>職員ごとの状況</h2>
      <table className="data-table record-table">
        <thead>
          <tr>
            <th scope="col">職員番号</th>
            <th scope="col">氏名</th>
            <th scope="col">課</th>
            <th scope="col">状況</th>
            <th scope="col">修了日</th>
          </tr>
        </thead>
        <tbody>
          {d.people.map((p) => (
            <tr key={p.userId}>
              <td>{p.staffNumber}</td>
              <td>{p.name}</td>
              <td>{p.department ?? "—"}</td>
              <td>
                <StatusBadge status={p.status} />
              </td>
              <td>{p.doneOn}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </article>
  );
}
