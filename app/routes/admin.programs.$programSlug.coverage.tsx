import { Link, type LoaderFunctionArgs, type MetaFunction, useLoaderData } from "react-router";
import { StatGrid } from "~/components/stats";
import { requirePermission } from "~/auth/guard.server";
import { getDb } from "~/db.server";
import { requireProgram } from "~/programs/guard.server";
import { coverage, listPromoters } from "~/programs/programs.server";
import { formatJapaneseDate } from "~/kernel/dates";

export const meta: MetaFunction = () => [{ title: "課ごとの配置 | 学び舎" }];

/** 配置の状況: every 課 — which have a promoter with a valid certificate, which do not — for HR and the DX office. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "program:manage");
  const db = await getDb();
  const program = await requireProgram(user, params);
  const [cov, promoters] = await Promise.all([coverage(db, user.organizationId, program), listPromoters(db, user.organizationId, program)]);
  const placed = new Set(cov.departments.flatMap((d) => d.promoters.map((p) => p.userId)));
  return {
    program: { slug: program.slug, title: program.title },
    covered: cov.covered,
    total: cov.total,
    percent: cov.percent,
    departments: cov.departments.map((d) => ({
      id: d.id,
      name: d.name,
      promoters: d.promoters.map((p) => ({ name: p.name, until: p.validUntil ? formatJapaneseDate(p.validUntil) : "" })),
    })),
    unplaced: promoters
      .filter((p) => p.state === "valid" && !placed.has(p.userId))
      .map((p) => ({ userId: p.userId, name: p.name, enrollmentId: p.enrollmentId })),
  };
}

export default function Coverage() {
  const d = useLoaderData<typeof loader>();
  const uncovered = d.departments.filter((x) => x.promoters.length === 0);
  return (
    <>
      <p>
        <Link to={`/admin/programs/${d.program.slug}`}>← {d.program.title}の選考と育成へ</Link>
      </p>
      <h1>課ごとの{d.program.title}の配置</h1>
      <p>有効な認定を受けた推進員が配置されている課を数えています。</p>
      <StatGrid
        items={[
          { label: "推進員のいる課", value: `${d.covered}課` },
          { label: "いない課", value: `${d.total - d.covered}課`, warn: d.total > d.covered },
          { label: "配置率", value: `${d.percent}%` },
        ]}
      />
      {uncovered.length ? (
        <p>
          <strong>推進員のいない課:</strong> {uncovered.map((x) => x.name).join("、")}
        </p>
      ) : null}
      <div className="table-wrap" role="region" aria-label="課ごとの推進員" tabIndex={0}>
        <table className="data-table program-table">
          <caption className="visually-hidden">課ごとの推進員</caption>
          <thead>
            <tr>
              <th scope="col">課</th>
              <th scope="col">推進員（有効期限）</th>
            </tr>
          </thead>
          <tbody>
            {d.departments.map((x) => (
              <tr key={x.id} className={x.promoters.length ? undefined : "coverage-gap"}>
                <th scope="row">{x.name}</th>
                <td>{x.promoters.length ? x.promoters.map((p) => `${p.name}（${p.until}まで）`).join("、") : "未配置"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {d.unplaced.length ? (
        <section aria-labelledby="unplaced">
          <h2 id="unplaced">配置されていない推進員</h2>
          <ul className="plain-list">
            {d.unplaced.map((p) => (
              <li key={p.userId}>
                {p.enrollmentId ? <Link to={`/admin/programs/${d.program.slug}/enrollments/${p.enrollmentId}#placement`}>{p.name}</Link> : p.name}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
