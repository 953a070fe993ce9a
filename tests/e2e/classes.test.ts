import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  collectErrors,
  horizontalOverflow,
  instructorCreatesClass as createClass,
  launchBrowser,
  screenshot,
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

/** A moment as the date and time an instructor types in Japan time: ["2026-11-22", "14:05"]. */
function jstFields(at: Date): [string, string] {
  const iso = new Date(at.getTime() + 9 * 3_600_000).toISOString();
  return [iso.slice(0, 10), iso.slice(11, 16)];
}

/**
 * A session that has not started yet but whose self check-in is already open (it opens 30 minutes before the start):
 * it starts within the next half hour and lasts 30 minutes on the same day.
 */
function startingSoon(): { date: string; start: string; end: string } {
  const minute = 60_000;
  let startsAt = new Date(Math.ceil((Date.now() + 3 * minute) / minute) * minute);
  // Near midnight, start at 00:00 the next day so that start and end fall on one date (still within half an hour).
  if (jstFields(startsAt)[1] > "23:29") startsAt = new Date(Date.parse(`${jstFields(new Date(startsAt.getTime() + 60 * minute))[0]}T00:00:00+09:00`));
  const [date, start] = jstFields(startsAt);
  return { date, start, end: jstFields(new Date(startsAt.getTime() + 30 * minute))[1] };
}

/** Tomorrow's date in Japan time, as an <input type=date> value. */
function tomorrowJst(): string {
  return new Date(Date.now() + 9 * 3_600_000 + 86_400_000).toISOString().slice(0, 10);
}

/** The instructor creates a one-session class on a tablet (see the harness); resolves on its roster page. */
function instructorCreatesClass(title: string, capacity: number, when: { date: string; start?: string; end?: string }) {
  return createClass(browser, app.url, title, capacity, when);
}

describe("a smartphone class from creation to attendance", () => {
  it("an instructor creates it, a resident registers on a phone, and the instructor marks attendance on a tablet", async () => {
    const { tablet, instructor, errors, rosterUrl } = await instructorCreatesClass("はじめてのスマホ教室（E2E）", 2, { date: tomorrowJst() });

    // A resident on a small phone, without an account.
    const phone = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: "ja-JP" });
    const resident = await phone.newPage();
    const residentErrors = collectErrors(resident);
    await resident.goto(`${app.url}/classes?org=ami`);
    await waitForHeading(resident, "スマホ教室の日程");
    expect(await horizontalOverflow(resident)).toBe(0);
    await resident.getByRole("link", { name: "はじめてのスマホ教室（E2E）（第1回）" }).click();
    await resident.waitForURL(/\/classes\/[0-9a-f-]{36}$/);
    await resident.locator("#name").waitFor();
    // Leaving out consent shows a message tied to the field, and keeps what was typed.
    await resident.fill("#name", "阿見 花子");
    await resident.fill("#nameKana", "アミ ハナコ");
    await resident.check("#age-70s");
    await resident.getByRole("button", { name: "申し込む" }).click();
    await resident.locator("#consent-error").waitFor();
    expect(await resident.inputValue("#name")).toBe("阿見 花子");
    await resident.check("#age-70s");
    await resident.check("#consent");
    await resident.getByRole("button", { name: "申し込む" }).click();
    await waitForHeading(resident, "お申し込みの内容");
    const receipt = (await resident.locator(".receipt-number").textContent())!;
    expect(receipt).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    expect(await resident.locator(".form-message-success").first().textContent()).toContain("受け付けました");
    expect(await horizontalOverflow(resident)).toBe(0);
    await screenshot(resident, "phone-13-class-receipt");
    expect(residentErrors).toEqual([]);

    // Back on the tablet: the resident is on the roster; one tap marks them present.
    await instructor.goto(rosterUrl);
    const row = instructor.locator(".roster-row", { hasText: "阿見　花子" });
    await row.waitFor();
    expect(await row.textContent()).toContain("あみ　はなこ"); // ふりがな stored in hiragana
    expect(await row.textContent()).toContain(receipt);
    const present = row.getByRole("button", { name: "出席" });
    expect((await present.boundingBox())!.height).toBeGreaterThanOrEqual(44);
    await present.click();
    await instructor.locator(".form-message-success", { hasText: "出欠を記録しました" }).waitFor();
    expect(await instructor.locator(".roster-row", { hasText: "阿見　花子" }).getByRole("button", { name: "出席" }).getAttribute("aria-pressed")).toBe("true");
    const attended = instructor.locator(".stat-grid li", { hasText: "出席" }).locator(".stat-value");
    expect(await attended.textContent()).toBe("1人");
    await screenshot(instructor, "tablet-14-roster");
    expect(await horizontalOverflow(instructor)).toBe(0);
    expect(errors).toEqual([]);
    await phone.close();
    await tablet.close();
  });

  it("a resident checks herself in on a phone with the code the instructor shows, and the roster shows her present", async () => {
    const { tablet, instructor, errors, rosterUrl, sessionId } = await instructorCreatesClass("セルフ受付の教室（E2E）", 5, startingSoon());

    // The resident registers before the class starts and keeps her receipt number.
    const phone = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: "ja-JP" });
    const resident = await phone.newPage();
    const residentErrors = collectErrors(resident);
    await resident.goto(`${app.url}/classes/${sessionId}`);
    await resident.fill("#name", "阿見 次郎");
    await resident.fill("#nameKana", "アミ ジロウ");
    await resident.check("#age-70s");
    await resident.check("#consent");
    await resident.getByRole("button", { name: "申し込む" }).click();
    await waitForHeading(resident, "お申し込みの内容");
    const receipt = (await resident.locator(".receipt-number").textContent())!;

    // The instructor puts the four-digit code on the screen.
    await instructor.goto(`${app.url}/admin/classes/${sessionId}/code`);
    const code = (await instructor.locator(".code-digits").textContent())!.trim();
    expect(code).toMatch(/^\d{4}$/);
    await screenshot(instructor, "tablet-15-checkin-code");

    // A wrong code is refused with a message, and the form stays for another try.
    await resident.goto(`${app.url}/classes/${sessionId}/checkin`);
    await waitForHeading(resident, "受付");
    const wrong = String((Number(code) + 5000) % 10000).padStart(4, "0");
    await resident.fill("#code", wrong);
    await resident.fill("#receipt", receipt);
    await resident.getByRole("button", { name: "受付する" }).click();
    await resident.locator(".form-message-error", { hasText: "番号が違います" }).waitFor();
    expect(await resident.locator("#code").isVisible()).toBe(true);

    // The right code checks her in; the form goes away and nothing scrolls sideways on the small phone.
    await resident.fill("#code", code);
    await resident.fill("#receipt", receipt);
    await resident.getByRole("button", { name: "受付する" }).click();
    await resident.locator(".form-message-success", { hasText: "受付が済みました" }).waitFor();
    expect(await resident.locator("#code").count()).toBe(0);
    expect(await horizontalOverflow(resident)).toBe(0);
    await screenshot(resident, "phone-16-checkin-done");
    expect(residentErrors).toEqual([]);

    // The roster shows her present without anyone tapping on the tablet.
    await instructor.goto(rosterUrl);
    const row = instructor.locator(".roster-row", { hasText: "阿見　次郎" });
    await row.waitFor();
    expect(await row.getByRole("button", { name: "出席" }).getAttribute("aria-pressed")).toBe("true");
    expect(await instructor.locator(".stat-grid li", { hasText: "出席" }).locator(".stat-value").textContent()).toBe("1人");
    expect(errors).toEqual([]);
    await phone.close();
    await tablet.close();
  });
});
