import { renderInlineMarkdown, renderMarkdown } from "~/content/markdown.server";
import type { Answer, PresentedQuestion, QuizResult } from "./grading";
import type { QuizDefinition } from "./schema";

type WithHtml<T> = T & { html: string };
export type RenderedQuestion =
  | { id: string; type: "single" | "multiple"; prompt: string; points: number; promptHtml: string; choices: WithHtml<{ id: string; text: string }>[] }
  | { id: string; type: "truefalse"; prompt: string; points: number; promptHtml: string }
  | { id: string; type: "ordering"; prompt: string; points: number; promptHtml: string; items: WithHtml<{ id: string; text: string }>[] };

/** Presented questions with prompts and choice texts rendered (markdown, raw HTML off). Still no answer key. */
export function renderPresented(questions: PresentedQuestion[]): RenderedQuestion[] {
  return questions.map((q): RenderedQuestion => {
    const promptHtml = renderMarkdown(q.prompt);
    switch (q.type) {
      case "single":
      case "multiple":
        return { ...q, promptHtml, choices: q.choices.map((c) => ({ ...c, html: renderInlineMarkdown(c.text) })) };
      case "ordering":
        return { ...q, promptHtml, items: q.items.map((i) => ({ ...i, html: renderInlineMarkdown(i.text) })) };
      case "truefalse":
        return { ...q, promptHtml };
    }
  });
}

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
        return {
          ...base,
          choices: q.choices.map((c) => ({
            id: c.id,
            html: renderInlineMarkdown(c.text),
            correct: c.correct,
            chosen: chosen.includes(c.id),
            feedbackHtml: chosen.includes(c.id) && c.feedback ? renderInlineMarkdown(c.feedback) : null,
          })),
        };
      case "truefalse":
        return { ...base, expected: q.answer ? "正しい" : "誤り", given: answer && "value" in answer ? (answer.value ? "正しい" : "誤り") : "（回答なし）" };
      case "ordering": {
        const html = new Map(q.items.map((i) => [i.id, renderInlineMarkdown(i.text)]));
        return { ...base, expectedOrder: q.items.map((i) => html.get(i.id)!), givenOrder: answer && "order" in answer ? answer.order.map((x) => html.get(x) ?? "") : [] };
      }
    }
  });
}
export type ReviewedQuestion = ReturnType<typeof reviewQuestions>[number];
