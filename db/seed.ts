import { sql } from "drizzle-orm";
import type { LoadedOrganization } from "../app/content/load.server";
import type { Db } from "./client";
import { departments, organizations } from "./schema";

export interface SeedSummary {
  organizations: number;
  departments: number;
}

/**
 * Demo data: the organizations in content/organizations/*.yaml with their 課. Idempotent — rows are matched by slug and
 * department code, updated in place, never duplicated. Runs in one transaction.
 */
export async function seedDemoData(db: Db, orgs: LoadedOrganization[]): Promise<SeedSummary> {
  let departmentCount = 0;
  await db.transaction(async (tx) => {
    for (const { data } of orgs) {
      const [org] = await tx
        .insert(organizations)
        .values({ slug: data.slug, name: data.name, nameKana: data.nameKana, prefecture: data.prefecture })
        .onConflictDoUpdate({
          target: organizations.slug,
          set: { name: data.name, nameKana: data.nameKana, prefecture: data.prefecture, updatedAt: sql`now()` },
        })
        .returning({ id: organizations.id });
      const organizationId = org!.id;
      for (const [position, dept] of data.departments.entries()) {
        await tx
          .insert(departments)
          .values({ organizationId, code: dept.code, name: dept.name, position })
          .onConflictDoUpdate({
            target: [departments.organizationId, departments.code],
            set: { name: dept.name, position, updatedAt: sql`now()` },
          });
        departmentCount++;
      }
    }
  });
  return { organizations: orgs.length, departments: departmentCount };
}

/** True when the database has no organization yet (first start). */
export async function isEmpty(db: Db): Promise<boolean> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(organizations);
  return (row?.n ?? 0) === 0;
}
