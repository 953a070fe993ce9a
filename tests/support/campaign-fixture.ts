import { eq } from "drizzle-orm";
import { courseCompletions, courses, departments, jobRanks, organizations, users } from "../../db/schema";
import type { CampaignInput } from "~/campaigns/campaigns.server";
import { DEFAULT_REMINDERS } from "~/campaigns/rules";
import type { EmploymentType, Role } from "~/staff/constants";
import type { TestDatabase } from "./database";

/**
 * A small town built for campaign tests, with figures that can be computed by hand: two 課 (A, B) and a third (C)
 * outside the audience, two 職位, and staff whose completions fall before, inside and after the campaign window.
 */
export async function buildCampaignTown(database: TestDatabase, slug = "testtown") {
  const db = database.db;
  const [org] = await db.insert(organizations).values({ slug, name: "テスト町", nameKana: "てすとまち", prefecture: "茨城県" }).returning();
  const organizationId = org!.id;
  const [a, b, c] = await db
    .insert(departments)
    .values([
      { organizationId, code: "a", name: "A課", position: 0 },
      { organizationId, code: "b", name: "B課", position: 1 },
      { organizationId, code: "c", name: "C課", position: 2 },
    ])
    .returning();
  const [kakaricho, shuji] = await db
    .insert(jobRanks)
    .values([
      { organizationId, name: "係長", position: 0 },
      { organizationId, name: "主事", position: 1 },
    ])
    .returning();
  const person = async (
    staffNumber: string,
    departmentId: string | null,
    jobRankId: string,
    employmentType: EmploymentType = "regular",
    options: { active?: boolean; roles?: Role[]; email?: string | null } = {},
  ) => {
    const [row] = await db
      .insert(users)
      .values({
        organizationId,
        staffNumber,
        name: `職員　${staffNumber}`,
        nameKana: `しょくいん　${staffNumber}`,
        email: options.email === undefined ? `${slug}-${staffNumber}@example.jp` : options.email,
        departmentId,
        jobRankId,
        employmentType,
        active: options.active ?? true,
        roles: options.roles ?? ["learner"],
      })
      .returning({ id: users.id });
    return row!.id;
  };
  const staff = {
    u1: await person("u1", a!.id, shuji!.id),
    u2: await person("u2", a!.id, shuji!.id),
    u3: await person("u3", a!.id, kakaricho!.id),
    u4: await person("u4", b!.id, shuji!.id, "fiscal_year"),
    u5: await person("u5", b!.id, shuji!.id),
    u6: await person("u6", b!.id, shuji!.id, "regular", { active: false }),
    u7: await person("u7", null, shuji!.id),
    u8: await person("u8", a!.id, shuji!.id),
    managerA: await person("m1", a!.id, kakaricho!.id, "regular", { roles: ["learner", "dept_manager"] }),
  };
  const courseId = async (courseSlug: string) => (await db.select({ id: courses.id }).from(courses).where(eq(courses.slug, courseSlug)))[0]!.id;
  let n = 0;
  const complete = async (userId: string, course: string, at: string) => {
    const completedAt = new Date(at);
    const jst = new Date(completedAt.getTime() + 9 * 3_600_000);
    const fiscalYear = jst.getUTCMonth() >= 3 ? jst.getUTCFullYear() : jst.getUTCFullYear() - 1;
    await db.insert(courseCompletions).values({
      organizationId,
      userId,
      courseId: await courseId(course),
      completedAt,
      fiscalYear,
      certificateCode: `TESTCODE${String(++n).padStart(8, "0")}`,
      courseContentHash: "x",
    });
  };
  return {
    organizationId,
    departments: { a: a!.id, b: b!.id, c: c!.id },
    ranks: { kakaricho: kakaricho!.id, shuji: shuji!.id },
    staff,
    courseId,
    complete,
    person,
  };
}

export type CampaignTown = Awaited<ReturnType<typeof buildCampaignTown>>;

/** The town's 2026年度 security campaign for 課 A and B (May–June), changed by `overrides`; courses are given by the test. */
export function campaignInput(town: CampaignTown, overrides: Partial<CampaignInput> = {}): CampaignInput {
  return {
    key: "security-annual",
    title: "2026年度 情報セキュリティ研修",
    description: "",
    fiscalYear: 2026,
    startsOn: "2026-05-01",
    dueOn: "2026-06-30",
    countEarlierCompletions: true,
    courseIds: [],
    audience: { departmentIds: [town.departments.a, town.departments.b], jobRankIds: [], employmentTypes: [], roles: [] },
    reminders: DEFAULT_REMINDERS,
    ...overrides,
  };
}
