import { Link } from "react-router";

export interface KpiRecordsProps {
  fiscalYear: number;
  /** The fiscal year in words (令和8年度). */
  label: string;
  name: string;
  unit: string;
  manual: boolean;
  /** The KPI's source kind: manual, completion, program or the classes. */
  kind: string;
  /** Staff not yet complete (completion KPIs). */
  people: { userId: string; name: string; staffNumber: string; departmentName: string | null; status: "pending" | "overdue" }[];
  /** The records counted (programme KPIs). */
  programRows: { id: string; date: string; label: string; detail: string }[];
  /** The sessions counted (class KPIs). */
  sessions: { id: string; title: string; number: number; when: string; status: string; organizer: string; venue: string | null; attended: number }[];
  /** The figures entered by hand (manual KPIs). */
  entries: { id: string; enteredOn: string; value: number; note: string | null; enteredBy: string | null }[];
}

/** Drill-down of a KPI in a fiscal year: the sessions, records, staff or hand-entered figures behind it. */
export function KpiRecords(d: KpiRecordsProps) {
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
        <PeopleTable people={d.people} />
      ) : d.kind === "program" ? (
        <ProgramTable rows={d.programRows} />
      ) : d.manual ? (
        <EntriesTable entries={d.entries} unit={d.unit} />
      ) : (
        <SessionsTable sessions={d.sessions} />
      )}
    </>
  );
}

function PeopleTable({ people }: { people: KpiRecordsProps["people"] }) {
  return (
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
          {people.map((p) => (
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
  );
}

function ProgramTable({ rows }: { rows: KpiRecordsProps["programRows"] }) {
  return (
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
          {rows.map((r) => (
            <tr key={r.id}>
              <td>{r.date}</td>
              <td>{r.label}</td>
              <td>{r.detail}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function EntriesTable({ entries, unit }: { entries: KpiRecordsProps["entries"]; unit: string }) {
  return (
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
          {entries.map((e) => (
            <tr key={e.id}>
              <td>{e.enteredOn}</td>
              <td>
                {e.value}
                {unit}
              </td>
              <td>{e.note ?? ""}</td>
              <td>{e.enteredBy ?? "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function SessionsTable({ sessions }: { sessions: KpiRecordsProps["sessions"] }) {
  return (
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
          {sessions.map((s) => (
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
  );
}
