/** Loading a course's quizzes (content/courses/<slug>/quizzes/<slug>.yaml) and their translations (`<slug>.<lang>.yaml`). */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { TRANSLATION_LANGUAGES } from "~/i18n/languages";
import { applyQuizTranslation, QUIZ_ONLY_FIELDS, quizSchema, quizTranslationSchema, type QuizDefinition } from "~/quizzes/schema";
import { isDirectory, parseYamlDocument, sha256, validate } from "./files.server";
import { findMarkdownProblems } from "./markdown.server";
import { LANGUAGE_NAMES_JA, type ContentProblem } from "./schema";
import { SLUG_PATTERN } from "./vocabulary";

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

export async function loadQuizzes(courseDir: string, rel: (name: string) => string, problems: ContentProblem[], courseLanguage = "ja"): Promise<LoadedQuiz[]> {
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
