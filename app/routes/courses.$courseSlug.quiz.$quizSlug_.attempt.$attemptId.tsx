import {
  type ActionFunctionArgs,
  data,
  Form,
  Link,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
  useActionData,
  useLoaderData,
  useNavigation,
} from "react-router";
import { CsrfInput } from "~/components/csrf";
import { FormMessage } from "~/components/form";
import { QuestionFields, ReviewedQuestionView } from "~/components/quiz";
import { Breadcrumbs } from "~/components/site-chrome";
import { requireCsrf } from "~/auth/csrf.server";
import { notFound, requireUser } from "~/auth/guard.server";
import { getDb } from "~/db.server";
import { answersFromForm, gradeQuiz } from "~/quizzes/grading";
import { DEADLINE_GRACE_MS, getAttempt, getQuiz, submitAttempt } from "~/quizzes/attempts.server";
import { attemptPresentation, formCodes } from "~/quizzes/tokens.server";
import { renderPresented, reviewQuestions } from "~/quizzes/view.server";
import { formatDateTime } from "~/staff/labels";
import { readForm } from "~/http/form.server";
import { localPath } from "~/http/safe-redirect";

export const meta: MetaFunction = () => [{ title: "受験 | 学び舎" }];

async function load(request: Request, params: LoaderFunctionArgs["params"]) {
  const user = await requireUser(request);
  const db = await getDb();
  const quiz = await getQuiz(db, params.courseSlug ?? "", params.quizSlug ?? "");
  // Only the person who started the attempt can read or submit it; for anyone else it does not exist.
  const attempt = quiz ? await getAttempt(db, user, params.attemptId ?? "") : null;
  if (!quiz || !attempt || attempt.quizId !== quiz.id) notFound("受験が見つかりません。");
  return { user, db, quiz, attempt };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { quiz, attempt } = await load(request, params);
  const def = attempt.definition; // the version this attempt started on, even if the quiz changed since
  // Choices, items and true/false options go out as opaque values keyed by the attempt's secret (decision 018).
  const { questions } = attemptPresentation(attempt);
  const head = {
    quizTitle: def.title,
    courseSlug: quiz.courseSlug,
    courseTitle: quiz.courseTitle,
    quizSlug: quiz.slug,
    attemptNumber: attempt.attemptNumber,
    passMark: def.passMark,
    courseCompleted: new URL(request.url).searchParams.get("completed") === "1",
  };
  if (attempt.status === "submitted") {
    const result = gradeQuiz(def, attempt.answers ?? {});
    return {
      ...head,
      state: "submitted" as const,
      questions: null,
      deadline: null,
      result: {
        score: result.score,
        maxScore: result.maxScore,
        percent: result.percent,
        passed: result.passed,
        submittedAt: formatDateTime(attempt.submittedAt!),
      },
      review: reviewQuestions(def, questions, result),
    };
  }
  const expired = attempt.status === "expired" || (attempt.deadlineAt && attempt.now.getTime() > attempt.deadlineAt.getTime() + DEADLINE_GRACE_MS);
  return {
    ...head,
    state: expired ? ("expired" as const) : ("in_progress" as const),
    // Before grading only the presented questions leave the server: no correct flags, no feedback, no explanations.
    questions: expired ? null : renderPresented(questions),
    deadline: attempt.deadlineAt ? formatDateTime(attempt.deadlineAt) : null,
    result: null,
    review: null,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, db, quiz, attempt } = await load(request, params);
  const form = await readForm(request);
  requireCsrf(request, form);
  // Opaque values back to ids; a value this attempt never showed (a forged or stale form) is refused, never graded.
  const read = answersFromForm(attempt.definition, form, formCodes(attempt.definition, attempt.tokenSecret));
  if (!read.ok) return data({ error: read.error }, { status: 400 });
  const result = await submitAttempt(db, user, attempt.id, read.answers, attempt);
  if (!result.ok) return data({ error: result.error }, { status: result.status });
  throw redirect(localPath`/courses/${quiz.courseSlug}/quiz/${quiz.slug}/attempt/${attempt.id}` + (result.courseCompleted ? "?completed=1" : ""));
}

export default function AttemptPage() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const submitting = useNavigation().state === "submitting";
  const quizUrl = `/courses/${d.courseSlug}/quiz/${d.quizSlug}`;
  return (
    <div className="page narrow">
      <Breadcrumbs
        items={[
          { to: "/", label: "トップ" },
          { to: `/courses/${d.courseSlug}`, label: d.courseTitle },
          { to: quizUrl, label: d.quizTitle },
          { label: `第${d.attemptNumber}回` },
        ]}
      />
      <h1>
        {d.quizTitle}
        <span className="subtitle">第{d.attemptNumber}回</span>
      </h1>
      {actionData?.error ? <FormMessage>{actionData.error}</FormMessage> : null}
      {d.state === "expired" ? (
        <>
          <FormMessage>制限時間を過ぎたため、この受験は終了しました。</FormMessage>
          <Link to={quizUrl}>クイズのページへ戻る</Link>
        </>
      ) : null}
      {d.state === "in_progress" && d.questions ? (
        <>
          <p>
            全{d.questions.length}問です。合格点は{d.passMark}%以上です。
            {d.deadline ? <strong> {d.deadline}までに「採点する」を押してください。</strong> : null}
          </p>
          <Form method="post" className="quiz-form">
            <CsrfInput />
            {d.questions.map((q, i) => (
              <QuestionFields key={q.field} question={q} number={i + 1} />
            ))}
            <p className="hint">答えていない問題は不正解として採点されます。</p>
            <button type="submit" className="button primary large" disabled={submitting}>
              {submitting ? "採点しています…" : "採点する"}
            </button>
          </Form>
        </>
      ) : null}
      {d.state === "submitted" && d.result && d.review ? (
        <>
          {d.courseCompleted ? (
            <FormMessage kind="success">おめでとうございます。「{d.courseTitle}」を修了しました。マイ学習で修了日を確認できます。</FormMessage>
          ) : null}
          <div className={`result-box ${d.result.passed ? "passed" : "failed"}`} role="status">
            <p className="result-verdict">{d.result.passed ? "合格です" : "不合格です"}</p>
            <p>
              得点: {d.result.score} / {d.result.maxScore}点（{d.result.percent}%）・合格点 {d.passMark}%
            </p>
            <p className="meta">提出: {d.result.submittedAt}</p>
          </div>
          <h2>問題ごとの結果と解説</h2>
          {d.review.map((q, i) => (
            <ReviewedQuestionView key={i} question={q} number={i + 1} />
          ))}
          <p className="actions">
            <Link className="button" to={`/courses/${d.courseSlug}`}>
              講座のページへ戻る
            </Link>
            <Link className="button secondary" to={quizUrl}>
              クイズのページへ
            </Link>
          </p>
        </>
      ) : null}
    </div>
  );
}
