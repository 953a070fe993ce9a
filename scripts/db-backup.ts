/**
 * `npm run db:backup -- [--out FILE]`: backs up the database of DATABASE_URL (pg_dump, custom format) or the embedded
 * PGlite directory (PGLITE_DIR, a .tar.gz; the server must be stopped). Default file: backups/manabiya-<kind>-<time>.
 */
import { parseArgs } from "node:util";
import { BackupError, backupDatabase, backupTargetFromEnv, defaultBackupPath, describeTarget } from "../db/backup";

const USAGE = "使い方: npm run db:backup -- [--out ファイル]";

let out: string | undefined;
try {
  const { values } = parseArgs({ options: { out: { type: "string", short: "o" }, help: { type: "boolean", short: "h" } }, allowPositionals: false });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  out = values.out;
} catch (error) {
  console.error(`引数が正しくありません: ${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  process.exit(2);
}

try {
  const target = backupTargetFromEnv();
  const result = await backupDatabase({ target, out: out ?? defaultBackupPath(target), pgBinDir: process.env.PG_BIN_DIR?.trim() || undefined });
  console.log(`バックアップを作成しました（${describeTarget(target)}）: ${result.file}（${(result.bytes / 1024 / 1024).toFixed(1)} MB）`);
} catch (error) {
  if (!(error instanceof BackupError)) throw error;
  console.error(`バックアップできませんでした。\n${error.message}`);
  process.exitCode = 1;
}
