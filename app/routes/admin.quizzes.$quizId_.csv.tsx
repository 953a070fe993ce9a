import type { LoaderFunctionArgs } from "react-router";
import { notFound, requirePermission } from "~/auth/guard.server";
import { getDb } from "~/db.server";
import { itemAnalysis, itemAnalysisCsv } from "~/quizzes/stats.server";
import { csvResponse } from "~/http/csv.server";
import { resourceRoute } from "~/http/unavailable.server";

/** GET /admin/quizzes/<id>/csv: the item analysis as a CSV file (UTF-8 with BOM). */
export const loader = resourceRoute(async ({ request, params }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, "quiz:stats");
  const analysis = await itemAnalysis(await getDb(), user.organizationId, params.quizId ?? "");
  if (!analysis) notFound("テストが見つかりません。");
  const date = new Date().toISOString().slice(0, 10);
  return csvResponse(itemAnalysisCsv(analysis), `quiz-analysis-${date}.csv`, `${analysis.quiz.title}_分析_${date}.csv`);
});
