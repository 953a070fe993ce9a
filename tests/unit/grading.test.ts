import { describe, expect, it } from "vitest";
import { createHmac } from "node:crypto";
import { answersFromForm, gradeQuestion, gradeQuiz, presentQuiz, seededRandom, shuffled, type FormCodes } from "~/quizzes/grading";
import {
  formCodes,
  newPresentation,
  newTokenSecret,
  opaqueToken,
  PRESENTATION_PATTERN,
  presentationKey,
  seedFrom,
  TOKEN_LENGTH,
} from "~/quizzes/tokens.server";
import { quizSchema, type Question, type QuizDefinition } from "~/quizzes/schema";

const single: Question = {
  id: "s",
  type: "single",
  prompt: "?",
  points: 1,
  explanation: "…",
  choices: [
    { id: "a", text: "A", correct: false },
    { id: "b", text: "B", correct: true },
    { id: "c", text: "C", correct: false },
  ],
};
const multiple = (scoring: "partial" | "allOrNothing", points = 3): Question => ({
  id: "m",
  type: "multiple",
  scoring,
  prompt: "?",
  points,
  explanation: "…",
  choices: [
    { id: "a", text: "A", correct: true },
    { id: "b", text: "B", correct: true },
    { id: "c", text: "C", correct: true },
    { id: "d", text: "D", correct: false },
  ],
});
const truefalse: Question = { id: "t", type: "truefalse", prompt: "?", points: 1, explanation: "…", answer: false };
const ordering: Question = {
  id: "o",
  type: "ordering",
  prompt: "?",
  points: 2,
  explanation: "…",
  items: [
    { id: "first", text: "1" },
    { id: "second", text: "2" },
    { id: "third", text: "3" },
  ],
};

describe("gradeQuestion", () => {
  it("single: exactly the correct choice", () => {
    expect(gradeQuestion(single, { choices: ["b"] })).toMatchObject({ points: 1, correct: true });
    expect(gradeQuestion(single, { choices: ["a"] })).toMatchObject({ points: 0, correct: false });
    expect(gradeQuestion(single, { choices: ["a", "b"] })).toMatchObject({ points: 0 }); // two ticks on a single question
    expect(gradeQuestion(single, { choices: ["zz"] })).toMatchObject({ points: 0 });
    expect(gradeQuestion(single, null)).toMatchObject({ points: 0, answer: null });
  });

  it("multiple, all or nothing", () => {
    const q = multiple("allOrNothing");
    expect(gradeQuestion(q, { choices: ["a", "b", "c"] }).points).toBe(3);
    expect(gradeQuestion(q, { choices: ["a", "b"] }).points).toBe(0);
    expect(gradeQuestion(q, { choices: ["a", "b", "c", "d"] }).points).toBe(0);
  });

  it("multiple, partial credit: (hits − wrong ticks) / correct choices, never below zero", () => {
    const q = multiple("partial");
    expect(gradeQuestion(q, { choices: ["a", "b", "c"] })).toMatchObject({ points: 3, correct: true });
    expect(gradeQuestion(q, { choices: ["a", "b"] })).toMatchObject({ points: 2, correct: false });
    expect(gradeQuestion(q, { choices: ["a", "b", "c", "d"] })).toMatchObject({ points: 2 });
    expect(gradeQuestion(q, { choices: ["a", "d"] })).toMatchObject({ points: 0 });
    expect(gradeQuestion(q, { choices: ["d"] })).toMatchObject({ points: 0 });
    expect(gradeQuestion(multiple("partial", 1), { choices: ["a"] }).points).toBe(0.3); // 1/3 rounded to one decimal
  });

  it("true/false and ordering", () => {
    expect(gradeQuestion(truefalse, { value: false }).correct).toBe(true);
    expect(gradeQuestion(truefalse, { value: true }).correct).toBe(false);
    expect(gradeQuestion(truefalse, { choices: ["false"] }).points).toBe(0); // wrong shape
    expect(gradeQuestion(ordering, { order: ["first", "second", "third"] })).toMatchObject({ points: 2, correct: true });
    expect(gradeQuestion(ordering, { order: ["second", "first", "third"] }).points).toBe(0);
    expect(gradeQuestion(ordering, { order: ["first", "second"] }).points).toBe(0);
  });
});

const quiz = (passMark: number, questions: Question[] = [single, truefalse, ordering, multiple("partial")]): QuizDefinition => ({
  title: "t",
  mode: "exam",
  passMark,
  shuffleQuestions: true,
  shuffleChoices: true,
  required: true,
  questions,
});

describe("gradeQuiz and the pass mark", () => {
  it("sums points and passes at exactly the pass mark", () => {
    // 7 points in all: single 1, truefalse 1, ordering 2, multiple 3.
    const answers = { s: { choices: ["b"] }, t: { value: false }, o: { order: ["first", "second", "third"] }, m: { choices: ["a"] } };
    const r = gradeQuiz(quiz(71.4), answers); // 5/7 = 71.43 %
    expect(r).toMatchObject({ score: 5, maxScore: 7, percent: 71.4, passed: true });
    expect(gradeQuiz(quiz(71.5), answers).passed).toBe(false);
    const tenths = quiz(
      80,
      Array.from({ length: 10 }, (_, i) => ({ ...truefalse, id: `q${i}` })),
    );
    const eight = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`q${i}`, { value: i >= 8 }]));
    expect(gradeQuiz(tenths, eight)).toMatchObject({ percent: 80, passed: true });
    const seven = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`q${i}`, { value: i >= 7 }]));
    expect(gradeQuiz(tenths, seven)).toMatchObject({ percent: 70, passed: false });
  });

  it("an empty submission scores zero; a pass mark of 0 passes it", () => {
    expect(gradeQuiz(quiz(60), {})).toMatchObject({ score: 0, percent: 0, passed: false });
    expect(gradeQuiz(quiz(0), {}).passed).toBe(true);
  });
});

describe("seeded shuffling", () => {
  it("gives the same order for the same seed and another for another seed", () => {
    const items = Array.from({ length: 20 }, (_, i) => i);
    expect(shuffled(items, seededRandom(42))).toEqual(shuffled(items, seededRandom(42)));
    expect(shuffled(items, seededRandom(42))).not.toEqual(shuffled(items, seededRandom(43)));
    expect([...shuffled(items, seededRandom(7))].sort((a, b) => a - b)).toEqual(items);
  });

  it("presents a reload of the same attempt identically, and never reveals the answer key", () => {
    const q = quiz(60);
    const codes = formCodes(q, SECRET);
    const once = presentQuiz(q, codes, 12345);
    expect(presentQuiz(q, formCodes(q, SECRET), 12345)).toEqual(once);
    const json = JSON.stringify(once);
    expect(json).not.toMatch(/correct|explanation|feedback|"answer"/);
    expect(once.map((x) => x.id).sort()).toEqual(["m", "o", "s", "t"]);
  });

  it("never shows ordering items already in the correct order", () => {
    const q = quiz(60, [ordering]);
    for (let seed = 1; seed < 200; seed++) {
      const presented = presentQuiz(q, formCodes(q, SECRET), seed)[0]!;
      if (presented.type !== "ordering") throw new Error("unreachable");
      expect(presented.items.map((i) => i.id)).not.toEqual(["first", "second", "third"]);
    }
  });

  it("shuffles choices even when the quiz says not to, and an exam's true/false options; questions only when asked", () => {
    const q = { ...quiz(60), shuffleQuestions: false, shuffleChoices: false };
    const codes = formCodes(q, SECRET);
    const positions = new Set<number>();
    const truthFirst = new Set<boolean>();
    for (let seed = 1; seed <= 60; seed++) {
      const presented = presentQuiz(q, codes, seed);
      expect(presented.map((x) => x.id)).toEqual(["s", "t", "o", "m"]);
      const s = presented[0]!;
      const t = presented[1]!;
      if (s.type !== "single" || t.type !== "truefalse") throw new Error("unreachable");
      positions.add(s.choices.findIndex((c) => c.id === "b"));
      truthFirst.add(t.options[0]!.truth);
    }
    expect([...positions].sort()).toEqual([0, 1, 2]); // the right answer is not kept in one place
    expect(truthFirst).toEqual(new Set([true, false]));
    // A residents' self-check keeps ○ before ×, and its question order does not follow the presentation's seed.
    const self = { ...quiz(60), mode: "selfcheck" as const };
    for (let seed = 1; seed <= 20; seed++) {
      const presented = presentQuiz(self, formCodes(self, SECRET), seed, 1);
      expect(presented.map((x) => x.id)).toEqual(presentQuiz(self, formCodes(self, SECRET), 1, 1).map((x) => x.id));
      const t = presented.find((x) => x.type === "truefalse")!;
      expect(t.type === "truefalse" && t.options.map((o) => o.truth)).toEqual([true, false]);
    }
  });
});

const SECRET = "unit-test-secret-0123456789abcdef";

/** The form a browser sends for `answers` (by ids), through the presentation's opaque values. */
function formFor(q: QuizDefinition, codes: FormCodes, answers: Record<string, string[] | boolean>): FormData {
  const form = new FormData();
  for (const [id, answer] of Object.entries(answers)) {
    const code = codes.get(id)!;
    const question = q.questions.find((x) => x.id === id)!;
    if (question.type === "ordering")
      (answer as string[]).forEach((item, rank) => form.append(`order:${code.field}:${code.values.get(item)}`, String(rank + 1)));
    else if (typeof answer === "boolean") form.append(`q:${code.field}`, code.values.get(String(answer))!);
    else for (const c of answer) form.append(`q:${code.field}`, code.values.get(c)!);
  }
  return form;
}

describe("opaque form values", () => {
  const q = quiz(60);
  const codes = formCodes(q, SECRET);

  it("are fixed-length base64url HMACs, never an id, and unique within the presentation", () => {
    const all = [...codes.values()].flatMap((c) => [c.field, ...c.values.values()]);
    expect(all).toHaveLength(4 + 3 + 2 + 3 + 4);
    for (const value of all) expect(value).toMatch(new RegExp(`^[A-Za-z0-9_-]{${TOKEN_LENGTH}}$`));
    expect(new Set(all).size).toBe(all.length);
    expect(TOKEN_LENGTH).toBe(16);
    const ids = new Set(["s", "m", "t", "o", "a", "b", "c", "d", "first", "second", "third", "true", "false"]);
    expect(all.filter((v) => ids.has(v))).toEqual([]);
    // The brief's formula, spelled out.
    expect(codes.get("s")!.values.get("b")).toBe(createHmac("sha256", SECRET).update("s\0b").digest("base64url").slice(0, 16));
    expect(opaqueToken(SECRET, "s")).toBe(codes.get("s")!.field);
  });

  it("differ between attempts (secrets) and between self-check presentations, and are stable for one", () => {
    const other = formCodes(q, newTokenSecret());
    expect(other.get("s")!.values.get("a")).not.toBe(codes.get("s")!.values.get("a"));
    expect(other.get("s")!.field).not.toBe(codes.get("s")!.field);
    expect(formCodes(q, SECRET)).toEqual(codes);
    expect(newTokenSecret()).not.toBe(newTokenSecret());
    expect(Buffer.from(newTokenSecret(), "base64url")).toHaveLength(32);
    const nonce = newPresentation();
    expect(nonce).toMatch(PRESENTATION_PATTERN);
    expect(presentationKey("server", "quiz", nonce)).toBe(presentationKey("server", "quiz", nonce));
    expect(presentationKey("server", "quiz", nonce)).not.toBe(presentationKey("server", "quiz", newPresentation()));
    expect(presentationKey("server", "quiz", nonce)).not.toBe(presentationKey("other-server", "quiz", nonce));
    expect(seedFrom("a")).not.toBe(seedFrom("b"));
    expect(seedFrom("a")).toBeGreaterThan(0);
  });

  it("map back to ids: radio, checkbox, true/false and rank selects", () => {
    const form = formFor(q, codes, { s: ["b"], m: ["a", "c"], t: false, o: ["first", "second", "third"] });
    expect(answersFromForm(q, form, codes)).toEqual({
      ok: true,
      answers: { s: { choices: ["b"] }, m: { choices: ["a", "c"] }, t: { value: false }, o: { order: ["first", "second", "third"] } },
    });
    form.append("_csrf", "x"); // other fields are not the form's business
    expect(answersFromForm(q, form, codes).ok).toBe(true);
  });

  it("leave out unanswered questions and incomplete rankings", () => {
    const form = new FormData();
    form.append(`order:${codes.get("o")!.field}:${codes.get("o")!.values.get("first")}`, "1");
    form.append(`order:${codes.get("o")!.field}:${codes.get("o")!.values.get("second")}`, "");
    expect(answersFromForm(q, form, codes)).toEqual({ ok: true, answers: {} });
  });

  it("refuse ids, another attempt's values, unknown fields, ranks out of range and repeated ranks", () => {
    const refused = { ok: false, reason: "unknown-value", error: expect.stringMatching(/読み込み直して/) };
    const with1 = (name: string, value: string) => {
      const form = new FormData();
      form.append(name, value);
      return answersFromForm(q, form, codes);
    };
    const s = codes.get("s")!;
    const o = codes.get("o")!;
    expect(with1(`q:${s.field}`, "b")).toEqual(refused); // the YAML id itself
    expect(with1(`q:${s.field}`, formCodes(q, "another attempt").get("s")!.values.get("b")!)).toEqual(refused);
    expect(with1("q:s", s.values.get("b")!)).toEqual(refused); // the question id as field
    expect(with1(`q:${s.field}:extra`, s.values.get("b")!)).toEqual(refused);
    expect(with1(`q:${codes.get("t")!.field}`, "false")).toEqual(refused);
    expect(with1(`order:${o.field}:first`, "1")).toEqual(refused);
    expect(with1(`order:${s.field}:${s.values.get("b")}`, "1")).toEqual(refused);
    expect(with1(`order:${o.field}:${o.values.get("first")}`, "4")).toEqual(refused);
    expect(with1(`order:${o.field}:${o.values.get("first")}`, "1.5")).toEqual(refused);
    const twice = formFor(q, codes, { o: ["first", "second", "third"] });
    twice.set(`order:${o.field}:${o.values.get("third")}`, "1");
    expect(answersFromForm(q, twice, codes)).toMatchObject({ ok: false, reason: "repeated-rank", error: expect.stringContaining("同じ順番") });
  });

  it("grade the same as the ids they stand for", () => {
    const form = formFor(q, codes, { s: ["b"], m: ["a"], t: false, o: ["first", "second", "third"] });
    const read = answersFromForm(q, form, codes);
    if (!read.ok) throw new Error(read.error);
    expect(gradeQuiz(q, read.answers)).toMatchObject({ score: 5, maxScore: 7 });
  });
});

describe("quiz schema", () => {
  const base = {
    title: "t",
    mode: "exam",
    passMark: 80,
    questions: [
      {
        id: "q1",
        type: "single",
        prompt: "?",
        explanation: "…",
        choices: [
          { id: "a", text: "A", correct: true },
          { id: "b", text: "B" },
        ],
      },
    ],
  };
  it("accepts a minimal exam and fills defaults", () => {
    const parsed = quizSchema.parse(base);
    expect(parsed).toMatchObject({ shuffleQuestions: false, required: false, questions: [{ points: 1 }] });
  });
  it("refuses a single question with two correct choices, duplicate ids, and a short self-check", () => {
    const two = structuredClone(base);
    (two.questions[0]!.choices[1] as { correct?: boolean }).correct = true;
    expect(quizSchema.safeParse(two).error?.issues[0]?.message).toMatch(/ちょうど1つ/);
    const dup = { ...base, questions: [base.questions[0], base.questions[0]] };
    expect(quizSchema.safeParse(dup).error?.issues.map((i) => i.message)).toContain("問題の id「q1」が重なっています");
    expect(quizSchema.safeParse({ ...base, mode: "selfcheck" }).error?.issues[0]?.message).toMatch(/3〜10問/);
  });
});
