import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { complianceOf, listCampaigns } from "~/campaigns/campaigns.server";
import { seedDemoCampaigns } from "~/demo/campaigns.server";
import { users } from "../../db/schema";
import { createAppDatabase, userId } from "../support/app";
import type { TestDatabase } from "../support/database";

let database: TestDatabase;
const TODAY = new Date("2026-11-22T12:00:00+09:00");

beforeAll(async () => {
  database = await createAppDatabase();
});
afterAll(async () => {
  await database.dispose();
});

describe("demo campaigns", () => {
  it("gives each organization this year's security campaign, partly completed and partly overdue", async () => {
    expect(await seedDemoCampaigns(database.db, TODAY)).toBe(4);
    const ami = (await userId(database, "ami", "1001")).organizationId;
    const list = await listCampaigns(database.db, ami, TODAY);
    expect(list.map((c) => c.campaign.title).sort()).toEqual(["2026年度 DX基礎研修（係長級以下）", "2026年度 情報セキュリティ研修"]);
    const security = list.find((c) => c.campaign.key === "security-annual")!;
    const [active] = await database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(users)
      .where(and(eq(users.organizationId, ami), eq(users.active, true)));
    // Staff 2001–2026 whose number ends in 0–6 have finished (20 people); those ending in 6 after the due date (3).
    expect(security.compliance).toEqual({
      total: active!.n,
      completed: 20,
      late: 3,
      pending: 0,
      overdue: active!.n - 20,
      rate: Math.round((20 / active!.n) * 1000) / 10,
    });
    const dx = list.find((c) => c.campaign.key === "dx-literacy")!;
    expect(dx.compliance.pending).toBe(dx.compliance.total); // due in January: nobody is late yet
    expect(dx.compliance.total).toBeLessThan(active!.n); // 係長 and below only
  });

  it("is idempotent", async () => {
    expect(await seedDemoCampaigns(database.db, TODAY)).toBe(0);
    const ami = (await userId(database, "ami", "1001")).organizationId;
    expect((await complianceOf(database.db, (await listCampaigns(database.db, ami, TODAY))[0]!.campaign, TODAY)).completed).toBeGreaterThanOrEqual(0);
  });

  it("the printable 受講記録 counts the same figures as the campaign queries", async () => {
    const { callLoader, sessionCookie } = await import("../support/app");
    const { complianceBy } = await import("~/campaigns/campaigns.server");
    const ami = (await userId(database, "ami", "1001")).organizationId;
    const security = (await listCampaigns(database.db, ami)).find((c) => c.campaign.key === "security-annual")!;
    const route = await import("~/routes/admin.campaigns.$campaignId_.record");
    const out = await callLoader(route.loader as never, `/admin/campaigns/${security.campaign.id}/record`, {
      cookie: await sessionCookie(database, "ami", "1001"),
      params: { campaignId: security.campaign.id },
    });
    const page = out.data as { summary: unknown; byDepartment: { label: string; total: number; completed: number }[]; people: unknown[] };
    expect(page.summary).toEqual(await complianceOf(database.db, security.campaign));
    const byDepartment = await complianceBy(database.db, security.campaign, "department");
    expect(page.byDepartment.map((b) => [b.label, b.total, b.completed])).toEqual(byDepartment.map((b) => [b.label, b.total, b.completed]));
    expect(page.people).toHaveLength(security.compliance.total);
  });
});
