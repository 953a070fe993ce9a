import { afterEach, describe, expect, it } from "vitest";
import { ContentError, loadContent } from "~/content/load.server";
import { formatProblem } from "~/content/schema";
import { removeTree, VALID_ORG, validTree, writeContentTree } from "../support/content-fixture";

/** content/programs/<slug>.yaml: validated like every content file, and checked against the courses and organizations. */
const roots: string[] = [];
afterEach(async () => {
  await Promise.all(roots.splice(0).map(removeTree));
});

const EXAM = `title: 選考試験
mode: exam
passMark: 60
questions:
  - id: q1
    type: truefalse
    prompt: テストです。
    answer: true
    explanation: 説明です。
`;

const PROGRAM = `title: テスト推進員
summary: テストの制度です。
description: |
  制度の説明です。
eligibility: { maxJobRank: 係長, employmentTypes: [regular] }
selectionExam: { course: test-course, quiz: exam, passMark: 70 }
requiredCourses: [test-course]
requiredTrainings: { category: dx-literacy, count: 2 }
improvementReport: true
validityFiscalYears: 2
renewal: { requiredCourses: [test-course], confirmedActivities: 1 }
`;

const ORG_WITH_PROGRAM = VALID_ORG.replace("departments:", "programs: [test-program]\ndepartments:");

async function load(overrides: Record<string, string | null>) {
  const root = await writeContentTree({
    ...validTree(),
    "courses/test-course/quizzes/exam.yaml": EXAM,
    "programs/test-program.yaml": PROGRAM,
    "organizations/testtown.yaml": ORG_WITH_PROGRAM,
    ...overrides,
  });
  roots.push(root);
  return loadContent(root);
}

async function problemsOf(overrides: Record<string, string | null>): Promise<string[]> {
  try {
    await load(overrides);
  } catch (error) {
    expect(error).toBeInstanceOf(ContentError);
    return (error as ContentError).problems.map(formatProblem);
  }
  throw new Error("expected the content to be rejected");
}

describe("programme files", () => {
  it("loads a valid programme with defaults and renders its description", async () => {
    const content = await load({});
    expect(content.programs).toHaveLength(1);
    const p = content.programs[0]!;
    expect(p.slug).toBe("test-program");
    expect(p.definition.renewal).toEqual({ windowFiscalYears: 1, requiredCourses: ["test-course"], improvementReport: false, confirmedActivities: 1 });
    expect(p.descriptionHtml).toContain("<p>制度の説明です。</p>");
    expect(content.organizations[0]!.data.programs).toEqual(["test-program"]);
  });

  it("ships a valid DX推進員 programme enabled in both demo towns", async () => {
    const content = await loadContent("content");
    expect(content.programs.map((p) => p.slug)).toEqual(["dx-promoter"]);
    expect(content.programs[0]!.definition).toMatchObject({
      selectionExam: { course: "dx-promoter-basics", quiz: "selection", passMark: 70 },
      requiredCourses: ["dx-promoter-basics", "bpr-basics"],
      validityFiscalYears: 2,
    });
    expect(content.organizations.map((o) => o.data.programs)).toEqual([["dx-promoter"], ["dx-promoter"]]);
  });

  it("reports field problems in Japanese, one line each", async () => {
    const problems = await problemsOf({
      "programs/test-program.yaml": PROGRAM.replace("validityFiscalYears: 2", "validityFiscalYears: 0\nvalidty: 2").replace(
        "employmentTypes: [regular]",
        "employmentTypes: [permanent]",
      ),
    });
    expect(problems).toEqual([
      'content/programs/test-program.yaml: eligibility.employmentTypes.0: 次のどれかを書いてください: regular / reappointed / fiscal_year / temporary / commissioned（いまの値: "permanent"）',
      "content/programs/test-program.yaml: validityFiscalYears: 1以上の数にしてください（いまの値: 0）",
      "content/programs/test-program.yaml: validty: 知らない項目です（綴りを確認してください。使える項目は docs/content-format.md にあります）",
    ]);
  });

  it("checks references to courses, quizzes, categories and between files", async () => {
    const problems = await problemsOf({
      "programs/test-program.yaml": PROGRAM.replace("requiredCourses: [test-course]", "requiredCourses: [test-course, no-such-course]")
        .replace("quiz: exam", "quiz: final")
        .replace("category: dx-literacy", "category: cooking")
        .replace("renewal: {", "renewal: { windowFiscalYears: 3,"),
    });
    expect(problems).toEqual([
      "content/programs/test-program.yaml: renewal.windowFiscalYears: 有効期間（2年度）以下の数にしてください",
      'content/programs/test-program.yaml: requiredTrainings.category: 次のどれかを書いてください: smartphone / dx-literacy / security / dx-promoter（いまの値: "cooking"）',
      "content/programs/test-program.yaml: requiredCourses.1: 講座「no-such-course」が content/courses にありません",
      "content/programs/test-program.yaml: selectionExam.quiz: 講座「test-course」にクイズ「final」がありません",
    ]);
  });

  it("checks the organization side: unknown programmes, a missing 職位, KPIs of programmes not run", async () => {
    const org =
      ORG_WITH_PROGRAM.replace("programs: [test-program]", "programs: [test-program, missing]\njobRanks: [課長, 主任, 主事]") +
      `kpis:
  - code: promoters
    name: 推進員の数
    policyArea: テスト
    unit: 人
    direction: increase
    accumulation: level
    baseline: { value: 0, fiscalYear: 2022 }
    targets: { "2027": 10 }
    source: { kind: program, program: other, metric: certified_promoters }
`;
    expect(await problemsOf({ "organizations/testtown.yaml": org })).toEqual([
      "content/organizations/testtown.yaml: programs.0: 制度「test-program」の対象職位「係長」が、この自治体の職位（jobRanks）にありません",
      "content/organizations/testtown.yaml: programs.1: 制度「missing」が content/programs にありません",
      "content/organizations/testtown.yaml: kpis.0.source.program: この自治体の programs にない制度「other」です",
    ]);
  });

  it("refuses a self-check quiz as the selection exam", async () => {
    const selfcheck = `title: ふりかえり
mode: selfcheck
passMark: 60
questions:
${[1, 2, 3].map((i) => `  - { id: q${i}, type: truefalse, prompt: 問${i}, answer: true, explanation: 説明 }`).join("\n")}
`;
    expect(await problemsOf({ "courses/test-course/quizzes/exam.yaml": selfcheck })).toEqual([
      "content/programs/test-program.yaml: selectionExam.quiz: 選考試験には mode: exam のクイズを指定してください",
    ]);
  });
});
