import MarkdownIt from "markdown-it";
import markdownItAnchor from "markdown-it-anchor";
import markdownItContainer from "markdown-it-container";
import markdownItRuby from "markdown-it-ruby";

/** Callout boxes authors may open with `::: <name>`, and the heading each one shows. */
export const CALLOUTS = { point: "ポイント", caution: "注意", try: "やってみよう" } as const;
type CalloutName = keyof typeof CALLOUTS;
/** The callout headings in a translated lesson (NN-slug.en.md): the box is in the lesson's language. */
const CALLOUT_TRANSLATIONS: Record<string, Record<CalloutName, string>> = {
  en: { point: "Key point", caution: "Be careful", try: "Let’s try" },
};

/** What a render is for: the language of the text (callout headings follow it). Japanese when not given. */
export interface RenderOptions {
  language?: string;
}

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u3000-\u303f\uff00-\uffef]/u;

const ALLOWED_SCHEMES = new Set(["http:", "https:", "mailto:"]);

/** Only http(s), mailto and relative URLs become links or images; javascript:, data:, vbscript: … never do. */
export function isAllowedUrl(raw: string): boolean {
  // Browsers ignore ASCII whitespace and control characters inside a scheme ("java\tscript:"), so remove them first.
  // eslint-disable-next-line no-control-regex
  const url = raw.replace(/[\u0000-\u0020\u007f-\u009f]/g, "").toLowerCase();
  const scheme = /^([a-z][a-z0-9+.-]*):/.exec(url);
  if (!scheme) return !url.startsWith("\\"); // relative path, fragment or query ("\\evil" is treated as //evil)
  return ALLOWED_SCHEMES.has(`${scheme[1]}:`);
}

function isExternal(href: string): boolean {
  return /^(https?:)?\/\//i.test(href);
}

/** Heading ids that stay readable in Japanese: keep letters and digits of any script, join words with hyphens. */
export function slugifyHeading(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/\s+/g, "-")
    .replace(/[^\p{L}\p{N}\p{M}-]/gu, "")
    .replace(/-+/g, "-");
}

function createRenderer(): MarkdownIt {
  const md = new MarkdownIt({ html: false, linkify: true, typographer: false, breaks: false });
  md.validateLink = isAllowedUrl;

  md.use(markdownItRuby);
  md.use(markdownItAnchor, { slugify: slugifyHeading, level: [2, 3, 4], tabIndex: false });

  for (const [name, label] of Object.entries(CALLOUTS) as [CalloutName, string][]) {
    md.use(markdownItContainer, name, {
      render(tokens: { nesting: number }[], idx: number, _options: unknown, env: RenderOptions | undefined): string {
        const title = CALLOUT_TRANSLATIONS[env?.language ?? ""]?.[name] ?? label;
        return tokens[idx]!.nesting === 1
          ? `<div class="callout callout-${name}" role="note"><p class="callout-title">${title}</p>\n`
          : "</div>\n";
      },
    });
  }

  const defaultLinkOpen = md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
  md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
    const token = tokens[idx]!;
    const href = token.attrGet("href") ?? "";
    if (isExternal(href)) {
      token.attrSet("rel", "noopener noreferrer");
      token.attrJoin("class", "external");
    }
    return defaultLinkOpen(tokens, idx, options, env, self);
  };

  // A line break inside a Japanese paragraph is only a break in the source file: browsers would show it as a space
  // between two sentences. Keep it only between two non-CJK characters (English words still need their space).
  md.renderer.rules.softbreak = (tokens, idx) => {
    const before = tokens[idx - 1]?.content.slice(-1) ?? "";
    const after = tokens[idx + 1]?.content.slice(0, 1) ?? "";
    return CJK.test(before) || CJK.test(after) ? "" : "\n";
  };

  // Table alignment as a class, not a style attribute: the Content-Security-Policy allows no inline styles.
  for (const rule of ["th_open", "td_open"] as const) {
    md.renderer.rules[rule] = (tokens, idx, options, _env, self) => {
      const token = tokens[idx]!;
      const align = /text-align:(left|center|right)/.exec(token.attrGet("style") ?? "")?.[1];
      if (token.attrs) token.attrs = token.attrs.filter(([name]) => name !== "style");
      if (align) token.attrJoin("class", `align-${align}`);
      return self.renderToken(tokens, idx, options);
    };
  }

  const defaultImage = md.renderer.rules.image!;
  md.renderer.rules.image = (tokens, idx, options, env, self) => {
    tokens[idx]!.attrSet("loading", "lazy");
    return defaultImage(tokens, idx, options, env, self);
  };
  return md;
}

const renderer = createRenderer();

/**
 * Quiz pages render the same questions, choices and explanations for every learner on every view; the HTML of a text
 * depends only on the text (and the language of the callout titles), so recent results of short texts are kept
 * (lesson bodies are rendered once, when content is synced, and stored).
 */
const RENDERED_MAX = 2_000;
const MEMO_MAX_LENGTH = 2_000;
const rendered = new Map<string, string>();

function memo(key: string, render: () => string): string {
  if (key.length > MEMO_MAX_LENGTH) return render();
  let html = rendered.get(key);
  if (html === undefined) {
    html = render();
    if (rendered.size >= RENDERED_MAX) rendered.delete(rendered.keys().next().value!);
    rendered.set(key, html);
  }
  return html;
}

/** Renders curriculum markdown to HTML that is safe to insert into a page: raw HTML is shown as text. */
export function renderMarkdown(source: string, options: RenderOptions = {}): string {
  return memo(`b\u0000${options.language ?? ""}\u0000${source}`, () => renderer.render(source, { ...options }));
}

/** Renders a short text (a quiz choice) without wrapping paragraphs: furigana, emphasis and code only. */
export function renderInlineMarkdown(source: string): string {
  return memo(`i\u0000${source}`, () => renderer.renderInline(source));
}

/**
 * Problems that markdown-it would silently accept but that make a lesson wrong for its readers:
 * images without alt text, unknown callout names, links that were refused.
 */
export function findMarkdownProblems(source: string): { line: number; message: string }[] {
  const problems: { line: number; message: string }[] = [];
  const tokens = renderer.parse(source, {});
  for (const token of tokens) {
    const line = (token.map?.[0] ?? 0) + 1;
    if (token.type !== "inline") continue;
    const text = token.content.trimStart();
    if (text.startsWith(":::")) {
      const name = text.slice(3).trim().split(/\s+/)[0] ?? "";
      problems.push({
        line,
        message: name
          ? `囲みの種類「${name}」は使えません。point / caution / try のどれかにしてください（閉じる ::: の書き忘れも確かめてください）`
          : "::: の囲みが開かれていないのに閉じられています",
      });
    }
    for (const child of token.children ?? []) {
      if (child.type === "image" && !child.content.trim()) {
        problems.push({ line, message: "画像に代替テキストがありません。![画像の説明](ファイル名) の形で説明を書いてください" });
      }
    }
    // markdown-it leaves a refused link as literal text "[label](url)"; catch it so the author knows.
    const refused = /\]\(\s*<?([a-z][a-z0-9+.-]*:[^)\s>]*)/gi;
    for (const match of text.matchAll(refused)) {
      if (!isAllowedUrl(match[1]!)) {
        problems.push({ line, message: `リンク先「${match[1]}」は使えません。https:// か mailto: か相対パスにしてください` });
      }
    }
  }
  return problems;
}
