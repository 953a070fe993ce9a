import { Link, type LoaderFunctionArgs, type MetaFunction, useLoaderData } from "react-router";
import { can } from "~/auth/permissions";
import { notFound, requireUser } from "~/auth/guard.server";
import { formatVerificationCode } from "~/certificates/code.server";
import { completionCertificate } from "~/certificates/completions.server";
import { getDb } from "~/db.server";
import { fiscalYearLabel } from "~/kernel/dates";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `修了証 ${data?.courseTitle ?? ""} | 学び舎` }];

const longDate = new Intl.DateTimeFormat("ja-JP", { year: "numeric", month: "long", day: "numeric", timeZone: "Asia/Tokyo" });
const warekiDate = new Intl.DateTimeFormat("ja-JP-u-ca-japanese", { era: "long", year: "numeric", month: "long", day: "numeric", timeZone: "Asia/Tokyo" });

/** 修了証: the learner's own, or one a staff administrator (HR; a 課長 for their 課) may read. Printable on A4. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const cert = await completionCertificate(await getDb(), user.organizationId, params.completionId ?? "");
  if (!cert) notFound("修了証が見つかりません。");
  const own = cert.userId === user.userId;
  if (!own && !can(user, "staff:read", { organizationId: user.organizationId, departmentId: cert.departmentId, userId: cert.userId }))
    notFound("修了証が見つかりません。");
  const origin = new URL(request.url).origin;
  return {
    own,
    name: cert.name,
    organizationName: cert.organizationName,
    courseTitle: cert.courseTitle,
    fiscalYear: fiscalYearLabel(cert.fiscalYear),
    completedOn: `${longDate.format(cert.completedAt)}（${warekiDate.format(cert.completedAt)}）`,
    code: formatVerificationCode(cert.code),
    verifyUrl: `${origin}/verify/${cert.code}`,
    scores: Object.values(cert.scores ?? {}),
  };
}

export default function CompletionCertificate() {
  const d = useLoaderData<typeof loader>();
  return (
    <div className="page narrow">
      <p className="no-print">
        <Link to="/learning">← マイ学習へ戻る</Link>（このページは印刷できます）
      </p>
      <article className="certificate" aria-labelledby="cert-title">
        <h1 id="cert-title" className="certificate-title">
          修了証
        </h1>
        <p className="certificate-name">{d.name} 様</p>
        <p className="certificate-body">
          あなたは{d.fiscalYear}の研修「{d.courseTitle}」を修了したことを証します。
        </p>
        <dl className="facts">
          <div>
            <dt>修了日</dt>
            <dd>{d.completedOn}</dd>
          </div>
          {d.scores.length ? (
            <div>
              <dt>テストの得点</dt>
              <dd>{d.scores.map((s) => `${s}%`).join("、")}</dd>
            </div>
          ) : null}
          <div>
            <dt>確認コード</dt>
            <dd>
              <code className="certificate-code">{d.code}</code>
            </dd>
          </div>
        </dl>
        <p className="certificate-issuer">{d.organizationName}</p>
        <p className="meta">この修了証が本物かどうかは、{d.verifyUrl} で確認できます。</p>
      </article>
    </div>
  );
}
