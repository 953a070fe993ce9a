import { and, eq, isNull, sql } from "drizzle-orm";
import { hashPassword } from "~/auth/password.server";
import type { LoadedOrganization } from "~/content/load.server";
import { enableOrganizationPrograms } from "~/programs/sync.server";
import { DEFAULT_JOB_RANKS } from "~/staff/constants";
import { normalizeKana, normalizePersonName } from "~/staff/names";
import type { Db } from "../../db/client";
import { departments, jobRanks, kpis, organizations, users } from "../../db/schema";
import { seedDemoCampaigns } from "./campaigns.server";
import { seedDemoClasses } from "./classes/seed.server";
import { seedDemoPrograms } from "./programs.server";
import { DEMO_PASSWORD, demoStaffFor } from "./staff";

export interface SeedSummary {
  organizations: number;
  departments: number;
  staff: number;
  classSessions: number;
}

export interface SeedOptions {
  /** A year of demo classes with attendance and surveys (default true; tests that build their own turn it off). */
  classes?: boolean;
  /** This year's mandatory-training campaigns with completions (default true; tests that count build their own). */
  campaigns?: boolean;
  /** DX推進員 applicants, candidates and promoters (default true; uses the demo classes' trainings when there are any). */
  programs?: boolean;
  /**
   * Tests only: one precomputed hash of the demo password for every demo account, instead of one scrypt (64 MiB) per
   * account with its own salt. Each test file seeds a database of its own; hashing ~64 passwords each time made the
   * suite slow and flaky on a busy 2-core machine.
   */
  sharedPasswordHash?: string;
}

/**
 * Demo data: the organizations in content/organizations/*.yaml with their 課 and 職位, and a few dozen demo staff per
 * organization covering every role. Idempotent — rows are matched by slug, department code, rank name and staff
 * number, updated in place, never duplicated. Passwords are only set where none is set yet. One transaction.
 */
export async function seedDemoData(db: Db, orgs: LoadedOrganization[], options: SeedOptions = {}): Promise<SeedSummary> {
  const summary: SeedSummary = { organizations: 0, departments: 0, staff: 0, classSessions: 0 };
  // Hash outside the transaction (64 MiB scrypt each, run on the thread pool in parallel).
  const staffByOrg = new Map(
    orgs.map(({ data }) => [
      data.slug,
      demoStaffFor(
        data.slug,
        data.departments.map((d) => d.code),
      ),
    ]),
  );
  const hashes = new Map<string, string>();
  await Promise.all(
    [...staffByOrg].flatMap(([slug, staff]) =>
      staff.map(async (s) => hashes.set(`${slug}:${s.staffNumber}`, options.sharedPasswordHash ?? (await hashPassword(DEMO_PASSWORD)))),
    ),
  );

  await db.transaction(async (tx) => {
    for (const { data } of orgs) {
      const [org] = await tx
        .insert(organizations)
        .values({
          slug: data.slug,
          name: data.name,
          nameKana: data.nameKana,
          prefecture: data.prefecture,
          residentDataRetentionDays: data.residentDataRetentionDays,
          publishKpis: data.publishKpis,
        })
        .onConflictDoUpdate({
          target: organizations.slug,
          set: {
            name: data.name,
            nameKana: data.nameKana,
            prefecture: data.prefecture,
            residentDataRetentionDays: data.residentDataRetentionDays,
            publishKpis: data.publishKpis,
            updatedAt: sql`now()`,
          },
        })
        .returning({ id: organizations.id });
      const organizationId = org!.id;
      summary.organizations++;

      const departmentIds = new Map<string, string>();
      for (const [position, dept] of data.departments.entries()) {
        const [row] = await tx
          .insert(departments)
          .values({ organizationId, code: dept.code, name: dept.name, position })
          .onConflictDoUpdate({ target: [departments.organizationId, departments.code], set: { name: dept.name, position, updatedAt: sql`now()` } })
          .returning({ id: departments.id });
        departmentIds.set(dept.code, row!.id);
        summary.departments++;
      }

      for (const [position, k] of (data.kpis ?? []).entries()) {
        const values = {
          name: k.name,
          policyArea: k.policyArea,
          unit: k.unit,
          direction: k.direction,
          accumulation: k.accumulation,
          baselineValue: k.baseline.value,
          baselineFiscalYear: k.baseline.fiscalYear,
          targets: k.targets,
          source: k.source,
          position,
        };
        // The content file seeds KPIs; once they exist, the DX office edits them in the app, and reseeding keeps those edits.
        await tx
          .insert(kpis)
          .values({ organizationId, code: k.code, ...values })
          .onConflictDoNothing({ target: [kpis.organizationId, kpis.code] });
      }
      // Certification programmes the organization runs (the content sync has written the programmes themselves).
      await enableOrganizationPrograms(tx, organizationId, data.programs ?? []);

      const rankIds = new Map<string, string>();
      for (const [position, name] of (data.jobRanks ?? DEFAULT_JOB_RANKS).entries()) {
        const [row] = await tx
          .insert(jobRanks)
          .values({ organizationId, name, position })
          .onConflictDoUpdate({ target: [jobRanks.organizationId, jobRanks.name], set: { position } })
          .returning({ id: jobRanks.id });
        rankIds.set(name, row!.id);
      }

      for (const s of staffByOrg.get(data.slug) ?? []) {
        const values = {
          name: normalizePersonName(s.name),
          nameKana: normalizeKana(s.nameKana),
          email: s.email,
          departmentId: departmentIds.get(s.departmentCode) ?? null,
          jobRankId: rankIds.get(s.rank) ?? null,
          employmentType: s.employmentType,
          roles: s.roles,
          active: true,
        };
        await tx
          .insert(users)
          .values({ organizationId, staffNumber: s.staffNumber, ...values, passwordHash: hashes.get(`${data.slug}:${s.staffNumber}`)! })
          .onConflictDoUpdate({ target: [users.organizationId, users.staffNumber], set: { ...values, updatedAt: sql`now()` } });
        await tx
          .update(users)
          .set({ passwordHash: hashes.get(`${data.slug}:${s.staffNumber}`)! })
          .where(and(eq(users.organizationId, organizationId), eq(users.staffNumber, s.staffNumber), isNull(users.passwordHash)));
        summary.staff++;
      }
    }
  });
  // Classes after staff (instructors and staff trainings refer to them); skipped per organization once it has any.
  if (options.classes !== false) summary.classSessions = (await seedDemoClasses(db)).sessions;
  if (options.campaigns !== false) await seedDemoCampaigns(db);
  if (options.programs !== false) await seedDemoPrograms(db);
  return summary;
}

/** True when the database has no organization yet (first start). */
export async function isEmpty(db: Db): Promise<boolean> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(organizations);
  return (row?.n ?? 0) === 0;
}
