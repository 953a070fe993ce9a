import { type ActionFunctionArgs, data, Form, Link, type LoaderFunctionArgs, type MetaFunction, redirect, useActionData, useLoaderData } from "react-router";
import { CsrfInput } from "~/components/csrf";
import { FormMessage, TextField } from "~/components/form";
import { StateBadge } from "~/components/program-parts";
import { StatGrid } from "~/components/stats";
import { requireCsrf } from "~/auth/csrf.server";
import { readForm } from "~/http/form.server";
import { actorOf, requirePermission } from "~/auth/guard.server";
import { getDb } from "~/db.server";
import { requireProgram } from "~/programs/guard.server";
import { coverage, listEnrollments, listPromoters, nominate } from "~/programs/programs.server";
import { describeEligibility, ENROLLMENT_STATUS_LABELS, rankByExam } from "~/programs/rules";
import { localPath } from "~/http/safe-redirect";
import { formatJapaneseDate } from "~/kernel/dates";

export const meta: MetaFunction<typeof loader> = ({ data: d }) => [{ title: `${d?.program.title ?? "認定制度"}の選考と育成 | 学び舎` }];

/** HR: candidates ranked by the selection exam, people in training with their progress, nomination. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "program:manage");
  const db = await getDb();
  const program = await requireProgram(user, params);
  const [enrollments, promoters, cov] = await Promise.all([
    listEnrollments(db, user.organizationId, program),
    listPromoters(db, user.organizationId, program),
    coverage(db, user.organizationId, program),
  ]);
  const row = (e: (typeof enrollments)[number]) => ({
    id: e.id,
    rank: e.rank,
    staffNumber: e.staffNumber,
    name: e.name,
    department: e.departmentName ?? "—",
    jobRank: e.jobRankName ?? "—",
    origin: e.origin === "nominated" ? "推薦" : "応募",
    since: formatJapaneseDate(e.createdAt),
    percent: e.percent,
    passed: e.passed,
    status: e.status,
    statusLabel: ENROLLMENT_STATUS_LABELS[e.status],
    progress: `${e.metCount}/${e.itemCount}`,
    complete: e.complete,
    note: e.note,
  });
  return {
    program: { slug: program.slug, title: program.title },
    eligibility: describeEligibility(program.definition.eligibility),
    passMark: program.definition.selectionExam.passMark,
    // Ranked among the candidates still waiting for a decision.
    candidates: rankByExam(enrollments.filter((e) => e.status === "applied" || e.status === "nominated")).map(row),
    inTraining: enrollments.filter((e) => e.status === "selected").map(row),
    closed: enrollments.filter((e) => e.status === "not_selected" || e.status === "withdrawn").map(row),
    stats: {
      candidates: enrollments.filter((e) => e.status === "applied" || e.status === "nominated").length,
      inTraining: enrollments.filter((e) => e.status === "selected").length,
      valid: promoters.filter((p) => p.state === "valid").length,
      nearExpiry: promoters.filter((p) => p.nearExpiry).length,
      covered: `${cov.covered}/${cov.total}課`,
    },
    done: new URL(request.url).searchParams.get("done"),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, "program:manage");
  const form = await readForm(request);
  requireCsrf(request, form);
  const db = await getDb();
  const program = await requireProgram(user, params);
  const staffNumber = String(form.get("staffNumber") ?? "").trim();
  const note =
    String(form.get("note") ?? "")
      .trim()
      .slice(0, 500) || null;
  if (!staffNumber) return data({ error: "推薦する職員の職員番号を入力してください。" }, { status: 400 });
  const result = await nominate(db, actorOf(user, context), program, staffNumber, note);
  if (!result.ok) return data({ error: result.error }, { status: result.status ?? 400 });
  throw redirect(localPath`/admin/programs/${program.slug}?done=nominated`);
}

type Row = ReturnType<typeof useLoaderData<typeof loader>>["candidates"][number];

function PersonCell({ r, slug }: { r: Row; slug: string }) {
  return (
    <th scope="row">
      <Link to={`/admin/programs/${slug}/enrollments/${r.id}`}>{r.name}</Link>
      <span className="meta"> {r.staffNumber}</span>
    </th>
  );
}

export default function ProgramAdmin() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <>
      <h1>{d.program.title}の選考と育成</h1>
      <nav aria-label="認定制度の管理" className="program-subnav">
        <Link to={`/admin/programs/${d.program.slug}/promoters`}>推進員と有効期限</Link>
        <Link to={`/admin/programs/${d.program.slug}/coverage`}>課ごとの配置</Link>
        <Link to={`/admin/programs/${d.program.slug}/activities`}>活動記録</Link>
      </nav>
      {d.done === "nominated" ? <FormMessage kind="success">推薦しました。候補者に選考試験の受験を案内してください。</FormMessage> : null}
      {result?.error ? <FormMessage>{result.error}</FormMessage> : null}
      <StatGrid
        items={[
          { label: "選考中", value: `${d.stats.candidates}人` },
          { label: "育成中（選定済み）", value: `${d.stats.inTraining}人` },
          { label: "認定者（有効）", value: `${d.stats.valid}人` },
          { label: "期限が近い認定", value: `${d.stats.nearExpiry}人`, warn: d.stats.nearExpiry > 0 },
          { label: "推進員のいる課", value: d.stats.covered },
        ]}
      />

      <section aria-labelledby="candidates">
        <h2 id="candidates">選考中の候補者（選考試験の結果順）</h2>
        <p>合格の目安は{d.passMark}点です。名前を選ぶと、選定・不選定を所見とあわせて記録できます。</p>
        {d.candidates.length === 0 ? (
          <p>選考中の候補者はいません。</p>
        ) : (
          <div className="table-wrap" role="region" aria-label="選考中の候補者" tabIndex={0}>
            <table className="data-table program-table">
              <thead>
                <tr>
                  <th scope="col">順位</th>
                  <th scope="col">氏名</th>
                  <th scope="col">課</th>
                  <th scope="col">職位</th>
                  <th scope="col">経緯</th>
                  <th scope="col">選考試験</th>
                </tr>
              </thead>
              <tbody>
                {d.candidates.map((r) => (
                  <tr key={r.id}>
                    <td>{r.rank ?? "—"}</td>
                    <PersonCell r={r} slug={d.program.slug} />
                    <td>{r.department}</td>
                    <td>{r.jobRank}</td>
                    <td>
                      {r.origin}（{r.since}）
                    </td>
                    <td>
                      {r.percent === null ? (
                        "未受験"
                      ) : (
                        <StateBadge state={r.passed ? "valid" : "expired"}>{`${r.percent}点・${r.passed ? "合格" : "不合格"}`}</StateBadge>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="training">
        <h2 id="training">育成中（選定済み）</h2>
        {d.inTraining.length === 0 ? (
          <p>育成中の方はいません。</p>
        ) : (
          <div className="table-wrap" role="region" aria-label="育成中の方" tabIndex={0}>
            <table className="data-table program-table">
              <thead>
                <tr>
                  <th scope="col">氏名</th>
                  <th scope="col">課</th>
                  <th scope="col">要件</th>
                  <th scope="col">認定</th>
                </tr>
              </thead>
              <tbody>
                {d.inTraining.map((r) => (
                  <tr key={r.id}>
                    <PersonCell r={r} slug={d.program.slug} />
                    <td>{r.department}</td>
                    <td>{r.progress}</td>
                    <td>{r.complete ? <StateBadge state="valid">認定できます</StateBadge> : "要件を満たしていません"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="nominate">
        <h2 id="nominate">職員を推薦する</h2>
        <p>対象は{d.eligibility}です。対象外の場合は理由を表示します。</p>
        <Form method="post" className="stack narrow-form">
          <CsrfInput />
          <TextField id="staffNumber" name="staffNumber" label="職員番号" required autoComplete="off" />
          <TextField id="note" name="note" label="推薦の理由（任意）" maxLength={500} />
          <button type="submit" className="button">
            推薦する
          </button>
        </Form>
      </section>

      {d.closed.length ? (
        <details className="help">
          <summary>選定されなかった方・辞退した方（{d.closed.length}人）</summary>
          <ul className="plain-list">
            {d.closed.map((r) => (
              <li key={r.id}>
                <Link to={`/admin/programs/${d.program.slug}/enrollments/${r.id}`}>{r.name}</Link>（{r.department}）: {r.statusLabel}
                {r.note ? `・所見: ${r.note}` : ""}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </>
  );
}
