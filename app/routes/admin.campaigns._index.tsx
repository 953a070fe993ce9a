import { Link, type LoaderFunctionArgs, type MetaFunction, useLoaderData } from "react-router";
import { RateBar, StatusBadge } from "~/components/campaign-parts";
import { requirePermission } from "~/auth/guard.server";
import { scopeOf } from "~/auth/permissions";
import { departmentCampaigns, listCampaigns } from "~/campaigns/campaigns.server";
import { outboxCounts } from "~/campaigns/reminders.server";
import { formatDueDate } from "~/campaigns/rules";
import { getDb } from "~/db.server";
import { fiscalYearLabel } from "~/kernel/dates";

export const meta: MetaFunction = () => [{ title: "必修研修の受講状況 | 学び舎" }];

/**
 * Mandatory-training campaigns. HR and the DX office see every campaign of the organization; a 課長 sees the
 * current campaigns for their own 課 with who has not finished.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "campaign:read");
  const db = await getDb();
  if (scopeOf(user, "campaign:read") === "department") {
    const rows = user.departmentId ? await departmentCampaigns(db, user.organizationId, user.departmentId) : [];
    return {
      mode: "department" as const,
      departmentName: user.departmentName,
      campaigns: rows.map((r) => ({
        id: r.campaign.id,
        title: r.campaign.title,
        due: formatDueDate(r.campaign.dueOn),
        compliance: r.compliance,
        open: r.open.map((p) => ({ userId: p.userId, name: p.name, staffNumber: p.staffNumber, jobRank: p.jobRankName, status: p.status })),
      })),
      years: [],
      outbox: null,
    };
  }
  const rows = await listCampaigns(db, user.organizationId);
  const years = [...new Set(rows.map((r) => r.campaign.fiscalYear))];
  return {
    mode: "organization" as const,
    departmentName: null,
    campaigns: [],
    years: years.map((fy) => ({
      label: fiscalYearLabel(fy),
      campaigns: rows
        .filter((r) => r.campaign.fiscalYear === fy)
        .map((r) => ({
          id: r.campaign.id,
          title: r.campaign.title,
          due: formatDueDate(r.campaign.dueOn),
          archived: r.campaign.archived,
          compliance: r.compliance,
        })),
    })),
    outbox: scopeOf(user, "campaign:manage") ? await outboxCounts(db, user.organizationId) : null,
  };
}

export default function Campaigns() {
  const d = useLoaderData<typeof loader>();
  if (d.mode === "department") {
    return (
      <>
        <h1>{d.departmentName ?? "所属"}の必修研修</h1>
        {d.campaigns.length === 0 ? <p>今年度の必修研修はまだありません。</p> : null}
        {d.campaigns.map((c) => (
          <section key={c.id} aria-labelledby={`c-${c.id}`} className="card">
            <h2 id={`c-${c.id}`}>{c.title}</h2>
            <p>
              受講期限：{c.due}
              <br />
              <RateBar completed={c.compliance.completed} total={c.compliance.total} label={`${c.title}の修了率`} />
            </p>
            {c.open.length === 0 ? (
              <p>課の全員が修了しています。ありがとうございます。</p>
            ) : (
              <div className="table-wrap">
                <table className="data-table">
                  <caption>まだ修了していない職員（{c.open.length}人）</caption>
                  <thead>
                    <tr>
                      <th scope="col">氏名</th>
                      <th scope="col">職員番号</th>
                      <th scope="col">職位</th>
                      <th scope="col">状況</th>
                    </tr>
                  </thead>
                  <tbody>
                    {c.open.map((p) => (
                      <tr key={p.userId}>
                        <td>{p.name}</td>
                        <td>{p.staffNumber}</td>
                        <td>{p.jobRank ?? "—"}</td>
                        <td>
                          <StatusBadge status={p.status} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        ))}
      </>
    );
  }
  return (
    <>
      <h1>必修研修</h1>
      <p>年度ごとに受講が必要な講座と対象者、期限を決めて、修了の状況を課ごとに確かめます。督促メールは自動で送られます。</p>
      <p>
        <Link className="button primary" to="/admin/campaigns/new">
          新しい必修研修を作る
        </Link>{" "}
        {d.outbox ? (
          <Link className="button secondary" to="/admin/outbox">
            送信メールの記録（未送信 {d.outbox.unsent + d.outbox.dead}通・再送待ち {d.outbox.failed}通）
          </Link>
        ) : null}
      </p>
      {d.years.length === 0 ? <p>必修研修はまだありません。</p> : null}
      {d.years.map((y) => (
        <section key={y.label} aria-label={y.label}>
          <h2>{y.label}</h2>
          <ul className="campaign-list">
            {y.campaigns.map((c) => (
              <li key={c.id} className={c.archived ? "archived" : undefined}>
                <Link to={`/admin/campaigns/${c.id}`} className="campaign-title">
                  {c.title}
                </Link>
                {c.archived ? <span className="meta">（終了済み）</span> : null}
                <span className="meta">受講期限 {c.due}</span>
                <RateBar completed={c.compliance.completed} total={c.compliance.total} label={`${c.title}の修了率`} />
                {c.compliance.overdue > 0 ? <span className="meta warn-text">期限超過 {c.compliance.overdue}人</span> : null}
              </li>
            ))}
          </ul>
        </section>
      ))}
    </>
  );
}
