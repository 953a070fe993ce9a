import { type ActionFunctionArgs, data, Form, Link, type LoaderFunctionArgs, type MetaFunction, redirect, useActionData, useLoaderData } from "react-router";
import { CsrfInput } from "~/components/csrf";
import { FormMessage } from "~/components/form";
import { FactList, RequirementList, StateBadge } from "~/components/program-parts";
import { Breadcrumbs } from "~/components/site-chrome";
import { requireCsrf } from "~/auth/csrf.server";
import { readForm } from "~/http/form.server";
import { clientIp, notFound, requireUser } from "~/auth/guard.server";
import { getDb } from "~/db.server";
import { applyToProgram, getProgram, myProgramState, withdraw } from "~/programs/programs.server";
import { describeEligibility, ENROLLMENT_STATUS_LABELS, formatJapaneseDate, jstDate } from "~/programs/rules";
import { certificateView, requirementViews } from "~/programs/view.server";
import { localPath } from "~/http/safe-redirect";

export const meta: MetaFunction<typeof loader> = ({ data: d }) => [{ title: `${d?.program.title ?? "認定制度"} | 学び舎` }];

async function programOr404(organizationId: string, slug: string | undefined) {
  const program = await getProgram(await getDb(), organizationId, slug ?? "");
  if (!program) notFound("この自治体では、この制度を実施していません。");
  return program;
}

/** The programme for a staff member: what it is, whether they may apply (and why not), and their own progress. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const program = await programOr404(user.organizationId, params.programSlug);
  const now = new Date();
  const today = jstDate(now);
  const state = (await myProgramState(await getDb(), user.organizationId, user.userId, program, now))!;
  const status = state.enrollment?.status ?? null;
  const exam = program.definition.selectionExam;
  const d = program.definition;
  return {
    program: { slug: program.slug, title: program.title, summary: program.summary, descriptionHtml: program.descriptionHtml },
    eligibilityText: describeEligibility(d.eligibility),
    eligible: state.eligibility.eligible,
    reasons: state.eligibility.reasons,
    steps: [
      `応募します（人事課から推薦されることもあります）。対象は${describeEligibility(d.eligibility)}です。`,
      `選考試験を受けます（合格の目安は${exam.passMark}点です）。人事課が結果をもとに選定します。`,
      [
        d.requiredCourses.length ? `講座（${d.requiredCourses.map((c) => `「${state.titles[c] ?? c}」`).join("")}）を修了します。` : "",
        d.requiredTrainings ? `集合研修に${d.requiredTrainings.count}回出席します。` : "",
        d.improvementReport ? "業務改善レポートを提出し、人事課の承認を受けます。" : "",
      ].join(""),
      `すべての要件を満たすと認定されます。認定の有効期間は、認定した年度を含めて${d.validityFiscalYears}年度です。`,
      "認定後は課に配置され、改善の活動を記録します。課長が確認した活動は人事評価の振り返りに使われます。",
    ].filter(Boolean),
    status,
    statusLabel: status ? ENROLLMENT_STATUS_LABELS[status] : null,
    decisionNote: status === "not_selected" ? state.enrollment?.note ?? null : null,
    examUrl: `/courses/${exam.course}/quiz/${exam.quiz}`,
    exam: state.facts.exam ? { percent: state.facts.exam.percent, on: formatJapaneseDate(state.facts.exam.submittedAt), passMark: exam.passMark } : null,
    canApply: state.eligibility.eligible && (!status || status === "not_selected" || status === "withdrawn"),
    canWithdraw: status === "applied" || status === "nominated" || status === "selected",
    // After certification the certificate speaks for itself (and, near expiry, the renewal requirements).
    showRequirements: status === "selected",
    requirements: requirementViews(state.evaluation, program, { links: status === "selected" }),
    complete: state.evaluation.complete,
    certificate: state.certificate ? certificateView(state.certificate, today, program) : null,
    nearExpiry: state.nearExpiry,
    renewal: state.renewal,
    renewalRequirements: state.renewalEvaluation && state.nearExpiry ? requirementViews(state.renewalEvaluation, program, { links: true }) : [],
    placement: state.placement ? { department: state.placement.departmentName, since: formatJapaneseDate(state.placement.placedOn) } : null,
    done: new URL(request.url).searchParams.get("done"),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await readForm(request);
  requireCsrf(request, form);
  const program = await programOr404(user.organizationId, params.programSlug);
  const ctx = { organizationId: user.organizationId, actorUserId: user.userId, ip: clientIp(context) };
  const db = await getDb();
  const intent = String(form.get("intent") ?? "");
  if (intent === "apply") {
    const result = await applyToProgram(db, ctx, program);
    if (!result.ok) return data({ error: result.error }, { status: result.status ?? 400 });
    throw redirect(localPath`/programs/${program.slug}?done=applied`);
  }
  if (intent === "withdraw") {
    const result = await withdraw(db, ctx, program);
    if (!result.ok) return data({ error: result.error }, { status: result.status ?? 400 });
    throw redirect(localPath`/programs/${program.slug}?done=withdrawn`);
  }
  return data({ error: "操作を選び直してください。" }, { status: 400 });
}

const DONE: Record<string, string> = {
  applied: "応募を受け付けました。次は選考試験を受けてください。",
  withdrawn: "辞退しました。",
};

export default function ProgramPage() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="page narrow">
      <Breadcrumbs items={[{ to: "/learning", label: "マイ学習" }, { label: d.program.title }]} />
      <h1>{d.program.title}</h1>
      <p className="lead">{d.program.summary}</p>
      {d.done && DONE[d.done] ? <FormMessage kind="success">{DONE[d.done]}</FormMessage> : null}
      {result?.error ? <FormMessage>{result.error}</FormMessage> : null}

      {d.certificate ? (
        <section aria-labelledby="certificate" className="program-card">
          <h2 id="certificate">あなたの認定</h2>
          <p>
            <StateBadge state={d.certificate.state}>{d.certificate.stateLabel}</StateBadge>
          </p>
          <FactList
            items={[
              ["確認コード", <span className="code-text">{d.certificate.code}</span>],
              ["認定日", d.certificate.issuedOn],
              ["有効期間", `${d.certificate.validFrom}から${d.certificate.validUntil}まで`],
              ["配置", d.placement ? `${d.placement.department}（${d.placement.since}から）` : "未配置"],
              ...(d.certificate.revokedOn ? ([["取消日", d.certificate.revokedOn]] as [string, string][]) : []),
            ]}
          />
          <p>
            確認コードを伝えると、どなたでも <Link to={`/verify/${d.certificate.rawCode}`}>認定の確認ページ</Link> で有効かどうかを確かめられます。
          </p>
          {d.certificate.state === "valid" || d.certificate.state === "near" ? (
            <p>
              <Link className="button" to={`/programs/${d.program.slug}/activities`}>
                改善の活動を記録する
              </Link>
            </p>
          ) : null}
        </section>
      ) : null}

      {d.certificate && d.nearExpiry ? (
        <section aria-labelledby="renewal">
          <h2 id="renewal">認定の更新</h2>
          <p>有効期限（{d.certificate.validUntil}）が近づいています。次の要件を満たすと、人事課が認定を更新します。</p>
          <RequirementList items={d.renewalRequirements} />
        </section>
      ) : null}

      <section aria-labelledby="status">
        <h2 id="status">あなたの状況</h2>
        {d.statusLabel ? (
          <p>
            <strong>{d.statusLabel}</strong>
          </p>
        ) : (
          <p>まだ応募していません。</p>
        )}
        {d.decisionNote ? <p>人事課からのコメント: {d.decisionNote}</p> : null}
        {d.status === "applied" || d.status === "nominated" ? (
          d.exam ? (
            <p>
              選考試験の結果: {d.exam.percent}点（{d.exam.on}）。人事課の選定をお待ちください。
            </p>
          ) : (
            <p>
              <Link className="button primary" to={d.examUrl}>
                選考試験を受ける
              </Link>
            </p>
          )
        ) : null}
        {d.canApply ? (
          <Form method="post">
            <CsrfInput />
            <input type="hidden" name="intent" value="apply" />
            <button type="submit" className="button primary large">
              {d.status ? "もう一度応募する" : "応募する"}
            </button>
          </Form>
        ) : null}
        {!d.eligible && !d.certificate ? (
          <div className="notice" role="note">
            <p>いまは応募できません。</p>
            <ul>
              {d.reasons.map((r) => (
                <li key={r}>{r}</li>
              ))}
            </ul>
          </div>
        ) : null}
      </section>

      {d.showRequirements ? (
        <section aria-labelledby="requirements">
          <h2 id="requirements">認定の要件と進み具合</h2>
          <p>{d.complete ? "すべての要件を満たしました。人事課の認定をお待ちください。" : "「未」の要件を進めてください。講座の修了や研修の出席は自動で反映されます。"}</p>
          <RequirementList items={d.requirements} />
          {d.status === "selected" ? (
            <p>
              <Link to={`/programs/${d.program.slug}/report`}>業務改善レポートの提出と確認</Link>
            </p>
          ) : null}
        </section>
      ) : null}

      <section aria-labelledby="about">
        <h2 id="about">制度について</h2>
        <div className="prose" dangerouslySetInnerHTML={{ __html: d.program.descriptionHtml }} />
        <h3>対象となる方</h3>
        <p>{d.eligibilityText}</p>
        <h3>選考から認定までの流れ</h3>
        <ol className="program-steps">
          {d.steps.map((s) => (
            <li key={s}>{s}</li>
          ))}
        </ol>
      </section>

      {d.canWithdraw ? (
        <details className="help">
          <summary>辞退する</summary>
          <Form method="post" className="stack">
            <CsrfInput />
            <input type="hidden" name="intent" value="withdraw" />
            <p>辞退すると、選考や育成の対象から外れます。もう一度応募することもできます。</p>
            <button type="submit" className="button secondary">
              辞退する
            </button>
          </Form>
        </details>
      ) : null}
    </div>
  );
}
