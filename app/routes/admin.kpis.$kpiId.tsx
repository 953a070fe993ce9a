import { Link, type LoaderFunctionArgs, type MetaFunction, useLoaderData } from "react-router";
import { notFound, requirePermission } from "~/auth/guard.server";
import { ORGANIZER_TYPES, SESSION_STATUSES, type OrganizerType, type SessionStatus } from "~/classes/constants";
import { formatSessionTime } from "~/classes/format";
import { getDb } from "~/db.server";
import { fiscalYearLabel, fiscalYearOf } from "~/kpis/fiscal-year";
import { kpiRecords } from "~/kpis/kpis.server";

export const meta: MetaFunction = () => [{ title: "KPIの内訳 | 学び舎" }];

/** Drill-down: the sessions counted for a KPI in a fiscal year, or the figures entered by hand. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "kpi:read");
  const requested = Number(new URL(request.url).searchParams.get("fy"));
  const current = fiscalYearOf(new Date());
  const fiscalYear = Number.isInteger(requested) && requested >= 2000 && requested <= current + 5 ? requested : current;
  const records = await kpiRecords(await getDb(), user.organizationId, params.kpiId ?? "", fiscalYear);
  if (!records) notFound("KPIが見つかりません。");
  return {
    fiscalYear,
    label: fiscalYearLabel(fiscalYear),
    name: records.kpi.name,
    unit: records.kpi.unit,
    manual: records.kpi.source.kind === "manual",
    kind: records.kpi.source.kind,
    people: records.people,
    programRows: records.programRows,
    sessions: records.sessions.map((s) => ({
      id: s.id,
      title: s.title,
      number: s.number,
      when: formatSessionTime(s.startsAt, s.startsAt).replace(/〜.*$/, ""),
      status: SESSION_STATUSES[s.status as SessionStatus],
      organizer: ORGANIZER_TYPES[s.organizer_type as OrganizerType],
      venue: s.venue,
      attended: s.attended,
    })),
    entries: records.entries,
  };
}

export default function KpiRecords() {
  const d = useLoaderData<typeof loader>();
  return (
    <>
      <p>
        <Link to={`/admin/kpis?fy=${d.fiscalYear}`}>← KPIの達成状況へ</Link>
      </p>
      <h1>{d.name}</h1>
      <p>
        {d.label}の内訳です。
        {d.kind === "manual"
          ? `手入力された値（${d.entries.length}件）を表示しています。`
          : d.kind === "completion"
            ? `まだ修了していない職員（${d.people.length}人${d.people.length >= 500 ? "、最大500人" : ""}）を表示しています。`
            : d.kind === "program"
              ? `数えた記録（${d.programRows.length}件）を表示しています。`
              : `集計の対象になった回（${d.sessions.length}回）を表示しています。`}
      </p>
      {d.kind === "completion" ? (
        <div className="table-wrap">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">氏名</th>
                <th scope="col">職員番号</th>
                <th scope="col">課</th>
                <th scope="col">状況</th>
              </tr>
            </thead>
            <tbody>
              {d.people.map((p) => (
                <tr key={p.userId}>
                  <td>
                    <Link to={`/admin/staff/${p.userId}`}>{p.name}</Link>
                  </td>
                  <td>{p.staffNumber}</td>
                  <td>{p.departmentName ?? "—"}</td>
                  <td>{p.status === "overdue" ? "期限超過" : "未修了"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : d.kind === "program" ? (
        <div className="table-wrap">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">日付</th>
                <th scope="col">内容</th>
                <th scope="col">詳細</th>
              </tr>
            </thead>
            <tbody>
              {d.programRows.map((r) => (
                <tr key={r.id}>
                  <td>{r.date}</td>
                  <td>{r.label}</td>
                  <td>{r.detail}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : d.manual ? (
        <div className="table-wrap">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">日付</th>
                <th scope="col">値</th>
                <th scope="col">メモ</th>
                <th scope="col">入力した人</th>
              </tr>
            </thead>
            <tbody>
              {d.entries.map((e) => (
                <tr key={e.id}>
                  <td>{e.enteredOn}</td>
                  <td>
                    {e.value}
                    {d.unit}
                  </td>
                  <td>{e.note ?? ""}</td>
                  <td>{e.enteredBy ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <div className="table-wrap">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">日付</th>
                <th scope="col">教室・研修</th>
                <th scope="col">主催</th>
                <th scope="col">会場</th>
                <th scope="col">状態</th>
                <th scope="col">出席</th>
              </tr>
            </thead>
            <tbody>
              {d.sessions.map((s) => (
                <tr key={s.id}>
                  <td>{s.when}</td>
                  <td>
                    <Link to={`/admin/classes/${s.id}`}>
                      {s.title} 第{s.number}回
                    </Link>
                  </td>
                  <td>{s.organizer}</td>
                  <td>{s.venue ?? "—"}</td>
                  <td>{s.status}</td>
                  <td>{s.attended}人</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
