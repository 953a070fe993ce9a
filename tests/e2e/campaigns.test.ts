import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { collectErrors, horizontalOverflow, launchBrowser, screenshot, signIn as signInAs, startApp, waitForHeading, type RunningApp } from "./harness";

let app: RunningApp;
let browser: Browser;

beforeAll(async () => {
  [app, browser] = await Promise.all([startApp(), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

/** Signs in as a 阿見町 demo account. */
const signIn = (page: Page, staffNumber: string, redirectTo: string) => signInAs(page, app.url, { org: "阿見町", staffNumber, redirectTo });

describe("mandatory training campaigns", () => {
  it("HR sees completion by 課, exempts someone on leave and copies the campaign to next year", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "ja-JP" });
    const page = await context.newPage();
    const errors = collectErrors(page);
    await signIn(page, "1001", "/admin/campaigns");
    await waitForHeading(page, "必修研修");
    await page.getByRole("link", { name: /情報セキュリティ研修$/ }).click();
    await page.locator("h1", { hasText: "情報セキュリティ研修" }).waitFor();
    const total = Number((await page.locator(".stat-grid li", { hasText: "対象者" }).locator(".stat-value").textContent())!.replace("人", ""));
    expect(total).toBeGreaterThan(20);
    expect(await page.locator("table", { hasText: "課ごとの修了率" }).locator("tbody tr").count()).toBeGreaterThan(3);
    expect(await page.locator("svg.trend-chart title").textContent()).toBe("修了者数の推移");
    await screenshot(page, "desktop-campaign");

    await page.fill("#staffNumber", "1006");
    await page.fill("#reason", "育児休業のため");
    await page.getByRole("button", { name: "登録する" }).click();
    await page.locator(".form-message-success", { hasText: "保存しました" }).waitFor();
    expect(await page.locator(".override-list").textContent()).toContain("育児休業のため");
    expect(await page.locator(".stat-grid li", { hasText: "対象者" }).locator(".stat-value").textContent()).toBe(`${total - 1}人`);

    await page.getByRole("button", { name: "翌年度にコピーする" }).click();
    await page.locator(".form-message-success", { hasText: "必修研修を作成しました" }).waitFor();
    expect(await page.locator("h1").textContent()).toMatch(/^\d{4}年度 情報セキュリティ研修$/);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("a staff member sees the overdue assignment first on a phone, with a progress bar", async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: "ja-JP" });
    const page = await context.newPage();
    const errors = collectErrors(page);
    await signIn(page, "1005", "/learning");
    await waitForHeading(page, "マイ学習");
    const first = page.locator(".assignment-list > li").first();
    expect(await first.textContent()).toContain("情報セキュリティ研修");
    expect(await first.locator(".assignment-status").textContent()).toBe("期限超過");
    expect(await first.locator("progress").count()).toBe(1);
    expect(await horizontalOverflow(page)).toBe(0);
    await screenshot(page, "phone-16-assignments");
    expect(errors).toEqual([]);
    await context.close();
  });

  it("a 課長 sees who in their 課 has not finished", async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: "ja-JP" });
    const page = await context.newPage();
    await signIn(page, "1003", "/admin/campaigns");
    await waitForHeading(page, "町民課の必修研修");
    expect(await page.locator("table", { hasText: "まだ修了していない職員" }).first().textContent()).toContain("伊藤　翔太");
    expect(await horizontalOverflow(page)).toBe(0);
    await screenshot(page, "phone-17-department-campaigns");
    await context.close();
  });

  it("HR creates a campaign: a missing course is explained, then it is created for one 課", async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: "ja-JP" });
    const page = await context.newPage();
    const errors = collectErrors(page);
    await signIn(page, "1001", "/admin/campaigns/new");
    await waitForHeading(page, "必修研修を作る");
    await page.fill("#title", "個人情報保護研修（町民課）");
    await page.fill("#key", "privacy-chomin");
    await page.getByRole("button", { name: "作成する" }).click();
    await page.locator(".field-error", { hasText: "受講させる講座を1つ以上選んでください。" }).waitFor();
    expect(await page.inputValue("#title")).toBe("個人情報保護研修（町民課）"); // nothing typed is lost
    await page.getByLabel("情報セキュリティ基礎").check();
    await page.getByLabel("町民課").check();
    expect(await horizontalOverflow(page)).toBe(0);
    await screenshot(page, "phone-18-campaign-form");
    await page.getByRole("button", { name: "作成する" }).click();
    await page.locator(".form-message-success", { hasText: "必修研修を作成しました" }).waitFor();
    expect(await page.locator("dl.facts").textContent()).toContain("課：町民課");
    expect(errors).toEqual([]);
    await context.close();
  });

  it("a staff member who finished prints the 修了証, and anyone can check its code", async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: "ja-JP" });
    const page = await context.newPage();
    const errors = collectErrors(page);
    await signIn(page, "2001", "/learning");
    await waitForHeading(page, "マイ学習");
    await page.locator(".learning-list").getByRole("link", { name: "修了証" }).first().click();
    await waitForHeading(page, "修了証");
    const code = (await page.locator(".certificate-code").textContent())!;
    expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(await page.locator(".certificate").textContent()).toContain("情報セキュリティ基礎");
    expect(await horizontalOverflow(page)).toBe(0);
    await screenshot(page, "phone-19-certificate");
    const visitor = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: "ja-JP" });
    const check = await visitor.newPage();
    await check.goto(`${app.url}/verify/${code.toLowerCase()}`);
    expect(await check.locator("main").textContent()).toContain("情報セキュリティ基礎");
    await visitor.close();
    expect(errors).toEqual([]);
    await context.close();
  });
});
