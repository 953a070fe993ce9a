import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { freePort } from "../../bench/harness";

export const SCREENSHOT_DIR = path.resolve("test-results/e2e");
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export interface RunningApp {
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts the production build (`npm run build` must have run) the way `npm start` does, on a fresh embedded database
 * in a temporary directory, and resolves once it prints its URL.
 */
export async function startApp(): Promise<RunningApp> {
  if (!existsSync("build/server/index.js") || !existsSync("build/server.mjs"))
    throw new Error("build/server/index.js または build/server.mjs がありません。先に npm run build を実行してください。");
  const port = await freePort();
  const dataDir = await mkdtemp(path.join(tmpdir(), "manabiya-e2e-"));
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: "127.0.0.1", PGLITE_DIR: dataDir, NODE_ENV: "production" };
  delete env.DATABASE_URL;
  const child: ChildProcess = spawn(process.execPath, ["build/server.mjs"], { env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in time:\n${output}`)), 90_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(`http://localhost:${port}`)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output}`));
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    async stop() {
      child.removeAllListeners("exit");
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Debian's Chromium, headless, with the flags this machine needs (no sandbox as root, no background networking). */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} がありません。apt-get install -y chromium を実行してください。`);
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** Console errors and page errors (CSP violations show up here), collected so a test can assert there were none. */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (msg) => {
    // A 4xx answer to a form post (validation, wrong password) is expected behaviour, not a page error.
    if (msg.type() === "error" && !/^Failed to load resource: the server responded with a status of 4\d\d/.test(msg.text())) errors.push(msg.text());
  });
  page.on("pageerror", (err) => errors.push(err.message));
  return errors;
}

/**
 * Height of the header's row of controls (学び舎, 文字サイズ, メニュー), from the top of the header. On phones the language
 * switch (日本語 / English) has a slim row of its own below it, which this leaves out.
 */
export async function headerRowHeight(page: Page): Promise<number> {
  return page.evaluate(() => {
    const top = document.querySelector(".site-header")!.getBoundingClientRect().top;
    const bottoms = [".site-name", ".display-settings > summary", ".header-menu > summary"]
      .map((selector) => document.querySelector(selector)?.getBoundingClientRect())
      .filter((box): box is DOMRect => !!box && box.height > 0)
      .map((box) => box.bottom);
    return Math.max(...bottoms) - top;
  });
}

/** How far the page can scroll sideways; 0 means nothing sticks out. */
export async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

export async function screenshot(page: Page, name: string) {
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

/** Waits until the page's h1 reads exactly `text` (client-side navigation commits after the URL changes). */
export async function waitForHeading(page: Page, text: string) {
  await page.locator("h1", { hasText: new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`) }).waitFor({ timeout: 10_000 });
}

/** Waits until React Router has hydrated the page, so a click is handled by the client router rather than lost mid-hydration. */
export async function waitForHydration(page: Page) {
  await page.waitForFunction(
    () => (window as unknown as { __reactRouterDataRouter?: { state: { initialized: boolean } } }).__reactRouterDataRouter?.state.initialized === true,
    null,
    { timeout: 15_000 },
  );
}

/** Signs in on /login as a demo staff member (自治体 by its label), optionally landing on `redirectTo`. */
export async function signIn(page: Page, baseUrl: string, who: { org: string; staffNumber: string; password?: string; redirectTo?: string }) {
  const { DEMO_PASSWORD } = await import("~/demo/staff");
  await page.goto(`${baseUrl}/login${who.redirectTo ? `?redirectTo=${encodeURIComponent(who.redirectTo)}` : ""}`);
  await page.selectOption("#organizationId", { label: who.org });
  await page.fill("#identifier", who.staffNumber);
  await page.fill("#password", who.password ?? DEMO_PASSWORD);
  await page.getByRole("button", { name: "ログイン" }).click();
}

/**
 * The instructor (阿見町, staff number 1004) signs in on a tablet and creates a one-session class; resolves on its roster
 * page. Times left out keep the form's defaults (10:00–12:00); the venue is chosen by its label (「君原公民館（定員20）」).
 */
export async function instructorCreatesClass(
  browser: Browser,
  baseUrl: string,
  title: string,
  capacity: number,
  when: { date: string; start?: string; end?: string; venue?: string },
) {
  const { DEMO_PASSWORD } = await import("~/demo/staff");
  const tablet = await browser.newContext({ viewport: { width: 1024, height: 768 }, locale: "ja-JP" });
  const instructor = await tablet.newPage();
  const errors = collectErrors(instructor);
  await instructor.goto(`${baseUrl}/login?redirectTo=/admin/classes/new`);
  await instructor.selectOption("#organizationId", { label: "阿見町" });
  await instructor.fill("#identifier", "1004");
  await instructor.fill("#password", DEMO_PASSWORD);
  await instructor.getByRole("button", { name: "ログイン" }).click();
  await waitForHeading(instructor, "教室・研修の登録");
  await instructor.fill("#title", title);
  await instructor.fill("#capacity", String(capacity));
  await instructor.fill("#s0-date", when.date);
  if (when.start) await instructor.fill("#s0-start", when.start);
  if (when.end) await instructor.fill("#s0-end", when.end);
  if (when.venue) await instructor.selectOption("#venueId", { label: when.venue });
  await instructor.getByRole("button", { name: "登録する" }).click();
  await waitForHeading(instructor, `${title} 第1回`);
  const rosterUrl = instructor.url().replace(/\?.*$/, "");
  return { tablet, instructor, errors, rosterUrl, sessionId: /\/admin\/classes\/([0-9a-f-]{36})/.exec(rosterUrl)![1]! };
}
