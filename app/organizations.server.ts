import { asc, eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { organizations } from "../db/schema";

/** Every organization on the instance, in 五十音 order, for the 自治体 / 市町村 pickers. */
export async function listOrganizations(db: Db) {
  return db.select({ id: organizations.id, slug: organizations.slug, name: organizations.name }).from(organizations).orderBy(asc(organizations.nameKana));
}

export async function getOrganizationSettings(db: Db, organizationId: string) {
  const [row] = await db
    .select({ residentDataRetentionDays: organizations.residentDataRetentionDays })
    .from(organizations)
    .where(eq(organizations.id, organizationId));
  return row ?? null;
}
