/** `npm run db:migrate`: applies the committed SQL migrations to DATABASE_URL (or the embedded PGlite database). */
import { databaseOptionsFromEnv, openDatabase } from "../db/client";
import { runMigrations } from "../db/migrate";

const database = await openDatabase({ ...databaseOptionsFromEnv(), max: 1 });
try {
  await runMigrations(database);
  console.log(`マイグレーションを適用しました（${database.kind}: ${database.location}）`);
} finally {
  await database.close();
}
