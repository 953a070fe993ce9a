import path from "node:path";
import { eq, inArray, sql } from "drizzle-orm";
import { createElement, type ComponentType } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { createRoutesStub, Outlet } from "react-router";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadContent, type LoadedContent } from "~/content/load.server";
import { renderInlineMarkdown } from "~/content/markdown.server";
import { getI18n } from "~/i18n/i18n";
import { getQuiz, startAttempt } from "~/quizzes/attempts.server";
import type { Question, QuizDefinition } from "~/quizzes/schema";
import type { RenderedQuestion } from "~/quizzes/view.server";
import { quizAttempts, quizSecrets } from "../../db/schema";
import { callAction, callLoader, createAppDatabase, CSRF, sessionCookie, userId } from "../support/app";
import type { TestDatabase } from "../support/database";

/**
 * Issue #18: the quiz pages must not give the answers away through anything but their texts. A bot sees what a browser
 * sees — the loader data and the page rendered from it — and answers by rules that read only the form's values and
 * their order. None may beat guessing (computed from the quiz definitions), and no id from content/ may reach it.
 */

let database: TestDatabase;
let content: LoadedContent;
let landing: typeof import("~/routes/courses.$courseSlug.quiz.$quizSlug");
let attemptRoute: typeof import("~/routes/courses.$courseSlug.quiz.$quizSlug_.attempt.$attemptId");

beforeAll(async () => {
  database = await createAppDatabase();
  content = await loadContent(path.resolve("content"));
  landing = await import("~/routes/courses.$courseSlug.quiz.$quizSlug");
  attemptRoute = await import("~/routes/courses.$courseSlug.quiz.$quizSlug_.attempt.$attemptId");
});
afterAll(async () => {
  await database.dispose();
});

const definitionOf = (course: string, slug: string): QuizDefinition =>
  content.courses.find((c) => c.slug === course)!.quizzes.find((q) => q.slug === slug)!.definition;

/** The page a browser gets for this loader data (the route's own component, as the server renders it). */
function renderPage(Component: ComponentType, loaderData: unknown, actionData?: unknown): string {
  const Root = () => createElement(I18nextProvider, { i18n: getI18n("ja") }, createElement(Outlet));
  const Stub = createRoutesStub([{ id: "root", path: "/", Component: Root, children: [{ id: "page", path: "page", Component }] }]);
  const hydrationData = {
    loaderData: { root: { csrfToken: CSRF, language: "ja" }, page: loaderData },
    actionData: actionData ? { page: actionData } : undefined,
  };
  return renderToStaticMarkup(createElement(Stub, { initialEntries: ["/page"], hydrationData }));
}

const attributes = (tag: string) => Object.fromEntries([...tag.matchAll(/([a-zA-Z-]+)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));

/** What the bot reads from a question: the choice controls' values in page order, or the rank selects' names. */
type SeenQuestion = { kind: "choice"; name: string; values: string[]; labels: string[] } | { kind: "order"; names: string[]; labels: string[] };

/** The questions of a page as a browser shows them: each fieldset (exam) or the self-check's big buttons. */
function seenQuestions(html: string): SeenQuestion[] {
  const chunks = [...html.matchAll(/<fieldset class="question">([\s\S]*?)<\/fieldset>|<div class="big-choices">([\s\S]*?)<\/div>/g)].map((m) => m[1] ?? m[2]!);
  return chunks.map((chunk): SeenQuestion => {
    const selects = [...chunk.matchAll(/<label for="[^"]*"[^>]*>([\s\S]*?)<\/label><select ([^>]*)>/g)];
    if (selects.length) return { kind: "order", names: selects.map((m) => attributes(m[2]!).name!), labels: selects.map((m) => m[1]!) };
    const inputs = [...chunk.matchAll(/<input ([^>]*)\/><label [^>]*>([\s\S]*?)<\/label>|<button ([^>]*)>([\s\S]*?)<\/button>/g)];
    const controls = inputs.map((m) => ({ attrs: attributes(m[1] ?? m[3]!), label: m[2] ?? m[4]! }));
    return { kind: "choice", name: controls[0]!.attrs.name!, values: controls.map((c) => c.attrs.value!), labels: controls.map((c) => c.label) };
  });
}

/** Rules that use nothing but the values and their order: one choice per question, or a ranking of the items. */
const STRATEGIES: Record<string, { pick: (values: string[]) => string; rank: (names: string[]) => string[] }> = {
  "first value": { pick: (v) => v[0]!, rank: (n) => n },
  "last value": { pick: (v) => v.at(-1)!, rank: (n) => [...n].reverse() },
  "second position": { pick: (v) => v[Math.min(1, v.length - 1)]!, rank: (n) => [...n.slice(1), n[0]!] },
  "third position": { pick: (v) => v[Math.min(2, v.length - 1)]!, rank: (n) => [...n.slice(2), ...n.slice(0, 2)] },
  "smallest value": { pick: (v) => [...v].sort()[0]!, rank: (n) => [...n].sort() },
  "largest value": { pick: (v) => [...v].sort().at(-1)!, rank: (n) => [...n].sort().reverse() },
  'value "a"': { pick: (v) => v.find((x) => x === "a") ?? v[0]!, rank: (n) => n },
  "longest value": { pick: (v) => v.reduce((a, b) => (b.length > a.length ? b : a)), rank: (n) => [...n].sort((a, b) => b.length - a.length) },
};

function botFields(seen: SeenQuestion[], strategy: (typeof STRATEGIES)[string]): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const q of seen) {
    if (q.kind === "choice") fields[q.name] = strategy.pick(q.values);
    else strategy.rank(q.names).forEach((name, i) => (fields[name] = String(i + 1)));
  }
  return fields;
}

const round1 = (n: number) => Math.round(n * 10) / 10;
const factorial = (n: number): number => (n <= 1 ? 1 : n * factorial(n - 1));

/**
 * A blind guesser's score: one option picked uniformly per question (one box on a multiple-choice question), a
 * uniformly random ranking. Mean and variance of the total, the questions being shuffled independently.
 */
function chance(def: QuizDefinition): { mean: number; variance: number; max: number } {
  let mean = 0;
  let variance = 0;
  const add = (outcomes: [probability: number, points: number][]) => {
    const m = outcomes.reduce((s, [p, x]) => s + p * x, 0);
    mean += m;
    variance += outcomes.reduce((s, [p, x]) => s + p * x * x, 0) - m * m;
  };
  for (const q of def.questions) {
    if (q.type === "single") add([[1 / q.choices.length, q.points]]);
    else if (q.type === "multiple") {
      const right = q.choices.filter((c) => c.correct).length;
      const points = q.scoring === "partial" ? round1(q.points / right) : right === 1 ? q.points : 0;
      add([[right / q.choices.length, points]]);
    } else if (q.type === "truefalse") add([[0.5, q.points]]);
    else add([[1 / factorial(q.items.length), q.points]]);
  }
  return { mean, variance, max: def.questions.reduce((s, q) => s + q.points, 0) };
}

/** Every id in the definition: questions, choices, ordering items. */
function contentIds(def: QuizDefinition) {
  const questions = def.questions.map((q) => q.id);
  const options = def.questions.flatMap((q: Question) =>
    q.type === "ordering" ? q.items.map((i) => i.id) : q.type === "truefalse" ? [] : q.choices.map((c) => c.id),
  );
  return { questions, options, all: new Set([...questions, ...options]) };
}

/** Where the loader data or the page shows an id from content/: as a whole value, or joined to its question's id. */
function leaks(def: QuizDefinition, loaderData: unknown, html: string): string[] {
  const json = JSON.stringify(loaderData);
  const { all, questions } = contentIds(def);
  const found = [...all].filter((id) => json.includes(`"${id}"`)).map((id) => `loader data: "${id}"`);
  for (const q of questions) if (json.includes(`${q}-`) || json.includes(`${q}:`) || json.includes(`:${q}`)) found.push(`loader data: ${q}…`);
  for (const tag of html.match(/<(input|select|option|button|label|fieldset|form)\b[^>]*>/g) ?? []) {
    for (const [name, value] of Object.entries(attributes(tag))) {
      if (all.has(value) || questions.some((q) => value.includes(q))) found.push(`${name}="${value}"`);
    }
  }
  return found;
}

async function learners(count: number) {
  const out: { cookie: string; id: string }[] = [];
  for (let i = 0; i < count; i++) {
    const [org, number] = [i % 2 ? "omitama" : "ami", String(2002 + Math.floor(i / 2))];
    out.push({ cookie: await sessionCookie(database, org, number), id: (await userId(database, org, number)).id });
  }
  return out;
}

interface Taken {
  attemptId: string;
  score: number;
  maxScore: number;
  leaks: string[];
  /** Position (0-based) of each single-choice question's right answer on the page, by question id. */
  rightAt: Map<string, number>;
  valueLengths: Set<number>;
}

/** One attempt as a browser would take it: start, open the page, answer by `strategy`, submit. */
async function takeExam(course: string, slug: string, who: { cookie: string; id: string }, strategy: (typeof STRATEGIES)[string]): Promise<Taken> {
  const def = definitionOf(course, slug);
  const base = `/courses/${course}/quiz/${slug}`;
  const started = await callAction(landing.action, base, {}, { cookie: who.cookie, params: { courseSlug: course, quizSlug: slug } });
  expect(started.status, String(started.data)).toBe(302);
  const attemptId = /\/attempt\/([0-9a-f-]{36})$/.exec(started.location ?? "")![1]!;
  const params = { courseSlug: course, quizSlug: slug, attemptId };
  const page = await callLoader(attemptRoute.loader, `${base}/attempt/${attemptId}`, { cookie: who.cookie, params });
  expect(page.status).toBe(200);
  const html = renderPage(attemptRoute.default as ComponentType, page.data);
  const seen = seenQuestions(html);
  expect(seen).toHaveLength(def.questions.length);

  // The test's own knowledge (the definition) only observes where the right answer was put.
  const rightAt = new Map<string, number>();
  for (const q of def.questions) {
    if (q.type !== "single") continue;
    const right = renderInlineMarkdown(q.choices.find((c) => c.correct)!.text);
    const shown = seen.find((s) => s.kind === "choice" && s.labels.includes(right));
    if (shown?.kind === "choice") rightAt.set(q.id, shown.labels.indexOf(right));
  }
  const valueLengths = new Set(seen.flatMap((s) => (s.kind === "choice" ? s.values : s.names).map((v) => v.length)));

  const sent = await callAction(attemptRoute.action, `${base}/attempt/${attemptId}`, botFields(seen, strategy), { cookie: who.cookie, params });
  expect(sent.status, JSON.stringify(sent.data)).toBe(302);
  const [row] = await database.db
    .select({ score: quizAttempts.score, maxScore: quizAttempts.maxScore, status: quizAttempts.status })
    .from(quizAttempts)
    .where(eq(quizAttempts.id, attemptId));
  expect(row?.status).toBe("submitted");
  // Attempts are limited per fiscal year: this one moves to last year so that the bot may go on.
  await database.db
    .update(quizAttempts)
    .set({ startedAt: sql`started_at - interval '1 year'` })
    .where(eq(quizAttempts.id, attemptId));
  return { attemptId, score: row!.score!, maxScore: row!.maxScore!, leaks: leaks(def, page.data, html), rightAt, valueLengths };
}

const EXAMS = [
  { course: "security-basics", slug: "final" },
  { course: "dx-promoter-basics", slug: "selection" },
];
/** Attempts per strategy and exam: 8 strategies × 48 × 2 exams = 768 attempts by 8 people. */
const ROUNDS = 48;

describe("a bot that reads only the form does no better than guessing", () => {
  for (const exam of EXAMS) {
    it(`${exam.course}/${exam.slug}`, async () => {
      const def = definitionOf(exam.course, exam.slug);
      const { mean, variance, max } = chance(def);
      const people = await learners(8);
      // Earlier attempts of the demo data (the selection exam allows one a year) move to last year.
      for (const who of people)
        await database.db
          .update(quizAttempts)
          .set({ startedAt: sql`started_at - interval '1 year'` })
          .where(eq(quizAttempts.userId, who.id));
      const names = Object.keys(STRATEGIES);
      const scores = new Map(names.map((n) => [n, [] as number[]]));
      const positions = new Map<string, Set<number>>();
      const allLeaks = new Set<string>();
      const lengths = new Set<number>();
      // Each person takes the exam again and again, the strategies in turn; the people in parallel.
      await Promise.all(
        people.map(async (who, p) => {
          for (let round = 0; round < (ROUNDS * names.length) / people.length; round++) {
            const name = names[(p + round) % names.length]!;
            const taken = await takeExam(exam.course, exam.slug, who, STRATEGIES[name]!);
            expect(taken.maxScore).toBe(max);
            scores.get(name)!.push(taken.score);
            taken.leaks.forEach((l) => allLeaks.add(l));
            taken.valueLengths.forEach((l) => lengths.add(l));
            for (const [q, at] of taken.rightAt) positions.set(q, (positions.get(q) ?? new Set()).add(at));
          }
        }),
      );

      // Under guessing, the mean of n attempts has a standard deviation of σ/√n. A margin of 4.5 of them is passed by
      // chance once in about 300,000 strategies, and is a few points only: the leak this guards against gave 11 of 12.
      const report = names.map((name) => {
        const s = scores.get(name)!;
        const avg = s.reduce((a, b) => a + b, 0) / s.length;
        const limit = mean + 4.5 * Math.sqrt(variance / s.length);
        return {
          name,
          attempts: s.length,
          percent: Math.round((avg / max) * 1000) / 10,
          chance: Math.round((mean / max) * 1000) / 10,
          limit: Math.round((limit / max) * 1000) / 10,
          ok: avg <= limit,
        };
      });
      expect(report.filter((r) => !r.ok)).toEqual([]);
      expect(report.every((r) => r.attempts === ROUNDS)).toBe(true);
      expect([...allLeaks].slice(0, 10)).toEqual([]);
      // Every value has the same length (16 for a choice, "order:<16>:<16>" for a rank select).
      expect([...lengths].sort()).toEqual(def.questions.some((q) => q.type === "ordering") ? [16, 39] : [16]);
      // The right answer of every single-choice question moves around the page.
      for (const q of def.questions.filter((x) => x.type === "single")) expect(positions.get(q.id)?.size ?? 0, q.id).toBeGreaterThan(1);
    }, 240_000);
  }

  it("no shipped exam's attempt page, before or after grading, names a question, choice or item id", async () => {
    const [who] = await learners(1);
    for (const course of content.courses) {
      for (const quiz of course.quizzes.filter((q) => q.definition.mode === "exam")) {
        const taken = await takeExam(course.slug, quiz.slug, who!, STRATEGIES["first value"]!);
        expect(taken.leaks, `${course.slug}/${quiz.slug}`).toEqual([]);
        const params = { courseSlug: course.slug, quizSlug: quiz.slug, attemptId: taken.attemptId };
        const graded = await callLoader(attemptRoute.loader, `/courses/${course.slug}/quiz/${quiz.slug}/attempt/${taken.attemptId}`, {
          cookie: who!.cookie,
          params,
        });
        expect((graded.data as { state: string }).state).toBe("submitted");
        expect(leaks(quiz.definition, graded.data, renderPage(attemptRoute.default as ComponentType, graded.data))).toEqual([]);
      }
    }
  }, 60_000);
});

describe("the residents' self-check", () => {
  const params = { courseSlug: "smartphone-basics", quizSlug: "self-check" };
  const base = "/courses/smartphone-basics/quiz/self-check";
  type Screen = { selfcheck: { index: number; presentation: string; question: unknown } };
  const screen = async (index: number, cookie?: string) => {
    const page = await callLoader(landing.loader, `${base}?q=${index}`, { params, cookie });
    expect(page.status).toBe(200);
    const html = renderPage(landing.default as ComponentType, page.data);
    return { data: page.data as Screen, html, seen: seenQuestions(html)[0]! };
  };

  it("shows no id, moves the right answer around, and grades by the values it showed", async () => {
    const def = definitionOf("smartphone-basics", "self-check");
    const positions = new Map<number, Set<number>>();
    const values = new Set<string>();
    for (let round = 0; round < 30; round++) {
      for (let index = 0; index < def.questions.length; index++) {
        const { data, html, seen } = await screen(index);
        expect(leaks(def, data, html)).toEqual([]);
        expect(html).toContain(`name="presentation" value="${data.selfcheck.presentation}"`);
        if (seen.kind !== "choice") throw new Error("the shipped self-check has single and true/false questions");
        seen.values.forEach((v) => values.add(v));
        const q = def.questions[index]!;
        if (q.type !== "single") continue;
        const right = seen.labels.indexOf(renderInlineMarkdown(q.choices.find((c) => c.correct)!.text));
        positions.set(index, (positions.get(index) ?? new Set()).add(right));
        if (round > 1) continue;
        // The value shown for the right answer is graded right, any other one wrong.
        for (const [at, value] of seen.values.entries()) {
          const answered = await callAction(
            landing.action,
            `${base}?q=${index}`,
            { index: String(index), presentation: data.selfcheck.presentation, [seen.name]: value },
            { params },
          );
          expect(answered.data).toMatchObject({ error: null, selfcheck: { correct: at === right } });
        }
      }
    }
    for (const [index, at] of positions) expect(at.size, `question ${index}`).toBeGreaterThan(1);
    expect(values.size).toBe(30 * def.questions.reduce((n, q) => n + (q.type === "single" ? q.choices.length : 2), 0)); // new values on every screen
  }, 60_000);

  it("refuses ids, values of another screen and forged presentations with a 400, never a 500", async () => {
    const a = await screen(0);
    const b = await screen(0);
    if (a.seen.kind !== "choice" || b.seen.kind !== "choice") throw new Error("unreachable");
    const post = (fields: Record<string, string>) => callAction(landing.action, `${base}?q=0`, { index: "0", ...fields }, { params });
    const refused = { status: 400, data: { selfcheck: null, error: "問題が見つかりません。はじめからやり直してください。" } };
    expect(await post({ presentation: a.data.selfcheck.presentation, "q:phone-too-hot": "a" })).toMatchObject(refused);
    expect(await post({ presentation: a.data.selfcheck.presentation, [a.seen.name]: "a" })).toMatchObject(refused);
    expect(await post({ presentation: b.data.selfcheck.presentation, [a.seen.name]: a.seen.values[0]! })).toMatchObject(refused);
    expect(await post({ presentation: a.data.selfcheck.presentation, [b.seen.name]: b.seen.values[0]! })).toMatchObject(refused);
    expect(await post({ [a.seen.name]: a.seen.values[0]! })).toMatchObject(refused);
    expect(await post({ presentation: "../../etc", [a.seen.name]: a.seen.values[0]! })).toMatchObject(refused);
    expect(await post({ presentation: a.data.selfcheck.presentation })).toMatchObject({
      status: 400,
      data: { error: "答えを選んでから「答える」を押してください。" },
    });
    expect(await post({ presentation: a.data.selfcheck.presentation, [a.seen.name]: a.seen.values[0]! })).toMatchObject({ status: 200, data: { error: null } });
  });

  it("keys its values with one server-wide secret, stored once and never shown", async () => {
    await screen(1);
    const rows = await database.db.select().from(quizSecrets);
    expect(rows.map((r) => r.name)).toEqual(["selfcheck"]);
    expect(Buffer.from(rows[0]!.secret, "base64url")).toHaveLength(32);
    const { data, html } = await screen(2);
    expect(JSON.stringify(data)).not.toContain(rows[0]!.secret);
    expect(html).not.toContain(rows[0]!.secret);
  });
});

describe("an exam attempt's secret", () => {
  it("is its own and never sent; rows written without one get a random default", async () => {
    const quiz = (await getQuiz(database.db, "security-basics", "final"))!;
    const pages: { id: string; json: string; values: string[] }[] = [];
    for (const number of ["2025", "2026"]) {
      const u = await userId(database, "ami", number);
      const s = await startAttempt(database.db, { userId: u.id, organizationId: u.organizationId }, quiz);
      if (!s.ok) throw new Error(s.error);
      const params = { courseSlug: "security-basics", quizSlug: "final", attemptId: s.attemptId };
      const page = await callLoader(attemptRoute.loader, `/courses/security-basics/quiz/final/attempt/${s.attemptId}`, {
        cookie: await sessionCookie(database, "ami", number),
        params,
      });
      const questions = (page.data as { questions: RenderedQuestion[] }).questions;
      const values = questions.flatMap((x) => [
        x.field,
        ...(x.type === "truefalse" ? x.options : x.type === "ordering" ? x.items : x.choices).map((o) => o.value),
      ]);
      pages.push({ id: s.attemptId, json: JSON.stringify(page.data), values });
    }
    const secrets = await database.db
      .select({ secret: quizAttempts.tokenSecret })
      .from(quizAttempts)
      .where(
        inArray(
          quizAttempts.id,
          pages.map((p) => p.id),
        ),
      );
    expect(new Set(secrets.map((r) => r.secret)).size).toBe(2);
    for (const { secret } of secrets) {
      expect(Buffer.from(secret, "base64url")).toHaveLength(32);
      for (const page of pages) expect(page.json).not.toContain(secret);
    }
    // Two attempts at the same quiz share no value.
    expect(pages[0]!.values.filter((v) => pages[1]!.values.includes(v))).toEqual([]);

    // Like the attempts from before the column (and the benchmark's COPY): the default fills it, row by row.
    const other = await userId(database, "omitama", "2026");
    const inserted = await database.db
      .insert(quizAttempts)
      .values(
        [1, 2].map((n) => ({
          organizationId: other.organizationId,
          userId: other.id,
          quizId: quiz.id,
          quizVersionId: quiz.versionId,
          attemptNumber: n,
          seed: n,
          status: "expired" as const,
        })),
      )
      .returning({ secret: quizAttempts.tokenSecret });
    expect(inserted.map((r) => r.secret)).toEqual([expect.stringMatching(/^[0-9a-f]{64}$/), expect.stringMatching(/^[0-9a-f]{64}$/)]);
    expect(inserted[0]!.secret).not.toBe(inserted[1]!.secret);
  });
});
