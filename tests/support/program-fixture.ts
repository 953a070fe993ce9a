import { and, eq } from "drizzle-orm";
import { newVerificationCode } from "~/certificates/code.server";
import { newCheckinSecret, newReceiptNumber } from "~/classes/checkin.server";
import { getProgram } from "~/programs/programs.server";
import { enableOrganizationPrograms } from "~/programs/sync.server";
import type { EmploymentType, Role } from "~/staff/constants";
import {
  attendance,
  classSeries,
  classSessions,
  courseCompletions,
  courses,
  departments,
  improvementReports,
  jobRanks,
  organizations,
  quizAttempts,
  quizzes,
  registrations,
  users,
} from "../../db/schema";
import type { TestDatabase } from "./database";

/**
 * A small town that runs the DX推進員 programme, with figures that can be counted by hand: four 課 (A–D), three 職位
 * (課長 > 係長 > 主事), HR, a 課長 of A, and staff at, above and below the programme's 係長 limit.
 */
export async function buildProgramTown(database: TestDatabase, slug = "progtown") {
  const db = database.db;
  const [org] = await db
    .insert(organizations)
    .values({ slug, name: `${slug}町`, nameKana: "てすとまち", prefecture: "茨城県" })
    .returning();
  const organizationId = org!.id;
  await enableOrganizationPrograms(db, organizationId, ["dx-promoter"]);
  const [a, b, c, d] = await db
    .insert(departments)
    .values(["A", "B", "C", "D"].map((x, position) => ({ organizationId, code: x.toLowerCase(), name: `${x}課`, position })))
    .returning();
  const [kacho, kakaricho, shuji] = await db
    .insert(jobRanks)
    .values(["課長", "係長", "主事"].map((name, position) => ({ organizationId, name, position })))
    .returning();
  const person = async (
    staffNumber: string,
    departmentId: string,
    jobRankId: string,
    employmentType: EmploymentType = "regular",
    options: { active?: boolean; roles?: Role[] } = {},
  ) => {
    const [row] = await db
      .insert(users)
      .values({
        organizationId,
        staffNumber,
        name: `職員　${staffNumber}`,
        nameKana: "しょくいん",
        email: `${slug}-${staffNumber}@example.jp`,
        departmentId,
        jobRankId,
        employmentType,
        active: options.active ?? true,
        roles: options.roles ?? ["learner"],
      })
      .returning({ id: users.id });
    return row!.id;
  };
  const staff = {
    hr: await person("hr", b!.id, kakaricho!.id, "regular", { roles: ["learner", "hr_admin"] }),
    managerA: await person("m1", a!.id, kacho!.id, "regular", { roles: ["learner", "dept_manager"] }),
    managerB: await person("m2", b!.id, kacho!.id, "regular", { roles: ["learner", "dept_manager"] }),
    u1: await person("u1", a!.id, shuji!.id),
    u2: await person("u2", b!.id, kakaricho!.id),
    u3: await person("u3", a!.id, kacho!.id), // above 係長
    u4: await person("u4", b!.id, shuji!.id, "fiscal_year"), // not 正規
    u5: await person("u5", c!.id, shuji!.id),
    u6: await person("u6", c!.id, shuji!.id, "regular", { active: false }),
    u7: await person("u7", d!.id, shuji!.id),
  };
  const program = (await getProgram(db, organizationId, "dx-promoter"))!;
  const courseId = async (courseSlug: string) => (await db.select({ id: courses.id }).from(courses).where(eq(courses.slug, courseSlug)))[0]!.id;

  /** A course completion at a moment (its fiscal year from Japan time). */
  const complete = async (userId: string, course: string, at: string) => {
    const completedAt = new Date(at);
    const jst = new Date(completedAt.getTime() + 9 * 3_600_000);
    const fiscalYear = jst.getUTCMonth() >= 3 ? jst.getUTCFullYear() : jst.getUTCFullYear() - 1;
    const [row] = await db
      .insert(courseCompletions)
      .values({
        organizationId,
        userId,
        courseId: await courseId(course),
        completedAt,
        fiscalYear,
        certificateCode: newVerificationCode(),
        courseContentHash: "x",
      })
      .returning({ code: courseCompletions.certificateCode });
    return row!.code;
  };

  /** A submitted selection-exam attempt with the given percent. */
  const exam = async (userId: string, percent: number, at = "2026-06-01T10:00:00+09:00") => {
    const [quiz] = await db
      .select({ id: quizzes.id, versionId: quizzes.currentVersionId })
      .from(quizzes)
      .innerJoin(courses, eq(courses.id, quizzes.courseId))
      .where(and(eq(courses.slug, "dx-promoter-basics"), eq(quizzes.slug, "selection")));
    await db.insert(quizAttempts).values({
      organizationId,
      userId,
      quizId: quiz!.id,
      quizVersionId: quiz!.versionId!,
      attemptNumber: 1,
      seed: 1,
      status: "submitted",
      startedAt: new Date(at),
      submittedAt: new Date(at),
      percent,
      passed: percent >= 70,
      score: percent,
      maxScore: 100,
    });
  };

  /** A staff training of a category held at a moment, with these people marked. */
  const training = async (
    at: string,
    marks: [string, "present" | "late" | "left_early" | "absent" | "excused"][],
    { category = "dx-literacy", audience = "staff" as "staff" | "residents" } = {},
  ) => {
    const [series] = await db
      .insert(classSeries)
      .values({
        organizationId,
        title: category === "dx-literacy" ? "DX実践研修" : "研修",
        category,
        audience,
        organizerType: "municipal",
        format: "in_person",
      })
      .returning();
    const startsAt = new Date(at);
    const [session] = await db
      .insert(classSessions)
      .values({
        organizationId,
        seriesId: series!.id,
        number: 1,
        startsAt,
        endsAt: new Date(startsAt.getTime() + 7_200_000),
        capacity: 30,
        status: "held",
        checkinSecret: newCheckinSecret(),
        closedAt: startsAt,
      })
      .returning();
    for (const [userId, status] of marks) {
      const [reg] = await db
        .insert(registrations)
        .values({ organizationId, sessionId: session!.id, receiptNumber: newReceiptNumber(), channel: "staff", status: "confirmed", userId })
        .returning();
      await db.insert(attendance).values({ registrationId: reg!.id, organizationId, sessionId: session!.id, status, method: "roster" });
    }
  };

  /** An approved 業務改善レポート. */
  const approvedReport = async (userId: string, at = "2026-09-01T10:00:00+09:00") => {
    await db.insert(improvementReports).values({
      organizationId,
      programId: program.id,
      userId,
      title: "窓口予約の電子化",
      body: "本文",
      status: "approved",
      submittedAt: new Date(at),
      reviewedBy: staff.hr,
      reviewedAt: new Date(at),
    });
  };

  return {
    organizationId,
    program,
    departments: { a: a!.id, b: b!.id, c: c!.id, d: d!.id },
    ranks: { kacho: kacho!.id, kakaricho: kakaricho!.id, shuji: shuji!.id },
    staff,
    person,
    complete,
    exam,
    training,
    approvedReport,
  };
}
