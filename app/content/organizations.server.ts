/** Loading organizations (content/organizations/<slug>.yaml) and certification programmes (content/programs/<slug>.yaml). */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { programSchema, type ProgramDefinition } from "~/programs/schema";
import { parseYamlDocument, sha256, validate } from "./files.server";
import { findMarkdownProblems, renderMarkdown } from "./markdown.server";
import { organizationSchema, type ContentProblem, type OrganizationFile } from "./schema";
import { CATEGORIES, SLUG_PATTERN } from "./vocabulary";

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

export async function loadOrganization(root: string, name: string, problems: ContentProblem[]): Promise<LoadedOrganization | undefined> {
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

export async function loadProgram(root: string, name: string, problems: ContentProblem[]): Promise<LoadedProgram | undefined> {
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
