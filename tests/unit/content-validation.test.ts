import { afterEach, describe, expect, it } from "vitest";
import { ContentError, loadContent, splitFrontMatter } from "~/content/load.server";
import { formatProblem } from "~/content/schema";
import { lesson, removeTree, VALID_INDEX, validTree, writeContentTree } from "../support/content-fixture";

const roots: string[] = [];
afterEach(async () => {
  await Promise.all(roots.splice(0).map(removeTree));
});

async function load(overrides: Record<string, string | null>) {
  const root = await writeContentTree({ ...validTree(), ...overrides });
  roots.push(root);
  return loadContent(root);
}

/** Loads a tree that must be invalid and returns its problems as the one-line messages users see. */
async function problemsOf(overrides: Record<string, string | null>): Promise<string[]> {
  try {
    await load(overrides);
  } catch (error) {
    expect(error).toBeInstanceOf(ContentError);
    return (error as ContentError).problems.map(formatProblem);
  }
  throw new Error("expected the content to be rejected");
}

describe("splitFrontMatter", () => {
  it("separates YAML and body and reports where the body starts", () => {
    expect(splitFrontMatter("---\ntitle: a\nx: 1\n---\n## 本文\n")).toEqual({ yaml: "title: a\nx: 1\n", body: "## 本文\n", bodyLine: 5 });
  });
  it("accepts a BOM and CRLF line endings", () => {
    expect(splitFrontMatter("\uFEFF---\r\ntitle: a\r\n---\r\nbody")?.body).toBe("body");
  });
  it("returns null without a front matter block", () => {
    expect(splitFrontMatter("# no front matter")).toBeNull();
    expect(splitFrontMatter("---\ntitle: a\nnever closed")).toBeNull();
  });
});

describe("loadContent", () => {
  it("loads a valid tree with lessons in number order and stable hashes", async () => {
    const content = await load({});
    expect(content.courses).toHaveLength(1);
    const course = content.courses[0]!;
    expect(course.slug).toBe("test-course");
    expect(course.meta).toMatchObject({ audience: "staff", category: "security", estimatedMinutes: 20, reviewedOn: "2026-11-22" });
    expect(course.lessons.map((l) => [l.position, l.slug, l.meta.title])).toEqual([
      [1, "first", "はじめのレッスン"],
      [2, "second", "つぎのレッスン"],
    ]);
    expect(course.lessons[0]!.bodyHtml).toContain('<h2 id="見出し">見出し</h2>');
    expect(course.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect((await load({})).courses[0]!.contentHash).toBe(course.contentHash);
    expect(content.organizations[0]!.data.departments.map((d) => d.name)).toEqual(["総務課", "人事課"]);
  });

  it("gives the course a new hash when any lesson changes", async () => {
    const before = (await load({})).courses[0]!.contentHash;
    const after = (await load({ "courses/test-course/02-second.md": lesson("つぎのレッスン", "## 変更\n\n新しい本文。\n") })).courses[0]!.contentHash;
    expect(after).not.toBe(before);
  });

  it("names the file and field of an invalid enum value", async () => {
    const problems = await problemsOf({ "courses/test-course/index.md": VALID_INDEX.replace("audience: staff", "audience: resident") });
    expect(problems).toEqual(['content/courses/test-course/index.md: audience: 次のどれかを書いてください: residents / staff（いまの値: "resident"）']);
  });

  it("reports a missing required field", async () => {
    const problems = await problemsOf({ "courses/test-course/index.md": VALID_INDEX.replace("summary: テストのための講座です。\n", "") });
    expect(problems).toEqual(["content/courses/test-course/index.md: summary: 必須の項目がありません"]);
  });

  it("reports a wrong type and an out-of-range number", async () => {
    const problems = await problemsOf({
      "courses/test-course/01-first.md": "---\ntitle: a\nestimatedMinutes: 十分\n---\n本文",
      "courses/test-course/02-second.md": "---\ntitle: b\nestimatedMinutes: 0\n---\n本文",
    });
    expect(problems).toEqual([
      'content/courses/test-course/01-first.md: estimatedMinutes: 数値で書いてください（いまの値: "十分"）',
      "content/courses/test-course/02-second.md: estimatedMinutes: 1以上の数にしてください（いまの値: 0）",
    ]);
  });

  it("rejects unknown fields so that typos are caught", async () => {
    const problems = await problemsOf({ "courses/test-course/index.md": VALID_INDEX.replace("level: beginner", "level: beginner\nlevle: x") });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^content\/courses\/test-course\/index\.md: levle: 知らない項目です/);
  });

  it("rejects an impossible date", async () => {
    const problems = await problemsOf({ "courses/test-course/index.md": VALID_INDEX.replace("2026-11-22", "2026-02-30") });
    expect(problems).toEqual(["content/courses/test-course/index.md: reviewedOn: 存在しない日付です"]);
  });

  it("reports YAML syntax errors with a line", async () => {
    const problems = await problemsOf({ "courses/test-course/01-first.md": "---\ntitle: [unclosed\nestimatedMinutes: 5\n---\n本文" });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^content\/courses\/test-course\/01-first\.md: YAML を読めません（\d+行目付近）/);
  });

  it("requires front matter, a body, and well-formed lesson file names", async () => {
    const problems = await problemsOf({
      "courses/test-course/01-first.md": "# front matter なし",
      "courses/test-course/02-second.md": lesson("空", "  \n"),
      "courses/test-course/3-third.md": lesson("番号が1桁"),
    });
    expect(problems).toEqual([
      "content/courses/test-course/01-first.md: 先頭に --- で囲んだ front matter（title などの項目）がありません",
      "content/courses/test-course/02-second.md: 本文がありません",
      "content/courses/test-course/3-third.md: レッスンのファイル名は「2桁の番号-半角英小文字.md」にしてください（例: 01-passwords.md）",
    ]);
  });

  it("rejects duplicate lesson numbers", async () => {
    const problems = await problemsOf({ "courses/test-course/02-second.md": null, "courses/test-course/01-again.md": lesson("重複") });
    expect(problems).toEqual(["content/courses/test-course/01-first.md: 番号 01 が content/courses/test-course/01-again.md と重なっています"]);
  });

  it("points at the body line of an image without alt text and an unknown callout", async () => {
    const problems = await problemsOf({
      "courses/test-course/01-first.md": lesson("画像", "## 見出し\n\n![](photo.png)\n\n::: warning\n注意\n:::\n"),
    });
    expect(problems).toEqual([
      "content/courses/test-course/01-first.md: 7行目: 画像に代替テキストがありません。![画像の説明](ファイル名) の形で説明を書いてください",
      "content/courses/test-course/01-first.md: 9行目: 囲みの種類「warning」は使えません。point / caution / try のどれかにしてください（閉じる ::: の書き忘れも確かめてください）",
    ]);
  });

  it("rejects javascript: links in lessons", async () => {
    const problems = await problemsOf({ "courses/test-course/01-first.md": lesson("リンク", "[押す](javascript:alert(1))\n") });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain("content/courses/test-course/01-first.md: 5行目: リンク先「javascript:alert(1");
  });

  it("validates organization files: slug must match the file name, department codes unique", async () => {
    const problems = await problemsOf({
      "organizations/testtown.yaml":
        "slug: other\nname: テスト町\nnameKana: てすとまち\nprefecture: 茨城県\ndepartments:\n  - { code: a, name: 総務課 }\n  - { code: a, name: 人事課 }\n",
    });
    expect(problems).toEqual([
      "content/organizations/testtown.yaml: slug: ファイル名（testtown.yaml）と slug「other」をそろえてください",
      "content/organizations/testtown.yaml: departments.1.code: 「a」が重なっています",
    ]);
  });

  it("collects problems from several files at once", async () => {
    const problems = await problemsOf({
      "courses/test-course/index.md": VALID_INDEX.replace("category: security", "category: cooking"),
      "organizations/testtown.yaml": "slug: testtown\n",
    });
    expect(problems.length).toBeGreaterThanOrEqual(3);
    expect(problems.some((p) => p.startsWith("content/courses/test-course/index.md: category:"))).toBe(true);
    expect(problems.some((p) => p.startsWith("content/organizations/testtown.yaml: name: 必須の項目がありません"))).toBe(true);
  });

  it("accepts the real curriculum shipped in content/", async () => {
    const content = await loadContent("content");
    expect(content.courses.map((c) => c.meta.category).sort()).toEqual(["dx-literacy", "dx-promoter", "dx-promoter", "security", "smartphone"]);
    for (const course of content.courses) expect(course.lessons.length).toBeGreaterThanOrEqual(3);
    expect(content.organizations.map((o) => o.data.name).sort()).toEqual(["小美玉市", "阿見町"]);
  });
});
