import { type LoaderFunctionArgs, type MetaFunction, useLoaderData } from "react-router";
import { KpiRecords } from "~/components/kpi-records";
import { notFound, requirePermission } from "~/auth/guard.server";
import { ORGANIZER_TYPES, SESSION_STATUSES, type OrganizerType, type SessionStatus } from "~/classes/constants";
import { formatSessionTime } from "~/classes/format";
import { getDb } from "~/db.server";
import { fiscalYearLabel, fiscalYearOf } from "~/kernel/dates";
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

export default function KpiRecordsRoute() {
  return <KpiRecords {...useLoaderData<typeof loader>()} />;
}
