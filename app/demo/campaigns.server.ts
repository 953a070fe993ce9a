import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { DEFAULT_REMINDERS } from "~/campaigns/rules";
import { newVerificationCode } from "~/certificates/code.server";
import { addDays, fiscalYearOf, jstDate, jstMidnight } from "~/kernel/dates";
import type { Db } from "../../db/client";
import { campaignCourses, campaigns, courseCompletions, courses, jobRanks, lessonProgress, lessons, organizations, users } from "../../db/schema";

/**
 * Demo campaigns for every organization: the year's 情報セキュリティ研修 for all staff (June to September, so by
 * autumn some are overdue) and a DX基礎研修 for staff at 係長 and below due in January. About two thirds of the
 * staff have finished the security course (a few after the due date); the named demo accounts (1001–1006, 9001)
 * have not, so signing in as them shows the assignment. Deterministic for a given `today`; skipped for an
 * organization that already has campaigns.
 */
export async function seedDemoCampaigns(db: Db, today: Date = new Date()): Promise<number> {
  const fy = fiscalYearOf(today);
  const courseRows = await db
    .select({ id: courses.id, slug: courses.slug })
    .from(courses)
    .where(inArray(courses.slug, ["security-basics", "dx-basics"]));
  const security = courseRows.find((c) => c.slug === "security-basics");
  const dx = courseRows.find((c) => c.slug === "dx-basics");
  if (!security || !dx) return 0;
  const securityLessons = await db
    .select({ id: lessons.id, contentHash: lessons.contentHash })
    .from(lessons)
    .where(and(eq(lessons.courseId, security.id), eq(lessons.archived, false)));
  const [securityHash] = await db.select({ hash: courses.contentHash }).from(courses).where(eq(courses.id, security.id));
  let created = 0;
  for (const org of await db.select({ id: organizations.id }).from(organizations).orderBy(asc(organizations.slug))) {
    await db.transaction(async (tx) => {
      await tx.select({ id: organizations.id }).from(organizations).where(eq(organizations.id, org.id)).for("update");
      const [existing] = await tx
        .select({ n: sql<number>`count(*)::int` })
        .from(campaigns)
        .where(eq(campaigns.organizationId, org.id));
      if ((existing?.n ?? 0) > 0) return;
      const ranks = await tx
        .select({ id: jobRanks.id, name: jobRanks.name, position: jobRanks.position })
        .from(jobRanks)
        .where(eq(jobRanks.organizationId, org.id))
        .orderBy(asc(jobRanks.position));
      const kakaricho = ranks.find((r) => r.name === "係長");
      const [sec] = await tx
        .insert(campaigns)
        .values({
          organizationId: org.id,
          key: "security-annual",
          fiscalYear: fy,
          title: `${fy}年度 情報セキュリティ研修`,
          description: "全職員（正規・会計年度任用・臨時・嘱託）が毎年度受講します。脱PPAP、標的型メール、マイナンバーと個人情報の取り扱いを含みます。",
          startsOn: `${fy}-06-01`,
          dueOn: `${fy}-09-30`,
          countEarlierCompletions: true,
          audience: { departmentIds: [], jobRankIds: [], employmentTypes: [], roles: [] },
          reminders: DEFAULT_REMINDERS,
        })
        .returning({ id: campaigns.id });
      const [dxCampaign] = await tx
        .insert(campaigns)
        .values({
          organizationId: org.id,
          key: "dx-literacy",
          fiscalYear: fy,
          title: `${fy}年度 DX基礎研修（係長級以下）`,
          description: "職員のDXリテラシー向上のため、係長級以下の職員が受講します。",
          startsOn: `${fy}-10-01`,
          dueOn: `${fy + 1}-01-29`,
          countEarlierCompletions: true,
          audience: {
            departmentIds: [],
            jobRankIds: kakaricho ? ranks.filter((r) => r.position >= kakaricho.position).map((r) => r.id) : [],
            employmentTypes: [],
            roles: [],
          },
          reminders: { ...DEFAULT_REMINDERS, copyManagerWhenOverdue: false },
        })
        .returning({ id: campaigns.id });
      await tx.insert(campaignCourses).values([
        { campaignId: sec!.id, courseId: security.id },
        { campaignId: dxCampaign!.id, courseId: dx.id },
      ]);
      created += 2;

      // Completions of the security course: deterministic by staff number, never in the future.
      const staff = await tx
        .select({ id: users.id, staffNumber: users.staffNumber })
        .from(users)
        .where(and(eq(users.organizationId, org.id), eq(users.active, true)))
        .orderBy(asc(users.staffNumber));
      const start = `${fy}-06-01`;
      const rows: (typeof courseCompletions.$inferInsert)[] = [];
      const progress: (typeof lessonProgress.$inferInsert)[] = [];
      for (const s of staff) {
        const n = Number(s.staffNumber);
        if (!Number.isInteger(n) || n < 2000 || n >= 9000) continue; // the named demo accounts (1001–1006, 9001) stay unfinished
        const bucket = n % 10;
        if (bucket >= 7) continue; // 30 % not finished
        const day = bucket === 6 ? addDays(`${fy}-09-30`, 3 + (n % 20)) : addDays(start, (n * 7) % 110); // bucket 6: late
        const at = new Date(jstMidnight(day).getTime() + (9 + (n % 8)) * 3_600_000);
        if (at >= today || jstDate(at) > jstDate(today)) continue;
        rows.push({
          organizationId: org.id,
          userId: s.id,
          courseId: security.id,
          completedAt: at,
          fiscalYear: fy,
          certificateCode: newVerificationCode(),
          courseContentHash: securityHash!.hash,
          scores: { final: 70 + (n % 4) * 10 },
        });
        for (const l of securityLessons)
          progress.push({
            organizationId: org.id,
            userId: s.id,
            courseId: security.id,
            lessonId: l.id,
            openedAt: at,
            lastOpenedAt: at,
            completedAt: at,
            completedContentHash: l.contentHash,
          });
      }
      if (rows.length) await tx.insert(courseCompletions).values(rows).onConflictDoNothing();
      if (progress.length) await tx.insert(lessonProgress).values(progress).onConflictDoNothing();
    });
  }
  return created;
}
