import { and, eq, inArray, sql } from "drizzle-orm";
import { queryRows, type Db } from "../../db/client";
import { campaigns, emailOutbox, notices, organizations, users } from "../../db/schema";
import type { MailSettings } from "~/mail/mailer.server";
import { getCampaign, listAssignments, type CampaignRow } from "./campaigns.server";
import { dueStage, formatDueDate, windowEnd, type Stage } from "./rules";
import { jstDate } from "~/kernel/dates";

/** After this many failed attempts a message is given up ("dead") and shown to administrators. */
export const MAX_ATTEMPTS = 6;
/** Minutes to wait before the next attempt, by attempts made so far (1, 5, 15, 60, 240 …). */
export function backoffMinutes(attempts: number): number {
  return [1, 5, 15, 60, 240][Math.max(0, attempts - 1)] ?? 240;
}
/** A message claimed by a job that crashed is taken up again after this long. */
const CLAIM_TIMEOUT_MINUTES = 10;

export interface ReminderMessage {
  subject: string;
  body: string;
}

/** The reminder text (polite Japanese, plain text), with the course links and the due date. */
export function reminderMessage(input: {
  name: string;
  organizationName: string;
  campaign: Pick<CampaignRow, "title" | "dueOn">;
  courses: { title: string; slug: string }[];
  stage: Stage;
  baseUrl: string;
}): ReminderMessage {
  const due = formatDueDate(input.campaign.dueOn);
  const subject = input.stage.overdue ? `【受講期限を過ぎています】${input.campaign.title}` : `【受講のお願い】${input.campaign.title}（期限 ${due}）`;
  const lines = [
    `${input.name} 様`,
    "",
    `${input.organizationName}の研修担当です。`,
    input.stage.overdue
      ? `「${input.campaign.title}」の受講期限（${due}）を過ぎていますが、まだ修了が確認できていません。お早めに受講をお願いします。`
      : input.stage.key === "start"
        ? `「${input.campaign.title}」が始まりました。期限までに次の講座を受講してください。`
        : `「${input.campaign.title}」の受講期限（${due}）が近づいています。まだの方は受講をお願いします。`,
    "",
    "受講する講座:",
    ...input.courses.map((c) => `・${c.title}\n  ${input.baseUrl}/courses/${c.slug}`),
    "",
    `受講期限: ${due}`,
    `あなたの受講状況: ${input.baseUrl}/learning`,
    "",
    "すでに受講を終えている場合は、このメールと行き違いになっています。ご容赦ください。",
    "このメールは学び舎から自動で送信しています。ご不明な点は人事担当またはDX推進担当へお問い合わせください。",
  ];
  return { subject, body: lines.join("\n") };
}

export interface PlanSummary {
  campaigns: number;
  queued: number;
}

/**
 * Queues the reminders that are due today for everyone who has not finished, in every organization. Each message has
 * a dedupe key (campaign, person, stage) that is unique in the outbox, so running this on several servers at once or
 * every few minutes never queues one twice; the in-app notice is written only by the run that queued the message.
 */
export async function planReminders(db: Db, mail: Pick<MailSettings, "baseUrl">, now = new Date()): Promise<PlanSummary> {
  const today = jstDate(now);
  const open = await db
    .select()
    .from(campaigns)
    .where(and(eq(campaigns.archived, false), sql`${campaigns.startsOn} <= ${today}`));
  const summary: PlanSummary = { campaigns: 0, queued: 0 };
  for (const c of open) {
    if (now >= windowEnd(c)) continue;
    const stage = dueStage(c, c.reminders, today);
    if (!stage) continue;
    summary.campaigns++;
    summary.queued += await queueCampaignStage(db, c, stage, mail.baseUrl, now);
  }
  return summary;
}

async function queueCampaignStage(db: Db, c: CampaignRow, stage: Stage, baseUrl: string, now: Date): Promise<number> {
  const found = await getCampaign(db, c.organizationId, c.id);
  if (!found) return 0;
  const [org] = await db.select({ name: organizations.name }).from(organizations).where(eq(organizations.id, c.organizationId));
  const people = await listAssignments(db, c, { now, statuses: ["pending", "overdue"] });
  if (!people.length) return 0;
  // 課長 (dept_manager) addresses per 課, for copies on overdue reminders.
  const managers = new Map<string, string[]>();
  if (stage.overdue && c.reminders.copyManagerWhenOverdue) {
    const rows = await queryRows<{ user_id: string; email: string }>(
      db,
      sql`select p.id as user_id, m.email from users p join users m on m.department_id = p.department_id and m.organization_id = p.organization_id
        where p.id in (${sql.join(
          people.map((p) => sql`${p.userId}`),
          sql`, `,
        )}) and m.active and m.email is not null and 'dept_manager' = any(m.roles) and m.id <> p.id`,
    );
    for (const r of rows) managers.set(r.user_id, [...(managers.get(r.user_id) ?? []), r.email]);
  }
  return db.transaction(async (tx) => {
    const values = people.map((p) => {
      const message = reminderMessage({ name: p.name, organizationName: org?.name ?? "", campaign: c, courses: found.courses, stage, baseUrl });
      return {
        organizationId: c.organizationId,
        campaignId: c.id,
        userId: p.userId,
        dedupeKey: `campaign:${c.id}:${p.userId}:${stage.key}`,
        stage: stage.key,
        toAddress: p.email,
        ccAddresses: managers.get(p.userId) ?? [],
        subject: message.subject,
        body: message.body,
        status: "pending" as const,
        nextAttemptAt: now,
      };
    });
    const queued: { userId: string | null; subject: string }[] = [];
    for (let i = 0; i < values.length; i += 500) {
      queued.push(
        ...(await tx
          .insert(emailOutbox)
          .values(values.slice(i, i + 500))
          .onConflictDoNothing()
          .returning({ userId: emailOutbox.userId, subject: emailOutbox.subject })),
      );
    }
    const noticeRows = queued
      .filter((q): q is { userId: string; subject: string } => q.userId !== null)
      .map((q) => ({
        organizationId: c.organizationId,
        userId: q.userId,
        title: q.subject,
        body: stage.overdue ? `受講期限（${formatDueDate(c.dueOn)}）を過ぎています。お早めに受講してください。` : `受講期限は${formatDueDate(c.dueOn)}です。`,
        link: "/learning",
      }));
    for (let i = 0; i < noticeRows.length; i += 500) await tx.insert(notices).values(noticeRows.slice(i, i + 500));
    return queued.length;
  });
}

export interface DeliverySummary {
  sent: number;
  failed: number;
  unsent: number;
}

type OutboxRow = typeof emailOutbox.$inferSelect;

/**
 * Sends queued messages. Each batch is claimed with FOR UPDATE SKIP LOCKED, so jobs on several servers share the work
 * without sending a message twice; failures are retried with backoff, up to MAX_ATTEMPTS. Without an SMTP transport
 * the messages are marked 未送信 (unsent) with the reason, and picked up again once SMTP is configured.
 */
export async function deliverOutbox(db: Db, mail: MailSettings, now = new Date(), batchSize = 50): Promise<DeliverySummary> {
  const summary: DeliverySummary = { sent: 0, failed: 0, unsent: 0 };
  if (!mail.transport) {
    const rows = await db
      .update(emailOutbox)
      .set({ status: "unsent", lastError: "SMTPサーバーが設定されていないため、送信していません。" })
      .where(eq(emailOutbox.status, "pending"))
      .returning({ id: emailOutbox.id });
    summary.unsent = rows.length;
    return summary;
  }
  const nowIso = now.toISOString();
  for (;;) {
    const claimed = await queryRows<{ id: string }>(
      db,
      sql`update email_outbox set status = 'sending', claimed_at = ${nowIso}, attempts = attempts + 1
        where id in (
          select id from email_outbox
          where ((status in ('pending', 'failed') or (status = 'unsent' and to_address is not null)) and next_attempt_at <= ${nowIso})
             or (status = 'sending' and claimed_at < ${nowIso}::timestamptz - make_interval(mins => ${CLAIM_TIMEOUT_MINUTES}))
          order by next_attempt_at
          limit ${batchSize}
          for update skip locked)
        returning id`,
    );
    if (!claimed.length) break;
    const rows = await db
      .select()
      .from(emailOutbox)
      .where(
        inArray(
          emailOutbox.id,
          claimed.map((c) => c.id),
        ),
      );
    for (const row of rows) await deliverOne(db, mail, row, now, summary);
    if (claimed.length < batchSize) break;
  }
  return summary;
}

async function deliverOne(db: Db, mail: MailSettings, row: OutboxRow, now: Date, summary: DeliverySummary) {
  if (!row.toAddress) {
    await db
      .update(emailOutbox)
      .set({ status: "unsent", lastError: "メールアドレスが登録されていないため、送信していません。" })
      .where(eq(emailOutbox.id, row.id));
    summary.unsent++;
    return;
  }
  try {
    await mail.transport!.sendMail({
      from: mail.from,
      to: row.toAddress,
      cc: row.ccAddresses.length ? row.ccAddresses : undefined,
      subject: row.subject,
      text: row.body,
    });
    await db
      .update(emailOutbox)
      .set({ status: "sent", sentAt: sql`now()`, lastError: null })
      .where(eq(emailOutbox.id, row.id));
    summary.sent++;
  } catch (error) {
    const dead = row.attempts >= MAX_ATTEMPTS;
    await db
      .update(emailOutbox)
      .set({
        status: dead ? "dead" : "failed",
        lastError: String((error as Error)?.message ?? error).slice(0, 500),
        nextAttemptAt: new Date(now.getTime() + backoffMinutes(row.attempts) * 60_000),
      })
      .where(eq(emailOutbox.id, row.id));
    summary.failed++;
  }
}

/** The outbox of an organization, newest first, optionally by status. */
export async function listOutbox(db: Db, organizationId: string, options: { status?: OutboxRow["status"]; campaignId?: string; limit?: number } = {}) {
  return db
    .select({
      id: emailOutbox.id,
      toAddress: emailOutbox.toAddress,
      ccAddresses: emailOutbox.ccAddresses,
      subject: emailOutbox.subject,
      stage: emailOutbox.stage,
      status: emailOutbox.status,
      attempts: emailOutbox.attempts,
      lastError: emailOutbox.lastError,
      sentAt: emailOutbox.sentAt,
      createdAt: emailOutbox.createdAt,
      name: users.name,
      campaignTitle: campaigns.title,
    })
    .from(emailOutbox)
    .leftJoin(users, eq(users.id, emailOutbox.userId))
    .leftJoin(campaigns, eq(campaigns.id, emailOutbox.campaignId))
    .where(
      and(
        eq(emailOutbox.organizationId, organizationId),
        options.status ? eq(emailOutbox.status, options.status) : undefined,
        options.campaignId ? eq(emailOutbox.campaignId, options.campaignId) : undefined,
      ),
    )
    .orderBy(sql`${emailOutbox.createdAt} desc`)
    .limit(options.limit ?? 200);
}

/** Counts by status for an organization's outbox. */
export async function outboxCounts(db: Db, organizationId: string): Promise<Record<OutboxRow["status"], number>> {
  const rows = await db
    .select({ status: emailOutbox.status, n: sql<number>`count(*)::int` })
    .from(emailOutbox)
    .where(eq(emailOutbox.organizationId, organizationId))
    .groupBy(emailOutbox.status);
  const out = { pending: 0, sending: 0, sent: 0, failed: 0, unsent: 0, dead: 0 };
  for (const r of rows) out[r.status] = Number(r.n);
  return out;
}

/** Unread notices of a staff member, newest first. */
export async function unreadNotices(db: Db, learner: { userId: string; organizationId: string }, limit = 5) {
  return db
    .select({ id: notices.id, title: notices.title, body: notices.body, link: notices.link, createdAt: notices.createdAt })
    .from(notices)
    .where(and(eq(notices.userId, learner.userId), eq(notices.organizationId, learner.organizationId), sql`${notices.readAt} is null`))
    .orderBy(sql`${notices.createdAt} desc`)
    .limit(limit);
}

/** Marks the learner's notices read (all, or one). */
export async function markNoticesRead(db: Db, learner: { userId: string; organizationId: string }, noticeId?: string) {
  await db
    .update(notices)
    .set({ readAt: sql`now()` })
    .where(
      and(
        eq(notices.userId, learner.userId),
        eq(notices.organizationId, learner.organizationId),
        noticeId ? eq(notices.id, noticeId) : undefined,
        sql`${notices.readAt} is null`,
      ),
    );
}
