/**
 * npm run db:backup / db:restore (db/backup.ts, decision 019): a backup of the demo data, rows deleted, the backup
 * restored; every table's row count and the KPI CSV export's bytes must be what they were. On PGlite (a data
 * directory under the system's temp directory) by default; on Postgres, with real pg_dump and pg_restore, when
 * TEST_DATABASE_URL is set (two databases created for this file and dropped afterwards).
 */
import { randomBytes } from "node:crypto";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bootstrap } from "~/bootstrap.server";
import { fiscalYearOf } from "../../app/kernel/dates";
import { loader as kpiCsvLoader } from "~/routes/admin.kpis_.csv";
import { BackupError, backupDatabase, restoreDatabase, type BackupTarget } from "../../db/backup";
import { openDatabase, queryRows, setProcessDatabase, type Database } from "../../db/client";
import { demoPasswordHash, sessionCookie } from "../support/app";

const serverUrl = process.env.TEST_DATABASE_URL?.trim();

interface Snapshot {
  counts: Record<string, number>;
  csv: Buffer[];
}

/** Demo data as `createAppDatabase({ demoClasses: true, demoCampaigns: true })` gives it, in a database we can name. */
async function seed(database: Database): Promise<void> {
  await bootstrap(database, {
    contentDir: path.resolve("content"),
    seed: "if-empty",
    seedOptions: { classes: true, campaigns: true, sharedPasswordHash: await demoPasswordHash() },
  });
}

const asTestDatabase = (database: Database) => ({ ...database, dispose: () => database.close() });

/** Row counts of every table (public and drizzle schemas), then the KPI CSV of this and last fiscal year, as bytes. */
async function snapshot(database: Database, cookie: string): Promise<Snapshot> {
  const tables = await queryRows<{ s: string; t: string }>(
    database.db,
    sql`select table_schema as s, table_name as t from information_schema.tables where table_schema in ('public', 'drizzle') and table_type = 'BASE TABLE' order by 1, 2`,
  );
  const counts: Record<string, number> = {};
  for (const { s, t } of tables) {
    const [row] = await queryRows<{ n: number }>(database.db, sql.raw(`select count(*)::int as n from "${s}"."${t}"`));
    counts[`${s}.${t}`] = Number(row?.n);
  }
  setProcessDatabase(database);
  const fy = fiscalYearOf(new Date());
  const csv: Buffer[] = [];
  for (const year of [fy, fy - 1]) {
    // Called directly rather than through callLoader: Response.text() would drop the BOM, and the bytes are compared.
    const request = new Request(`http://localhost:3000/admin/kpis/csv?fy=${year}`, { headers: { Cookie: cookie } });
    const response = await kpiCsvLoader({ request, url: new URL(request.url), pattern: "", params: {}, context: { clientIp: "127.0.0.1" } } as never);
    expect(response.status).toBe(200);
    csv.push(Buffer.from(await response.arrayBuffer()));
  }
  return { counts, csv };
}

/** Deletes KPI inputs and records (manual figures, stored class figures, completions, attendance, sessions but ours). */
async function deleteRows(database: Database): Promise<void> {
  for (const table of ["kpi_entries", "kpi_comments", "class_year_participants", "class_year_people", "class_year_figures", "attendance", "audit_log"]) {
    await database.db.execute(sql.raw(`delete from "${table}"`));
  }
  await database.db.execute(sql`delete from course_completions where id in (select id from course_completions order by id limit 50)`);
}

function expectSame(after: Snapshot, before: Snapshot): void {
  expect(after.counts).toEqual(before.counts);
  expect(after.csv.length).toBe(before.csv.length);
  after.csv.forEach((bytes, i) => expect(bytes.equals(before.csv[i]!)).toBe(true));
}

function expectChanged(changed: Snapshot, before: Snapshot): void {
  expect(changed.counts).not.toEqual(before.counts);
  expect(changed.csv.some((bytes, i) => !bytes.equals(before.csv[i]!))).toBe(true);
}

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), "manabiya-backup-test-"));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe.skipIf(Boolean(serverUrl))("backup and restore on PGlite", () => {
  let dataDir: string;
  let target: BackupTarget;
  let cookie: string;
  let before: Snapshot;
  let changed: Snapshot;
  let backupFile: string;

  beforeAll(async () => {
    dataDir = path.join(tmp, "pglite");
    target = { kind: "pglite", dataDir };
    const database = await openDatabase({ dataDir });
    try {
      await seed(database);
      cookie = await sessionCookie(asTestDatabase(database), "ami", "1002");
      before = await snapshot(database, cookie);
    } finally {
      await database.close();
    }
  }, 120_000);

  it("writes a gzipped tarball under a new directory, and never over an existing file", async () => {
    backupFile = path.join(tmp, "backups", "nested", "pglite.tar.gz");
    const result = await backupDatabase({ target, out: backupFile });
    expect(result.file).toBe(backupFile);
    const bytes = await readFile(backupFile);
    expect(result.bytes).toBe(bytes.length);
    expect([bytes[0], bytes[1]]).toEqual([0x1f, 0x8b]);
    expect(await readdir(path.dirname(backupFile))).toEqual(["pglite.tar.gz"]);
    await expect(backupDatabase({ target, out: backupFile })).rejects.toThrow(/出力先のファイルが既にあります/);
  });

  it("refuses to back up or restore a directory in use, and to back up one with no database", async () => {
    const database = await openDatabase({ dataDir });
    try {
      await expect(backupDatabase({ target, out: path.join(tmp, "in-use.tar.gz") })).rejects.toThrow(/使用中です.*停止してください/);
      await expect(restoreDatabase({ target, file: backupFile })).rejects.toThrow(/使用中です/);
    } finally {
      await database.close();
    }
    await expect(backupDatabase({ target: { kind: "pglite", dataDir: path.join(tmp, "empty") }, out: path.join(tmp, "empty.tar.gz") })).rejects.toThrow(
      /バックアップするデータがありません/,
    );
  });

  it("after rows are deleted, restores every table's rows and the KPI CSV byte for byte", async () => {
    const database = await openDatabase({ dataDir });
    try {
      await deleteRows(database);
      changed = await snapshot(database, cookie);
    } finally {
      await database.close();
    }
    expectChanged(changed, before);

    await restoreDatabase({ target, file: backupFile });
    expect((await readdir(tmp)).filter((name) => name.startsWith("pglite"))).toEqual(["pglite"]);
    const restored = await openDatabase({ dataDir });
    try {
      expectSame(await snapshot(restored, cookie), before);
    } finally {
      await restored.close();
    }
  });

  it("rejects missing, foreign, truncated and Postgres files with Japanese messages, leaving the data as it was", async () => {
    await expect(restoreDatabase({ target, file: path.join(tmp, "nothing.tar.gz") })).rejects.toThrow(/バックアップファイルが見つかりません/);
    const text = path.join(tmp, "notes.txt");
    await writeFile(text, "これはバックアップではありません\n");
    await expect(restoreDatabase({ target, file: text })).rejects.toThrow(/形式を判別できません/);
    const pgDump = path.join(tmp, "fake.dump");
    await writeFile(pgDump, Buffer.concat([Buffer.from("PGDMP"), randomBytes(100)]));
    await expect(restoreDatabase({ target, file: pgDump })).rejects.toThrow(/Postgres（pg_dump）のバックアップです/);
    const truncated = path.join(tmp, "truncated.tar.gz");
    const whole = await readFile(backupFile);
    await writeFile(truncated, whole.subarray(0, Math.floor(whole.length / 2)));
    const error = await restoreDatabase({ target, file: truncated }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackupError);
    expect((await readdir(tmp)).filter((name) => name.startsWith("pglite"))).toEqual(["pglite"]);
    const database = await openDatabase({ dataDir });
    try {
      expectSame(await snapshot(database, cookie), before);
    } finally {
      await database.close();
    }
  });

  it("restores into a directory that does not exist yet (a new machine)", async () => {
    const elsewhere = path.join(tmp, "new-machine", "data", "pglite");
    await restoreDatabase({ target: { kind: "pglite", dataDir: elsewhere }, file: backupFile });
    const database = await openDatabase({ dataDir: elsewhere });
    try {
      expectSame(await snapshot(database, cookie), before);
    } finally {
      await database.close();
    }
  });
});

describe.runIf(Boolean(serverUrl))("backup and restore on Postgres (pg_dump, pg_restore)", () => {
  const suffix = `${process.pid}_${randomBytes(4).toString("hex")}`;
  const names = { source: `manabiya_test_backup_${suffix}`, fresh: `manabiya_test_restore_${suffix}` };
  const urlOf = (name: string) => {
    const u = new URL(serverUrl!);
    u.pathname = `/${name}`;
    return u.toString();
  };
  let admin: ReturnType<typeof postgres>;
  let cookie: string;
  let before: Snapshot;
  let backupFile: string;
  const source = (): BackupTarget => ({ kind: "postgres", url: urlOf(names.source) });

  async function withDatabase<T>(name: string, run: (database: Database) => Promise<T>): Promise<T> {
    const database = await openDatabase({ url: urlOf(name), max: 2 });
    try {
      return await run(database);
    } finally {
      await database.close();
    }
  }

  beforeAll(async () => {
    admin = postgres(serverUrl!, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database "${names.source}"`);
    await admin.unsafe(`create database "${names.fresh}"`);
    await withDatabase(names.source, async (database) => {
      await seed(database);
      cookie = await sessionCookie(asTestDatabase(database), "ami", "1002");
      before = await snapshot(database, cookie);
    });
  }, 120_000);

  afterAll(async () => {
    for (const name of Object.values(names)) await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.end();
  });

  it("writes a custom-format archive, and never over an existing file", async () => {
    backupFile = path.join(tmp, "backups", "postgres.dump");
    const result = await backupDatabase({ target: source(), out: backupFile });
    const bytes = await readFile(backupFile);
    expect(result.bytes).toBe(bytes.length);
    expect(bytes.subarray(0, 5).toString("latin1")).toBe("PGDMP");
    expect(await readdir(path.dirname(backupFile))).toEqual(["postgres.dump"]);
    await expect(backupDatabase({ target: source(), out: backupFile })).rejects.toThrow(/出力先のファイルが既にあります/);
  });

  it("restores over the changed database (clean restore) every table's rows and the KPI CSV byte for byte", async () => {
    const changed = await withDatabase(names.source, async (database) => {
      await deleteRows(database);
      return snapshot(database, cookie);
    });
    expectChanged(changed, before);

    // A damaged archive fails inside pg_restore's single transaction: nothing of the clean restore remains.
    const whole = await readFile(backupFile);
    const truncated = path.join(tmp, "truncated.dump");
    await writeFile(truncated, whole.subarray(0, Math.floor(whole.length * 0.6)));
    await expect(restoreDatabase({ target: source(), file: truncated })).rejects.toThrow(/pg_restore が失敗しました.*元のまま/);
    expect(await withDatabase(names.source, (database) => snapshot(database, cookie))).toEqual(changed);

    await restoreDatabase({ target: source(), file: backupFile });
    expectSame(await withDatabase(names.source, (database) => snapshot(database, cookie)), before);
  });

  it("restores into a fresh, empty database", async () => {
    await restoreDatabase({ target: { kind: "postgres", url: urlOf(names.fresh) }, file: backupFile });
    expectSame(await withDatabase(names.fresh, (database) => snapshot(database, cookie)), before);
  });

  it("rejects PGlite tarballs, missing files and unreachable servers in Japanese, without printing the password", async () => {
    const tarball = path.join(tmp, "fake.tar.gz");
    await writeFile(tarball, Buffer.concat([Buffer.from([0x1f, 0x8b]), randomBytes(100)]));
    await expect(restoreDatabase({ target: source(), file: tarball })).rejects.toThrow(/PGlite）のバックアップです/);
    await expect(restoreDatabase({ target: source(), file: path.join(tmp, "none.dump") })).rejects.toThrow(/見つかりません/);
    const error = await backupDatabase({
      target: { kind: "postgres", url: "postgres://someone:s3cret-pw@127.0.0.1:1/nothing" },
      out: path.join(tmp, "x.dump"),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackupError);
    expect((error as Error).message).toMatch(/pg_dump が失敗しました/);
    expect((error as Error).message).not.toContain("s3cret-pw");
    const missingTool = await backupDatabase({ target: source(), out: path.join(tmp, "y.dump"), pgBinDir: path.join(tmp, "no-such-bin") }).catch(
      (e: unknown) => e,
    );
    expect((missingTool as Error).message).toMatch(/pg_dump が見つかりません/);
  });
});
