import { Link, type LoaderFunctionArgs, type MetaFunction, useLoaderData } from "react-router";
import { notFound, requirePermission } from "~/auth/guard.server";
import { getSessionForAdmin } from "~/classes/admin.server";
import { checkinCode, CHECKIN_MARGIN_MS, secondsUntilNextCode } from "~/classes/checkin.server";
import { qrSvg } from "~/classes/qr.server";
import { getDb } from "~/db.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: "セルフ受付の番号 | 学び舎" },
  // The page refreshes itself when the code changes; no JavaScript needed on the instructor's tablet.
  { httpEquiv: "refresh", content: String(data?.refreshIn ?? 30) },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "class:manage");
  const session = await getSessionForAdmin(await getDb(), user.organizationId, params.sessionId ?? "");
  if (!session) notFound("教室の回が見つかりません。");
  const now = new Date();
  const open =
    session.status !== "cancelled" &&
    !session.closedAt &&
    now.getTime() >= session.startsAt.getTime() - CHECKIN_MARGIN_MS &&
    now.getTime() <= session.endsAt.getTime() + CHECKIN_MARGIN_MS;
  const origin = new URL(request.url).origin;
  return {
    title: `${session.title} 第${session.number}回`,
    sessionId: session.id,
    open,
    code: open ? checkinCode(session.checkinSecret, now) : null,
    refreshIn: secondsUntilNextCode(now) + 1,
    checkinUrl: `${origin}/classes/${session.id}/checkin`,
    checkinQr: `data:image/svg+xml;base64,${Buffer.from(await qrSvg(`${origin}/classes/${session.id}/checkin`)).toString("base64")}`,
    surveyQr: `data:image/svg+xml;base64,${Buffer.from(await qrSvg(`${origin}/classes/${session.id}/survey`)).toString("base64")}`,
  };
}

export default function CheckinCode() {
  const d = useLoaderData<typeof loader>();
  return (
    <div className="code-screen">
      <h1>{d.title}</h1>
      {d.open && d.code ? (
        <>
          <p className="code-instructions">スマートフォンで下のアドレスを開き、この4けたの番号と受付番号を入力してください。</p>
          <p className="code-digits" aria-live="polite">
            {d.code}
          </p>
          <p className="code-url">{d.checkinUrl}</p>
          <img className="code-qr" src={d.checkinQr} alt="受付のページを開くQRコード" width={200} height={200} />
          <p className="meta">番号は30秒ごとに変わります（この画面は自動で更新されます）。</p>
        </>
      ) : (
        <p className="notice">いまはセルフ受付の時間ではありません（開始30分前から終了30分後まで。締め切り後は使えません）。</p>
      )}
      <section className="code-survey" aria-labelledby="survey-qr">
        <h2 id="survey-qr">教室が終わったら: アンケート</h2>
        <img className="code-qr" src={d.surveyQr} alt="アンケートのページを開くQRコード" width={200} height={200} />
      </section>
      <p>
        <Link to={`/admin/classes/${d.sessionId}`}>名簿へ戻る</Link>
      </p>
    </div>
  );
}
