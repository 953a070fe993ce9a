/**
 * The curriculum under content/, loaded and validated as a whole. The parts live beside this module: files.server
 * (front matter, YAML, validation), courses.server (courses, lessons, translations), quizzes.server,
 * organizations.server (organizations and programmes) and references.server (checks across files).
 */
import { readdir } from "node:fs/promises";
import path from "node:path";
import { envFrom, type EnvSource } from "~/kernel/env.server";
import { loadCourse, type LoadedCourse } from "./courses.server";
import { isDirectory } from "./files.server";
import { loadOrganization, loadProgram, type LoadedOrganization, type LoadedProgram } from "./organizations.server";
import { checkReferences } from "./references.server";
import { formatProblem, type ContentProblem } from "./schema";

export { LESSON_FILE, type LoadedCourse, type LoadedCourseTranslation, type LoadedLesson, type LoadedLessonTranslation } from "./courses.server";
export { sha256, splitFrontMatter } from "./files.server";
export type { LoadedOrganization, LoadedProgram } from "./organizations.server";
export type { LoadedQuiz, LoadedQuizTranslation } from "./quizzes.server";

export interface LoadedContent {
  courses: LoadedCourse[];
  organizations: LoadedOrganization[];
  /** Certification programmes (content/programs/<slug>.yaml); none when the folder does not exist. */
  programs: LoadedProgram[];
}

/** Thrown when any content file is invalid; `problems` has one entry per problem, each naming its file. */
export class ContentError extends Error {
  constructor(readonly problems: ContentProblem[]) {
    super(problems.map(formatProblem).join("\n"));
    this.name = "ContentError";
  }
}

/**
 * Reads and validates everything under `content/`. Either every file is valid and the whole curriculum is returned,
 * or a ContentError lists every problem found — never a partial result.
 */
export async function loadContent(root: string): Promise<LoadedContent> {
  const problems: ContentProblem[] = [];
  const courses: LoadedCourse[] = [];
  const organizations: LoadedOrganization[] = [];

  const coursesDir = path.join(root, "courses");
  if (!(await isDirectory(coursesDir))) {
    throw new ContentError([{ file: "content/courses", message: "フォルダがありません" }]);
  }
  for (const slug of (await readdir(coursesDir)).sort()) {
    if (slug.startsWith(".") || !(await isDirectory(path.join(coursesDir, slug)))) continue;
    const course = await loadCourse(root, slug, problems);
    if (course) courses.push(course);
  }

  const orgDir = path.join(root, "organizations");
  if (await isDirectory(orgDir)) {
    for (const name of (await readdir(orgDir)).sort()) {
      if (!name.endsWith(".yaml")) continue;
      const org = await loadOrganization(root, name, problems);
      if (org) organizations.push(org);
    }
  }

  const programs: LoadedProgram[] = [];
  const programDir = path.join(root, "programs");
  if (await isDirectory(programDir)) {
    for (const name of (await readdir(programDir)).sort()) {
      if (name.startsWith(".")) continue;
      const program = await loadProgram(root, name, problems);
      if (program) programs.push(program);
    }
  }
  await checkReferences(root, courses, organizations, programs, problems);

  if (problems.length > 0) throw new ContentError(problems);
  return { courses, organizations, programs };
}

/** The content/ folder of this checkout (CONTENT_DIR overrides it). */
export function contentRoot(source?: EnvSource): string {
  return path.resolve(envFrom(source).CONTENT_DIR);
}
