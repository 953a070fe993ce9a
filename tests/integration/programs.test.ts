import { and, eq, isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyCode, VERIFY_POLICY } from "~/certificates/verify.server";
import { formatVerificationCode } from "~/certificates/code.server";
import { actualsByYear } from "~/kpis/kpis.server";
import { activitiesCsv } from "~/programs/export.server";
import { programActualsByYear } from "~/programs/kpis.server";
import {
  addActivity,
  applyToProgram,
  certify,
  confirmActivity,
  coverage,
  decide,
  enrollmentDetail,
  factsOf,
  getProgram,
  listActivities,
  listCertificates,
  listEnrollments,
  listPromoters,
  myProgramState,
  nominate,
  renew,
  revoke,
  reviewReport,
  setPlacement,
  submitReport,
  withdraw,
} from "~/programs/programs.server";
import { evaluateCertification } from "~/programs/rules";
import { seedDemoPrograms } from "~/demo/programs.server";
import { auditLog, loginThrottles, programCertificates, programEnrollments, promoterActivities, promoterPlacements } from "../../db/schema";
import { callAction, callLoader, createAppDatabase, sessionCookie, userId } from "../support/app";
import type { TestDatabase } from "../support/database";
import { buildProgramTown } from "../support/program-fixture";

let database: TestDatabase;
let town: Awaited<ReturnType<typeof buildProgramTown>>;
const ctx = (actorUserId: string) => ({ organizationId: town.organizationId, actorUserId, ip: null });
const NOW = new Date("2026-11-22T12:00:00+09:00");

beforeAll(async () => {
  database = await createAppDatabase();
  town = await buildProgramTown(database);
}, 240_000);
afterAll(async () => {
  await database.dispose();
});

describe("applying and eligibility", () => {
  it("refuses with every reason in Japanese and accepts eligible staff once", async () => {
    const { program, staff } = town;
    const above = await applyToProgram(database.db, ctx(staff.u3), program);
    expect(above).toEqual({ ok: false, error: "職位が係長より上のため対象外です（現在の職位: 課長）。", status: 400 });
    const fiscal = await applyToProgram(database.db, ctx(staff.u4), program);
    expect(fiscal.ok ? "" : fiscal.error).toBe("雇用形態が対象外です（対象: 正規、現在: 会計年度任用）。");
    expect((await applyToProgram(database.db, ctx(staff.u1), program)).ok).toBe(true);
    const again = await applyToProgram(database.db, ctx(staff.u1), program);
    expect(again).toMatchObject({ ok: false, status: 409 });
    expect(await database.db.select().from(programEnrollments).where(eq(programEnrollments.userId, staff.u1))).toHaveLength(1);
  });

  it("lets HR nominate by 職員番号 under the same rules", async () => {
    const { program, staff } = town;
    expect(await nominate(database.db, ctx(staff.hr), program, "nobody", null)).toEqual({
      ok: false,
      error: "職員番号「nobody」の職員が見つかりません。",
      status: 404,
    });
    const inactive = await nominate(database.db, ctx(staff.hr), program, "u6", null);
    expect(inactive.ok ? "" : inactive.error).toBe("職員　u6さんは推薦できません。在職中の職員ではないため対象外です。");
    expect((await nominate(database.db, ctx(staff.hr), program, "ｕ２", "課長の推薦")).ok).toBe(true); // full-width typed
    expect((await nominate(database.db, ctx(staff.hr), program, "u5", null)).ok).toBe(true);
    const audit = await database.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.organizationId, town.organizationId));
    expect(audit.map((a) => a.action).sort()).toEqual(["program.apply", "program.nominate", "program.nominate"]);
  });

  it("the staff page explains ineligibility and shows the programme to eligible staff", async () => {
    const state = await myProgramState(database.db, town.organizationId, town.staff.u3, town.program, NOW);
    expect(state?.eligibility).toEqual({ eligible: false, reasons: ["職位が係長より上のため対象外です（現在の職位: 課長）。"] });
    const mine = await myProgramState(database.db, town.organizationId, town.staff.u1, town.program, NOW);
    expect(mine?.enrollment?.status).toBe("applied");
  });
});

describe("selection", () => {
  it("ranks candidates by the exam and records decisions with notes", async () => {
    const { program, staff } = town;
    await town.exam(staff.u1, 82.5, "2026-06-01T10:00:00+09:00");
    await town.exam(staff.u2, 65, "2026-06-01T11:00:00+09:00");
    const ranked = await listEnrollments(database.db, town.organizationId, program);
    expect(ranked.map((r) => [r.staffNumber, r.rank, r.percent, r.passed])).toEqual([
      ["u1", 1, 82.5, true],
      ["u2", 2, 65, false],
      ["u5", null, null, null],
    ]);
    const id = (n: string) => ranked.find((r) => r.staffNumber === n)!.id;
    expect(await decide(database.db, ctx(staff.hr), program, id("u5"), "selected", null)).toMatchObject({
      ok: false,
      error: "選考試験を受けていない候補者は選定できません。",
    });
    const below = await decide(database.db, ctx(staff.hr), program, id("u2"), "selected", null);
    expect(below.ok ? "" : below.error).toContain("合格の目安（70点）に届いていません");
    expect(await decide(database.db, ctx(staff.hr), program, id("u2"), "selected", "窓口改善の実績を評価")).toEqual({ ok: true });
    expect(await decide(database.db, ctx(staff.hr), program, id("u1"), "selected", null)).toEqual({ ok: true });
    expect(await decide(database.db, ctx(staff.hr), program, id("u1"), "not_selected", null)).toMatchObject({ ok: false, status: 409 });
    expect(await decide(database.db, ctx(staff.hr), program, id("u5"), "not_selected", "次回に期待")).toEqual({ ok: true });
    const [u5] = await database.db.select().from(programEnrollments).where(eq(programEnrollments.userId, staff.u5));
    expect(u5).toMatchObject({ status: "not_selected", note: "次回に期待", decidedBy: staff.hr });
    // After "not selected" a new application starts a new enrollment; the history stays.
    expect((await applyToProgram(database.db, ctx(staff.u5), program)).ok).toBe(true);
    expect(await withdraw(database.db, ctx(staff.u5), program)).toEqual({ ok: true });
    expect((await database.db.select().from(programEnrollments).where(eq(programEnrollments.userId, staff.u5))).map((e) => e.status).sort()).toEqual([
      "not_selected",
      "withdrawn",
    ]);
  });
});

describe("requirements from the records and certification", () => {
  let u1Enrollment = "";
  let u1Code = "";

  it("evaluates every requirement from real records, counting only attended staff trainings of the category", async () => {
    const { program, staff } = town;
    u1Enrollment = (await listEnrollments(database.db, town.organizationId, program)).find((r) => r.staffNumber === "u1")!.id;
    await town.complete(staff.u1, "dx-promoter-basics", "2025-05-10T10:00:00+09:00");
    await town.training("2026-07-08T13:30:00+09:00", [
      [staff.u1, "present"],
      [staff.u2, "present"],
    ]);
    await town.training("2026-08-05T13:30:00+09:00", [[staff.u1, "absent"]]);
    await town.training("2026-08-19T13:30:00+09:00", [[staff.u1, "present"]], { category: "security" });
    await town.training("2026-08-26T13:30:00+09:00", [[staff.u1, "present"]], { category: "dx-literacy", audience: "residents" });
    const facts = await factsOf(database.db, town.organizationId, program, staff.u1);
    const evaluation = evaluateCertification(program.definition, facts, { "dx-promoter-basics": "DX推進員 基礎", "bpr-basics": "業務改善の進め方" });
    expect(evaluation.items.map((i) => [i.key, i.met, i.summary])).toEqual([
      ["selection", true, "選定済み"],
      ["course:dx-promoter-basics", true, "修了"],
      ["course:bpr-basics", false, "未修了"],
      ["trainings:dx-literacy", false, "2回中1回"],
      ["report", false, "未提出"],
    ]);
    expect(evaluation.items[3]!.evidence).toEqual(["2026年7月8日 DX実践研修（第1回）に出席"]);
  });

  it("refuses to certify while anything is missing, naming what", async () => {
    const result = await certify(database.db, ctx(town.staff.hr), town.program, u1Enrollment, NOW);
    expect(result).toEqual({
      ok: false,
      status: 409,
      error: "まだ満たしていない要件があるため認定できません: 講座「業務改善の進め方」の修了、集合研修（DXリテラシー）への出席 2回、業務改善レポートの承認",
    });
    expect(await listCertificates(database.db, town.organizationId, town.program.id, town.staff.u1)).toEqual([]);
  });

  it("takes a report through return, revision and approval", async () => {
    const { program, staff } = town;
    expect(await submitReport(database.db, ctx(staff.u7), program, { title: "x", body: "y" })).toMatchObject({ ok: false, status: 403 }); // not in the programme
    const first = await submitReport(database.db, ctx(staff.u1), program, { title: "窓口予約の電子化", body: "改善前は…" });
    if (!first.ok) throw new Error(first.error);
    expect(await submitReport(database.db, ctx(staff.u1), program, { title: "二本目", body: "…" })).toMatchObject({ ok: false, status: 409 });
    expect(await reviewReport(database.db, ctx(staff.hr), program, first.reportId, "returned", null)).toMatchObject({ ok: false, status: 400 });
    expect(await reviewReport(database.db, ctx(staff.hr), program, first.reportId, "returned", "効果の数字を入れてください")).toEqual({ ok: true });
    const revised = await submitReport(database.db, ctx(staff.u1), program, { title: "窓口予約の電子化", body: "年間120時間の削減…" });
    expect(revised).toEqual({ ok: true, reportId: first.reportId }); // revised in place
    expect(await reviewReport(database.db, ctx(staff.hr), program, first.reportId, "approved", null)).toEqual({ ok: true });
    expect(await reviewReport(database.db, ctx(staff.hr), program, first.reportId, "approved", null)).toMatchObject({ ok: false, status: 409 });
  });

  it("certifies once every requirement is met: one certificate even on a double click, valid to the end of the 2nd fiscal year, placed in the person's 課", async () => {
    const { program, staff } = town;
    await town.complete(staff.u1, "bpr-basics", "2026-10-01T10:00:00+09:00");
    await town.training("2026-10-14T13:30:00+09:00", [[staff.u1, "late"]]);
    const [a, b] = await Promise.all([
      certify(database.db, ctx(staff.hr), program, u1Enrollment, NOW),
      certify(database.db, ctx(staff.hr), program, u1Enrollment, NOW),
    ]);
    const ok = [a, b].filter((r) => r.ok);
    expect(ok).toHaveLength(1);
    expect([a, b].find((r) => !r.ok)).toMatchObject({ ok: false, error: "すでに認定されています。" });
    const certs = await listCertificates(database.db, town.organizationId, program.id, staff.u1);
    expect(certs).toHaveLength(1);
    expect(certs[0]).toMatchObject({ validFrom: "2026-11-22", validUntil: "2028-03-31", revokedAt: null });
    expect(certs[0]!.code).toMatch(/^[0-9A-HJKMNP-TV-Z]{16}$/);
    u1Code = certs[0]!.code;
    const placements = await database.db.select().from(promoterPlacements).where(eq(promoterPlacements.userId, staff.u1));
    expect(placements).toMatchObject([{ departmentId: town.departments.a, placedOn: "2026-11-22", endedOn: null }]);
    const [enrollment] = await database.db.select().from(programEnrollments).where(eq(programEnrollments.id, u1Enrollment));
    expect(enrollment!.status).toBe("certified");
    const [audit] = await database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "program.certify"), eq(auditLog.targetId, certs[0]!.id)));
    expect(audit?.actorUserId).toBe(staff.hr);
  });

  it("verifies the certificate publicly: valid, then expired, with only name, programme, organization and dates", async () => {
    const valid = await verifyCode(database.db, formatVerificationCode(u1Code).toLowerCase(), "192.0.2.1", NOW);
    expect(valid).toEqual({
      kind: "program",
      state: "valid",
      name: "職員　u1",
      title: "DX推進員",
      organizationName: "progtown町",
      issuedOn: "2026-11-22",
      validFrom: "2026-11-22",
      validUntil: "2028-03-31",
      revokedOn: null,
    });
    expect(await verifyCode(database.db, u1Code, "192.0.2.1", new Date("2028-03-31T23:59:00+09:00"))).toMatchObject({ state: "valid" });
    const expired = await verifyCode(database.db, u1Code, "192.0.2.1", new Date("2028-04-01T00:00:00+09:00"));
    expect(expired).toMatchObject({ kind: "program", state: "expired" });
  });

  it("verifies 修了証 codes of course completions too, and reports unknown codes", async () => {
    const code = await town.complete(town.staff.u7, "security-basics", "2026-06-01T10:00:00+09:00");
    expect(await verifyCode(database.db, code, "192.0.2.2", NOW)).toEqual({
      kind: "course",
      name: "職員　u7",
      title: "情報セキュリティ基礎",
      organizationName: "progtown町",
      completedOn: "2026-06-01",
    });
    expect(await verifyCode(database.db, "ZZZZ-ZZZZ-ZZZZ-ZZZZ", "192.0.2.2", NOW)).toEqual({ kind: "unknown" });
    expect(await verifyCode(database.db, "short", "192.0.2.2", NOW)).toEqual({ kind: "malformed" });
  });

  it("HR of another organization cannot see or act on the enrollment", async () => {
    const omitama = (await userId(database, "omitama", "1001")).organizationId;
    const otherProgram = (await getProgram(database.db, omitama, "dx-promoter"))!;
    expect(await enrollmentDetail(database.db, omitama, otherProgram, u1Enrollment)).toBeNull();
    expect(await certify(database.db, { organizationId: omitama, actorUserId: town.staff.hr, ip: null }, otherProgram, u1Enrollment)).toMatchObject({
      ok: false,
      status: 404,
    });
    const certId = (await listCertificates(database.db, town.organizationId, town.program.id, town.staff.u1))[0]!.id;
    expect(await revoke(database.db, { organizationId: omitama, actorUserId: town.staff.hr, ip: null }, otherProgram, certId, "x")).toMatchObject({
      ok: false,
      status: 404,
    });
    const route = await import("~/routes/admin.programs.$programSlug.enrollments.$enrollmentId");
    const page = await callLoader(route.loader, `/admin/programs/dx-promoter/enrollments/${u1Enrollment}`, {
      cookie: await sessionCookie(database, "omitama", "1001"),
      params: { programSlug: "dx-promoter", enrollmentId: u1Enrollment },
    });
    expect(page.status).toBe(404);
  });
});

describe("activities, the 課長's confirmation and the CSV", () => {
  it("a valid promoter records activities; only the 課長 of that 課 confirms; HR exports per promoter and fiscal year", async () => {
    const { program, staff } = town;
    expect(
      await addActivity(
        database.db,
        ctx(staff.u2),
        program,
        { title: "x", departmentId: town.departments.a, doneOn: "2026-11-22", hoursSavedPerYear: null, note: null },
        NOW,
      ),
    ).toMatchObject({ ok: false, status: 403 });
    expect(
      await addActivity(
        database.db,
        ctx(staff.u1),
        program,
        { title: "x", departmentId: town.departments.a, doneOn: "2026-11-23", hoursSavedPerYear: null, note: null },
        NOW,
      ),
    ).toMatchObject({ ok: false, error: "活動日に未来の日付は入力できません。" });
    expect(
      await addActivity(
        database.db,
        ctx(staff.u1),
        program,
        { title: "x", departmentId: town.departments.a, doneOn: "2026-11-21", hoursSavedPerYear: null, note: null },
        NOW,
      ),
    ).toMatchObject({ ok: false, error: "活動日は認定日（2026-11-22）以降の日付にしてください。" });
    const first = await addActivity(
      database.db,
      ctx(staff.u1),
      program,
      { title: "住民票の郵送請求をオンライン化", departmentId: town.departments.a, doneOn: "2026-11-22", hoursSavedPerYear: 120, note: "封入作業が減った" },
      NOW,
    );
    const second = await addActivity(
      database.db,
      ctx(staff.u1),
      program,
      { title: "B課の受付簿を共有", departmentId: town.departments.b, doneOn: "2026-11-22", hoursSavedPerYear: 12.5, note: null },
      NOW,
    );
    if (!first.ok || !second.ok) throw new Error("not added");

    // Through the route: the 課長 of A confirms A's activity; B's is not theirs to confirm.
    const route = await import("~/routes/admin.programs.$programSlug.activities");
    const cookieOf = async (id: string) => {
      const { createSession } = await import("~/auth/session.server");
      const { token } = await createSession(database.db, { userId: id, organizationId: town.organizationId });
      return `manabiya_session=${token}`;
    };
    const params = { programSlug: "dx-promoter" };
    const managerA = await cookieOf(staff.managerA);
    expect(
      (await callAction(route.action, "/admin/programs/dx-promoter/activities", { activityId: second.activityId }, { cookie: managerA, params })).status,
    ).toBe(403);
    expect(
      (await callAction(route.action, "/admin/programs/dx-promoter/activities", { activityId: first.activityId }, { cookie: managerA, params })).status,
    ).toBe(302);
    expect(
      (
        await callAction(
          route.action,
          "/admin/programs/dx-promoter/activities",
          { activityId: second.activityId },
          { cookie: await cookieOf(staff.hr), params },
        )
      ).status,
    ).toBe(403);
    expect(await confirmActivity(database.db, ctx(staff.u1), program, second.activityId)).toMatchObject({ ok: false, error: "ご自身の活動は確認できません。" });
    expect(
      (
        await callAction(
          route.action,
          "/admin/programs/dx-promoter/activities",
          { activityId: second.activityId },
          { cookie: await cookieOf(staff.managerB), params },
        )
      ).status,
    ).toBe(302);
    // The 課長 of A sees only A's activities.
    const page = await callLoader(route.loader, "/admin/programs/dx-promoter/activities?fy=2026", { cookie: managerA, params });
    expect((page.data as { activities: { title: string }[] }).activities.map((a) => a.title)).toEqual(["住民票の郵送請求をオンライン化"]);

    // A third, unconfirmed activity does not reach the CSV.
    await addActivity(
      database.db,
      ctx(staff.u1),
      program,
      { title: "未確認の活動", departmentId: town.departments.a, doneOn: "2026-11-22", hoursSavedPerYear: 1, note: null },
      NOW,
    );
    const rows = await listActivities(database.db, town.organizationId, program.id, { fiscalYear: 2026, confirmed: true, userId: staff.u1 });
    const csv = activitiesCsv(rows, 2026);
    expect(csv.startsWith("\uFEFF年度,職員番号,氏名,活動日,活動,対象の課,削減時間（年間・時間）,内容・効果,確認した課長,確認日\r\n")).toBe(true);
    const today = new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 10);
    expect(csv.slice(1).split("\r\n").slice(1)).toEqual([
      `2026年度（令和8年度）,u1,職員　u1,2026-11-22,住民票の郵送請求をオンライン化,A課,120,封入作業が減った,職員　m1,${today}`,
      `2026年度（令和8年度）,u1,職員　u1,2026-11-22,B課の受付簿を共有,B課,12.5,,職員　m2,${today}`,
      "",
    ]);
    expect(await listActivities(database.db, town.organizationId, program.id, { fiscalYear: 2025, confirmed: true })).toEqual([]);

    const download = await import("~/routes/admin.programs.$programSlug_.csv");
    const response = await callLoader(download.loader, `/admin/programs/dx-promoter/csv?fy=2026&promoter=${staff.u1}`, {
      cookie: await cookieOf(staff.hr),
      params,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Disposition")).toBe('attachment; filename="dx-promoter-activities-2026-u1.csv"');
    expect(response.data).toBe(csv.replace(/^\uFEFF/, "")); // (Response.text() drops the BOM when decoding)
  });
});

describe("revocation, expiry and renewal", () => {
  it("revokes with a reason: verification says 取消, the placement ends, coverage drops", async () => {
    const { program, staff } = town;
    const [cert] = await listCertificates(database.db, town.organizationId, program.id, staff.u1);
    expect((await coverage(database.db, town.organizationId, program, NOW)).covered).toBe(1);
    expect(await revoke(database.db, ctx(staff.hr), program, cert!.id, "", NOW)).toMatchObject({ ok: false, status: 400 });
    expect(await revoke(database.db, ctx(staff.hr), program, cert!.id, "退職のため", NOW)).toEqual({ ok: true });
    expect(await revoke(database.db, ctx(staff.hr), program, cert!.id, "退職のため", NOW)).toMatchObject({ ok: false, status: 409 });
    expect(await verifyCode(database.db, cert!.code, "192.0.2.3", NOW)).toMatchObject({ kind: "program", state: "revoked", revokedOn: "2026-11-22" });
    expect(
      await database.db
        .select()
        .from(promoterPlacements)
        .where(and(eq(promoterPlacements.userId, staff.u1), isNull(promoterPlacements.endedOn))),
    ).toEqual([]);
    expect(await coverage(database.db, town.organizationId, program, NOW)).toMatchObject({ covered: 0, total: 4, percent: 0 });
    expect(
      await addActivity(
        database.db,
        ctx(staff.u1),
        program,
        { title: "x", departmentId: town.departments.a, doneOn: "2026-11-22", hoursSavedPerYear: null, note: null },
        NOW,
      ),
    ).toMatchObject({ ok: false, status: 403 });
  });

  it("lists near-expiry promoters in their last fiscal year and renews them when the renewal rules are met", async () => {
    const { program, staff } = town;
    // u2 was selected earlier; certify them as of 2025-06-10 (valid to 2027-03-31, so near expiry in 2026年度).
    const enrollment = (await listEnrollments(database.db, town.organizationId, program)).find((r) => r.staffNumber === "u2")!;
    await town.complete(staff.u2, "dx-promoter-basics", "2025-04-20T10:00:00+09:00");
    await town.complete(staff.u2, "bpr-basics", "2025-05-20T10:00:00+09:00");
    await town.training("2025-05-28T13:30:00+09:00", [[staff.u2, "present"]]);
    await town.approvedReport(staff.u2, "2025-06-01T10:00:00+09:00");
    const certified = await certify(database.db, ctx(staff.hr), program, enrollment.id, new Date("2025-06-10T10:00:00+09:00"));
    if (!certified.ok) throw new Error(certified.error);
    const [cert] = await listCertificates(database.db, town.organizationId, program.id, staff.u2);
    expect(cert).toMatchObject({ validFrom: "2025-06-10", validUntil: "2027-03-31" });

    const march = (await listPromoters(database.db, town.organizationId, program, new Date("2026-03-31T12:00:00+09:00"))).find((p) => p.userId === staff.u2)!;
    expect(march).toMatchObject({ state: "valid", nearExpiry: false, renewal: { open: false } });
    const now = (await listPromoters(database.db, town.organizationId, program, NOW)).find((p) => p.userId === staff.u2)!;
    expect(now).toMatchObject({ state: "valid", nearExpiry: true, renewal: { open: true, reason: null }, placement: { departmentName: "B課" } });

    // Renewal needs bpr-basics again, one DX training and one confirmed activity since the certificate's first day.
    const refused = await renew(database.db, ctx(staff.hr), program, cert!.id, NOW);
    // (u2 was present at the DX training of 2026-07-08, which counts.)
    expect(refused.ok ? "" : refused.error).toBe(
      "更新の要件を満たしていません: 講座「業務改善の進め方」の修了（2025年6月10日以降）、課長が確認した改善活動 1件（2025年6月10日以降）",
    );
    await town.complete(staff.u2, "bpr-basics", "2026-07-01T10:00:00+09:00");
    const activity = await addActivity(
      database.db,
      ctx(staff.u2),
      program,
      { title: "受付簿の共有", departmentId: town.departments.b, doneOn: "2026-09-01", hoursSavedPerYear: 30, note: null },
      NOW,
    );
    if (!activity.ok) throw new Error(activity.error);
    expect(await confirmActivity(database.db, ctx(staff.managerB), program, activity.activityId)).toEqual({ ok: true });
    const [a, b] = await Promise.all([renew(database.db, ctx(staff.hr), program, cert!.id, NOW), renew(database.db, ctx(staff.hr), program, cert!.id, NOW)]);
    expect([a, b].filter((r) => r.ok)).toHaveLength(1);
    expect([a, b].find((r) => !r.ok)).toMatchObject({ ok: false, status: 409 });
    const certs = await listCertificates(database.db, town.organizationId, program.id, staff.u2);
    expect(certs.map((c) => [c.validFrom, c.validUntil, c.renewedFromId === cert!.id])).toEqual([
      ["2027-04-01", "2029-03-31", true],
      ["2025-06-10", "2027-03-31", false],
    ]);
    const after = (await listPromoters(database.db, town.organizationId, program, NOW)).find((p) => p.userId === staff.u2)!;
    expect(after).toMatchObject({ nearExpiry: false, renewedUntil: "2029-03-31" });
    // The renewed certificate is not yet valid; on 1 April 2027 it is, and the old one has expired.
    expect(await verifyCode(database.db, certs[0]!.code, "192.0.2.4", NOW)).toMatchObject({ state: "not_yet_valid" });
    expect(await verifyCode(database.db, certs[0]!.code, "192.0.2.4", new Date("2027-04-01T09:00:00+09:00"))).toMatchObject({ state: "valid" });
    expect(await verifyCode(database.db, cert!.code, "192.0.2.4", new Date("2027-04-01T09:00:00+09:00"))).toMatchObject({ state: "expired" });
  });

  it("moves a placement with history and refuses placement without a valid certificate", async () => {
    const { program, staff } = town;
    expect(await setPlacement(database.db, ctx(staff.hr), program, staff.u1, town.departments.a, NOW)).toMatchObject({ ok: false, status: 409 });
    expect(await setPlacement(database.db, ctx(staff.hr), program, staff.u2, town.departments.c, NOW)).toEqual({ ok: true });
    expect(await setPlacement(database.db, ctx(staff.hr), program, staff.u2, town.departments.c, NOW)).toEqual({ ok: true }); // no change
    const rows = await database.db.select().from(promoterPlacements).where(eq(promoterPlacements.userId, staff.u2));
    expect(rows.map((r) => [r.departmentId, r.placedOn, r.endedOn]).sort()).toEqual(
      [
        [town.departments.b, "2025-06-10", "2026-11-22"],
        [town.departments.c, "2026-11-22", null],
      ].sort(),
    );
    const cov = await coverage(database.db, town.organizationId, program, NOW);
    expect(cov.departments.map((d) => [d.name, d.promoters.map((p) => p.name)])).toEqual([
      ["A課", []],
      ["B課", []],
      ["C課", ["職員　u2"]],
      ["D課", []],
    ]);
    expect(cov).toMatchObject({ covered: 1, total: 4, percent: 25 });
  });
});

describe("KPI figures counted in SQL", () => {
  it("counts certified promoters and 課 coverage at the end of each fiscal year, and confirmed activities in it", async () => {
    const kpiTown = await buildProgramTown(database, "kpitown");
    const { program, staff, departments: d } = kpiTown;
    const db = database.db;
    const base = { organizationId: kpiTown.organizationId, programId: program.id };
    let n = 0;
    const cert = async (userId: string, validFrom: string, validUntil: string, revokedAt: string | null = null) =>
      db.insert(programCertificates).values({
        ...base,
        userId,
        code: `KP1T0WN000000${String(++n).padStart(3, "0")}`,
        validFrom,
        validUntil,
        revokedAt: revokedAt ? new Date(revokedAt) : null,
      });
    const place = (userId: string, departmentId: string, placedOn: string, endedOn: string | null = null) =>
      db.insert(promoterPlacements).values({ ...base, userId, departmentId, placedOn, endedOn });
    const act = (userId: string, doneOn: string, confirmed: boolean) =>
      db.insert(promoterActivities).values({
        ...base,
        userId,
        departmentId: d.a,
        title: "改善",
        doneOn,
        confirmedBy: confirmed ? staff.managerA : null,
        confirmedAt: confirmed ? new Date() : null,
      });
    // P1 (u1): 2024-06-01 … 2026-03-31, in A.  P2 (u2): 2025-05-01 … 2027-03-31, in B, moved to C on 2026-06-01.
    // P3 (u5): 2025-07-01 … 2027-03-31 in D, revoked 2026-09-30.  P4 (u7): from 2026-10-01, not placed.
    await cert(staff.u1, "2024-06-01", "2026-03-31");
    await place(staff.u1, d.a, "2024-06-01");
    await cert(staff.u2, "2025-05-01", "2027-03-31");
    await place(staff.u2, d.b, "2025-05-01", "2026-06-01");
    await place(staff.u2, d.c, "2026-06-01");
    await cert(staff.u5, "2025-07-01", "2027-03-31", "2026-09-30T10:00:00+09:00");
    await place(staff.u5, d.d, "2025-07-01", "2026-09-30");
    await cert(staff.u7, "2026-10-01", "2028-03-31");
    await act(staff.u1, "2024-12-01", true);
    await act(staff.u2, "2025-04-10", true);
    await act(staff.u2, "2026-03-31", true);
    await act(staff.u2, "2026-04-01", true);
    await act(staff.u2, "2026-05-01", false);
    const figures = async (metric: "certified_promoters" | "promoter_coverage" | "confirmed_activities") =>
      Object.fromEntries(await programActualsByYear(db, kpiTown.organizationId, { kind: "program", program: "dx-promoter", metric }, 2023, 2026, NOW));
    expect(await figures("certified_promoters")).toEqual({ 2023: 0, 2024: 1, 2025: 3, 2026: 2 });
    expect(await figures("promoter_coverage")).toEqual({ 2023: 0, 2024: 25, 2025: 75, 2026: 25 });
    expect(await figures("confirmed_activities")).toEqual({ 2023: 0, 2024: 1, 2025: 2, 2026: 1 });
    // The coverage page agrees with the KPI for today.
    expect(await coverage(db, kpiTown.organizationId, program, NOW)).toMatchObject({ covered: 1, total: 4, percent: 25 });
    // Through the KPI module, as the dashboard asks for it (past years do not depend on today).
    expect(
      Object.fromEntries(
        await actualsByYear(
          db,
          kpiTown.organizationId,
          "00000000-0000-4000-8000-000000000000",
          { kind: "program", program: "dx-promoter", metric: "promoter_coverage" },
          2024,
          2025,
        ),
      ),
    ).toEqual({ 2024: 25, 2025: 75 });
    // Another organization's programme records never count.
    const empty = await buildProgramTown(database, "emptytown");
    for (const metric of ["certified_promoters", "promoter_coverage", "confirmed_activities"] as const) {
      const other = await programActualsByYear(db, empty.organizationId, { kind: "program", program: "dx-promoter", metric }, 2024, 2026, NOW);
      expect(Object.fromEntries(other)).toEqual({ 2024: 0, 2025: 0, 2026: 0 });
    }
  });
});

describe("public verification page", () => {
  it("answers 200, 404 and, after too many wrong codes from one address, 429 with a clear message", async () => {
    const route = await import("~/routes/verify.$code");
    const [cert] = await listCertificates(database.db, town.organizationId, town.program.id, town.staff.u2);
    const ok = await callLoader(route.loader, `/verify/${cert!.code}`, { params: { code: cert!.code } });
    expect(ok.status).toBe(200);
    expect(ok.data).toMatchObject({
      kind: "program",
      facts: expect.arrayContaining([
        ["氏名", "職員　u2"],
        ["認定", "DX推進員"],
        ["自治体", "progtown町"],
      ]),
    });
    expect(ok.headers.get("Cache-Control")).toBe("no-store");
    await database.db.delete(loginThrottles).where(eq(loginThrottles.key, "verify:ip:127.0.0.1"));
    for (let i = 0; i < VERIFY_POLICY.free; i++) {
      const wrong = await callLoader(route.loader, "/verify/ZZZZZZZZZZZZZZZZ", { params: { code: "ZZZZZZZZZZZZZZZZ" } });
      expect(wrong.status).toBe(404);
    }
    const eleventh = await callLoader(route.loader, "/verify/ZZZZZZZZZZZZZZZY", { params: { code: "ZZZZZZZZZZZZZZZY" } });
    expect(eleventh.status).toBe(404); // counted, and from now on each wrong code makes the next wait longer
    const [row] = await database.db.select().from(loginThrottles).where(eq(loginThrottles.key, "verify:ip:127.0.0.1"));
    expect(row).toMatchObject({ failures: 11 });
    expect(row!.blockedUntil!.getTime()).toBeGreaterThan(Date.now() - 1000);
    // At the lock threshold the address waits 15 minutes (set the count just below it rather than waiting out the delays).
    await database.db
      .update(loginThrottles)
      .set({ failures: VERIFY_POLICY.lockAt - 1, blockedUntil: null })
      .where(eq(loginThrottles.key, "verify:ip:127.0.0.1"));
    expect((await callLoader(route.loader, "/verify/ZZZZZZZZZZZZZZZX", { params: { code: "ZZZZZZZZZZZZZZZX" } })).status).toBe(404);
    const blocked = await callLoader(route.loader, `/verify/${cert!.code}`, { params: { code: cert!.code } });
    expect(blocked.status).toBe(429);
    expect((blocked.data as { message: string }).message).toMatch(
      /^確認コードの誤りが続いたため、しばらく確認できません。1[45]分(\d+秒)?ほど待ってから、もう一度お試しください。$/,
    );
    expect(blocked.headers.get("Retry-After")).toMatch(/^\d+$/);
    // Another address is not affected.
    expect((await verifyCode(database.db, cert!.code, "198.51.100.7")).kind).toBe("program");
    const form = await import("~/routes/verify._index");
    expect((await callLoader(form.loader, "/verify")).status).toBe(429);
    await database.db.delete(loginThrottles).where(eq(loginThrottles.key, "verify:ip:127.0.0.1"));
    const redirected = await callLoader(form.loader, `/verify?code=${encodeURIComponent(formatVerificationCode(cert!.code).toLowerCase())}`);
    expect(redirected).toMatchObject({ status: 302, location: `/verify/${cert!.code}` });
    expect((await callLoader(form.loader, "/verify?code=abc")).status).toBe(400);
  });
});

describe("demo records", () => {
  it("seed applicants, candidates and promoters once per organization, with one ready to certify and one near expiry", async () => {
    const ami = (await userId(database, "ami", "1001")).organizationId;
    const program = (await getProgram(database.db, ami, "dx-promoter"))!;
    const enrollments = await listEnrollments(database.db, ami, program);
    expect(enrollments.map((e) => [e.staffNumber, e.status]).sort()).toEqual([
      ["2001", "applied"],
      ["2002", "certified"],
      ["2003", "selected"],
      ["2004", "certified"],
      ["2005", "selected"],
      ["2010", "applied"],
      ["2013", "applied"],
      ["2014", "nominated"],
    ]);
    expect(enrollments.filter((e) => e.percent !== null).map((e) => e.staffNumber)).toEqual(["2003", "2001", "2005", "2010", "2013"]);
    const promoters = await listPromoters(database.db, ami, program);
    expect(promoters.find((p) => p.staffNumber === "2002")).toMatchObject({ state: "valid", nearExpiry: true });
    expect(promoters.find((p) => p.staffNumber === "2004")).toMatchObject({ state: "valid", nearExpiry: false, placement: { departmentName: "町民課" } });
    expect(await seedDemoPrograms(database.db)).toBe(0);
    expect((await listEnrollments(database.db, ami, program)).length).toBe(enrollments.length);
  });
});
