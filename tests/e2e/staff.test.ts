import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "~/demo/staff";
import {
  collectErrors,
  headerRowHeight,
  horizontalOverflow,
  launchBrowser,
  screenshot,
  signIn as signInAs,
  startApp,
  waitForHeading,
  type RunningApp,
} from "./harness";

let app: RunningApp;
let browser: Browser;

beforeAll(async () => {
  [app, browser] = await Promise.all([startApp(), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

const signIn = (page: Page, org: string, staffNumber: string, password?: string) => signInAs(page, app.url, { org, staffNumber, password });

describe("staff sign-in", () => {
  it("a staff member signs in, sees their name and 課, and signs out (360 px)", async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: "ja-JP" });
    const page = await context.newPage();
    const errors = collectErrors(page);
    await signIn(page, "阿見町", "1005", "wrong-password");
    await page.locator(".form-message").waitFor();
    expect(await page.locator(".form-message").textContent()).toContain("パスワードが違います");
    expect(await page.inputValue("#identifier")).toBe("1005");

    await page.fill("#password", DEMO_PASSWORD);
    await page.getByRole("button", { name: "ログイン" }).click();
    await page.waitForURL(`${app.url}/`);
    // At 360 px the links and the user's name are behind メニュー, so the header stays one row.
    await page.locator(".header-menu summary").click();
    await page.locator(".menu-user-name").waitFor();
    expect(await page.locator(".menu-user-name").textContent()).toBe("伊藤　翔太さん（阿見町 町民課）");
    expect(await headerRowHeight(page)).toBeLessThan(80);
    const cookies = await context.cookies();
    const session = cookies.find((c) => c.name === "manabiya_session");
    expect(session?.httpOnly).toBe(true);
    expect(session?.sameSite).toBe("Lax");
    expect(await horizontalOverflow(page)).toBe(0);
    await screenshot(page, "phone-05-signed-in");

    await page.goto(`${app.url}/account`);
    await waitForHeading(page, "マイページ");
    expect(await page.locator(".details").textContent()).toContain("町民課");
    expect(await horizontalOverflow(page)).toBe(0);
    await screenshot(page, "phone-06-account");

    await page.locator(".header-menu summary").click();
    await page.getByRole("button", { name: "ログアウト", exact: true }).click();
    await page.waitForURL(`${app.url}/`);
    await page.locator(".header-menu summary").click();
    await page.getByRole("link", { name: "職員ログイン" }).waitFor();
    // The old session is over on the server: /account now asks to sign in again.
    await page.goto(`${app.url}/account`);
    await page.waitForURL(/\/login\?redirectTo=%2Faccount/);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("a 課長 of 阿見町 cannot open anything of 小美玉市", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "ja-JP" });
    let page = await context.newPage();
    // Find a 小美玉市 staff page as its own HR admin first.
    await signIn(page, "小美玉市", "1001");
    await page.waitForURL(`${app.url}/`);
    await page.goto(`${app.url}/admin/staff?q=1005`);
    const href = await page.getByRole("link", { name: "山田　拓也" }).getAttribute("href");
    expect(href).toMatch(/^\/admin\/staff\/[0-9a-f-]{36}$/);
    const omitamaStaffUrl = `${app.url}${href}`;
    expect((await page.goto(omitamaStaffUrl))?.status()).toBe(200);
    await context.close();

    // The 課長 on their own browser.
    const managerContext = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "ja-JP" });
    page = await managerContext.newPage();
    await signIn(page, "阿見町", "1003");
    await page.waitForURL(`${app.url}/`);
    const res = await page.goto(omitamaStaffUrl);
    expect(res?.status()).toBe(404);
    await page.goto(`${app.url}/admin/staff`);
    await waitForHeading(page, "職員の一覧");
    const departments = await page.locator(".data-table tbody td:nth-child(3)").allTextContents();
    expect(new Set(departments)).toEqual(new Set(["町民課"]));
    await screenshot(page, "desktop-07-manager-staff-list");
    await managerContext.close();
  });

  it("HR uploads a Shift_JIS roster, reviews the preview and applies it", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "ja-JP" });
    const page = await context.newPage();
    await signIn(page, "阿見町", "1001");
    await page.waitForURL(`${app.url}/`);
    await page.goto(`${app.url}/admin/import`);
    await page.setInputFiles("#file", "tests/fixtures/roster-sample-sjis.csv");
    await page.getByRole("button", { name: "読み込んで確認する" }).click();
    await page.waitForURL(/\/admin\/import\/[0-9a-f-]{36}$/);
    await waitForHeading(page, "取り込み内容の確認");
    expect(await page.locator("main").textContent()).toContain("Shift_JIS");
    const added = await page.locator(".stat-grid li").first().textContent();
    expect(added).toMatch(/追加\d+人/);
    await screenshot(page, "desktop-08-import-preview");
    await page.getByRole("button", { name: "この内容で反映する" }).click();
    await page.locator(".form-message-success").waitFor();
    expect(await page.locator(".form-message-success").textContent()).toMatch(/反映しました。追加 \d+人/);
    await context.close();
  });
});
