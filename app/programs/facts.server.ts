/** Facts: what the records say about people, for requirement evaluation. */
import { and, asc, eq, inArray, isNotNull } from "drizzle-orm";
import type { Db } from "../../db/client";
import {
  attendance,
  classSeries,
  classSessions,
  courseCompletions,
  courses,
  improvementReports,
  programEnrollments,
  promoterActivities,
  quizAttempts,
  registrations,
} from "../../db/schema";
import { attendedSql } from "~/classes/attended.server";
import { OPEN_STATUSES, type ProgramFacts } from "./rules";
import { examQuizId, type ProgramRecord } from "./lookup.server";

/** Every record the requirements look at, for several people at once (a handful of queries, not one per person). */
export async function loadFacts(db: Db, organizationId: string, program: ProgramRecord, userIds: string[]): Promise<Map<string, ProgramFacts>> {
  const facts = new Map<string, ProgramFacts>(
    userIds.map((id) => [id, { status: null, exam: null, completions: [], trainings: [], reports: [], confirmedActivities: [] }]),
  );
  if (!userIds.length) return facts;
  const d = program.definition;
  const enrollments = await db
    .select({ userId: programEnrollments.userId, status: programEnrollments.status })
    .from(programEnrollments)
    .where(
      and(eq(programEnrollments.organizationId, organizationId), eq(programEnrollments.programId, program.id), inArray(programEnrollments.userId, userIds)),
    )
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
      .where(
        and(
          eq(quizAttempts.organizationId, organizationId),
          eq(quizAttempts.quizId, quizId),
          eq(quizAttempts.status, "submitted"),
          inArray(quizAttempts.userId, userIds),
        ),
      );
    for (const a of attempts) {
      const f = facts.get(a.userId)!;
      if (a.percent === null || !a.submittedAt) continue;
      if (!f.exam || a.percent > f.exam.percent) f.exam = { percent: a.percent, submittedAt: a.submittedAt };
    }
  }
  const courseSlugs = [...new Set([...d.requiredCourses, ...(d.renewal?.requiredCourses ?? [])])];
  if (courseSlugs.length) {
    const rows = await db
      .select({
        userId: courseCompletions.userId,
        courseSlug: courses.slug,
        completedAt: courseCompletions.completedAt,
        certificateCode: courseCompletions.certificateCode,
      })
      .from(courseCompletions)
      .innerJoin(courses, eq(courses.id, courseCompletions.courseId))
      .where(and(eq(courseCompletions.organizationId, organizationId), inArray(courseCompletions.userId, userIds), inArray(courses.slug, courseSlugs)));
    for (const r of rows) facts.get(r.userId)!.completions.push({ courseSlug: r.courseSlug, completedAt: r.completedAt, certificateCode: r.certificateCode });
  }
  const categories = [...new Set([d.requiredTrainings?.category, d.renewal?.requiredTrainings?.category].filter((c): c is string => !!c))];
  if (categories.length) {
    const rows = await db
      .select({
        userId: registrations.userId,
        category: classSeries.category,
        title: classSeries.title,
        number: classSessions.number,
        startsAt: classSessions.startsAt,
      })
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
          attendedSql(attendance.status),
        ),
      );
    for (const r of rows) facts.get(r.userId!)!.trainings.push({ category: r.category, title: r.title, number: r.number, startsAt: r.startsAt });
  }
  const reports = await db
    .select({
      userId: improvementReports.userId,
      title: improvementReports.title,
      status: improvementReports.status,
      submittedAt: improvementReports.submittedAt,
      reviewedAt: improvementReports.reviewedAt,
    })
    .from(improvementReports)
    .where(
      and(eq(improvementReports.organizationId, organizationId), eq(improvementReports.programId, program.id), inArray(improvementReports.userId, userIds)),
    );
  for (const r of reports) facts.get(r.userId)!.reports.push({ title: r.title, status: r.status, submittedAt: r.submittedAt, reviewedAt: r.reviewedAt });
  const activities = await db
    .select({ userId: promoterActivities.userId, title: promoterActivities.title, doneOn: promoterActivities.doneOn })
    .from(promoterActivities)
    .where(
      and(
        eq(promoterActivities.organizationId, organizationId),
        eq(promoterActivities.programId, program.id),
        inArray(promoterActivities.userId, userIds),
        isNotNull(promoterActivities.confirmedAt),
      ),
    );
  for (const a of activities) facts.get(a.userId)!.confirmedActivities.push({ title: a.title, doneOn: a.doneOn });
  return facts;
}

export async function factsOf(db: Db, organizationId: string, program: ProgramRecord, userId: string): Promise<ProgramFacts> {
  return (await loadFacts(db, organizationId, program, [userId])).get(userId)!;
}
