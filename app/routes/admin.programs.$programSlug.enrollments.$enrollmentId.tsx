import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect, useActionData, useLoaderData } from "react-router";
import { EnrollmentDetail } from "~/components/enrollment-detail";
import { requireCsrf } from "~/auth/csrf.server";
import { readForm } from "~/http/form.server";
import { actorOf, notFound, requirePermission } from "~/auth/guard.server";
import { getDb } from "~/db.server";
import { requireProgram } from "~/programs/guard.server";
import { certify, decide, enrollmentDetail, renew, reviewReport, revoke, setPlacement } from "~/programs/programs.server";
import { evaluateRenewal, ENROLLMENT_STATUS_LABELS, renewalOpen } from "~/programs/rules";
import { certificateView, employmentLabel, reportView, requirementViews } from "~/programs/view.server";
import { listDepartments } from "~/staff/staff.server";
import { formatVerificationCode } from "~/certificates/code.server";
import { localPath } from "~/http/safe-redirect";
import { formatJapaneseDate, jstDate } from "~/kernel/dates";

export const meta: MetaFunction<typeof loader> = ({ data: d }) => [{ title: `${d?.person.name ?? "候補者"}（${d?.program.title ?? "認定制度"}） | 学び舎` }];

/** One candidate or promoter for HR: records, requirements with evidence, and every decision. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "program:manage");
  const program = await requireProgram(user, params);
  const db = await getDb();
  const now = new Date();
  const today = jstDate(now);
  const detail = await enrollmentDetail(db, user.organizationId, program, params.enrollmentId ?? "", now);
  if (!detail) notFound("候補者が見つかりません。");
  const depts = await listDepartments(db, user.organizationId);
  const status = detail.enrollment.status;
  const current = detail.certificate;
  const renewalFor = current && !current.revokedAt ? renewalOpen(current, today, program.definition) : null;
  const renewalEvaluation =
    current && program.definition.renewal ? evaluateRenewal(program.definition, detail.facts, detail.titles, current.validFrom, formatVerificationCode) : null;
  const p = detail.person;
  return {
    program: { slug: program.slug, title: program.title, passMark: program.definition.selectionExam.passMark },
    person: {
      name: p.name,
      facts: [
        ["職員番号", p.staffNumber],
        ["課", p.departmentName ?? "—"],
        ["職位", p.jobRankName ?? "—"],
        ["雇用形態", employmentLabel(p.employmentType)],
        ["在職", p.active ? "在職中" : "無効（退職など）"],
      ] as [string, string][],
    },
    eligibilityReasons: detail.eligibility.reasons,
    enrollment: {
      status,
      statusLabel: ENROLLMENT_STATUS_LABELS[status],
      origin: detail.enrollment.origin === "nominated" ? "人事課の推薦" : "本人の応募",
      since: formatJapaneseDate(detail.enrollment.createdAt),
      note: detail.enrollment.note,
      decidedAt: detail.enrollment.decidedAt ? formatJapaneseDate(detail.enrollment.decidedAt) : null,
      decidedBy: detail.enrollment.decidedByName,
    },
    exam: detail.facts.exam ? { percent: detail.facts.exam.percent, passed: detail.facts.exam.percent >= program.definition.selectionExam.passMark } : null,
    canDecide: status === "applied" || status === "nominated",
    requirements: requirementViews(detail.evaluation, program, { links: false }),
    complete: detail.evaluation.complete,
    canCertify: status === "selected",
    reports: detail.reports.map(reportView),
    certificates: detail.certificates.map((c) => certificateView(c, today, program)),
    renewal:
      renewalFor && renewalEvaluation
        ? {
            open: renewalFor.open,
            reason: renewalFor.reason,
            complete: renewalEvaluation.complete,
            items: requirementViews(renewalEvaluation, program, { links: false }),
            certificateId: current!.id,
          }
        : null,
    placement: detail.placement
      ? { departmentId: detail.placement.departmentId, department: detail.placement.departmentName, since: formatJapaneseDate(detail.placement.placedOn) }
      : null,
    canPlace: detail.certificates.some((c) => !c.revokedAt && c.validUntil >= today),
    departments: depts.map((d) => ({ id: d.id, name: d.name })),
    activities: detail.activities.map((a) => ({
      id: a.id,
      title: a.title,
      doneOn: formatJapaneseDate(a.doneOn),
      department: a.departmentName,
      hours: a.hoursSavedPerYear,
      confirmed: !!a.confirmedAt,
    })),
    done: new URL(request.url).searchParams.get("done"),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, "program:manage");
  const form = await readForm(request);
  requireCsrf(request, form);
  const program = await requireProgram(user, params);
  const db = await getDb();
  const ctx = actorOf(user, context);
  const enrollmentId = params.enrollmentId ?? "";
  const text = (name: string, max = 500) =>
    String(form.get(name) ?? "")
      .trim()
      .slice(0, max) || null;
  const back = (done: string) => redirect(localPath`/admin/programs/${program.slug}/enrollments/${enrollmentId}?done=${done}`);
  const detail = await enrollmentDetail(db, user.organizationId, program, enrollmentId);
  if (!detail) notFound("候補者が見つかりません。");
  let result: { ok: true } | { ok: false; error: string; status?: number };
  let done = "";
  switch (String(form.get("intent") ?? "")) {
    case "decide": {
      const decision = form.get("decision") === "selected" ? "selected" : form.get("decision") === "not_selected" ? "not_selected" : null;
      if (!decision) return data({ error: "選定か不選定かを選んでください。" }, { status: 400 });
      result = await decide(db, ctx, program, enrollmentId, decision, text("note"));
      done = decision;
      break;
    }
    case "review": {
      const decision = form.get("decision") === "approved" ? "approved" : form.get("decision") === "returned" ? "returned" : null;
      if (!decision) return data({ error: "承認か差し戻しかを選んでください。" }, { status: 400 });
      const reportId = String(form.get("reportId") ?? "");
      if (!detail.reports.some((r) => r.id === reportId)) return data({ error: "レポートが見つかりません。" }, { status: 404 });
      result = await reviewReport(db, ctx, program, reportId, decision, text("comment", 2000));
      done = decision;
      break;
    }
    case "certify":
      result = await certify(db, ctx, program, enrollmentId);
      done = "certified";
      break;
    case "revoke": {
      const certificateId = String(form.get("certificateId") ?? "");
      if (!detail.certificates.some((c) => c.id === certificateId)) return data({ error: "認定証が見つかりません。" }, { status: 404 });
      result = await revoke(db, ctx, program, certificateId, text("reason") ?? "");
      done = "revoked";
      break;
    }
    case "renew": {
      const certificateId = String(form.get("certificateId") ?? "");
      if (!detail.certificates.some((c) => c.id === certificateId)) return data({ error: "認定証が見つかりません。" }, { status: 404 });
      result = await renew(db, ctx, program, certificateId);
      done = "renewed";
      break;
    }
    case "placement": {
      const departmentId = String(form.get("departmentId") ?? "");
      result = await setPlacement(db, ctx, program, detail.enrollment.userId, departmentId || null);
      done = "placed";
      break;
    }
    default:
      return data({ error: "操作を選び直してください。" }, { status: 400 });
  }
  if (!result.ok) return data({ error: result.error }, { status: result.status ?? 400 });
  throw back(done);
}

export default function EnrollmentDetailPage() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return <EnrollmentDetail {...d} error={result?.error} />;
}
