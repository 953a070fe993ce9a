import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadContent } from "~/content/load.server";
import { collectErrors, horizontalOverflow, launchBrowser, screenshot, startApp, waitForHeading, waitForHydration, type RunningApp } from "./harness";

let app: RunningApp;
let browser: Browser;
let content: Awaited<ReturnType<typeof loadContent>>;

beforeAll(async () => {
  [app, browser, content] = await Promise.all([startApp(), launchBrowser(), loadContent("content")]);
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

const VIEWPORTS = [
  { name: "phone", width: 360, height: 740 },
  { name: "desktop", width: 1280, height: 900 },
] as const;

describe.each(VIEWPORTS)("catalogue → course → lesson at $width px", (viewport) => {
  let context: BrowserContext;
  beforeAll(async () => {
    context = await browser.newContext({ viewport, locale: "ja-JP" });
  });
  afterAll(async () => {
    await context.close();
  });

  it("a resident finds the smartphone course and reads its lessons in order", async () => {
    const page = await context.newPage();
    const errors = collectErrors(page);

    await page.goto(app.url);
    await waitForHydration(page);
    await expect(page.locator("h1").textContent()).resolves.toContain("学び舎");
    expect(await page.getAttribute("html", "lang")).toBe("ja");
    expect(await horizontalOverflow(page)).toBe(0);
    await screenshot(page, `${viewport.name}-01-top`);

    await page.getByRole("link", { name: "住民向けの講座を見る" }).click();
    await page.waitForURL(/\/courses\?audience=residents$/);
    await waitForHeading(page, "住民向けの講座");
    expect(await page.locator(".course-card").count()).toBe(1);
    expect(await horizontalOverflow(page)).toBe(0);
    await screenshot(page, `${viewport.name}-02-catalogue`);

    await page.getByRole("link", { name: "はじめてのスマートフォン" }).click();
    await page.waitForURL(/\/courses\/smartphone-basics$/);
    await waitForHeading(page, "はじめてのスマートフォン");
    const lessonLinks = page.locator("ol.outline a");
    expect(await lessonLinks.count()).toBe(7);
    expect(await horizontalOverflow(page)).toBe(0);
    await screenshot(page, `${viewport.name}-03-course`);

    await page.getByRole("link", { name: "第1回から始める" }).click();
    await page.waitForURL(/\/courses\/smartphone-basics\/holding-and-charging$/);
    await waitForHeading(page, content.courses.find((c) => c.slug === "smartphone-basics")!.lessons[0]!.meta.title);
    expect(await page.locator(".lesson-progress").textContent()).toContain("第1回（全7回）");
    // Readable layout: base font ≥ 18 px, line height ≥ 1.7, reading width about 40 全角 characters.
    const typography = await page
      .locator(".prose p")
      .first()
      .evaluate((p) => {
        const style = getComputedStyle(p);
        const prose = p.closest(".prose")!;
        return { fontSize: parseFloat(style.fontSize), lineHeight: parseFloat(style.lineHeight), width: prose.getBoundingClientRect().width };
      });
    expect(typography.fontSize).toBeGreaterThanOrEqual(18);
    expect(typography.lineHeight / typography.fontSize).toBeGreaterThanOrEqual(1.7);
    expect(typography.width / typography.fontSize).toBeLessThanOrEqual(41);
    expect(await page.locator(".prose ruby rt").count()).toBeGreaterThan(0); // furigana rendered
    expect(await page.locator(".prose .callout-point .callout-title").first().textContent()).toBe("ポイント");
    expect(await horizontalOverflow(page)).toBe(0);
    await screenshot(page, `${viewport.name}-04-lesson`);

    await page.getByRole("link", { name: /次のレッスン/ }).click();
    await page.waitForURL(/\/tap-and-swipe$/);
    await waitForHeading(page, content.courses.find((c) => c.slug === "smartphone-basics")!.lessons[1]!.meta.title);
    expect(await page.locator(".lesson-progress").textContent()).toContain("第2回（全7回）");
    await page.getByRole("link", { name: /前のレッスン/ }).click();
    await page.waitForURL(/\/holding-and-charging$/);
    await waitForHeading(page, content.courses.find((c) => c.slug === "smartphone-basics")!.lessons[0]!.meta.title);

    expect(errors).toEqual([]);
    await page.close();
  });

  it("staff filter the catalogue by audience and category", async () => {
    const page = await context.newPage();
    await page.goto(`${app.url}/courses`);
    await waitForHydration(page);
    expect(await page.locator(".course-card").count()).toBe(5);
    await page.selectOption("#audience", "staff");
    await page.selectOption("#category", "security");
    await page.getByRole("button", { name: "絞り込む" }).click();
    await page.waitForURL(/audience=staff&category=security/);
    await waitForHeading(page, "職員向けの講座");
    const titles = await page.locator(".course-card h2").allTextContents();
    expect(titles).toEqual(["情報セキュリティ基礎"]);
    expect(await page.locator(".result-count").textContent()).toBe("1件の講座があります。");
    await page.close();
  });
});

describe("without JavaScript, at 360 px", () => {
  it("every lesson of every course renders, without sideways scrolling, and the filter still works", async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, javaScriptEnabled: false, locale: "ja-JP" });
    const page = await context.newPage();
    for (const course of content.courses) {
      const res = await page.goto(`${app.url}/courses/${course.slug}`);
      expect(res?.status()).toBe(200);
      for (const lesson of course.lessons) {
        const r = await page.goto(`${app.url}/courses/${course.slug}/${lesson.slug}`);
        expect(r?.status(), `${course.slug}/${lesson.slug}`).toBe(200);
        expect(await page.locator("h1").textContent()).toBe(lesson.meta.title);
        expect(await horizontalOverflow(page), `${course.slug}/${lesson.slug} scrolls sideways`).toBe(0);
      }
    }
    await page.goto(`${app.url}/courses`);
    await page.selectOption("#audience", "residents");
    await page.getByRole("button", { name: "絞り込む" }).click();
    await page.waitForURL(/audience=residents/);
    await waitForHeading(page, "住民向けの講座");
    expect(await page.locator(".course-card h2").allTextContents()).toEqual(["はじめてのスマートフォン"]);
    await screenshot(page, "nojs-catalogue-residents");
    await context.close();
  });

  it("unknown pages answer 404 in Japanese", async () => {
    // A browser that asks for Japanese (one asking for English first gets the English page, see languages.test.ts).
    const page = await browser.newPage({ locale: "ja-JP" });
    for (const path of ["/courses/no-such-course", "/courses/smartphone-basics/no-such-lesson", "/nothing-here"]) {
      const res = await page.goto(`${app.url}${path}`);
      expect(res?.status()).toBe(404);
      expect(await page.locator("h1").textContent()).toBe("ページが見つかりません");
    }
    await page.close();
  });
});
