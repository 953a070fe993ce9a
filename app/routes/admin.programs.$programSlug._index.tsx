import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect, useActionData, useLoaderData } from "react-router";
import { ProgramAdmin } from "~/components/program-admin";
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

export default function ProgramAdminPage() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return <ProgramAdmin {...d} error={result?.error} />;
}
