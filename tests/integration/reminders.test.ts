import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import nodemailer from "nodemailer";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCampaign } from "~/campaigns/campaigns.server";
import { backoffMinutes, deliverOutbox, planReminders, reminderMessage } from "~/campaigns/reminders.server";
import type { MailSettings } from "~/mail/mailer.server";
import { emailOutbox, notices } from "../../db/schema";
import { createAppDatabase } from "../support/app";
import { buildCampaignTown, campaignInput } from "../support/campaign-fixture";
import type { TestDatabase } from "../support/database";

interface Received {
  from: string;
  to: string[];
  subject: string;
  raw: string;
}

/** A real SMTP server on a random loopback port that records every message; `failOnce` addresses are refused once. */
async function startSmtp() {
  const received: Received[] = [];
  const failOnce = new Set<string>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (failOnce.delete(address.address)) return callback(Object.assign(new Error("mailbox temporarily unavailable"), { responseCode: 450 }));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        const subjectLine = /^Subject: (.*(?:\r\n[ \t].*)*)/m.exec(raw)?.[1] ?? "";
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          subject: subjectLine,
          raw,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { server, port, received, failOnce };
}

let database: TestDatabase;
let town: Awaited<ReturnType<typeof buildCampaignTown>>;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let mail: MailSettings;

beforeAll(async () => {
  database = await createAppDatabase();
  town = await buildCampaignTown(database, "remindtown");
  smtp = await startSmtp();
  mail = {
    transport: nodemailer.createTransport({ host: "127.0.0.1", port: smtp.port, secure: false, ignoreTLS: true }),
    from: "学び舎 <no-reply@example.jp>",
    baseUrl: "https://manabiya.example.jp",
  };
  const ctx = { organizationId: town.organizationId, actorUserId: town.staff.managerA, ip: null };
  await town.complete(town.staff.u1, "security-basics", "2026-05-02T09:00:00+09:00");
  const created = await createCampaign(
    database.db,
    ctx,
    campaignInput(town, {
      courseIds: [await town.courseId("security-basics")],
      audience: { departmentIds: [town.departments.a], jobRankIds: [], employmentTypes: [], roles: [] },
    }),
  );
  if (!created.ok) throw new Error("campaign not created");
});
afterAll(async () => {
  mail.transport?.close();
  await new Promise<void>((resolve) => smtp.server.close(() => resolve()));
  await database.dispose();
});

const outbox = () => database.db.select().from(emailOutbox).where(eq(emailOutbox.organizationId, town.organizationId));

describe("reminder job against a real SMTP server", () => {
  it("writes polite Japanese text with the course link and due date", () => {
    const m = reminderMessage({
      name: "職員　太郎",
      organizationName: "テスト町",
      campaign: { title: "2026年度 情報セキュリティ研修", dueOn: "2026-06-30" },
      courses: [{ title: "情報セキュリティ基礎", slug: "security-basics" }],
      stage: { key: "before-7", on: "2026-06-23", overdue: false },
      baseUrl: "https://manabiya.example.jp",
    });
    expect(m.subject).toBe("【受講のお願い】2026年度 情報セキュリティ研修（期限 2026年6月30日(火)）");
    expect(m.body).toContain("職員　太郎 様");
    expect(m.body).toContain("https://manabiya.example.jp/courses/security-basics");
    expect(m.body).toContain("受講期限: 2026年6月30日(火)");
  });

  it("at the start, sends one message to each unfinished member, even with two jobs running at once", async () => {
    const now = new Date("2026-05-03T09:00:00+09:00");
    // Two servers' cron jobs fire at the same moment.
    const [a, b] = await Promise.all([planReminders(database.db, mail, now), planReminders(database.db, mail, now)]);
    expect(a.queued + b.queued).toBe(4); // A課: u1 done; u2 u3 u8 m1 not yet
    await Promise.all([deliverOutbox(database.db, mail, now), deliverOutbox(database.db, mail, now)]);
    const recipients = smtp.received.map((r) => r.to.join(",")).sort();
    expect(recipients).toEqual(["remindtown-m1@example.jp", "remindtown-u2@example.jp", "remindtown-u3@example.jp", "remindtown-u8@example.jp"]);
    expect(smtp.received.every((r) => r.from === "no-reply@example.jp")).toBe(true);
    expect((await outbox()).every((m) => m.status === "sent" && m.stage === "start")).toBe(true);
    // Running again the same day queues and sends nothing more.
    expect((await planReminders(database.db, mail, now)).queued).toBe(0);
    expect((await deliverOutbox(database.db, mail, now)).sent).toBe(0);
    expect(smtp.received).toHaveLength(4);
    // Each also got an in-app notice, once.
    const notes = await database.db.select().from(notices).where(eq(notices.organizationId, town.organizationId));
    expect(notes).toHaveLength(4);
  });

  it("retries a refused message with backoff and sends it once it is accepted", async () => {
    smtp.received.length = 0;
    smtp.failOnce.add("remindtown-u2@example.jp");
    const now = new Date("2026-06-16T09:00:00+09:00"); // 14 days before the due date
    expect((await planReminders(database.db, mail, now)).queued).toBe(4);
    const first = await deliverOutbox(database.db, mail, now);
    expect(first).toMatchObject({ sent: 3, failed: 1 });
    const [failed] = (await outbox()).filter((m) => m.status === "failed");
    expect(failed).toMatchObject({ toAddress: "remindtown-u2@example.jp", attempts: 1, stage: "before-14" });
    expect(failed!.nextAttemptAt.getTime()).toBe(now.getTime() + backoffMinutes(1) * 60_000);
    // Not before the backoff has passed …
    expect((await deliverOutbox(database.db, mail, new Date(now.getTime() + 30_000))).sent).toBe(0);
    // … then once.
    expect((await deliverOutbox(database.db, mail, new Date(now.getTime() + 2 * 60_000))).sent).toBe(1);
    expect(smtp.received.map((r) => r.to[0]).sort()).toEqual([
      "remindtown-m1@example.jp",
      "remindtown-u2@example.jp",
      "remindtown-u3@example.jp",
      "remindtown-u8@example.jp",
    ]);
    expect((await outbox()).find((m) => m.toAddress === "remindtown-u2@example.jp" && m.stage === "before-14")).toMatchObject({ status: "sent", attempts: 2 });
  });

  it("after the due date, copies the 課長 and repeats weekly", async () => {
    smtp.received.length = 0;
    await town.complete(town.staff.managerA, "security-basics", "2026-06-20T09:00:00+09:00");
    const now = new Date("2026-07-01T09:00:00+09:00");
    expect((await planReminders(database.db, mail, now)).queued).toBe(3); // u2 u3 u8
    await deliverOutbox(database.db, mail, now);
    expect(smtp.received).toHaveLength(3);
    for (const r of smtp.received) expect(r.to).toContain("remindtown-m1@example.jp"); // cc is an envelope recipient
    expect(smtp.received.every((r) => r.raw.includes("Cc: remindtown-m1@example.jp"))).toBe(true);
    // Within the week, nothing new; on day 8 the second overdue reminder.
    expect((await planReminders(database.db, mail, new Date("2026-07-07T09:00:00+09:00"))).queued).toBe(0);
    expect((await planReminders(database.db, mail, new Date("2026-07-08T09:00:00+09:00"))).queued).toBe(3);
    const stages = new Set((await outbox()).map((m) => m.stage));
    expect(stages).toEqual(new Set(["start", "before-14", "overdue-1", "overdue-2"]));
  });

  it("without SMTP settings, records messages as unsent for administrators", async () => {
    const noSmtp: MailSettings = { ...mail, transport: null };
    await planReminders(database.db, noSmtp, new Date("2026-07-15T09:00:00+09:00"));
    const result = await deliverOutbox(database.db, noSmtp, new Date("2026-07-15T09:00:00+09:00"));
    // The second overdue reminders queued on 8 July (not delivered yet) and the third of 15 July.
    expect(result.unsent).toBe(6);
    const unsent = (await outbox()).filter((m) => m.status === "unsent");
    expect(unsent.map((m) => m.stage).sort()).toEqual(["overdue-2", "overdue-2", "overdue-2", "overdue-3", "overdue-3", "overdue-3"]);
    expect(unsent[0]!.lastError).toBe("SMTPサーバーが設定されていないため、送信していません。");
    // Once SMTP is configured, the job sends them.
    smtp.received.length = 0;
    expect((await deliverOutbox(database.db, mail, new Date("2026-07-15T10:00:00+09:00"))).sent).toBe(6);
    expect(smtp.received).toHaveLength(6);
  });
});
