import { and, eq, inArray, notInArray, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { organizationPrograms, organizations, programs } from "../../db/schema";
import type { LoadedOrganization, LoadedProgram } from "~/content/load.server";

/**
 * Writes the programmes of content/programs/ (inside the content sync's transaction, so all-or-nothing with the
 * curriculum), archives removed ones, and records which existing organizations run which programme. Organizations
 * created later by the seed get theirs from `enableOrganizationPrograms` there.
 */
export async function syncPrograms(tx: Db, loaded: LoadedProgram[], orgs: LoadedOrganization[]): Promise<void> {
  for (const p of loaded) {
    const values = {
      title: p.definition.title,
      summary: p.definition.summary,
      descriptionHtml: p.descriptionHtml,
      definition: p.definition,
      contentHash: p.contentHash,
      archived: false,
    };
    await tx
      .insert(programs)
      .values({ slug: p.slug, ...values })
      .onConflictDoUpdate({
        target: programs.slug,
        set: {
          ...values,
          updatedAt: sql`case when ${programs.contentHash} = ${p.contentHash} and not ${programs.archived} then ${programs.updatedAt} else now() end`,
        },
      });
  }
  const keep = loaded.map((p) => p.slug);
  await tx
    .update(programs)
    .set({ archived: true, updatedAt: sql`now()` })
    .where(and(eq(programs.archived, false), keep.length ? notInArray(programs.slug, keep) : undefined));
  for (const org of orgs) {
    const [row] = await tx.select({ id: organizations.id }).from(organizations).where(eq(organizations.slug, org.data.slug));
    if (row) await enableOrganizationPrograms(tx, row.id, org.data.programs);
  }
}

/** Makes the organization's enabled programmes exactly `slugs` (unknown slugs are ignored; content:check reports them). */
export async function enableOrganizationPrograms(tx: Db, organizationId: string, slugs: string[]): Promise<void> {
  const rows = slugs.length ? await tx.select({ id: programs.id }).from(programs).where(inArray(programs.slug, slugs)) : [];
  const ids = rows.map((r) => r.id);
  await tx
    .delete(organizationPrograms)
    .where(and(eq(organizationPrograms.organizationId, organizationId), ids.length ? notInArray(organizationPrograms.programId, ids) : undefined));
  if (ids.length)
    await tx
      .insert(organizationPrograms)
      .values(ids.map((programId) => ({ organizationId, programId })))
      .onConflictDoNothing();
}
