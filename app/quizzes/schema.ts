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
    items: z.array(z.strictObject({ id, text: z.string().trim().min(1).max(300) })).min(2).max(8),
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
