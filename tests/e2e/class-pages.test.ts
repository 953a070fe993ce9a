/**
 * The residents' class pages as a senior sees them on a small phone in 特大 (issue #20): a full class looks different
 * from an open one (words, icon, border and colour, readable in 標準 and 高コントラスト), a class next year shows its
 * year, the details list puts each label above its value, and the receipt number stays on one line.
 */
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatSessionDay } from "~/classes/format";
import { collectErrors, horizontalOverflow, instructorCreatesClass, launchBrowser, screenshot, startApp, waitForHeading, type RunningApp } from "./harness";

let app: RunningApp;
let browser: Browser;

const PHONE = { width: 360, height: 740 };
const FULL = "満席になる教室（E2E）";
const OPEN = "空きのある教室（E2E）";
/** This year in Japan time, and a Saturday in January next year for the class that fills up. */
const thisYear = Number(new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 4));
const nextYearDate = `${thisYear + 1}-01-09`;
let fullId = "";

beforeAll(async () => {
  [app, browser] = await Promise.all([startApp(), launchBrowser()]);
  const tomorrow = new Date(Date.now() + 9 * 3_600_000 + 86_400_000).toISOString().slice(0, 10);
  const full = await instructorCreatesClass(browser, app.url, FULL, 1, { date: nextYearDate, venue: "君原公民館（定員20）" });
  const open = await instructorCreatesClass(browser, app.url, OPEN, 5, { date: tomorrow });
  fullId = full.sessionId;
  expect([...full.errors, ...open.errors]).toEqual([]);
  await full.tablet.close();
  await open.tablet.close();
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

/** A phone with the display preferences a resident chose on /preferences (the cookie the server reads). */
async function seniorPhone(contrast: "standard" | "high" = "standard"): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: PHONE, locale: "ja-JP" });
  await context.addCookies([{ name: "manabiya_display", value: `text=xlarge&contrast=${contrast}&furigana=on`, url: app.url }]);
  return context;
}

async function register(page: Page, sessionId: string, name: string, kana: string): Promise<string> {
  await page.goto(`${app.url}/classes/${sessionId}`);
  await page.fill("#name", name);
  await page.fill("#nameKana", kana);
  await page.check("#age-70s");
  await page.check("#consent");
  await page.locator("form .button.primary").click();
  await waitForHeading(page, "お申し込みの内容");
  return (await page.locator(".receipt-number").textContent())!;
}

/** The WCAG contrast ratio of an element's text colour on its own background colour (both opaque rgb()). */
async function textContrast(element: Locator): Promise<number> {
  const [fg, bg] = await element.evaluate((el) => [getComputedStyle(el).color, getComputedStyle(el).backgroundColor]);
  const luminance = (rgb: string) => {
    const [r, g, b] = rgb
      .match(/\d+(\.\d+)?/g)!
      .slice(0, 3)
      .map((v) => {
        const c = Number(v) / 255;
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  };
  const [l1, l2] = [luminance(fg!), luminance(bg!)].sort((a, b) => b - a);
  return (l1! + 0.05) / (l2! + 0.05);
}

/** Each label of a details list sits above its value (one column), not beside it. */
async function expectStacked(page: Page, list: string) {
  const pairs = await page.locator(`${list} dt`).evaluateAll((dts) =>
    dts.map((dt) => {
      const dd = dt.nextElementSibling!;
      const [a, b] = [dt.getBoundingClientRect(), dd.getBoundingClientRect()];
      return { dtBottom: a.bottom, ddTop: b.top, dtLeft: a.left, ddLeft: b.left, ddWidth: b.width, listWidth: dt.parentElement!.getBoundingClientRect().width };
    }),
  );
  expect(pairs.length).toBeGreaterThan(2);
  for (const p of pairs) {
    expect(p.ddTop).toBeGreaterThanOrEqual(p.dtBottom - 1);
    expect(Math.abs(p.ddLeft - p.dtLeft)).toBeLessThan(2);
    expect(p.ddWidth).toBeGreaterThan(p.listWidth - 2);
  }
}

describe("class pages at 360 px in 特大", () => {
  it("a full class and its waiting list look different from an open class, and the receipt number stays on one line", async () => {
    const context = await seniorPhone();
    const page = await context.newPage();
    const errors = collectErrors(page);
    const first = await register(page, fullId, "阿見 一郎", "アミ イチロウ");
    expect(await page.getAttribute("html", "class")).toBe("text-xlarge");
    await expectStacked(page, ".big-details");
    const number = page.locator(".receipt-number");
    expect(await number.textContent()).toBe(first);
    const lines = await number.evaluate((el) => {
      const range = document.createRange();
      range.selectNodeContents(el);
      return { boxes: range.getClientRects().length, height: el.getBoundingClientRect().height, lineHeight: parseFloat(getComputedStyle(el).lineHeight) };
    });
    expect(lines.boxes).toBe(1);
    expect(lines.height).toBeLessThan(lines.lineHeight * 1.2);
    expect(await number.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    expect(await horizontalOverflow(page)).toBe(0);
    expect(await page.locator(".big-details .class-badge-open").textContent()).toBe("参加が決まっています");
    // The date of a class next year carries its year, on the receipt too.
    expect(await page.locator(".big-details dd").nth(1).textContent()).toContain(`${thisYear + 1}年1月9日`);
    await screenshot(page, "phone-xlarge-class-receipt");

    // The one place is taken: the next resident joins the waiting list, shown in its own style.
    await register(page, fullId, "阿見 二郎", "アミ ジロウ");
    expect(await page.locator(".big-details .class-badge-full").textContent()).toBe("キャンセル待ち");
    expect(await page.locator(".receipt-number").evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    await screenshot(page, "phone-xlarge-class-receipt-waitlisted");

    // The class page: 満席 in the details, label above value, the address given the whole width.
    await page.goto(`${app.url}/classes/${fullId}`);
    await expectStacked(page, ".big-details");
    expect(await page.locator(".big-details .class-badge-full").textContent()).toBe("満席");
    expect(await page.locator(".big-details dd").first().textContent()).toMatch(new RegExp(`^${thisYear + 1}年1月9日`));
    expect(await page.locator(".big-details dd").nth(1).textContent()).toContain("茨城県稲敷郡阿見町大字君島");
    expect(await horizontalOverflow(page)).toBe(0);
    await screenshot(page, "phone-xlarge-class-full");
    expect(errors).toEqual([]);
    await context.close();
  });

  for (const contrast of ["standard", "high"] as const) {
    it(`the schedule tells a full class from an open one in words and style, readable in 配色 ${contrast}`, async () => {
      const context = await seniorPhone(contrast);
      const page = await context.newPage();
      const errors = collectErrors(page);
      await page.goto(`${app.url}/classes?org=ami`);
      await waitForHeading(page, "スマホ教室の日程");
      const fullCard = page.locator(".class-card", { hasText: FULL });
      const openCard = page.locator(".class-card", { hasText: OPEN });
      const fullBadge = fullCard.locator(".class-badge");
      const openBadge = openCard.locator(".class-badge");
      expect(await fullBadge.textContent()).toBe("満席");
      expect(await fullCard.locator(".class-seats").textContent()).toContain("キャンセル待ちで申し込めます");
      expect(await openBadge.textContent()).toBe("あと5席");
      expect(await fullBadge.locator("svg").count()).toBe(1);
      const style = (badge: Locator) =>
        badge.evaluate((el) => {
          const s = getComputedStyle(el);
          return { background: s.backgroundColor, border: `${s.borderTopStyle} ${s.borderTopColor}`, icon: el.querySelector("svg")!.innerHTML };
        });
      const [full, open] = [await style(fullBadge), await style(openBadge)];
      expect(full.background).not.toBe(open.background);
      expect(full.border).not.toBe(open.border);
      expect(full.icon).not.toBe(open.icon);
      expect(await textContrast(fullBadge)).toBeGreaterThanOrEqual(4.5);
      expect(await textContrast(openBadge)).toBeGreaterThanOrEqual(4.5);
      // The year shows for the class next year, not for the one this year.
      expect(await fullCard.locator(".class-when").textContent()).toMatch(new RegExp(`^${thisYear + 1}年1月9日`));
      const openWhen = (await openCard.locator(".class-when").textContent())!;
      expect(openWhen.startsWith(formatSessionDay(new Date(Date.now() + 86_400_000)))).toBe(true);
      expect(await horizontalOverflow(page)).toBe(0);
      await fullCard.scrollIntoViewIfNeeded();
      await screenshot(page, `phone-xlarge-classes-${contrast}`);
      expect(errors).toEqual([]);
      await context.close();
    });
  }
});
