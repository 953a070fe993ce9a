/** One person's programme, composed from every part: the staff member's own page and HR's enrollment detail. */
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { programEnrollments } from "../../db/schema";
import { formatVerificationCode } from "~/certificates/code.server";
import { certificateState, evaluateCertification, evaluateRenewal, isNearExpiry, renewalOpen } from "./rules";
import { courseTitles, eligibilityOf, getPerson, type ProgramRecord } from "./lookup.server";
import { factsOf } from "./facts.server";
import { currentEnrollment, enrollmentColumns } from "./enrollments.server";
import { listReports } from "./reports.server";
import { currentCertificate, listCertificates } from "./certificates.server";
import { currentPlacement } from "./placements.server";
import { listActivities } from "./activities.server";
import { isUuid } from "~/kernel/uuid";
import { jstDate } from "~/kernel/dates";

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
    nearExpiry: certificate
      ? isNearExpiry(certificate, today, program.definition.renewal?.windowFiscalYears ?? 1) && !certs.some((c) => c.renewedFromId === certificate.id)
      : false,
    renewal,
    renewalEvaluation:
      certificate && program.definition.renewal ? evaluateRenewal(program.definition, facts, titles, certificate.validFrom, formatVerificationCode) : null,
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
