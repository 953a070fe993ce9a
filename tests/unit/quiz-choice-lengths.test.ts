/**
 * Exam choices reach the browser as opaque values in a random order (decision 018), so the only thing left that can
 * give an answer away is the text itself. In November 2026 the right choice was also the longest in most single-choice
 * questions, and picking the longest choice alone came close to passing. These checks keep every exam (`mode: exam`)
 * in content/ from being passable that way (docs/content-format.md, "Quizzes": write choices of about the same length).
 */
import { describe, expect, it } from "vitest";
import { loadContent } from "~/content/load.server";
import type { Question } from "~/quizzes/schema";

/** The right choice is the strictly longest in at most this share of an exam's single-choice questions. */
const MAX_STRICTLY_LONGEST_SHARE = 0.35;
/** "Always pick the longest choice" scores at most this share of the points of an exam's single-choice questions. */
const MAX_PICK_LONGEST_SCORE = 0.4;

type Single = Extract<Question, { type: "single" }>;
type Multiple = Extract<Question, { type: "multiple" }>;

/** In a select-all question, the right choices are on average at most this much longer than the wrong ones. */
const MAX_MULTIPLE_RIGHT_TO_WRONG = 1.2;

/** Length as a reader sees it: characters (code points), not UTF-16 units; surrounding blanks do not count. */
const length = (text: string) => [...text.trim()].length;

interface Measured {
  id: string;
  points: number;
  correct: number;
  others: number[];
  /** The right choice is longer than every other choice. */
  strictlyLongest: boolean;
  /** Chance that a learner who picks the longest choice (a random one of them on a tie) is right. */
  pickLongest: number;
}

function measure(question: Single): Measured {
  const lengths = question.choices.map((c) => length(c.text));
  const right = question.choices.findIndex((c) => c.correct);
  const correct = lengths[right]!;
  const others = lengths.filter((_, i) => i !== right);
  const longest = Math.max(...lengths);
  const tied = lengths.filter((l) => l === longest).length;
  return {
    id: question.id,
    points: question.points,
    correct,
    others,
    strictlyLongest: correct > Math.max(...others),
    pickLongest: correct === longest ? 1 / tied : 0,
  };
}

interface MeasuredMultiple {
  id: string;
  right: number[];
  wrong: number[];
  /** Ticking the choices longest first, as many as are right, gives exactly the answer. */
  longestAreRight: boolean;
}

function measureMultiple(question: Multiple): MeasuredMultiple {
  const lengths = question.choices.map((c) => length(c.text));
  const right = lengths.filter((_, i) => question.choices[i]!.correct);
  const wrong = lengths.filter((_, i) => !question.choices[i]!.correct);
  // Ties count against the question: the shortest right choice must be shorter than the longest wrong one.
  return { id: question.id, right, wrong, longestAreRight: wrong.length > 0 && Math.min(...right) >= Math.max(...wrong) };
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

const describeQuestion = (m: Measured) => `${m.id}（正解 ${m.correct}字、ほか ${m.others.join("・")}字）`;

const content = await loadContent("content");
const exams = content.courses.flatMap((course) =>
  course.quizzes
    .filter((quiz) => quiz.definition.mode === "exam")
    .map((quiz) => ({
      name: `${course.slug}/${quiz.slug}`,
      singles: quiz.definition.questions.filter((q): q is Single => q.type === "single").map(measure),
      multiples: quiz.definition.questions.filter((q): q is Multiple => q.type === "multiple").map(measureMultiple),
    })),
);

describe("lengths of exam choices", () => {
  it("finds the exams shipped in content/", () => {
    expect(exams.map((e) => e.name).sort()).toEqual(
      expect.arrayContaining(["bpr-basics/final", "dx-basics/final", "dx-promoter-basics/final", "dx-promoter-basics/selection", "security-basics/final"]),
    );
    for (const exam of exams) expect(exam.singles.length, exam.name).toBeGreaterThan(0);
  });

  describe.each(exams)("$name", ({ name, singles, multiples }) => {
    it(`has the right choice as the strictly longest in at most ${MAX_STRICTLY_LONGEST_SHARE * 100} % of its single-choice questions`, () => {
      const longest = singles.filter((m) => m.strictlyLongest);
      expect(
        longest.length / singles.length,
        `${name}: 正解がいちばん長い問題 ${longest.length}/${singles.length}: ${longest.map(describeQuestion).join("、")}`,
      ).toBeLessThanOrEqual(MAX_STRICTLY_LONGEST_SHARE);
    });

    it(`gives "pick the longest choice" at most ${MAX_PICK_LONGEST_SCORE * 100} % of its single-choice points`, () => {
      const total = singles.reduce((sum, m) => sum + m.points, 0);
      const score = singles.reduce((sum, m) => sum + m.points * m.pickLongest, 0) / total;
      const helped = singles.filter((m) => m.pickLongest > 0);
      expect(score, `${name}: いちばん長い選択肢を選ぶと ${(score * 100).toFixed(0)} %: ${helped.map(describeQuestion).join("、")}`).toBeLessThanOrEqual(
        MAX_PICK_LONGEST_SCORE,
      );
    });

    it("has no select-all question answered by ticking its longest choices", () => {
      const given = multiples.filter((m) => m.longestAreRight);
      expect(
        given.map((m) => `${m.id}（正解 ${m.right.join("・")}字、ほか ${m.wrong.join("・")}字）`),
        name,
      ).toEqual([]);
    });

    it(`has right choices in select-all questions at most ${MAX_MULTIPLE_RIGHT_TO_WRONG}× as long as the wrong ones on average`, () => {
      if (!multiples.length) return;
      const ratio = mean(multiples.flatMap((m) => m.right)) / mean(multiples.flatMap((m) => m.wrong));
      expect(ratio, name).toBeLessThanOrEqual(MAX_MULTIPLE_RIGHT_TO_WRONG);
    });
  });
});
