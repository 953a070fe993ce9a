import { renderInlineMarkdown, renderMarkdown } from "../app/content/markdown.server";
import type { QuizDefinition } from "../app/quizzes/schema";

/**
 * What the benchmark's quiz taker knows: each question's prompt and choice texts as the page renders them, with the
 * right answers. An attempt page's form values are opaque and differ per attempt (decision 018), so the answers are
 * found by reading the page's HTML, as a person reads the texts; rendered once here, not per response.
 */
export interface AnswerSheet {
  byPrompt: Map<string, QuizDefinition["questions"][number]>;
  rendered: Map<string, string>;
}

export function answerSheet(def: QuizDefinition): AnswerSheet {
  const rendered = new Map<string, string>();
  for (const q of def.questions) {
    if (q.type === "ordering") for (const i of q.items) rendered.set(`${q.id}\0${i.id}`, renderInlineMarkdown(i.text));
    else if (q.type !== "truefalse") for (const c of q.choices) rendered.set(`${q.id}\0${c.id}`, renderInlineMarkdown(c.text));
  }
  return { byPrompt: new Map(def.questions.map((q) => [renderMarkdown(q.prompt), q])), rendered };
}

const FIELDSET = /<fieldset class="question">([\s\S]*?)<\/fieldset>/g;
const PROMPT = /<div class="prose question-prompt"[^>]*>([\s\S]*?)<\/div>/;
// The server's HTML closes inputs with "/>", a browser's serialisation with ">".
const CONTROL =
  /<input [^>]*name="([^"]+)" value="([^"]+)"\s*\/?>\s*<label [^>]*>([\s\S]*?)<\/label>|<label [^>]*>([\s\S]*?)<\/label>\s*<select [^>]*name="([^"]+)"/g;

/**
 * The right answers of an attempt page as the form's name/value pairs (a rank for each ordering select); throws if the
 * page shows a question not in the quiz. Used by the benchmark's quiz taker and by the browser test.
 */
export function rightAnswersOnPage(html: string, sheet: AnswerSheet): [string, string][] {
  const form = new URLSearchParams();
  for (const [, fieldset] of html.matchAll(FIELDSET)) {
    const q = sheet.byPrompt.get(PROMPT.exec(fieldset!)?.[1] ?? "");
    if (!q) throw new Error("a question of the page is not in the quiz");
    for (const [, name, value, label, itemLabel, select] of fieldset!.matchAll(CONTROL)) {
      if (q.type === "ordering") {
        const rank = q.items.findIndex((i) => sheet.rendered.get(`${q.id}\0${i.id}`) === itemLabel);
        form.append(select!, String(rank + 1));
      } else if (q.type === "truefalse") {
        if ((label === "正しい") === q.answer) form.append(name!, value!);
      } else if (q.choices.some((c) => c.correct && sheet.rendered.get(`${q.id}\0${c.id}`) === label)) {
        form.append(name!, value!);
      }
    }
  }
  return [...form];
}

/** The form that answers every question of an attempt page right. */
export function answerFormFromPage(html: string, sheet: AnswerSheet, csrf: string): string {
  return new URLSearchParams([["_csrf", csrf], ...rightAnswersOnPage(html, sheet)]).toString();
}
