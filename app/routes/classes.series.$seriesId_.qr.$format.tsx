import type { LoaderFunctionArgs } from "react-router";
import { notFound } from "~/auth/guard.server";
import { qrPng, qrSvg } from "~/classes/qr.server";
import { getPublicSeries } from "~/classes/queries.server";
import { getDb } from "~/db.server";
import { resourceRoute } from "~/http/unavailable.server";

/** GET /classes/series/<id>/qr/svg or …/qr/png: the QR code of the series page, to print on posters and in the 広報紙. */
export const loader = resourceRoute(async ({ request, params }: LoaderFunctionArgs) => {
  const format = params.format;
  if (format !== "svg" && format !== "png") notFound("形式は svg か png です。");
  const series = await getPublicSeries(await getDb(), params.seriesId ?? "");
  if (!series) notFound("教室が見つかりません。");
  const url = `${new URL(request.url).origin}/classes/series/${series.id}`;
  const headers = { "Cache-Control": "public, max-age=86400", "Content-Disposition": `inline; filename="class-qr.${format}"` };
  if (format === "svg") return new Response(await qrSvg(url), { headers: { ...headers, "Content-Type": "image/svg+xml" } });
  return new Response(new Uint8Array(await qrPng(url)), { headers: { ...headers, "Content-Type": "image/png" } });
});
