import { data, type HeadersFunction, Link, type LoaderFunctionArgs, type MetaFunction, useLoaderData } from "react-router";
import { FactList, StateBadge } from "~/components/program-parts";
import { FormMessage } from "~/components/form";
import { clientIp } from "~/auth/guard.server";
import { formatVerificationCode, normalizeVerificationCode } from "~/certificates/code.server";
import { verifyCode } from "~/certificates/verify.server";
import { getDb } from "~/db.server";
import { formatJapaneseDate } from "~/kernel/dates";

export const meta: MetaFunction = () => [{ title: "認定証・修了証の確認結果 | 学び舎" }, { name: "robots", content: "noindex" }];
export const headers: HeadersFunction = ({ loaderHeaders }) => loaderHeaders;

const STATE_TEXT = {
  valid: { heading: "有効な認定です", badge: "有効" },
  not_yet_valid: { heading: "この認定は、まだ有効期間の前です", badge: "有効期間前" },
  expired: { heading: "この認定は有効期限が切れています", badge: "有効期限切れ" },
  revoked: { heading: "この認定は取り消されています", badge: "取消" },
} as const;

/** GET /verify/<code>: public, no sign-in. Shows only name, what was certified, organization and dates. */
export async function loader({ params, context }: LoaderFunctionArgs) {
  const raw = params.code ?? "";
  const result = await verifyCode(await getDb(), raw, clientIp(context));
  const normalized = normalizeVerificationCode(raw);
  const code = normalized ? formatVerificationCode(normalized) : raw.slice(0, 40);
  const noStore = { "Cache-Control": "no-store" };
  switch (result.kind) {
    case "throttled":
      return data(
        { kind: "throttled" as const, code, message: result.message },
        { status: 429, headers: { ...noStore, "Retry-After": String(result.retryAfterSeconds) } },
      );
    case "malformed":
    case "unknown":
      return data({ kind: "unknown" as const, code }, { status: 404, headers: noStore });
    case "program":
      return data(
        {
          kind: "program" as const,
          code,
          state: result.state,
          heading: STATE_TEXT[result.state].heading,
          badge: STATE_TEXT[result.state].badge,
          facts: [
            ["氏名", result.name],
            ["認定", result.title],
            ["自治体", result.organizationName],
            ["認定日", formatJapaneseDate(result.issuedOn)],
            ["有効期間", `${formatJapaneseDate(result.validFrom)}から${formatJapaneseDate(result.validUntil)}まで`],
            ...(result.revokedOn ? [["取消日", formatJapaneseDate(result.revokedOn)]] : []),
          ] as [string, string][],
        },
        { headers: noStore },
      );
    case "course":
      return data(
        {
          kind: "course" as const,
          code,
          facts: [
            ["氏名", result.name],
            ["講座", result.title],
            ["自治体", result.organizationName],
            ["修了日", formatJapaneseDate(result.completedOn)],
          ] as [string, string][],
        },
        { headers: noStore },
      );
  }
}

export default function VerifyResult() {
  const d = useLoaderData<typeof loader>();
  return (
    <div className="page narrow">
      <p className="meta">確認コード {d.code}</p>
      {d.kind === "throttled" ? (
        <>
          <h1>しばらくお待ちください</h1>
          <FormMessage>{d.message}</FormMessage>
        </>
      ) : d.kind === "unknown" ? (
        <>
          <h1>証明書が見つかりませんでした</h1>
          <p>
            この確認コードの認定証・修了証はありません。コードを打ち間違えていないか、証書と見比べてお確かめください（数字の0と英字のO、1とIは同じものとして扱います）。
          </p>
        </>
      ) : d.kind === "program" ? (
        <section className={`verify-result verify-${d.state}`} aria-labelledby="verify-heading">
          <h1 id="verify-heading">{d.heading}</h1>
          <p>
            <StateBadge state={d.state}>{d.badge}</StateBadge>
          </p>
          <FactList items={d.facts} />
        </section>
      ) : (
        <section className="verify-result verify-valid" aria-labelledby="verify-heading">
          <h1 id="verify-heading">講座を修了しています</h1>
          <p>
            <StateBadge state="valid">修了</StateBadge>
          </p>
          <FactList items={d.facts} />
        </section>
      )}
      <p>
        <Link to="/verify">別の確認コードを確かめる</Link>
      </p>
    </div>
  );
}
