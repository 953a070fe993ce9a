import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadContent } from "~/content/load.server";
import type { QuizDefinition } from "~/quizzes/schema";
import { DEMO_PASSWORD } from "~/demo/staff";
import { answerSheet, rightAnswersOnPage } from "../../bench/answer-form";
import { collectErrors, horizontalOverflow, launchBrowser, screenshot, startApp, waitForHeading, type RunningApp } from "./harness";

let app: RunningApp;
let browser: Browser;
let security: { lessons: { slug: string; title: string }[]; quiz: QuizDefinition };

beforeAll(async () => {
  const [a, b, content] = await Promise.all([startApp(), launchBrowser(), loadContent("content")]);
  app = a;
  browser = b;
  const course = content.courses.find((c) => c.slug === "security-basics")!;
  security = { lessons: course.lessons.map((l) => ({ slug: l.slug, title: l.meta.title })), quiz: course.quizzes[0]!.definition };
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe("a resident's self-check (360 px, no account)", () => {
  it("answers one question per screen with large buttons and sees a friendly result", async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: "ja-JP" });
    const page = await context.newPage();
    const errors = collectErrors(page);
    await page.goto(`${app.url}/courses/smartphone-basics`);
    await page.getByRole("link", { name: /ふりかえりクイズ/ }).click();
    await waitForHeading(page, "ふりかえりクイズ");
    for (let i = 1; i <= 5; i++) {
      await page.locator(".selfcheck-progress", { hasText: `${i}問目（全5問）` }).waitFor();
      const button = page.locator(".big-choice").first();
      const box = await button.boundingBox();
      expect(box!.height).toBeGreaterThanOrEqual(44);
      if (i === 1) await screenshot(page, "phone-09-selfcheck-question");
      await button.click();
      await page.locator(".selfcheck-answer").waitFor();
      expect(await page.locator(".selfcheck-answer").textContent()).toContain("正しい答え");
      expect(await page.locator(".selfcheck-answer").innerHTML()).not.toContain("{"); // furigana rendered, not raw
      if (i === 1) await screenshot(page, "phone-10-selfcheck-answer");
      expect(await horizontalOverflow(page)).toBe(0);
      await page.getByRole("link", { name: i < 5 ? "つぎの問題へ" : "結果を見る" }).click();
    }
    await page.locator(".selfcheck-score").waitFor();
    expect(await page.locator(".selfcheck-score").textContent()).toMatch(/^5問中 [0-5]問 正解でした。$/);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe("a staff member takes the security course", () => {
  it("completes the lessons, passes the quiz and sees the course completed in マイ学習", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "ja-JP" });
    const page = await context.newPage();
    const errors = collectErrors(page);
    await page.goto(`${app.url}/login?redirectTo=/courses/security-basics`);
    await page.selectOption("#organizationId", { label: "阿見町" });
    await page.fill("#identifier", "1006");
    await page.fill("#password", DEMO_PASSWORD);
    await page.getByRole("button", { name: "ログイン" }).click();
    await waitForHeading(page, "情報セキュリティ基礎");
    await page.getByRole("link", { name: "第1回から始める" }).click();
    for (const [i, lesson] of security.lessons.entries()) {
      await waitForHeading(page, lesson.title);
      await page.getByRole("button", { name: /このレッスンを完了にする/ }).click();
      if (i < security.lessons.length - 1) await waitForHeading(page, security.lessons[i + 1]!.title);
    }
    await waitForHeading(page, "情報セキュリティ基礎");
    expect(await page.locator(".course-progress").textContent()).toContain(`${security.lessons.length}回中 ${security.lessons.length}回 完了`);

    await page.getByRole("link", { name: /理解度テスト/ }).click();
    await page.getByRole("button", { name: "受験を始める" }).click();
    await page.locator("form.quiz-form").waitFor();
    // Before grading, the page holds no answer key: neither in the HTML nor in the data React Router sent along.
    const html = await page.content();
    expect(html).not.toMatch(/"correct"|explanation|feedback/);
    for (const q of security.quiz.questions) expect(html).not.toContain(q.explanation.slice(0, 20));
    await screenshot(page, "desktop-11-quiz");

    // Answer every question correctly from the content file, recognising questions and choices by their texts (the
    // form's names and values are opaque, decision 018).
    const served = await (await page.request.get(page.url())).text(); // the server's HTML, as the benchmark reads it
    const answers = rightAnswersOnPage(served, answerSheet(security.quiz));
    expect(answers.length).toBeGreaterThanOrEqual(security.quiz.questions.length);
    for (const [name, value] of answers) {
      if (name.startsWith("order:")) await page.selectOption(`select[name="${name}"]`, value);
      else await page.check(`input[name="${name}"][value="${value}"]`);
    }
    await page.getByRole("button", { name: "採点する" }).click();
    await page.locator(".result-box").waitFor();
    expect(await page.locator(".result-verdict").textContent()).toBe("合格です");
    expect(await page.locator(".result-box").textContent()).toContain("（100%）");
    expect(await page.locator(".form-message-success").textContent()).toContain("修了しました");
    expect(await page.locator(".review .explanation").count()).toBe(security.quiz.questions.length);
    await screenshot(page, "desktop-12-quiz-result");

    // The back button and a second submit record nothing new.
    await page.goBack();
    await page.goto(`${app.url}/learning`);
    await waitForHeading(page, "マイ学習");
    const completed = await page.locator("section[aria-labelledby=completed]").textContent();
    expect(completed).toContain("情報セキュリティ基礎");
    expect(completed).toContain("100%");
    expect(errors).toEqual([]);
    await context.close();
  });
});
