import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { openDatabase, redactUrl, type Database } from "../../db/client";
import { runMigrations } from "../../db/migrate";

export interface TestDatabase extends Database {
  /** Closes the connection and drops the database created for this test file (Postgres). */
  dispose(): Promise<void>;
}

/**
 * A database of its own for one test file: an in-memory PGlite by default, or — when TEST_DATABASE_URL points at a
 * Postgres server — a new database created on that server and dropped afterwards. Migrations are applied unless
 * `migrate: false`; `max` is the Postgres pool's size.
 */
export async function createTestDatabase({ migrate = true, max = 4 } = {}): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL?.trim();
  let database: Database;
  let drop = async () => {};
  if (serverUrl) {
    const name = `manabiya_test_${process.pid}_${randomBytes(4).toString("hex")}`;
    const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
    try {
      await admin.unsafe(`create database "${name}"`);
    } catch (error) {
      await admin.end();
      throw new Error(`TEST_DATABASE_URL (${redactUrl(serverUrl)}) でテスト用データベースを作れません: ${String(error)}`);
    }
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    database = await openDatabase({ url: url.toString(), max });
    drop = async () => {
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end();
    };
  } else {
    database = await openDatabase({ dataDir: "memory://" });
  }
  if (migrate) await runMigrations(database);
  return {
    ...database,
    async dispose() {
      await database.close();
      await drop();
    },
  };
}
