/**
 * Languages (#10): content translations (NN-slug.en.md, index.en.md) are validated, synced all-or-nothing and read
 * with a fallback to Japanese; the residents' pages answer in the visitor's language.
 */
import { eq, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { bootstrap } from "~/bootstrap.server";
import { newCheckinSecret } from "~/classes/checkin.server";
import { ContentError, loadContent } from "~/content/load.server";
import { getCourseOutline, getLesson, listCourseQuizzes, listCourses } from "~/content/queries.server";
import { getQuiz } from "~/quizzes/attempts.server";
import { formatProblem } from "~/content/schema";
import { syncContent } from "~/content/sync.server";
import { classSeries, classSessions, courseTranslations, lessonTranslations, organizations, quizTranslations, venues } from "../../db/schema";
import { callAction, callLoader, createAppDatabase } from "../support/app";
import { lesson, removeTree, VALID_INDEX, validTree, writeContentTree } from "../support/content-fixture";
import { createTestDatabase, type TestDatabase } from "../support/database";

const roots: string[] = [];
afterEach(async () => {
  await Promise.all(roots.splice(0).map(removeTree));
});

const INDEX_EN = `---
title: Test course
summary: A course for testing.
tags: [test]
reviewedOn: 2026-11-20
---
About this course.
`;
const lessonEn = (title: string, body = "## Heading\n\nSome text.\n\n::: point\nRemember this.\n:::\n") => lesson(title, body);

const SELF_CHECK = `title: ふりかえり
mode: selfcheck
passMark: 60
questions:
  - id: one
    type: single
    prompt: いちばん目の問題です。
    choices:
      - { id: a, text: 正しい答え, correct: true }
      - { id: b, text: まちがい, feedback: ちがいます。 }
    explanation: 説明です。
  - id: two
    type: truefalse
    prompt: 正しいですか。
    answer: true
    explanation: 正しいです。
  - id: three
    type: ordering
    prompt: 並べてください。
    items:
      - { id: x, text: 最初 }
      - { id: y, text: 次 }
    explanation: この順です。
`;
const SELF_CHECK_EN = `title: Review
questions:
  - id: one
    prompt: The first question.
    choices:
      - { id: a, text: The right answer }
      - { id: b, text: Wrong, feedback: Not this one. }
    explanation: An explanation.
  - id: two
    prompt: Is it true?
    explanation: It is true.
  - id: three
    prompt: Put them in order.
    items:
      - { id: x, text: First }
      - { id: y, text: Next }
    explanation: This order.
`;

async function tree(overrides: Record<string, string | null> = {}) {
  const root = await writeContentTree({ ...validTree(), ...overrides });
  roots.push(root);
  return root;
}

async function problemsOf(overrides: Record<string, string | null>): Promise<string[]> {
  try {
    await loadContent(await tree(overrides));
  } catch (error) {
    expect(error).toBeInstanceOf(ContentError);
    return (error as ContentError).problems.map(formatProblem);
  }
  throw new Error("expected the content to be rejected");
}

describe("loading translations", () => {
  it("reads index.en.md and NN-slug.en.md next to their Japanese files, rendered in English", async () => {
    const content = await loadContent(
      await tree({ "courses/test-course/index.en.md": INDEX_EN, "courses/test-course/01-first.en.md": lessonEn("The first lesson") }),
    );
    const course = content.courses[0]!;
    expect(course.translations.map((t) => [t.language, t.file, t.meta.title, t.meta.reviewedOn])).toEqual([
      ["en", "content/courses/test-course/index.en.md", "Test course", "2026-11-20"],
    ]);
    expect(course.translations[0]!.introHtml).toBe("<p>About this course.</p>\n");
    expect(course.lessons.map((l) => l.slug)).toEqual(["first", "second"]); // a translation is not a lesson of its own
    const [first, second] = course.lessons;
    expect(first!.translations.map((t) => [t.language, t.meta.title, t.meta.estimatedMinutes])).toEqual([["en", "The first lesson", 10]]);
    expect(first!.translations[0]!.bodyHtml).toContain('<p class="callout-title">Key point</p>');
    expect(second!.translations).toEqual([]);
    // Translations do not change the course's version: completions keep pointing at the Japanese course.
    expect(course.contentHash).toBe((await loadContent(await tree())).courses[0]!.contentHash);
  });

  it("reports every problem with translations at once, in Japanese, naming file and field", async () => {
    const problems = await problemsOf({
      "courses/test-course/index.en.md": INDEX_EN.replace("tags: [test]", "tags: [test]\naudience: residents\nlanguage: fr"),
      "courses/test-course/01-first.en.md": "---\nestimatedMinutes: 10\n---\n",
      "courses/test-course/03-third.en.md": lessonEn("No Japanese source"),
      "courses/test-course/02-second.pt.md": lessonEn("Segunda"),
      "courses/test-course/first.en.md": lessonEn("Bad name"),
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        "content/courses/test-course/index.en.md: audience: 翻訳には書きません。日本語の index.md の値がそのまま使われます",
        expect.stringMatching(/^content\/courses\/test-course\/index\.en\.md: language: ファイル名の言語（en）と同じにするか、書かないでください/),
        "content/courses/test-course/01-first.en.md: title: 必須の項目がありません",
        "content/courses/test-course/01-first.en.md: 本文がありません",
        expect.stringMatching(/^content\/courses\/test-course\/03-third\.en\.md: 翻訳元の日本語のファイル 03-third\.md がありません/),
        expect.stringMatching(/^content\/courses\/test-course\/02-second\.pt\.md: 言語「pt」の翻訳にはまだ対応していません。使える言語: en/),
        expect.stringMatching(
          /^content\/courses\/test-course\/first\.en\.md: 翻訳のファイル名は、日本語のファイル名の \.md の前に \.en を付けた形にしてください/,
        ),
      ]),
    );
    expect(problems).toHaveLength(7);
  });

  it("a lesson translation needs the course's translation, and the course's own language cannot be a translation", async () => {
    expect(await problemsOf({ "courses/test-course/02-second.en.md": lessonEn("Second") })).toEqual([
      "content/courses/test-course/index.en.md: 英語のレッスン（02-second.en.md など）があるので、講座の題名と紹介の翻訳 index.en.md も置いてください",
    ]);
    const english = await problemsOf({
      "courses/test-course/index.md": VALID_INDEX.replace("language: ja", "language: en"),
      "courses/test-course/01-first.en.md": lessonEn("First"),
    });
    expect(english).toEqual([
      "content/courses/test-course/01-first.en.md: この講座はもともと英語（language: en）で書かれています。英語の内容は 01-first.md に書いてください",
    ]);
  });

  it("markdown rules apply to translations too (alt text, links, callouts)", async () => {
    const problems = await problemsOf({
      "courses/test-course/index.en.md": INDEX_EN,
      "courses/test-course/01-first.en.md": lessonEn("First", "## Heading\n\n![](photo.png)\n\n[click](javascript:alert(1))\n"),
    });
    expect(problems).toEqual([
      expect.stringMatching(/^content\/courses\/test-course\/01-first\.en\.md: 7行目: 画像に代替テキストがありません/),
      expect.stringMatching(/^content\/courses\/test-course\/01-first\.en\.md: 9行目: リンク先「javascript:.*」は使えません/),
    ]);
  });

  it("the shipped English translation of はじめてのスマートフォン covers the course and every lesson", async () => {
    const content = await loadContent("content");
    const smartphone = content.courses.find((c) => c.slug === "smartphone-basics")!;
    expect(smartphone.translations.map((t) => t.language)).toEqual(["en"]);
    expect(smartphone.lessons.filter((l) => !l.translations.some((t) => t.language === "en")).map((l) => l.slug)).toEqual([]);
    for (const l of smartphone.lessons) {
      const en = l.translations[0]!;
      expect(en.bodyHtml, l.slug).not.toMatch(/ポイント|やってみよう|<ruby>/);
      // The same sections, in the same order: one English heading and callout for each Japanese one.
      expect(en.bodyHtml.match(/<h[23]/g)?.length, l.slug).toBe(l.bodyHtml.match(/<h[23]/g)?.length);
      expect(en.bodyHtml.match(/class="callout callout-\w+"/g), l.slug).toEqual(l.bodyHtml.match(/class="callout callout-\w+"/g));
    }
  });
});

describe("quiz translations (self-checks)", () => {
  it("overlay the Japanese quiz's texts by id: same questions, answers and grading", async () => {
    const content = await loadContent(
      await tree({ "courses/test-course/quizzes/check.yaml": SELF_CHECK, "courses/test-course/quizzes/check.en.yaml": SELF_CHECK_EN }),
    );
    const quiz = content.courses[0]!.quizzes[0]!;
    expect(quiz.slug).toBe("check");
    const en = quiz.translations[0]!;
    expect(en.language).toBe("en");
    expect(en.definition).toMatchObject({ title: "Review", mode: "selfcheck", passMark: 60 });
    expect(en.definition.questions).toEqual([
      {
        ...quiz.definition.questions[0],
        prompt: "The first question.",
        explanation: "An explanation.",
        choices: [
          { id: "a", text: "The right answer", correct: true, feedback: undefined },
          { id: "b", text: "Wrong", correct: false, feedback: "Not this one." },
        ],
      },
      { ...quiz.definition.questions[1], prompt: "Is it true?", explanation: "It is true." },
      {
        ...quiz.definition.questions[2],
        prompt: "Put them in order.",
        explanation: "This order.",
        items: [
          { id: "x", text: "First" },
          { id: "y", text: "Next" },
        ],
      },
    ]);
  });

  it("report missing or unknown questions and choices, fields that decide the answers, and exams", async () => {
    const broken = SELF_CHECK_EN.replace("mode: selfcheck\n", "")
      .replace("title: Review\n", "title: Review\nmode: selfcheck\n")
      .replace("      - { id: a, text: The right answer }", "      - { id: a, text: The right answer, correct: true }\n      - { id: c, text: Extra }")
      .replace("      - { id: b, text: Wrong, feedback: Not this one. }\n", "")
      .replace("  - id: two\n", "  - id: deux\n");
    const problems = await problemsOf({ "courses/test-course/quizzes/check.yaml": SELF_CHECK, "courses/test-course/quizzes/check.en.yaml": broken });
    const file = "content/courses/test-course/quizzes/check.en.yaml";
    expect(problems).toEqual([
      `${file}: mode: 翻訳には書きません。日本語のクイズの値がそのまま使われます`,
      `${file}: questions.0.choices.0.correct: 翻訳には書きません。日本語のクイズの値がそのまま使われます`,
      `${file}: questions.1.id: 日本語のクイズにない問題「deux」です`,
      `${file}: questions.0.choices: 日本語の問題にない選択肢「c」です`,
      `${file}: questions.0.choices: 選択肢「b」の翻訳がありません`,
      `${file}: questions: 問題「two」の翻訳がありません`,
    ]);
    const exam = await problemsOf({
      "courses/test-course/quizzes/check.yaml": SELF_CHECK.replace("mode: selfcheck", "mode: exam"),
      "courses/test-course/quizzes/check.en.yaml": SELF_CHECK_EN,
      "courses/test-course/quizzes/other.en.yaml": SELF_CHECK_EN,
    });
    expect(exam).toEqual([
      `${file}: 翻訳できるのは住民向けのふりかえり（mode: selfcheck）だけです。試験（mode: exam）の翻訳にはまだ対応していません`,
      expect.stringMatching(/^content\/courses\/test-course\/quizzes\/other\.en\.yaml: 翻訳元の日本語のクイズ other\.yaml がありません/),
    ]);
  });

  it("the shipped self-check of はじめてのスマートフォン has an English translation", async () => {
    const content = await loadContent("content");
    const quiz = content.courses.find((c) => c.slug === "smartphone-basics")!.quizzes.find((q) => q.slug === "self-check")!;
    expect(quiz.translations.map((t) => [t.language, t.definition.title])).toEqual([["en", "Review quiz"]]);
    expect(JSON.stringify(quiz.translations[0]!.definition)).not.toMatch(/[ぁ-ん]{3}/); // no Japanese sentence left over
  });
});

describe("syncing translations", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database.dispose();
  });

  const count = async () => {
    const [c] = await database.db.select({ n: sql<number>`count(*)::int` }).from(courseTranslations);
    const [l] = await database.db.select({ n: sql<number>`count(*)::int` }).from(lessonTranslations);
    return { courses: c!.n, lessons: l!.n };
  };

  it("writes them with the curriculum, reads them in English and falls back to Japanese, follows edits and removals", async () => {
    const db = database.db;
    const withEnglish = { "courses/test-course/index.en.md": INDEX_EN, "courses/test-course/01-first.en.md": lessonEn("The first lesson") };
    await syncContent(db, await loadContent(await tree(withEnglish)));
    expect(await count()).toEqual({ courses: 1, lessons: 1 });

    const [catalogue] = await listCourses(db, {}, "en");
    expect(catalogue).toMatchObject({
      slug: "test-course",
      title: "Test course",
      summary: "A course for testing.",
      language: "en",
      translated: true,
      tags: ["test"],
    });
    expect((await listCourses(db))[0]).toMatchObject({ title: "テスト講座", language: "ja", translated: false });

    const outline = await getCourseOutline(db, "test-course", "en");
    expect(outline).toMatchObject({
      title: "Test course",
      language: "en",
      sourceLanguage: "ja",
      reviewedOn: "2026-11-22",
      translationReviewedOn: "2026-11-20",
    });
    expect(outline?.introHtml).toBe("<p>About this course.</p>\n");
    expect(outline?.lessons.map((l) => [l.slug, l.title, l.language, l.translated])).toEqual([
      ["first", "The first lesson", "en", true],
      ["second", "つぎのレッスン", "ja", false],
    ]);

    const translated = await getLesson(db, "test-course", "first", "en");
    expect(translated?.lesson).toMatchObject({ title: "The first lesson", language: "en", translated: true });
    expect(translated?.lesson.bodyHtml).toContain("Key point");
    const japanese = await getLesson(db, "test-course", "first");
    // Progress and completion belong to the lesson: the same id and hash whatever language it is read in.
    expect(translated?.lesson.id).toBe(japanese?.lesson.id);
    expect(translated?.lesson.contentHash).toBe(japanese?.lesson.contentHash);
    expect(japanese?.lesson).toMatchObject({ title: "はじめのレッスン", language: "ja", translated: false });
    const fallback = await getLesson(db, "test-course", "second", "en");
    expect(fallback?.lesson).toMatchObject({ title: "つぎのレッスン", language: "ja", translated: false });
    expect(fallback?.course).toMatchObject({ title: "Test course", language: "en" });
    expect(fallback?.previous).toMatchObject({ slug: "first", title: "The first lesson", language: "en" });

    // Syncing the same files again writes nothing.
    const [stamp] = await db.select({ updatedAt: lessonTranslations.updatedAt }).from(lessonTranslations);
    await syncContent(db, await loadContent(await tree(withEnglish)));
    const [again] = await db.select({ updatedAt: lessonTranslations.updatedAt }).from(lessonTranslations);
    expect(again?.updatedAt.getTime()).toBe(stamp?.updatedAt.getTime());

    // An edited translation is updated; a second one added; then one removed.
    await syncContent(
      db,
      await loadContent(
        await tree({
          ...withEnglish,
          "courses/test-course/01-first.en.md": lessonEn("The first lesson, revised"),
          "courses/test-course/02-second.en.md": lessonEn("The second lesson"),
        }),
      ),
    );
    expect((await getLesson(db, "test-course", "first", "en"))?.lesson.title).toBe("The first lesson, revised");
    expect((await getLesson(db, "test-course", "second", "en"))?.lesson).toMatchObject({ title: "The second lesson", translated: true });
    expect(await count()).toEqual({ courses: 1, lessons: 2 });
    await syncContent(db, await loadContent(await tree(withEnglish)));
    expect((await getLesson(db, "test-course", "second", "en"))?.lesson.translated).toBe(false);
    expect(await count()).toEqual({ courses: 1, lessons: 1 });
    await syncContent(db, await loadContent(await tree()));
    expect(await count()).toEqual({ courses: 0, lessons: 0 });
    expect((await getCourseOutline(db, "test-course", "en"))?.language).toBe("ja");
  });

  it("a self-check's translation is synced, read in English by the quiz queries, and deleted with its file", async () => {
    const db = database.db;
    const files = { "courses/test-course/quizzes/check.yaml": SELF_CHECK, "courses/test-course/quizzes/check.en.yaml": SELF_CHECK_EN };
    await syncContent(db, await loadContent(await tree(files)));
    const english = await getQuiz(db, "test-course", "check", "en");
    expect(english).toMatchObject({ title: "Review", language: "en", translated: true });
    expect(english?.definition.questions[0]?.prompt).toBe("The first question.");
    const japanese = await getQuiz(db, "test-course", "check");
    expect(japanese).toMatchObject({ title: "ふりかえり", language: "ja", translated: false });
    expect(english?.versionId).toBe(japanese?.versionId);
    const course = await getCourseOutline(db, "test-course");
    expect((await listCourseQuizzes(db, course!.id, "en")).map((q) => [q.title, q.language])).toEqual([["Review", "en"]]);
    await syncContent(db, await loadContent(await tree({ "courses/test-course/quizzes/check.yaml": SELF_CHECK })));
    expect(await getQuiz(db, "test-course", "check", "en")).toMatchObject({ title: "ふりかえり", language: "ja", translated: false });
    const [left] = await db.select({ n: sql<number>`count(*)::int` }).from(quizTranslations);
    expect(left!.n).toBe(0);
  });

  it("a bad translation stops the whole sync: nothing in the database changes", async () => {
    const db = database.db;
    await syncContent(
      db,
      await loadContent(await tree({ "courses/test-course/index.en.md": INDEX_EN, "courses/test-course/01-first.en.md": lessonEn("Before") })),
    );
    const root = await tree({
      "courses/test-course/index.en.md": INDEX_EN.replace("Test course", "Changed"),
      "courses/test-course/01-first.md": lesson("日本語も変更"),
      "courses/test-course/01-first.en.md": lessonEn("After"),
      "courses/test-course/02-second.en.md": "---\ntitle: no minutes\n---\nText.\n",
    });
    await expect(bootstrap(database, { contentDir: root, seed: "never" })).rejects.toBeInstanceOf(ContentError);
    expect((await getLesson(db, "test-course", "first", "en"))?.lesson.title).toBe("Before");
    expect((await getLesson(db, "test-course", "first"))?.lesson.title).toBe("はじめのレッスン");
    expect((await getCourseOutline(db, "test-course", "en"))?.title).toBe("Test course");
  });
});

describe("pages in the visitor's language", () => {
  let database: TestDatabase;
  let sessionId = "";
  const EN = "manabiya_lang=en";

  beforeAll(async () => {
    database = await createAppDatabase();
    const [ami] = await database.db.select({ id: organizations.id }).from(organizations).where(eq(organizations.slug, "ami"));
    const [venue] = await database.db.insert(venues).values({ organizationId: ami!.id, name: "中央公民館", address: "阿見町中央", capacity: 20 }).returning();
    const [series] = await database.db
      .insert(classSeries)
      .values({
        organizationId: ami!.id,
        title: "はじめてのスマホ教室",
        category: "smartphone",
        audience: "residents",
        organizerType: "municipal",
        format: "in_person",
      })
      .returning();
    const startsAt = new Date(Date.now() + 7 * 86_400_000);
    const [session] = await database.db
      .insert(classSessions)
      .values({
        organizationId: ami!.id,
        seriesId: series!.id,
        number: 1,
        startsAt,
        endsAt: new Date(startsAt.getTime() + 7_200_000),
        venueId: venue!.id,
        capacity: 20,
        checkinSecret: newCheckinSecret(),
      })
      .returning();
    sessionId = session!.id;
  });
  afterAll(async () => {
    await database.dispose();
  });

  it("the root loader resolves the language: cookie, else Accept-Language, else Japanese", async () => {
    const root = await import("~/root");
    const language = async (init: { cookie?: string; acceptLanguage?: string }) => {
      const request = new Request("http://localhost:3000/", {
        headers: { ...(init.cookie ? { Cookie: init.cookie } : {}), ...(init.acceptLanguage ? { "Accept-Language": init.acceptLanguage } : {}) },
      });
      return ((await root.loader({ request, params: {}, context: {} } as never)) as { language: string }).language;
    };
    expect(await language({})).toBe("ja");
    expect(await language({ acceptLanguage: "en-US,en;q=0.9" })).toBe("en");
    expect(await language({ cookie: EN })).toBe("en");
    expect(await language({ cookie: "manabiya_lang=ja", acceptLanguage: "en" })).toBe("ja");
  });

  it("an English lesson where one exists, the Japanese one (marked as such) where not", async () => {
    const mod = await import("~/routes/courses.$courseSlug.$lessonSlug");
    const english = await callLoader(mod.loader, "/courses/smartphone-basics/calls", {
      cookie: EN,
      params: { courseSlug: "smartphone-basics", lessonSlug: "calls" },
    });
    expect(english.data).toMatchObject({
      course: { title: "Your first smartphone", language: "en" },
      lesson: { title: "Making and answering calls", language: "en", translated: true },
      hasFurigana: false,
    });
    const japanese = await callLoader(mod.loader, "/courses/smartphone-basics/calls", { params: { courseSlug: "smartphone-basics", lessonSlug: "calls" } });
    expect(japanese.data).toMatchObject({ lesson: { title: "電話をかける・受ける", language: "ja" }, hasFurigana: true });
    const untranslated = await callLoader(mod.loader, "/courses/security-basics/datsu-ppap", {
      cookie: EN,
      params: { courseSlug: "security-basics", lessonSlug: "datsu-ppap" },
    });
    expect(untranslated.data).toMatchObject({ course: { language: "ja", translated: false }, lesson: { language: "ja", translated: false } });
    const missing = await callLoader(mod.loader, "/courses/smartphone-basics/nothing", {
      cookie: EN,
      params: { courseSlug: "smartphone-basics", lessonSlug: "nothing" },
    });
    expect(missing).toMatchObject({ status: 404, data: "Lesson not found" });
  });

  it("the catalogue and the course page show translated titles and summaries where present", async () => {
    const catalogue = await callLoader((await import("~/routes/courses._index")).loader, "/courses", { cookie: EN });
    const courses = (catalogue.data as { courses: { slug: string; title: string; language: string }[] }).courses;
    expect(courses.find((c) => c.slug === "smartphone-basics")).toMatchObject({ title: "Your first smartphone", language: "en" });
    expect(courses.find((c) => c.slug === "security-basics")).toMatchObject({ language: "ja" });
    const course = await callLoader((await import("~/routes/courses.$courseSlug._index")).loader, "/courses/smartphone-basics", {
      cookie: EN,
      params: { courseSlug: "smartphone-basics" },
    });
    const data = course.data as { course: { title: string; lessons: { language: string; title: string }[] } };
    expect(data.course.title).toBe("Your first smartphone");
    expect(data.course.lessons.map((l) => l.language)).toEqual(Array(7).fill("en"));
    const top = await callLoader((await import("~/routes/_index")).loader, "/", { cookie: EN });
    expect((top.data as { residents: { title: string }[] }).residents.map((c) => c.title)).toEqual(["Your first smartphone"]);
  });

  it("a class: dates in English, the registration form's messages in English, then a receipt", async () => {
    const mod = await import("~/routes/classes.$sessionId");
    const page = await callLoader(mod.loader, `/classes/${sessionId}`, { cookie: EN, params: { sessionId } });
    expect((page.data as { session: { when: string } }).session.when).toMatch(/^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{1,2} [A-Z][a-z]+, \d{2}:\d{2}–\d{2}:\d{2}$/);
    const refused = await callAction(mod.action, `/classes/${sessionId}`, { name: "", nameKana: "", phone: "12" }, { cookie: EN, params: { sessionId } });
    expect(refused.status).toBe(400);
    expect((refused.data as { errors: Record<string, string> }).errors).toEqual({
      name: "Please enter your name.",
      nameKana: "Please enter the reading of your name.",
      phone: "Please write the phone number like 029-123-4567 (or leave it empty).",
      ageBand: "Please choose your age group.",
      consent: "Please read how we use your personal information and tick the box to agree.",
    });
    const japanese = await callAction(mod.action, `/classes/${sessionId}`, { name: "" }, { params: { sessionId } });
    expect((japanese.data as { errors: Record<string, string> }).errors.name).toBe("お名前を入力してください。");
    const ok = await callAction(
      mod.action,
      `/classes/${sessionId}`,
      { name: "Maria Silva", nameKana: "Maria Silva", ageBand: "60s", consent: "yes" },
      { cookie: EN, params: { sessionId } },
    );
    expect(ok.status).toBe(302);
    const receipt = ok.location!.split("/").pop()!;
    const receiptPage = await callLoader((await import("~/routes/classes.$sessionId_.receipt.$receipt")).loader, ok.location!, {
      cookie: EN,
      params: { sessionId, receipt },
    });
    expect(receiptPage.data).toMatchObject({ registration: { status: "confirmed" } });
    const cancel = await callAction(
      (await import("~/routes/classes.$sessionId_.receipt.$receipt")).action,
      ok.location!,
      {},
      { cookie: EN, params: { sessionId, receipt } },
    );
    expect(cancel.data).toEqual({ error: "To cancel, please tick “Yes, cancel my sign-up”." });
  });

  it("the residents' self-check is in English where translated, graded the same way", async () => {
    const mod = await import("~/routes/courses.$courseSlug.quiz.$quizSlug");
    const params = { courseSlug: "smartphone-basics", quizSlug: "self-check" };
    const page = await callLoader(mod.loader, "/courses/smartphone-basics/quiz/self-check?q=0", { cookie: EN, params });
    const data = page.data as {
      quiz: { title: string; language: string; courseTitle: string };
      selfcheck: { total: number; question: { promptHtml: string } };
    };
    expect(data.quiz).toMatchObject({ title: "Review quiz", language: "en", courseTitle: "Your first smartphone" });
    expect(data.selfcheck.total).toBe(5);
    expect(data.selfcheck.question.promptHtml).toContain("too hot to hold");
    expect(JSON.stringify(data)).not.toMatch(/"(correct|explanation|feedback|answer)":/); // still no answers before answering
    // The form carries opaque values of this screen only (decision 018): answer with the choice about the fridge.
    type Screen = {
      presentation: string;
      question: { field: string; choices?: { value: string; html: string }[]; options?: { value: string; truth: boolean }[] };
    };
    const first = (page.data as { selfcheck: Screen }).selfcheck;
    const fridge = first.question.choices!.find((c) => c.html.includes("fridge"))!.value;
    const answered = await callAction(
      mod.action,
      "/courses/smartphone-basics/quiz/self-check?q=0",
      { index: "0", presentation: first.presentation, [`q:${first.question.field}`]: fridge },
      { cookie: EN, params },
    );
    expect(answered.data).toMatchObject({
      selfcheck: { correct: false, correctText: ["Stop charging and pull out the cable. Put the phone somewhere cool."] },
    });
    expect((answered.data as { selfcheck: { feedback: string[] } }).selfcheck.feedback[0]).toContain("In the fridge");
    const fifth = ((await callLoader(mod.loader, "/courses/smartphone-basics/quiz/self-check?q=4", { cookie: EN, params })).data as { selfcheck: Screen })
      .selfcheck;
    const falseValue = fifth.question.options!.find((o) => !o.truth)!.value;
    const truefalse = await callAction(
      mod.action,
      "/courses/smartphone-basics/quiz/self-check?q=4",
      { index: "4", presentation: fifth.presentation, [`q:${fifth.question.field}`]: falseValue },
      { cookie: EN, params },
    );
    expect(truefalse.data).toMatchObject({ selfcheck: { correct: true, correctText: ["False (×)"] } });
    const japanese = await callLoader(mod.loader, "/courses/smartphone-basics/quiz/self-check?q=0", { params });
    expect((japanese.data as { quiz: { title: string } }).quiz.title).toBe("ふりかえりクイズ");
  });

  it("lookup and check-in refuse in the visitor's language", async () => {
    const lookup = await callAction((await import("~/routes/classes.lookup")).action, "/classes/lookup", { org: "ami", receipt: "12" }, { cookie: EN });
    expect(lookup.data).toEqual({ error: "A receipt number has 8 letters and digits, like ABCD-2345. Please check it again." });
    const checkin = await callAction(
      (await import("~/routes/classes.$sessionId_.checkin")).action,
      `/classes/${sessionId}/checkin`,
      { code: "0000", receipt: "AAAA-AAAA" },
      { cookie: EN, params: { sessionId } },
    );
    expect(checkin.status).toBe(400);
    expect((checkin.data as { message: string }).message).toMatch(/^Check-in is not open now|^The number is not right/);
  });
});
