import { sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { runMigrations } from "../db/migrate";
import { loadContent, type LoadedContent } from "./content/load.server";
import { syncContent, type SyncSummary } from "./content/sync.server";
import { isEmpty, seedDemoData, type SeedOptions, type SeedSummary } from "./demo/seed.server";

export interface BootstrapOptions {
  contentDir: string;
  /** "if-empty": seed demo data on first start only (npm start); "always": reseed (npm run db:seed); "never". */
  seed: "if-empty" | "always" | "never";
  seedOptions?: SeedOptions;
}

export interface BootstrapResult {
  content: LoadedContent;
  sync: SyncSummary;
  seeded: SeedSummary | null;
}

/** Arbitrary constant: Postgres advisory lock taken while one server migrates and syncs, so two starting at once queue. */
const BOOTSTRAP_LOCK = 7_260_001;

/**
 * Everything that must be true before the app serves a request: content/ is valid (checked before the database is
 * touched, so a bad file changes nothing), migrations are applied, content is synced, and demo data exists.
 */
export async function bootstrap(database: Database, options: BootstrapOptions): Promise<BootstrapResult> {
  const content = await loadContent(options.contentDir);
  const locked = database.kind === "postgres";
  if (locked) await database.db.execute(sql`select pg_advisory_lock(${BOOTSTRAP_LOCK})`);
  try {
    await runMigrations(database);
    const sync = await syncContent(database.db, content);
    const shouldSeed = options.seed === "always" || (options.seed === "if-empty" && (await isEmpty(database.db)));
    const seeded = shouldSeed ? await seedDemoData(database.db, content.organizations, options.seedOptions) : null;
    return { content, sync, seeded };
  } finally {
    if (locked) await database.db.execute(sql`select pg_advisory_unlock(${BOOTSTRAP_LOCK})`);
  }
}
