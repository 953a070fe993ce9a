import { describe, expect, it } from "vitest";
import { answersFromForm, gradeQuestion, gradeQuiz, presentQuiz, seededRandom, shuffled } from "~/quizzes/grading";
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
    const tenths = quiz(80, Array.from({ length: 10 }, (_, i) => ({ ...truefalse, id: `q${i}` })));
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
    const once = presentQuiz(q, 12345);
    expect(presentQuiz(q, 12345)).toEqual(once);
    const json = JSON.stringify(once);
    expect(json).not.toMatch(/correct|explanation|feedback|"answer"/);
    expect(once.map((x) => x.id).sort()).toEqual(["m", "o", "s", "t"]);
  });

  it("never shows ordering items already in the correct order", () => {
    for (let seed = 1; seed < 200; seed++) {
      const presented = presentQuiz(quiz(60, [ordering]), seed)[0]!;
      if (presented.type !== "ordering") throw new Error("unreachable");
      expect(presented.items.map((i) => i.id)).not.toEqual(["first", "second", "third"]);
    }
  });

  it("keeps the authored order when shuffling is off", () => {
    const q = { ...quiz(60), shuffleQuestions: false, shuffleChoices: false };
    const presented = presentQuiz(q, 99);
    expect(presented.map((x) => x.id)).toEqual(["s", "t", "o", "m"]);
    expect(presented[0]!.type === "single" && presented[0]!.choices.map((c) => c.id)).toEqual(["a", "b", "c"]);
  });
});

describe("answersFromForm", () => {
  it("reads radio, checkbox, true/false and rank selects", () => {
    const form = new FormData();
    form.append("q:s", "b");
    form.append("q:m", "a");
    form.append("q:m", "c");
    form.append("q:t", "false");
    form.append("order:o:third", "3");
    form.append("order:o:first", "1");
    form.append("order:o:second", "2");
    expect(answersFromForm(quiz(60), form)).toEqual({
      s: { choices: ["b"] },
      m: { choices: ["a", "c"] },
      t: { value: false },
      o: { order: ["first", "second", "third"] },
    });
  });
  it("leaves out unanswered questions and incomplete rankings", () => {
    const form = new FormData();
    form.append("order:o:first", "1");
    expect(answersFromForm(quiz(60), form)).toEqual({});
  });
});

describe("quiz schema", () => {
  const base = { title: "t", mode: "exam", passMark: 80, questions: [{ id: "q1", type: "single", prompt: "?", explanation: "…", choices: [{ id: "a", text: "A", correct: true }, { id: "b", text: "B" }] }] };
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
