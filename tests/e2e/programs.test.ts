import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { collectErrors, horizontalOverflow, launchBrowser, screenshot, signIn, startApp, waitForHeading, waitForHydration, type RunningApp } from "./harness";

let app: RunningApp;
let browser: Browser;

beforeAll(async () => {
  [app, browser] = await Promise.all([startApp(), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe("DX推進員: HR certifies, anyone verifies", () => {
  it("HR certifies the candidate who meets every requirement; the public /verify page confirms it on a phone", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "ja-JP" });
    const page = await context.newPage();
    const errors = collectErrors(page);
    await signIn(page, app.url, { org: "小美玉市", staffNumber: "1001", redirectTo: "/admin/programs/dx-promoter" });
    await waitForHeading(page, "DX推進員の選考と育成");
    // The demo candidate in training whose records meet every requirement.
    const ready = page.locator("section", { hasText: "育成中（選定済み）" }).locator("tr", { hasText: "認定できます" });
    expect(await ready.count()).toBe(1);
    await ready.getByRole("link").click();
    await page.getByRole("heading", { name: "認定の要件" }).waitFor();
    const name = (await page.locator("h1").textContent())!;
    expect(await page.locator(".requirement .program-badge", { hasText: "未" }).count()).toBe(0);
    await screenshot(page, "desktop-40-program-candidate");
    await waitForHydration(page);
    await page.getByRole("button", { name: "認定する" }).click();
    await page.locator(".form-message-success", { hasText: "認定しました" }).waitFor();
    const code = (await page.locator("#certificates").locator("xpath=..").locator("dd a").first().textContent())!;
    expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(await page.locator("#placement").locator("xpath=..").textContent()).toContain("現在の配置");
    expect(errors).toEqual([]);
    await context.close();

    // A resident or another town checks the code on a phone, without signing in.
    const phone = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: "ja-JP" });
    const visitor = await phone.newPage();
    const visitorErrors = collectErrors(visitor);
    await visitor.goto(`${app.url}/verify`);
    await waitForHeading(visitor, "認定証・修了証の確認");
    await visitor.fill("#code", code.toLowerCase().replace(/-/g, " "));
    await visitor.getByRole("button", { name: "確認する" }).click();
    await waitForHeading(visitor, "有効な認定です");
    expect(visitor.url()).toBe(`${app.url}/verify/${code.replace(/-/g, "")}`);
    const facts = await visitor.locator(".verify-result dl").textContent();
    expect(facts).toContain(name);
    expect(facts).toContain("DX推進員");
    expect(facts).toContain("小美玉市");
    expect(facts).toMatch(/有効期間\d{4}年\d+月\d+日から\d{4}年3月31日まで/);
    expect(await horizontalOverflow(visitor)).toBe(0);
    await screenshot(visitor, "phone-40-verify-valid");

    const unknown = await visitor.goto(`${app.url}/verify/ZZZZ-ZZZZ-ZZZZ-ZZZZ`);
    expect(unknown?.status()).toBe(404);
    await waitForHeading(visitor, "証明書が見つかりませんでした");
    expect(await horizontalOverflow(visitor)).toBe(0);
    expect(visitorErrors).toEqual([]);
    await phone.close();
  });

  it("a promoter sees their certificate and progress, and records an activity, on a phone", async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: "ja-JP" });
    const page = await context.newPage();
    const errors = collectErrors(page);
    await signIn(page, app.url, { org: "小美玉市", staffNumber: "2009", redirectTo: "/programs/dx-promoter" });
    await waitForHeading(page, "DX推進員");
    await page.getByRole("heading", { name: "あなたの認定" }).waitFor();
    expect(await page.locator(".program-badge").first().textContent()).toMatch(/^有効/);
    expect(await horizontalOverflow(page)).toBe(0);
    await screenshot(page, "phone-41-program-promoter");
    await page.getByRole("link", { name: "改善の活動を記録する" }).click();
    await waitForHeading(page, "改善の活動記録");
    await waitForHydration(page);
    await page.fill("#title", "E2E: 窓口の番号札を電子化");
    await page.fill("#hours", "24");
    await page.getByRole("button", { name: "記録する" }).click();
    await page.locator(".form-message-success", { hasText: "活動を記録しました" }).waitFor();
    expect(await page.locator(".program-card", { hasText: "E2E: 窓口の番号札を電子化" }).textContent()).toContain("課長の確認待ち");
    expect(await horizontalOverflow(page)).toBe(0);
    await screenshot(page, "phone-42-program-activities");
    expect(errors).toEqual([]);
    await context.close();
  });

  it("a staff member above 係長 is told why they cannot apply", async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: "ja-JP" });
    const page = await context.newPage();
    await signIn(page, app.url, { org: "小美玉市", staffNumber: "1003", redirectTo: "/programs/dx-promoter" });
    await waitForHeading(page, "DX推進員");
    expect(await page.locator(".notice", { hasText: "いまは応募できません" }).textContent()).toContain(
      "職位が係長より上のため対象外です（現在の職位: 課長）。",
    );
    expect(await page.getByRole("button", { name: "応募する" }).count()).toBe(0);
    expect(await horizontalOverflow(page)).toBe(0);
    await screenshot(page, "phone-43-program-ineligible");
    await context.close();
  });
});
