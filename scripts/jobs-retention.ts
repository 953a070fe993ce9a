/**
 * `npm run jobs:retention`: anonymizes residents' class registrations older than each organization's retention period.
 * Safe to run from cron daily and on several servers at once (the update is idempotent).
 */
import { anonymizeExpiredRegistrations } from "../app/classes/personal-data.server";
import { databaseOptionsFromEnv, openDatabase } from "../db/client";
import { runMigrations } from "../db/migrate";

const database = await openDatabase({ ...databaseOptionsFromEnv(), max: 1 });
try {
  await runMigrations(database);
  const n = await anonymizeExpiredRegistrations(database.db);
  console.log(`保存期間を過ぎた住民の申込 ${n} 件の個人情報を消去しました。`);
} finally {
  await database.close();
}
