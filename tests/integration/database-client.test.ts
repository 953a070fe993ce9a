import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../../db/client";
import { organizations } from "../../db/schema";
import { createTestDatabase, type TestDatabase } from "../support/database";

/**
 * How the app talks to Postgres (decision 016): parameterized queries are prepared statements kept per connection,
 * inside transactions and savepoints too, and every run is still planned for its own values. PGlite has no
 * connections or statements to keep, so this file runs on the Postgres pass of `npm test` only.
 */
describe.skipIf(!process.env.TEST_DATABASE_URL)("the Postgres client", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    // One connection, so that every query below meets the statements the others left on it.
    database = await createTestDatabase({ max: 1 });
  });
  afterAll(() => database?.dispose());

  const kept = async (marker: string) =>
    queryRows<{ parameter_types: string; from_sql: boolean }>(
      database.db,
      sql`select parameter_types::text, from_sql from pg_prepared_statements where statement like ${`%/* ${marker} */%`} and statement not like '%pg_prepared_statements%'`,
    );

  it("prepares a parameterized query once and runs it again with other values", async () => {
    const count = (slug: string) =>
      queryRows<{ n: number }>(database.db, sql`select /* prepared-check */ count(*)::int as n from organizations where slug = ${slug}`);
    await database.db.insert(organizations).values({ slug: "prepared-town", name: "準備町", nameKana: "じゅんびまち", prefecture: "茨城県" });
    expect(await count("prepared-town")).toEqual([{ n: 1 }]);
    expect(await count("elsewhere")).toEqual([{ n: 0 }]);
    expect(await kept("prepared-check")).toEqual([{ parameter_types: "{text}", from_sql: false }]);
  });

  it("prepares queries inside a transaction and a savepoint, and still rolls back what fails", async () => {
    await database.db.transaction(async (tx) => {
      await tx.execute(sql`select /* in-transaction */ ${1}::int as one`);
      await tx
        .transaction(async (inner) => {
          await inner.insert(organizations).values({ slug: "rolled-back", name: "戻し町", nameKana: "もどしまち", prefecture: "茨城県" });
          await inner.execute(sql`select /* in-savepoint */ ${2}::int as two`);
          throw new Error("roll back the savepoint");
        })
        .catch(() => {});
    });
    expect(await kept("in-transaction")).toHaveLength(1);
    expect(await kept("in-savepoint")).toHaveLength(1);
    expect(await queryRows(database.db, sql`select slug from organizations where slug = ${"rolled-back"}`)).toEqual([]);
  });

  it("plans every run for its own values", async () => {
    expect(await queryRows(database.db, sql`select current_setting('plan_cache_mode') as mode`)).toEqual([{ mode: "force_custom_plan" }]);
  });
});
