/** Loading one course folder (content/courses/<slug>/): its index.md, its lessons and their translations. */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { TRANSLATION_LANGUAGES } from "~/i18n/languages";
import { checkBody, parseMarkdownFile, readFrontMatter, sha256, validate } from "./files.server";
import { renderMarkdown } from "./markdown.server";
import { loadQuizzes, type LoadedQuiz } from "./quizzes.server";
import { COURSE_ONLY_FIELDS, courseFrontMatterSchema, courseTranslationFrontMatterSchema, LANGUAGE_NAMES_JA, lessonFrontMatterSchema, lessonTranslationFrontMatterSchema, type ContentProblem, type CourseFrontMatter, type CourseTranslationFrontMatter, type LessonFrontMatter } from "./schema";
import { SLUG_PATTERN } from "./vocabulary";

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

export const LESSON_FILE = /^(\d{2})-(.+)\.md$/;

/** `NN-<slug>.<lang>.md` or `index.<lang>.md`: the Japanese file's name with a language before `.md`. */
const TRANSLATION_FILE = /^(.+)\.([^.]+)\.md$/;

export async function loadCourse(root: string, slug: string, problems: ContentProblem[]): Promise<LoadedCourse | undefined> {
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
