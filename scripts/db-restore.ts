/**
 * `npm run db:restore -- FILE [--yes]`: replaces the whole database (DATABASE_URL, or the PGlite directory PGLITE_DIR)
 * with a backup made by `npm run db:backup`. Asks first unless --yes; without a terminal it refuses unless --yes.
 * Stop the server first. A failed restore leaves the database as it was.
 */
import { createInterface } from "node:readline/promises";
import { parseArgs } from "node:util";
import { BackupError, backupTargetFromEnv, describeTarget, restoreDatabase } from "../db/backup";

const USAGE = "使い方: npm run db:restore -- バックアップファイル [--yes]";

let file: string;
let yes: boolean;
try {
  const { values, positionals } = parseArgs({
    options: { yes: { type: "boolean", short: "y" }, help: { type: "boolean", short: "h" } },
    allowPositionals: true,
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  if (positionals.length !== 1)
    throw new Error(positionals.length === 0 ? "バックアップファイルを指定してください。" : "バックアップファイルは1つだけ指定してください。");
  file = positionals[0]!;
  yes = values.yes ?? false;
} catch (error) {
  console.error(`引数が正しくありません: ${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  process.exit(2);
}

const target = backupTargetFromEnv();
if (!yes) {
  if (!process.stdin.isTTY) {
    console.error(
      `確認できないため復元を中止しました（端末から実行されていません）。${describeTarget(target)} の内容を ${file} で置き換えてよければ --yes を付けて実行してください。`,
    );
    process.exit(1);
  }
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  const answer = await rl.question(
    `${describeTarget(target)} の内容をすべて ${file} の内容で置き換えます。サーバーは停止していますか？ 続けるには yes と入力してください: `,
  );
  rl.close();
  if (!/^(y|yes|はい)$/i.test(answer.trim())) {
    console.error("復元を中止しました。データベースは変更していません。");
    process.exit(1);
  }
}

try {
  await restoreDatabase({ target, file, pgBinDir: process.env.PG_BIN_DIR?.trim() || undefined });
  console.log(`復元しました（${describeTarget(target)}）: ${file}`);
} catch (error) {
  if (!(error instanceof BackupError)) throw error;
  console.error(`復元できませんでした。\n${error.message}`);
  process.exitCode = 1;
}
