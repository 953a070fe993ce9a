import { z } from "zod";

const id = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { message: "id は半角英小文字・数字・ハイフンで書いてください" });
const text = z.string().trim().min(1).max(2000);

const choice = z.strictObject({
  id,
  text: z.string().trim().min(1).max(500),
  correct: z.boolean().default(false),
  feedback: z.string().trim().max(1000).optional(),
});

const base = {
  id,
  prompt: text,
  points: z.number().int().min(1).max(100).default(1),
  explanation: text,
};

export const questionSchema = z.discriminatedUnion("type", [
  z.strictObject({ ...base, type: z.literal("single"), choices: z.array(choice).min(2).max(8) }),
  z.strictObject({
    ...base,
    type: z.literal("multiple"),
    scoring: z.enum(["allOrNothing", "partial"]).default("allOrNothing"),
    choices: z.array(choice).min(2).max(8),
  }),
  z.strictObject({ ...base, type: z.literal("truefalse"), answer: z.boolean() }),
  z.strictObject({
    ...base,
    type: z.literal("ordering"),
    items: z
      .array(z.strictObject({ id, text: z.string().trim().min(1).max(300) }))
      .min(2)
      .max(8),
  }),
]);
export type Question = z.infer<typeof questionSchema>;

export const quizSchema = z
  .strictObject({
    title: z.string().trim().min(1).max(80),
    description: z.string().trim().max(2000).optional(),
    mode: z.enum(["exam", "selfcheck"]),
    passMark: z.number().min(0).max(100),
    attempts: z.number().int().min(1).max(100).optional(),
    shuffleQuestions: z.boolean().default(false),
    shuffleChoices: z.boolean().default(false),
    timeLimitMinutes: z.number().int().min(1).max(300).optional(),
    required: z.boolean().default(false),
    questions: z.array(questionSchema).min(1).max(100),
  })
  .superRefine((quiz, ctx) => {
    const seen = new Set<string>();
    quiz.questions.forEach((q, i) => {
      if (seen.has(q.id)) ctx.addIssue({ code: "custom", path: ["questions", i, "id"], message: `問題の id「${q.id}」が重なっています` });
      seen.add(q.id);
      const ids = q.type === "ordering" ? q.items.map((x) => x.id) : q.type === "truefalse" ? [] : q.choices.map((c) => c.id);
      if (new Set(ids).size !== ids.length) ctx.addIssue({ code: "custom", path: ["questions", i], message: "選択肢（項目）の id が重なっています" });
      if (q.type === "single" && q.choices.filter((c) => c.correct).length !== 1) {
        ctx.addIssue({ code: "custom", path: ["questions", i, "choices"], message: "single の問題は、正解（correct: true）をちょうど1つにしてください" });
      }
      if (q.type === "multiple" && !q.choices.some((c) => c.correct)) {
        ctx.addIssue({ code: "custom", path: ["questions", i, "choices"], message: "multiple の問題には、正解（correct: true）を1つ以上入れてください" });
      }
    });
    if (quiz.mode === "selfcheck" && (quiz.questions.length < 3 || quiz.questions.length > 10)) {
      ctx.addIssue({ code: "custom", path: ["questions"], message: "selfcheck（ふりかえり）は3〜10問にしてください" });
    }
    if (quiz.mode === "selfcheck" && quiz.timeLimitMinutes) {
      ctx.addIssue({ code: "custom", path: ["timeLimitMinutes"], message: "selfcheck（住民向けのふりかえり）には制限時間を付けないでください" });
    }
  });
export type QuizDefinition = z.infer<typeof quizSchema>;

/**
 * A quiz's translation (`quizzes/<slug>.<lang>.yaml`, only for `mode: selfcheck`): the texts of the Japanese quiz, by
 * the same question, choice and item ids. Everything that decides the answers (types, correct choices, points, order)
 * comes from the Japanese file and is not repeated, so grading is the same in every language.
 */
const translatedText = z.strictObject({ id, text: z.string().trim().min(1).max(500) });
export const quizTranslationSchema = z.strictObject({
  title: z.string().trim().min(1).max(80),
  description: z.string().trim().max(2000).optional(),
  language: z.string().optional(),
  questions: z
    .array(
      z.strictObject({
        id,
        prompt: text,
        explanation: text,
        choices: z.array(translatedText.extend({ feedback: z.string().trim().max(1000).optional() })).optional(),
        items: z.array(translatedText).optional(),
      }),
    )
    .min(1)
    .max(100),
});
export type QuizTranslation = z.infer<typeof quizTranslationSchema>;

/** Fields of the Japanese quiz that its translation does not repeat: [level, field]. */
export const QUIZ_ONLY_FIELDS = {
  quiz: ["mode", "passMark", "attempts", "shuffleQuestions", "shuffleChoices", "timeLimitMinutes", "required"],
  question: ["type", "points", "scoring", "answer"],
  choice: ["correct"],
} as const;

/**
 * The Japanese quiz with the translation's texts, or the problems that prevent it (a question, choice or item missing
 * or unknown, feedback where the Japanese choice has none or the other way round). Messages are in Japanese.
 */
export function applyQuizTranslation(
  source: QuizDefinition,
  translation: QuizTranslation,
): { definition?: QuizDefinition; problems: { field?: string; message: string }[] } {
  const problems: { field?: string; message: string }[] = [];
  const byId = new Map(translation.questions.map((q, i) => [q.id, { q, i }]));
  translation.questions.forEach((q, i) => {
    if (!source.questions.some((s) => s.id === q.id)) problems.push({ field: `questions.${i}.id`, message: `日本語のクイズにない問題「${q.id}」です` });
  });
  if (source.description && !translation.description)
    problems.push({ field: "description", message: "日本語のクイズに description があるので、翻訳も書いてください" });
  const questions = source.questions.map((q): Question => {
    const found = byId.get(q.id);
    if (!found) {
      problems.push({ field: "questions", message: `問題「${q.id}」の翻訳がありません` });
      return q;
    }
    const { q: t, i } = found;
    const texts = (kind: "choices" | "items", ids: { id: string; feedback?: string }[]) => {
      const given = (kind === "choices" ? t.choices : t.items) ?? [];
      const other = kind === "choices" ? "items" : "choices";
      if ((other === "choices" ? t.choices : t.items)?.length)
        problems.push({ field: `questions.${i}.${other}`, message: `この問題（${q.type}）には ${other} を書きません` });
      for (const extra of given.filter((g) => !ids.some((x) => x.id === g.id))) {
        problems.push({ field: `questions.${i}.${kind}`, message: `日本語の問題にない${kind === "choices" ? "選択肢" : "項目"}「${extra.id}」です` });
      }
      return ids.map((x) => {
        const g = given.find((y) => y.id === x.id) as { id: string; text: string; feedback?: string } | undefined;
        if (!g) problems.push({ field: `questions.${i}.${kind}`, message: `${kind === "choices" ? "選択肢" : "項目"}「${x.id}」の翻訳がありません` });
        else if (kind === "choices" && !!x.feedback !== !!g.feedback) {
          problems.push({
            field: `questions.${i}.${kind}`,
            message: x.feedback
              ? `選択肢「${x.id}」には日本語の feedback があるので、翻訳も書いてください`
              : `選択肢「${x.id}」は日本語に feedback がないので、翻訳にも書かないでください`,
          });
        }
        return g;
      });
    };
    const base = { prompt: t.prompt, explanation: t.explanation };
    switch (q.type) {
      case "single":
      case "multiple": {
        const tr = texts("choices", q.choices);
        return { ...q, ...base, choices: q.choices.map((c, n) => ({ ...c, text: tr[n]?.text ?? c.text, feedback: tr[n]?.feedback })) };
      }
      case "ordering": {
        const tr = texts("items", q.items);
        return { ...q, ...base, items: q.items.map((item, n) => ({ ...item, text: tr[n]?.text ?? item.text })) };
      }
      case "truefalse":
        if (t.choices?.length || t.items?.length) problems.push({ field: `questions.${i}`, message: "truefalse の問題には choices も items も書きません" });
        return { ...q, ...base };
    }
  });
  if (problems.length) return { problems };
  return { definition: { ...source, title: translation.title, description: translation.description, questions }, problems };
}
