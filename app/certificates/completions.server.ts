import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { courseCompletions, courses, organizations, users } from "../../db/schema";
import { isUuid } from "~/kernel/uuid";

/** A course completion as printed on the 修了証, within one organization (null for another's or an unknown id). */
export async function completionCertificate(db: Db, organizationId: string, completionId: string) {
  if (!isUuid(completionId)) return null;
  const [row] = await db
    .select({
      id: courseCompletions.id,
      userId: courseCompletions.userId,
      departmentId: users.departmentId,
      name: users.name,
      organizationName: organizations.name,
      courseTitle: courses.title,
      estimatedMinutes: courses.estimatedMinutes,
      completedAt: courseCompletions.completedAt,
      fiscalYear: courseCompletions.fiscalYear,
      code: courseCompletions.certificateCode,
      scores: courseCompletions.scores,
    })
    .from(courseCompletions)
    .innerJoin(users, eq(users.id, courseCompletions.userId))
    .innerJoin(organizations, eq(organizations.id, courseCompletions.organizationId))
    .innerJoin(courses, eq(courses.id, courseCompletions.courseId))
    .where(and(eq(courseCompletions.id, completionId), eq(courseCompletions.organizationId, organizationId)));
  return row ?? null;
}
