import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newCheckinSecret } from "~/classes/checkin.server";
import { markAttendance, register, setSessionClosed } from "~/classes/registration.server";
import { kpiCsv } from "~/kpis/export.server";
import { actualsByYear, actualsByYearForKpis, addKpiEntry, actualFor, kpiDashboard, kpiRecords, listKpis } from "~/kpis/kpis.server";
import { auditLog, classSeries, classSessions, surveys } from "../../db/schema";
import { createAppDatabase, routeArgs, userId } from "../support/app";
import type { TestDatabase } from "../support/database";

let database: TestDatabase;
let ami = "";
let omitama = "";
let staffId = "";

beforeAll(async () => {
  database = await createAppDatabase();
  const u = await userId(database, "ami", "1002");
  ami = u.organizationId;
  staffId = u.id;
  omitama = (await userId(database, "omitama", "1002")).organizationId;
});
afterAll(async () => {
  await database.dispose();
});

/** A session of a new series at a JST time, optionally held (closed) with `attendees` people present. */
async function session(
  org: string,
  at: string,
  { category = "smartphone", audience = "residents" as "residents" | "staff", held = true, attendees = 0, organizerType = "municipal" as const } = {},
) {
  const [series] = await database.db
    .insert(classSeries)
    .values({ organizationId: org, title: "教室", category, audience, organizerType, format: "in_person" })
    .returning();
  const startsAt = new Date(at);
  const [s] = await database.db
    .insert(classSessions)
    .values({
      organizationId: org,
      seriesId: series!.id,
      number: 1,
      startsAt: new Date(Date.now() + 3_600_000),
      endsAt: new Date(Date.now() + 7_200_000),
      capacity: 50,
      checkinSecret: newCheckinSecret(),
    })
    .returning();
  for (let i = 0; i < attendees; i++) {
    const r = await register(database.db, {
      organizationId: org,
      sessionId: s!.id,
      channel: "online",
      consent: true,
      person: { name: `参加　${at}${i}`, nameKana: "さんか", phone: null, ageBand: "70s", district: null, needs: [] },
    });
    if (!r.ok) throw new Error(r.error);
    await markAttendance(database.db, { organizationId: org, registrationId: r.registrationId, status: "present", markedBy: staffId });
  }
  if (held) await setSessionClosed(database.db, { organizationId: org, sessionId: s!.id, closed: true, actorUserId: staffId });
  await database.db
    .update(classSessions)
    .set({ startsAt, endsAt: new Date(startsAt.getTime() + 7_200_000) })
    .where(eq(classSessions.id, s!.id));
  return s!;
}

describe("KPI actuals from the records", () => {
  it("counts held smartphone classes of the fiscal year exactly, at the JST boundaries", async () => {
    const [k] = (await listKpis(database.db, ami)).filter((x) => x.code === "smartphone-classes");
    expect(k?.name).toBe("スマートフォン講習会の開催回数（年間あたり）");
    await session(ami, "2026-04-01T00:00:00+09:00", { attendees: 2 }); // first moment of 2026年度
    await session(ami, "2027-03-31T23:59:00+09:00"); // last minutes of 2026年度
    await session(ami, "2026-03-31T23:59:00+09:00"); // 2025年度
    await session(ami, "2026-06-10T10:00:00+09:00", { held: false }); // not held (予定/未締め)
    await session(ami, "2026-07-01T10:00:00+09:00", { category: "dx-literacy", audience: "staff", attendees: 3 }); // a staff training
    await session(omitama, "2026-05-01T10:00:00+09:00"); // another town
    expect(await actualFor(database.db, ami, k!.id, k!.source, 2026)).toBe(2);
    expect(await actualFor(database.db, ami, k!.id, k!.source, 2025)).toBe(1);
    const [training] = (await listKpis(database.db, ami)).filter((x) => x.code === "digital-training");
    expect(await actualFor(database.db, ami, training!.id, training!.source, 2026)).toBe(1);
    expect(await actualFor(database.db, ami, k!.id, { kind: "records", metric: "total_attendances", filters: {} }, 2026)).toBe(5);
    expect(await actualFor(database.db, ami, k!.id, { kind: "records", metric: "unique_participants", filters: { audience: "residents" } }, 2026)).toBe(2);
  });

  it("averages survey satisfaction", async () => {
    const s = await session(ami, "2026-08-01T10:00:00+09:00", { attendees: 1 });
    await database.db.insert(surveys).values([
      { organizationId: ami, sessionId: s.id, satisfaction: 5, clarity: 5, source: "paper" },
      { organizationId: ami, sessionId: s.id, satisfaction: 4, clarity: 3, source: "qr" },
    ]);
    expect(await actualFor(database.db, ami, s.id, { kind: "records", metric: "average_satisfaction", filters: {} }, 2026)).toBe(4.5);
  });

  it("sums or takes the latest manual entries in the fiscal year, and refuses other towns and record-based KPIs", async () => {
    const kpis = await listKpis(database.db, ami);
    const incidents = kpis.find((x) => x.code === "security-incidents")!;
    const bpr = kpis.find((x) => x.code === "bpr-processes")!;
    const smart = kpis.find((x) => x.code === "smartphone-classes")!;
    const ctx = { organizationId: ami, actorUserId: staffId, ip: null };
    expect(await actualFor(database.db, ami, incidents.id, incidents.source, 2026)).toBe(0);
    expect(await addKpiEntry(database.db, ctx, { kpiId: incidents.id, enteredOn: "2026-04-01", value: 1, note: "誤送信1件" })).toBe(true);
    expect(await addKpiEntry(database.db, ctx, { kpiId: incidents.id, enteredOn: "2027-03-31", value: 1, note: null })).toBe(true);
    expect(await addKpiEntry(database.db, ctx, { kpiId: incidents.id, enteredOn: "2027-04-01", value: 5, note: "翌年度" })).toBe(true);
    expect(await actualFor(database.db, ami, incidents.id, incidents.source, 2026)).toBe(2);
    await addKpiEntry(database.db, ctx, { kpiId: bpr.id, enteredOn: "2025-12-01", value: 6, note: null });
    await addKpiEntry(database.db, ctx, { kpiId: bpr.id, enteredOn: "2026-09-01", value: 11, note: null });
    expect(await actualFor(database.db, ami, bpr.id, bpr.source, 2025)).toBe(6);
    expect(await actualFor(database.db, ami, bpr.id, bpr.source, 2026)).toBe(11);
    expect(await addKpiEntry(database.db, { ...ctx, organizationId: omitama }, { kpiId: bpr.id, enteredOn: "2026-09-01", value: 99, note: null })).toBe(false);
    expect(await addKpiEntry(database.db, ctx, { kpiId: smart.id, enteredOn: "2026-09-01", value: 99, note: null })).toBe(false);
  });

  it("reads the figures of every KPI together exactly as one by one, whatever their source", async () => {
    const kpis = await listKpis(database.db, ami);
    const requests = [
      ...kpis.map((k) => ({ kpi: k, fromYear: 2023, toYear: 2026 })),
      // A range with no years, and the same KPI twice with different ranges.
      { kpi: kpis[0]!, fromYear: 2027, toYear: 2026 },
      { kpi: kpis[0]!, fromYear: 2026, toYear: 2026 },
    ];
    const together = await actualsByYearForKpis(database.db, ami, requests);
    const oneByOne = await Promise.all(requests.map((r) => actualsByYear(database.db, ami, r.kpi.id, r.kpi.source, r.fromYear, r.toYear)));
    expect(together).toEqual(oneByOne);
    // Both kinds read in the union and kinds read on their own.
    expect(kpis.map((k) => (k.source.kind === "manual" ? `manual:${k.source.aggregate}` : k.source.kind))).toEqual(
      expect.arrayContaining(["records", "manual:sum", "manual:latest", "completion"]),
    );
    // Not a comparison of empty maps: the tests above left figures in 2025 and 2026.
    const byCode = new Map(kpis.map((k, i) => [k.code, together[i]!]));
    expect(byCode.get("smartphone-classes")?.get(2026)).toBe(3);
    expect(byCode.get("security-incidents")?.get(2026)).toBe(2);
    expect(byCode.get("bpr-processes")?.get(2025)).toBe(6);
    expect(together.at(-2)!.size).toBe(0);
    expect([...together.at(-1)!.keys()]).toEqual([2026]);
  });

  it("puts it together on the dashboard: target, achievement and status for the date", async () => {
    const views = await kpiDashboard(database.db, ami, 2026, new Date("2026-10-01T00:00:00+09:00"));
    const smart = views.find((v) => v.code === "smartphone-classes")!;
    expect(smart).toMatchObject({ actual: 3, target: { value: 41.6, interpolated: true }, achievement: 7.2, status: "要注意" });
    expect(smart.history.map((h) => h.fiscalYear)).toEqual([2023, 2024, 2025, 2026]);
    expect(smart.history.find((h) => h.fiscalYear === 2025)).toMatchObject({ actual: 1, target: 37.2 });
    const incidents = views.find((v) => v.code === "security-incidents")!;
    expect(incidents).toMatchObject({ actual: 2, target: { value: 0 }, achievement: 0, status: "要注意", manual: true });
    const bpr = views.find((v) => v.code === "bpr-processes")!;
    expect(bpr).toMatchObject({ actual: 11, target: { value: 20, interpolated: true }, achievement: 55, status: "要注意" });
  });

  it("drills down to the records behind a figure and exports the figures as CSV", async () => {
    const kpis = await listKpis(database.db, ami);
    const smart = kpis.find((x) => x.code === "smartphone-classes")!;
    const records = (await kpiRecords(database.db, ami, smart.id, 2026))!;
    // The three held smartphone classes of 2026年度 counted above, in date order, with their attendance.
    expect(records.sessions.map((s) => [s.startsAt.toISOString(), s.status, s.attended])).toEqual([
      ["2026-03-31T15:00:00.000Z", "held", 2],
      ["2026-08-01T01:00:00.000Z", "held", 1],
      ["2027-03-31T14:59:00.000Z", "held", 0],
    ]);
    expect(await kpiRecords(database.db, omitama, smart.id, 2026)).toBeNull();
    const incidents = kpis.find((x) => x.code === "security-incidents")!;
    const manual = (await kpiRecords(database.db, ami, incidents.id, 2026))!;
    expect(manual.entries.map((e) => [e.enteredOn, e.value, e.note])).toEqual([
      ["2026-04-01", 1, "誤送信1件"],
      ["2027-03-31", 1, null],
    ]);

    const csv = kpiCsv(await kpiDashboard(database.db, ami, 2026, new Date("2026-10-01T00:00:00+09:00")));
    const lines = csv.split("\r\n");
    expect(lines[0]).toBe("\uFEFFコード,KPI,基本方針,単位,年度,実績,目標,目標の種類,達成率(%),状況,基準値,基準年度,実績の出どころ");
    expect(lines[1]).toBe(
      "smartphone-classes,スマートフォン講習会の開催回数（年間あたり）,基本方針1-③ デジタルデバイド対策,回,2026年度（令和8年度）,3,41.6,計画から按分,7.2,要注意,24,2022,記録から集計",
    );
  });

  it("keeps the DX office's comment per KPI and year for the report, and publishes open data only when the town opts in", async () => {
    const { saveKpiComment, kpiCommentsFor } = await import("~/kpis/kpis.server");
    const smart = (await listKpis(database.db, ami)).find((x) => x.code === "smartphone-classes")!;
    const ctx = { organizationId: ami, actorUserId: staffId, ip: null };
    expect(await saveKpiComment(database.db, ctx, { kpiId: smart.id, fiscalYear: 2026, comment: "民間事業者との連携で回数が増えた。" })).toBe(true);
    expect(await saveKpiComment(database.db, ctx, { kpiId: smart.id, fiscalYear: 2026, comment: "出張教室も始めた。" })).toBe(true);
    expect(await saveKpiComment(database.db, { ...ctx, organizationId: omitama }, { kpiId: smart.id, fiscalYear: 2026, comment: "x" })).toBe(false);
    expect(await saveKpiComment(database.db, ctx, { kpiId: "not-a-uuid", fiscalYear: 2026, comment: "x" })).toBe(false);
    expect((await kpiCommentsFor(database.db, ami, 2026)).get(smart.id)).toBe("出張教室も始めた。");
    expect((await kpiCommentsFor(database.db, ami, 2025)).size).toBe(0);
    await saveKpiComment(database.db, ctx, { kpiId: smart.id, fiscalYear: 2026, comment: "" });
    expect((await kpiCommentsFor(database.db, ami, 2026)).has(smart.id)).toBe(false);

    const route = await import("~/routes/open-data.$org.kpis[.json]");
    const res = (await route.loader(routeArgs("http://localhost:3000/open-data/ami/kpis.json?fy=2026", { org: "ami" }))) as Response;
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe("*");
    const body = (await res.json()) as { organization: { name: string }; fiscalYearLabel: string; kpis: { code: string; actual: number | null }[] };
    expect(body.organization.name).toBe("阿見町");
    expect(body.fiscalYearLabel).toBe("2026年度（令和8年度）");
    expect(body.kpis.find((k) => k.code === "smartphone-classes")?.actual).toBe(3);
    expect(JSON.stringify(body)).not.toMatch(/参加|note|誤送信/); // aggregates only: no names, no manual notes
    // 小美玉市 has not opted in.
    await expect(route.loader(routeArgs("http://localhost:3000/open-data/omitama/kpis.json", { org: "omitama" }))).rejects.toMatchObject({ status: 404 });
  });

  it("shows staff-training participation by 課 for the fiscal year", async () => {
    const { trainingByDepartment } = await import("~/kpis/kpis.server");
    const before = (await trainingByDepartment(database.db, ami, 2026)).find((r) => r.department === "町民課")!;
    // Register and mark while the training is upcoming, then date it in 2026年度 (as if it happened in May).
    const [series] = await database.db
      .insert(classSeries)
      .values({ organizationId: ami, title: "情報セキュリティ研修", category: "security", audience: "staff", organizerType: "municipal", format: "in_person" })
      .returning();
    const [s] = await database.db
      .insert(classSessions)
      .values({
        organizationId: ami,
        seriesId: series!.id,
        number: 1,
        startsAt: new Date(Date.now() + 3_600_000),
        endsAt: new Date(Date.now() + 7_200_000),
        capacity: 30,
        checkinSecret: newCheckinSecret(),
      })
      .returning();
    for (const [number, status] of [
      ["1005", "present"],
      ["1006", "late"],
      ["1003", "absent"],
    ] as const) {
      const staff = await userId(database, "ami", number);
      const r = await register(database.db, { organizationId: ami, sessionId: s!.id, channel: "hr_bulk", userId: staff.id, consent: false });
      if (!r.ok) throw new Error(r.error);
      await markAttendance(database.db, { organizationId: ami, registrationId: r.registrationId, status, markedBy: staffId });
    }
    await database.db
      .update(classSessions)
      .set({ startsAt: new Date("2026-05-20T13:30:00+09:00"), endsAt: new Date("2026-05-20T15:30:00+09:00") })
      .where(eq(classSessions.id, s!.id));
    const rows = await trainingByDepartment(database.db, ami, 2026);
    const chomin = rows.find((r) => r.department === "町民課")!;
    expect(chomin).toEqual({ department: "町民課", staff: before.staff, trained: before.trained + 2, attendances: before.attendances + 2 });
    expect(rows.reduce((n, r) => n + r.staff, 0)).toBeGreaterThan(chomin.staff);
    expect((await trainingByDepartment(database.db, ami, 2025)).find((r) => r.department === "町民課")?.trained).toBe(0);
    expect((await trainingByDepartment(database.db, omitama, 2026)).every((r) => r.trained === 0)).toBe(true);
  });

  it("lets the DX office add and edit a KPI definition with the content file's rules, audited", async () => {
    const { createKpi, parseKpiForm, updateKpi, getKpi, kpiToFormValues } = await import("~/kpis/definitions.server");
    const form = (fields: Record<string, string>) => {
      const f = new FormData();
      for (const [k, v] of Object.entries(fields)) f.set(k, v);
      return f;
    };
    const fields = {
      code: "senior-classes",
      name: "高齢者向けスマホ教室の参加者数（年間）",
      policyArea: "基本方針1-③ デジタルデバイド対策",
      unit: "人",
      direction: "increase",
      accumulation: "yearly",
      baselineValue: "１２０",
      baselineFiscalYear: "2022",
      targets: "2027：300",
      sourceKind: "records",
      metric: "unique_participants",
      category: "smartphone",
      audience: "residents",
    };
    const parsed = parseKpiForm(form(fields));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    expect(parsed.item).toMatchObject({
      baseline: { value: 120, fiscalYear: 2022 },
      targets: { "2027": 300 },
      source: { kind: "records", metric: "unique_participants", filters: { category: "smartphone", audience: "residents" } },
    });
    const ctx = { organizationId: ami, actorUserId: staffId, ip: null };
    const created = await createKpi(database.db, ctx, parsed.item);
    if (!created.ok) throw new Error("not created");
    expect((await listKpis(database.db, ami)).at(-1)?.code).toBe("senior-classes");
    expect(await createKpi(database.db, ctx, parsed.item)).toEqual({ ok: false, errors: { code: "識別名「senior-classes」のKPIはすでにあります。" } });
    // Switch it to a campaign completion rate.
    const edited = parseKpiForm(
      form({ ...fields, unit: "%", accumulation: "level", sourceKind: "completion", campaign: "security-annual", targets: "2026: 90\n2027: 100" }),
    );
    if (!edited.ok) throw new Error(JSON.stringify(edited.errors));
    expect(await updateKpi(database.db, ctx, created.id, edited.item)).toEqual({ ok: true });
    const k = (await getKpi(database.db, ami, created.id))!;
    expect(k.source).toEqual({ kind: "completion", campaign: "security-annual" });
    expect(k.targets).toEqual({ "2026": 90, "2027": 100 });
    expect(kpiToFormValues(k).targets).toBe("2026: 90\n2027: 100");
    expect(await getKpi(database.db, omitama, created.id)).toBeNull();
    const audit = await database.db.select().from(auditLog).where(eq(auditLog.targetId, created.id));
    expect(audit.map((a) => a.action).sort()).toEqual(["kpi.create", "kpi.update"]);
  });

  it("explains bad KPI input in Japanese and names the field", async () => {
    const { parseKpiForm } = await import("~/kpis/definitions.server");
    const f = new FormData();
    for (const [k, v] of Object.entries({
      code: "x",
      name: "",
      policyArea: "a",
      unit: "回",
      direction: "increase",
      accumulation: "yearly",
      baselineValue: "a",
      baselineFiscalYear: "2022",
      targets: "来年 50",
      sourceKind: "completion",
    }))
      f.set(k, v);
    const r = parseKpiForm(f);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.targets).toBe("目標「来年 50」を「2027: 46」の形（年度: 値）で書いてください。");
    expect(r.errors.baseline).toBe("基準値と基準年度を数字で入力してください（例: 24 と 2022）。");
    expect(r.errors.source).toBe("修了率は、必修研修の識別名か講座のどちらか一方を指定してください。");
    f.set("targets", "2021: 5");
    f.set("baselineValue", "1");
    f.set("campaign", "security-annual");
    const r2 = parseKpiForm(f);
    expect(r2.ok ? null : r2.errors.targets).toBe("目標の年度は基準年度より後にしてください。");
    f.set("targets", "2027: 5");
    const r3 = parseKpiForm(f);
    expect(r3.ok ? null : r3.errors.name).toBe("名前を確かめてください（1〜100文字）。");
  });
});
