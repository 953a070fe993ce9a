import path from "node:path";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadContent, type LoadedContent } from "~/content/load.server";
import { syncContent } from "~/content/sync.server";
import { completeLesson, courseProgress, myLearning } from "~/learning/progress.server";
import { getAttempt, getQuiz, startAttempt, submitAttempt, type QuizRecord } from "~/quizzes/attempts.server";
import { renderInlineMarkdown, renderMarkdown } from "~/content/markdown.server";
import type { Answer } from "~/quizzes/grading";
import type { RenderedQuestion } from "~/quizzes/view.server";
import { itemAnalysis, itemAnalysisCsv, quizOverview } from "~/quizzes/stats.server";
import type { QuizDefinition } from "~/quizzes/schema";
import { courseCompletions, courses, lessonProgress, lessons, quizAnswers, quizAttempts } from "../../db/schema";
import { callAction, callLoader, createAppDatabase, sessionCookie, userId } from "../support/app";
import type { TestDatabase } from "../support/database";

let database: TestDatabase;
let content: LoadedContent;
let quiz: QuizRecord;

beforeAll(async () => {
  database = await createAppDatabase();
  content = await loadContent(path.resolve("content"));
  quiz = (await getQuiz(database.db, "security-basics", "final"))!;
});
afterAll(async () => {
  await database.dispose();
});

const learner = async (staffNumber: string, org = "ami") => {
  const u = await userId(database, org, staffNumber);
  return { userId: u.id, organizationId: u.organizationId };
};

/** Answers from the definition: all correct, or everything wrong for the questions named in `wrong`. */
function answersFor(def: QuizDefinition, wrong: string[] = []): Record<string, Answer> {
  const out: Record<string, Answer> = {};
  for (const q of def.questions) {
    const bad = wrong.includes(q.id);
    if (q.type === "single" || q.type === "multiple")
      out[q.id] = {
        choices: q.choices
          .filter((c) => (bad ? !c.correct : c.correct))
          .map((c) => c.id)
          .slice(0, q.type === "single" ? 1 : 8),
      };
    else if (q.type === "truefalse") out[q.id] = { value: bad ? !q.answer : q.answer };
    else out[q.id] = { order: bad ? [...q.items].reverse().map((i) => i.id) : q.items.map((i) => i.id) };
  }
  return out;
}

describe("attempts", () => {
  it("the shipped quizzes meet the curriculum's minimums", () => {
    const count = (course: string) => content.courses.find((c) => c.slug === course)!.quizzes.reduce((n, q) => n + q.definition.questions.length, 0);
    expect(count("security-basics")).toBeGreaterThanOrEqual(10);
    expect(count("dx-basics")).toBeGreaterThanOrEqual(8);
    expect(count("dx-promoter-basics")).toBeGreaterThanOrEqual(8);
    const self = content.courses.find((c) => c.slug === "smartphone-basics")!.quizzes[0]!.definition;
    expect(self.mode).toBe("selfcheck");
    expect(self.questions.length).toBeGreaterThanOrEqual(3);
    expect(self.questions.length).toBeLessThanOrEqual(5);
    const security = content.courses.find((c) => c.slug === "security-basics")!.quizzes[0]!.definition;
    expect(security.questions.some((q) => /PPAP|パスワード付き/.test(q.prompt))).toBe(true);
  });

  it("grades all-correct answers as a pass, stores one row per question, and a second submit changes nothing", async () => {
    const me = await learner("2013");
    const started = await startAttempt(database.db, me, quiz);
    if (!started.ok) throw new Error(started.error);
    const again = await startAttempt(database.db, me, quiz);
    expect(again).toEqual(started); // reopening continues the same attempt
    const first = await submitAttempt(database.db, me, started.attemptId, answersFor(quiz.definition));
    expect(first).toMatchObject({ ok: true, alreadySubmitted: false, result: { percent: 100, passed: true } });
    const second = await submitAttempt(
      database.db,
      me,
      started.attemptId,
      answersFor(
        quiz.definition,
        quiz.definition.questions.map((q) => q.id),
      ),
    );
    expect(second).toMatchObject({ ok: true, alreadySubmitted: true, result: { percent: 100, passed: true } });
    const rows = await database.db.select().from(quizAnswers).where(eq(quizAnswers.attemptId, started.attemptId));
    expect(rows).toHaveLength(quiz.definition.questions.length);
    // Each row holds what was answered, graded: the first submission's answers, all correct, full points.
    const given = answersFor(quiz.definition);
    for (const q of quiz.definition.questions) {
      const row = rows.find((r) => r.questionId === q.id)!;
      const a = given[q.id]!;
      expect(row.response).toEqual("choices" in a ? a.choices : "value" in a ? [String(a.value)] : a.order);
      expect(row).toMatchObject({ correct: true, organizationId: me.organizationId, quizId: quiz.id });
      expect(row.points).toBeGreaterThan(0);
    }
    const [stored] = await database.db.select().from(quizAttempts).where(eq(quizAttempts.id, started.attemptId));
    expect(stored).toMatchObject({ status: "submitted", percent: 100, passed: true, answers: given, attemptNumber: 1 });
  });

  it("two simultaneous starts give one attempt, and unanswered questions are stored as empty and wrong", async () => {
    const me = await learner("2019");
    const [a, b] = await Promise.all([startAttempt(database.db, me, quiz), startAttempt(database.db, me, quiz)]);
    expect(a.ok && b.ok && a.attemptId === b.attemptId).toBe(true);
    expect(
      await database.db
        .select({ id: quizAttempts.id })
        .from(quizAttempts)
        .where(and(eq(quizAttempts.userId, me.userId), eq(quizAttempts.quizId, quiz.id))),
    ).toHaveLength(1);
    const id = (a as { attemptId: string }).attemptId;
    expect(await submitAttempt(database.db, me, id, {})).toMatchObject({ ok: true, result: { score: 0, passed: false } });
    const rows = await database.db.select().from(quizAnswers).where(eq(quizAnswers.attemptId, id));
    expect(rows.map((r) => [r.response, r.correct, r.points])).toEqual(quiz.definition.questions.map(() => [[], false, 0]));
  });

  it("starting after the time limit (and its grace) ends the open attempt and opens the next one", async () => {
    const me = await learner("2020");
    const first = await startAttempt(database.db, me, quiz);
    if (!first.ok) throw new Error(first.error);
    await database.db
      .update(quizAttempts)
      .set({ deadlineAt: sql`now() - interval '10 seconds'` })
      .where(eq(quizAttempts.id, first.attemptId));
    expect(await startAttempt(database.db, me, quiz)).toEqual(first); // still within the grace: continue it
    await database.db
      .update(quizAttempts)
      .set({ deadlineAt: sql`now() - interval '31 seconds'` })
      .where(eq(quizAttempts.id, first.attemptId));
    const second = await startAttempt(database.db, me, quiz);
    if (!second.ok) throw new Error(second.error);
    expect(second.attemptId).not.toBe(first.attemptId);
    const rows = await database.db
      .select({ id: quizAttempts.id, n: quizAttempts.attemptNumber, status: quizAttempts.status })
      .from(quizAttempts)
      .where(eq(quizAttempts.userId, me.userId));
    expect(rows.sort((x, y) => x.n - y.n)).toEqual([
      { id: first.attemptId, n: 1, status: "expired" },
      { id: second.attemptId, n: 2, status: "in_progress" },
    ]);
  });

  it("two simultaneous submissions record exactly one result", async () => {
    const me = await learner("2014");
    const started = await startAttempt(database.db, me, quiz);
    if (!started.ok) throw new Error(started.error);
    const wrongAll = answersFor(
      quiz.definition,
      quiz.definition.questions.map((q) => q.id),
    );
    const results = await Promise.all([
      submitAttempt(database.db, me, started.attemptId, answersFor(quiz.definition)),
      submitAttempt(database.db, me, started.attemptId, wrongAll),
    ]);
    expect(results.filter((r) => r.ok && !r.alreadySubmitted)).toHaveLength(1);
    const [attempt] = await database.db.select().from(quizAttempts).where(eq(quizAttempts.id, started.attemptId));
    expect(attempt?.status).toBe("submitted");
    const rows = await database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(quizAnswers)
      .where(eq(quizAnswers.attemptId, started.attemptId));
    expect(rows[0]!.n).toBe(quiz.definition.questions.length);
  });

  it("refuses a fourth attempt when three are allowed", async () => {
    const me = await learner("2015");
    for (let i = 0; i < 3; i++) {
      const s = await startAttempt(database.db, me, quiz);
      if (!s.ok) throw new Error(s.error);
      await submitAttempt(database.db, me, s.attemptId, {});
    }
    const fourth = await startAttempt(database.db, me, quiz);
    expect(fourth).toEqual({ ok: false, error: expect.stringContaining("3回") });
    // Attempts are counted per fiscal year: last year's three do not use up this year's.
    await database.db
      .update(quizAttempts)
      .set({ startedAt: sql`started_at - interval '1 year'` })
      .where(eq(quizAttempts.userId, me.userId));
    const nextYear = await startAttempt(database.db, me, quiz);
    expect(nextYear.ok).toBe(true);
    const [latest] = await database.db
      .select({ n: quizAttempts.attemptNumber })
      .from(quizAttempts)
      .where(eq(quizAttempts.id, (nextYear as { attemptId: string }).attemptId));
    expect(latest!.n).toBe(4);
  });

  it("enforces the time limit on the server", async () => {
    const me = await learner("2016");
    const s = await startAttempt(database.db, me, quiz);
    if (!s.ok) throw new Error(s.error);
    const [row] = await database.db
      .select({ deadlineAt: quizAttempts.deadlineAt, startedAt: quizAttempts.startedAt })
      .from(quizAttempts)
      .where(eq(quizAttempts.id, s.attemptId));
    expect((row!.deadlineAt!.getTime() - row!.startedAt.getTime()) / 60_000).toBe(quiz.definition.timeLimitMinutes);
    await database.db
      .update(quizAttempts)
      .set({ deadlineAt: sql`now() - interval '31 seconds'` })
      .where(eq(quizAttempts.id, s.attemptId));
    const late = await submitAttempt(database.db, me, s.attemptId, answersFor(quiz.definition));
    expect(late).toMatchObject({ ok: false, status: 409, error: expect.stringContaining("制限時間") });
    expect((await getAttempt(database.db, me, s.attemptId))?.status).toBe("expired");
    // Within the 30-second grace an answer still counts.
    const s2 = await startAttempt(database.db, me, quiz);
    if (!s2.ok) throw new Error(s2.error);
    await database.db
      .update(quizAttempts)
      .set({ deadlineAt: sql`now() - interval '10 seconds'` })
      .where(eq(quizAttempts.id, s2.attemptId));
    expect(await submitAttempt(database.db, me, s2.attemptId, answersFor(quiz.definition))).toMatchObject({ ok: true });
  });

  it("an attempt belongs to its user: nobody else can read or submit it", async () => {
    const me = await learner("2017");
    const other = await learner("2018");
    const otherOrg = await learner("2017", "omitama");
    const s = await startAttempt(database.db, me, quiz);
    if (!s.ok) throw new Error(s.error);
    expect(await getAttempt(database.db, other, s.attemptId)).toBeNull();
    expect(await getAttempt(database.db, otherOrg, s.attemptId)).toBeNull();
    expect(await submitAttempt(database.db, other, s.attemptId, answersFor(quiz.definition))).toMatchObject({ ok: false, status: 404 });
    expect((await getAttempt(database.db, me, s.attemptId))?.status).toBe("in_progress");
  });

  it("the quiz page and an in-progress attempt never contain the answer key", async () => {
    const s = await startAttempt(database.db, await learner("2019"), quiz);
    if (!s.ok) throw new Error(s.error);
    const cookie = await sessionCookie(database, "ami", "2019");
    const attemptRoute = await import("~/routes/courses.$courseSlug.quiz.$quizSlug_.attempt.$attemptId");
    const params = { courseSlug: "security-basics", quizSlug: "final", attemptId: s.attemptId };
    const page = await callLoader(attemptRoute.loader, `/courses/security-basics/quiz/final/attempt/${s.attemptId}`, { cookie, params });
    expect(page.status).toBe(200);
    const json = JSON.stringify(page.data);
    expect((page.data as { questions: unknown[] }).questions).toHaveLength(quiz.definition.questions.length);
    expect(json).not.toMatch(/"correct"|"explanation|explanationHtml|"feedback"|"answer"/);
    for (const q of quiz.definition.questions) expect(json).not.toContain(q.explanation.slice(0, 30));
    // A reload presents the same order.
    const reload = await callLoader(attemptRoute.loader, `/courses/security-basics/quiz/final/attempt/${s.attemptId}`, { cookie, params });
    expect(JSON.stringify(reload.data)).toBe(json);
    const landing = await import("~/routes/courses.$courseSlug.quiz.$quizSlug");
    const intro = await callLoader(landing.loader, "/courses/security-basics/quiz/final", {
      cookie,
      params: { courseSlug: "security-basics", quizSlug: "final" },
    });
    expect(JSON.stringify(intro.data)).not.toMatch(/"correct"|explanation|feedback|"choices"/);
  });
});

describe("opaque form values (decision 018)", () => {
  const base = "/courses/security-basics/quiz/final";
  /** The all-correct form for an attempt page, found the way a person does: by the texts shown. */
  function rightForm(questions: RenderedQuestion[]): Record<string, string | string[]> {
    const fields: Record<string, string | string[]> = {};
    for (const shown of questions) {
      const q = quiz.definition.questions.find((x) => renderMarkdown(x.prompt) === shown.promptHtml)!;
      if (shown.type === "truefalse" && q.type === "truefalse") fields[`q:${shown.field}`] = shown.options.find((o) => o.truth === q.answer)!.value;
      else if ((shown.type === "single" || shown.type === "multiple") && (q.type === "single" || q.type === "multiple")) {
        const right = q.choices.filter((c) => c.correct).map((c) => renderInlineMarkdown(c.text));
        fields[`q:${shown.field}`] = shown.choices.filter((c) => right.includes(c.html)).map((c) => c.value);
      } else if (shown.type === "ordering" && q.type === "ordering") {
        for (const item of shown.items)
          fields[`order:${shown.field}:${item.value}`] = String(q.items.findIndex((i) => renderInlineMarkdown(i.text) === item.html) + 1);
      }
    }
    return fields;
  }
  const open = async (staffNumber: string) => {
    const me = await learner(staffNumber);
    const s = await startAttempt(database.db, me, quiz);
    if (!s.ok) throw new Error(s.error);
    const cookie = await sessionCookie(database, "ami", staffNumber);
    const params = { courseSlug: "security-basics", quizSlug: "final", attemptId: s.attemptId };
    const url = `${base}/attempt/${s.attemptId}`;
    const page = await callLoader(attemptRoute.loader, url, { cookie, params });
    return { me, id: s.attemptId, cookie, params, url, questions: (page.data as { questions: RenderedQuestion[] }).questions };
  };
  let attemptRoute: typeof import("~/routes/courses.$courseSlug.quiz.$quizSlug_.attempt.$attemptId");
  beforeAll(async () => {
    attemptRoute = await import("~/routes/courses.$courseSlug.quiz.$quizSlug_.attempt.$attemptId");
  });

  it("an attempt is answered through its own values; ids, another attempt's values and repeated ranks get a 400", async () => {
    const mine = await open("2023");
    const theirs = await open("2024");
    const status = async () => (await getAttempt(database.db, mine.me, mine.id))!.status;
    const post = (fields: Record<string, string | string[]>) => callAction(attemptRoute.action, mine.url, fields, { cookie: mine.cookie, params: mine.params });
    const refused = { status: 400, data: { error: expect.stringContaining("ページを読み込み直して") } };

    // The form as it was before decision 018: question and choice ids.
    const byIds: Record<string, string | string[]> = {};
    for (const q of quiz.definition.questions) {
      if (q.type === "single" || q.type === "multiple") byIds[`q:${q.id}`] = q.choices.filter((c) => c.correct).map((c) => c.id);
      else if (q.type === "truefalse") byIds[`q:${q.id}`] = String(q.answer);
      else q.items.forEach((item, i) => (byIds[`order:${q.id}:${item.id}`] = String(i + 1)));
    }
    expect(await post(byIds)).toMatchObject(refused);
    expect(await post(rightForm(theirs.questions))).toMatchObject(refused);
    const right = rightForm(mine.questions);
    const single = mine.questions.find((q) => q.type === "single")!;
    expect(await post({ ...right, [`q:${single.field}`]: "a" })).toMatchObject(refused);
    expect(mine.questions.some((q) => q.type === "ordering")).toBe(true);
    const repeated = Object.fromEntries(Object.entries(right).map(([k, v]) => [k, k.startsWith("order:") ? "1" : v]));
    expect(await post(repeated)).toMatchObject({ status: 400, data: { error: expect.stringContaining("同じ順番") } });
    expect(await status()).toBe("in_progress"); // nothing was graded

    const sent = await post(right);
    expect(sent).toMatchObject({ status: 302, location: mine.url });
    const [stored] = await database.db.select().from(quizAttempts).where(eq(quizAttempts.id, mine.id));
    expect(stored).toMatchObject({ status: "submitted", percent: 100, passed: true });
    // What is stored is in ids again, as the grading and the item analysis read them.
    const sorted = (answers: unknown) =>
      JSON.stringify(
        Object.entries(answers as Record<string, Answer>)
          .sort()
          .map(([k, a]) => [k, "choices" in a ? [...a.choices].sort() : a]),
      );
    expect(sorted(stored!.answers)).toBe(sorted(answersFor(quiz.definition)));
    // Statistics keep counting by ids.
    const rows = await database.db.select().from(quizAnswers).where(eq(quizAnswers.attemptId, mine.id));
    const ppap = quiz.definition.questions.find((q) => q.type === "single")!;
    if (ppap.type !== "single") throw new Error("unreachable");
    expect(rows.find((r) => r.questionId === ppap.id)?.response).toEqual([ppap.choices.find((c) => c.correct)!.id]);
  });
});

describe("versions and completion", () => {
  it("grades an attempt by the version it started on, even after the quiz changed", async () => {
    const me = await learner("2020");
    const s = await startAttempt(database.db, me, quiz);
    if (!s.ok) throw new Error(s.error);
    const oldAnswers = answersFor(quiz.definition);
    // Publish a new version in which the first single-choice question's correct answer is another choice.
    const changed = structuredClone(content);
    const course = changed.courses.find((c) => c.slug === "security-basics")!;
    const q = course.quizzes[0]!.definition.questions.find((x) => x.type === "single")!;
    if (q.type !== "single") throw new Error("unreachable");
    const right = q.choices.findIndex((c) => c.correct);
    q.choices.forEach((c, i) => (c.correct = i === (right + 1) % q.choices.length));
    course.quizzes[0]!.contentHash = "changed-for-test";
    await syncContent(database.db, changed);
    const current = (await getQuiz(database.db, "security-basics", "final"))!;
    expect(current.versionId).not.toBe(quiz.versionId);

    const graded = await submitAttempt(database.db, me, s.attemptId, oldAnswers);
    expect(graded).toMatchObject({ ok: true, result: { percent: 100 } });
    // A new attempt starts on the new version, where the old answer to that question is wrong.
    const next = await startAttempt(database.db, me, current);
    if (!next.ok) throw new Error(next.error);
    const regraded = await submitAttempt(database.db, me, next.attemptId, oldAnswers);
    expect(regraded.ok && regraded.result.questions.find((r) => r.questionId === q.id)?.correct).toBe(false);
    await syncContent(database.db, content); // back to the shipped version
  });

  it("completes a course when every lesson is completed and the required quiz passed — once, and durably", async () => {
    const me = await learner("2021");
    const [course] = await database.db.select().from(courses).where(eq(courses.slug, "security-basics"));
    const courseLessons = await database.db
      .select()
      .from(lessons)
      .where(and(eq(lessons.courseId, course!.id), eq(lessons.archived, false)));
    for (const l of courseLessons.slice(0, -1)) expect((await completeLesson(database.db, me, course!.id, l.id, l.contentHash)).courseCompleted).toBe(false);
    const last = courseLessons.at(-1)!;
    // All lessons done but the required quiz not passed yet: not complete.
    expect((await completeLesson(database.db, me, course!.id, last.id, last.contentHash)).courseCompleted).toBe(false);
    const current = (await getQuiz(database.db, "security-basics", "final"))!;
    const failing = await startAttempt(database.db, me, current);
    if (!failing.ok) throw new Error(failing.error);
    expect(await submitAttempt(database.db, me, failing.attemptId, {})).toMatchObject({ ok: true, courseCompleted: false });
    const passing = await startAttempt(database.db, me, current);
    if (!passing.ok) throw new Error(passing.error);
    expect(await submitAttempt(database.db, me, passing.attemptId, answersFor(current.definition))).toMatchObject({ ok: true, courseCompleted: true });

    const [completion] = await database.db
      .select()
      .from(courseCompletions)
      .where(and(eq(courseCompletions.userId, me.userId), eq(courseCompletions.courseId, course!.id)));
    expect(completion).toMatchObject({ courseContentHash: course!.contentHash, scores: { final: 100 }, organizationId: me.organizationId });
    // Completing a lesson again keeps one completion with its first date.
    await completeLesson(database.db, me, course!.id, last.id, last.contentHash);
    const all = await database.db.select().from(courseCompletions).where(eq(courseCompletions.userId, me.userId));
    expect(all).toHaveLength(1);

    // A new lesson added to the course later does not erase the completion.
    const grown = structuredClone(content);
    const sec = grown.courses.find((c) => c.slug === "security-basics")!;
    sec.lessons.push({ ...sec.lessons[0]!, slug: "new-topic", position: 99, contentHash: "new", meta: { title: "追加された回", estimatedMinutes: 5 } });
    sec.contentHash = "grown";
    await syncContent(database.db, grown);
    const progress = await courseProgress(database.db, me, course!.id);
    expect(progress.completion?.completedAt.getTime()).toBe(completion!.completedAt.getTime());
    const mine = await myLearning(database.db, me);
    expect(mine.completed.map((c) => c.slug)).toContain("security-basics");
    await syncContent(database.db, content);
  });

  it("the lesson page records the visit and shows the lesson as done only when it was completed this fiscal year", async () => {
    const lessonRoute = await import("~/routes/courses.$courseSlug.$lessonSlug");
    const me = await learner("2022");
    const cookie = await sessionCookie(database, "ami", "2022");
    const [course] = await database.db.select().from(courses).where(eq(courses.slug, "security-basics"));
    const [first] = await database.db
      .select()
      .from(lessons)
      .where(and(eq(lessons.courseId, course!.id), eq(lessons.position, 1)));
    const open = async () => {
      const out = await callLoader(lessonRoute.loader, `/courses/security-basics/${first!.slug}`, {
        cookie,
        params: { courseSlug: "security-basics", lessonSlug: first!.slug },
      });
      expect(out.status).toBe(200);
      return (out.data as { completed: boolean; signedIn: boolean }).completed;
    };
    const progressRow = async () =>
      (
        await database.db
          .select()
          .from(lessonProgress)
          .where(and(eq(lessonProgress.userId, me.userId), eq(lessonProgress.lessonId, first!.id)))
      )[0];

    expect(await open()).toBe(false);
    const opened = await progressRow();
    expect(opened).toMatchObject({ courseId: course!.id, organizationId: me.organizationId, completedAt: null });
    await completeLesson(database.db, me, course!.id, first!.id, first!.contentHash);
    expect(await open()).toBe(true);
    expect((await progressRow())!.lastOpenedAt.getTime()).toBeGreaterThanOrEqual(opened!.lastOpenedAt.getTime());
    // Completed in an earlier fiscal year: to be read again this year.
    await database.db
      .update(lessonProgress)
      .set({ completedAt: sql`now() - interval '400 days'` })
      .where(eq(lessonProgress.userId, me.userId));
    expect(await open()).toBe(false);
    // Anonymous readers see the lesson and nothing is stored for them.
    const anonymous = await callLoader(lessonRoute.loader, `/courses/security-basics/${first!.slug}`, {
      params: { courseSlug: "security-basics", lessonSlug: first!.slug },
    });
    expect(anonymous.data).toMatchObject({ signedIn: false, completed: false });
  });
});

describe("statistics", () => {
  it("counts attempts, pass rate, per-question correct rate and choice shares within one organization", async () => {
    const def = (await getQuiz(database.db, "security-basics", "final"))!;
    const singles = def.definition.questions.filter((q) => q.type === "single");
    const target = singles[0]!;
    if (target.type !== "single") throw new Error("unreachable");
    // Two omitama staff: one all correct, one with `target` wrong. Omitama has no other attempts in this file.
    const a = await learner("2001", "omitama");
    const b = await learner("2002", "omitama");
    for (const [who, wrong] of [
      [a, []],
      [b, [target.id]],
    ] as const) {
      const s = await startAttempt(database.db, who, def);
      if (!s.ok) throw new Error(s.error);
      await submitAttempt(database.db, who, s.attemptId, answersFor(def.definition, [...wrong]));
    }
    const omitama = a.organizationId;
    const overview = (await quizOverview(database.db, omitama)).find((q) => q.id === def.id)!;
    expect(overview).toMatchObject({ attempts: 2, people: 2 });
    const analysis = (await itemAnalysis(database.db, omitama, def.id))!;
    expect(analysis.totals.attempts).toBe(2);
    const row = analysis.questions.find((q) => q.id === target.id)!;
    expect(row).toMatchObject({ answered: 2, correctRate: 50 });
    const correctChoice = target.choices.find((c) => c.correct)!.id;
    const wrongChoice = target.choices.find((c) => !c.correct)!.id;
    expect(row.options.find((o) => o.id === correctChoice)).toMatchObject({ chosen: 1, share: 50, correct: true });
    expect(row.options.find((o) => o.id === wrongChoice)).toMatchObject({ chosen: 1, share: 50, correct: false });
    const other = analysis.questions.find((q) => q.id !== target.id && q.type === "single")!;
    expect(other.correctRate).toBe(100);

    // 阿見町's figures are its own (many attempts above), not mixed with 小美玉市's.
    const ami = (await itemAnalysis(database.db, (await learner("1005")).organizationId, def.id))!;
    expect(ami.totals.attempts).toBeGreaterThan(2);

    const csv = itemAnalysisCsv(analysis);
    expect(csv.startsWith("\uFEFF問題ID,問題文,回答数,正答率(%)")).toBe(true);
    expect(csv).toContain(`${target.id},`);
    expect(csv.split("\r\n").length).toBeGreaterThan(def.definition.questions.length);
  });
});
