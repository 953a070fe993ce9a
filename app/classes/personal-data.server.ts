import { toCsv } from "~/http/csv.server";
import { and, eq, isNull, sql } from "drizzle-orm";
import { queryRows, type Db } from "../../db/client";
import { classSeries, classSessions, registrations, venues } from "../../db/schema";
import { writeAudit } from "~/audit/audit.server";
import { AGE_BANDS, type AgeBand } from "./constants";
import { normalizeReceiptNumber } from "./checkin.server";
import { isUuid } from "~/kernel/uuid";
import type { ChangeContext } from "~/kernel/actor";

/**
 * Removes what identifies a resident (name, ふりがな, phone, district, needs) and keeps what the counts need (the
 * registration, its status, attendance and age band). Returns the number of registrations anonymized.
 */
const ANONYMIZED = { name: null, nameKana: null, phone: null, district: null, needs: [] as string[], anonymizedAt: sql`now()` };

/** The retention job: anonymizes residents' registrations whose session ended longer ago than the organization keeps them. */
export async function anonymizeExpiredRegistrations(db: Db): Promise<number> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`
    update registrations r
    set name = null, name_kana = null, phone = null, district = null, needs = '[]'::jsonb, anonymized_at = now()
    from class_sessions s, organizations o
    where r.session_id = s.id and o.id = r.organization_id and r.user_id is null and r.anonymized_at is null
      and s.ends_at < now() - make_interval(days => o.resident_data_retention_days)
    returning r.id`,
  );
  return rows.length;
}

/** A resident's registration by receipt number, with everything stored about them, for a request to see or delete it. */
export async function findResidentRecord(db: Db, organizationId: string, receiptNumber: string) {
  const [row] = await db
    .select({
      id: registrations.id,
      receiptNumber: registrations.receiptNumber,
      status: registrations.status,
      channel: registrations.channel,
      name: registrations.name,
      nameKana: registrations.nameKana,
      phone: registrations.phone,
      ageBand: registrations.ageBand,
      district: registrations.district,
      needs: registrations.needs,
      consentAt: registrations.consentAt,
      createdAt: registrations.createdAt,
      anonymizedAt: registrations.anonymizedAt,
      seriesTitle: classSeries.title,
      sessionNumber: classSessions.number,
      startsAt: classSessions.startsAt,
      venueName: venues.name,
    })
    .from(registrations)
    .innerJoin(classSessions, eq(classSessions.id, registrations.sessionId))
    .innerJoin(classSeries, eq(classSeries.id, classSessions.seriesId))
    .leftJoin(venues, eq(venues.id, classSessions.venueId))
    .where(
      and(
        eq(registrations.organizationId, organizationId),
        eq(registrations.receiptNumber, normalizeReceiptNumber(receiptNumber)),
        isNull(registrations.userId),
      ),
    );
  return row ?? null;
}
export type ResidentRecord = NonNullable<Awaited<ReturnType<typeof findResidentRecord>>>;

/** The record as CSV (UTF-8 with BOM) for the resident's disclosure request. */
export function residentRecordCsv(r: ResidentRecord): string {
  const rows = [
    ["項目", "内容"],
    ["受付番号", r.receiptNumber],
    ["教室", `${r.seriesTitle}（第${r.sessionNumber}回）`],
    ["日時", r.startsAt.toISOString()],
    ["会場", r.venueName ?? ""],
    ["状態", r.status],
    ["お名前", r.name ?? "（消去済み）"],
    ["ふりがな", r.nameKana ?? "（消去済み）"],
    ["電話番号", r.phone ?? ""],
    ["年代", r.ageBand ? AGE_BANDS[r.ageBand as AgeBand] : ""],
    ["地区", r.district ?? ""],
    ["お手伝いが必要なこと", r.needs.join("、")],
    ["同意日時", r.consentAt?.toISOString() ?? ""],
    ["申込日時", r.createdAt.toISOString()],
  ];
  return toCsv(rows);
}

/** Deletes the personal data of one registration at the resident's request (audited); counts stay as they were. */
export async function anonymizeRegistration(db: Db, ctx: ChangeContext, registrationId: string): Promise<boolean> {
  if (!isUuid(registrationId)) return false;
  return db.transaction(async (tx) => {
    const rows = await tx
      .update(registrations)
      .set(ANONYMIZED)
      .where(and(eq(registrations.id, registrationId), eq(registrations.organizationId, ctx.organizationId), isNull(registrations.userId)))
      .returning({ id: registrations.id });
    if (!rows.length) return false;
    await writeAudit(tx, { ...ctx, action: "class.anonymize_registration", targetType: "registration", targetId: registrationId });
    return true;
  });
}
