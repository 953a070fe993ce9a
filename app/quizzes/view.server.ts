import { renderInlineMarkdown, renderMarkdown } from "~/content/markdown.server";
import type { Answer, PresentedQuestion, QuizResult } from "./grading";
import type { QuizDefinition } from "./schema";

/**
 * A presented question as it goes to the browser: the opaque field and values, rendered texts, and nothing else —
 * no question, choice or item id (decision 018), no correct flags, no feedback, no explanation.
 */
export type RenderedQuestion =
  | { field: string; type: "single" | "multiple"; promptHtml: string; choices: { value: string; html: string }[] }
  | { field: string; type: "truefalse"; promptHtml: string; options: { value: string; truth: boolean }[] }
  | { field: string; type: "ordering"; promptHtml: string; items: { value: string; html: string }[] };

/** Presented questions with prompts and choice texts rendered (markdown, raw HTML off). Built field by field. */
export function renderPresented(questions: PresentedQuestion[]): RenderedQuestion[] {
  return questions.map((q): RenderedQuestion => {
    const common = { field: q.field, promptHtml: renderMarkdown(q.prompt) };
    switch (q.type) {
      case "single":
      case "multiple":
        return { ...common, type: q.type, choices: q.choices.map((c) => ({ value: c.value, html: renderInlineMarkdown(c.text) })) };
      case "ordering":
        return { ...common, type: "ordering", items: q.items.map((i) => ({ value: i.value, html: renderInlineMarkdown(i.text) })) };
      case "truefalse":
        return { ...common, type: "truefalse", options: q.options.map((o) => ({ value: o.value, truth: o.truth })) };
    }
  });
}

/**
 * After grading: each question in the order it was presented, choices too, with the learner's answer, the correct
 * answer, feedback and explanation. No ids: the page needs none.
 */
export function reviewQuestions(quiz: QuizDefinition, presented: PresentedQuestion[], result: QuizResult) {
  const byId = new Map(quiz.questions.map((q) => [q.id, q]));
  const graded = new Map(result.questions.map((r) => [r.questionId, r]));
  return presented.map((p) => {
    const q = byId.get(p.id)!;
    const r = graded.get(p.id)!;
    const answer: Answer | null = r.answer;
    const chosen = answer && "choices" in answer ? answer.choices : [];
    const base = {
      type: q.type,
      promptHtml: renderMarkdown(q.prompt),
      explanationHtml: renderMarkdown(q.explanation),
      correct: r.correct,
      points: r.points,
      maxPoints: r.maxPoints,
    };
    switch (q.type) {
      case "single":
      case "multiple": {
        const shown = p.type === q.type ? p.choices.map((c) => c.id) : q.choices.map((c) => c.id);
        return {
          ...base,
          choices: shown.map((id) => {
            const c = q.choices.find((x) => x.id === id)!;
            return {
              html: renderInlineMarkdown(c.text),
              correct: c.correct,
              chosen: chosen.includes(c.id),
              feedbackHtml: chosen.includes(c.id) && c.feedback ? renderInlineMarkdown(c.feedback) : null,
            };
          }),
        };
      }
      case "truefalse":
        return { ...base, expected: q.answer ? "正しい" : "誤り", given: answer && "value" in answer ? (answer.value ? "正しい" : "誤り") : "（回答なし）" };
      case "ordering": {
        const html = new Map(q.items.map((i) => [i.id, renderInlineMarkdown(i.text)]));
        return {
          ...base,
          expectedOrder: q.items.map((i) => html.get(i.id)!),
          givenOrder: answer && "order" in answer ? answer.order.map((x) => html.get(x) ?? "") : [],
        };
      }
    }
  });
}
export type ReviewedQuestion = ReturnType<typeof reviewQuestions>[number];
