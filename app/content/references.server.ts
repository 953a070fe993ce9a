import { readdir } from "node:fs/promises";
import path from "node:path";
import { DEFAULT_JOB_RANKS } from "~/staff/constants";
import type { LoadedCourse } from "./courses.server";
import { isDirectory } from "./files.server";
import type { LoadedOrganization, LoadedProgram } from "./organizations.server";
import type { ContentProblem } from "./schema";

/**
 * Checks what files say about each other: a programme's courses and selection exam exist, an organization's
 * programmes exist and its 職位 list has the programme's 職位, KPIs count only programmes the organization runs.
 * Courses are looked up on disk, so that a course with its own problems is not also reported as missing.
 */
export async function checkReferences(root: string, courses: LoadedCourse[], organizations: LoadedOrganization[], programs: LoadedProgram[], problems: ContentProblem[]) {
  const courseExists = async (slug: string) => courses.some((c) => c.slug === slug) || (await isDirectory(path.join(root, "courses", slug)));
  for (const program of programs) {
    const d = program.definition;
    const refs: [string, string][] = [
      ...d.requiredCourses.map((c, i): [string, string] => [`requiredCourses.${i}`, c]),
      ...(d.renewal?.requiredCourses ?? []).map((c, i): [string, string] => [`renewal.requiredCourses.${i}`, c]),
      ["selectionExam.course", d.selectionExam.course],
    ];
    for (const [field, slug] of refs) {
      if (!(await courseExists(slug))) problems.push({ file: program.file, field, message: `講座「${slug}」が content/courses にありません` });
    }
    const course = courses.find((c) => c.slug === d.selectionExam.course);
    if (course) {
      const quiz = course.quizzes.find((q) => q.slug === d.selectionExam.quiz);
      if (!quiz) problems.push({ file: program.file, field: "selectionExam.quiz", message: `講座「${course.slug}」にクイズ「${d.selectionExam.quiz}」がありません` });
      else if (quiz.definition.mode !== "exam") problems.push({ file: program.file, field: "selectionExam.quiz", message: "選考試験には mode: exam のクイズを指定してください" });
    }
  }
  const programFiles = new Set((await readdir(path.join(root, "programs")).catch(() => [] as string[])).map((n) => n.replace(/\.yaml$/, "")));
  for (const org of organizations) {
    const ranks = org.data.jobRanks ?? DEFAULT_JOB_RANKS;
    org.data.programs.forEach((slug, i) => {
      if (!programFiles.has(slug)) {
        problems.push({ file: org.file, field: `programs.${i}`, message: `制度「${slug}」が content/programs にありません` });
        return;
      }
      const maxRank = programs.find((p) => p.slug === slug)?.definition.eligibility.maxJobRank;
      if (maxRank && !ranks.includes(maxRank)) {
        problems.push({ file: org.file, field: `programs.${i}`, message: `制度「${slug}」の対象職位「${maxRank}」が、この自治体の職位（jobRanks）にありません` });
      }
    });
    (org.data.kpis ?? []).forEach((k, i) => {
      if (k.source.kind === "program" && !org.data.programs.includes(k.source.program)) {
        problems.push({ file: org.file, field: `kpis.${i}.source.program`, message: `この自治体の programs にない制度「${k.source.program}」です` });
      }
    });
  }
}
