/** Enrollments: applying, nomination by HR, withdrawal and HR's selection decision. */
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { departments, jobRanks, programEnrollments, users } from "../../db/schema";
import { writeAudit } from "~/audit/audit.server";
import { CANDIDATE_STATUSES, evaluateCertification, OPEN_STATUSES, rankByExam } from "./rules";
import { courseTitles, eligibilityOf, getPerson, personColumns, type Person, type ProgramRecord } from "./lookup.server";
import { factsOf, loadFacts } from "./facts.server";
import { isUuid } from "~/kernel/uuid";
import type { ChangeContext } from "~/kernel/actor";
import type { Result } from "~/kernel/result";

export const enrollmentColumns = {
  id: programEnrollments.id,
  userId: programEnrollments.userId,
  status: programEnrollments.status,
  origin: programEnrollments.origin,
  note: programEnrollments.note,
  decidedAt: programEnrollments.decidedAt,
  certifiedAt: programEnrollments.certifiedAt,
  createdAt: programEnrollments.createdAt,
};

/** The person's open enrollment, or their latest closed one, or null. */
export async function currentEnrollment(db: Db, organizationId: string, programId: string, userId: string) {
  const [row] = await db
    .select(enrollmentColumns)
    .from(programEnrollments)
    .where(and(eq(programEnrollments.organizationId, organizationId), eq(programEnrollments.programId, programId), eq(programEnrollments.userId, userId)))
    .orderBy(desc(sql`${programEnrollments.status} in ('applied', 'nominated', 'selected', 'certified')`), desc(programEnrollments.createdAt))
    .limit(1);
  return row ?? null;
}

export const isUniqueViolation = (error: unknown) => {
  const e = error as { code?: string; cause?: { code?: string } };
  return e?.code === "23505" || e?.cause?.code === "23505";
};

async function startEnrollment(
  db: Db,
  ctx: ChangeContext,
  program: ProgramRecord,
  person: Person,
  origin: "applied" | "nominated",
  note: string | null,
): Promise<Result<{ enrollmentId: string }>> {
  const eligibility = await eligibilityOf(db, ctx.organizationId, program, person);
  if (!eligibility.eligible) return { ok: false, error: eligibility.reasons.join(""), status: 400 };
  const open = await currentEnrollment(db, ctx.organizationId, program.id, person.id);
  if (open && OPEN_STATUSES.includes(open.status)) {
    return {
      ok: false,
      error: `${origin === "applied" ? "すでに" : `${person.name}さんは、すでに`}${program.title}の${open.status === "certified" ? "認定を受けています" : "選考・育成の対象になっています"}。`,
      status: 409,
    };
  }
  try {
    return await db.transaction(async (tx) => {
      const [row] = await tx
        .insert(programEnrollments)
        .values({
          organizationId: ctx.organizationId,
          programId: program.id,
          userId: person.id,
          status: origin,
          origin,
          nominatedBy: origin === "nominated" ? ctx.actorUserId : null,
          note,
        })
        .returning({ id: programEnrollments.id });
      await writeAudit(tx, {
        ...ctx,
        action: origin === "applied" ? "program.apply" : "program.nominate",
        targetType: "program_enrollment",
        targetId: row!.id,
        after: { program: program.slug, userId: person.id, note },
      });
      return { ok: true as const, enrollmentId: row!.id };
    });
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, error: `すでに${program.title}の選考・育成の対象になっています。`, status: 409 };
    throw error;
  }
}

/** A staff member applies; refused with every reason when not eligible. */
export async function applyToProgram(db: Db, ctx: ChangeContext, program: ProgramRecord): Promise<Result<{ enrollmentId: string }>> {
  const person = await getPerson(db, ctx.organizationId, ctx.actorUserId);
  if (!person) return { ok: false, error: "職員の情報が見つかりません。", status: 404 };
  return startEnrollment(db, ctx, program, person, "applied", null);
}

/** HR nominates a staff member by 職員番号; the same eligibility rules apply. */
export async function nominate(
  db: Db,
  ctx: ChangeContext,
  program: ProgramRecord,
  staffNumber: string,
  note: string | null,
): Promise<Result<{ enrollmentId: string }>> {
  const number = staffNumber.normalize("NFKC").trim();
  const [found] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.organizationId, ctx.organizationId), eq(users.staffNumber, number)));
  if (!number || !found) return { ok: false, error: `職員番号「${number}」の職員が見つかりません。`, status: 404 };
  const person = (await getPerson(db, ctx.organizationId, found.id))!;
  const result = await startEnrollment(db, ctx, program, person, "nominated", note);
  if (!result.ok && result.status === 400) return { ...result, error: `${person.name}さんは推薦できません。${result.error}` };
  return result;
}

/** The person withdraws (辞退) before certification. */
export async function withdraw(db: Db, ctx: ChangeContext, program: ProgramRecord): Promise<Result> {
  const updated = await db
    .update(programEnrollments)
    .set({ status: "withdrawn", withdrawnAt: sql`now()`, updatedAt: sql`now()` })
    .where(
      and(
        eq(programEnrollments.organizationId, ctx.organizationId),
        eq(programEnrollments.programId, program.id),
        eq(programEnrollments.userId, ctx.actorUserId),
        inArray(programEnrollments.status, ["applied", "nominated", "selected"]),
      ),
    )
    .returning({ id: programEnrollments.id });
  if (!updated.length) return { ok: false, error: "辞退できる応募がありません。", status: 409 };
  await writeAudit(db, { ...ctx, action: "program.withdraw", targetType: "program_enrollment", targetId: updated[0]!.id, after: { program: program.slug } });
  return { ok: true };
}

export async function lockEnrollment(tx: Db, organizationId: string, programId: string, enrollmentId: string) {
  if (!isUuid(enrollmentId)) return null;
  const [row] = await tx
    .select({ id: programEnrollments.id, userId: programEnrollments.userId, status: programEnrollments.status })
    .from(programEnrollments)
    .where(and(eq(programEnrollments.id, enrollmentId), eq(programEnrollments.organizationId, organizationId), eq(programEnrollments.programId, programId)))
    .for("update");
  return row ?? null;
}

/**
 * HR's selection decision (選定 / 不選定) with a note. Selecting needs a submitted selection exam; selecting someone
 * below the programme's pass mark needs a note saying why.
 */
export async function decide(
  db: Db,
  ctx: ChangeContext,
  program: ProgramRecord,
  enrollmentId: string,
  decision: "selected" | "not_selected",
  note: string | null,
): Promise<Result> {
  return db.transaction(async (tx) => {
    const e = await lockEnrollment(tx, ctx.organizationId, program.id, enrollmentId);
    if (!e) return { ok: false as const, error: "候補者が見つかりません。", status: 404 };
    if (!CANDIDATE_STATUSES.includes(e.status)) return { ok: false as const, error: "選考中の候補者だけに選考結果を記録できます。", status: 409 };
    if (decision === "selected") {
      const facts = await factsOf(tx, ctx.organizationId, program, e.userId);
      if (!facts.exam) return { ok: false as const, error: "選考試験を受けていない候補者は選定できません。", status: 400 };
      if (facts.exam.percent < program.definition.selectionExam.passMark && !note) {
        return {
          ok: false as const,
          error: `選考試験の結果が合格の目安（${program.definition.selectionExam.passMark}点）に届いていません。選定する場合は、理由を所見に書いてください。`,
          status: 400,
        };
      }
    }
    await tx
      .update(programEnrollments)
      .set({ status: decision, note, decidedBy: ctx.actorUserId, decidedAt: sql`now()`, updatedAt: sql`now()` })
      .where(eq(programEnrollments.id, e.id));
    await writeAudit(tx, {
      ...ctx,
      action: decision === "selected" ? "program.select" : "program.not_select",
      targetType: "program_enrollment",
      targetId: e.id,
      before: { status: e.status },
      after: { status: decision, note },
    });
    return { ok: true as const };
  });
}

/** Candidates and people in training, ranked by the selection exam. */
export async function listEnrollments(db: Db, organizationId: string, program: ProgramRecord) {
  const rows = await db
    .select({ ...enrollmentColumns, ...personColumns, id: programEnrollments.id, personId: users.id })
    .from(programEnrollments)
    .innerJoin(users, eq(users.id, programEnrollments.userId))
    .leftJoin(departments, eq(departments.id, users.departmentId))
    .leftJoin(jobRanks, eq(jobRanks.id, users.jobRankId))
    .where(and(eq(programEnrollments.organizationId, organizationId), eq(programEnrollments.programId, program.id)))
    .orderBy(asc(users.staffNumber), desc(programEnrollments.createdAt));
  const facts = await loadFacts(db, organizationId, program, [...new Set(rows.map((r) => r.userId))]);
  const titles = await courseTitles(db, program.definition);
  const withExam = rows.map((r) => {
    const f = facts.get(r.userId)!;
    const evaluation = evaluateCertification(program.definition, { ...f, status: r.status }, titles);
    return {
      ...r,
      percent: f.exam?.percent ?? null,
      submittedAt: f.exam?.submittedAt ?? null,
      passed: f.exam ? f.exam.percent >= program.definition.selectionExam.passMark : null,
      metCount: evaluation.items.filter((i) => i.met).length,
      itemCount: evaluation.items.length,
      complete: evaluation.complete,
    };
  });
  return rankByExam(withExam);
}
