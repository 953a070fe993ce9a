/**
 * The authorization matrix: for every route in app/routes, what each kind of visitor gets. A route file without an
 * entry here fails the first test, so new pages cannot skip this review.
 */
import { readdirSync } from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newCheckinSecret } from "~/classes/checkin.server";
import { register } from "~/classes/registration.server";
import { listKpis } from "~/kpis/kpis.server";
import { getQuiz, startAttempt } from "~/quizzes/attempts.server";
import { createRosterPreview } from "~/staff/roster-import.server";
import { createCampaign } from "~/campaigns/campaigns.server";
import { DEFAULT_REMINDERS } from "~/campaigns/rules";
import { fiscalYearOf } from "../../app/kernel/dates";
import { newVerificationCode } from "~/certificates/code.server";
import {
  auditLog,
  classSeries,
  classSessions,
  courseCompletions,
  courses,
  programCertificates,
  programEnrollments,
  programs,
  promoterActivities,
  users,
  venues,
} from "../../db/schema";
import { callAction, callLoader, createAppDatabase, sessionCookie, userId } from "../support/app";
import type { TestDatabase } from "../support/database";

const PRINCIPALS = {
  anonymous: null,
  learner: ["ami", "1005"], // 町民課
  instructor: ["ami", "1004"],
  manager: ["ami", "1003"], // 町民課長
  hr: ["ami", "1001"],
  dx: ["ami", "1002"],
  system: ["ami", "9001"],
  otherOrgHr: ["omitama", "1001"], // same staff number, another organization
} as const;
type Principal = keyof typeof PRINCIPALS;

/** 200 = page served; "login" = redirect to /login; "home" = redirect to /; "quizzes" = to /admin/quizzes; 403 / 404. */
type Expect = 200 | 403 | 404 | "login" | "home" | "quizzes";
const ALL = (e: Expect): Record<Principal, Expect> => Object.fromEntries(Object.keys(PRINCIPALS).map((p) => [p, e])) as Record<Principal, Expect>;
const SIGNED_IN = (e: Expect): Record<Principal, Expect> => ({ ...ALL(e), anonymous: "login" });
const ADMIN_ONLY = (): Record<Principal, Expect> => ({ ...SIGNED_IN(200), learner: 403, instructor: 403, manager: 403 });
const READERS = (): Record<Principal, Expect> => ({ ...SIGNED_IN(200), learner: 403, instructor: 403 });
const QUIZ_STATS = (): Record<Principal, Expect> => ({ ...SIGNED_IN(200), learner: 403, manager: 403 });
/** Instructors and organization admins run classes. */
const CLASS_STAFF = QUIZ_STATS;

interface Entry {
  url: string;
  params?: Record<string, string>;
  loader?: Record<Principal, Expect>;
  /** Route modules with an action: checked for CSRF refusal; `post` adds a principal matrix for one real intent. */
  post?: { fields: Record<string, string>; expect: Partial<Record<Principal, Expect | 302 | 400>> };
  /** Who probes the CSRF check: someone allowed to use the action (default: the system admin). */
  csrfAs?: Principal;
}

let database: TestDatabase;
let targetUserId = "";
let securityQuizId = "";
let otherDeptUserId = "";
let importId = "";
let attemptId = "";
let classSessionId = "";
let classSeriesId = "";
let amiKpiId = "";
let receipt = "";
let campaignId = "";
let completionId = "";
let enrollmentId = "";
let programCode = "";
let activityId = "";

const MATRIX: Record<string, () => Entry> = {
  "_index.tsx": () => ({ url: "/", loader: ALL(200) }),
  "courses._index.tsx": () => ({ url: "/courses", loader: ALL(200) }),
  "courses.$courseSlug._index.tsx": () => ({ url: "/courses/security-basics", params: { courseSlug: "security-basics" }, loader: ALL(200) }),
  "courses.$courseSlug.$lessonSlug.tsx": () => ({
    url: "/courses/security-basics/datsu-ppap",
    params: { courseSlug: "security-basics", lessonSlug: "datsu-ppap" },
    loader: ALL(200),
  }),
  "$.tsx": () => ({ url: "/nothing", loader: ALL(404) }),
  "login.tsx": () => ({ url: "/login", loader: { ...ALL("home"), anonymous: 200 } }),
  "logout.tsx": () => ({ url: "/logout", loader: ALL("home"), post: { fields: {}, expect: { anonymous: "home", learner: "home" } } }),
  // Senior mode (文字サイズ, 配色, ふりがな) and the language (日本語 / English): anyone may save them in cookies; GET shows nothing.
  "preferences.tsx": () => ({
    url: "/preferences",
    loader: ALL("home"),
    post: { fields: { textSize: "xlarge", language: "en", returnTo: "/courses" }, expect: { anonymous: 302, learner: 302, otherOrgHr: 302 } },
    csrfAs: "anonymous",
  }),
  "account._index.tsx": () => ({
    url: "/account",
    loader: SIGNED_IN(200),
    post: { fields: { intent: "revoke-others" }, expect: { anonymous: "login", learner: 302 } },
  }),
  "account.password.tsx": () => ({ url: "/account/password", loader: SIGNED_IN(200) }),
  "reset-password.$token.tsx": () => ({ url: "/reset-password/not-a-token", params: { token: "not-a-token" }, loader: ALL(200) }),
  "admin.tsx": () => ({ url: "/admin", loader: { ...READERS(), instructor: 200 } }),
  "admin._index.tsx": () => ({ url: "/admin", loader: { ...READERS(), instructor: "quizzes" } }),
  "admin.quizzes._index.tsx": () => ({ url: "/admin/quizzes", loader: QUIZ_STATS() }),
  "admin.quizzes.$quizId.tsx": () => ({ url: `/admin/quizzes/${securityQuizId}`, params: { quizId: securityQuizId }, loader: QUIZ_STATS() }),
  "admin.quizzes.$quizId_.csv.tsx": () => ({ url: `/admin/quizzes/${securityQuizId}/csv`, params: { quizId: securityQuizId }, loader: QUIZ_STATS() }),
  "learning.tsx": () => ({ url: "/learning", loader: SIGNED_IN(200), post: { fields: {}, expect: { anonymous: "login", learner: 302 } }, csrfAs: "learner" }),
  // The learner's own 修了証; their 課長 and HR may read it too, nobody in another organization.
  "learning_.certificates.$completionId.tsx": () => ({
    url: `/learning/certificates/${completionId}`,
    params: { completionId },
    loader: { ...SIGNED_IN(200), instructor: 404, otherOrgHr: 404 },
  }),
  // A 課長 sees their own 課 (department scope); HR and the DX office see every campaign.
  "admin.campaigns._index.tsx": () => ({ url: "/admin/campaigns", loader: READERS() }),
  // DX推進員 (#8): public verification, the staff member's own pages, HR's pages; the 課長 confirms activities of their 課.
  "verify._index.tsx": () => ({ url: "/verify", loader: ALL(200) }),
  "verify.$code.tsx": () => ({ url: `/verify/${programCode}`, params: { code: programCode }, loader: ALL(200) }),
  "programs.$programSlug._index.tsx": () => ({
    url: "/programs/dx-promoter",
    params: { programSlug: "dx-promoter" },
    loader: SIGNED_IN(200),
    post: { fields: { intent: "" }, expect: { anonymous: "login", learner: 400 } },
    csrfAs: "learner",
  }),
  "programs.$programSlug.report.tsx": () => ({
    url: "/programs/dx-promoter/report",
    params: { programSlug: "dx-promoter" },
    loader: SIGNED_IN(200),
    post: { fields: {}, expect: { anonymous: "login", learner: 400 } },
    csrfAs: "learner",
  }),
  "programs.$programSlug.activities.tsx": () => ({
    url: "/programs/dx-promoter/activities",
    params: { programSlug: "dx-promoter" },
    loader: SIGNED_IN(200),
    // A learner without a certificate cannot record activities; an empty form is refused first.
    post: { fields: { intent: "add" }, expect: { anonymous: "login", learner: 400 } },
    csrfAs: "learner",
  }),
  "admin.programs._index.tsx": () => ({ url: "/admin/programs", loader: READERS() }),
  "admin.programs.$programSlug._index.tsx": () => ({
    url: "/admin/programs/dx-promoter",
    params: { programSlug: "dx-promoter" },
    loader: ADMIN_ONLY(),
    post: { fields: { staffNumber: "" }, expect: { anonymous: "login", learner: 403, manager: 403, instructor: 403, hr: 400, dx: 400 } },
    csrfAs: "hr",
  }),
  "admin.programs.$programSlug.enrollments.$enrollmentId.tsx": () => ({
    url: `/admin/programs/dx-promoter/enrollments/${enrollmentId}`,
    params: { programSlug: "dx-promoter", enrollmentId },
    loader: { ...ADMIN_ONLY(), otherOrgHr: 404 },
    post: { fields: { intent: "none" }, expect: { anonymous: "login", learner: 403, manager: 403, hr: 400, dx: 400, otherOrgHr: 404 } },
    csrfAs: "hr",
  }),
  "admin.programs.$programSlug.promoters.tsx": () => ({
    url: "/admin/programs/dx-promoter/promoters",
    params: { programSlug: "dx-promoter" },
    loader: ADMIN_ONLY(),
  }),
  "admin.programs.$programSlug.coverage.tsx": () => ({
    url: "/admin/programs/dx-promoter/coverage",
    params: { programSlug: "dx-promoter" },
    loader: ADMIN_ONLY(),
  }),
  "admin.programs.$programSlug_.csv.tsx": () => ({ url: "/admin/programs/dx-promoter/csv", params: { programSlug: "dx-promoter" }, loader: ADMIN_ONLY() }),
  "admin.programs.$programSlug.activities.tsx": () => ({
    url: "/admin/programs/dx-promoter/activities",
    params: { programSlug: "dx-promoter" },
    loader: READERS(),
    // Only the 課長 of the activity's 課 (町民課) confirms; HR reads but does not confirm; another town finds nothing.
    post: {
      fields: { activityId },
      expect: { anonymous: "login", learner: 403, instructor: 403, hr: 403, dx: 403, system: 403, manager: 302, otherOrgHr: 404 },
    },
    csrfAs: "manager",
  }),
  "admin.campaigns.new.tsx": () => ({
    url: "/admin/campaigns/new",
    loader: ADMIN_ONLY(),
    post: { fields: { title: "" }, expect: { anonymous: "login", learner: 403, instructor: 403, manager: 403, hr: 400, dx: 400 } },
  }),
  "admin.campaigns.$campaignId.tsx": () => ({
    url: `/admin/campaigns/${campaignId}`,
    params: { campaignId },
    loader: { ...ADMIN_ONLY(), otherOrgHr: 404 },
    post: { fields: { intent: "none" }, expect: { anonymous: "login", learner: 403, manager: 403, hr: 400, dx: 400, otherOrgHr: 404 } },
  }),
  "admin.campaigns.$campaignId_.edit.tsx": () => ({
    url: `/admin/campaigns/${campaignId}/edit`,
    params: { campaignId },
    loader: { ...ADMIN_ONLY(), otherOrgHr: 404 },
    post: { fields: { title: "" }, expect: { anonymous: "login", learner: 403, manager: 403, hr: 400, otherOrgHr: 404 } },
  }),
  "admin.campaigns.$campaignId_.csv.tsx": () => ({
    url: `/admin/campaigns/${campaignId}/csv`,
    params: { campaignId },
    loader: { ...ADMIN_ONLY(), otherOrgHr: 404 },
  }),
  "admin.campaigns.$campaignId_.record.tsx": () => ({
    url: `/admin/campaigns/${campaignId}/record`,
    params: { campaignId },
    loader: { ...ADMIN_ONLY(), otherOrgHr: 404 },
  }),
  "admin.outbox.tsx": () => ({ url: "/admin/outbox", loader: ADMIN_ONLY() }),
  "admin.kpis.departments.tsx": () => ({ url: "/admin/kpis/departments?fy=2026", loader: ADMIN_ONLY() }),
  "admin.kpis.report.tsx": () => ({
    url: "/admin/kpis/report?fy=2026",
    loader: ADMIN_ONLY(),
    post: { fields: { kpiId: "", fiscalYear: "2026" }, expect: { anonymous: "login", learner: 403, hr: 403, dx: 404 } },
  }),
  "open-data.$org.kpis[.json].tsx": () => ({ url: "/open-data/ami/kpis.json", params: { org: "ami" }, loader: ALL(200) }),
  "admin.kpis_.csv.tsx": () => ({ url: "/admin/kpis/csv?fy=2026", loader: ADMIN_ONLY() }),
  // Editing KPI definitions is for the DX office (kpi:write), not HR.
  "admin.kpis.new.tsx": () => ({
    url: "/admin/kpis/new",
    loader: { ...ADMIN_ONLY(), hr: 403, otherOrgHr: 403 },
    post: { fields: { name: "" }, expect: { anonymous: "login", learner: 403, manager: 403, hr: 403, dx: 400 } },
    csrfAs: "dx",
  }),
  "admin.kpis.$kpiId_.edit.tsx": () => ({
    url: `/admin/kpis/${amiKpiId}/edit`,
    params: { kpiId: amiKpiId },
    loader: { ...ADMIN_ONLY(), hr: 403, otherOrgHr: 403 },
    post: { fields: { name: "" }, expect: { anonymous: "login", learner: 403, hr: 403, dx: 400 } },
    csrfAs: "dx",
  }),
  "admin.kpis.$kpiId.tsx": () => ({ url: `/admin/kpis/${amiKpiId}?fy=2026`, params: { kpiId: amiKpiId }, loader: { ...ADMIN_ONLY(), otherOrgHr: 404 } }),
  "admin.kpis._index.tsx": () => ({
    url: "/admin/kpis",
    loader: ADMIN_ONLY(),
    // Entering figures is for the DX office (and system admins), not HR.
    post: { fields: { kpiId: "" }, expect: { anonymous: "login", learner: 403, instructor: 403, manager: 403, hr: 403, dx: 400 } },
  }),
  "trainings.tsx": () => ({
    url: "/trainings",
    loader: SIGNED_IN(200),
    post: { fields: { sessionId: classSessionId }, expect: { anonymous: "login", learner: 404 } },
    csrfAs: "learner",
  }),
  "admin.classes._index.tsx": () => ({ url: "/admin/classes", loader: CLASS_STAFF() }),
  "admin.classes.new.tsx": () => ({
    url: "/admin/classes/new",
    loader: CLASS_STAFF(),
    post: { fields: { title: "" }, expect: { anonymous: "login", learner: 403, manager: 403, instructor: 400, hr: 400 } },
  }),
  "admin.classes.$sessionId.tsx": () => ({
    url: `/admin/classes/${classSessionId}`,
    params: { sessionId: classSessionId },
    loader: { ...CLASS_STAFF(), otherOrgHr: 404 },
    post: { fields: { intent: "survey" }, expect: { anonymous: "login", learner: 403, manager: 403, instructor: 400, otherOrgHr: 404 } },
  }),
  "admin.classes.series.$seriesId.tsx": () => ({
    url: `/admin/classes/series/${classSeriesId}`,
    params: { seriesId: classSeriesId },
    loader: { ...CLASS_STAFF(), otherOrgHr: 404 },
  }),
  "admin.classes.$sessionId_.code.tsx": () => ({
    url: `/admin/classes/${classSessionId}/code`,
    params: { sessionId: classSessionId },
    loader: { ...CLASS_STAFF(), otherOrgHr: 404 },
  }),
  "classes.$sessionId_.checkin.tsx": () => ({
    url: `/classes/${classSessionId}/checkin`,
    params: { sessionId: classSessionId },
    loader: ALL(200),
    post: { fields: { code: "0000", receipt: "AAAA-AAAA" }, expect: { anonymous: 400 } },
    csrfAs: "anonymous",
  }),
  "admin.classes.personal-data.tsx": () => ({
    url: `/admin/classes/personal-data?receipt=${receipt}`,
    loader: ADMIN_ONLY(),
    post: { fields: {}, expect: { anonymous: "login", learner: 403, instructor: 403, manager: 403, hr: 400, otherOrgHr: 400 } },
  }),
  "admin.classes.personal-data_.csv.tsx": () => ({ url: `/admin/classes/personal-data/csv?receipt=${receipt}`, loader: { ...ADMIN_ONLY(), otherOrgHr: 404 } }),
  // Residents' class pages are public; a post with an empty form is a 400 with messages for everybody.
  "classes._index.tsx": () => ({ url: "/classes", loader: ALL(200) }),
  "classes.series.$seriesId.tsx": () => ({ url: `/classes/series/${classSeriesId}`, params: { seriesId: classSeriesId }, loader: ALL(200) }),
  "classes.series.$seriesId_.qr.$format.tsx": () => ({
    url: `/classes/series/${classSeriesId}/qr/svg`,
    params: { seriesId: classSeriesId, format: "svg" },
    loader: ALL(200),
  }),
  "classes.$sessionId_.survey.tsx": () => ({
    url: `/classes/${classSessionId}/survey`,
    params: { sessionId: classSessionId },
    loader: ALL(200),
    post: { fields: {}, expect: { anonymous: 400 } },
    csrfAs: "anonymous",
  }),
  "classes.lookup.tsx": () => ({
    url: "/classes/lookup",
    loader: ALL(200),
    post: { fields: {}, expect: { anonymous: 400, learner: 400 } },
    csrfAs: "anonymous",
  }),
  "classes.$sessionId.tsx": () => ({
    url: `/classes/${classSessionId}`,
    params: { sessionId: classSessionId },
    loader: ALL(200),
    post: { fields: {}, expect: { anonymous: 400, otherOrgHr: 400 } },
    csrfAs: "anonymous",
  }),
  "classes.$sessionId_.receipt.$receipt.tsx": () => ({
    url: `/classes/${classSessionId}/receipt/${receipt}`,
    params: { sessionId: classSessionId, receipt },
    loader: ALL(200),
    post: { fields: {}, expect: { anonymous: 400 } },
    csrfAs: "anonymous",
  }),
  "courses.$courseSlug.quiz.$quizSlug.tsx": () => ({
    url: "/courses/security-basics/quiz/final",
    params: { courseSlug: "security-basics", quizSlug: "final" },
    loader: SIGNED_IN(200),
    post: { fields: {}, expect: { anonymous: "login", instructor: 302 } },
  }),
  "courses.$courseSlug.quiz.$quizSlug_.attempt.$attemptId.tsx": () => ({
    url: `/courses/security-basics/quiz/final/attempt/${attemptId}`,
    params: { courseSlug: "security-basics", quizSlug: "final", attemptId },
    // An attempt exists only for the person who started it: everybody else, admins included, gets 404.
    loader: { ...ALL(404), anonymous: "login", learner: 200 },
    post: { fields: {}, expect: { anonymous: "login", hr: 404, otherOrgHr: 404 } },
    csrfAs: "learner",
  }),
  "admin.staff._index.tsx": () => ({ url: "/admin/staff", loader: READERS() }),
  "admin.staff.new.tsx": () => ({ url: "/admin/staff/new", loader: ADMIN_ONLY() }),
  "admin.staff.$userId.tsx": () => ({
    url: `/admin/staff/${targetUserId}`,
    params: { userId: targetUserId },
    loader: { ...READERS(), otherOrgHr: 404 },
    post: {
      fields: { intent: "revoke-sessions" },
      expect: { anonymous: "login", learner: 403, instructor: 403, manager: 403, hr: 302, dx: 302, system: 302, otherOrgHr: 404 },
    },
  }),
  "admin.import._index.tsx": () => ({
    url: "/admin/import",
    loader: ADMIN_ONLY(),
    // A post without a file: refused for the unauthorized, a clear 400 for HR.
    post: { fields: {}, expect: { anonymous: "login", learner: 403, manager: 403, hr: 400 } },
  }),
  "admin.import.$importId.tsx": () => ({ url: `/admin/import/${importId}`, params: { importId }, loader: { ...ADMIN_ONLY(), otherOrgHr: 404 } }),
  "admin.departments.tsx": () => ({
    url: "/admin/departments",
    loader: ADMIN_ONLY(),
    post: { fields: { intent: "add-rank", rankName: "テスト職", after: "" }, expect: { anonymous: "login", learner: 403, manager: 403, hr: 302 } },
  }),
  "admin.audit.tsx": () => ({ url: "/admin/audit", loader: ADMIN_ONLY() }),
};

const ROUTE_FILES = readdirSync(path.resolve("app/routes")).filter((f) => /\.tsx?$/.test(f));

function matches(outcome: { status: number; location: string | null }, expected: Expect | 302 | 400): boolean {
  if (expected === "login") return outcome.status === 302 && !!outcome.location?.startsWith("/login");
  if (expected === "home") return outcome.status === 302 && outcome.location === "/";
  if (expected === "quizzes") return outcome.status === 302 && outcome.location === "/admin/quizzes";
  return outcome.status === expected;
}

beforeAll(async () => {
  database = await createAppDatabase();
  targetUserId = (await userId(database, "ami", "1005")).id;
  otherDeptUserId = (await userId(database, "ami", "2001")).id;
  const hr = await userId(database, "ami", "1001");
  const csv = "職員番号,氏名,ふりがな,所属,職位,雇用形態\n5001,試験 太郎,しけん たろう,総務課,主事,正規\n";
  const quiz = (await getQuiz(database.db, "security-basics", "final"))!;
  securityQuizId = quiz.id;
  const learner = await userId(database, "ami", "1005");
  const started = await startAttempt(database.db, { userId: learner.id, organizationId: learner.organizationId }, quiz);
  if (!started.ok) throw new Error(started.error);
  attemptId = started.attemptId;
  const [venue] = await database.db
    .insert(venues)
    .values({ organizationId: learner.organizationId, name: "テスト会場", address: "阿見町中央", capacity: 20 })
    .returning();
  const [series] = await database.db
    .insert(classSeries)
    .values({
      organizationId: learner.organizationId,
      title: "はじめてのスマホ教室",
      category: "smartphone",
      audience: "residents",
      organizerType: "municipal",
      format: "in_person",
    })
    .returning();
  const startsAt = new Date(Date.now() + 7 * 86_400_000);
  const [session] = await database.db
    .insert(classSessions)
    .values({
      organizationId: learner.organizationId,
      seriesId: series!.id,
      number: 1,
      startsAt,
      endsAt: new Date(startsAt.getTime() + 7_200_000),
      venueId: venue!.id,
      capacity: 20,
      checkinSecret: newCheckinSecret(),
    })
    .returning();
  classSessionId = session!.id;
  classSeriesId = series!.id;
  amiKpiId = (await listKpis(database.db, learner.organizationId))[0]!.id;
  const registered = await register(database.db, {
    organizationId: learner.organizationId,
    sessionId: classSessionId,
    channel: "online",
    consent: true,
    person: { name: "住民　花子", nameKana: "じゅうみん　はなこ", phone: null, ageBand: "70s", district: null, needs: [] },
  });
  if (!registered.ok) throw new Error(registered.error);
  receipt = registered.receiptNumber;
  const security = (await database.db.select({ id: courses.id }).from(courses).where(eq(courses.slug, "security-basics")))[0]!.id;
  const created = await createCampaign(
    database.db,
    { organizationId: hr.organizationId, actorUserId: hr.id, ip: null },
    {
      key: "security-annual",
      title: "2026年度 情報セキュリティ研修",
      description: "",
      fiscalYear: fiscalYearOf(new Date()),
      startsOn: `${fiscalYearOf(new Date())}-04-01`,
      dueOn: `${fiscalYearOf(new Date()) + 1}-03-31`,
      countEarlierCompletions: true,
      courseIds: [security],
      audience: { departmentIds: [], jobRankIds: [], employmentTypes: [], roles: [] },
      reminders: DEFAULT_REMINDERS,
    },
  );
  if (!created.ok) throw new Error(JSON.stringify(created.errors));
  campaignId = created.id;
  const [completion] = await database.db
    .insert(courseCompletions)
    .values({
      organizationId: learner.organizationId,
      userId: learner.id,
      courseId: security,
      fiscalYear: fiscalYearOf(new Date()),
      certificateCode: "MATRIXTEST000001",
      courseContentHash: "x",
    })
    .returning({ id: courseCompletions.id });
  completionId = completion!.id;
  // A DX推進員 of 阿見町 with a certificate and an activity done for 町民課 (the 課長's 課).
  const [program] = await database.db.select({ id: programs.id }).from(programs).where(eq(programs.slug, "dx-promoter"));
  const promoter = await userId(database, "ami", "2020");
  const [manager] = await database.db
    .select({ departmentId: users.departmentId })
    .from(users)
    .where(eq(users.id, (await userId(database, "ami", "1003")).id));
  const [enrollment] = await database.db
    .insert(programEnrollments)
    .values({ organizationId: promoter.organizationId, programId: program!.id, userId: promoter.id, status: "certified", origin: "applied" })
    .returning({ id: programEnrollments.id });
  enrollmentId = enrollment!.id;
  programCode = newVerificationCode();
  await database.db.insert(programCertificates).values({
    organizationId: promoter.organizationId,
    programId: program!.id,
    userId: promoter.id,
    enrollmentId,
    code: programCode,
    validFrom: "2026-04-01",
    validUntil: "2099-03-31",
  });
  const [activity] = await database.db
    .insert(promoterActivities)
    .values({
      organizationId: promoter.organizationId,
      programId: program!.id,
      userId: promoter.id,
      departmentId: manager!.departmentId!,
      title: "申請書の電子化",
      doneOn: "2026-05-01",
    })
    .returning({ id: promoterActivities.id });
  activityId = activity!.id;
  importId = (
    await createRosterPreview(
      database.db,
      { organizationId: hr.organizationId, actorUserId: hr.id, ip: null },
      { fileName: "t.csv", bytes: new TextEncoder().encode(csv), options: { deactivateMissing: false, createDepartments: false } },
    )
  ).id;
});
afterAll(async () => {
  await database.dispose();
});

async function cookieFor(p: Principal): Promise<string | undefined> {
  const who = PRINCIPALS[p];
  if (!who) return undefined;
  // A fresh session per call: some actions (revoke, logout) end sessions.
  return sessionCookie(database, who[0], who[1]);
}

describe("authorization matrix", () => {
  it("has an entry for every route file", () => {
    const missing = ROUTE_FILES.filter((f) => !(f in MATRIX));
    expect(missing, `add these routes to the matrix in ${path.basename(import.meta.url)}`).toEqual([]);
    expect(Object.keys(MATRIX).filter((f) => !ROUTE_FILES.includes(f))).toEqual([]);
  });

  for (const file of ROUTE_FILES) {
    it(`${file}: every principal gets the expected answer`, async () => {
      const entry = MATRIX[file]?.();
      if (!entry) throw new Error(`${file} is not in the matrix`);
      const mod = (await import(path.resolve("app/routes", file))) as { loader?: never; action?: never };
      const failures: string[] = [];
      if (entry.loader) {
        for (const [principal, expected] of Object.entries(entry.loader) as [Principal, Expect][]) {
          const outcome = await callLoader(mod.loader, entry.url, { cookie: await cookieFor(principal), params: entry.params });
          if (!matches(outcome, expected)) failures.push(`GET as ${principal}: expected ${expected}, got ${outcome.status} ${outcome.location ?? ""}`);
        }
      } else {
        expect(mod.loader).toBeUndefined();
      }
      if (mod.action) {
        // Without the CSRF field every action refuses, even for a principal allowed to use it.
        const cookie = await cookieFor(entry.csrfAs ?? "system");
        const noToken = await callAction(mod.action, entry.url, entry.post?.fields ?? {}, { cookie, params: entry.params, csrf: false });
        if (noToken.status !== 403) failures.push(`POST without CSRF token: expected 403, got ${noToken.status}`);
        const crossSite = await callAction(mod.action, entry.url, entry.post?.fields ?? {}, {
          cookie,
          params: entry.params,
          headers: { Origin: "https://evil.example" },
        });
        if (crossSite.status !== 403) failures.push(`POST from another origin: expected 403, got ${crossSite.status}`);
        for (const [principal, expected] of Object.entries(entry.post?.expect ?? {}) as [Principal, Expect | 302 | 400][]) {
          const outcome = await callAction(mod.action, entry.url, entry.post!.fields, { cookie: await cookieFor(principal), params: entry.params });
          if (!matches(outcome, expected)) failures.push(`POST as ${principal}: expected ${expected}, got ${outcome.status} ${outcome.location ?? ""}`);
        }
      }
      expect(failures).toEqual([]);
    });
  }
});

describe("residents' self-check", () => {
  it("is open to everyone, one question at a time, with nothing stored", async () => {
    const mod = await import("~/routes/courses.$courseSlug.quiz.$quizSlug");
    const params = { courseSlug: "smartphone-basics", quizSlug: "self-check" };
    const page = await callLoader(mod.loader, "/courses/smartphone-basics/quiz/self-check?q=0", { params });
    expect(page.status).toBe(200);
    const data = page.data as { selfcheck: { total: number; question: { id: string } } };
    expect(data.selfcheck.total).toBe(5);
    expect(JSON.stringify(data)).not.toMatch(/"correct"|explanation|feedback/);
  });
});

describe("organization and department boundaries", () => {
  it("a 課長 sees staff of their own 課 but not of another 課", async () => {
    const mod = await import("~/routes/admin.staff.$userId");
    const cookie = await cookieFor("manager");
    expect((await callLoader(mod.loader, `/admin/staff/${targetUserId}`, { cookie, params: { userId: targetUserId } })).status).toBe(200);
    const outcome = await callLoader(mod.loader, `/admin/staff/${otherDeptUserId}`, { cookie, params: { userId: otherDeptUserId } });
    expect(outcome.status).toBe(403);
  });

  it("the 課長's staff list only contains their 課", async () => {
    const mod = await import("~/routes/admin.staff._index");
    const outcome = await callLoader(mod.loader, "/admin/staff", { cookie: await cookieFor("manager") });
    const data = outcome.data as { staff: { departmentName: string | null }[]; total: number };
    expect(data.total).toBeGreaterThan(0);
    expect(new Set(data.staff.map((s) => s.departmentName))).toEqual(new Set(["町民課"]));
  });

  it("an HR admin of 小美玉市 cannot read, change or even find a 阿見町 staff member", async () => {
    const mod = await import("~/routes/admin.staff.$userId");
    const cookie = await cookieFor("otherOrgHr");
    const update = await callAction(
      mod.action,
      `/admin/staff/${targetUserId}`,
      {
        intent: "update",
        staffNumber: "1005",
        name: "書き換え",
        nameKana: "かきかえ",
        email: "",
        departmentId: targetUserId,
        jobRankId: "",
        employmentType: "regular",
        active: "on",
      },
      { cookie, params: { userId: targetUserId } },
    );
    expect(update.status).toBe(404);
    const list = await callLoader((await import("~/routes/admin.staff._index")).loader, "/admin/staff?q=1005", { cookie });
    const names = (list.data as { staff: { name: string }[] }).staff.map((s) => s.name);
    expect(names).not.toContain("伊藤　翔太");
    const audit = await database.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.targetId, targetUserId));
    expect(audit.map((a) => a.action)).not.toContain("staff.update");
  });

  it("an HR admin cannot grant system_admin; a system admin can", async () => {
    const mod = await import("~/routes/admin.staff.$userId");
    const grant = (principal: Principal) =>
      cookieFor(principal).then((cookie) =>
        callAction(
          mod.action,
          `/admin/staff/${targetUserId}`,
          { intent: "roles", roles: ["instructor", "system_admin"] },
          { cookie, params: { userId: targetUserId } },
        ),
      );
    expect((await grant("hr")).status).toBe(302);
    const { getStaff } = await import("~/staff/staff.server");
    const amiOrg = (await userId(database, "ami", "1005")).organizationId;
    expect((await getStaff(database.db, amiOrg, targetUserId))?.roles.sort()).toEqual(["instructor", "learner"]);
    expect((await grant("system")).status).toBe(302);
    expect((await getStaff(database.db, amiOrg, targetUserId))?.roles.sort()).toEqual(["instructor", "learner", "system_admin"]);
  });
});
