import { describe, expect, it } from "vitest";
import { achievementPercent, statusOf, targetFor, type KpiDefinition } from "~/kpis/rules";

// 阿見町DX推進計画: スマートフォン講習会の開催回数（年間あたり） 24 → 46 (2027年度).
const classes: KpiDefinition = { direction: "increase", baseline: { value: 24, fiscalYear: 2022 }, targets: { 2027: 46 }, accumulation: "yearly" };
// 情報セキュリティインシデント発生回数 0 → 0.
const incidents: KpiDefinition = { direction: "keep", baseline: { value: 0, fiscalYear: 2022 }, targets: { 2027: 0 }, accumulation: "yearly" };
// BPR 実施業務数（累計） 0 → 25.
const bpr: KpiDefinition = { direction: "increase", baseline: { value: 0, fiscalYear: 2022 }, targets: { 2027: 25 }, accumulation: "level" };

describe("targets", () => {
  it("interpolates linearly between the baseline and the plan's final target, and says so", () => {
    expect(targetFor(classes, 2023)).toEqual({ value: 28.4, interpolated: true });
    expect(targetFor(classes, 2026)).toEqual({ value: 41.6, interpolated: true });
    expect(targetFor(classes, 2027)).toEqual({ value: 46, interpolated: false });
  });
  it("holds the last target after the plan and has none for the baseline year or before", () => {
    expect(targetFor(classes, 2029)).toEqual({ value: 46, interpolated: true });
    expect(targetFor(classes, 2022)).toBeNull();
    expect(targetFor(classes, 2020)).toBeNull();
  });
  it("uses intermediate targets when the plan gives them", () => {
    const k = { ...classes, targets: { 2024: 30, 2027: 46 } };
    expect(targetFor(k, 2024)).toEqual({ value: 30, interpolated: false });
    expect(targetFor(k, 2025)).toEqual({ value: 35.3, interpolated: true });
  });
});

describe("achievement", () => {
  it("yearly counts: share of the year's target", () => {
    expect(achievementPercent(classes, 33, 41.6)).toBe(79.3);
  });
  it("levels: share of the way from the baseline", () => {
    expect(achievementPercent(bpr, 10, 20)).toBe(50);
  });
  it("keep: all or nothing", () => {
    expect(achievementPercent(incidents, 0, 0)).toBe(100);
    expect(achievementPercent(incidents, 1, 0)).toBe(0);
  });
});

describe("status against the pro-rated target", () => {
  const mid = new Date("2026-10-01T00:00:00+09:00"); // about half of 2026年度
  it("達成 when the year's target is already met", () => {
    expect(statusOf(classes, 42, 41.6, 2026, mid)).toBe("達成");
  });
  it("順調 when keeping pace, 要注意 when behind", () => {
    expect(statusOf(classes, 21, 41.6, 2026, mid)).toBe("順調"); // 41.6 × 0.50 ≈ 20.9
    expect(statusOf(classes, 20, 41.6, 2026, mid)).toBe("要注意");
  });
  it("keep: 順調 during the year while at target, 達成 at the end, 要注意 as soon as it breaks", () => {
    expect(statusOf(incidents, 0, 0, 2026, mid)).toBe("順調");
    expect(statusOf(incidents, 0, 0, 2026, new Date("2027-04-01T00:00:00+09:00"))).toBe("達成");
    expect(statusOf(incidents, 1, 0, 2026, mid)).toBe("要注意");
  });
  it("levels are judged on their share of the way from last year's target", () => {
    // 2025 target 15, 2026 target 20: half way through 2026 the pace point is 17.5.
    expect(statusOf(bpr, 18, 20, 2026, mid)).toBe("順調");
    expect(statusOf(bpr, 17, 20, 2026, mid)).toBe("要注意");
  });
});
