import { Link, type LoaderFunctionArgs, type MetaFunction, useLoaderData } from "react-router";
import { StatGrid } from "~/components/stats";
import { notFound, requirePermission } from "~/auth/guard.server";
import { getDb } from "~/db.server";
import { itemAnalysis } from "~/quizzes/stats.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.analysis.quiz.title ?? "テスト"}の分析 | 学び舎` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "quiz:stats");
  const analysis = await itemAnalysis(await getDb(), user.organizationId, params.quizId ?? "");
  if (!analysis) notFound("テストが見つかりません。");
  return { analysis };
}

export default function QuizAnalysis() {
  const { analysis } = useLoaderData<typeof loader>();
  const { quiz, totals, questions } = analysis;
  return (
    <>
      <p>
        <Link to="/admin/quizzes">← テストの結果へ</Link>
      </p>
      <h1>{quiz.title}</h1>
      <p>講座: {quiz.courseTitle}</p>
      <StatGrid
        items={[
          { label: "受験者数", value: `${totals.people}人` },
          { label: "受験回数", value: `${totals.attempts}回` },
          { label: "合格率", value: totals.passRate === null ? "—" : `${totals.passRate}%` },
          { label: "平均点", value: totals.averagePercent === null ? "—" : `${totals.averagePercent}%` },
        ]}
      />
      <p>
        <a className="button secondary" href={`/admin/quizzes/${quiz.id}/csv`} download>
          CSVでダウンロード（Excel用）
        </a>
      </p>
      <h2>問題ごとの分析</h2>
      <p className="hint">正答率が低い問題や、特定の誤った選択肢が多く選ばれている問題は、教材の説明が伝わりにくい箇所かもしれません。</p>
      {questions.map((q, i) => (
        <section key={q.id} className={`analysis ${q.correctRate !== null && q.correctRate < 50 ? "analysis-weak" : ""}`} aria-labelledby={`aq-${q.id}`}>
          <h3 id={`aq-${q.id}`}>
            第{i + 1}問（{q.id}）: 正答率 {q.correctRate === null ? "—" : `${q.correctRate}%`}
            <span className="points">（回答 {q.answered}件）</span>
          </h3>
          <p className="analysis-prompt">{q.prompt}</p>
          {q.options.length ? (
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">選択肢</th>
                  <th scope="col">正解</th>
                  <th scope="col">選んだ人</th>
                  <th scope="col">選択率</th>
                </tr>
              </thead>
              <tbody>
                {q.options.map((o) => (
                  <tr key={o.id}>
                    <td>{o.text}</td>
                    <td>{o.correct ? "○" : ""}</td>
                    <td>{o.chosen}</td>
                    <td>
                      <progress className="bar" max={100} value={o.share ?? 0} aria-hidden="true" />
                      {o.share === null ? "—" : `${o.share}%`}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </section>
      ))}
    </>
  );
}
