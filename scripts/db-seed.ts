/** `npm run db:seed`: migrates, syncs content/ and (re)seeds the demo data. Safe to run again: nothing is duplicated. */
import { bootstrap } from "../app/bootstrap.server";
import { ContentError, contentRoot } from "../app/content/load.server";
import { databaseOptionsFromEnv, openDatabase } from "../db/client";

const database = await openDatabase({ ...databaseOptionsFromEnv(), max: 1 });
try {
  const result = await bootstrap(database, { contentDir: contentRoot(), seed: "always" });
  console.log(
    `デモデータを投入しました（${database.kind}: ${database.location}）: 自治体 ${result.seeded?.organizations ?? 0} 件、課 ${result.seeded?.departments ?? 0} 件、職員 ${result.seeded?.staff ?? 0} 人、教室の回 ${result.seeded?.classSessions ?? 0} 件（新規）、講座 ${result.content.courses.length} 件`,
  );
} catch (error) {
  if (error instanceof ContentError) {
    console.error(error.message);
    process.exitCode = 1;
  } else throw error;
} finally {
  await database.close();
}
