import { fileURLToPath } from "node:url";
import type { PgliteDatabase } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import type { PostgresJsDatabase } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import { envFrom, type EnvSource } from "../app/kernel/env.server";
import type { Database } from "./client";

/**
 * The generated SQL migrations committed in db/migrations (MIGRATIONS_DIR overrides it for a bundled build). A
 * function, not a constant: the environment is read when migrating, never while modules are being imported.
 */
export function migrationsDir(source?: EnvSource): string {
  return envFrom(source).MIGRATIONS_DIR ?? fileURLToPath(new URL("./migrations", import.meta.url));
}

/** Applies every migration not yet applied. Safe to call on every start. */
export async function runMigrations(database: Database): Promise<void> {
  const config = { migrationsFolder: migrationsDir() };
  if (database.kind === "pglite") {
    await migratePglite(database.db as unknown as PgliteDatabase, config);
  } else {
    await migratePostgres(database.db as unknown as PostgresJsDatabase, config);
  }
}
