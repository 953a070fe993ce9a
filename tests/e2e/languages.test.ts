/**
 * Languages (#10) in a real browser: a foreign resident on a 360 px phone switches the site to English without
 * JavaScript, reads an English lesson, meets a lesson that is not translated yet, and registers for a class in
 * English; the switch also works with JavaScript; axe-core finds nothing serious on the English pages.
 */
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  collectErrors,
  headerRowHeight,
  horizontalOverflow,
  launchBrowser,
  screenshot,
  startApp,
  waitForHeading,
  waitForHydration,
  type RunningApp,
} from "./harness";

let app: RunningApp;
let browser: Browser;
let axeSource = "";

const PHONE = { width: 360, height: 740 };
const DESKTOP = { width: 1280, height: 900 };
const ENGLISH_LESSON = "/courses/smartphone-basics/holding-and-charging";
const UNTRANSLATED_LESSON = "/courses/security-basics/datsu-ppap";

beforeAll(async () => {
  [app, browser] = await Promise.all([startApp(), launchBrowser()]);
  const axeDir = path.dirname(createRequire(import.meta.url).resolve("axe-core"));
  axeSource = await readFile(path.join(axeDir, "axe.min.js"), "utf8");
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

/** Serious and critical axe-core violations (WCAG 2.0–2.2 A/AA and best practices), one line each. */
async function seriousViolations(page: Page, label: string): Promise<string[]> {
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axeApi = (
      window as unknown as {
        axe: {
          run(
            context: Document,
            options: object,
          ): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[] }>;
        };
      }
    ).axe;
    const result = await axeApi.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] },
      resultTypes: ["violations"],
    });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.map(String).join(" ")) }));
  });
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${label}: ${v.id} (${v.impact}) ${v.help} → ${v.targets.join(" | ")}`);
}

/** The first residents' class in the demo schedule that is still open for registration. */
async function openClassUrl(page: Page): Promise<string> {
  await page.goto(`${app.url}/classes`);
  const hrefs = await page.locator(".class-card:not(.cancelled) a[href^='/classes/']").evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? ""));
  const href = hrefs.find((h) => /^\/classes\/[0-9a-f-]{36}$/.test(h));
  if (!href) throw new Error("no open class in the demo schedule");
  return href;
}

describe("a foreign resident on a phone, without JavaScript", () => {
  it("switches to English, reads an English lesson, sees the notice on a lesson not yet translated, and registers for a class", async () => {
    const context = await browser.newContext({ viewport: PHONE, locale: "ja-JP", javaScriptEnabled: false });
    const page = await context.newPage();

    // The site opens in Japanese; the switch shows "English", written in English, in the header.
    await page.goto(app.url);
    expect(await page.getAttribute("html", "lang")).toBe("ja");
    const toEnglish = page.locator(".site-header .language-switch button");
    expect(await toEnglish.textContent()).toBe("English");
    expect(await toEnglish.getAttribute("lang")).toBe("en");
    expect(await toEnglish.isVisible()).toBe(true);
    expect((await toEnglish.boundingBox())!.height).toBeGreaterThanOrEqual(44);
    expect(await headerRowHeight(page)).toBeLessThan(80);
    await screenshot(page, "phone-30-top-japanese");

    // A plain form post to /preferences: back on the same page, now in English.
    await toEnglish.click();
    await page.waitForURL(`${app.url}/`);
    expect(await page.getAttribute("html", "lang")).toBe("en");
    expect(await page.locator("h1").textContent()).toBe("Welcome to Manabiya");
    expect(await page.locator(".skip-link").textContent()).toBe("Skip to main content");
    expect(await page.locator(".site-header .language-switch button").textContent()).toBe("日本語");
    expect(await page.locator(".site-header .language-switch button").getAttribute("lang")).toBe("ja");
    const cookie = (await context.cookies()).find((c) => c.name === "manabiya_lang");
    expect(cookie?.value).toBe("en");
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.expires ?? 0).toBeGreaterThan(Date.now() / 1000 + 300 * 86_400);
    expect(await horizontalOverflow(page)).toBe(0);
    expect(await headerRowHeight(page)).toBeLessThan(80);
    await screenshot(page, "phone-31-top-english");

    // Catalogue → course → lesson, all in English.
    await page.getByRole("link", { name: "See the courses for residents" }).click();
    await waitForHeading(page, "Courses for residents");
    await page.getByRole("link", { name: "Your first smartphone" }).click();
    await waitForHeading(page, "Your first smartphone");
    expect(await page.locator("ol.outline .outline-title").first().textContent()).toBe("Holding, switching on and charging your smartphone");
    expect(await page.locator(".translation-notice").count()).toBe(0);
    expect(await horizontalOverflow(page)).toBe(0);
    await screenshot(page, "phone-32-course-english");

    await page.getByRole("link", { name: "Start with lesson 1" }).click();
    await page.waitForURL(app.url + ENGLISH_LESSON);
    await waitForHeading(page, "Holding, switching on and charging your smartphone");
    expect(await page.getAttribute("html", "lang")).toBe("en");
    expect(await page.locator("#lesson-title").getAttribute("lang")).toBeNull(); // English, like the page
    expect(await page.locator("#lesson-body").getAttribute("lang")).toBeNull();
    expect(await page.locator(".lesson-progress").textContent()).toContain("Lesson 1 of 7");
    expect(await page.locator(".prose .callout-point .callout-title").first().textContent()).toBe("Key point");
    expect(await page.locator(".translation-notice").count()).toBe(0);
    expect(await page.locator(".furigana-switch").count()).toBe(0); // English lessons have no furigana to hide
    expect(await horizontalOverflow(page)).toBe(0);
    await screenshot(page, "phone-33-lesson-english");

    // The course's self-check, translated too: one question per screen, answered with a big button.
    await page.goto(`${app.url}/courses/smartphone-basics/quiz/self-check`);
    await waitForHeading(page, "Review quiz");
    expect(await page.locator(".translation-notice").count()).toBe(0);
    expect(await page.locator(".selfcheck-progress").textContent()).toBe("Question 1 of 5");
    await page.getByRole("button", { name: "Stop charging and pull out the cable. Put the phone somewhere cool." }).click();
    await page.locator(".selfcheck-verdict").waitFor();
    expect(await page.locator(".selfcheck-verdict").textContent()).toBe("○ Correct");
    expect(await horizontalOverflow(page)).toBe(0);
    await screenshot(page, "phone-40-selfcheck-english");

    // A staff lesson that exists only in Japanese: shown in Japanese with a notice in English.
    await page.goto(app.url + UNTRANSLATED_LESSON);
    expect(await page.getAttribute("html", "lang")).toBe("en");
    const notice = page.locator(".translation-notice");
    expect(await notice.textContent()).toBe("This lesson has not been translated into English yet. It is shown in Japanese.");
    expect(await page.locator("#lesson-title").getAttribute("lang")).toBe("ja");
    expect(await page.locator("#lesson-body").getAttribute("lang")).toBe("ja");
    expect(await page.locator(".lesson-progress span").textContent()).toMatch(/^Lesson \d of \d · about \d+ min$/);
    expect(await horizontalOverflow(page)).toBe(0);
    await screenshot(page, "phone-34-lesson-not-translated");

    // Registering for a class, in English.
    const classUrl = await openClassUrl(page);
    await waitForHeading(page, "Smartphone classes");
    await page.goto(app.url + classUrl);
    expect(await page.locator("dl.details dt").first().textContent()).toBe("Date and time");
    expect(await page.locator("h1 span[lang='ja']").count()).toBe(1); // the class's own (Japanese) name keeps lang="ja"
    await page.getByRole("button", { name: /^(Sign up|Join the waiting list)$/ }).click();
    await page.locator("#name-error").waitFor();
    expect(await page.locator("#name-error").textContent()).toBe("Please enter your name.");
    expect(await page.locator("#consent-error").textContent()).toBe("Please read how we use your personal information and tick the box to agree.");
    expect(await page.locator("#name").getAttribute("aria-describedby")).toContain("name-error");
    expect(await horizontalOverflow(page)).toBe(0);
    await screenshot(page, "phone-35-class-form-errors-english");
    await page.fill("#name", "Maria Silva");
    await page.fill("#nameKana", "Maria Silva");
    await page.check("#age-60s");
    await page.check("#consent");
    await page.getByRole("button", { name: /^(Sign up|Join the waiting list)$/ }).click();
    await waitForHeading(page, "Your sign-up");
    expect(await page.locator(".receipt-label").textContent()).toBe("Receipt number");
    expect(await page.locator(".receipt-number").textContent()).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    expect(await page.locator(".form-message-success").first().textContent()).toMatch(/^(You are signed up|You are on the waiting list)/);
    expect(await horizontalOverflow(page)).toBe(0);
    await screenshot(page, "phone-36-class-receipt-english");

    // A page that is not translated yet (public verification) stays Japanese and says so in English.
    await page.goto(`${app.url}/verify`);
    expect(await page.getAttribute("html", "lang")).toBe("ja");
    expect(await page.locator(".language-notice").getAttribute("lang")).toBe("en");
    expect(await page.locator(".language-notice").textContent()).toBe("This page is only available in Japanese.");

    // And back to Japanese.
    await page.goto(app.url + ENGLISH_LESSON);
    await page.locator(".site-header .language-switch button").click();
    await page.waitForURL(app.url + ENGLISH_LESSON);
    expect(await page.getAttribute("html", "lang")).toBe("ja");
    expect(await page.locator("h1").textContent()).toBe("持ち方と電源、充電のしかた");
    await context.close();
  });
});

describe("with JavaScript", () => {
  it("the switch changes the language in place, and the browser's language is honoured on a first visit", async () => {
    const context = await browser.newContext({ viewport: PHONE, locale: "ja-JP" });
    const page = await context.newPage();
    const errors = collectErrors(page);
    await page.goto(app.url + ENGLISH_LESSON);
    await waitForHydration(page);
    await page.locator(".site-header .language-switch button").click();
    await page.waitForFunction(() => document.documentElement.lang === "en");
    await waitForHeading(page, "Holding, switching on and charging your smartphone");
    expect(page.url()).toBe(app.url + ENGLISH_LESSON);
    expect(await page.locator(".read-aloud-main").textContent()).toContain("Read aloud");
    expect(errors).toEqual([]);
    await context.close();

    // A browser asking for English first gets English without choosing; a cookie choice wins afterwards.
    const english = await browser.newContext({ viewport: DESKTOP, locale: "en-GB" });
    const first = await english.newPage();
    await first.goto(app.url);
    expect(await first.getAttribute("html", "lang")).toBe("en");
    expect(await first.locator("h1").textContent()).toBe("Welcome to Manabiya");
    await english.close();
  });
});

describe("axe-core on the English pages", () => {
  it.each([
    { name: "phone", viewport: PHONE },
    { name: "desktop", viewport: DESKTOP },
  ])("finds no serious or critical violations ($name)", async ({ name, viewport }) => {
    const context = await browser.newContext({ viewport, locale: "ja-JP" });
    await context.addCookies([{ name: "manabiya_lang", value: "en", url: app.url }]);
    const page = await context.newPage();
    const classUrl = await openClassUrl(page);
    const found: string[] = [];
    for (const url of [
      "/",
      "/courses",
      "/courses/smartphone-basics",
      ENGLISH_LESSON,
      UNTRANSLATED_LESSON,
      "/courses/smartphone-basics/quiz/self-check",
      "/classes",
      classUrl,
      "/classes/lookup",
      "/login",
      "/verify",
      "/no-such-page",
    ]) {
      await page.goto(app.url + url);
      await waitForHydration(page);
      expect(await page.getAttribute("html", "lang"), url).toBe(url === "/verify" ? "ja" : "en");
      expect(await horizontalOverflow(page), url).toBe(0);
      found.push(...(await seriousViolations(page, `${viewport.width}px ${url}`)));
    }
    // The registration form with its error messages, and the header panels opened.
    await page.goto(app.url + classUrl);
    await waitForHydration(page);
    await page.getByRole("button", { name: /^(Sign up|Join the waiting list)$/ }).click();
    await page.locator("#consent-error").waitFor();
    found.push(...(await seriousViolations(page, `${viewport.width}px registration errors`)));
    await page.goto(app.url + ENGLISH_LESSON);
    await waitForHydration(page);
    await page.locator(".display-settings summary").click();
    found.push(...(await seriousViolations(page, `${viewport.width}px Text size panel`)));
    await screenshot(page, `${name}-37-english-text-size-panel`);
    if (viewport.width < 640) {
      await page.locator(".header-menu summary").click();
      found.push(...(await seriousViolations(page, `${viewport.width}px Menu`)));
    }
    await page.goto(app.url + "/courses/smartphone-basics");
    await screenshot(page, `${name}-38-english-course`);
    await page.goto(app.url + "/classes");
    await screenshot(page, `${name}-39-english-classes`);
    expect(found).toEqual([]);
    await context.close();
  });
});
