import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "~/demo/staff";
import { collectErrors, horizontalOverflow, launchBrowser, screenshot, startApp, waitForHeading, type RunningApp } from "./harness";

let app: RunningApp;
let browser: Browser;

beforeAll(async () => {
  [app, browser] = await Promise.all([startApp(), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe("the DX office opens the KPI dashboard", () => {
  it("sees this year's figures from the records, with charts, on a phone too, and records an incident by hand", async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: "ja-JP" });
    const page = await context.newPage();
    const errors = collectErrors(page);
    await page.goto(`${app.url}/login?redirectTo=/admin/kpis`);
    await page.selectOption("#organizationId", { label: "阿見町" });
    await page.fill("#identifier", "1002");
    await page.fill("#password", DEMO_PASSWORD);
    await page.getByRole("button", { name: "ログイン" }).click();
    await waitForHeading(page, "KPIの達成状況");
    expect(await page.locator("#fy option:checked").textContent()).toMatch(/^\d{4}年度（令和\d+年度）$/);
    const card = page.locator(".kpi-card", { hasText: "スマートフォン講習会の開催回数（年間あたり）" });
    expect(await card.locator("dd").first().textContent()).toMatch(/^\d+回$/); // counted from the demo year's held classes
    expect(await card.locator("svg[role=img] title").textContent()).toContain("の推移");
    expect(["達成", "順調", "要注意"]).toContain(await card.locator(".kpi-status").textContent());
    expect(await horizontalOverflow(page)).toBe(0);
    await screenshot(page, "phone-15-kpis");

    const incidents = page.locator(".kpi-card", { hasText: "情報セキュリティインシデント発生回数" });
    await incidents.locator("summary", { hasText: "値を入力する" }).click();
    const today = new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 10);
    await incidents.locator("input[name=enteredOn]").fill(today);
    await incidents.locator("input[name=value]").fill("1");
    await incidents.locator("input[name=note]").fill("メール誤送信（E2E）");
    await incidents.getByRole("button", { name: "記録する" }).click();
    await page.locator(".form-message-success", { hasText: "値を記録しました" }).waitFor();
    const after = page.locator(".kpi-card", { hasText: "情報セキュリティインシデント発生回数" });
    expect(await after.locator("dd").first().textContent()).toBe("1回");
    expect(await after.locator(".kpi-status").textContent()).toBe("要注意");
    expect(errors).toEqual([]);
    await context.close();
  });
});
