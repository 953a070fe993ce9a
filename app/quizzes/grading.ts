import { seededRandom } from "~/kernel/random";
import type { Question, QuizDefinition } from "./schema";

/** The app's seeded generator (mulberry32): a seeded attempt shows the same order on every reload. */
export { seededRandom };

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
  const result = (points: number): QuestionResult => ({
    questionId: question.id,
    points: round1(points),
    maxPoints: max,
    correct: points >= max,
    answer: answer ?? null,
  });
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

export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/**
 * How one question travels in the form (decision 018): its field (`q:<field>`, `order:<field>:<value>`) and one
 * opaque value per choice, ordering item or true/false option, all fixed-length HMACs under the presentation's secret
 * (app/quizzes/tokens.server.ts). Ids from content/ never reach the browser.
 */
export interface QuestionCodes {
  field: string;
  /** Choice id, item id, or "true"/"false" → opaque value. */
  values: ReadonlyMap<string, string>;
  /** Opaque value → choice id, item id, or "true"/"false". */
  ids: ReadonlyMap<string, string>;
}
/** By question id. */
export type FormCodes = ReadonlyMap<string, QuestionCodes>;

/** An option as presented, on the server: its opaque value for the form and its id for grading and review. */
export interface PresentedOption {
  value: string;
  id: string;
  text: string;
}

/** A question as presented before grading: no correct flags, no feedback, no explanation. Ids stay on the server. */
export type PresentedQuestion =
  | { id: string; field: string; type: "single" | "multiple"; prompt: string; points: number; choices: PresentedOption[] }
  | { id: string; field: string; type: "truefalse"; prompt: string; points: number; options: { value: string; truth: boolean }[] }
  | { id: string; field: string; type: "ordering"; prompt: string; points: number; items: PresentedOption[] };

/**
 * The questions of a presentation in the order its seed gives, with opaque values from `codes`. Choices are always
 * shuffled: an order fixed by the author gives the answer away as surely as an id does (the shipped quizzes had the
 * right answer first almost everywhere), so `shuffleChoices: false` no longer keeps it. Ordering items are always
 * shuffled and never shown in the correct order; an exam's true/false options too (a self-check keeps ○ before ×).
 * Questions are shuffled when the quiz says so, by `questionSeed` when given (a self-check keeps its question order
 * across presentations), otherwise by the same seed.
 */
export function presentQuiz(quiz: QuizDefinition, codes: FormCodes, seed: number, questionSeed?: number): PresentedQuestion[] {
  const random = seededRandom(seed);
  const questionRandom = questionSeed === undefined ? random : seededRandom(questionSeed);
  const questions = quiz.shuffleQuestions ? shuffled(quiz.questions, questionRandom) : quiz.questions;
  return questions.map((q): PresentedQuestion => {
    const code = codes.get(q.id);
    if (!code) throw new Error(`no form codes for question ${q.id}`);
    const option = (id: string, text: string): PresentedOption => ({ value: code.values.get(id)!, id, text });
    const common = { id: q.id, field: code.field, prompt: q.prompt, points: q.points };
    switch (q.type) {
      case "single":
      case "multiple":
        return {
          ...common,
          type: q.type,
          choices: shuffled(
            q.choices.map((c) => option(c.id, c.text)),
            random,
          ),
        };
      case "truefalse": {
        const options = [true, false].map((truth) => ({ value: code.values.get(String(truth))!, truth }));
        return { ...common, type: "truefalse", options: quiz.mode === "exam" ? shuffled(options, random) : options };
      }
      case "ordering": {
        const items = q.items.map((i) => option(i.id, i.text));
        let order = shuffled(items, random);
        // Never present the items already in the correct order.
        for (let tries = 0; tries < 5 && order.every((x, i) => x.id === items[i]!.id); tries++) order = shuffled(items, random);
        if (order.every((x, i) => x.id === items[i]!.id)) order = [...items.slice(1), items[0]!];
        return { ...common, type: "ordering", items: order };
      }
    }
  });
}

export type FormAnswers = { ok: true; answers: Record<string, Answer> } | { ok: false; reason: "unknown-value" | "repeated-rank"; error: string };

const UNKNOWN_VALUE = "送信された回答を読み取れませんでした。ページを読み込み直してから、もう一度回答してください。";
const REPEATED_RANK = "並べ替えの問題で、同じ順番が2つ以上選ばれています。それぞれ違う順番を選んでください。";

/**
 * Reads answers from a submitted form, mapping the opaque values back to ids with `codes`: `q:<field>` (choices,
 * true/false) and `order:<field>:<item value>` ranks (1..n, one select per item so ordering works without
 * JavaScript). A field or value that this presentation did not show (another attempt's page, a forged value, a
 * rank out of range) refuses the whole form; so do two items given the same rank. Unanswered questions and
 * incomplete rankings are left out (graded as wrong).
 */
export function answersFromForm(quiz: QuizDefinition, form: FormData, codes: FormCodes): FormAnswers {
  const unknown = { ok: false, reason: "unknown-value", error: UNKNOWN_VALUE } as const;
  const byField = new Map(quiz.questions.map((q) => [codes.get(q.id)!.field, q]));
  for (const key of form.keys()) {
    if (!key.startsWith("q:") && !key.startsWith("order:")) continue;
    const [kind, field, item, ...rest] = key.split(":");
    const q = byField.get(field ?? "");
    if (!q || rest.length || (kind === "q") !== (item === undefined) || (kind === "order" && (q.type !== "ordering" || !codes.get(q.id)!.ids.has(item!))))
      return unknown;
  }
  const answers: Record<string, Answer> = {};
  for (const q of quiz.questions) {
    const code = codes.get(q.id)!;
    const given = form.getAll(`q:${code.field}`).map(String);
    const ids = given.map((v) => code.ids.get(v));
    if (ids.some((id) => id === undefined)) return unknown;
    if (q.type === "single" || q.type === "multiple") {
      if (ids.length) answers[q.id] = { choices: [...new Set(ids as string[])] };
    } else if (q.type === "truefalse") {
      if (ids.length) answers[q.id] = { value: ids[0] === "true" };
    } else {
      if (ids.length) return unknown;
      const ranked = q.items.map((item) => ({ id: item.id, rank: String(form.get(`order:${code.field}:${code.values.get(item.id)}`) ?? "") }));
      const chosen = ranked.filter((r) => r.rank !== "");
      if (chosen.some((r) => !/^[1-9][0-9]?$/.test(r.rank) || Number(r.rank) > q.items.length)) return unknown;
      if (new Set(chosen.map((r) => r.rank)).size !== chosen.length) return { ok: false, reason: "repeated-rank", error: REPEATED_RANK };
      if (chosen.length === q.items.length) answers[q.id] = { order: [...ranked].sort((a, b) => Number(a.rank) - Number(b.rank)).map((r) => r.id) };
    }
  }
  return { ok: true, answers };
}
