import { Link, type LoaderFunctionArgs, type MetaFunction, useLoaderData } from "react-router";
import { requirePermission } from "~/auth/guard.server";
import { getDb } from "~/db.server";
import { quizOverview } from "~/quizzes/stats.server";

export const meta: MetaFunction = () => [{ title: "テストの結果 | 学び舎" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "quiz:stats");
  return { quizzes: await quizOverview(await getDb(), user.organizationId), organizationName: user.organizationName };
}

export default function QuizStats() {
  const { quizzes, organizationName } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>テストの結果</h1>
      <p>{organizationName}の職員が提出した理解度テストの集計です。問題ごとの正答率と、選択肢ごとの選ばれ方は各テストのページで見られます。</p>
      <div className="table-wrap">
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">テスト</th>
              <th scope="col">講座</th>
              <th scope="col">受験者数</th>
              <th scope="col">受験回数</th>
              <th scope="col">合格率</th>
              <th scope="col">平均点</th>
            </tr>
          </thead>
          <tbody>
            {quizzes.map((q) => (
              <tr key={q.id}>
                <td>
                  <Link to={`/admin/quizzes/${q.id}`}>{q.title}</Link>
                </td>
                <td>{q.courseTitle}</td>
                <td>{q.people}人</td>
                <td>{q.attempts}回</td>
                <td>{q.passRate === null ? "—" : `${q.passRate}%`}</td>
                <td>{q.averagePercent === null ? "—" : `${q.averagePercent}%`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
