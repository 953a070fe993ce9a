/**
 * Campaign definitions (必修研修のキャンペーン): create, update, copy to the next year, archive, and the inclusions and
 * exemptions (overrides) that adjust the audience; the choices the campaign form offers.
 */
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import {
  campaignCourses,
  campaignOverrides,
  campaigns,
  courses,
  departments,
  jobRanks,
  users,
  type CampaignAudience,
  type ReminderSchedule,
} from "../../db/schema";
import { writeAudit } from "~/audit/audit.server";
import { fiscalYearLabel, fiscalYearOf, fiscalYearOfDate } from "~/kernel/dates";
import { EMPLOYMENT_TYPES, ROLES } from "~/staff/constants";
import { isUuid } from "~/kernel/uuid";
import type { ChangeContext } from "~/kernel/actor";
import { refuse, type FormResult, type Refusal, type Result } from "~/kernel/result";

export type CampaignRow = typeof campaigns.$inferSelect;

export interface CampaignInput {
  key: string;
  title: string;
  description: string;
  fiscalYear: number;
  startsOn: string;
  dueOn: string;
  countEarlierCompletions: boolean;
  courseIds: string[];
  audience: CampaignAudience;
  reminders: ReminderSchedule;
}

export type CampaignErrors = Partial<Record<"key" | "title" | "fiscalYear" | "startsOn" | "dueOn" | "courseIds" | "audience" | "form", string>>;

/** Checks references against the organization (課, 職位, courses) and the fiscal year; Japanese messages per field. */
async function checkInput(db: Db, organizationId: string, input: CampaignInput, exceptId?: string): Promise<CampaignErrors> {
  const errors: CampaignErrors = {};
  if (fiscalYearOfDate(input.startsOn) !== input.fiscalYear)
    errors.startsOn = `開始日は${input.fiscalYear}年度（${input.fiscalYear}年4月1日〜${input.fiscalYear + 1}年3月31日）の中の日付にしてください。`;
  if (input.dueOn < input.startsOn) errors.dueOn = "期限は開始日と同じか、それより後の日付にしてください。";
  else if (fiscalYearOfDate(input.dueOn) !== input.fiscalYear) errors.dueOn = `期限は${input.fiscalYear}年度の中の日付にしてください。`;
  const found = input.courseIds.length
    ? await db
        .select({ id: courses.id, audience: courses.audience })
        .from(courses)
        .where(and(inArray(courses.id, input.courseIds), eq(courses.archived, false)))
    : [];
  if (input.courseIds.length === 0) errors.courseIds = "受講させる講座を1つ以上選んでください。";
  else if (found.length !== input.courseIds.length || found.some((c) => c.audience !== "staff")) errors.courseIds = "選べるのは公開中の職員向け講座だけです。";
  const { departmentIds, jobRankIds } = input.audience;
  if (departmentIds.length) {
    const n = await db
      .select({ id: departments.id })
      .from(departments)
      .where(and(eq(departments.organizationId, organizationId), inArray(departments.id, departmentIds)));
    if (n.length !== departmentIds.length) errors.audience = "対象の課に、この自治体にない課が含まれています。";
  }
  if (jobRankIds.length) {
    const n = await db
      .select({ id: jobRanks.id })
      .from(jobRanks)
      .where(and(eq(jobRanks.organizationId, organizationId), inArray(jobRanks.id, jobRankIds)));
    if (n.length !== jobRankIds.length) errors.audience = "対象の職位に、この自治体にない職位が含まれています。";
  }
  const [clash] = await db
    .select({ id: campaigns.id })
    .from(campaigns)
    .where(
      and(
        eq(campaigns.organizationId, organizationId),
        eq(campaigns.key, input.key),
        eq(campaigns.fiscalYear, input.fiscalYear),
        exceptId ? sql`${campaigns.id} <> ${exceptId}` : undefined,
      ),
    );
  if (clash) errors.key = `${input.fiscalYear}年度には、識別名「${input.key}」の必修研修がすでにあります。`;
  return errors;
}

/** The campaign's own columns from the form input (courses are stored separately). */
function campaignColumns(input: CampaignInput) {
  const { courseIds: _courses, ...columns } = input;
  return columns;
}

export async function createCampaign(db: Db, ctx: ChangeContext, input: CampaignInput): Promise<FormResult<{ id: string }, CampaignErrors>> {
  const errors = await checkInput(db, ctx.organizationId, input);
  if (Object.keys(errors).length) return { ok: false, errors };
  const id = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(campaigns)
      .values({ organizationId: ctx.organizationId, ...campaignColumns(input), createdBy: ctx.actorUserId })
      .returning({ id: campaigns.id });
    await tx.insert(campaignCourses).values(input.courseIds.map((courseId) => ({ campaignId: row!.id, courseId })));
    await writeAudit(tx, { ...ctx, action: "campaign.create", targetType: "campaign", targetId: row!.id, after: input });
    return row!.id;
  });
  return { ok: true, id };
}

/** Saves the form's values over the campaign: field errors as with createCampaign; refused with 404 when it is not there. */
export async function updateCampaign(db: Db, ctx: ChangeContext, id: string, input: CampaignInput): Promise<FormResult<object, CampaignErrors> | Refusal> {
  const before = await getCampaign(db, ctx.organizationId, id);
  if (!before) return refuse("必修研修が見つかりません。", 404);
  const errors = await checkInput(db, ctx.organizationId, input, id);
  if (Object.keys(errors).length) return { ok: false, errors };
  await db.transaction(async (tx) => {
    await tx
      .update(campaigns)
      .set({ ...campaignColumns(input), updatedAt: sql`now()` })
      .where(and(eq(campaigns.id, id), eq(campaigns.organizationId, ctx.organizationId)));
    await tx.delete(campaignCourses).where(eq(campaignCourses.campaignId, id));
    await tx.insert(campaignCourses).values(input.courseIds.map((courseId) => ({ campaignId: id, courseId })));
    await writeAudit(tx, {
      ...ctx,
      action: "campaign.update",
      targetType: "campaign",
      targetId: id,
      before: { ...before.campaign, courseIds: before.courses.map((c) => c.id) },
      after: input,
    });
  });
  return { ok: true };
}

/** A campaign of the organization with its courses, or null (also for another organization's id). */
export async function getCampaign(db: Db, organizationId: string, id: string) {
  if (!isUuid(id)) return null;
  const [campaign] = await db
    .select()
    .from(campaigns)
    .where(and(eq(campaigns.id, id), eq(campaigns.organizationId, organizationId)));
  if (!campaign) return null;
  const list = await db
    .select({ id: courses.id, slug: courses.slug, title: courses.title })
    .from(campaignCourses)
    .innerJoin(courses, eq(courses.id, campaignCourses.courseId))
    .where(eq(campaignCourses.campaignId, id))
    .orderBy(asc(courses.title));
  return { campaign, courses: list };
}

/**
 * Copies a campaign to the next fiscal year: same courses, audience, overrides and reminders; dates moved a year.
 * Refused when the next year's campaign exists already, and with 404 when the campaign is not there.
 */
export async function copyToNextYear(db: Db, ctx: ChangeContext, id: string): Promise<Result<{ id: string }>> {
  const found = await getCampaign(db, ctx.organizationId, id);
  if (!found) return refuse("コピーできませんでした。", 404);
  const c = found.campaign;
  const shift = (d: string) => {
    const [y, m, day] = d.split("-").map(Number) as [number, number, number];
    // 29 February has no twin next year: use 28 February.
    const last = new Date(Date.UTC(y + 1, m, 0)).getUTCDate();
    return `${y + 1}-${String(m).padStart(2, "0")}-${String(Math.min(day, last)).padStart(2, "0")}`;
  };
  const [exists] = await db
    .select({ id: campaigns.id })
    .from(campaigns)
    .where(and(eq(campaigns.organizationId, ctx.organizationId), eq(campaigns.key, c.key), eq(campaigns.fiscalYear, c.fiscalYear + 1)));
  if (exists) return refuse(`${c.fiscalYear + 1}年度の必修研修はすでに作成されています。`);
  const title = c.title.includes(`${c.fiscalYear}年度`)
    ? c.title.replace(`${c.fiscalYear}年度`, `${c.fiscalYear + 1}年度`)
    : `${c.title}（${c.fiscalYear + 1}年度）`;
  const newId = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(campaigns)
      .values({
        organizationId: ctx.organizationId,
        key: c.key,
        title,
        description: c.description,
        fiscalYear: c.fiscalYear + 1,
        startsOn: shift(c.startsOn),
        dueOn: shift(c.dueOn),
        countEarlierCompletions: c.countEarlierCompletions,
        audience: c.audience,
        reminders: c.reminders,
        copiedFromId: c.id,
        createdBy: ctx.actorUserId,
      })
      .returning({ id: campaigns.id });
    await tx.insert(campaignCourses).values(found.courses.map((course) => ({ campaignId: row!.id, courseId: course.id })));
    // Exemptions are reasons of a year (育児休業 ends); inclusions are carried over.
    await tx.execute(sql`insert into campaign_overrides (campaign_id, user_id, kind, reason, created_by)
      select ${row!.id}, user_id, kind, reason, ${ctx.actorUserId} from campaign_overrides where campaign_id = ${c.id} and kind = 'include'`);
    await writeAudit(tx, { ...ctx, action: "campaign.copy", targetType: "campaign", targetId: row!.id, after: { from: c.id, fiscalYear: c.fiscalYear + 1 } });
    return row!.id;
  });
  return { ok: true, id: newId };
}

/** Archives a campaign (or restores it); refused with 404 when it is not there. */
export async function setArchived(db: Db, ctx: ChangeContext, id: string, archived: boolean): Promise<Result> {
  if (!isUuid(id)) return refuse("必修研修が見つかりません。", 404);
  return db.transaction(async (tx) => {
    const rows = await tx
      .update(campaigns)
      .set({ archived, updatedAt: sql`now()` })
      .where(and(eq(campaigns.id, id), eq(campaigns.organizationId, ctx.organizationId)))
      .returning({ id: campaigns.id });
    if (!rows.length) return refuse("必修研修が見つかりません。", 404);
    await writeAudit(tx, { ...ctx, action: archived ? "campaign.archive" : "campaign.restore", targetType: "campaign", targetId: id });
    return { ok: true as const };
  });
}

/** Adds an inclusion or exemption by 職員番号 (with a reason); replaces an earlier one for the same person. */
export async function addOverride(
  db: Db,
  ctx: ChangeContext,
  campaignId: string,
  input: { staffNumber: string; kind: "include" | "exempt"; reason: string },
): Promise<Result> {
  const found = await getCampaign(db, ctx.organizationId, campaignId);
  if (!found) return refuse("必修研修が見つかりません。", 404);
  const [person] = await db
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(and(eq(users.organizationId, ctx.organizationId), eq(users.staffNumber, input.staffNumber)));
  if (!person) return refuse(`職員番号「${input.staffNumber}」の職員が見つかりません。`);
  await db.transaction(async (tx) => {
    await tx
      .insert(campaignOverrides)
      .values({ campaignId, userId: person.id, kind: input.kind, reason: input.reason, createdBy: ctx.actorUserId })
      .onConflictDoUpdate({
        target: [campaignOverrides.campaignId, campaignOverrides.userId],
        set: { kind: input.kind, reason: input.reason, createdBy: ctx.actorUserId, createdAt: sql`now()` },
      });
    await writeAudit(tx, {
      ...ctx,
      action: `campaign.${input.kind}`,
      targetType: "campaign",
      targetId: campaignId,
      after: { userId: person.id, name: person.name, reason: input.reason },
    });
  });
  return { ok: true };
}

/** Removes a person's inclusion or exemption; refused with 404 when the campaign or the override is not there. */
export async function removeOverride(db: Db, ctx: ChangeContext, campaignId: string, userId: string): Promise<Result> {
  const gone = refuse("取り消す対象が見つかりません。", 404);
  if (!isUuid(userId) || !(await getCampaign(db, ctx.organizationId, campaignId))) return gone;
  return db.transaction(async (tx) => {
    const rows = await tx
      .delete(campaignOverrides)
      .where(and(eq(campaignOverrides.campaignId, campaignId), eq(campaignOverrides.userId, userId)))
      .returning();
    if (!rows.length) return gone;
    await writeAudit(tx, { ...ctx, action: "campaign.override_remove", targetType: "campaign", targetId: campaignId, before: rows[0] });
    return { ok: true as const };
  });
}

export async function listOverrides(db: Db, campaignId: string) {
  return db
    .select({
      userId: users.id,
      name: users.name,
      staffNumber: users.staffNumber,
      kind: campaignOverrides.kind,
      reason: campaignOverrides.reason,
      createdAt: campaignOverrides.createdAt,
    })
    .from(campaignOverrides)
    .innerJoin(users, eq(users.id, campaignOverrides.userId))
    .where(eq(campaignOverrides.campaignId, campaignId))
    .orderBy(asc(campaignOverrides.kind), asc(users.nameKana));
}

/** Staff-audience courses that can be assigned. */
export async function assignableCourses(db: Db) {
  return db
    .select({ id: courses.id, title: courses.title })
    .from(courses)
    .where(and(eq(courses.audience, "staff"), eq(courses.archived, false)))
    .orderBy(asc(courses.title));
}

/** Choices for the campaign form: staff courses, 課, 職位, 雇用形態, roles and fiscal years. */
export async function campaignFormOptions(db: Db, organizationId: string, now = new Date()) {
  const year = fiscalYearOf(now);
  return {
    courses: await assignableCourses(db),
    departments: await db
      .select({ id: departments.id, name: departments.name })
      .from(departments)
      .where(eq(departments.organizationId, organizationId))
      .orderBy(asc(departments.position)),
    jobRanks: await db
      .select({ id: jobRanks.id, name: jobRanks.name })
      .from(jobRanks)
      .where(eq(jobRanks.organizationId, organizationId))
      .orderBy(asc(jobRanks.position)),
    employmentTypes: Object.entries(EMPLOYMENT_TYPES) as [string, string][],
    roles: Object.entries(ROLES).filter(([k]) => k !== "learner" && k !== "system_admin") as [string, string][],
    years: [year - 1, year, year + 1].map((value) => ({ value, label: fiscalYearLabel(value) })),
  };
}
