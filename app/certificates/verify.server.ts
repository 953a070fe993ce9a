import { eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { courseCompletions, courses, organizations, programCertificates, programs, users } from "../../db/schema";
import { addressKey, formatWait, type ThrottlePolicy } from "~/auth/throttle";
import { recordFailure, throttleWait } from "~/auth/throttle.server";
import { certificateState, type CertificateState } from "~/programs/rules";
import { normalizeVerificationCode } from "./code.server";
import { jstDate } from "~/kernel/dates";

/**
 * Public verification of certificates (/verify/<code>, no sign-in): a programme certificate (DX推進員) or a course
 * completion (修了証). Shows only the name, what was certified, the organization and the dates. Wrong codes are
 * counted per IP address (IPv6 by its /64) with the sign-in throttle (app/auth/throttle.server.ts, key
 * "verify:ip:<address>"): 10 free, then a growing wait, and a 15-minute lock at 30. A code has 80 random bits, so guessing is hopeless anyway; the limit keeps the
 * page from being used to hammer the database.
 */
export const VERIFY_POLICY: ThrottlePolicy = { free: 10, lockAt: 30, lockMinutes: 15, windowMinutes: 15 };

export type Verification =
  | { kind: "throttled"; message: string; retryAfterSeconds: number }
  | { kind: "malformed" }
  | { kind: "unknown" }
  | {
      kind: "program";
      state: CertificateState;
      name: string;
      title: string;
      organizationName: string;
      issuedOn: string;
      validFrom: string;
      validUntil: string;
      revokedOn: string | null;
    }
  | { kind: "course"; name: string; title: string; organizationName: string; completedOn: string };

const throttleKey = (ip: string | null) => `verify:ip:${addressKey(ip)}`;

export function throttledMessage(waitMs: number): string {
  return `確認コードの誤りが続いたため、しばらく確認できません。${formatWait(waitMs)}ほど待ってから、もう一度お試しください。`;
}

/** Looks a code up; a wrong (unknown or malformed) code counts against the IP address. */
export async function verifyCode(db: Db, input: string, ip: string | null, now = new Date()): Promise<Verification> {
  const key = throttleKey(ip);
  const wait = await throttleWait(db, [key]);
  if (wait > 0) return { kind: "throttled", message: throttledMessage(wait), retryAfterSeconds: Math.ceil(wait / 1000) };
  const code = normalizeVerificationCode(input);
  if (!code) {
    await recordFailure(db, key, VERIFY_POLICY);
    return { kind: "malformed" };
  }
  const [cert] = await db
    .select({
      name: users.name,
      title: programs.title,
      organizationName: organizations.name,
      issuedAt: programCertificates.issuedAt,
      validFrom: programCertificates.validFrom,
      validUntil: programCertificates.validUntil,
      revokedAt: programCertificates.revokedAt,
    })
    .from(programCertificates)
    .innerJoin(users, eq(users.id, programCertificates.userId))
    .innerJoin(programs, eq(programs.id, programCertificates.programId))
    .innerJoin(organizations, eq(organizations.id, programCertificates.organizationId))
    .where(eq(programCertificates.code, code));
  if (cert) {
    return {
      kind: "program",
      state: certificateState(cert, jstDate(now)),
      name: cert.name,
      title: cert.title,
      organizationName: cert.organizationName,
      issuedOn: jstDate(cert.issuedAt),
      validFrom: cert.validFrom,
      validUntil: cert.validUntil,
      revokedOn: cert.revokedAt ? jstDate(cert.revokedAt) : null,
    };
  }
  const [completion] = await db
    .select({ name: users.name, title: courses.title, organizationName: organizations.name, completedAt: courseCompletions.completedAt })
    .from(courseCompletions)
    .innerJoin(users, eq(users.id, courseCompletions.userId))
    .innerJoin(courses, eq(courses.id, courseCompletions.courseId))
    .innerJoin(organizations, eq(organizations.id, courseCompletions.organizationId))
    .where(eq(courseCompletions.certificateCode, code));
  if (completion)
    return {
      kind: "course",
      name: completion.name,
      title: completion.title,
      organizationName: completion.organizationName,
      completedOn: jstDate(completion.completedAt),
    };
  await recordFailure(db, key, VERIFY_POLICY);
  return { kind: "unknown" };
}

/** Only checks the throttle (for the form page, so that a blocked visitor sees why before typing). */
export async function verifyThrottle(db: Db, ip: string | null): Promise<string | null> {
  const wait = await throttleWait(db, [throttleKey(ip)]);
  return wait > 0 ? throttledMessage(wait) : null;
}
