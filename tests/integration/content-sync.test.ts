import { writeFile } from "node:fs/promises";
import path from "node:path";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { bootstrap } from "~/bootstrap.server";
import { ContentError, loadContent } from "~/content/load.server";
import { getCourseOutline, getLesson, listCourses } from "~/content/queries.server";
import { syncContent } from "~/content/sync.server";
import { contentVersions, courses, departments, lessons, organizations } from "../../db/schema";
import { lesson, removeTree, VALID_INDEX, validTree, writeContentTree } from "../support/content-fixture";
import { createTestDatabase, type TestDatabase } from "../support/database";

let database: TestDatabase;
const roots: string[] = [];

beforeAll(async () => {
  // Starts from an empty database: bootstrap() itself must create the schema.
  database = await createTestDatabase({ migrate: false });
});
afterAll(async () => {
  await database.dispose();
});
afterEach(async () => {
  await Promise.all(roots.splice(0).map(removeTree));
});

async function tree(overrides: Record<string, string | null> = {}) {
  const root = await writeContentTree({ ...validTree(), ...overrides });
  roots.push(root);
  return root;
}

async function countRows() {
  const db = database.db;
  const [c] = await db.select({ n: sql<number>`count(*)::int` }).from(courses);
  const [l] = await db.select({ n: sql<number>`count(*)::int` }).from(lessons);
  const [v] = await db.select({ n: sql<number>`count(*)::int` }).from(contentVersions);
  const [o] = await db.select({ n: sql<number>`count(*)::int` }).from(organizations);
  const [d] = await db.select({ n: sql<number>`count(*)::int` }).from(departments);
  return { courses: c!.n, lessons: l!.n, versions: v!.n, organizations: o!.n, departments: d!.n };
}

describe("bootstrap on an empty database", () => {
  // The first bootstrap hashes every demo password (scrypt, 64 MiB each) and seeds a year of classes: slow on a busy
  // 2-core machine, so this test gets more time than the default.
  it("migrates, syncs the real curriculum, seeds the demo organizations, and reads them back", { timeout: 120_000 }, async () => {
    const result = await bootstrap(database, { contentDir: path.resolve("content"), seed: "if-empty" });
    expect(result.sync).toMatchObject({ created: 5, updated: 0, archived: 0 });
    expect(result.seeded?.organizations).toBe(2);

    const catalogue = await listCourses(database.db);
    expect(catalogue.map((c) => c.slug).sort()).toEqual(["bpr-basics", "dx-basics", "dx-promoter-basics", "security-basics", "smartphone-basics"]);
    const residents = await listCourses(database.db, { audience: "residents" });
    expect(residents.map((c) => c.slug)).toEqual(["smartphone-basics"]);
    const security = await listCourses(database.db, { audience: "staff", category: "security" });
    expect(security).toHaveLength(1);
    expect(security[0]!.lessonCount).toBe(result.content.courses.find((c) => c.slug === "security-basics")!.lessons.length);

    const ami = await database.db.select().from(organizations).where(eq(organizations.slug, "ami"));
    expect(ami[0]?.name).toBe("阿見町");
    const amiDepartments = await database.db.select({ name: departments.name }).from(departments).where(eq(departments.organizationId, ami[0]!.id));
    expect(amiDepartments.map((d) => d.name)).toContain("総務課");

    // Every shipped lesson is readable through the same query the lesson page uses.
    for (const course of result.content.courses) {
      for (const l of course.lessons) {
        const found = await getLesson(database.db, course.slug, l.slug);
        expect(found?.lesson.title).toBe(l.meta.title);
        expect(found?.lesson.bodyHtml.length).toBeGreaterThan(200);
      }
    }
  });

  it("a second start changes nothing and duplicates nothing", async () => {
    const before = await countRows();
    const again = await bootstrap(database, { contentDir: path.resolve("content"), seed: "if-empty" });
    expect(again.sync).toEqual({ created: 0, updated: 0, unchanged: 5, archived: 0 });
    expect(again.seeded).toBeNull();
    expect(await countRows()).toEqual(before);
  });

  it("db:seed (seed: always) reseeds idempotently", { timeout: 120_000 }, async () => {
    const before = await countRows();
    const reseeded = await bootstrap(database, { contentDir: path.resolve("content"), seed: "always" });
    expect(reseeded.seeded?.organizations).toBe(2);
    expect(await countRows()).toEqual(before);
  });
});

describe("syncContent", () => {
  it("keeps every version, follows edits and archives what was removed", async () => {
    const db = database.db;
    const first = await loadContent(await tree());
    expect((await syncContent(db, first)).created).toBe(1);
    const outline = await getCourseOutline(db, "test-course");
    expect(outline?.lessons.map((l) => l.slug)).toEqual(["first", "second"]);

    // Edit one lesson, remove another, add a new one.
    const second = await loadContent(
      await tree({
        "courses/test-course/01-first.md": lesson("はじめのレッスン（改訂）", "## 改訂\n\n新しい本文です。\n"),
        "courses/test-course/02-second.md": null,
        "courses/test-course/03-third.md": lesson("みっつめ"),
      }),
    );
    expect(await syncContent(db, second)).toMatchObject({ created: 0, updated: 1 });
    const after = await getCourseOutline(db, "test-course");
    expect(after?.lessons.map((l) => [l.slug, l.title])).toEqual([
      ["first", "はじめのレッスン（改訂）"],
      ["third", "みっつめ"],
    ]);
    expect(await getLesson(db, "test-course", "second")).toBeNull();
    const [archivedLesson] = await db.select({ archived: lessons.archived }).from(lessons).where(eq(lessons.slug, "second"));
    expect(archivedLesson?.archived).toBe(true);

    const [course] = await db.select({ id: courses.id, hash: courses.contentHash }).from(courses).where(eq(courses.slug, "test-course"));
    expect(course?.hash).toBe(second.courses[0]!.contentHash);
    const courseVersions = await db
      .select({ hash: contentVersions.contentHash })
      .from(contentVersions)
      .where(and(eq(contentVersions.courseId, course!.id), eq(contentVersions.kind, "course")));
    expect(courseVersions.map((v) => v.hash).sort()).toEqual([first.courses[0]!.contentHash, second.courses[0]!.contentHash].sort());

    // A course removed from content/ is archived, not deleted; bringing it back restores it.
    const withoutCourse = await loadContent(
      await tree({ "courses/test-course/index.md": null, "courses/test-course/01-first.md": null, "courses/test-course/02-second.md": null }),
    );
    const summary = await syncContent(db, { ...withoutCourse, courses: first.courses.filter((c) => c.slug !== "test-course") });
    expect(summary.archived).toBeGreaterThanOrEqual(1);
    expect(await getCourseOutline(db, "test-course")).toBeNull();
    await syncContent(db, first);
    expect((await getCourseOutline(db, "test-course"))?.lessons.map((l) => l.slug)).toEqual(["first", "second"]);
  });

  it("a malformed file stops bootstrap before anything in the database changes", async () => {
    const before = await countRows();
    const [course] = await database.db.select({ hash: courses.contentHash }).from(courses).where(eq(courses.slug, "security-basics"));
    const root = await tree({ "courses/test-course/index.md": VALID_INDEX.replace("audience: staff", "audience: everyone") });
    // A second, valid change in the same tree must not be written either.
    await writeFile(path.join(root, "courses/test-course/01-first.md"), lesson("書き換え"), "utf8");
    await expect(bootstrap(database, { contentDir: root, seed: "always" })).rejects.toBeInstanceOf(ContentError);
    expect(await countRows()).toEqual(before);
    const [unchanged] = await database.db.select({ hash: courses.contentHash }).from(courses).where(eq(courses.slug, "security-basics"));
    expect(unchanged?.hash).toBe(course?.hash);
  });

  it("rolls back the whole sync when the database refuses one row", async () => {
    const db = database.db;
    const before = await countRows();
    const content = await loadContent(await tree({ "courses/test-course/01-first.md": lesson("全部かゼロか") }));
    const broken = structuredClone(content);
    // A lesson title the database cannot store (NUL byte) fails the second statement of the transaction.
    broken.courses[0]!.lessons[1]!.meta.title = "bad\u0000title";
    broken.courses[0]!.lessons[1]!.contentHash = "changed";
    await expect(syncContent(db, broken)).rejects.toThrow();
    expect(await countRows()).toEqual(before);
    expect((await getLesson(db, "test-course", "first"))?.lesson.title).not.toBe("全部かゼロか");
  });
});
