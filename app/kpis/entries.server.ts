// The records behind the KPI figures: entries made by hand for a manual KPI, the records counted for a fiscal year,
// and the DX office's comments for the annual report. Re-exported from kpis.server.ts, so importers keep using it.
import { and, asc, eq, sql } from "drizzle-orm";
import { queryRows, type Db } from "../../db/client";
import { kpiComments, kpiEntries, kpis } from "../../db/schema";
import { writeAudit } from "~/audit/audit.server";
import { programKpiRecords, type ProgramKpiRow } from "~/programs/kpis.server";
import { completionKpiRecords, type PendingPerson } from "~/campaigns/kpis.server";
import { fiscalYearRange } from "~/kernel/dates";
import { isUuid } from "~/kernel/uuid";
import { attendedSql } from "~/classes/attended.server";
import type { ChangeContext } from "~/kernel/actor";

/** A figure entered by hand for a manual KPI (audited). */
export async function addKpiEntry(
  db: Db,
  ctx: ChangeContext,
  input: { kpiId: string; enteredOn: string; value: number; note: string | null },
): Promise<boolean> {
  if (!isUuid(input.kpiId)) return false;
  return db.transaction(async (tx) => {
    const [k] = await tx
      .select({ id: kpis.id, source: kpis.source })
      .from(kpis)
      .where(and(eq(kpis.id, input.kpiId), eq(kpis.organizationId, ctx.organizationId)));
    if (!k || k.source.kind !== "manual") return false;
    const [row] = await tx
      .insert(kpiEntries)
      .values({ organizationId: ctx.organizationId, kpiId: k.id, enteredOn: input.enteredOn, value: input.value, note: input.note, enteredBy: ctx.actorUserId })
      .returning({ id: kpiEntries.id });
    await writeAudit(tx, { ...ctx, action: "kpi.entry", targetType: "kpi", targetId: k.id, after: { entryId: row!.id, ...input } });
    return true;
  });
}

/** The records behind a KPI's figure for a fiscal year: the sessions counted, or the entries made by hand. */
export async function kpiRecords(db: Db, organizationId: string, kpiId: string, fiscalYear: number) {
  if (!isUuid(kpiId)) return null;
  const [k] = await db
    .select()
    .from(kpis)
    .where(and(eq(kpis.id, kpiId), eq(kpis.organizationId, organizationId)));
  if (!k) return null;
  if (k.source.kind === "manual") {
    const entries = await db
      .select({
        id: kpiEntries.id,
        enteredOn: kpiEntries.enteredOn,
        value: kpiEntries.value,
        note: kpiEntries.note,
        enteredBy: sql<string | null>`(select name from users u where u.id = ${kpiEntries.enteredBy})`,
      })
      .from(kpiEntries)
      .where(
        and(
          eq(kpiEntries.kpiId, kpiId),
          eq(kpiEntries.organizationId, organizationId),
          sql`${kpiEntries.enteredOn} >= ${`${fiscalYear}-04-01`}::date`,
          sql`${kpiEntries.enteredOn} < ${`${fiscalYear + 1}-04-01`}::date`,
        ),
      )
      .orderBy(asc(kpiEntries.enteredOn));
    return { kpi: k, sessions: [], entries, programRows: [] as ProgramKpiRow[], people: [] as PendingPerson[] };
  }
  if (k.source.kind === "program")
    return { kpi: k, sessions: [], entries: [], programRows: await programKpiRecords(db, organizationId, k.source, fiscalYear), people: [] as PendingPerson[] };
  if (k.source.kind === "completion")
    return {
      kpi: k,
      sessions: [],
      entries: [],
      programRows: [] as ProgramKpiRow[],
      people: await completionKpiRecords(db, organizationId, k.source, fiscalYear),
    };
  const { start, end } = fiscalYearRange(fiscalYear);
  const f = k.source.filters;
  const sessions = await queryRows<{
    id: string;
    title: string;
    number: number;
    starts_at: string;
    status: string;
    organizer_type: string;
    venue: string | null;
    attended: number;
  }>(
    db,
    sql`select s.id, c.title, s.number, s.starts_at, s.status, c.organizer_type, v.name as venue,
        (select count(*)::int from registrations r join attendance a on a.registration_id = r.id where r.session_id = s.id and ${attendedSql(sql`a.status`)}) as attended
      from class_sessions s join class_series c on c.id = s.series_id left join venues v on v.id = s.venue_id
      where s.organization_id = ${organizationId} and s.starts_at >= ${start.toISOString()} and s.starts_at < ${end.toISOString()}
        ${f.category ? sql`and c.category = ${f.category}` : sql``}
        ${f.audience ? sql`and c.audience = ${f.audience}` : sql``}
        ${f.organizerType ? sql`and c.organizer_type = ${f.organizerType}` : sql``}
        ${k.source.metric === "sessions_held" ? sql`and s.status = 'held'` : sql``}
      order by s.starts_at, s.number`,
  );
  return {
    kpi: k,
    sessions: sessions.map((s) => ({ ...s, startsAt: new Date(s.starts_at) })),
    entries: [],
    programRows: [] as ProgramKpiRow[],
    people: [] as PendingPerson[],
  };
}

/** The DX office's comments for a fiscal year, by KPI id. */
export async function kpiCommentsFor(db: Db, organizationId: string, fiscalYear: number): Promise<Map<string, string>> {
  const rows = await db
    .select({ kpiId: kpiComments.kpiId, comment: kpiComments.comment })
    .from(kpiComments)
    .where(and(eq(kpiComments.organizationId, organizationId), eq(kpiComments.fiscalYear, fiscalYear)));
  return new Map(rows.map((r) => [r.kpiId, r.comment]));
}

/** Writes (or clears) the comment on a KPI for the annual report; audited. */
export async function saveKpiComment(db: Db, ctx: ChangeContext, input: { kpiId: string; fiscalYear: number; comment: string }): Promise<boolean> {
  if (!isUuid(input.kpiId)) return false;
  return db.transaction(async (tx) => {
    const [k] = await tx
      .select({ id: kpis.id })
      .from(kpis)
      .where(and(eq(kpis.id, input.kpiId), eq(kpis.organizationId, ctx.organizationId)));
    if (!k) return false;
    if (!input.comment) {
      await tx.delete(kpiComments).where(and(eq(kpiComments.kpiId, k.id), eq(kpiComments.fiscalYear, input.fiscalYear)));
    } else {
      await tx
        .insert(kpiComments)
        .values({ kpiId: k.id, organizationId: ctx.organizationId, fiscalYear: input.fiscalYear, comment: input.comment, updatedBy: ctx.actorUserId })
        .onConflictDoUpdate({
          target: [kpiComments.kpiId, kpiComments.fiscalYear],
          set: { comment: input.comment, updatedBy: ctx.actorUserId, updatedAt: sql`now()` },
        });
    }
    await writeAudit(tx, { ...ctx, action: "kpi.comment", targetType: "kpi", targetId: k.id, after: input });
    return true;
  });
}
