import { and, desc, eq, inArray, isNotNull, lt, sql } from "drizzle-orm";
import { newVerificationCode } from "~/certificates/code.server";
import { newReceiptNumber } from "~/classes/checkin.server";
import { addDays, fiscalYearOf, jstDate, jstInstant } from "~/kernel/dates";
import { certificateValidity } from "~/programs/rules";
import { getQuiz, startAttempt, submitAttempt } from "~/quizzes/attempts.server";
import type { Answer } from "~/quizzes/grading";
import type { ProgramDefinition } from "~/programs/schema";
import type { QuizDefinition } from "~/quizzes/schema";
import type { Db } from "../../db/client";
import {
  attendance,
  classSeries,
  classSessions,
  courseCompletions,
  courses,
  improvementReports,
  organizationPrograms,
  organizations,
  programCertificates,
  programEnrollments,
  programs,
  promoterActivities,
  promoterPlacements,
  registrations,
  users,
} from "../../db/schema";

/**
 * Demo records of the DX推進員 programme for every organization that runs it, so that each page has something to
 * show: applicants and a nominee with selection-exam results (graded through the real quiz code), a candidate in
 * training with a report waiting for HR, a candidate who meets every requirement (HR can certify them), a promoter
 * certified this year whose activity for the 市民課/町民課 waits for the 課長 (1003), and one certified last year whose
 * certificate expires at the end of this fiscal year (near expiry). Attendance at staff trainings uses the demo classes
 * when they exist. Skipped for an organization that already has enrollments.
 *
 * Roles by demo staff number (generated colleagues, all 正規 at 係長 or below): 2002 near expiry, 2009 (小美玉市) /
 * 2004 (阿見町) certified this year, 2003 ready to certify, 2005 in training, 2001 / 2010 / 2013 exam taken, 2014 nominated.
 */
export async function seedDemoPrograms(db: Db, today: Date = new Date()): Promise<number> {
  const [program] = await db
    .select({ id: programs.id, definition: programs.definition })
    .from(programs)
    .where(and(eq(programs.slug, "dx-promoter"), eq(programs.archived, false)));
  if (!program) return 0;
  const exam = await getQuiz(db, program.definition.selectionExam.course, program.definition.selectionExam.quiz);
  const courseRows = await db
    .select({ id: courses.id, slug: courses.slug, hash: courses.contentHash })
    .from(courses)
    .where(inArray(courses.slug, program.definition.requiredCourses));
  const orgs = await db
    .select({ id: organizations.id, slug: organizations.slug })
    .from(organizations)
    .innerJoin(organizationPrograms, and(eq(organizationPrograms.organizationId, organizations.id), eq(organizationPrograms.programId, program.id)));
  let seeded = 0;

  for (const org of orgs) {
    const staff = await db
      .select({ id: users.id, staffNumber: users.staffNumber, departmentId: users.departmentId })
      .from(users)
      .where(
        and(
          eq(users.organizationId, org.id),
          inArray(users.staffNumber, ["1001", "1003", "2001", "2002", "2003", "2004", "2005", "2009", "2010", "2013", "2014"]),
        ),
      );
    const who = (n: string) => staff.find((s) => s.staffNumber === n);
    const hr = who("1001");
    const manager = who("1003");
    const [p1, p2, c1, c2] = [who("2002"), who(org.slug === "ami" ? "2004" : "2009"), who("2003"), who("2005")];
    if (!hr || !manager?.departmentId || !p1 || !p2 || !c1 || !c2) continue;

    const people = { hr, manager: { ...manager, departmentId: manager.departmentId }, p1, p2, c1, c2 };
    const done = await db.transaction((tx) => seedPromoters(tx, { organizationId: org.id, program, courseRows, today }, people));
    if (!done) continue;
    await seedSelection(db, org.id, program.id, hr.id, exam, [c1.staffNumber, c2.staffNumber]);
    seeded++;
  }
  return seeded;
}

const at = (date: string, hour = 10) => jstInstant(date, `${String(hour).padStart(2, "0")}:00`);
const clamp = (date: string, lo: string, hi: string) => (date < lo ? lo : date > hi ? hi : date);

interface ProgramScope {
  organizationId: string;
  program: { id: string; definition: ProgramDefinition };
  courseRows: { id: string; slug: string; hash: string }[];
  today: Date;
}
type Person = { id: string; staffNumber: string };

type DemoPeople = { hr: Person; manager: Person & { departmentId: string }; p1: Person; p2: Person; c1: Person; c2: Person };

/**
 * The promoters (2002, 2009 / 2004) and the candidates in training (2003, 2005) with their courses, reports,
 * certificates, placements and activities, in one transaction; false when the organization already has enrollments.
 */
async function seedPromoters(tx: Db, scope: ProgramScope, people: DemoPeople): Promise<boolean> {
  const { organizationId, today } = scope;
  await tx.select({ id: organizations.id }).from(organizations).where(eq(organizations.id, organizationId)).for("update");
  const [existing] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(programEnrollments)
    .where(eq(programEnrollments.organizationId, organizationId));
  if ((existing?.n ?? 0) > 0) return false;

  const w = demoWriters(tx, scope, people);
  const todayDate = jstDate(today);
  const fy = fiscalYearOf(today);
  await seedNearExpiryPromoter(w, people.p1, fy, todayDate);
  await seedNewPromoter(w, people.p2, fy, todayDate);
  await seedTrainees(tx, w, scope, people, fy, todayDate);
  return true;
}

type DemoWriters = ReturnType<typeof demoWriters>;

/** The inserts the promoter demo is made of, bound to one organization, programme and transaction. */
function demoWriters(tx: Db, { organizationId, program, courseRows, today }: ProgramScope, { hr, manager }: Pick<DemoPeople, "hr" | "manager">) {
  const todayDate = jstDate(today);
  const base = { organizationId, programId: program.id };

  const complete = async (userId: string, slug: string, date: string) => {
    const course = courseRows.find((c) => c.slug === slug);
    if (!course) return;
    const completedAt = at(date, 15);
    await tx
      .insert(courseCompletions)
      .values({
        organizationId,
        userId,
        courseId: course.id,
        completedAt,
        fiscalYear: fiscalYearOf(completedAt),
        certificateCode: newVerificationCode(),
        courseContentHash: course.hash,
      })
      .onConflictDoNothing();
  };
  const enroll = (userId: string, status: "applied" | "nominated" | "selected" | "certified", extra: Partial<typeof programEnrollments.$inferInsert> = {}) =>
    tx
      .insert(programEnrollments)
      .values({
        ...base,
        userId,
        status,
        origin: status === "nominated" ? "nominated" : "applied",
        nominatedBy: status === "nominated" ? hr.id : null,
        ...extra,
      })
      .returning({ id: programEnrollments.id })
      .then((r) => r[0]!.id);
  const report = (userId: string, title: string, body: string, status: "submitted" | "approved", submitted: string) =>
    tx.insert(improvementReports).values({
      ...base,
      userId,
      title,
      body,
      status,
      submittedAt: at(submitted),
      reviewedBy: status === "approved" ? hr.id : null,
      reviewedAt: status === "approved" ? at(clamp(addDays(submitted, 5), submitted, todayDate), 16) : null,
      reviewComment: status === "approved" ? "効果の計算が具体的で分かりやすいです。承認します。" : null,
    });
  const certifyDemo = async (userId: string, enrollmentId: string, issued: string) => {
    const validity = certificateValidity(at(issued), program.definition.validityFiscalYears);
    await tx
      .insert(programCertificates)
      .values({ ...base, userId, enrollmentId, code: newVerificationCode(), issuedAt: at(issued), issuedBy: hr.id, ...validity });
    const [person] = await tx.select({ departmentId: users.departmentId }).from(users).where(eq(users.id, userId));
    if (person?.departmentId)
      await tx.insert(promoterPlacements).values({ ...base, userId, departmentId: person.departmentId, placedOn: validity.validFrom, placedBy: hr.id });
    return validity;
  };
  const activity = (userId: string, title: string, doneOn: string, hours: number, note: string, confirmed: boolean) =>
    tx.insert(promoterActivities).values({
      ...base,
      userId,
      departmentId: manager.departmentId,
      title,
      doneOn,
      hoursSavedPerYear: hours,
      note,
      confirmedBy: confirmed ? manager.id : null,
      confirmedAt: confirmed ? at(clamp(addDays(doneOn, 7), doneOn, todayDate), 17) : null,
    });
  return { hrId: hr.id, complete, enroll, report, certifyDemo, activity };
}

/** 2002: certified in the previous fiscal year → valid until the end of this one (near expiry). */
async function seedNearExpiryPromoter({ hrId, complete, enroll, report, certifyDemo, activity }: DemoWriters, p1: Person, fy: number, todayDate: string) {
  const p1Issued = `${fy - 1}-06-15`;
  await complete(p1.id, "dx-promoter-basics", `${fy - 1}-05-10`);
  await complete(p1.id, "bpr-basics", `${fy - 1}-05-24`);
  await report(p1.id, "証明書交付申請の受付簿をクラウドの表に移行", REPORT_BODY, "approved", `${fy - 1}-06-01`);
  const p1Enrollment = await enroll(p1.id, "certified", {
    decidedBy: hrId,
    decidedAt: at(`${fy - 1}-04-20`),
    certifiedAt: at(p1Issued),
    note: "選考試験の成績が上位で、課内での改善の実績があるため",
  });
  const p1Validity = await certifyDemo(p1.id, p1Enrollment, p1Issued);
  await activity(
    p1.id,
    "住民票の郵送請求をオンライン申請に切り替え",
    clamp(addDays(p1Validity.validFrom, 60), p1Validity.validFrom, todayDate),
    120,
    "郵送請求の約4割がオンラインに移り、封入と入力の作業が減りました。",
    true,
  );
  await activity(
    p1.id,
    "窓口の待ち人数をウェブで公開",
    clamp(addDays(todayDate, -40), p1Validity.validFrom, todayDate),
    40,
    "問い合わせの電話が月20件ほど減りました。",
    true,
  );
}

/** 2009 / 2004 (in the 課長's 課): certified this fiscal year; one activity waits for the 課長. */
async function seedNewPromoter({ hrId, complete, enroll, report, certifyDemo, activity }: DemoWriters, p2: Person, fy: number, todayDate: string) {
  const p2Issued = clamp(addDays(todayDate, -30), `${fy}-04-01`, todayDate);
  await complete(p2.id, "dx-promoter-basics", clamp(addDays(p2Issued, -90), `${fy - 1}-04-01`, p2Issued));
  await complete(p2.id, "bpr-basics", clamp(addDays(p2Issued, -45), `${fy - 1}-04-01`, p2Issued));
  await report(p2.id, "転入手続きの案内をチェックリスト化", REPORT_BODY, "approved", clamp(addDays(p2Issued, -20), `${fy - 1}-04-01`, p2Issued));
  const p2Enrollment = await enroll(p2.id, "certified", {
    decidedBy: hrId,
    decidedAt: at(clamp(addDays(p2Issued, -100), `${fy - 1}-04-01`, p2Issued)),
    certifiedAt: at(p2Issued),
  });
  const p2Validity = await certifyDemo(p2.id, p2Enrollment, p2Issued);
  await activity(
    p2.id,
    "転入届の記入例を窓口とウェブで統一",
    clamp(addDays(p2Validity.validFrom, 7), p2Validity.validFrom, todayDate),
    30,
    "記入ミスによる書き直しが減りました。",
    true,
  );
  await activity(
    p2.id,
    "証明書の手数料をキャッシュレス決済に対応",
    clamp(addDays(todayDate, -3), p2Validity.validFrom, todayDate),
    60,
    "つり銭の準備と締めの作業が短くなりました。",
    false,
  );
}

/** The candidates in training (2003, 2005): courses, reports and staff trainings; their enrollments come with the selection. */
async function seedTrainees(
  tx: Db,
  { complete, report }: DemoWriters,
  { organizationId, today }: ProgramScope,
  { c1, c2 }: Pick<DemoPeople, "c1" | "c2">,
  fy: number,
  todayDate: string,
) {
  // 2003: selected, every requirement met (trainings from the demo classes) → HR can certify.
  await complete(c1.id, "dx-promoter-basics", clamp(addDays(todayDate, -60), `${fy - 1}-04-01`, todayDate));
  await complete(c1.id, "bpr-basics", clamp(addDays(todayDate, -20), `${fy - 1}-04-01`, todayDate));
  await report(c1.id, "会議録作成に音声の文字起こしを導入", REPORT_BODY, "approved", addDays(todayDate, -10));
  await attendTrainings(tx, organizationId, c1.id, 2, today);

  // 2005: selected, one course done, report waiting for HR.
  await complete(c2.id, "dx-promoter-basics", clamp(addDays(todayDate, -30), `${fy - 1}-04-01`, todayDate));
  await report(c2.id, "庁内の備品予約を共有カレンダーに移行", REPORT_BODY, "submitted", addDays(todayDate, -2));
  await attendTrainings(tx, organizationId, c2.id, 1, today);
}

/** Selection exams through the real quiz code (graded, with per-question answers), then the selection decisions. */
async function seedSelection(
  db: Db,
  organizationId: string,
  programId: string,
  hrId: string,
  exam: Awaited<ReturnType<typeof getQuiz>>,
  [c1, c2]: [string, string],
): Promise<void> {
  const candidates: [string, number, "applied" | "nominated" | "selected"][] = [
    [c1, 11, "selected"],
    [c2, 9, "selected"],
    ["2001", 10, "applied"],
    ["2010", 8, "applied"],
    ["2013", 5, "applied"],
  ];
  for (const [number, correct, status] of candidates) {
    const person = await db
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.organizationId, organizationId), eq(users.staffNumber, number)));
    if (!person[0]) continue;
    const learner = { userId: person[0].id, organizationId };
    if (exam) {
      const started = await startAttempt(db, learner, exam);
      if (started.ok) await submitAttempt(db, learner, started.attemptId, answersWith(exam.definition, correct));
    }
    await db.insert(programEnrollments).values({
      organizationId,
      programId,
      userId: learner.userId,
      status,
      origin: "applied",
      ...(status === "selected" ? { decidedBy: hrId, decidedAt: sql`now()`, note: "選考試験の結果と、課での取り組みの意欲をふまえて選定" } : {}),
    });
  }
  const nominee = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.organizationId, organizationId), eq(users.staffNumber, "2014")));
  if (nominee[0])
    await db
      .insert(programEnrollments)
      .values({ organizationId, programId, userId: nominee[0].id, status: "nominated", origin: "nominated", nominatedBy: hrId, note: "課長からの推薦" });
}

/** Answers with exactly `correct` questions right (the first ones in the file), the rest wrong. */
function answersWith(definition: QuizDefinition, correct: number): Record<string, Answer> {
  const out: Record<string, Answer> = {};
  definition.questions.forEach((q, i) => {
    const right = i < correct;
    switch (q.type) {
      case "single":
        out[q.id] = { choices: [q.choices.find((c) => (right ? c.correct : !c.correct))!.id] };
        break;
      case "multiple":
        out[q.id] = { choices: right ? q.choices.filter((c) => c.correct).map((c) => c.id) : [] };
        break;
      case "truefalse":
        out[q.id] = { value: right ? q.answer : !q.answer };
        break;
      case "ordering":
        out[q.id] = { order: right ? q.items.map((x) => x.id) : [...q.items].reverse().map((x) => x.id) };
        break;
    }
  });
  return out;
}

/** Marks the person present at the latest past staff trainings (DX実践研修 …) they were not registered for. */
async function attendTrainings(tx: Db, organizationId: string, userId: string, count: number, today: Date) {
  const sessions = await tx
    .select({ id: classSessions.id, startsAt: classSessions.startsAt })
    .from(classSessions)
    .innerJoin(classSeries, eq(classSeries.id, classSessions.seriesId))
    .where(
      and(
        eq(classSessions.organizationId, organizationId),
        eq(classSeries.audience, "staff"),
        eq(classSeries.category, "dx-literacy"),
        lt(classSessions.startsAt, today),
        isNotNull(classSessions.closedAt),
        sql`not exists (select 1 from registrations r where r.session_id = ${classSessions.id} and r.user_id = ${userId})`,
      ),
    )
    .orderBy(desc(classSessions.startsAt))
    .limit(count);
  for (const s of sessions) {
    const [reg] = await tx
      .insert(registrations)
      .values({
        organizationId,
        sessionId: s.id,
        receiptNumber: newReceiptNumber(),
        channel: "staff",
        status: "confirmed",
        userId,
        createdAt: new Date(s.startsAt.getTime() - 7 * 86_400_000),
      })
      .returning({ id: registrations.id });
    await tx.insert(attendance).values({ registrationId: reg!.id, organizationId, sessionId: s.id, status: "present", method: "roster", markedAt: s.startsAt });
  }
}

const REPORT_BODY = `【改善前の状況】
窓口で受け付けた申請を紙の受付簿に記入し、処理状況の確認のたびに担当者が受付簿を探していました。1日あたり約40件、確認の問い合わせに1件あたり3分ほどかかっていました。

【取り組んだこと】
受付簿を庁内で共有できる表に移し、受付・処理中・完了の状態を入力するようにしました。記入の項目は課内で話し合って7つに絞り、入力の手順を1枚の手順書にまとめました。

【効果】
問い合わせへの回答が1件あたり約1分になり、1日40件 × 2分 × 年間240日 ＝ 年間約320時間の削減と見込んでいます。紙の受付簿の保管場所も不要になりました。

【今後の課題】
繁忙期の入力の遅れを防ぐため、受付時に入力する担当を決めます。ほかの証明書の受付にも広げられるか、課内で検討します。`;
