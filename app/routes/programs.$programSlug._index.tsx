import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect, useActionData, useLoaderData } from "react-router";
import { ProgramPage } from "~/components/program-page";
import { requireCsrf } from "~/auth/csrf.server";
import { readForm } from "~/http/form.server";
import { actorOf, requireUser } from "~/auth/guard.server";
import { getDb } from "~/db.server";
import { requireProgram } from "~/programs/guard.server";
import { applyToProgram, myProgramState, withdraw } from "~/programs/programs.server";
import { describeEligibility, ENROLLMENT_STATUS_LABELS } from "~/programs/rules";
import { certificateView, requirementViews } from "~/programs/view.server";
import { localPath } from "~/http/safe-redirect";
import { formatJapaneseDate, jstDate } from "~/kernel/dates";

export const meta: MetaFunction<typeof loader> = ({ data: d }) => [{ title: `${d?.program.title ?? "認定制度"} | 学び舎` }];

/** The programme for a staff member: what it is, whether they may apply (and why not), and their own progress. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const program = await requireProgram(user, params);
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
    decisionNote: status === "not_selected" ? (state.enrollment?.note ?? null) : null,
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
  const program = await requireProgram(user, params);
  const ctx = actorOf(user, context);
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

export default function ProgramRoute() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return <ProgramPage {...d} error={result?.error} />;
}
