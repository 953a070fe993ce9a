import { renderMarkdown } from "~/content/markdown";
import type { Answer, PresentedQuestion, QuizResult } from "./grading";
import type { QuizDefinition } from "./schema";

/** Presented questions with their prompts rendered (markdown, raw HTML off). Still no answer key. */
export function renderPresented(questions: PresentedQuestion[]) {
  return questions.map((q) => ({ ...q, promptHtml: renderMarkdown(q.prompt) }));
}
export type RenderedQuestion = ReturnType<typeof renderPresented>[number];

/** After grading: each question with the learner's answer, the correct answer, feedback and explanation. */
export function reviewQuestions(quiz: QuizDefinition, order: string[], result: QuizResult) {
  const byId = new Map(quiz.questions.map((q) => [q.id, q]));
  const graded = new Map(result.questions.map((r) => [r.questionId, r]));
  return order.map((id) => {
    const q = byId.get(id)!;
    const r = graded.get(id)!;
    const answer: Answer | null = r.answer;
    const chosen = answer && "choices" in answer ? answer.choices : [];
    const base = { id, type: q.type, promptHtml: renderMarkdown(q.prompt), explanationHtml: renderMarkdown(q.explanation), correct: r.correct, points: r.points, maxPoints: r.maxPoints };
    switch (q.type) {
      case "single":
      case "multiple":
        return { ...base, choices: q.choices.map((c) => ({ id: c.id, text: c.text, correct: c.correct, chosen: chosen.includes(c.id), feedback: chosen.includes(c.id) ? (c.feedback ?? null) : null })) };
      case "truefalse":
        return { ...base, expected: q.answer ? "正しい" : "誤り", given: answer && "value" in answer ? (answer.value ? "正しい" : "誤り") : "（回答なし）" };
      case "ordering": {
        const text = new Map(q.items.map((i) => [i.id, i.text]));
        return { ...base, expectedOrder: q.items.map((i) => i.text), givenOrder: answer && "order" in answer ? answer.order.map((x) => text.get(x) ?? x) : [] };
      }
    }
  });
}
export type ReviewedQuestion = ReturnType<typeof reviewQuestions>[number];
