import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addOverride,
  complianceBy,
  complianceOf,
  complianceTrend,
  copyToNextYear,
  createCampaign,
  getCampaign,
  listAssignments,
  myAssignments,
  removeOverride,
  setArchived,
  updateCampaign,
  type CampaignInput,
} from "~/campaigns/campaigns.server";
import { campaignOverrides, users } from "../../db/schema";
import { createAppDatabase } from "../support/app";
import { buildCampaignTown, campaignInput } from "../support/campaign-fixture";
import type { TestDatabase } from "../support/database";

let database: TestDatabase;
let town: Awaited<ReturnType<typeof buildCampaignTown>>;
let campaignId = "";
const NOW = new Date("2026-07-10T12:00:00+09:00");

const input = (overrides: Partial<CampaignInput> = {}) => campaignInput(town, overrides);

beforeAll(async () => {
  database = await createAppDatabase();
  town = await buildCampaignTown(database);
  const security = await town.courseId("security-basics");
  const { staff, complete } = town;
  await complete(staff.u1, "security-basics", "2026-05-10T09:00:00+09:00"); // inside the window
  await complete(staff.managerA, "security-basics", "2026-06-30T23:59:00+09:00"); // the last minute of the due date
  await complete(staff.u2, "security-basics", "2026-07-01T00:00:00+09:00"); // the first minute after: late
  await complete(staff.u4, "security-basics", "2026-04-20T10:00:00+09:00"); // before the start, same fiscal year
  await complete(staff.u6, "security-basics", "2026-05-11T10:00:00+09:00"); // a leaver: never counted
  await complete(staff.u8, "security-basics", "2026-03-20T10:00:00+09:00"); // last fiscal year: does not count
  const ctx = { organizationId: town.organizationId, actorUserId: staff.managerA, ip: null };
  const created = await createCampaign(database.db, ctx, input({ courseIds: [security] }));
  if (!created.ok) throw new Error(JSON.stringify(created.errors));
  campaignId = created.id;
  expect((await addOverride(database.db, ctx, campaignId, { staffNumber: "u5", kind: "exempt", reason: "育児休業" })).ok).toBe(true);
  expect((await addOverride(database.db, ctx, campaignId, { staffNumber: "u7", kind: "include", reason: "兼務" })).ok).toBe(true);
});
afterAll(async () => {
  await database.dispose();
});

const campaign = async () => (await getCampaign(database.db, town.organizationId, campaignId))!.campaign;

describe("campaign compliance against a hand-computed fixture", () => {
  it("counts members, completions, late and overdue exactly", async () => {
    // Members: u1 u2 u3 u8 m1 (A課), u4 (B課), u7 (included); u5 exempt, u6 left, C課 outside.
    expect(await complianceOf(database.db, await campaign(), NOW)).toEqual({ total: 7, completed: 4, late: 1, pending: 0, overdue: 3, rate: 57.1 });
    const rows = await listAssignments(database.db, await campaign(), { now: NOW });
    const status = Object.fromEntries(rows.map((r) => [r.staffNumber, r.status]));
    expect(status).toEqual({ u1: "complete", m1: "complete", u2: "late", u4: "complete", u3: "overdue", u7: "overdue", u8: "overdue" });
    expect(rows.slice(0, 3).every((r) => r.status === "overdue")).toBe(true);
  });

  it("breaks down by 課, 職位 and 雇用形態", async () => {
    const c = await campaign();
    expect((await complianceBy(database.db, c, "department", NOW)).map((b) => [b.label, b.total, b.completed, b.overdue, b.rate])).toEqual([
      ["A課", 5, 3, 2, 60],
      ["B課", 1, 1, 0, 100],
      ["所属なし", 1, 0, 1, 0],
    ]);
    expect((await complianceBy(database.db, c, "jobRank", NOW)).map((b) => [b.label, b.total, b.completed])).toEqual([
      ["係長", 2, 1],
      ["主事", 5, 3],
    ]);
    expect((await complianceBy(database.db, c, "employmentType", NOW)).map((b) => [b.label, b.total, b.completed])).toEqual([
      ["正規", 6, 3],
      ["会計年度任用", 1, 1],
    ]);
    expect(await complianceOf(database.db, c, NOW, town.departments.a)).toMatchObject({ total: 5, completed: 3, overdue: 2 });
  });

  it("before the due date the unfinished are pending, not overdue", async () => {
    expect(await complianceOf(database.db, await campaign(), new Date("2026-06-30T23:59:30+09:00"))).toMatchObject({
      total: 7,
      completed: 3,
      pending: 4,
      overdue: 0,
    });
  });

  it("draws the trend from the completion dates", async () => {
    const trend = await complianceTrend(database.db, await campaign(), NOW);
    const at = (d: string) => trend.find((p) => p.date === d)?.completed;
    expect(trend[0]!.date).toBe("2026-04-20"); // the earlier completion that counts starts the line
    expect(at("2026-04-20")).toBe(1);
    expect(at("2026-05-10")).toBe(2);
    expect(at("2026-06-30")).toBe(3);
    expect(at("2026-07-01")).toBe(4);
    expect(trend.at(-1)).toEqual({ date: "2026-07-10", completed: 4, total: 7 });
  });

  it("without earlier completions counting, the April completion no longer counts", async () => {
    const c = await campaign();
    const ctx = { organizationId: town.organizationId, actorUserId: town.staff.managerA, ip: null };
    const security = await town.courseId("security-basics");
    expect(await updateCampaign(database.db, ctx, c.id, input({ courseIds: [security], countEarlierCompletions: false }))).toEqual({ ok: true });
    expect(await complianceOf(database.db, await campaign(), NOW)).toMatchObject({ total: 7, completed: 3, overdue: 4 });
    await updateCampaign(database.db, ctx, c.id, input({ courseIds: [security] }));
  });

  it("needs every course when a campaign assigns two", async () => {
    const ctx = { organizationId: town.organizationId, actorUserId: town.staff.managerA, ip: null };
    const two = await createCampaign(
      database.db,
      ctx,
      input({ key: "two-courses", courseIds: [await town.courseId("security-basics"), await town.courseId("dx-basics")] }),
    );
    if (!two.ok) throw new Error("not created");
    await town.complete(town.staff.u1, "dx-basics", "2026-05-20T10:00:00+09:00");
    const c = (await getCampaign(database.db, town.organizationId, two.id))!.campaign;
    const status = Object.fromEntries((await listAssignments(database.db, c, { now: NOW })).map((r) => [r.staffNumber, r.status]));
    expect(status.u1).toBe("complete");
    expect(status.m1).toBe("overdue"); // only one of the two courses
    expect(status.u4).toBe("overdue");
  });

  it("picks up joiners and movers, and drops leavers, without editing the campaign", async () => {
    const joiner = await town.person("u9", town.departments.b, town.ranks.shuji);
    let c = await campaign();
    expect((await complianceOf(database.db, c, NOW)).total).toBe(8);
    await database.db.update(users).set({ departmentId: town.departments.c }).where(eq(users.id, town.staff.u3)); // moved out of the audience
    expect((await complianceOf(database.db, c, NOW)).total).toBe(7);
    await database.db.update(users).set({ active: false }).where(eq(users.id, joiner)); // left
    c = await campaign();
    expect(await complianceOf(database.db, c, NOW)).toMatchObject({ total: 6, completed: 4, overdue: 2 });
    await database.db.update(users).set({ departmentId: town.departments.a }).where(eq(users.id, town.staff.u3));
  });

  it("exemptions win over the rules and can be lifted", async () => {
    const ctx = { organizationId: town.organizationId, actorUserId: town.staff.managerA, ip: null };
    const c = await campaign();
    expect((await listAssignments(database.db, c, { now: NOW })).some((r) => r.staffNumber === "u5")).toBe(false);
    expect(await removeOverride(database.db, ctx, c.id, town.staff.u5)).toEqual({ ok: true });
    expect((await listAssignments(database.db, c, { now: NOW })).find((r) => r.staffNumber === "u5")?.status).toBe("overdue");
    expect((await addOverride(database.db, ctx, c.id, { staffNumber: "u5", kind: "exempt", reason: "育児休業" })).ok).toBe(true);
    expect(await addOverride(database.db, ctx, c.id, { staffNumber: "nobody", kind: "exempt", reason: "x" })).toEqual({
      ok: false,
      error: "職員番号「nobody」の職員が見つかりません。",
    });
  });

  it("filters by 職位, 雇用形態 and role", async () => {
    const ctx = { organizationId: town.organizationId, actorUserId: town.staff.managerA, ip: null };
    const security = await town.courseId("security-basics");
    const make = async (key: string, audience: Partial<CampaignInput["audience"]>) => {
      const r = await createCampaign(
        database.db,
        ctx,
        input({ key, courseIds: [security], audience: { departmentIds: [], jobRankIds: [], employmentTypes: [], roles: [], ...audience } }),
      );
      if (!r.ok) throw new Error(JSON.stringify(r.errors));
      return (await getCampaign(database.db, town.organizationId, r.id))!.campaign;
    };
    const numbers = async (c: Awaited<ReturnType<typeof campaign>>) => (await listAssignments(database.db, c, { now: NOW })).map((r) => r.staffNumber).sort();
    expect(await numbers(await make("rank", { jobRankIds: [town.ranks.kakaricho] }))).toEqual(["m1", "u3"]);
    expect(await numbers(await make("fiscal", { employmentTypes: ["fiscal_year"] }))).toEqual(["u4"]);
    expect(await numbers(await make("managers", { roles: ["dept_manager"] }))).toEqual(["m1"]);
    expect(await numbers(await make("everyone", {}))).toEqual(["m1", "u1", "u2", "u3", "u4", "u5", "u7", "u8"]);
  });

  it("rejects dates outside the fiscal year, foreign 課 and residents' courses with clear messages", async () => {
    const ctx = { organizationId: town.organizationId, actorUserId: town.staff.managerA, ip: null };
    const r = await createCampaign(
      database.db,
      ctx,
      input({
        key: "bad",
        startsOn: "2027-04-01",
        dueOn: "2027-03-01",
        courseIds: [await town.courseId("smartphone-basics")],
        audience: { departmentIds: ["00000000-0000-4000-8000-000000000000"], jobRankIds: [], employmentTypes: [], roles: [] },
      }),
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.startsOn).toContain("2026年度");
    expect(r.errors.dueOn).toBe("期限は開始日と同じか、それより後の日付にしてください。");
    expect(r.errors.courseIds).toBe("選べるのは公開中の職員向け講座だけです。");
    expect(r.errors.audience).toBe("対象の課に、この自治体にない課が含まれています。");
    const dup = await createCampaign(database.db, ctx, input({ courseIds: [await town.courseId("security-basics")] }));
    expect(dup.ok ? null : dup.errors.key).toBe("2026年度には、識別名「security-annual」の必修研修がすでにあります。");
  });

  it("copies to the next fiscal year in one step, once", async () => {
    const ctx = { organizationId: town.organizationId, actorUserId: town.staff.managerA, ip: null };
    const copy = await copyToNextYear(database.db, ctx, campaignId);
    if (!copy || !copy.ok) throw new Error("copy failed");
    const next = (await getCampaign(database.db, town.organizationId, copy.id))!;
    expect(next.campaign).toMatchObject({
      title: "2027年度 情報セキュリティ研修",
      fiscalYear: 2027,
      startsOn: "2027-05-01",
      dueOn: "2027-06-30",
      key: "security-annual",
    });
    expect(next.courses.map((c) => c.slug)).toEqual(["security-basics"]);
    const overrides = await database.db.select().from(campaignOverrides).where(eq(campaignOverrides.campaignId, copy.id));
    expect(overrides.map((o) => o.kind)).toEqual(["include"]); // exemptions are per year
    // Nobody has completed in 2027年度 yet (this year's completions do not carry over), and u5's exemption has ended.
    expect(await complianceOf(database.db, next.campaign, new Date("2027-05-02T12:00:00+09:00"))).toMatchObject({ total: 8, completed: 0, pending: 8 });
    expect(await copyToNextYear(database.db, ctx, campaignId)).toEqual({ ok: false, error: "2027年度の必修研修はすでに作成されています。" });
  });

  it("is invisible from another organization", async () => {
    const other = await database.db.select({ organizationId: users.organizationId }).from(users).where(eq(users.staffNumber, "1001")).limit(1);
    expect(await getCampaign(database.db, other[0]!.organizationId, campaignId)).toBeNull();
  });

  it("refuses with 404 the commands on a campaign or override that is not there", async () => {
    const [other] = await database.db.select({ id: users.id, organizationId: users.organizationId }).from(users).where(eq(users.staffNumber, "1001")).limit(1);
    const foreign = { organizationId: other!.organizationId, actorUserId: other!.id, ip: null };
    const gone = { ok: false, error: "必修研修が見つかりません。", status: 404 };
    expect(await updateCampaign(database.db, foreign, campaignId, input())).toEqual(gone);
    expect(await setArchived(database.db, foreign, campaignId, true)).toEqual(gone);
    expect(await setArchived(database.db, foreign, "not-a-uuid", true)).toEqual(gone);
    expect(await addOverride(database.db, foreign, campaignId, { staffNumber: "u5", kind: "exempt", reason: "x" })).toEqual(gone);
    expect(await copyToNextYear(database.db, foreign, campaignId)).toEqual({ ok: false, error: "コピーできませんでした。", status: 404 });
    expect(await removeOverride(database.db, foreign, campaignId, town.staff.u7)).toEqual({ ok: false, error: "取り消す対象が見つかりません。", status: 404 });
    const ctx = { organizationId: town.organizationId, actorUserId: town.staff.managerA, ip: null };
    expect(await removeOverride(database.db, ctx, campaignId, town.staff.u1)).toEqual({ ok: false, error: "取り消す対象が見つかりません。", status: 404 });
    expect(await setArchived(database.db, ctx, campaignId, true)).toEqual({ ok: true });
    expect(await setArchived(database.db, ctx, campaignId, false)).toEqual({ ok: true });
    expect((await campaign()).archived).toBe(false);
  });

  it("lists a person's assignments with course progress, overdue first", async () => {
    const mine = await myAssignments(database.db, { userId: town.staff.u8, organizationId: town.organizationId }, NOW);
    expect(mine[0]).toMatchObject({ status: "overdue" });
    expect(mine.every((m) => m.status === "overdue")).toBe(true);
    const done = await myAssignments(database.db, { userId: town.staff.u1, organizationId: town.organizationId }, NOW);
    const security = done.find((d) => d.campaign.id === campaignId)!;
    expect(security.status).toBe("complete");
    expect(security.courses[0]).toMatchObject({ slug: "security-basics", completedAt: new Date("2026-05-10T09:00:00+09:00") });
  });

  it("gives KPIs the completion rate of a campaign by its key, and of a course among active staff", async () => {
    const { completionActualsByYear, completionKpiRecords } = await import("~/campaigns/kpis.server");
    const now = new Date("2026-11-22T12:00:00+09:00");
    const byCampaign = await completionActualsByYear(database.db, town.organizationId, { kind: "completion", campaign: "security-annual" }, 2025, 2026, now);
    expect(Object.fromEntries(byCampaign)).toEqual({ 2025: null, 2026: 57.1 }); // 4 of 7; no campaign in 2025
    // Active staff: u1 u2 u3 u4 u5 u7 u8 m1 (u6 and u9 left). 2026: u1 m1 u2 u4; 2025: u8.
    const byCourse = await completionActualsByYear(database.db, town.organizationId, { kind: "completion", course: "security-basics" }, 2025, 2026, now);
    expect(Object.fromEntries(byCourse)).toEqual({ 2025: 12.5, 2026: 50 });
    const pending = await completionKpiRecords(database.db, town.organizationId, { kind: "completion", campaign: "security-annual" }, 2026, now);
    expect(pending.map((p) => p.staffNumber).sort()).toEqual(["u3", "u7", "u8"]);
    expect(pending.every((p) => p.status === "overdue")).toBe(true);
  });
});
