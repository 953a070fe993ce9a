import { describe, expect, it } from "vitest";
import {
  certificateState,
  certificateValidity,
  checkEligibility,
  describeEligibility,
  evaluateCertification,
  evaluateRenewal,
  isNearExpiry,
  rankByExam,
  renewalOpen,
  renewalValidity,
  type ProgramFacts,
} from "~/programs/rules";
import { programSchema, type ProgramDefinition } from "~/programs/schema";
import { addDays, fiscalYearOfDate, jstDate } from "../../app/kernel/dates";

const RANKS = ["部長", "次長", "課長", "課長補佐", "係長", "主任", "主事", "技師", "会計年度任用職員"].map((name, position) => ({ name, position }));
const rank = (name: string) => RANKS.find((r) => r.name === name)!;

const DEF: ProgramDefinition = programSchema.parse({
  title: "DX推進員",
  summary: "テスト",
  description: "テスト",
  eligibility: { maxJobRank: "係長", employmentTypes: ["regular"] },
  selectionExam: { course: "dx-promoter-basics", quiz: "selection", passMark: 70 },
  requiredCourses: ["dx-promoter-basics", "bpr-basics"],
  requiredTrainings: { category: "dx-literacy", count: 2 },
  improvementReport: true,
  validityFiscalYears: 2,
  renewal: { requiredCourses: ["bpr-basics"], requiredTrainings: { category: "dx-literacy", count: 1 }, confirmedActivities: 1 },
});
const TITLES = { "dx-promoter-basics": "DX推進員 基礎", "bpr-basics": "業務改善の進め方" };

const empty = (overrides: Partial<ProgramFacts> = {}): ProgramFacts => ({
  status: "selected",
  exam: null,
  completions: [],
  trainings: [],
  reports: [],
  confirmedActivities: [],
  ...overrides,
});
const at = (s: string) => new Date(s);

describe("eligibility", () => {
  it("accepts regular staff at or below 係長", () => {
    for (const r of ["係長", "主任", "主事", "技師"]) {
      expect(checkEligibility(DEF.eligibility, { active: true, employmentType: "regular", jobRank: rank(r) }, RANKS)).toEqual({ eligible: true, reasons: [] });
    }
  });

  it("explains every reason in Japanese", () => {
    expect(checkEligibility(DEF.eligibility, { active: true, employmentType: "regular", jobRank: rank("課長補佐") }, RANKS).reasons).toEqual([
      "職位が係長より上のため対象外です（現在の職位: 課長補佐）。",
    ]);
    const both = checkEligibility(DEF.eligibility, { active: false, employmentType: "fiscal_year", jobRank: rank("課長") }, RANKS);
    expect(both.eligible).toBe(false);
    expect(both.reasons).toEqual([
      "在職中の職員ではないため対象外です。",
      "職位が係長より上のため対象外です（現在の職位: 課長）。",
      "雇用形態が対象外です（対象: 正規、現在: 会計年度任用）。",
    ]);
    expect(checkEligibility(DEF.eligibility, { active: true, employmentType: "regular", jobRank: null }, RANKS).reasons[0]).toContain("職位が登録されていない");
    expect(
      checkEligibility(
        DEF.eligibility,
        { active: true, employmentType: "regular", jobRank: rank("主事") },
        RANKS.filter((r) => r.name !== "係長"),
      ).reasons[0],
    ).toContain("この自治体の職位に「係長」がない");
  });

  it("describes the rule in words", () => {
    expect(describeEligibility(DEF.eligibility)).toBe("係長以下の職位の正規の職員");
    expect(describeEligibility({})).toBe("職員");
  });
});

describe("validity in fiscal years", () => {
  it("runs to the 31 March ending the N-th fiscal year, counting the year of issue", () => {
    expect(certificateValidity(at("2026-11-22T10:00:00+09:00"), 2)).toEqual({ validFrom: "2026-11-22", validUntil: "2028-03-31" });
    // Japan time decides the day and the fiscal year: 31 March 23:30 JST is still the old fiscal year.
    expect(certificateValidity(at("2027-03-31T14:30:00Z"), 2)).toEqual({ validFrom: "2027-03-31", validUntil: "2028-03-31" });
    expect(certificateValidity(at("2027-03-31T15:00:00Z"), 2)).toEqual({ validFrom: "2027-04-01", validUntil: "2029-03-31" });
    expect(certificateValidity(at("2026-04-01T00:00:00+09:00"), 1)).toEqual({ validFrom: "2026-04-01", validUntil: "2027-03-31" });
  });

  it("renews without a gap, or from today when lapsed", () => {
    expect(renewalValidity("2028-03-31", "2027-12-01", 2)).toEqual({ validFrom: "2028-04-01", validUntil: "2030-03-31" });
    expect(renewalValidity("2028-03-31", "2028-06-10", 2)).toEqual({ validFrom: "2028-06-10", validUntil: "2030-03-31" });
  });

  it("knows valid, not yet valid, expired and revoked, by the date in Japan", () => {
    const cert = { validFrom: "2026-11-22", validUntil: "2028-03-31", revokedAt: null };
    expect(certificateState(cert, "2026-11-21")).toBe("not_yet_valid");
    expect(certificateState(cert, "2026-11-22")).toBe("valid");
    expect(certificateState(cert, "2028-03-31")).toBe("valid");
    expect(certificateState(cert, "2028-04-01")).toBe("expired");
    expect(certificateState({ ...cert, revokedAt: new Date() }, "2027-01-01")).toBe("revoked");
    expect(jstDate(at("2028-03-31T15:00:00Z"))).toBe("2028-04-01");
    expect(fiscalYearOfDate("2028-03-31")).toBe(2027);
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
  });

  it("is near expiry during its last fiscal year, and renewable then or after lapsing", () => {
    const cert = { validFrom: "2026-11-22", validUntil: "2028-03-31", revokedAt: null, renewed: false };
    expect(isNearExpiry(cert, "2027-03-31")).toBe(false);
    expect(isNearExpiry(cert, "2027-04-01")).toBe(true);
    expect(isNearExpiry(cert, "2028-03-31")).toBe(true);
    expect(isNearExpiry(cert, "2028-04-01")).toBe(false); // expired, not "near"
    expect(isNearExpiry(cert, "2026-12-01", 2)).toBe(true);
    expect(renewalOpen(cert, "2027-03-31", DEF)).toEqual({ open: false, reason: "更新の手続きは2027年度（2027年4月1日から）に行えます。" });
    expect(renewalOpen(cert, "2027-04-01", DEF).open).toBe(true);
    expect(renewalOpen(cert, "2028-05-01", DEF).open).toBe(true);
    expect(renewalOpen({ ...cert, renewed: true }, "2027-05-01", DEF)).toEqual({ open: false, reason: "すでに更新されています。" });
    expect(renewalOpen({ ...cert, revokedAt: "2027-01-01T00:00:00Z" }, "2027-05-01", DEF).open).toBe(false);
  });
});

describe("requirements", () => {
  const complete = empty({
    exam: { percent: 82.5, submittedAt: at("2026-06-01T10:00:00+09:00") },
    completions: [
      { courseSlug: "dx-promoter-basics", completedAt: at("2025-05-10T10:00:00+09:00"), certificateCode: "AAAABBBBCCCCDDDD" },
      { courseSlug: "bpr-basics", completedAt: at("2026-07-01T10:00:00+09:00"), certificateCode: "EEEEFFFFGGGGHHHH" },
    ],
    trainings: [
      { category: "dx-literacy", title: "DX実践研修", number: 1, startsAt: at("2026-07-08T13:30:00+09:00") },
      { category: "dx-literacy", title: "DX実践研修", number: 2, startsAt: at("2027-01-27T13:30:00+09:00") },
      { category: "security", title: "情報セキュリティ研修", number: 1, startsAt: at("2026-06-11T15:00:00+09:00") },
    ],
    reports: [{ title: "窓口予約の電子化", status: "approved", submittedAt: at("2026-09-01T10:00:00+09:00"), reviewedAt: at("2026-09-10T10:00:00+09:00") }],
  });

  it("lists every requirement with its evidence and is complete when all are met", () => {
    const e = evaluateCertification(DEF, complete, TITLES);
    expect(e.complete).toBe(true);
    expect(e.items.map((i) => [i.key, i.met, i.summary])).toEqual([
      ["selection", true, "選定済み"],
      ["course:dx-promoter-basics", true, "修了"],
      ["course:bpr-basics", true, "修了"],
      ["trainings:dx-literacy", true, "2回中2回"],
      ["report", true, "承認済み"],
    ]);
    expect(e.items[0]!.evidence).toEqual(["2026年6月1日 選考試験 82.5点（合格の目安 70点・合格）"]);
    expect(e.items[1]!.label).toBe("講座「DX推進員 基礎」の修了");
    expect(e.items[1]!.evidence).toEqual(["2025年5月10日 修了（修了証番号 AAAABBBBCCCCDDDD）"]);
    expect(e.items[3]!.evidence).toEqual(["2026年7月8日 DX実践研修（第1回）に出席", "2027年1月27日 DX実践研修（第2回）に出席"]);
    expect(e.items[4]!.evidence).toEqual(["「窓口予約の電子化」2026年9月1日 提出・承認済み（2026年9月10日）"]);
  });

  it("is incomplete with one training short, a returned report, or before selection", () => {
    const short = evaluateCertification(DEF, { ...complete, trainings: complete.trainings.slice(1) }, TITLES);
    expect(short.complete).toBe(false);
    expect(short.items.find((i) => i.key === "trainings:dx-literacy")).toMatchObject({ met: false, summary: "2回中1回" });
    const returned = evaluateCertification(DEF, { ...complete, reports: [{ ...complete.reports[0]!, status: "returned" }] }, TITLES);
    expect(returned.items.at(-1)).toMatchObject({ met: false, summary: "差し戻し（修正してください）" });
    const applied = evaluateCertification(DEF, { ...complete, status: "applied" }, TITLES);
    expect(applied.items[0]).toMatchObject({ met: false, summary: "選定を待っています" });
    expect(evaluateCertification(DEF, empty({ status: "applied" }), TITLES).items[0]!.summary).toBe("選考試験が未受験です");
    expect(evaluateCertification(DEF, empty(), TITLES).items.find((i) => i.key === "report")!.summary).toBe("未提出");
  });

  it("counts renewal evidence only since the start of the current validity", () => {
    const facts = empty({
      status: "certified",
      completions: [{ courseSlug: "bpr-basics", completedAt: at("2026-07-01T10:00:00+09:00"), certificateCode: "X" }],
      trainings: [{ category: "dx-literacy", title: "DX実践研修", number: 1, startsAt: at("2027-07-08T13:30:00+09:00") }],
      confirmedActivities: [{ title: "申請書の電子化", doneOn: "2027-02-01" }],
    });
    const before = evaluateRenewal(DEF, facts, TITLES, "2026-11-22");
    expect(before.items.map((i) => [i.key, i.met])).toEqual([
      ["course:bpr-basics", false], // completed before the certificate
      ["trainings:dx-literacy", true],
      ["activities", true],
    ]);
    expect(before.complete).toBe(false);
    const again = evaluateRenewal(
      DEF,
      { ...facts, completions: [...facts.completions, { courseSlug: "bpr-basics", completedAt: at("2027-05-01T10:00:00+09:00"), certificateCode: "Y" }] },
      TITLES,
      "2026-11-22",
    );
    expect(again.complete).toBe(true);
  });
});

describe("ranking by the selection exam", () => {
  it("puts the best first, shares ranks on ties, and leaves those without a result unranked at the end", () => {
    const d = (s: string) => new Date(s);
    const ranked = rankByExam([
      { id: "a", percent: 75, submittedAt: d("2026-06-02") },
      { id: "b", percent: null, submittedAt: null },
      { id: "c", percent: 90, submittedAt: d("2026-06-03") },
      { id: "d", percent: 75, submittedAt: d("2026-06-01") },
      { id: "e", percent: 60, submittedAt: d("2026-06-01") },
    ]);
    expect(ranked.map((r) => [r.id, r.rank])).toEqual([
      ["c", 1],
      ["d", 2],
      ["a", 2],
      ["e", 4],
      ["b", null],
    ]);
  });
});
