/**
 * Accessibility in a real browser: axe-core on every main page (public pages at 360 px and 1280 px, the staff learning
 * and admin pages signed in), touch targets and keyboard use on the residents' pages, and the senior journey: reading a
 * lesson at 360 px in 特大 and 高コントラスト with the no-JavaScript forms, ふりがな off, and 読み上げ.
 */
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  collectErrors,
  headerRowHeight,
  horizontalOverflow,
  launchBrowser,
  screenshot,
  signIn as signInAs,
  startApp,
  waitForHydration,
  type RunningApp,
} from "./harness";

let app: RunningApp;
let browser: Browser;
let axeSource = "";
let classUrl = "";

const RESIDENT_LESSON = "/courses/smartphone-basics/disaster-apps";
const PHONE = { width: 360, height: 740 };
const DESKTOP = { width: 1280, height: 900 };

beforeAll(async () => {
  [app, browser] = await Promise.all([startApp(), launchBrowser()]);
  const axeDir = path.dirname(createRequire(import.meta.url).resolve("axe-core"));
  axeSource = await readFile(path.join(axeDir, "axe.min.js"), "utf8");
  // A residents' class from the demo schedule, for its detail page.
  const context = await browser.newContext({ viewport: DESKTOP, locale: "ja-JP" });
  const page = await context.newPage();
  await page.goto(`${app.url}/classes`);
  const hrefs = await page.locator("a[href^='/classes/']").evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? ""));
  const href = hrefs.find((h) => /^\/classes\/[0-9a-f-]{36}$/.test(h));
  if (!href) throw new Error("no class in the demo schedule");
  classUrl = href;
  await context.close();
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/**
 * Runs axe-core (WCAG 2.0–2.2 A and AA, plus best practices) on the page as it is. The page's CSP does not apply to
 * scripts evaluated through the DevTools protocol, so axe's source is evaluated directly.
 */
async function axe(page: Page): Promise<Violation[]> {
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
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
}

/**
 * Serious and critical violations on the page, each as one line with its rule, impact and the elements concerned; the
 * tests collect them over all their pages and fail once with the whole list. Minor ones are only printed.
 */
async function seriousViolations(page: Page, label: string): Promise<string[]> {
  const violations = await axe(page);
  const minor = violations.filter((v) => v.impact !== "serious" && v.impact !== "critical");
  if (minor.length > 0) console.info(`[axe] ${label}: minor: ${minor.map((v) => `${v.id} (${v.impact}) ${v.targets.slice(0, 3).join(", ")}`).join("; ")}`);
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${label}: ${v.id} (${v.impact}) ${v.help} → ${v.targets.join(" | ")}`);
}

async function signIn(page: Page, staffNumber: string) {
  await signInAs(page, app.url, { org: "阿見町", staffNumber });
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
}

const PUBLIC_PAGES = () => [
  "/",
  "/courses",
  "/courses/smartphone-basics",
  RESIDENT_LESSON,
  "/courses/smartphone-basics/quiz/self-check",
  "/classes",
  classUrl,
  "/classes/lookup",
  "/login",
];

describe("the axe-core harness", () => {
  it("really runs in the page: a missing alt text and a low-contrast text are reported", async () => {
    const context = await browser.newContext({ viewport: DESKTOP, locale: "ja-JP" });
    const page = await context.newPage();
    await page.goto(`${app.url}/courses`);
    await waitForHydration(page); // hydration would remove nodes added before it
    await page.waitForLoadState("networkidle");
    // A re-render after hydration (e.g. the language provider settling) can drop foreign nodes: insert the probe, check it
    // is still there after axe has run, and try again if it was not.
    let found: string[] = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      await page.evaluate(() => {
        if (document.querySelector(".axe-probe")) return;
        const main = document.querySelector("main")!;
        main.insertAdjacentHTML("beforeend", `<img src="/favicon.svg" class="axe-probe-img"><p class="meta">…</p>`);
        main.lastElementChild!.textContent = "うすい文字";
        main.lastElementChild!.setAttribute("class", "axe-probe");
        (main.lastElementChild as HTMLElement).style.color = "#bbbbbb"; // CSSOM, not an inline style attribute in the HTML
      });
      found = await seriousViolations(page, "probe");
      if ((await page.locator(".axe-probe").count()) === 1 && (await page.locator(".axe-probe-img").count()) === 1) break;
    }
    expect(
      found.some((line) => line.includes("image-alt (critical)")),
      found.join("\n"),
    ).toBe(true);
    expect(found.some((line) => line.includes("color-contrast (serious)") && line.includes(".axe-probe"))).toBe(true);
    await context.close();
  });
});

describe.each([
  { name: "phone", viewport: PHONE },
  { name: "desktop", viewport: DESKTOP },
])("axe-core on the public pages ($name)", ({ viewport }) => {
  let context: BrowserContext;
  beforeAll(async () => {
    context = await browser.newContext({ viewport, locale: "ja-JP" });
  });
  afterAll(async () => {
    await context.close();
  });

  it("finds no serious or critical violations", async () => {
    const page = await context.newPage();
    const found: string[] = [];
    for (const url of PUBLIC_PAGES()) {
      await page.goto(app.url + url);
      await waitForHydration(page);
      found.push(...(await seriousViolations(page, `${viewport.width}px ${url}`)));
    }
    // The header panels as well, opened.
    await page.goto(app.url + RESIDENT_LESSON);
    await page.locator(".display-settings summary").click();
    found.push(...(await seriousViolations(page, `${viewport.width}px 文字サイズ panel`)));
    if (viewport.width < 640) {
      await page.locator(".header-menu summary").click();
      found.push(...(await seriousViolations(page, `${viewport.width}px メニュー`)));
    }
    expect(found).toEqual([]);
  });
});

describe("axe-core on the staff pages (signed in)", () => {
  it("finds no serious or critical violations on the learning and admin pages", async () => {
    const context = await browser.newContext({ viewport: DESKTOP, locale: "ja-JP" });
    const page = await context.newPage();
    await signIn(page, "1002"); // DX office: learner and organization admin
    const found: string[] = [];
    for (const url of [
      "/learning",
      "/courses/security-basics",
      "/courses/security-basics/datsu-ppap",
      "/courses/security-basics/quiz/final",
      "/admin",
      "/admin/kpis",
      "/admin/classes",
      "/account",
    ]) {
      await page.goto(app.url + url);
      await waitForHydration(page);
      found.push(...(await seriousViolations(page, url)));
    }
    // An exam in progress: the questions form.
    await page.goto(`${app.url}/courses/security-basics/quiz/final`);
    await page.getByRole("button", { name: "受験を始める" }).click();
    await page.locator("form.quiz-form").waitFor();
    found.push(...(await seriousViolations(page, "exam attempt")));
    expect(found).toEqual([]);
    await context.close();
  });
});

describe("senior mode", () => {
  it("a senior reads a lesson at 360 px in 特大 and 高コントラスト, without JavaScript, and hides ふりがな", async () => {
    const context = await browser.newContext({ viewport: PHONE, locale: "ja-JP", javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(app.url + RESIDENT_LESSON);
    const baseSize = await page
      .locator(".prose p")
      .first()
      .evaluate((p) => parseFloat(getComputedStyle(p).fontSize));
    // The header's controls are one row on a phone (the language switch has a slim row of its own below).
    expect(await headerRowHeight(page)).toBeLessThan(80);
    expect(await page.locator(".language-switch button").isVisible()).toBe(true);

    await page.locator(".display-settings summary").click();
    await page.getByRole("button", { name: "特大" }).click();
    await page.waitForURL(app.url + RESIDENT_LESSON);
    expect(await page.getAttribute("html", "class")).toBe("text-xlarge");
    const size = await page
      .locator(".prose p")
      .first()
      .evaluate((p) => parseFloat(getComputedStyle(p).fontSize));
    expect(size).toBeGreaterThanOrEqual(26);
    expect(size).toBeGreaterThan(baseSize);
    expect(await horizontalOverflow(page)).toBe(0);
    expect(await headerRowHeight(page)).toBeLessThan(80);
    await page.locator(".display-settings summary").click();
    expect(await page.getByRole("button", { name: "特大" }).getAttribute("aria-pressed")).toBe("true");
    await page.getByRole("button", { name: "高コントラスト" }).click();
    await page.waitForURL(app.url + RESIDENT_LESSON);
    expect(await page.getAttribute("html", "class")).toBe("text-xlarge theme-high-contrast");
    expect(await horizontalOverflow(page)).toBe(0);
    await screenshot(page, "phone-20-senior-lesson-xlarge");

    // ふりがな: shown by default on residents' lessons, hidden after 非表示, the kanji stay.
    const rt = page.locator(".prose ruby rt").first();
    expect(await rt.isVisible()).toBe(true);
    await page.getByRole("button", { name: "非表示" }).click();
    await page.waitForURL(app.url + RESIDENT_LESSON);
    expect(await page.getAttribute("html", "class")).toBe("text-xlarge theme-high-contrast furigana-off");
    expect(await page.locator(".prose ruby").first().isVisible()).toBe(true);
    expect(await rt.isVisible()).toBe(false);
    expect(await horizontalOverflow(page)).toBe(0);
    await screenshot(page, "phone-21-senior-lesson-no-furigana");

    // The choice is remembered: another page opens the same way (rendered on the server, no flash).
    await page.goto(`${app.url}/classes`);
    expect(await page.getAttribute("html", "class")).toBe("text-xlarge theme-high-contrast furigana-off");
    expect(await horizontalOverflow(page)).toBe(0);
    const cookie = (await context.cookies()).find((c) => c.name === "manabiya_display");
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.expires ?? 0).toBeGreaterThan(Date.now() / 1000 + 300 * 86_400);
    await context.close();
  });

  it("the senior pages stay accessible in 特大 and 高コントラスト (with JavaScript)", async () => {
    const context = await browser.newContext({ viewport: PHONE, locale: "ja-JP" });
    const page = await context.newPage();
    const errors = collectErrors(page);
    await page.goto(app.url + RESIDENT_LESSON);
    await waitForHydration(page);
    await page.locator(".display-settings summary").click();
    await page.getByRole("button", { name: "特大" }).click();
    await page.waitForFunction(() => document.documentElement.classList.contains("text-xlarge"));
    // With JavaScript the panel stays open on the same page, ready for another choice.
    await page.getByRole("button", { name: "高コントラスト" }).click();
    await page.waitForFunction(() => document.documentElement.classList.contains("theme-high-contrast"));
    const found: string[] = [];
    for (const url of [RESIDENT_LESSON, "/classes", classUrl, "/courses/smartphone-basics/quiz/self-check"]) {
      await page.goto(app.url + url);
      await waitForHydration(page);
      expect(await horizontalOverflow(page)).toBe(0);
      found.push(...(await seriousViolations(page, `特大 高コントラスト ${url}`)));
    }
    expect(found).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});

/** A stand-in for the browser's speech synthesis that records what it is asked to say (Chromium here has no voices). */
const FAKE_SPEECH = `
(() => {
  const log = { spoken: [], calls: [] };
  const synth = {
    getVoices: () => [{ lang: "ja-JP", name: "テスト", default: true, localService: true, voiceURI: "test" }],
    speak(u) { log.spoken.push(u.text); log.calls.push("speak"); if (log.spoken.length === 1) setTimeout(() => u.onstart && u.onstart(new Event("start")), 0); },
    pause() { log.calls.push("pause"); },
    resume() { log.calls.push("resume"); },
    cancel() { log.calls.push("cancel"); },
    addEventListener() {},
    removeEventListener() {},
  };
  Object.defineProperty(window, "speechSynthesis", { value: synth, configurable: true });
  window.__speech = log;
})();
`;

describe("読み上げ", () => {
  it("is hidden in the server's HTML and where the browser has no speech synthesis", async () => {
    const html = await (await fetch(app.url + RESIDENT_LESSON)).text();
    expect(html).toMatch(/<div class="read-aloud" hidden="">/);
    const context = await browser.newContext({ viewport: PHONE, locale: "ja-JP" });
    await context.addInitScript({ content: `Object.defineProperty(window, "speechSynthesis", { value: undefined, configurable: true });` });
    const page = await context.newPage();
    await page.goto(app.url + RESIDENT_LESSON);
    await waitForHydration(page);
    expect(await page.locator(".read-aloud").isHidden()).toBe(true);
    await context.close();
  });

  it("reads the lesson in Japanese without the furigana, pauses, resumes and stops", async () => {
    const context = await browser.newContext({ viewport: PHONE, locale: "ja-JP" });
    await context.addInitScript({ content: FAKE_SPEECH });
    const page = await context.newPage();
    const errors = collectErrors(page);
    await page.goto(app.url + RESIDENT_LESSON);
    await waitForHydration(page);
    const main = page.locator(".read-aloud-main");
    await expect(main.textContent()).resolves.toContain("読み上げ");
    await main.click();
    await page.waitForFunction(() => (window as unknown as { __speech: { spoken: string[] } }).__speech.spoken.length > 0);
    const spoken = await page.evaluate(() => (window as unknown as { __speech: { spoken: string[] } }).__speech.spoken);
    const title = (await page.locator("h1").textContent())!;
    expect(spoken[0]).toBe(title.replace(/\s+/g, " ").trim());
    const all = spoken.join("");
    expect(all).toContain("鬼怒川");
    expect(all).not.toContain("きぬがわ"); // the reading is shown above the kanji, not read twice
    await page.locator(".reading-now").first().waitFor();
    await expect(main.textContent()).resolves.toContain("一時停止");
    await screenshot(page, "phone-22-read-aloud");
    await main.click();
    await expect(main.textContent()).resolves.toContain("再開");
    await main.click();
    await expect(main.textContent()).resolves.toContain("一時停止");
    await page.getByRole("button", { name: "停止", exact: true }).click();
    await expect(main.textContent()).resolves.toContain("読み上げ");
    expect(await page.locator(".reading-now").count()).toBe(0);
    const calls = await page.evaluate(() => (window as unknown as { __speech: { calls: string[] } }).__speech.calls);
    expect(calls.filter((c) => c !== "speak")).toEqual(["cancel", "pause", "resume", "cancel"]);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe("keyboard and touch on the residents' pages (360 px)", () => {
  it("every button, control and link outside running text is at least 44 px tall and wide", async () => {
    const context = await browser.newContext({ viewport: PHONE, locale: "ja-JP" });
    const page = await context.newPage();
    const problems: string[] = [];
    for (const url of PUBLIC_PAGES()) {
      for (const opener of [".display-settings summary", ".header-menu summary"]) {
        // Open each header panel in turn so its controls are measured too.
        await page.goto(app.url + url);
        await page.locator(opener).click();
        const small = await page.evaluate(() => {
          const found: string[] = [];
          for (const el of document.querySelectorAll("a[href], button, input:not([type=hidden]), select, textarea, summary")) {
            const box = el.getBoundingClientRect();
            if (box.width === 0 && box.height === 0) continue; // not displayed
            const style = getComputedStyle(el);
            // Links inside running text are exempt (WCAG 2.5.5 / 2.5.8 "inline").
            if (style.display === "inline" && el.closest("p, .prose li, dd, td") && !el.closest("nav")) continue;
            let target = box;
            if (el instanceof HTMLInputElement && (el.type === "checkbox" || el.type === "radio")) {
              // A check box is tapped through its label: the row that holds both.
              const row = el.closest(".checkbox, .choices li, label");
              if (row) target = row.getBoundingClientRect();
            }
            if (target.height < 44 || target.width < 44)
              found.push(
                `${el.tagName.toLowerCase()} "${(el.textContent ?? "").trim().slice(0, 20)}" ${Math.round(target.width)}×${Math.round(target.height)}`,
              );
          }
          return found;
        });
        problems.push(...small.map((s) => `${url}: ${s}`));
      }
    }
    expect([...new Set(problems)]).toEqual([]);
    await context.close();
  });

  it("the skip link comes first, focus is visible, and メニュー opens and closes with the keyboard", async () => {
    const context = await browser.newContext({ viewport: PHONE, locale: "ja-JP" });
    const page = await context.newPage();
    await page.goto(app.url + RESIDENT_LESSON);
    await waitForHydration(page);
    expect(await page.getAttribute("html", "lang")).toBe("ja");
    await page.keyboard.press("Tab");
    const skip = page.locator(":focus");
    expect(await skip.textContent()).toBe("本文へ移動");
    const box = await skip.boundingBox();
    expect(box!.y).toBeGreaterThanOrEqual(0); // shown when focused
    expect(await skip.evaluate((el) => getComputedStyle(el).outlineStyle)).not.toBe("none");
    await page.keyboard.press("Enter");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("main");
    expect(await page.locator("main").count()).toBe(1);
    expect(await page.locator("header.site-header").count()).toBe(1);
    expect(await page.locator("footer.site-footer").count()).toBe(1);

    // From the top: skip link, 学び舎, 文字サイズ, メニュー.
    await page.goto(app.url + RESIDENT_LESSON);
    await waitForHydration(page);
    for (let i = 0; i < 4; i++) await page.keyboard.press("Tab");
    const summary = page.locator(":focus");
    expect(await summary.textContent()).toContain("メニュー");
    expect(await summary.evaluate((el) => getComputedStyle(el).boxShadow)).not.toBe("none");
    await page.keyboard.press("Enter");
    expect(await page.locator(".header-menu").evaluate((d) => (d as HTMLDetailsElement).open)).toBe(true);
    await page.keyboard.press("Tab");
    expect(await page.locator(":focus").textContent()).toBe("スマホ教室");
    await page.keyboard.press("Escape");
    expect(await page.locator(".header-menu").evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
    expect(await page.locator(":focus").textContent()).toContain("メニュー");
    await screenshot(page, "phone-23-keyboard-focus");
    await context.close();
  });
});
