/** Certificates: certification, revocation, renewal, and the list of promoters. */
import { and, asc, desc, eq, gte, isNull, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { departments, programCertificates, programEnrollments, promoterPlacements, users } from "../../db/schema";
import { writeAudit } from "~/audit/audit.server";
import { formatVerificationCode, newVerificationCode } from "~/certificates/code.server";
import {
  certificateState,
  certificateValidity,
  evaluateCertification,
  evaluateRenewal,
  isNearExpiry,
  renewalOpen,
  renewalValidity,
  type Evaluation,
} from "./rules";
import { courseTitles, type ProgramRecord } from "./lookup.server";
import { factsOf } from "./facts.server";
import { isUniqueViolation, lockEnrollment } from "./enrollments.server";
import { currentPlacements } from "./placements.server";
import { isUuid } from "~/kernel/uuid";
import { jstDate } from "~/kernel/dates";
import type { ChangeContext } from "~/kernel/actor";
import type { Result } from "~/kernel/result";

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
export async function certify(
  db: Db,
  ctx: ChangeContext,
  program: ProgramRecord,
  enrollmentId: string,
  now = new Date(),
): Promise<Result<{ certificateId: string; code: string }>> {
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
      .values({
        organizationId: ctx.organizationId,
        programId: program.id,
        userId: e.userId,
        enrollmentId: e.id,
        code,
        issuedAt: now,
        issuedBy: ctx.actorUserId,
        ...validity,
      })
      .returning({ id: programCertificates.id });
    await tx
      .update(programEnrollments)
      .set({ status: "certified", certifiedAt: now, updatedAt: sql`now()` })
      .where(eq(programEnrollments.id, e.id));
    const [person] = await tx.select({ departmentId: users.departmentId }).from(users).where(eq(users.id, e.userId));
    const [placed] = await tx
      .select({ id: promoterPlacements.id })
      .from(promoterPlacements)
      .where(and(eq(promoterPlacements.programId, program.id), eq(promoterPlacements.userId, e.userId), isNull(promoterPlacements.endedOn)));
    if (!placed && person?.departmentId) {
      await tx.insert(promoterPlacements).values({
        organizationId: ctx.organizationId,
        programId: program.id,
        userId: e.userId,
        departmentId: person.departmentId,
        placedOn: validity.validFrom,
        placedBy: ctx.actorUserId,
      });
    }
    await writeAudit(tx, {
      ...ctx,
      action: "program.certify",
      targetType: "program_certificate",
      targetId: cert!.id,
      after: { program: program.slug, userId: e.userId, enrollmentId: e.id, ...validity },
    });
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
export async function revoke(db: Db, ctx: ChangeContext, program: ProgramRecord, certificateId: string, reason: string, now = new Date()): Promise<Result> {
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
      .where(
        and(
          eq(programCertificates.programId, program.id),
          eq(programCertificates.userId, cert.userId),
          isNull(programCertificates.revokedAt),
          gte(programCertificates.validUntil, today),
        ),
      );
    if (!other) {
      await tx
        .update(promoterPlacements)
        .set({ endedOn: today })
        .where(and(eq(promoterPlacements.programId, program.id), eq(promoterPlacements.userId, cert.userId), isNull(promoterPlacements.endedOn)));
    }
    await writeAudit(tx, {
      ...ctx,
      action: "program.revoke",
      targetType: "program_certificate",
      targetId: cert.id,
      before: { revokedAt: null },
      after: { userId: cert.userId, reason },
    });
    return { ok: true as const };
  });
}

/**
 * Renews a certificate in its renewal window (or lapsed) when the renewal requirements are met since the start of its
 * validity: a new certificate and code, continuing without a gap.
 */
export async function renew(
  db: Db,
  ctx: ChangeContext,
  program: ProgramRecord,
  certificateId: string,
  now = new Date(),
): Promise<Result<{ certificateId: string; code: string }>> {
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
        .values({
          organizationId: ctx.organizationId,
          programId: program.id,
          userId: cert.userId,
          code,
          issuedAt: now,
          issuedBy: ctx.actorUserId,
          renewedFromId: cert.id,
          ...validity,
        })
        .returning({ id: programCertificates.id });
      await writeAudit(tx, {
        ...ctx,
        action: "program.renew",
        targetType: "program_certificate",
        targetId: row!.id,
        after: { userId: cert.userId, renewedFrom: cert.id, ...validity },
      });
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
    .where(
      and(eq(programEnrollments.organizationId, organizationId), eq(programEnrollments.programId, program.id), eq(programEnrollments.status, "certified")),
    );
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
