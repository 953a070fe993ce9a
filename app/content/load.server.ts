import { createHash } from "node:crypto";
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { parse as parseYaml, YAMLParseError } from "yaml";
import type { z } from "zod";
import { programSchema, type ProgramDefinition } from "~/programs/schema";
import { applyQuizTranslation, QUIZ_ONLY_FIELDS, quizSchema, quizTranslationSchema, type QuizDefinition } from "~/quizzes/schema";
import { DEFAULT_JOB_RANKS } from "~/staff/constants";
import { findMarkdownProblems, renderMarkdown } from "./markdown.server";
import { TRANSLATION_LANGUAGES } from "~/i18n/languages";
import { COURSE_ONLY_FIELDS, courseFrontMatterSchema, courseTranslationFrontMatterSchema, describeIssues, formatProblem, LANGUAGE_NAMES_JA, lessonFrontMatterSchema, lessonTranslationFrontMatterSchema, organizationSchema, type ContentProblem, type CourseFrontMatter, type CourseTranslationFrontMatter, type LessonFrontMatter, type OrganizationFile } from "./schema";
import { CATEGORIES, SLUG_PATTERN } from "./vocabulary";

/** A lesson in another language (`NN-<slug>.<lang>.md`), translated from the Japanese file of the same name. */
export interface LoadedLessonTranslation {
  language: string;
  file: string;
  meta: LessonFrontMatter;
  source: string;
  bodyHtml: string;
  contentHash: string;
}

/** A course's texts in another language (`index.<lang>.md`). */
export interface LoadedCourseTranslation {
  language: string;
  file: string;
  meta: CourseTranslationFrontMatter;
  source: string;
  introHtml: string;
  contentHash: string;
}

export interface LoadedLesson {
  slug: string;
  position: number;
  file: string;
  meta: LessonFrontMatter;
  source: string;
  bodyHtml: string;
  contentHash: string;
  /** Translations of this lesson, by language (none when it exists only in Japanese). */
  translations: LoadedLessonTranslation[];
}

export interface LoadedQuiz {
  slug: string;
  file: string;
  definition: QuizDefinition;
  source: string;
  contentHash: string;
  /** Translations (`<slug>.<lang>.yaml`, self-checks only): the whole quiz with the translated texts. */
  translations: LoadedQuizTranslation[];
}

export interface LoadedQuizTranslation {
  language: string;
  file: string;
  definition: QuizDefinition;
  source: string;
  contentHash: string;
}

export interface LoadedCourse {
  slug: string;
  file: string;
  meta: CourseFrontMatter;
  source: string;
  introHtml: string;
  /** Hash of the index and every lesson, so a change anywhere in the course gives it a new version. */
  contentHash: string;
  lessons: LoadedLesson[];
  quizzes: LoadedQuiz[];
  /** The course's texts in other languages (index.<lang>.md). Translations do not change `contentHash`. */
  translations: LoadedCourseTranslation[];
}

export interface LoadedOrganization {
  file: string;
  data: OrganizationFile;
}

export interface LoadedProgram {
  slug: string;
  file: string;
  definition: ProgramDefinition;
  descriptionHtml: string;
  source: string;
  contentHash: string;
}

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

export const LESSON_FILE = /^(\d{2})-(.+)\.md$/;

export function sha256(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/**
 * Splits `---\n<yaml>\n---\n<body>`. Returns null when the file has no front matter block.
 * `bodyLine` is the 1-based line of the body's first line, so markdown problems can point at the file's real lines.
 */
export function splitFrontMatter(source: string): { yaml: string; body: string; bodyLine: number } | null {
  const text = source.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  if (!text.startsWith("---\n")) return null;
  const end = text.indexOf("\n---", 3);
  if (end === -1) return null;
  const afterMarker = text.indexOf("\n", end + 4);
  const closingLine = text.slice(end + 1, afterMarker === -1 ? undefined : afterMarker);
  if (closingLine.trim() !== "---") return null;
  const yaml = text.slice(4, end + 1);
  const body = afterMarker === -1 ? "" : text.slice(afterMarker + 1);
  return { yaml, body, bodyLine: yaml.split("\n").length + 2 };
}

function parseYamlDocument(file: string, yaml: string, problems: ContentProblem[]): unknown {
  try {
    return parseYaml(yaml, { prettyErrors: true, uniqueKeys: true }) ?? {};
  } catch (error) {
    if (error instanceof YAMLParseError) {
      const line = error.linePos?.[0]?.line;
      problems.push({ file, message: `YAML を読めません${line ? `（${line}行目付近）` : ""}: ${error.message.split("\n")[0]}` });
      return undefined;
    }
    throw error;
  }
}

function validate<T>(schema: z.ZodType<T>, file: string, data: unknown, problems: ContentProblem[]): T | undefined {
  const result = schema.safeParse(data, { reportInput: true });
  if (result.success) return result.data;
  problems.push(...describeIssues(file, result.error.issues));
  return undefined;
}

function parseMarkdownFile<T>(
  file: string,
  source: string,
  schema: z.ZodType<T>,
  problems: ContentProblem[],
  { bodyRequired }: { bodyRequired: boolean },
): { meta: T; body: string } | undefined {
  const parts = readFrontMatter(file, source, problems);
  if (!parts) return undefined;
  const meta = validate(schema, file, parts.data, problems);
  if (bodyRequired && !parts.body.trim()) problems.push({ file, message: "本文がありません" });
  checkBody(file, parts, problems);
  return meta === undefined ? undefined : { meta, body: parts.body };
}

/**
 * The front matter of a markdown file parsed as YAML, with the body after it; a missing or malformed front matter is
 * recorded as a problem.
 */
function readFrontMatter(file: string, source: string, problems: ContentProblem[]): { data: unknown; body: string; bodyLine: number } | undefined {
  const parts = splitFrontMatter(source);
  if (!parts) {
    problems.push({ file, message: "先頭に --- で囲んだ front matter（title などの項目）がありません" });
    return undefined;
  }
  const data = parseYamlDocument(file, parts.yaml, problems);
  return data === undefined ? undefined : { data, body: parts.body, bodyLine: parts.bodyLine };
}

/** Markdown problems in a body, reported with the file's own line numbers. */
function checkBody(file: string, parts: { body: string; bodyLine: number }, problems: ContentProblem[]) {
  for (const p of findMarkdownProblems(parts.body)) {
    problems.push({ file, field: `${p.line + parts.bodyLine - 1}行目`, message: p.message });
  }
}

async function isDirectory(p: string): Promise<boolean> {
  return (await stat(p).catch(() => null))?.isDirectory() ?? false;
}

/** `NN-<slug>.<lang>.md` or `index.<lang>.md`: the Japanese file's name with a language before `.md`. */
const TRANSLATION_FILE = /^(.+)\.([^.]+)\.md$/;

async function loadCourse(root: string, slug: string, problems: ContentProblem[]): Promise<LoadedCourse | undefined> {
  const dir = path.join(root, "courses", slug);
  const rel = (name: string) => path.posix.join("content/courses", slug, name);
  const before = problems.length;
  if (!SLUG_PATTERN.test(slug)) {
    problems.push({ file: rel(""), message: "講座のフォルダ名は半角英小文字・数字・ハイフンにしてください（例: security-basics）" });
  }
  const names = (await readdir(dir)).sort();
  if (!names.includes("index.md")) {
    problems.push({ file: rel("index.md"), message: "講座の index.md がありません" });
    return undefined;
  }
  const indexSource = await readFile(path.join(dir, "index.md"), "utf8");
  const index = parseMarkdownFile(rel("index.md"), indexSource, courseFrontMatterSchema, problems, { bodyRequired: false });

  const lessons: LoadedLesson[] = [];
  const translationNames: string[] = [];
  const seenPositions = new Map<number, string>();
  const seenSlugs = new Map<string, string>();
  for (const name of names) {
    if (name === "index.md" || !name.endsWith(".md")) continue;
    if (TRANSLATION_FILE.test(name)) {
      translationNames.push(name); // read once every Japanese lesson is known
      continue;
    }
    const file = rel(name);
    const match = LESSON_FILE.exec(name);
    if (!match || !SLUG_PATTERN.test(match[2]!)) {
      problems.push({ file, message: "レッスンのファイル名は「2桁の番号-半角英小文字.md」にしてください（例: 01-passwords.md）" });
      continue;
    }
    const position = Number(match[1]);
    const lessonSlug = match[2]!;
    if (seenPositions.has(position)) problems.push({ file, message: `番号 ${match[1]} が ${seenPositions.get(position)} と重なっています` });
    if (seenSlugs.has(lessonSlug)) problems.push({ file, message: `名前「${lessonSlug}」が ${seenSlugs.get(lessonSlug)} と重なっています` });
    seenPositions.set(position, file);
    seenSlugs.set(lessonSlug, file);
    const source = await readFile(path.join(dir, name), "utf8");
    const parsed = parseMarkdownFile(file, source, lessonFrontMatterSchema, problems, { bodyRequired: true });
    if (!parsed) continue;
    lessons.push({
      slug: lessonSlug,
      position,
      file,
      meta: parsed.meta,
      source,
      bodyHtml: renderMarkdown(parsed.body),
      contentHash: sha256(source),
      translations: [],
    });
  }
  const translations = await loadTranslations(dir, rel, names, translationNames, index?.meta.language ?? "ja", lessons, problems);
  const quizzes = await loadQuizzes(dir, rel, problems, index?.meta.language ?? "ja");
  if (lessons.length === 0 && problems.length === before) {
    problems.push({ file: rel(""), message: "レッスンがありません。01-<名前>.md の形でレッスンを 1 つ以上置いてください" });
  }
  if (!index || problems.length > before) return undefined;

  const contentHash = sha256(
    [sha256(indexSource), ...lessons.map((l) => `${l.position}-${l.slug}:${l.contentHash}`), ...quizzes.map((q) => `quiz-${q.slug}:${q.contentHash}`)].join("\n"),
  );
  return {
    slug,
    file: rel("index.md"),
    meta: index.meta,
    source: indexSource,
    introHtml: renderMarkdown(index.body),
    contentHash,
    lessons,
    quizzes,
    translations,
  };
}

/**
 * Translations in a course folder: `index.<lang>.md` for the course and `NN-<slug>.<lang>.md` for a lesson. The
 * Japanese file is the source and must exist; the language must be one the site offers (TRANSLATION_LANGUAGES) and
 * not the course's own. A lesson translation needs the course's translation in the same language, so that the
 * catalogue and the course page have a title in that language. Lesson translations are attached to their lessons;
 * the course translations are returned.
 */
async function loadTranslations(
  dir: string,
  rel: (name: string) => string,
  names: string[],
  translationNames: string[],
  courseLanguage: string,
  lessons: LoadedLesson[],
  problems: ContentProblem[],
): Promise<LoadedCourseTranslation[]> {
  const courseTranslations: LoadedCourseTranslation[] = [];
  const lessonLanguages = new Map<string, string>(); // language → a lesson translation file, for the index check
  const offered = TRANSLATION_LANGUAGES as readonly string[];
  for (const name of translationNames) {
    const file = rel(name);
    const [, base = "", language = ""] = TRANSLATION_FILE.exec(name) ?? [];
    const languageName = LANGUAGE_NAMES_JA[language] ?? language;
    if (language === courseLanguage) {
      problems.push({
        file,
        message: `この講座はもともと${languageName}（language: ${courseLanguage}）で書かれています。${languageName}の内容は ${base}.md に書いてください`,
      });
      continue;
    }
    if (!offered.includes(language)) {
      problems.push({ file, message: `言語「${language}」の翻訳にはまだ対応していません。使える言語: ${offered.join(" / ")}（ファイル名の .md の前に付けます。例: 01-passwords.en.md）` });
      continue;
    }
    if (base !== "index" && !(LESSON_FILE.test(`${base}.md`) && SLUG_PATTERN.test(LESSON_FILE.exec(`${base}.md`)![2]!))) {
      problems.push({ file, message: `翻訳のファイル名は、日本語のファイル名の .md の前に .${language} を付けた形にしてください（例: 01-passwords.${language}.md、index.${language}.md）` });
      continue;
    }
    if (!names.includes(`${base}.md`)) {
      problems.push({ file, message: `翻訳元の日本語のファイル ${base}.md がありません。翻訳は、日本語のファイルと同じ名前に .${language} を付けて置いてください` });
      continue;
    }
    const source = await readFile(path.join(dir, name), "utf8");
    if (base === "index") {
      const parsed = parseTranslationIndex(file, source, language, problems);
      if (parsed) courseTranslations.push({ language, file, meta: parsed.meta, source, introHtml: renderMarkdown(parsed.body, { language }), contentHash: sha256(source) });
      continue;
    }
    lessonLanguages.set(language, lessonLanguages.get(language) ?? name);
    const parsed = parseMarkdownFile(file, source, lessonTranslationFrontMatterSchema, problems, { bodyRequired: true });
    const lesson = lessons.find((l) => l.file === rel(`${base}.md`));
    // When the Japanese lesson itself has problems it is reported on its own; the translation waits for it.
    if (!parsed || !lesson) continue;
    lesson.translations.push({ language, file, meta: parsed.meta, source, bodyHtml: renderMarkdown(parsed.body, { language }), contentHash: sha256(source) });
  }
  for (const [language, example] of lessonLanguages) {
    if (!translationNames.includes(`index.${language}.md`)) {
      problems.push({
        file: rel(`index.${language}.md`),
        message: `${LANGUAGE_NAMES_JA[language] ?? language}のレッスン（${example} など）があるので、講座の題名と紹介の翻訳 index.${language}.md も置いてください`,
      });
    }
  }
  return courseTranslations;
}

/** index.<lang>.md: the translated title, summary and introduction; fields only index.md has are refused by name. */
function parseTranslationIndex(file: string, source: string, language: string, problems: ContentProblem[]) {
  const parts = readFrontMatter(file, source, problems);
  if (!parts) return undefined;
  const { data } = parts;
  const before = problems.length;
  const fields = data && typeof data === "object" && !Array.isArray(data) ? { ...(data as Record<string, unknown>) } : data;
  if (fields && typeof fields === "object" && !Array.isArray(fields)) {
    const record = fields as Record<string, unknown>;
    for (const key of COURSE_ONLY_FIELDS) {
      if (key in record) {
        problems.push({ file, field: key, message: "翻訳には書きません。日本語の index.md の値がそのまま使われます" });
        delete record[key];
      }
    }
    if (record.language !== undefined && record.language !== language) {
      problems.push({ file, field: "language", message: `ファイル名の言語（${language}）と同じにするか、書かないでください（いまの値: ${JSON.stringify(record.language)}）` });
    }
  }
  const meta = validate(courseTranslationFrontMatterSchema, file, fields, problems);
  checkBody(file, parts, problems);
  return meta === undefined || problems.length > before ? undefined : { meta, body: parts.body };
}

/** The markdown texts of a quiz (description, prompts, explanations), with their fields, for findMarkdownProblems. */
function quizTexts(definition: { description?: string; questions: { prompt: string; explanation: string }[] }): [string, string][] {
  const texts: [string, string][] = [];
  if (definition.description) texts.push(["description", definition.description]);
  definition.questions.forEach((q, i) => {
    texts.push([`questions.${i}.prompt`, q.prompt], [`questions.${i}.explanation`, q.explanation]);
  });
  return texts;
}

/** `<slug>.<lang>.yaml`: a quiz's translation. */
const QUIZ_TRANSLATION_FILE = /^(.+)\.([^.]+)\.yaml$/;

async function loadQuizzes(courseDir: string, rel: (name: string) => string, problems: ContentProblem[], courseLanguage = "ja"): Promise<LoadedQuiz[]> {
  const dir = path.join(courseDir, "quizzes");
  if (!(await isDirectory(dir))) return [];
  const quizzes: LoadedQuiz[] = [];
  const names = (await readdir(dir)).sort();
  const translationNames: string[] = [];
  for (const name of names) {
    if (name.startsWith(".")) continue;
    if (QUIZ_TRANSLATION_FILE.test(name)) {
      translationNames.push(name); // read once every Japanese quiz is known
      continue;
    }
    const file = rel(`quizzes/${name}`);
    const slug = name.replace(/\.yaml$/, "");
    if (!name.endsWith(".yaml") || !SLUG_PATTERN.test(slug)) {
      problems.push({ file, message: "クイズのファイル名は「半角英小文字.yaml」にしてください（例: final.yaml）" });
      continue;
    }
    const source = await readFile(path.join(dir, name), "utf8");
    const data = parseYamlDocument(file, source, problems);
    if (data === undefined) continue;
    const definition = validate(quizSchema, file, data, problems);
    if (!definition) continue;
    const before = problems.length;
    for (const [field, text] of quizTexts(definition)) {
      for (const p of findMarkdownProblems(text)) problems.push({ file, field, message: p.message });
    }
    if (problems.length === before) quizzes.push({ slug, file, definition, source, contentHash: sha256(source), translations: [] });
  }
  const offered = TRANSLATION_LANGUAGES as readonly string[];
  for (const name of translationNames) {
    const file = rel(`quizzes/${name}`);
    const [, slug = "", language = ""] = QUIZ_TRANSLATION_FILE.exec(name) ?? [];
    const languageName = LANGUAGE_NAMES_JA[language] ?? language;
    if (language === courseLanguage) {
      problems.push({ file, message: `この講座はもともと${languageName}（language: ${courseLanguage}）で書かれています。${languageName}のクイズは ${slug}.yaml に書いてください` });
      continue;
    }
    if (!offered.includes(language)) {
      problems.push({ file, message: `言語「${language}」の翻訳にはまだ対応していません。使える言語: ${offered.join(" / ")}（例: self-check.en.yaml）` });
      continue;
    }
    if (!SLUG_PATTERN.test(slug) || !names.includes(`${slug}.yaml`)) {
      problems.push({ file, message: `翻訳元の日本語のクイズ ${slug}.yaml がありません。翻訳は、日本語のファイルと同じ名前に .${language} を付けて置いてください` });
      continue;
    }
    const source = await readFile(path.join(dir, name), "utf8");
    const data = parseYamlDocument(file, source, problems);
    if (data === undefined) continue;
    const before = problems.length;
    const fields = stripQuizOnlyFields(file, data, problems);
    if (fields && typeof fields === "object" && "language" in fields && fields.language !== undefined && fields.language !== language) {
      problems.push({ file, field: "language", message: `ファイル名の言語（${language}）と同じにするか、書かないでください（いまの値: ${JSON.stringify(fields.language)}）` });
    }
    const translation = validate(quizTranslationSchema, file, fields, problems);
    const quiz = quizzes.find((q) => q.slug === slug);
    if (!translation || !quiz) continue; // a Japanese quiz with problems is reported on its own
    if (quiz.definition.mode !== "selfcheck") {
      problems.push({ file, message: "翻訳できるのは住民向けのふりかえり（mode: selfcheck）だけです。試験（mode: exam）の翻訳にはまだ対応していません" });
      continue;
    }
    for (const [field, text] of quizTexts(translation)) {
      for (const p of findMarkdownProblems(text)) problems.push({ file, field, message: p.message });
    }
    const merged = applyQuizTranslation(quiz.definition, translation);
    problems.push(...merged.problems.map((p) => ({ file, ...p })));
    if (merged.definition && problems.length === before) quiz.translations.push({ language, file, definition: merged.definition, source, contentHash: sha256(source) });
  }
  return quizzes;
}

/** Removes, with a problem each, the fields a quiz translation does not repeat (mode, points, correct …). */
function stripQuizOnlyFields(file: string, data: unknown, problems: ContentProblem[]): unknown {
  const isRecord = (v: unknown): v is Record<string, unknown> => !!v && typeof v === "object" && !Array.isArray(v);
  if (!isRecord(data)) return data;
  const refuse = (record: Record<string, unknown>, keys: readonly string[], prefix: string) => {
    const copy = { ...record };
    for (const key of keys) {
      if (key in copy) {
        problems.push({ file, field: `${prefix}${key}`, message: "翻訳には書きません。日本語のクイズの値がそのまま使われます" });
        delete copy[key];
      }
    }
    return copy;
  };
  const quiz = refuse(data, QUIZ_ONLY_FIELDS.quiz, "");
  if (Array.isArray(quiz.questions)) {
    quiz.questions = quiz.questions.map((q, i) => {
      if (!isRecord(q)) return q;
      const question = refuse(q, QUIZ_ONLY_FIELDS.question, `questions.${i}.`);
      if (Array.isArray(question.choices)) {
        question.choices = question.choices.map((c, n) => (isRecord(c) ? refuse(c, QUIZ_ONLY_FIELDS.choice, `questions.${i}.choices.${n}.`) : c));
      }
      return question;
    });
  }
  return quiz;
}

async function loadOrganization(root: string, name: string, problems: ContentProblem[]): Promise<LoadedOrganization | undefined> {
  const file = path.posix.join("content/organizations", name);
  const data = parseYamlDocument(file, await readFile(path.join(root, "organizations", name), "utf8"), problems);
  if (data === undefined) return undefined;
  const org = validate(organizationSchema, file, data, problems);
  if (!org) return undefined;
  const before = problems.length;
  if (`${org.slug}.yaml` !== name) problems.push({ file, field: "slug", message: `ファイル名（${name}）と slug「${org.slug}」をそろえてください` });
  for (const key of ["code", "name"] as const) {
    const seen = new Set<string>();
    org.departments.forEach((d, i) => {
      if (seen.has(d[key])) problems.push({ file, field: `departments.${i}.${key}`, message: `「${d[key]}」が重なっています` });
      seen.add(d[key]);
    });
  }
  return problems.length > before ? undefined : { file, data: org };
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

async function loadProgram(root: string, name: string, problems: ContentProblem[]): Promise<LoadedProgram | undefined> {
  const file = path.posix.join("content/programs", name);
  const slug = name.replace(/\.yaml$/, "");
  if (!name.endsWith(".yaml") || !SLUG_PATTERN.test(slug)) {
    problems.push({ file, message: "制度のファイル名は「半角英小文字.yaml」にしてください（例: dx-promoter.yaml）" });
    return undefined;
  }
  const source = await readFile(path.join(root, "programs", name), "utf8");
  const data = parseYamlDocument(file, source, problems);
  if (data === undefined) return undefined;
  const definition = validate(programSchema, file, data, problems);
  if (!definition) return undefined;
  const before = problems.length;
  for (const p of findMarkdownProblems(definition.description)) problems.push({ file, field: "description", message: p.message });
  if (definition.renewal && definition.renewal.windowFiscalYears > definition.validityFiscalYears) {
    problems.push({ file, field: "renewal.windowFiscalYears", message: `有効期間（${definition.validityFiscalYears}年度）以下の数にしてください` });
  }
  const categories: [string, string | undefined][] = [
    ["requiredTrainings.category", definition.requiredTrainings?.category],
    ["renewal.requiredTrainings.category", definition.renewal?.requiredTrainings?.category],
  ];
  for (const [field, category] of categories) {
    if (category !== undefined && !(category in CATEGORIES)) problems.push({ file, field, message: `次のどれかを書いてください: ${Object.keys(CATEGORIES).join(" / ")}（いまの値: "${category}"）` });
  }
  // Returned even with problems of its own, so that its references are checked too and every problem shows at once
  // (loadContent throws when there is any problem).
  return { slug, file, definition, descriptionHtml: problems.length > before ? "" : renderMarkdown(definition.description), source, contentHash: sha256(source) };
}

/**
 * Checks what files say about each other: a programme's courses and selection exam exist, an organization's
 * programmes exist and its 職位 list has the programme's 職位, KPIs count only programmes the organization runs.
 * Courses are looked up on disk, so that a course with its own problems is not also reported as missing.
 */
async function checkReferences(root: string, courses: LoadedCourse[], organizations: LoadedOrganization[], programs: LoadedProgram[], problems: ContentProblem[]) {
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

/** The content/ folder of this checkout (CONTENT_DIR overrides it). */
export function contentRoot(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env.CONTENT_DIR?.trim() || "content");
}
