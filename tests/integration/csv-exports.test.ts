import { and, eq, sql } from "drizzle-orm";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startsFormula } from "~/http/csv.server";
import { campaigns, departments, kpis, organizations, promoterActivities, registrations, users } from "../../db/schema";
import { callLoader, createAppDatabase, sessionCookie } from "../support/app";
import type { TestDatabase } from "../support/database";

/**
 * Names, districts, notes and titles come from people (a resident's form, a roster, a promoter's report): each CSV an
 * administrator opens in Excel must show them as text, never run them.
 */
const HOSTILE = ['=HYPERLINK("http://evil.example","詳細")', "+1+1", "-2+3", "@SUM(A1)", "  =1+1", "\t=1", "＝1+1"];

let database: TestDatabase;
let ami: string;

function cellsOf(data: unknown): string[] {
  const text = String(data).replace(/^\uFEFF/, "");
  return (parse(text, { relax_column_count: true }) as string[][]).flat();
}

function expectSafe(data: unknown) {
  const cells = cellsOf(data);
  const hostile = cells.filter((c) => HOSTILE.some((h) => c.includes(h.trim())));
  expect(hostile.length, "the hostile values are in the export").toBeGreaterThan(0);
  for (const cell of cells) expect(startsFormula(cell), JSON.stringify(cell)).toBe(false);
}

beforeAll(async () => {
  database = await createAppDatabase({ demoClasses: true, demoCampaigns: true });
  const [org] = await database.db.select({ id: organizations.id }).from(organizations).where(eq(organizations.slug, "ami"));
  ami = org!.id;
}, 120_000);
afterAll(async () => {
  await database?.close();
});

describe("CSV exports with values that look like formulas", () => {
  it("the campaign CSV (staff names, ふりがな, 課)", async () => {
    const staff = await database.db.select({ id: users.id }).from(users).where(eq(users.organizationId, ami)).limit(HOSTILE.length);
    for (const [i, s] of staff.entries())
      await database.db
        .update(users)
        .set({ name: HOSTILE[i]!, nameKana: HOSTILE[(i + 1) % HOSTILE.length]! })
        .where(eq(users.id, s.id));
    await database.db
      .update(departments)
      .set({ name: sql`${"=2*3 "} || ${departments.name}` })
      .where(eq(departments.organizationId, ami));
    const [campaign] = await database.db.select({ id: campaigns.id }).from(campaigns).where(eq(campaigns.organizationId, ami)).limit(1);
    const route = await import("~/routes/admin.campaigns.$campaignId_.csv");
    const res = await callLoader(route.loader, `/admin/campaigns/${campaign!.id}/csv`, {
      cookie: await sessionCookie(database, "ami", "1001"),
      params: { campaignId: campaign!.id },
    });
    expect(res.status).toBe(200);
    expectSafe(res.data);
  });

  it("a resident's personal-data CSV (name, district)", async () => {
    const [r] = await database.db
      .select({ id: registrations.id, receipt: registrations.receiptNumber })
      .from(registrations)
      .where(eq(registrations.organizationId, ami))
      .limit(1);
    await database.db.update(registrations).set({ name: HOSTILE[0]!, district: HOSTILE[3]!, nameKana: HOSTILE[6]! }).where(eq(registrations.id, r!.id));
    const route = await import("~/routes/admin.classes.personal-data_.csv");
    const res = await callLoader(route.loader, `/admin/classes/personal-data/csv?receipt=${encodeURIComponent(r!.receipt)}`, {
      cookie: await sessionCookie(database, "ami", "1002"),
    });
    expect(res.status).toBe(200);
    expectSafe(res.data);
  });

  it("the DX推進員 activities CSV (title, note)", async () => {
    await database.db
      .update(promoterActivities)
      .set({ title: HOSTILE[1]!, note: HOSTILE[2]!, confirmedAt: sql`coalesce(${promoterActivities.confirmedAt}, now())` })
      .where(eq(promoterActivities.organizationId, ami));
    const route = await import("~/routes/admin.programs.$programSlug_.csv");
    const res = await callLoader(route.loader, "/admin/programs/dx-promoter/csv", {
      cookie: await sessionCookie(database, "ami", "1001"),
      params: { programSlug: "dx-promoter" },
    });
    expect(res.status).toBe(200);
    expectSafe(res.data);
  });

  it("the KPI CSV (KPI names)", async () => {
    await database.db
      .update(kpis)
      .set({ name: HOSTILE[4]! })
      .where(and(eq(kpis.organizationId, ami)));
    const route = await import("~/routes/admin.kpis_.csv");
    const res = await callLoader(route.loader, "/admin/kpis/csv", { cookie: await sessionCookie(database, "ami", "1002") });
    expect(res.status).toBe(200);
    expectSafe(res.data);
  });
});
