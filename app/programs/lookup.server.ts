/** Programmes the organization runs, and the people who might take part in them (with their eligibility). */
import { and, asc, eq, inArray } from "drizzle-orm";
import type { Db } from "../../db/client";
import { courses, departments, jobRanks, organizationPrograms, programs, quizzes, users } from "../../db/schema";
import type { EmploymentType } from "~/staff/constants";
import { checkEligibility, type EligibilityResult } from "./rules";
import type { ProgramDefinition } from "./schema";
import { isUuid } from "~/kernel/uuid";

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
    .select({
      id: programs.id,
      slug: programs.slug,
      title: programs.title,
      summary: programs.summary,
      descriptionHtml: programs.descriptionHtml,
      definition: programs.definition,
    })
    .from(programs)
    .innerJoin(organizationPrograms, and(eq(organizationPrograms.programId, programs.id), eq(organizationPrograms.organizationId, organizationId)))
    .where(and(eq(programs.slug, slug), eq(programs.archived, false)));
  return row ?? null;
}

export async function listPrograms(db: Db, organizationId: string): Promise<ProgramRecord[]> {
  return db
    .select({
      id: programs.id,
      slug: programs.slug,
      title: programs.title,
      summary: programs.summary,
      descriptionHtml: programs.descriptionHtml,
      definition: programs.definition,
    })
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

/** The selection exam's quiz (by the course and quiz slugs of the definition), or null. */
export async function examQuizId(db: Db, definition: ProgramDefinition): Promise<string | null> {
  const [row] = await db
    .select({ id: quizzes.id })
    .from(quizzes)
    .innerJoin(courses, eq(courses.id, quizzes.courseId))
    .where(and(eq(courses.slug, definition.selectionExam.course), eq(quizzes.slug, definition.selectionExam.quiz)));
  return row?.id ?? null;
}

// ---------------------------------------------------------------------------------------------------------------------
// People and eligibility

export const personColumns = {
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
