/**
 * Backup and restore of the app's database (decision 019), for both backends:
 * - Postgres: `pg_dump --format=custom` to a file; `pg_restore --clean --if-exists --single-transaction --no-owner` into
 *   the database of the URL, so a failed restore changes nothing. The connection goes to the tools in libpq's PG*
 *   environment variables, never on the command line, and the password is never printed.
 * - PGlite: `dumpDataDir("gzip")` of the data directory to a .tar.gz; restore with `loadDataDir` into a fresh directory
 *   beside the old one, checked by opening it, and swapped in only then.
 * Nothing is written where the result goes until it is complete: files are written under a temporary name and renamed.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, open, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { PGlite } from "@electric-sql/pglite";
import { envFrom, type EnvSource } from "../app/kernel/env.server";
import { redactUrl } from "./client";

/** A failure explained to the operator in Japanese; the CLIs print its message and exit non-zero. */
export class BackupError extends Error {
  override name = "BackupError";
}

export type BackupTarget = { kind: "postgres"; url: string } | { kind: "pglite"; dataDir: string };

export interface BackupOptions {
  target: BackupTarget;
  /** The file to write; it must not exist yet. Its directory is created if missing. */
  out: string;
  /** Directory of pg_dump / pg_restore (PG_BIN_DIR); by default they are looked up on PATH. */
  pgBinDir?: string;
}

export interface RestoreOptions {
  target: BackupTarget;
  /** A file written by backupDatabase for the same kind of database. */
  file: string;
  pgBinDir?: string;
}

export interface BackupResult {
  file: string;
  bytes: number;
}

/** The backend from the environment, as the app chooses it (DATABASE_URL, else PGLITE_DIR or ./.data/pglite). */
export function backupTargetFromEnv(source?: EnvSource): BackupTarget {
  const env = envFrom(source);
  if (env.DATABASE_URL) return { kind: "postgres", url: env.DATABASE_URL };
  return { kind: "pglite", dataDir: env.PGLITE_DIR };
}

/** The target for messages: the URL without its password, or the directory. */
export function describeTarget(target: BackupTarget): string {
  return target.kind === "postgres" ? `Postgres: ${redactUrl(target.url)}` : `PGlite: ${path.resolve(target.dataDir)}`;
}

/** backups/manabiya-<kind>-YYYYMMDD-HHMMSS.<dump|tar.gz>, in local time. */
export function defaultBackupPath(target: BackupTarget, now: Date = new Date(), dir = "backups"): string {
  const p = (n: number) => String(n).padStart(2, "0");
  const stamp = `${now.getFullYear()}${p(now.getMonth() + 1)}${p(now.getDate())}-${p(now.getHours())}${p(now.getMinutes())}${p(now.getSeconds())}`;
  return path.join(dir, `manabiya-${target.kind}-${stamp}${target.kind === "postgres" ? ".dump" : ".tar.gz"}`);
}

export type BackupFormat = "pg_dump" | "pglite" | "unknown";

/** What a file holds, from its first bytes: a pg_dump custom-format archive ("PGDMP") or a (gzipped) tar. */
export async function detectBackupFormat(file: string): Promise<BackupFormat> {
  const handle = await open(file, "r");
  try {
    const head = Buffer.alloc(512);
    const { bytesRead } = await handle.read(head, 0, 512, 0);
    if (bytesRead >= 5 && head.subarray(0, 5).toString("latin1") === "PGDMP") return "pg_dump";
    if (bytesRead >= 2 && head[0] === 0x1f && head[1] === 0x8b) return "pglite";
    if (bytesRead >= 262 && head.subarray(257, 262).toString("latin1") === "ustar") return "pglite";
    return "unknown";
  } finally {
    await handle.close();
  }
}

/** PGlite writes postmaster.pid into its directory while it is open and removes it on close. */
export function pgliteInUse(dataDir: string): boolean {
  return existsSync(path.join(dataDir, "postmaster.pid"));
}

export async function backupDatabase(options: BackupOptions): Promise<BackupResult> {
  const out = path.resolve(options.out);
  if (existsSync(out)) throw new BackupError(`出力先のファイルが既にあります: ${out}\n別のファイル名を --out で指定してください。`);
  await mkdir(path.dirname(out), { recursive: true });
  const partial = `${out}.${randomBytes(4).toString("hex")}.partial`;
  try {
    if (options.target.kind === "postgres") await dumpPostgres(options.target.url, partial, options.pgBinDir);
    else await dumpPglite(options.target.dataDir, partial);
    await rename(partial, out);
  } finally {
    await rm(partial, { force: true });
  }
  return { file: out, bytes: (await stat(out)).size };
}

export async function restoreDatabase(options: RestoreOptions): Promise<void> {
  const file = path.resolve(options.file);
  if (!existsSync(file)) throw new BackupError(`バックアップファイルが見つかりません: ${file}`);
  if (!(await stat(file)).isFile()) throw new BackupError(`バックアップファイルではありません（ディレクトリなど）: ${file}`);
  const format = await detectBackupFormat(file);
  const { target } = options;
  if (format === "unknown") throw new BackupError(`学び舎のバックアップファイルではありません（形式を判別できません）: ${file}`);
  if (target.kind === "postgres" && format === "pglite") {
    throw new BackupError(
      `このファイルは埋め込みデータベース（PGlite）のバックアップです。Postgres（DATABASE_URL）には復元できません。\nPGlite に戻すには DATABASE_URL を設定せずに実行してください: ${file}`,
    );
  }
  if (target.kind === "pglite" && format === "pg_dump") {
    throw new BackupError(
      `このファイルは Postgres（pg_dump）のバックアップです。埋め込みデータベース（PGlite）には復元できません。\nPostgres に戻すには DATABASE_URL を設定して実行してください: ${file}`,
    );
  }
  if (target.kind === "postgres") await restorePostgres(target.url, file, options.pgBinDir);
  else await restorePglite(target.dataDir, file);
}

// --- Postgres ---------------------------------------------------------------------------------------------------

/** The connection variables libpq reads, taken from a postgres:// URL; overrides any PG* connection variable inherited. */
export function libpqEnvironment(url: string, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new BackupError("DATABASE_URL を解釈できません（postgres://ユーザー:パスワード@ホスト:ポート/データベース の形で指定してください）。");
  }
  if (u.protocol !== "postgres:" && u.protocol !== "postgresql:") throw new BackupError("DATABASE_URL は postgres:// で始めてください。");
  const env: NodeJS.ProcessEnv = { ...base };
  for (const key of ["PGHOST", "PGHOSTADDR", "PGPORT", "PGUSER", "PGPASSWORD", "PGDATABASE", "PGSERVICE", "PGOPTIONS", "PGSSLMODE"]) delete env[key];
  const q = u.searchParams;
  const host = q.get("host") ?? u.hostname.replace(/^\[(.*)\]$/, "$1");
  if (host) env.PGHOST = host;
  const port = u.port || q.get("port");
  if (port) env.PGPORT = port;
  if (u.username) env.PGUSER = decodeURIComponent(u.username);
  if (u.password) env.PGPASSWORD = decodeURIComponent(u.password);
  const database = decodeURIComponent(u.pathname.replace(/^\//, ""));
  if (database) env.PGDATABASE = database;
  const ssl = q.get("sslmode") ?? q.get("ssl");
  if (ssl) env.PGSSLMODE = ssl === "true" ? "require" : ssl === "false" ? "disable" : ssl;
  const passThrough: Record<string, string> = {
    sslrootcert: "PGSSLROOTCERT",
    sslcert: "PGSSLCERT",
    sslkey: "PGSSLKEY",
    connect_timeout: "PGCONNECT_TIMEOUT",
    options: "PGOPTIONS",
    target_session_attrs: "PGTARGETSESSIONATTRS",
  };
  for (const [param, key] of Object.entries(passThrough)) {
    const value = q.get(param);
    if (value) env[key] = value;
  }
  env.PGAPPNAME = "manabiya-backup";
  return env;
}

async function dumpPostgres(url: string, partial: string, binDir?: string): Promise<void> {
  const env = libpqEnvironment(url);
  await runTool("pg_dump", ["--format=custom", "--no-password", `--file=${partial}`], env, binDir, url);
  // Reads the archive's table of contents back: a file pg_restore cannot list is not a backup.
  await listArchive(partial, env, binDir, url);
}

async function restorePostgres(url: string, file: string, binDir?: string): Promise<void> {
  const env = libpqEnvironment(url);
  if (!env.PGDATABASE) throw new BackupError("DATABASE_URL にデータベース名がありません（…/manabiya のように末尾に付けてください）。");
  const toc = await listArchive(file, env, binDir, url);
  if (!toc.includes("__drizzle_migrations"))
    throw new BackupError(`学び舎のデータベースのバックアップではありません（マイグレーションの記録がありません）: ${file}`);
  // --dbname takes a connection string so that no database name is mistaken for one; the rest comes from env.
  const dbname = `dbname='${env.PGDATABASE.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
  await runTool(
    "pg_restore",
    ["--clean", "--if-exists", "--single-transaction", "--exit-on-error", "--no-owner", "--no-password", `--dbname=${dbname}`, file],
    env,
    binDir,
    url,
  );
}

async function listArchive(file: string, env: NodeJS.ProcessEnv, binDir: string | undefined, url: string): Promise<string> {
  try {
    return await runTool("pg_restore", ["--list", file], env, binDir, url);
  } catch (error) {
    if (error instanceof BackupError && !/が見つかりません/.test(error.message)) {
      throw new BackupError(`バックアップファイルを読めません（壊れているか、pg_dump のカスタム形式ではありません）: ${file}\n${error.message}`);
    }
    throw error;
  }
}

/** Runs a client tool, returning its stdout; a failure becomes a BackupError with its stderr (password masked). */
function runTool(tool: "pg_dump" | "pg_restore", args: string[], env: NodeJS.ProcessEnv, binDir: string | undefined, url: string): Promise<string> {
  const command = binDir ? path.join(binDir, tool) : tool;
  const password = env.PGPASSWORD;
  const mask = (text: string) => (password ? text.split(password).join("***") : text);
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
    child.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") {
        reject(
          new BackupError(
            `${command} が見つかりません。PostgreSQL のクライアント（Debian: apt-get install postgresql-client）を入れるか、PG_BIN_DIR にそのディレクトリを指定してください。`,
          ),
        );
      } else reject(new BackupError(`${command} を起動できません: ${error.message}`));
    });
    child.on("close", (code, signal) => {
      if (code === 0) return resolve(Buffer.concat(stdout).toString("utf8"));
      const detail = mask(Buffer.concat(stderr).toString("utf8").trim()).split("\n").slice(-15).join("\n");
      const hint = /password authentication failed|no password supplied|パスワード/.test(detail)
        ? "\n（パスワードは DATABASE_URL に含めるか ~/.pgpass に書いてください）"
        : /server version mismatch|サーバーのバージョン/.test(detail)
          ? "\n（サーバーより新しい pg_dump が必要です。PG_BIN_DIR でそのディレクトリを指定できます）"
          : "";
      reject(
        new BackupError(
          `${tool} が失敗しました（${signal ?? `終了コード ${code}`}、${redactUrl(url)}）。${tool === "pg_restore" && args.includes("--single-transaction") ? "変更はすべて取り消され、データベースは元のままです。" : ""}\n${detail}${hint}`,
        ),
      );
    });
  });
}

// --- PGlite -----------------------------------------------------------------------------------------------------

function refuseIfInUse(dataDir: string, action: string): void {
  if (!pgliteInUse(dataDir)) return;
  throw new BackupError(
    `データディレクトリ ${dataDir} は使用中です（postmaster.pid があります）。${action}の前にサーバー（npm start など）を停止してください。\n` +
      `停止しているのにこの表示が出る場合は前回の異常終了の名残です。サーバーを一度起動して正常に停止するか、${path.join(dataDir, "postmaster.pid")} を削除してからやり直してください。`,
  );
}

async function dumpPglite(dataDir: string, partial: string): Promise<void> {
  const dir = path.resolve(dataDir);
  if (!existsSync(path.join(dir, "PG_VERSION")))
    throw new BackupError(`バックアップするデータがありません（${dir} に PGlite のデータベースがありません）。PGLITE_DIR を確かめてください。`);
  refuseIfInUse(dir, "バックアップ");
  const client = new PGlite(dir);
  try {
    await client.waitReady;
    // Writes every changed page to the data files, so the copy needs no WAL replay when it is loaded.
    await client.exec("checkpoint");
    const tarball = await client.dumpDataDir("gzip");
    await writeFile(partial, new Uint8Array(await tarball.arrayBuffer()));
  } finally {
    await client.close();
  }
}

/** The PostgreSQL major version recorded in a PGlite tarball (its PG_VERSION), or null when it has none. */
export function pgliteTarballVersion(bytes: Uint8Array): string | null {
  let tar: Buffer;
  try {
    tar = bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : Buffer.from(bytes);
  } catch {
    return null;
  }
  for (let offset = 0; offset + 512 <= tar.length;) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((b) => b === 0)) break;
    const field = (start: number, length: number) =>
      header
        .subarray(start, start + length)
        .toString("utf8")
        .replace(/\0.*$/s, "");
    const name = [field(345, 155), field(0, 100)].filter(Boolean).join("/");
    const size = parseInt(field(124, 12).trim() || "0", 8);
    if (!Number.isFinite(size) || size < 0) return null;
    const body = offset + 512;
    if (/(^|\/)PG_VERSION$/.test(name) && !/\/base\//.test(name))
      return tar
        .subarray(body, body + size)
        .toString("utf8")
        .trim();
    offset = body + Math.ceil(size / 512) * 512;
  }
  return null;
}

async function restorePglite(dataDir: string, file: string): Promise<void> {
  const dir = path.resolve(dataDir);
  refuseIfInUse(dir, "復元");
  const bytes = new Uint8Array(await readFile(file));
  const version = pgliteTarballVersion(bytes);
  if (!version) throw new BackupError(`PGlite のバックアップではないか、壊れています（PG_VERSION がありません）: ${file}`);
  await mkdir(path.dirname(dir), { recursive: true });
  const suffix = `${Date.now()}-${randomBytes(3).toString("hex")}`;
  const fresh = `${dir}.restore-${suffix}`;
  const old = `${dir}.old-${suffix}`;
  try {
    const client = new PGlite({ dataDir: fresh, loadDataDir: new Blob([bytes]) });
    try {
      await client.waitReady;
      await client.query("select count(*) from drizzle.__drizzle_migrations");
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new BackupError(
        `バックアップを読み込めませんでした（壊れているか、学び舎のデータベースではありません。バックアップの PostgreSQL: ${version}）: ${file}\n${reason}\n元のデータ（${dir}）は変更していません。`,
      );
    } finally {
      await client.close().catch(() => {});
    }
  } catch (error) {
    await rm(fresh, { recursive: true, force: true });
    throw error;
  }
  // Checked again: a server may have been started while the copy was loading.
  try {
    refuseIfInUse(dir, "復元");
  } catch (error) {
    await rm(fresh, { recursive: true, force: true });
    throw error;
  }
  const hadOld = existsSync(dir);
  try {
    if (hadOld) await rename(dir, old);
    await rename(fresh, dir);
  } catch (error) {
    if (hadOld && !existsSync(dir) && existsSync(old)) await rename(old, dir).catch(() => {});
    await rm(fresh, { recursive: true, force: true });
    const reason = error instanceof Error ? error.message : String(error);
    throw new BackupError(
      `データディレクトリを入れ替えられませんでした（${dir} の親ディレクトリに書き込めて、同じファイルシステム上にある必要があります）: ${reason}\n元のデータは変更していません。`,
    );
  }
  if (hadOld) await rm(old, { recursive: true, force: true });
}
