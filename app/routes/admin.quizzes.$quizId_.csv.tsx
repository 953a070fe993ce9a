import type { LoaderFunctionArgs } from "react-router";
import { notFound, requirePermission } from "~/auth/guard.server";
import { getDb } from "~/db.server";
import { itemAnalysis, itemAnalysisCsv } from "~/quizzes/stats.server";

/** GET /admin/quizzes/<id>/csv: the item analysis as a CSV file (UTF-8 with BOM). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "quiz:stats");
  const analysis = await itemAnalysis(await getDb(), user.organizationId, params.quizId ?? "");
  if (!analysis) notFound("テストが見つかりません。");
  const date = new Date().toISOString().slice(0, 10);
  return new Response(itemAnalysisCsv(analysis), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="quiz-analysis-${date}.csv"; filename*=UTF-8''${encodeURIComponent(`${analysis.quiz.title}_分析_${date}.csv`)}`,
      "Cache-Control": "private, no-store",
    },
  });
}
