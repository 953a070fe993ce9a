/**
 * Reading content files: front matter, YAML and schema validation, with every problem recorded against its file. Shared
 * by the loaders of courses, quizzes, organizations and programmes.
 */
import { createHash } from "node:crypto";
import { stat } from "node:fs/promises";
import { parse as parseYaml, YAMLParseError } from "yaml";
import type { z } from "zod";
import { findMarkdownProblems } from "./markdown.server";
import { describeIssues, type ContentProblem } from "./schema";

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

export function parseYamlDocument(file: string, yaml: string, problems: ContentProblem[]): unknown {
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

export function validate<T>(schema: z.ZodType<T>, file: string, data: unknown, problems: ContentProblem[]): T | undefined {
  const result = schema.safeParse(data, { reportInput: true });
  if (result.success) return result.data;
  problems.push(...describeIssues(file, result.error.issues));
  return undefined;
}

export function parseMarkdownFile<T>(
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
export function readFrontMatter(file: string, source: string, problems: ContentProblem[]): { data: unknown; body: string; bodyLine: number } | undefined {
  const parts = splitFrontMatter(source);
  if (!parts) {
    problems.push({ file, message: "先頭に --- で囲んだ front matter（title などの項目）がありません" });
    return undefined;
  }
  const data = parseYamlDocument(file, parts.yaml, problems);
  return data === undefined ? undefined : { data, body: parts.body, bodyLine: parts.bodyLine };
}

/** Markdown problems in a body, reported with the file's own line numbers. */
export function checkBody(file: string, parts: { body: string; bodyLine: number }, problems: ContentProblem[]) {
  for (const p of findMarkdownProblems(parts.body)) {
    problems.push({ file, field: `${p.line + parts.bodyLine - 1}行目`, message: p.message });
  }
}

export async function isDirectory(p: string): Promise<boolean> {
  return (await stat(p).catch(() => null))?.isDirectory() ?? false;
}
