import { type ActionFunctionArgs, data, Form, Link, type LoaderFunctionArgs, type MetaFunction, redirect, useActionData, useLoaderData } from "react-router";
import { translatedHandle, useLangAttribute, useTranslation } from "~/i18n/react";
import { CsrfInput } from "~/components/csrf";
import { FormMessage } from "~/components/form";
import { QuestionFields } from "~/components/quiz";
import { Breadcrumbs } from "~/components/site-chrome";
import { requireCsrf } from "~/auth/csrf.server";
import { notFound, requireUser } from "~/auth/guard.server";
import { renderInlineMarkdown, renderMarkdown } from "~/content/markdown.server";
import { SLUG_PATTERN } from "~/content/vocabulary";
import { getDb } from "~/db.server";
import { answersFromForm, gradeQuestion } from "~/quizzes/grading";
import { getQuiz, listAttempts, startAttempt } from "~/quizzes/attempts.server";
import { cycleStart } from "~/learning/progress.server";
import { newPresentation, PRESENTATION_PATTERN, selfCheckPresentation } from "~/quizzes/tokens.server";
import { renderPresented } from "~/quizzes/view.server";
import { formatDateTime } from "~/staff/labels";
import { courseTitleIn } from "~/content/queries.server";
import { metaT } from "~/i18n/i18n";
import { requestT } from "~/i18n/language.server";
import { readForm } from "~/http/form.server";
import { localPath } from "~/http/safe-redirect";

/** The residents' self-check and the exam's start page are translated; the exam attempt itself stays Japanese. */
export const handle = translatedHandle;

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const t = metaT(matches);
  return [{ title: (data ? `${data.quiz.title} (${data.quiz.courseTitle})` : t("quiz.metaTitle")) + t("common.titleSuffix") }];
};

async function findQuiz(request: Request, params: LoaderFunctionArgs["params"]) {
  const courseSlug = params.courseSlug ?? "";
  const quizSlug = params.quizSlug ?? "";
  const { lang, t } = requestT(request);
  // A residents' self-check is read in the visitor's language where it is translated (same questions and answers).
  const quiz = SLUG_PATTERN.test(courseSlug) && SLUG_PATTERN.test(quizSlug) ? await getQuiz(await getDb(), courseSlug, quizSlug, lang) : null;
  if (!quiz) notFound(t("quiz.notFound"));
  return quiz;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const quiz = await findQuiz(request, params);
  const { lang } = requestT(request);
  const def = quiz.definition;
  const courseTitle = (await courseTitleIn(await getDb(), quiz.courseId, lang)) ?? { title: quiz.courseTitle, language: "ja" };
  const summary = {
    title: quiz.title,
    // The language of the quiz's own texts: the visitor's where translated, otherwise its course's.
    language: quiz.language,
    courseTitle: courseTitle.title,
    courseTitleLanguage: courseTitle.language,
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
    // Every screen is a new presentation: a random nonce, sent back with the answer, names the key of its opaque
    // values and its choice order; the key itself needs the server's secret (decision 018).
    const presentation = newPresentation();
    const { questions } = await selfCheckPresentation(await getDb(), quiz, presentation);
    const question = !done && Number.isInteger(index) && index >= 0 && index < questions.length ? renderPresented([questions[index]!])[0]! : null;
    return {
      quiz: summary,
      selfcheck: {
        index: question ? index : 0,
        total: questions.length,
        correctSoFar: Number.isFinite(correctSoFar) ? Math.max(0, correctSoFar) : 0,
        done,
        question,
        presentation,
      },
      exam: null,
    };
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
  const quiz = await findQuiz(request, params);
  const form = await readForm(request);
  requireCsrf(request, form);
  const { t } = requestT(request);
  if (quiz.mode === "selfcheck") {
    // Grade the one question on the server and show its explanation at once.
    const index = Number(form.get("index"));
    const presentation = String(form.get("presentation") ?? "");
    const shown = PRESENTATION_PATTERN.test(presentation) ? await selfCheckPresentation(await getDb(), quiz, presentation) : null;
    const question = Number.isInteger(index) ? shown?.questions[index] : undefined;
    const source = quiz.definition.questions.find((q) => q.id === question?.id);
    if (!shown || !question || !source) return data({ selfcheck: null, error: t("quiz.questionMissing") }, { status: 400 });
    // Opaque values back to ids; a value this screen did not show is refused (a page from before, or a forged one).
    const read = answersFromForm(quiz.definition, form, shown.codes);
    if (!read.ok) return data({ selfcheck: null, error: t(read.reason === "repeated-rank" ? "quiz.chooseAnswer" : "quiz.questionMissing") }, { status: 400 });
    const answers = read.answers;
    if (!answers[source.id]) return data({ selfcheck: null, error: t("quiz.chooseAnswer") }, { status: 400 });
    const result = gradeQuestion(source, answers[source.id]);
    const chosen = answers[source.id] && "choices" in answers[source.id]! ? (answers[source.id] as { choices: string[] }).choices : [];
    const feedback =
      source.type === "single" || source.type === "multiple"
        ? source.choices.filter((c) => chosen.includes(c.id) && c.feedback).map((c) => renderInlineMarkdown(c.feedback!))
        : [];
    const correctText =
      source.type === "single" || source.type === "multiple"
        ? source.choices.filter((c) => c.correct).map((c) => renderInlineMarkdown(c.text))
        : source.type === "truefalse"
          ? [source.answer ? t("quiz.trueAnswer") : t("quiz.falseAnswer")]
          : source.items.map((i, n) => `${n + 1}. ${renderInlineMarkdown(i.text)}`);
    return {
      error: null,
      // ○ / × is interface text; a choice or an item is the quiz's own.
      selfcheck: {
        index,
        correct: result.correct,
        explanationHtml: renderMarkdown(source.explanation),
        feedback,
        correctText,
        correctTextIsInterface: source.type === "truefalse",
      },
    };
  }
  const user = await requireUser(request);
  const started = await startAttempt(await getDb(), user, quiz);
  if (!started.ok) return data({ selfcheck: null, error: started.error }, { status: 409 });
  throw redirect(localPath`/courses/${quiz.courseSlug}/quiz/${quiz.slug}/attempt/${started.attemptId}`);
}

export default function QuizPage() {
  const { quiz, selfcheck, exam } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const quizLang = useLangAttribute(quiz.language);
  const courseLang = useLangAttribute(quiz.courseTitleLanguage);
  const courseUrl = `/courses/${quiz.courseSlug}`;
  return (
    <div className="page narrow">
      <Breadcrumbs
        items={[
          { to: "/", label: t("common.top") },
          { to: courseUrl, label: quiz.courseTitle, lang: courseLang },
          { label: quiz.title, lang: quizLang },
        ]}
      />
      <h1 lang={quizLang}>{quiz.title}</h1>
      {quizLang ? (
        <p className="notice translation-notice" role="note">
          {t("quiz.notTranslated")}
        </p>
      ) : null}
      {result?.error ? <FormMessage>{result.error}</FormMessage> : null}
      {selfcheck ? <SelfCheck quiz={quiz} state={selfcheck} answered={result?.selfcheck ?? null} /> : null}
      {exam ? (
        <>
          {quiz.descriptionHtml ? <div className="prose" lang={quizLang} dangerouslySetInnerHTML={{ __html: quiz.descriptionHtml }} /> : null}
          <dl className="facts">
            <div>
              <dt>{t("quiz.questionCount")}</dt>
              <dd>{t("quiz.questionCountValue", { count: quiz.questionCount })}</dd>
            </div>
            <div>
              <dt>{t("quiz.passMark")}</dt>
              <dd>{t("quiz.passMarkValue", { mark: quiz.passMark })}</dd>
            </div>
            <div>
              <dt>{t("quiz.attempts")}</dt>
              <dd>{quiz.attemptsAllowed ? t("quiz.attemptsValue", { allowed: quiz.attemptsAllowed, remaining: exam.remaining }) : t("quiz.unlimited")}</dd>
            </div>
            <div>
              <dt>{t("quiz.timeLimit")}</dt>
              <dd>{quiz.timeLimitMinutes ? t("quiz.timeLimitValue", { minutes: quiz.timeLimitMinutes }) : t("quiz.none")}</dd>
            </div>
          </dl>
          {exam.passed ? <FormMessage kind="success">{t("quiz.passedAlready")}</FormMessage> : null}
          {exam.open || exam.remaining !== 0 ? (
            <Form method="post">
              <CsrfInput />
              <button type="submit" className="button primary large">
                {exam.open ? t("quiz.continueExam") : t("quiz.startExam")}
              </button>
            </Form>
          ) : (
            <p className="notice">{t("quiz.noAttemptsLeft")}</p>
          )}
          {quiz.timeLimitMinutes && !exam.open ? <p className="hint">{t("quiz.timerHint")}</p> : null}
          {exam.attempts.length ? (
            <section aria-labelledby="history">
              <h2 id="history">{t("quiz.history")}</h2>
              <ul className="plain-list">
                {exam.attempts.map((a) => (
                  <li key={a.id}>
                    <Link to={`/courses/${quiz.courseSlug}/quiz/${quiz.slug}/attempt/${a.id}`}>{t("quiz.attemptNumber", { number: a.attemptNumber })}</Link>（
                    {a.startedAt}）:{" "}
                    {a.status === "submitted"
                      ? `${a.percent}% ${a.passed ? t("quiz.passedShort") : t("quiz.failedShort")}`
                      : a.status === "expired"
                        ? t("quiz.expired")
                        : t("quiz.inProgress")}
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
        </>
      ) : null}
      <p>
        <Link to={courseUrl}>{t("quiz.backToCourse")}</Link>
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
  answered: { index: number; correct: boolean; explanationHtml: string; feedback: string[]; correctText: string[]; correctTextIsInterface: boolean } | null;
}) {
  const { t } = useTranslation();
  const quizLang = useLangAttribute(quiz.language);
  const base = `/courses/${quiz.courseSlug}/quiz/${quiz.slug}`;
  if (state.done) {
    return (
      <div className="selfcheck">
        <p className="selfcheck-score" role="status">
          {t("quiz.score", { total: state.total, correct: Math.min(state.correctSoFar, state.total) })}
        </p>
        <p>{state.correctSoFar >= state.total ? t("quiz.perfect") : t("quiz.wellDone")}</p>
        <p className="actions">
          <Link className="button large" to={`/courses/${quiz.courseSlug}`}>
            {t("quiz.backToCourse")}
          </Link>
          <Link className="button secondary large" to={base}>
            {t("quiz.again")}
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
      <p className="selfcheck-progress">{t("quiz.progress", { number: state.index + 1, total: state.total })}</p>
      {isAnswered || q.type === "single" || q.type === "truefalse" ? (
        <div className="prose selfcheck-prompt" lang={quizLang} dangerouslySetInnerHTML={{ __html: q.promptHtml }} />
      ) : null}
      {isAnswered ? (
        <div className={`selfcheck-answer ${answered.correct ? "is-correct" : "is-wrong"}`} role="status">
          <p className="selfcheck-verdict">{answered.correct ? t("quiz.correctVerdict") : t("quiz.wrongVerdict")}</p>
          {answered.feedback.map((f, i) => (
            <p key={i} lang={quizLang} dangerouslySetInnerHTML={{ __html: f }} />
          ))}
          <p>
            {t("quiz.correctAnswer")}{" "}
            <strong
              lang={answered.correctTextIsInterface ? undefined : quizLang}
              dangerouslySetInnerHTML={{ __html: answered.correctText.join(t("quiz.separator")) }}
            />
          </p>
          <div className="prose" lang={quizLang} dangerouslySetInnerHTML={{ __html: answered.explanationHtml }} />
          <Link className="button primary large" to={nextUrl}>
            {state.index + 1 < state.total ? t("quiz.nextQuestion") : t("quiz.seeResult")}
          </Link>
        </div>
      ) : (
        <Form method="post" className="selfcheck-form">
          <CsrfInput />
          <input type="hidden" name="index" value={state.index} />
          <input type="hidden" name="presentation" value={state.presentation} />
          {q.type === "single" ? (
            <div className="big-choices">
              {q.choices.map((c) => (
                <button
                  key={c.value}
                  type="submit"
                  name={`q:${q.field}`}
                  value={c.value}
                  className="big-choice"
                  lang={quizLang}
                  dangerouslySetInnerHTML={{ __html: c.html }}
                />
              ))}
            </div>
          ) : q.type === "truefalse" ? (
            <div className="big-choices">
              {q.options.map((o) => (
                <button key={o.value} type="submit" name={`q:${q.field}`} value={o.value} className="big-choice">
                  {o.truth ? t("quiz.true") : t("quiz.false")}
                </button>
              ))}
            </div>
          ) : (
            <>
              <QuestionFields question={q} number={state.index + 1} contentLang={quizLang} />
              <button type="submit" className="button primary large">
                {t("quiz.answer")}
              </button>
            </>
          )}
        </Form>
      )}
    </div>
  );
}
