import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { CsrfInput } from "~/components/csrf";
import { FormMessage } from "~/components/form";
import { QuestionFields } from "~/components/quiz";
import { Breadcrumbs } from "~/components/site-chrome";
import { requireCsrf } from "~/auth/csrf.server";
import { getCurrentUser, notFound, requireUser } from "~/auth/guard.server";
import { renderInlineMarkdown, renderMarkdown } from "~/content/markdown.server";
import { SLUG_PATTERN } from "~/content/schema";
import { getDb } from "~/db.server";
import { answersFromForm, gradeQuestion, presentQuiz } from "~/quizzes/grading";
import { getQuiz, listAttempts, startAttempt } from "~/quizzes/attempts.server";
import { cycleStart } from "~/learning/progress.server";
import { renderPresented } from "~/quizzes/view.server";
import { formatDateTime } from "~/staff/labels";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.quiz.title}（${data.quiz.courseTitle}） | 学び舎` : "クイズ | 学び舎" }];

async function findQuiz(params: LoaderFunctionArgs["params"]) {
  const courseSlug = params.courseSlug ?? "";
  const quizSlug = params.quizSlug ?? "";
  const quiz = SLUG_PATTERN.test(courseSlug) && SLUG_PATTERN.test(quizSlug) ? await getQuiz(await getDb(), courseSlug, quizSlug) : null;
  if (!quiz) notFound("クイズが見つかりません。");
  return quiz;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const quiz = await findQuiz(params);
  const def = quiz.definition;
  const summary = {
    title: quiz.title,
    courseTitle: quiz.courseTitle,
    courseSlug: quiz.courseSlug,
    slug: quiz.slug,
    mode: quiz.mode,
    descriptionHtml: def.description ? renderMarkdown(def.description) : "",
    questionCount: def.questions.length,
    passMark: def.passMark,
    attemptsAllowed: def.attempts ?? null,
    timeLimitMinutes: def.timeLimitMinutes ?? null,
    required: def.required,
  };

  if (quiz.mode === "selfcheck") {
    // One question per screen, for anyone; nothing is stored. Progress lives in the URL (?q=<index>&s=<correct so far>).
    const url = new URL(request.url);
    const index = Number(url.searchParams.get("q") ?? 0);
    const correctSoFar = Number(url.searchParams.get("s") ?? 0);
    const done = url.searchParams.get("q") === "done";
    const presented = renderPresented(presentQuiz(def, 1));
    const question = !done && Number.isInteger(index) && index >= 0 && index < presented.length ? presented[index]! : null;
    return { quiz: summary, selfcheck: { index: question ? index : 0, total: presented.length, correctSoFar: Number.isFinite(correctSoFar) ? Math.max(0, correctSoFar) : 0, done, question }, exam: null };
  }

  const user = await requireUser(request);
  const attempts = await listAttempts(await getDb(), user, quiz.id);
  // Limits and passing are counted per fiscal year (mandatory courses are retaken every year).
  const since = cycleStart();
  const thisYear = attempts.filter((a) => a.startedAt >= since);
  return {
    quiz: summary,
    selfcheck: null,
    exam: {
      attempts: attempts.map((a) => ({ ...a, startedAt: formatDateTime(a.startedAt), submittedAt: a.submittedAt ? formatDateTime(a.submittedAt) : null })),
      open: attempts.find((a) => a.status === "in_progress")?.id ?? null,
      remaining: def.attempts === undefined ? null : Math.max(0, def.attempts - thisYear.length),
      passed: thisYear.some((a) => a.passed),
    },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const quiz = await findQuiz(params);
  const form = await request.formData();
  requireCsrf(request, form);
  if (quiz.mode === "selfcheck") {
    // Grade the one question on the server and show its explanation at once.
    const index = Number(form.get("index"));
    const question = presentQuiz(quiz.definition, 1)[index];
    const source = quiz.definition.questions.find((q) => q.id === question?.id);
    if (!question || !source) return data({ selfcheck: null, error: "問題が見つかりません。はじめからやり直してください。" }, { status: 400 });
    const answers = answersFromForm(quiz.definition, form);
    if (!answers[source.id]) return data({ selfcheck: null, error: "答えを選んでから「答える」を押してください。" }, { status: 400 });
    const result = gradeQuestion(source, answers[source.id]);
    const chosen = answers[source.id] && "choices" in answers[source.id]! ? (answers[source.id] as { choices: string[] }).choices : [];
    const feedback = source.type === "single" || source.type === "multiple" ? source.choices.filter((c) => chosen.includes(c.id) && c.feedback).map((c) => renderInlineMarkdown(c.feedback!)) : [];
    const correctText =
      source.type === "single" || source.type === "multiple"
        ? source.choices.filter((c) => c.correct).map((c) => renderInlineMarkdown(c.text))
        : source.type === "truefalse"
          ? [source.answer ? "正しい（○）" : "まちがい（×）"]
          : source.items.map((i, n) => `${n + 1}. ${renderInlineMarkdown(i.text)}`);
    return {
      error: null,
      selfcheck: { index, correct: result.correct, explanationHtml: renderMarkdown(source.explanation), feedback, correctText },
    };
  }
  const user = await requireUser(request);
  const started = await startAttempt(await getDb(), user, quiz);
  if (!started.ok) return data({ selfcheck: null, error: started.error }, { status: 409 });
  throw redirect(`/courses/${quiz.courseSlug}/quiz/${quiz.slug}/attempt/${started.attemptId}`);
}

export default function QuizPage() {
  const { quiz, selfcheck, exam } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const courseUrl = `/courses/${quiz.courseSlug}`;
  return (
    <div className="page narrow">
      <Breadcrumbs items={[{ to: "/", label: "トップ" }, { to: courseUrl, label: quiz.courseTitle }, { label: quiz.title }]} />
      <h1>{quiz.title}</h1>
      {result?.error ? <FormMessage>{result.error}</FormMessage> : null}
      {selfcheck ? <SelfCheck quiz={quiz} state={selfcheck} answered={result?.selfcheck ?? null} /> : null}
      {exam ? (
        <>
          {quiz.descriptionHtml ? <div className="prose" dangerouslySetInnerHTML={{ __html: quiz.descriptionHtml }} /> : null}
          <dl className="facts">
            <div>
              <dt>問題数</dt>
              <dd>{quiz.questionCount}問</dd>
            </div>
            <div>
              <dt>合格点</dt>
              <dd>{quiz.passMark}%以上</dd>
            </div>
            <div>
              <dt>受験できる回数</dt>
              <dd>{quiz.attemptsAllowed ? `${quiz.attemptsAllowed}回（残り${exam.remaining}回）` : "制限なし"}</dd>
            </div>
            <div>
              <dt>制限時間</dt>
              <dd>{quiz.timeLimitMinutes ? `${quiz.timeLimitMinutes}分` : "なし"}</dd>
            </div>
          </dl>
          {exam.passed ? <FormMessage kind="success">合格しています。復習のために、もう一度受けることもできます（受験回数に数えます）。</FormMessage> : null}
          {exam.open || exam.remaining !== 0 ? (
            <Form method="post">
              <CsrfInput />
              <button type="submit" className="button primary large">
                {exam.open ? "受験を続ける" : "受験を始める"}
              </button>
            </Form>
          ) : (
            <p className="notice">受験できる回数をすべて使いました。受験回数を増やす必要があるときは、研修の担当者にご相談ください。</p>
          )}
          {quiz.timeLimitMinutes && !exam.open ? <p className="hint">始めると時間の計測が始まります。制限時間を過ぎた回答は受け付けられません。</p> : null}
          {exam.attempts.length ? (
            <section aria-labelledby="history">
              <h2 id="history">これまでの受験</h2>
              <ul className="plain-list">
                {exam.attempts.map((a) => (
                  <li key={a.id}>
                    <Link to={`/courses/${quiz.courseSlug}/quiz/${quiz.slug}/attempt/${a.id}`}>第{a.attemptNumber}回</Link>（{a.startedAt}）:{" "}
                    {a.status === "submitted" ? `${a.percent}% ${a.passed ? "合格" : "不合格"}` : a.status === "expired" ? "時間切れ" : "受験中"}
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
        </>
      ) : null}
      <p>
        <Link to={courseUrl}>講座のページへ戻る</Link>
      </p>
    </div>
  );
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;

function SelfCheck({
  quiz,
  state,
  answered,
}: {
  quiz: LoaderData["quiz"];
  state: NonNullable<LoaderData["selfcheck"]>;
  answered: { index: number; correct: boolean; explanationHtml: string; feedback: string[]; correctText: string[] } | null;
}) {
  const base = `/courses/${quiz.courseSlug}/quiz/${quiz.slug}`;
  if (state.done) {
    return (
      <div className="selfcheck">
        <p className="selfcheck-score" role="status">
          {state.total}問中 {Math.min(state.correctSoFar, state.total)}問 正解でした。
        </p>
        <p>{state.correctSoFar >= state.total ? "全問正解です。すばらしいですね。" : "おつかれさまでした。わからなかったところは、レッスンを読み返してみましょう。何度でもやり直せます。"}</p>
        <p className="actions">
          <Link className="button large" to={`/courses/${quiz.courseSlug}`}>
            講座のページへ戻る
          </Link>
          <Link className="button secondary large" to={base}>
            もう一度やってみる
          </Link>
        </p>
      </div>
    );
  }
  const q = state.question;
  if (!q) return null;
  const isAnswered = answered && answered.index === state.index;
  const nextCorrect = state.correctSoFar + (isAnswered && answered.correct ? 1 : 0);
  const nextUrl = state.index + 1 < state.total ? `${base}?q=${state.index + 1}&s=${nextCorrect}` : `${base}?q=done&s=${nextCorrect}`;
  return (
    <div className="selfcheck">
      <p className="selfcheck-progress">
        {state.index + 1}問目（全{state.total}問）
      </p>
      {isAnswered || q.type === "single" || q.type === "truefalse" ? (
        <div className="prose selfcheck-prompt" dangerouslySetInnerHTML={{ __html: q.promptHtml }} />
      ) : null}
      {isAnswered ? (
        <div className={`selfcheck-answer ${answered.correct ? "is-correct" : "is-wrong"}`} role="status">
          <p className="selfcheck-verdict">{answered.correct ? "○ 正解です" : "△ 正しい答えを見てみましょう"}</p>
          {answered.feedback.map((f, i) => (
            <p key={i} dangerouslySetInnerHTML={{ __html: f }} />
          ))}
          <p>
            正しい答え: <strong dangerouslySetInnerHTML={{ __html: answered.correctText.join("、") }} />
          </p>
          <div className="prose" dangerouslySetInnerHTML={{ __html: answered.explanationHtml }} />
          <Link className="button primary large" to={nextUrl}>
            {state.index + 1 < state.total ? "つぎの問題へ" : "結果を見る"}
          </Link>
        </div>
      ) : (
        <Form method="post" className="selfcheck-form">
          <CsrfInput />
          <input type="hidden" name="index" value={state.index} />
          {q.type === "single" ? (
            <div className="big-choices">
              {q.choices.map((c) => (
                <button key={c.id} type="submit" name={`q:${q.id}`} value={c.id} className="big-choice" dangerouslySetInnerHTML={{ __html: c.html }} />
              ))}
            </div>
          ) : q.type === "truefalse" ? (
            <div className="big-choices">
              <button type="submit" name={`q:${q.id}`} value="true" className="big-choice">
                ○ 正しい
              </button>
              <button type="submit" name={`q:${q.id}`} value="false" className="big-choice">
                × まちがい
              </button>
            </div>
          ) : (
            <>
              <QuestionFields question={q} number={state.index + 1} />
              <button type="submit" className="button primary large">
                答える
              </button>
            </>
          )}
        </Form>
      )}
    </div>
  );
}
