import { and, asc, desc, eq, gte, inArray, isNotNull, isNull, lte, or, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import {
  attendance,
  classSeries,
  classSessions,
  courseCompletions,
  courses,
  departments,
  improvementReports,
  jobRanks,
  organizationPrograms,
  programCertificates,
  programEnrollments,
  programs,
  promoterActivities,
  promoterPlacements,
  quizAttempts,
  quizzes,
  registrations,
  users,
} from "../../db/schema";
import { writeAudit } from "~/audit/audit.server";
import { formatVerificationCode, newVerificationCode } from "~/certificates/code.server";
import type { EmploymentType } from "~/staff/constants";
import {
  CANDIDATE_STATUSES,
  certificateState,
  certificateValidity,
  checkEligibility,
  evaluateCertification,
  evaluateRenewal,
  isNearExpiry,
  jstDate,
  OPEN_STATUSES,
  rankByExam,
  renewalOpen,
  renewalValidity,
  type EligibilityResult,
  type EnrollmentStatus,
  type Evaluation,
  type ProgramFacts,
} from "./rules";
import type { ProgramDefinition } from "./schema";
import { isUuid } from "~/kernel/uuid";

/** Who is acting, for the audit log. */
export interface Ctx {
  organizationId: string;
  actorUserId: string;
  ip: string | null;
}

export type Result<T = object> = ({ ok: true } & T) | { ok: false; error: string; status?: number };

const ATTENDED = ["present", "late", "left_early"] as const;

/** A date in Japan "YYYY-MM-DD" when the instant `revoked_at` happened, in SQL (UTC+9, no daylight saving). */
const revokedOnSql = sql`((${programCertificates.revokedAt} at time zone 'UTC') + interval '9 hours')::date`;
/** The certificate is valid on the date `d` (a date literal or parameter). */
const validOn = (d: string) =>
  sql`(${programCertificates.validFrom} <= ${d}::date and ${programCertificates.validUntil} >= ${d}::date and (${programCertificates.revokedAt} is null or ${revokedOnSql} > ${d}::date))`;

// ---------------------------------------------------------------------------------------------------------------------
// Programmes

export interface ProgramRecord {
  id: string;
  slug: string;
  title: string;
  summary: string;
  descriptionHtml: string;
  definition: ProgramDefinition;
}

/** A programme the organization runs (enabled in its content file, not archived), or null. */
export async function getProgram(db: Db, organizationId: string, slug: string): Promise<ProgramRecord | null> {
  const [row] = await db
    .select({ id: programs.id, slug: programs.slug, title: programs.title, summary: programs.summary, descriptionHtml: programs.descriptionHtml, definition: programs.definition })
    .from(programs)
    .innerJoin(organizationPrograms, and(eq(organizationPrograms.programId, programs.id), eq(organizationPrograms.organizationId, organizationId)))
    .where(and(eq(programs.slug, slug), eq(programs.archived, false)));
  return row ?? null;
}

export async function listPrograms(db: Db, organizationId: string): Promise<ProgramRecord[]> {
  return db
    .select({ id: programs.id, slug: programs.slug, title: programs.title, summary: programs.summary, descriptionHtml: programs.descriptionHtml, definition: programs.definition })
    .from(programs)
    .innerJoin(organizationPrograms, and(eq(organizationPrograms.programId, programs.id), eq(organizationPrograms.organizationId, organizationId)))
    .where(eq(programs.archived, false))
    .orderBy(asc(programs.slug));
}

/** Course titles by slug (for requirement labels), archived courses included. */
export async function courseTitles(db: Db, definition: ProgramDefinition): Promise<Record<string, string>> {
  const slugs = [...new Set([...definition.requiredCourses, ...(definition.renewal?.requiredCourses ?? []), definition.selectionExam.course])];
  const rows = await db.select({ slug: courses.slug, title: courses.title }).from(courses).where(inArray(courses.slug, slugs));
  return Object.fromEntries(rows.map((r) => [r.slug, r.title]));
}

async function examQuizId(db: Db, definition: ProgramDefinition): Promise<string | null> {
  const [row] = await db
    .select({ id: quizzes.id })
    .from(quizzes)
    .innerJoin(courses, eq(courses.id, quizzes.courseId))
    .where(and(eq(courses.slug, definition.selectionExam.course), eq(quizzes.slug, definition.selectionExam.quiz)));
  return row?.id ?? null;
}

// ---------------------------------------------------------------------------------------------------------------------
// People and eligibility

const personColumns = {
  id: users.id,
  staffNumber: users.staffNumber,
  name: users.name,
  nameKana: users.nameKana,
  active: users.active,
  employmentType: users.employmentType,
  departmentId: users.departmentId,
  departmentName: departments.name,
  jobRankName: jobRanks.name,
  jobRankPosition: jobRanks.position,
};

export async function getPerson(db: Db, organizationId: string, userId: string) {
  if (!isUuid(userId)) return null;
  const [row] = await db
    .select(personColumns)
    .from(users)
    .leftJoin(departments, eq(departments.id, users.departmentId))
    .leftJoin(jobRanks, eq(jobRanks.id, users.jobRankId))
    .where(and(eq(users.id, userId), eq(users.organizationId, organizationId)));
  return row ?? null;
}
export type Person = NonNullable<Awaited<ReturnType<typeof getPerson>>>;

/** Whether the person may apply or be nominated, with every reason when not. */
export async function eligibilityOf(db: Db, organizationId: string, program: ProgramRecord, person: Person): Promise<EligibilityResult> {
  const ranks = await db.select({ name: jobRanks.name, position: jobRanks.position }).from(jobRanks).where(eq(jobRanks.organizationId, organizationId));
  return checkEligibility(
    program.definition.eligibility,
    {
      active: person.active,
      employmentType: person.employmentType as EmploymentType,
      jobRank: person.jobRankName !== null && person.jobRankPosition !== null ? { name: person.jobRankName, position: person.jobRankPosition } : null,
    },
    ranks,
  );
}

// ---------------------------------------------------------------------------------------------------------------------
// Facts: what the records say about people, for requirement evaluation

/** Every record the requirements look at, for several people at once (a handful of queries, not one per person). */
export async function loadFacts(db: Db, organizationId: string, program: ProgramRecord, userIds: string[]): Promise<Map<string, ProgramFacts>> {
  const facts = new Map<string, ProgramFacts>(userIds.map((id) => [id, { status: null, exam: null, completions: [], trainings: [], reports: [], confirmedActivities: [] }]));
  if (!userIds.length) return facts;
  const d = program.definition;
  const enrollments = await db
    .select({ userId: programEnrollments.userId, status: programEnrollments.status })
    .from(programEnrollments)
    .where(and(eq(programEnrollments.organizationId, organizationId), eq(programEnrollments.programId, program.id), inArray(programEnrollments.userId, userIds)))
    .orderBy(asc(programEnrollments.createdAt));
  // The open enrollment wins over older closed ones.
  for (const e of enrollments) {
    const f = facts.get(e.userId)!;
    if (!f.status || !OPEN_STATUSES.includes(f.status) || OPEN_STATUSES.includes(e.status)) f.status = e.status;
  }
  const quizId = await examQuizId(db, d);
  if (quizId) {
    const attempts = await db
      .select({ userId: quizAttempts.userId, percent: quizAttempts.percent, submittedAt: quizAttempts.submittedAt })
      .from(quizAttempts)
      .where(and(eq(quizAttempts.organizationId, organizationId), eq(quizAttempts.quizId, quizId), eq(quizAttempts.status, "submitted"), inArray(quizAttempts.userId, userIds)));
    for (const a of attempts) {
      const f = facts.get(a.userId)!;
      if (a.percent === null || !a.submittedAt) continue;
      if (!f.exam || a.percent > f.exam.percent) f.exam = { percent: a.percent, submittedAt: a.submittedAt };
    }
  }
  const courseSlugs = [...new Set([...d.requiredCourses, ...(d.renewal?.requiredCourses ?? [])])];
  if (courseSlugs.length) {
    const rows = await db
      .select({ userId: courseCompletions.userId, courseSlug: courses.slug, completedAt: courseCompletions.completedAt, certificateCode: courseCompletions.certificateCode })
      .from(courseCompletions)
      .innerJoin(courses, eq(courses.id, courseCompletions.courseId))
      .where(and(eq(courseCompletions.organizationId, organizationId), inArray(courseCompletions.userId, userIds), inArray(courses.slug, courseSlugs)));
    for (const r of rows) facts.get(r.userId)!.completions.push({ courseSlug: r.courseSlug, completedAt: r.completedAt, certificateCode: r.certificateCode });
  }
  const categories = [...new Set([d.requiredTrainings?.category, d.renewal?.requiredTrainings?.category].filter((c): c is string => !!c))];
  if (categories.length) {
    const rows = await db
      .select({ userId: registrations.userId, category: classSeries.category, title: classSeries.title, number: classSessions.number, startsAt: classSessions.startsAt })
      .from(registrations)
      .innerJoin(attendance, eq(attendance.registrationId, registrations.id))
      .innerJoin(classSessions, eq(classSessions.id, registrations.sessionId))
      .innerJoin(classSeries, eq(classSeries.id, classSessions.seriesId))
      .where(
        and(
          eq(registrations.organizationId, organizationId),
          inArray(registrations.userId, userIds),
          eq(classSeries.audience, "staff"),
          inArray(classSeries.category, categories),
          inArray(attendance.status, [...ATTENDED]),
        ),
      );
    for (const r of rows) facts.get(r.userId!)!.trainings.push({ category: r.category, title: r.title, number: r.number, startsAt: r.startsAt });
  }
  const reports = await db
    .select({ userId: improvementReports.userId, title: improvementReports.title, status: improvementReports.status, submittedAt: improvementReports.submittedAt, reviewedAt: improvementReports.reviewedAt })
    .from(improvementReports)
    .where(and(eq(improvementReports.organizationId, organizationId), eq(improvementReports.programId, program.id), inArray(improvementReports.userId, userIds)));
  for (const r of reports) facts.get(r.userId)!.reports.push({ title: r.title, status: r.status, submittedAt: r.submittedAt, reviewedAt: r.reviewedAt });
  const activities = await db
    .select({ userId: promoterActivities.userId, title: promoterActivities.title, doneOn: promoterActivities.doneOn })
    .from(promoterActivities)
    .where(and(eq(promoterActivities.organizationId, organizationId), eq(promoterActivities.programId, program.id), inArray(promoterActivities.userId, userIds), isNotNull(promoterActivities.confirmedAt)));
  for (const a of activities) facts.get(a.userId)!.confirmedActivities.push({ title: a.title, doneOn: a.doneOn });
  return facts;
}

export async function factsOf(db: Db, organizationId: string, program: ProgramRecord, userId: string): Promise<ProgramFacts> {
  return (await loadFacts(db, organizationId, program, [userId])).get(userId)!;
}

// ---------------------------------------------------------------------------------------------------------------------
// Enrollments

const enrollmentColumns = {
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

const isUniqueViolation = (error: unknown) => {
  const e = error as { code?: string; cause?: { code?: string } };
  return e?.code === "23505" || e?.cause?.code === "23505";
};

async function startEnrollment(db: Db, ctx: Ctx, program: ProgramRecord, person: Person, origin: "applied" | "nominated", note: string | null): Promise<Result<{ enrollmentId: string }>> {
  const eligibility = await eligibilityOf(db, ctx.organizationId, program, person);
  if (!eligibility.eligible) return { ok: false, error: eligibility.reasons.join(""), status: 400 };
  const open = await currentEnrollment(db, ctx.organizationId, program.id, person.id);
  if (open && OPEN_STATUSES.includes(open.status)) {
    return { ok: false, error: `${origin === "applied" ? "すでに" : `${person.name}さんは、すでに`}${program.title}の${open.status === "certified" ? "認定を受けています" : "選考・育成の対象になっています"}。`, status: 409 };
  }
  try {
    return await db.transaction(async (tx) => {
      const [row] = await tx
        .insert(programEnrollments)
        .values({ organizationId: ctx.organizationId, programId: program.id, userId: person.id, status: origin, origin, nominatedBy: origin === "nominated" ? ctx.actorUserId : null, note })
        .returning({ id: programEnrollments.id });
      await writeAudit(tx, { ...ctx, action: origin === "applied" ? "program.apply" : "program.nominate", targetType: "program_enrollment", targetId: row!.id, after: { program: program.slug, userId: person.id, note } });
      return { ok: true as const, enrollmentId: row!.id };
    });
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, error: `すでに${program.title}の選考・育成の対象になっています。`, status: 409 };
    throw error;
  }
}

/** A staff member applies; refused with every reason when not eligible. */
export async function applyToProgram(db: Db, ctx: Ctx, program: ProgramRecord): Promise<Result<{ enrollmentId: string }>> {
  const person = await getPerson(db, ctx.organizationId, ctx.actorUserId);
  if (!person) return { ok: false, error: "職員の情報が見つかりません。", status: 404 };
  return startEnrollment(db, ctx, program, person, "applied", null);
}

/** HR nominates a staff member by 職員番号; the same eligibility rules apply. */
export async function nominate(db: Db, ctx: Ctx, program: ProgramRecord, staffNumber: string, note: string | null): Promise<Result<{ enrollmentId: string }>> {
  const number = staffNumber.normalize("NFKC").trim();
  const [found] = await db.select({ id: users.id }).from(users).where(and(eq(users.organizationId, ctx.organizationId), eq(users.staffNumber, number)));
  if (!number || !found) return { ok: false, error: `職員番号「${number}」の職員が見つかりません。`, status: 404 };
  const person = (await getPerson(db, ctx.organizationId, found.id))!;
  const result = await startEnrollment(db, ctx, program, person, "nominated", note);
  if (!result.ok && result.status === 400) return { ...result, error: `${person.name}さんは推薦できません。${result.error}` };
  return result;
}

/** The person withdraws (辞退) before certification. */
export async function withdraw(db: Db, ctx: Ctx, program: ProgramRecord): Promise<Result> {
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

async function lockEnrollment(tx: Db, organizationId: string, programId: string, enrollmentId: string) {
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
export async function decide(db: Db, ctx: Ctx, program: ProgramRecord, enrollmentId: string, decision: "selected" | "not_selected", note: string | null): Promise<Result> {
  return db.transaction(async (tx) => {
    const e = await lockEnrollment(tx, ctx.organizationId, program.id, enrollmentId);
    if (!e) return { ok: false as const, error: "候補者が見つかりません。", status: 404 };
    if (!CANDIDATE_STATUSES.includes(e.status)) return { ok: false as const, error: "選考中の候補者だけに選考結果を記録できます。", status: 409 };
    if (decision === "selected") {
      const facts = await factsOf(tx, ctx.organizationId, program, e.userId);
      if (!facts.exam) return { ok: false as const, error: "選考試験を受けていない候補者は選定できません。", status: 400 };
      if (facts.exam.percent < program.definition.selectionExam.passMark && !note) {
        return { ok: false as const, error: `選考試験の結果が合格の目安（${program.definition.selectionExam.passMark}点）に届いていません。選定する場合は、理由を所見に書いてください。`, status: 400 };
      }
    }
    await tx.update(programEnrollments).set({ status: decision, note, decidedBy: ctx.actorUserId, decidedAt: sql`now()`, updatedAt: sql`now()` }).where(eq(programEnrollments.id, e.id));
    await writeAudit(tx, { ...ctx, action: decision === "selected" ? "program.select" : "program.not_select", targetType: "program_enrollment", targetId: e.id, before: { status: e.status }, after: { status: decision, note } });
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

// ---------------------------------------------------------------------------------------------------------------------
// Improvement reports

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
export async function submitReport(db: Db, ctx: Ctx, program: ProgramRecord, input: { title: string; body: string }): Promise<Result<{ reportId: string }>> {
  const enrollment = await currentEnrollment(db, ctx.organizationId, program.id, ctx.actorUserId);
  if (!enrollment || (enrollment.status !== "selected" && enrollment.status !== "certified")) {
    return { ok: false, error: "レポートを提出できるのは、選定された方と認定を受けた方です。", status: 403 };
  }
  return db.transaction(async (tx) => {
    const [open] = await tx
      .select({ id: improvementReports.id, status: improvementReports.status })
      .from(improvementReports)
      .where(and(eq(improvementReports.programId, program.id), eq(improvementReports.userId, ctx.actorUserId), inArray(improvementReports.status, ["submitted", "returned"])))
      .for("update");
    if (open?.status === "submitted") return { ok: false as const, error: "確認待ちのレポートがあります。人事課の確認が終わるまでお待ちください。", status: 409 };
    let reportId: string;
    if (open) {
      await tx.update(improvementReports).set({ title: input.title, body: input.body, status: "submitted", submittedAt: sql`now()` }).where(eq(improvementReports.id, open.id));
      reportId = open.id;
    } else {
      const [row] = await tx
        .insert(improvementReports)
        .values({ organizationId: ctx.organizationId, programId: program.id, userId: ctx.actorUserId, title: input.title, body: input.body })
        .returning({ id: improvementReports.id });
      reportId = row!.id;
    }
    await writeAudit(tx, { ...ctx, action: "program.report_submit", targetType: "improvement_report", targetId: reportId, after: { title: input.title, resubmitted: !!open } });
    return { ok: true as const, reportId };
  });
}

/** HR approves a report, or returns it with a comment saying what to change. */
export async function reviewReport(db: Db, ctx: Ctx, program: ProgramRecord, reportId: string, decision: "approved" | "returned", comment: string | null): Promise<Result> {
  if (!isUuid(reportId)) return { ok: false, error: "レポートが見つかりません。", status: 404 };
  if (decision === "returned" && !comment) return { ok: false, error: "差し戻すときは、直してほしい点をコメントに書いてください。", status: 400 };
  const updated = await db
    .update(improvementReports)
    .set({ status: decision, reviewedBy: ctx.actorUserId, reviewedAt: sql`now()`, reviewComment: comment })
    .where(and(eq(improvementReports.id, reportId), eq(improvementReports.organizationId, ctx.organizationId), eq(improvementReports.programId, program.id), eq(improvementReports.status, "submitted")))
    .returning({ id: improvementReports.id, userId: improvementReports.userId });
  if (!updated.length) return { ok: false, error: "確認待ちのレポートが見つかりません（すでに確認済みかもしれません）。", status: 409 };
  await writeAudit(db, { ...ctx, action: decision === "approved" ? "program.report_approve" : "program.report_return", targetType: "improvement_report", targetId: reportId, after: { userId: updated[0]!.userId, comment } });
  return { ok: true };
}

// ---------------------------------------------------------------------------------------------------------------------
// Certificates

const certificateColumns = {
  id: programCertificates.id,
  userId: programCertificates.userId,
  code: programCertificates.code,
  issuedAt: programCertificates.issuedAt,
  validFrom: programCertificates.validFrom,
  validUntil: programCertificates.validUntil,
  revokedAt: programCertificates.revokedAt,
  revokeReason: programCertificates.revokeReason,
  renewedFromId: programCertificates.renewedFromId,
  renewed: sql<boolean>`exists (select 1 from program_certificates n where n.renewed_from_id = ${programCertificates.id})`,
};

/** A person's certificates for a programme, newest first. */
export async function listCertificates(db: Db, organizationId: string, programId: string, userId: string) {
  return db
    .select(certificateColumns)
    .from(programCertificates)
    .where(and(eq(programCertificates.organizationId, organizationId), eq(programCertificates.programId, programId), eq(programCertificates.userId, userId)))
    .orderBy(desc(programCertificates.validUntil), desc(programCertificates.issuedAt));
}
export type CertificateRow = Awaited<ReturnType<typeof listCertificates>>[number];

/** The certificate that speaks for the person today: the valid one, else the latest one. */
export function currentCertificate<C extends CertificateRow>(certs: C[], today: string): C | null {
  return certs.find((c) => certificateState(c, today) === "valid") ?? certs[0] ?? null;
}

const missing = (evaluation: Evaluation) =>
  evaluation.items
    .filter((i) => !i.met)
    .map((i) => i.label)
    .join("、");

/**
 * Certifies a selected candidate whose every requirement is met, in one transaction: the enrollment row is locked,
 * the requirements are evaluated from the records again, a certificate with a new verification code is issued, and
 * the person is placed in their own 課 unless already placed. A double click issues one certificate.
 */
export async function certify(db: Db, ctx: Ctx, program: ProgramRecord, enrollmentId: string, now = new Date()): Promise<Result<{ certificateId: string; code: string }>> {
  return db.transaction(async (tx) => {
    const e = await lockEnrollment(tx, ctx.organizationId, program.id, enrollmentId);
    if (!e) return { ok: false as const, error: "候補者が見つかりません。", status: 404 };
    if (e.status === "certified") return { ok: false as const, error: "すでに認定されています。", status: 409 };
    if (e.status !== "selected") return { ok: false as const, error: "認定できるのは、選定された候補者だけです。", status: 409 };
    const facts = await factsOf(tx, ctx.organizationId, program, e.userId);
    const evaluation = evaluateCertification(program.definition, facts, await courseTitles(tx, program.definition));
    if (!evaluation.complete) return { ok: false as const, error: `まだ満たしていない要件があるため認定できません: ${missing(evaluation)}`, status: 409 };
    const validity = certificateValidity(now, program.definition.validityFiscalYears);
    const code = newVerificationCode();
    const [cert] = await tx
      .insert(programCertificates)
      .values({ organizationId: ctx.organizationId, programId: program.id, userId: e.userId, enrollmentId: e.id, code, issuedAt: now, issuedBy: ctx.actorUserId, ...validity })
      .returning({ id: programCertificates.id });
    await tx.update(programEnrollments).set({ status: "certified", certifiedAt: now, updatedAt: sql`now()` }).where(eq(programEnrollments.id, e.id));
    const [person] = await tx.select({ departmentId: users.departmentId }).from(users).where(eq(users.id, e.userId));
    const [placed] = await tx
      .select({ id: promoterPlacements.id })
      .from(promoterPlacements)
      .where(and(eq(promoterPlacements.programId, program.id), eq(promoterPlacements.userId, e.userId), isNull(promoterPlacements.endedOn)));
    if (!placed && person?.departmentId) {
      await tx.insert(promoterPlacements).values({ organizationId: ctx.organizationId, programId: program.id, userId: e.userId, departmentId: person.departmentId, placedOn: validity.validFrom, placedBy: ctx.actorUserId });
    }
    await writeAudit(tx, { ...ctx, action: "program.certify", targetType: "program_certificate", targetId: cert!.id, after: { program: program.slug, userId: e.userId, enrollmentId: e.id, ...validity } });
    return { ok: true as const, certificateId: cert!.id, code };
  });
}

async function lockCertificate(tx: Db, organizationId: string, programId: string, certificateId: string) {
  if (!isUuid(certificateId)) return null;
  const [row] = await tx
    .select(certificateColumns)
    .from(programCertificates)
    .where(and(eq(programCertificates.id, certificateId), eq(programCertificates.organizationId, organizationId), eq(programCertificates.programId, programId)))
    .for("update");
  return row ?? null;
}

/**
 * Revokes a certificate with a reason (it then verifies as 取消). When the person holds no other certificate that is
 * valid or still to come, their placement ends today.
 */
export async function revoke(db: Db, ctx: Ctx, program: ProgramRecord, certificateId: string, reason: string, now = new Date()): Promise<Result> {
  if (!reason) return { ok: false, error: "取り消しの理由を書いてください。", status: 400 };
  return db.transaction(async (tx) => {
    const cert = await lockCertificate(tx, ctx.organizationId, program.id, certificateId);
    if (!cert) return { ok: false as const, error: "認定証が見つかりません。", status: 404 };
    if (cert.revokedAt) return { ok: false as const, error: "すでに取り消されています。", status: 409 };
    await tx.update(programCertificates).set({ revokedAt: now, revokedBy: ctx.actorUserId, revokeReason: reason }).where(eq(programCertificates.id, cert.id));
    const today = jstDate(now);
    const [other] = await tx
      .select({ id: programCertificates.id })
      .from(programCertificates)
      .where(and(eq(programCertificates.programId, program.id), eq(programCertificates.userId, cert.userId), isNull(programCertificates.revokedAt), gte(programCertificates.validUntil, today)));
    if (!other) {
      await tx
        .update(promoterPlacements)
        .set({ endedOn: today })
        .where(and(eq(promoterPlacements.programId, program.id), eq(promoterPlacements.userId, cert.userId), isNull(promoterPlacements.endedOn)));
    }
    await writeAudit(tx, { ...ctx, action: "program.revoke", targetType: "program_certificate", targetId: cert.id, before: { revokedAt: null }, after: { userId: cert.userId, reason } });
    return { ok: true as const };
  });
}

/**
 * Renews a certificate in its renewal window (or lapsed) when the renewal requirements are met since the start of its
 * validity: a new certificate and code, continuing without a gap.
 */
export async function renew(db: Db, ctx: Ctx, program: ProgramRecord, certificateId: string, now = new Date()): Promise<Result<{ certificateId: string; code: string }>> {
  try {
    return await db.transaction(async (tx) => {
      const cert = await lockCertificate(tx, ctx.organizationId, program.id, certificateId);
      if (!cert) return { ok: false as const, error: "認定証が見つかりません。", status: 404 };
      const today = jstDate(now);
      const open = renewalOpen(cert, today, program.definition);
      if (!open.open) return { ok: false as const, error: open.reason ?? "更新できません。", status: 409 };
      const facts = await factsOf(tx, ctx.organizationId, program, cert.userId);
      const evaluation = evaluateRenewal(program.definition, facts, await courseTitles(tx, program.definition), cert.validFrom);
      if (!evaluation.complete) return { ok: false as const, error: `更新の要件を満たしていません: ${missing(evaluation)}`, status: 409 };
      const validity = renewalValidity(cert.validUntil, today, program.definition.validityFiscalYears);
      const code = newVerificationCode();
      const [row] = await tx
        .insert(programCertificates)
        .values({ organizationId: ctx.organizationId, programId: program.id, userId: cert.userId, code, issuedAt: now, issuedBy: ctx.actorUserId, renewedFromId: cert.id, ...validity })
        .returning({ id: programCertificates.id });
      await writeAudit(tx, { ...ctx, action: "program.renew", targetType: "program_certificate", targetId: row!.id, after: { userId: cert.userId, renewedFrom: cert.id, ...validity } });
      return { ok: true as const, certificateId: row!.id, code };
    });
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, error: "すでに更新されています。", status: 409 };
    throw error;
  }
}

/**
 * Every promoter (anyone ever certified) with the certificate that speaks for them today, its state, whether it is in
 * its renewal window, and their current placement.
 */
export async function listPromoters(db: Db, organizationId: string, program: ProgramRecord, now = new Date()) {
  const today = jstDate(now);
  const rows = await db
    .select({ ...certificateColumns, staffNumber: users.staffNumber, name: users.name, active: users.active, ownDepartment: departments.name })
    .from(programCertificates)
    .innerJoin(users, eq(users.id, programCertificates.userId))
    .leftJoin(departments, eq(departments.id, users.departmentId))
    .where(and(eq(programCertificates.organizationId, organizationId), eq(programCertificates.programId, program.id)))
    .orderBy(asc(users.staffNumber), desc(programCertificates.validUntil));
  const placements = await currentPlacements(db, organizationId, program.id);
  const enrollments = await db
    .select({ id: programEnrollments.id, userId: programEnrollments.userId })
    .from(programEnrollments)
    .where(and(eq(programEnrollments.organizationId, organizationId), eq(programEnrollments.programId, program.id), eq(programEnrollments.status, "certified")));
  const byUser = new Map<string, typeof rows>();
  for (const r of rows) byUser.set(r.userId, [...(byUser.get(r.userId) ?? []), r]);
  const window = program.definition.renewal?.windowFiscalYears ?? 1;
  return [...byUser.values()].map((certs) => {
    const cert = currentCertificate(certs, today)!;
    const state = certificateState(cert, today);
    const next = certs.find((c) => c.renewedFromId === cert.id) ?? null;
    return {
      userId: cert.userId,
      staffNumber: cert.staffNumber,
      name: cert.name,
      active: cert.active,
      ownDepartment: cert.ownDepartment,
      enrollmentId: enrollments.find((e) => e.userId === cert.userId)?.id ?? null,
      certificateId: cert.id,
      code: formatVerificationCode(cert.code),
      validFrom: cert.validFrom,
      validUntil: cert.validUntil,
      state,
      nearExpiry: isNearExpiry(cert, today, window) && !next,
      renewedUntil: next?.validUntil ?? null,
      renewal: renewalOpen(cert, today, program.definition),
      placement: placements.get(cert.userId) ?? null,
    };
  });
}

// ---------------------------------------------------------------------------------------------------------------------
// Placement and coverage

async function currentPlacements(db: Db, organizationId: string, programId: string) {
  const rows = await db
    .select({ userId: promoterPlacements.userId, departmentId: promoterPlacements.departmentId, departmentName: departments.name, placedOn: promoterPlacements.placedOn })
    .from(promoterPlacements)
    .innerJoin(departments, eq(departments.id, promoterPlacements.departmentId))
    .where(and(eq(promoterPlacements.organizationId, organizationId), eq(promoterPlacements.programId, programId), isNull(promoterPlacements.endedOn)));
  return new Map(rows.map((r) => [r.userId, r]));
}

export async function currentPlacement(db: Db, organizationId: string, programId: string, userId: string) {
  return (await currentPlacements(db, organizationId, programId)).get(userId) ?? null;
}

/**
 * Places a promoter in a 課 (or ends their placement with null): the current placement ends today and the new one
 * starts today, so that coverage on any past date stays as it was. Only for someone with a certificate that is valid
 * or still to come.
 */
export async function setPlacement(db: Db, ctx: Ctx, program: ProgramRecord, userId: string, departmentId: string | null, now = new Date()): Promise<Result> {
  if (!isUuid(userId) || (departmentId !== null && !isUuid(departmentId))) return { ok: false, error: "入力を確かめてください。", status: 400 };
  const today = jstDate(now);
  return db.transaction(async (tx) => {
    const [cert] = await tx
      .select({ id: programCertificates.id })
      .from(programCertificates)
      .where(and(eq(programCertificates.organizationId, ctx.organizationId), eq(programCertificates.programId, program.id), eq(programCertificates.userId, userId), isNull(programCertificates.revokedAt), gte(programCertificates.validUntil, today)));
    if (!cert) return { ok: false as const, error: "有効な認定を受けている推進員だけを配置できます。", status: 409 };
    if (departmentId) {
      const [dept] = await tx.select({ id: departments.id }).from(departments).where(and(eq(departments.id, departmentId), eq(departments.organizationId, ctx.organizationId)));
      if (!dept) return { ok: false as const, error: "課が見つかりません。", status: 400 };
    }
    const [current] = await tx
      .select({ id: promoterPlacements.id, departmentId: promoterPlacements.departmentId })
      .from(promoterPlacements)
      .where(and(eq(promoterPlacements.programId, program.id), eq(promoterPlacements.userId, userId), isNull(promoterPlacements.endedOn)))
      .for("update");
    if ((current?.departmentId ?? null) === departmentId) return { ok: true as const };
    if (current) await tx.update(promoterPlacements).set({ endedOn: today }).where(eq(promoterPlacements.id, current.id));
    if (departmentId) await tx.insert(promoterPlacements).values({ organizationId: ctx.organizationId, programId: program.id, userId, departmentId, placedOn: today, placedBy: ctx.actorUserId });
    await writeAudit(tx, { ...ctx, action: "program.placement", targetType: "user", targetId: userId, before: { departmentId: current?.departmentId ?? null }, after: { program: program.slug, departmentId } });
    return { ok: true as const };
  });
}

/**
 * 配置の状況: every 課 of the organization with the promoters placed in it whose certificate is valid on the date.
 * The KPI `promoter_coverage` counts the same thing in SQL.
 */
export async function coverage(db: Db, organizationId: string, program: ProgramRecord, now = new Date()) {
  const today = jstDate(now);
  const depts = await db.select({ id: departments.id, name: departments.name }).from(departments).where(eq(departments.organizationId, organizationId)).orderBy(asc(departments.position), asc(departments.name));
  const placed = await db
    .selectDistinct({ departmentId: promoterPlacements.departmentId, userId: users.id, name: users.name, staffNumber: users.staffNumber, validUntil: sql<string>`(select max(${programCertificates.validUntil})::text from ${programCertificates} where ${programCertificates.userId} = ${users.id} and ${programCertificates.programId} = ${program.id} and ${validOn(today)})` })
    .from(promoterPlacements)
    .innerJoin(users, eq(users.id, promoterPlacements.userId))
    .where(
      and(
        eq(promoterPlacements.organizationId, organizationId),
        eq(promoterPlacements.programId, program.id),
        lte(promoterPlacements.placedOn, today),
        or(isNull(promoterPlacements.endedOn), sql`${promoterPlacements.endedOn} > ${today}::date`),
        sql`exists (select 1 from ${programCertificates} where ${programCertificates.userId} = ${promoterPlacements.userId} and ${programCertificates.programId} = ${program.id} and ${validOn(today)})`,
      ),
    )
    .orderBy(asc(users.staffNumber));
  const rows = depts.map((d) => ({ ...d, promoters: placed.filter((p) => p.departmentId === d.id).map((p) => ({ userId: p.userId, name: p.name, staffNumber: p.staffNumber, validUntil: p.validUntil })) }));
  const covered = rows.filter((r) => r.promoters.length > 0).length;
  return { departments: rows, covered, total: rows.length, percent: rows.length ? Math.round((covered / rows.length) * 1000) / 10 : 0 };
}

// ---------------------------------------------------------------------------------------------------------------------
// Activities

export interface ActivityInput {
  title: string;
  departmentId: string;
  doneOn: string;
  hoursSavedPerYear: number | null;
  note: string | null;
}

/** A promoter with a valid certificate records an improvement activity (on or after their first certification). */
export async function addActivity(db: Db, ctx: Ctx, program: ProgramRecord, input: ActivityInput, now = new Date()): Promise<Result<{ activityId: string }>> {
  const today = jstDate(now);
  const certs = await listCertificates(db, ctx.organizationId, program.id, ctx.actorUserId);
  if (!certs.some((c) => certificateState(c, today) === "valid")) return { ok: false, error: "活動を記録できるのは、有効な認定を受けている推進員です。", status: 403 };
  const first = certs.map((c) => c.validFrom).sort()[0]!;
  if (input.doneOn > today) return { ok: false, error: "活動日に未来の日付は入力できません。", status: 400 };
  if (input.doneOn < first) return { ok: false, error: `活動日は認定日（${first}）以降の日付にしてください。`, status: 400 };
  if (!isUuid(input.departmentId)) return { ok: false, error: "課を選んでください。", status: 400 };
  const [dept] = await db.select({ id: departments.id }).from(departments).where(and(eq(departments.id, input.departmentId), eq(departments.organizationId, ctx.organizationId)));
  if (!dept) return { ok: false, error: "課を選んでください。", status: 400 };
  const [row] = await db
    .insert(promoterActivities)
    .values({ organizationId: ctx.organizationId, programId: program.id, userId: ctx.actorUserId, ...input })
    .returning({ id: promoterActivities.id });
  return { ok: true, activityId: row!.id };
}

/** The promoter deletes one of their own activities, as long as the 課長 has not confirmed it. */
export async function deleteActivity(db: Db, ctx: Ctx, program: ProgramRecord, activityId: string): Promise<Result> {
  if (!isUuid(activityId)) return { ok: false, error: "活動が見つかりません。", status: 404 };
  const deleted = await db
    .delete(promoterActivities)
    .where(and(eq(promoterActivities.id, activityId), eq(promoterActivities.programId, program.id), eq(promoterActivities.userId, ctx.actorUserId), isNull(promoterActivities.confirmedAt)))
    .returning({ id: promoterActivities.id });
  return deleted.length ? { ok: true } : { ok: false, error: "削除できる活動が見つかりません（課長が確認した活動は削除できません）。", status: 409 };
}

/** One activity of the organization (for the guard: which 課 it belongs to). */
export async function getActivity(db: Db, organizationId: string, programId: string, activityId: string) {
  if (!isUuid(activityId)) return null;
  const [row] = await db
    .select({ id: promoterActivities.id, userId: promoterActivities.userId, departmentId: promoterActivities.departmentId, confirmedAt: promoterActivities.confirmedAt })
    .from(promoterActivities)
    .where(and(eq(promoterActivities.id, activityId), eq(promoterActivities.organizationId, organizationId), eq(promoterActivities.programId, programId)));
  return row ?? null;
}

/**
 * The 課長 confirms an activity done for their 課 (the caller has checked the department permission). Nobody confirms
 * their own activity. Confirming twice changes nothing.
 */
export async function confirmActivity(db: Db, ctx: Ctx, program: ProgramRecord, activityId: string): Promise<Result> {
  const activity = await getActivity(db, ctx.organizationId, program.id, activityId);
  if (!activity) return { ok: false, error: "活動が見つかりません。", status: 404 };
  if (activity.userId === ctx.actorUserId) return { ok: false, error: "ご自身の活動は確認できません。", status: 403 };
  const updated = await db
    .update(promoterActivities)
    .set({ confirmedBy: ctx.actorUserId, confirmedAt: sql`now()` })
    .where(and(eq(promoterActivities.id, activity.id), isNull(promoterActivities.confirmedAt)))
    .returning({ id: promoterActivities.id });
  if (updated.length) await writeAudit(db, { ...ctx, action: "program.activity_confirm", targetType: "promoter_activity", targetId: activity.id, after: { userId: activity.userId, departmentId: activity.departmentId } });
  return { ok: true };
}

export interface ActivityFilter {
  userId?: string;
  departmentId?: string;
  fiscalYear?: number;
  confirmed?: boolean;
}

/** Activities of the organization's promoters, newest first. */
export async function listActivities(db: Db, organizationId: string, programId: string, filter: ActivityFilter = {}) {
  const fy = filter.fiscalYear;
  return db
    .select({
      id: promoterActivities.id,
      userId: promoterActivities.userId,
      staffNumber: users.staffNumber,
      promoterName: users.name,
      departmentId: promoterActivities.departmentId,
      departmentName: departments.name,
      title: promoterActivities.title,
      doneOn: promoterActivities.doneOn,
      hoursSavedPerYear: promoterActivities.hoursSavedPerYear,
      note: promoterActivities.note,
      confirmedAt: promoterActivities.confirmedAt,
      confirmedByName: sql<string | null>`(select u.name from users u where u.id = ${promoterActivities.confirmedBy})`,
    })
    .from(promoterActivities)
    .innerJoin(users, eq(users.id, promoterActivities.userId))
    .innerJoin(departments, eq(departments.id, promoterActivities.departmentId))
    .where(
      and(
        eq(promoterActivities.organizationId, organizationId),
        eq(promoterActivities.programId, programId),
        filter.userId ? eq(promoterActivities.userId, filter.userId) : undefined,
        filter.departmentId ? eq(promoterActivities.departmentId, filter.departmentId) : undefined,
        fy !== undefined ? and(gte(promoterActivities.doneOn, `${fy}-04-01`), lte(promoterActivities.doneOn, `${fy + 1}-03-31`)) : undefined,
        filter.confirmed === true ? isNotNull(promoterActivities.confirmedAt) : filter.confirmed === false ? isNull(promoterActivities.confirmedAt) : undefined,
      ),
    )
    .orderBy(desc(promoterActivities.doneOn), desc(promoterActivities.createdAt));
}

// ---------------------------------------------------------------------------------------------------------------------
// The staff member's own view

/** Everything the programme page shows to one staff member about themselves. */
export async function myProgramState(db: Db, organizationId: string, userId: string, program: ProgramRecord, now = new Date()) {
  const today = jstDate(now);
  const person = await getPerson(db, organizationId, userId);
  if (!person) return null;
  const [eligibility, enrollment, facts, titles, certs, reports, placement] = await Promise.all([
    eligibilityOf(db, organizationId, program, person),
    currentEnrollment(db, organizationId, program.id, userId),
    factsOf(db, organizationId, program, userId),
    courseTitles(db, program.definition),
    listCertificates(db, organizationId, program.id, userId),
    listReports(db, organizationId, program.id, userId),
    currentPlacement(db, organizationId, program.id, userId),
  ]);
  const certificate = currentCertificate(certs, today);
  const renewal = certificate ? renewalOpen(certificate, today, program.definition) : null;
  return {
    person,
    eligibility,
    enrollment,
    facts,
    evaluation: evaluateCertification(program.definition, facts, titles, formatVerificationCode),
    certificates: certs,
    certificate,
    certificateState: certificate ? certificateState(certificate, today) : null,
    nearExpiry: certificate ? isNearExpiry(certificate, today, program.definition.renewal?.windowFiscalYears ?? 1) && !certs.some((c) => c.renewedFromId === certificate.id) : false,
    renewal,
    renewalEvaluation: certificate && program.definition.renewal ? evaluateRenewal(program.definition, facts, titles, certificate.validFrom, formatVerificationCode) : null,
    reports,
    placement,
    titles,
  };
}

/** Enrollment detail for HR: the person, their records and every decision HR can take. */
export async function enrollmentDetail(db: Db, organizationId: string, program: ProgramRecord, enrollmentId: string, now = new Date()) {
  if (!isUuid(enrollmentId)) return null;
  const [enrollment] = await db
    .select({ ...enrollmentColumns, decidedByName: sql<string | null>`(select u.name from users u where u.id = ${programEnrollments.decidedBy})` })
    .from(programEnrollments)
    .where(and(eq(programEnrollments.id, enrollmentId), eq(programEnrollments.organizationId, organizationId), eq(programEnrollments.programId, program.id)));
  if (!enrollment) return null;
  const state = await myProgramState(db, organizationId, enrollment.userId, program, now);
  if (!state) return null;
  const evaluation = evaluateCertification(program.definition, { ...state.facts, status: enrollment.status }, state.titles, formatVerificationCode);
  const activities = await listActivities(db, organizationId, program.id, { userId: enrollment.userId });
  return { ...state, enrollment, evaluation, activities };
}
