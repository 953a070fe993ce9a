import { Form, Link, type LoaderFunctionArgs, type MetaFunction, useLoaderData } from "react-router";
import { StateBadge } from "~/components/program-parts";
import { requirePermission } from "~/auth/guard.server";
import { getDb } from "~/db.server";
import { fiscalYearLabel, fiscalYearOf, formatJapaneseDate } from "~/kernel/dates";
import { requireProgram } from "~/programs/guard.server";
import { listPromoters } from "~/programs/programs.server";
import { CERTIFICATE_STATE_LABELS } from "~/programs/rules";

export const meta: MetaFunction = () => [{ title: "推進員と有効期限 | 学び舎" }];

/** Every certified person: the certificate that counts today, its validity, renewal, placement; the activities CSV. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "program:manage");
  const db = await getDb();
  const program = await requireProgram(user, params);
  const promoters = await listPromoters(db, user.organizationId, program);
  const current = fiscalYearOf(new Date());
  const view = promoters.map((p) => ({
    userId: p.userId,
    name: p.name,
    staffNumber: p.staffNumber,
    enrollmentId: p.enrollmentId,
    code: p.code,
    validity: `${formatJapaneseDate(p.validFrom)}〜${formatJapaneseDate(p.validUntil)}`,
    state: p.nearExpiry ? "near" : p.state,
    stateLabel: p.nearExpiry
      ? "期限が近い"
      : p.renewedUntil && p.state === "valid"
        ? `有効（${formatJapaneseDate(p.renewedUntil)}まで更新済み）`
        : CERTIFICATE_STATE_LABELS[p.state],
    renewalOpen: p.renewal.open,
    placement: p.placement?.departmentName ?? null,
    active: p.active,
  }));
  return {
    program: { slug: program.slug, title: program.title },
    nearExpiry: view.filter((p) => p.state === "near"),
    lapsed: view.filter((p) => p.state === "expired" && p.renewalOpen),
    promoters: view,
    years: [current, current - 1, current - 2].map((y) => ({ value: y, label: fiscalYearLabel(y) })),
  };
}

export default function Promoters() {
  const d = useLoaderData<typeof loader>();
  const link = (p: (typeof d.promoters)[number]) =>
    p.enrollmentId ? <Link to={`/admin/programs/${d.program.slug}/enrollments/${p.enrollmentId}`}>{p.name}</Link> : p.name;
  return (
    <>
      <p>
        <Link to={`/admin/programs/${d.program.slug}`}>← {d.program.title}の選考と育成へ</Link>
      </p>
      <h1>{d.program.title}と有効期限</h1>
      <section aria-labelledby="near">
        <h2 id="near">期限が近い方（今年度で期限が切れる認定）</h2>
        {d.nearExpiry.length === 0 ? (
          <p>期限が近い方はいません。</p>
        ) : (
          <ul className="plain-list">
            {d.nearExpiry.map((p) => (
              <li key={p.userId}>
                {link(p)}（{p.validity}）: 更新の要件を確認し、満たしていれば更新してください。
              </li>
            ))}
          </ul>
        )}
        {d.lapsed.length ? (
          <>
            <h3>期限が切れた方（更新できます）</h3>
            <ul className="plain-list">
              {d.lapsed.map((p) => (
                <li key={p.userId}>
                  {link(p)}（{p.validity}）
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>
      <section aria-labelledby="all">
        <h2 id="all">認定を受けた方（{d.promoters.length}人）</h2>
        <div className="table-wrap" role="region" aria-label="認定を受けた方" tabIndex={0}>
          <table className="data-table program-table">
            <thead>
              <tr>
                <th scope="col">氏名</th>
                <th scope="col">状態</th>
                <th scope="col">有効期間</th>
                <th scope="col">配置</th>
                <th scope="col">確認コード</th>
              </tr>
            </thead>
            <tbody>
              {d.promoters.map((p) => (
                <tr key={p.userId} className={p.active ? undefined : "inactive"}>
                  <th scope="row">
                    {link(p)} <span className="meta">{p.staffNumber}</span>
                  </th>
                  <td>
                    <StateBadge state={p.state}>{p.stateLabel}</StateBadge>
                  </td>
                  <td>{p.validity}</td>
                  <td>{p.placement ?? "未配置"}</td>
                  <td className="code-text">{p.code}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section aria-labelledby="csv">
        <h2 id="csv">人事評価用の活動一覧（CSV）</h2>
        <p>課長が確認した活動を、推進員ごと・年度ごとにダウンロードできます（Excelで開けるUTF-8、BOM付き）。</p>
        <Form method="get" action={`/admin/programs/${d.program.slug}/csv`} className="filters" reloadDocument>
          <div className="field">
            <label htmlFor="fy">年度</label>
            <select id="fy" name="fy" defaultValue={d.years[0]!.value}>
              {d.years.map((y) => (
                <option key={y.value} value={y.value}>
                  {y.label}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="promoter">推進員</label>
            <select id="promoter" name="promoter" defaultValue="">
              <option value="">全員</option>
              {d.promoters.map((p) => (
                <option key={p.userId} value={p.userId}>
                  {p.name}（{p.staffNumber}）
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="button secondary">
            CSVをダウンロード
          </button>
        </Form>
      </section>
    </>
  );
}
