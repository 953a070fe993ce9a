/**
 * `npm run jobs:reminders`: queues the campaign reminders due today and sends the outbox through SMTP.
 * Safe to run from cron every few minutes and on several servers at once: reminders are deduplicated by a unique key
 * and messages are claimed with FOR UPDATE SKIP LOCKED. Without SMTP_HOST, messages are recorded as 未送信.
 */
import { deliverOutbox, planReminders } from "../app/campaigns/reminders.server";
import { mailSettingsFromEnv } from "../app/mail/mailer.server";
import { databaseOptionsFromEnv, openDatabase } from "../db/client";
import { runMigrations } from "../db/migrate";

const database = await openDatabase({ ...databaseOptionsFromEnv(), max: 2 });
const mail = mailSettingsFromEnv();
try {
  await runMigrations(database);
  const planned = await planReminders(database.db, mail);
  const delivered = await deliverOutbox(database.db, mail);
  console.log(
    `督促: ${planned.campaigns}件のキャンペーンで ${planned.queued}通を作成しました。送信 ${delivered.sent}通、失敗 ${delivered.failed}通、未送信 ${delivered.unsent}通。`,
  );
  if (!mail.transport) console.log("SMTP_HOST が設定されていないため、メールは送信せず「未送信」として記録しました。");
} finally {
  mail.transport?.close();
  await database.close();
}
