import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "~/demo/staff";
import { launchBrowser, startApp, waitForHeading, type RunningApp } from "./harness";

/**
 * Every public form sent by a browser with JavaScript off: the plain HTML form post, answered by the server. The receipt
 * and password-reset pages keep their URL from other sites (referrer policy "same-origin"); a stricter policy made
 * Chromium post with `Origin: null`, which React Router answered with an empty 500.
 */
let app: RunningApp;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  [app, browser] = await Promise.all([startApp(), launchBrowser()]);
});
afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await app?.stop();
});

async function noScriptPage(viewport = { width: 360, height: 740 }): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport, locale: "ja-JP" });
  contexts.push(context);
  return context.newPage();
}

async function signIn(page: Page, staffNumber: string, redirectTo: string) {
  await page.goto(`${app.url}/login?redirectTo=${encodeURIComponent(redirectTo)}`);
  await page.selectOption("#organizationId", { label: "阿見町" });
  await page.fill("#identifier", staffNumber);
  await page.fill("#password", DEMO_PASSWORD);
  await page.getByRole("button", { name: "ログイン" }).click();
}

/** A Japan-time date and time for the class form: ["2026-11-22", "14:05"]. */
function jstFields(at: Date): [string, string] {
  const iso = new Date(at.getTime() + 9 * 3_600_000).toISOString();
  return [iso.slice(0, 10), iso.slice(11, 16)];
}

describe("forms without JavaScript", () => {
  it("a resident registers, checks in with the instructor's code, answers the survey and cancels another registration", async () => {
    // The instructor creates a class that starts within half an hour (its self check-in is open), also without JavaScript.
    const instructor = await noScriptPage({ width: 1024, height: 768 });
    await signIn(instructor, "1004", "/admin/classes/new");
    await waitForHeading(instructor, "教室・研修の登録");
    let startsAt = new Date(Math.ceil((Date.now() + 3 * 60_000) / 60_000) * 60_000);
    if (jstFields(startsAt)[1] > "23:29") startsAt = new Date(Date.parse(`${jstFields(new Date(startsAt.getTime() + 3_600_000))[0]}T00:00:00+09:00`));
    const [date, start] = jstFields(startsAt);
    await instructor.fill("#title", "JavaScriptなしの教室（E2E）");
    await instructor.fill("#capacity", "5");
    await instructor.fill("#s0-date", date);
    await instructor.fill("#s0-start", start);
    await instructor.fill("#s0-end", jstFields(new Date(startsAt.getTime() + 30 * 60_000))[1]);
    await instructor.getByRole("button", { name: "登録する" }).click();
    await waitForHeading(instructor, "JavaScriptなしの教室（E2E） 第1回");
    const sessionId = /\/admin\/classes\/([0-9a-f-]{36})/.exec(instructor.url())![1]!;

    const resident = await noScriptPage();
    const register = async (name: string, kana: string) => {
      await resident.goto(`${app.url}/classes/${sessionId}`);
      await resident.fill("#name", name);
      await resident.fill("#nameKana", kana);
      await resident.check("#age-70s");
      await resident.check("#consent");
      await resident.getByRole("button", { name: "申し込む" }).click();
      await waitForHeading(resident, "お申し込みの内容");
      return { url: resident.url(), receipt: (await resident.locator(".receipt-number").textContent())!.trim() };
    };
    const first = await register("阿見 春子", "アミ ハルコ");
    expect(await resident.locator('meta[name="referrer"]').getAttribute("content")).toBe("same-origin");

    await instructor.goto(`${app.url}/admin/classes/${sessionId}/code`);
    const code = (await instructor.locator(".code-digits").textContent())!.trim();
    await resident.goto(`${app.url}/classes/${sessionId}/checkin`);
    await resident.fill("#code", code);
    await resident.fill("#receipt", first.receipt);
    await resident.getByRole("button", { name: "受付する" }).click();
    await resident.locator(".form-message-success", { hasText: "受付が済みました" }).waitFor();

    await resident.goto(`${app.url}/classes/${sessionId}/survey`);
    await resident.check("#satisfaction-5");
    await resident.check("#clarity-4");
    await resident.fill("#comment", "字が大きくて読みやすかったです。");
    await resident.getByRole("button", { name: "送る" }).click();
    await resident.locator(".form-message-success", { hasText: "ご協力ありがとうございました" }).waitFor();

    const second = await register("阿見 夏子", "アミ ナツコ");
    await resident.goto(second.url);
    await resident.check("#confirm");
    await resident.getByRole("button", { name: "お申し込みを取り消す" }).click();
    await resident.locator(".form-message-success", { hasText: "お申し込みを取り消しました" }).waitFor();
  });

  it("HR issues a reset link and the new employee sets a password with it, then signs in", async () => {
    const hr = await noScriptPage({ width: 1280, height: 900 });
    await signIn(hr, "1001", "/admin/staff?q=1006");
    await hr.getByRole("link", { name: "渡辺　さくら" }).click();
    await hr.getByRole("button", { name: "再設定リンクを発行" }).click();
    const link = (await hr.locator("code.secret").textContent())!.trim();
    expect(link).toMatch(/\/reset-password\/[A-Za-z0-9_-]+$/);

    const employee = await noScriptPage();
    await employee.goto(link.replace(/^https?:\/\/[^/]+/, app.url));
    expect(await employee.locator('meta[name="referrer"]').getAttribute("content")).toBe("same-origin");
    await employee.fill("#next", "あたらしい合言葉は春の小川です");
    await employee.fill("#confirm", "あたらしい合言葉は春の小川です");
    await employee.getByRole("button", { name: "設定する" }).click();
    await employee.waitForURL(/\/login\?reset=1$/);
    await employee.selectOption("#organizationId", { label: "阿見町" });
    await employee.fill("#identifier", "1006");
    await employee.fill("#password", "あたらしい合言葉は春の小川です");
    await employee.getByRole("button", { name: "ログイン" }).click();
    await employee.waitForURL(`${app.url}/`);
    expect(await employee.locator(".site-header").textContent()).toContain("渡辺");
  });

  it("a post from another site gets a clear 403 page, not a 500; Origin: null is left to the CSRF token", async () => {
    const foreign = await fetch(`${app.url}/login`, {
      method: "POST",
      headers: { Origin: "https://evil.example", "Content-Type": "application/x-www-form-urlencoded" },
      body: "identifier=1&password=x",
    });
    expect(foreign.status).toBe(403);
    expect(await foreign.text()).toContain("送信を受け付けられませんでした");
    const malformed = await fetch(`${app.url}/login`, {
      method: "POST",
      headers: { Origin: "not a url", "Content-Type": "application/x-www-form-urlencoded" },
      body: "identifier=1",
    });
    expect(malformed.status).toBe(403);
    // Without the CSRF cookie and token, a null origin is refused by the app's own check, in Japanese.
    const opaque = await fetch(`${app.url}/login`, {
      method: "POST",
      headers: { Origin: "null", "Content-Type": "application/x-www-form-urlencoded" },
      body: "identifier=1",
    });
    expect(opaque.status).toBe(403);
    expect(await opaque.text()).toContain("送信を受け付けられませんでした");
  });

  it("error pages say what was not found, and an error under /admin keeps the admin menu", async () => {
    const visitor = await noScriptPage();
    const missingClass = await visitor.goto(`${app.url}/classes/00000000-0000-4000-8000-000000000000`);
    expect(missingClass!.status()).toBe(404);
    expect(await visitor.locator("h1").textContent()).toBe("ページが見つかりません");
    expect(await visitor.locator("main p").first().textContent()).toBe("教室が見つかりません。");

    const hr = await noScriptPage({ width: 1280, height: 900 });
    await signIn(hr, "1001", "/admin");
    const missingStaff = await hr.goto(`${app.url}/admin/staff/00000000-0000-4000-8000-000000000000`);
    expect(missingStaff!.status()).toBe(404);
    expect(await hr.locator("main p", { hasText: "職員が見つかりません。" }).count()).toBe(1);
    expect(await hr.getByRole("navigation", { name: "管理メニュー" }).count()).toBe(1);

    // A learner may not open the admin area: a 403 that says so.
    const learner = await noScriptPage();
    await signIn(learner, "1005", "/");
    const forbidden = await learner.goto(`${app.url}/admin`);
    expect(forbidden!.status()).toBe(403);
    expect(await learner.locator("h1").textContent()).toBe("このページは表示できません");
    expect(await learner.locator("main p").first().textContent()).toBe("この操作を行う権限がありません。");
  });
});
