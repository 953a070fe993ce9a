import type { Question, QuizDefinition } from "./schema";

/** What a learner sent for one question: chosen choice ids, true/false, or item ids in their order. */
export type Answer = { choices: string[] } | { value: boolean } | { order: string[] };

export interface QuestionResult {
  questionId: string;
  points: number;
  maxPoints: number;
  correct: boolean;
  answer: Answer | null;
}

export interface QuizResult {
  score: number;
  maxScore: number;
  /** 0–100, rounded to one decimal. */
  percent: number;
  passed: boolean;
  questions: QuestionResult[];
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/** Grades one question (pure). Unknown ids in an answer count as wrong choices; a malformed answer scores 0. */
export function gradeQuestion(question: Question, answer: Answer | null | undefined): QuestionResult {
  const max = question.points;
  const result = (points: number): QuestionResult => ({ questionId: question.id, points: round1(points), maxPoints: max, correct: points >= max, answer: answer ?? null });
  if (!answer) return result(0);
  switch (question.type) {
    case "single": {
      if (!("choices" in answer) || answer.choices.length !== 1) return result(0);
      return result(question.choices.find((c) => c.id === answer.choices[0])?.correct ? max : 0);
    }
    case "multiple": {
      if (!("choices" in answer)) return result(0);
      const picked = new Set(answer.choices);
      const correctIds = question.choices.filter((c) => c.correct).map((c) => c.id);
      const hits = correctIds.filter((id) => picked.has(id)).length;
      const wrong = [...picked].filter((id) => !correctIds.includes(id)).length;
      if (question.scoring === "partial") return result((Math.max(0, hits - wrong) / correctIds.length) * max);
      return result(hits === correctIds.length && wrong === 0 ? max : 0);
    }
    case "truefalse":
      return result("value" in answer && answer.value === question.answer ? max : 0);
    case "ordering": {
      if (!("order" in answer)) return result(0);
      const expected = question.items.map((i) => i.id);
      return result(answer.order.length === expected.length && answer.order.every((id, i) => id === expected[i]) ? max : 0);
    }
  }
}

/** Grades a whole quiz. The pass mark is inclusive: exactly 80 % passes a quiz whose passMark is 80. */
export function gradeQuiz(quiz: QuizDefinition, answers: Record<string, Answer | undefined>): QuizResult {
  const questions = quiz.questions.map((q) => gradeQuestion(q, answers[q.id]));
  const score = round1(questions.reduce((s, q) => s + q.points, 0));
  const maxScore = questions.reduce((s, q) => s + q.maxPoints, 0);
  const percent = maxScore === 0 ? 0 : round1((score / maxScore) * 100);
  // Compare on the exact ratio, not the rounded percent, so 79.96 % never passes an 80 % mark.
  const passed = maxScore > 0 && score * 100 >= quiz.passMark * maxScore - 1e-9;
  return { score, maxScore, percent, passed, questions };
}

/** mulberry32: a small deterministic PRNG so a seeded attempt shows the same order on every reload. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** A question as the learner sees it before grading: no correct flags, no feedback, no explanation. */
export type PresentedQuestion =
  | { id: string; type: "single" | "multiple"; prompt: string; points: number; choices: { id: string; text: string }[] }
  | { id: string; type: "truefalse"; prompt: string; points: number }
  | { id: string; type: "ordering"; prompt: string; points: number; items: { id: string; text: string }[] };

/**
 * The questions of an attempt in the order its seed gives, stripped of everything that would reveal the answer.
 * Ordering items are always shuffled (never shown in the correct order), choices only when the quiz says so.
 */
export function presentQuiz(quiz: QuizDefinition, seed: number): PresentedQuestion[] {
  const random = seededRandom(seed);
  const questions = quiz.shuffleQuestions ? shuffled(quiz.questions, random) : quiz.questions;
  return questions.map((q): PresentedQuestion => {
    const common = { id: q.id, prompt: q.prompt, points: q.points };
    switch (q.type) {
      case "single":
      case "multiple": {
        const choices = q.choices.map((c) => ({ id: c.id, text: c.text }));
        return { ...common, type: q.type, choices: quiz.shuffleChoices ? shuffled(choices, random) : choices };
      }
      case "truefalse":
        return { ...common, type: "truefalse" };
      case "ordering": {
        const items = q.items.map((i) => ({ id: i.id, text: i.text }));
        let order = shuffled(items, random);
        // Never present the items already in the correct order.
        for (let tries = 0; tries < 5 && order.every((x, i) => x.id === items[i]!.id); tries++) order = shuffled(items, random);
        if (order.every((x, i) => x.id === items[i]!.id)) order = [...items.slice(1), items[0]!];
        return { ...common, type: "ordering", items: order };
      }
    }
  });
}

/** Reads answers from a submitted form: `q:<id>` fields (choice ids, "true"/"false") and `order:<id>:<item>` ranks. */
export function answersFromForm(quiz: QuizDefinition, form: FormData): Record<string, Answer> {
  const answers: Record<string, Answer> = {};
  for (const q of quiz.questions) {
    const values = form.getAll(`q:${q.id}`).map(String);
    if (q.type === "single" || q.type === "multiple") {
      if (values.length) answers[q.id] = { choices: [...new Set(values)] };
    } else if (q.type === "truefalse") {
      if (values[0] === "true" || values[0] === "false") answers[q.id] = { value: values[0] === "true" };
    } else {
      // Each item has a rank select (1..n) so ordering works without JavaScript.
      const ranked = q.items.map((item) => ({ id: item.id, rank: Number(form.get(`order:${q.id}:${item.id}`)) }));
      if (ranked.every((r) => Number.isInteger(r.rank) && r.rank >= 1)) {
        answers[q.id] = { order: [...ranked].sort((a, b) => a.rank - b.rank).map((r) => r.id) };
      }
    }
  }
  return answers;
}
