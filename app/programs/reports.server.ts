/** Improvement reports (業務改善レポート): submitted by candidates and promoters, reviewed by HR. */
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { improvementReports } from "../../db/schema";
import { writeAudit } from "~/audit/audit.server";
import type { ProgramRecord } from "./lookup.server";
import { currentEnrollment } from "./enrollments.server";
import { isUuid } from "~/kernel/uuid";
import type { ChangeContext } from "~/kernel/actor";
import type { Result } from "~/kernel/result";

export async function listReports(db: Db, organizationId: string, programId: string, userId: string) {
  return db
    .select({
      id: improvementReports.id,
      title: improvementReports.title,
      body: improvementReports.body,
      status: improvementReports.status,
      submittedAt: improvementReports.submittedAt,
      reviewedAt: improvementReports.reviewedAt,
      reviewComment: improvementReports.reviewComment,
      reviewerName: sql<string | null>`(select u.name from users u where u.id = ${improvementReports.reviewedBy})`,
    })
    .from(improvementReports)
    .where(and(eq(improvementReports.organizationId, organizationId), eq(improvementReports.programId, programId), eq(improvementReports.userId, userId)))
    .orderBy(desc(improvementReports.submittedAt));
}

/**
 * A candidate in training (selected) or a promoter (certified, for renewal) submits a report. A report returned for
 * revision is revised in place and goes back to HR; while one waits for HR, no other can be submitted.
 */
export async function submitReport(
  db: Db,
  ctx: ChangeContext,
  program: ProgramRecord,
  input: { title: string; body: string },
): Promise<Result<{ reportId: string }>> {
  const enrollment = await currentEnrollment(db, ctx.organizationId, program.id, ctx.actorUserId);
  if (!enrollment || (enrollment.status !== "selected" && enrollment.status !== "certified")) {
    return { ok: false, error: "レポートを提出できるのは、選定された方と認定を受けた方です。", status: 403 };
  }
  return db.transaction(async (tx) => {
    const [open] = await tx
      .select({ id: improvementReports.id, status: improvementReports.status })
      .from(improvementReports)
      .where(
        and(
          eq(improvementReports.programId, program.id),
          eq(improvementReports.userId, ctx.actorUserId),
          inArray(improvementReports.status, ["submitted", "returned"]),
        ),
      )
      .for("update");
    if (open?.status === "submitted")
      return { ok: false as const, error: "確認待ちのレポートがあります。人事課の確認が終わるまでお待ちください。", status: 409 };
    let reportId: string;
    if (open) {
      await tx
        .update(improvementReports)
        .set({ title: input.title, body: input.body, status: "submitted", submittedAt: sql`now()` })
        .where(eq(improvementReports.id, open.id));
      reportId = open.id;
    } else {
      const [row] = await tx
        .insert(improvementReports)
        .values({ organizationId: ctx.organizationId, programId: program.id, userId: ctx.actorUserId, title: input.title, body: input.body })
        .returning({ id: improvementReports.id });
      reportId = row!.id;
    }
    await writeAudit(tx, {
      ...ctx,
      action: "program.report_submit",
      targetType: "improvement_report",
      targetId: reportId,
      after: { title: input.title, resubmitted: !!open },
    });
    return { ok: true as const, reportId };
  });
}

/** HR approves a report, or returns it with a comment saying what to change. */
export async function reviewReport(
  db: Db,
  ctx: ChangeContext,
  program: ProgramRecord,
  reportId: string,
  decision: "approved" | "returned",
  comment: string | null,
): Promise<Result> {
  if (!isUuid(reportId)) return { ok: false, error: "レポートが見つかりません。", status: 404 };
  if (decision === "returned" && !comment) return { ok: false, error: "差し戻すときは、直してほしい点をコメントに書いてください。", status: 400 };
  const updated = await db
    .update(improvementReports)
    .set({ status: decision, reviewedBy: ctx.actorUserId, reviewedAt: sql`now()`, reviewComment: comment })
    .where(
      and(
        eq(improvementReports.id, reportId),
        eq(improvementReports.organizationId, ctx.organizationId),
        eq(improvementReports.programId, program.id),
        eq(improvementReports.status, "submitted"),
      ),
    )
    .returning({ id: improvementReports.id, userId: improvementReports.userId });
  if (!updated.length) return { ok: false, error: "確認待ちのレポートが見つかりません（すでに確認済みかもしれません）。", status: 409 };
  await writeAudit(db, {
    ...ctx,
    action: decision === "approved" ? "program.report_approve" : "program.report_return",
    targetType: "improvement_report",
    targetId: reportId,
    after: { userId: updated[0]!.userId, comment },
  });
  return { ok: true };
}
