import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addOverride,
  campaignOverview,
  complianceBy,
  complianceOf,
  complianceTrend,
  createCampaign,
  listAssignments,
  type CampaignRow,
} from "~/campaigns/campaigns.server";
import { campaigns } from "../../db/schema";
import { createAppDatabase } from "../support/app";
import { buildCampaignTown, campaignInput } from "../support/campaign-fixture";
import type { TestDatabase } from "../support/database";

/**
 * The campaign page reads everything from one evaluation of the assignments (campaignOverview). It must show exactly
 * what the separate queries give — compared here on the hand-computed town of campaigns.test.ts and on every demo
 * campaign, at moments before, during and after the window.
 */
let database: TestDatabase;

beforeAll(async () => {
  database = await createAppDatabase({ demoCampaigns: true });
  const town = await buildCampaignTown(database);
  const { staff, complete } = town;
  await complete(staff.u1, "security-basics", "2026-05-10T09:00:00+09:00");
  await complete(staff.managerA, "security-basics", "2026-06-30T23:59:00+09:00");
  await complete(staff.u2, "security-basics", "2026-07-01T00:00:00+09:00");
  await complete(staff.u4, "security-basics", "2026-04-20T10:00:00+09:00");
  await complete(staff.u6, "security-basics", "2026-05-11T10:00:00+09:00");
  await complete(staff.u8, "security-basics", "2026-03-20T10:00:00+09:00");
  await complete(staff.u7, "dx-basics", "2026-05-12T10:00:00+09:00");
  const ctx = { organizationId: town.organizationId, actorUserId: staff.managerA, ip: null };
  const created = await createCampaign(
    database.db,
    ctx,
    campaignInput(town, { courseIds: [await town.courseId("security-basics"), await town.courseId("dx-basics")] }),
  );
  if (!created.ok) throw new Error(JSON.stringify(created.errors));
  await addOverride(database.db, ctx, created.id, { staffNumber: "u5", kind: "exempt", reason: "育児休業" });
  await addOverride(database.db, ctx, created.id, { staffNumber: "u7", kind: "include", reason: "兼務" });
});
afterAll(async () => {
  await database.dispose();
});

async function separately(c: CampaignRow, now: Date, limit: number) {
  return {
    compliance: await complianceOf(database.db, c, now),
    byDepartment: await complianceBy(database.db, c, "department", now),
    byRank: await complianceBy(database.db, c, "jobRank", now),
    byType: await complianceBy(database.db, c, "employmentType", now),
    trend: await complianceTrend(database.db, c, now),
    open: await listAssignments(database.db, c, { now, statuses: ["overdue", "pending"], limit }),
  };
}

describe("campaign overview (one evaluation per view)", () => {
  it("equals the separate queries for every campaign, before, during and after its window, with and without a limit", async () => {
    const all = await database.db.select().from(campaigns);
    expect(all.length).toBeGreaterThan(1);
    let compared = 0;
    for (const c of all) {
      for (const at of [
        `${c.startsOn}T08:00:00+09:00`,
        `${c.dueOn}T23:59:30+09:00`,
        `${c.fiscalYear + 1}-01-15T12:00:00+09:00`,
        `${c.fiscalYear + 1}-05-01T12:00:00+09:00`,
      ]) {
        const now = new Date(at);
        for (const limit of [200, 2]) {
          const expected = await separately(c, now, limit);
          expect(await campaignOverview(database.db, c, now, { limit }), `${c.key} ${c.fiscalYear} at ${at}, limit ${limit}`).toEqual(expected);
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(8);
  });

  it("gives empty figures for a campaign nobody is assigned", async () => {
    const [c] = await database.db.select().from(campaigns).limit(1);
    const nobody: CampaignRow = { ...c!, id: randomUUID(), audience: { departmentIds: [randomUUID()], jobRankIds: [], employmentTypes: [], roles: [] } };
    const now = new Date(`${c!.dueOn}T12:00:00+09:00`);
    const overview = await campaignOverview(database.db, nobody, now);
    expect(overview).toEqual(await separately(nobody, now, 200));
    expect(overview.compliance.total).toBe(0);
  });
});
