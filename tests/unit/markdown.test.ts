import { describe, expect, it } from "vitest";
import { findMarkdownProblems, isAllowedUrl, renderMarkdown, slugifyHeading } from "~/content/markdown.server";

const ALLOWED_TAGS = new Set([
  "p",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "a",
  "img",
  "ruby",
  "rt",
  "div",
  "ul",
  "ol",
  "li",
  "strong",
  "em",
  "code",
  "pre",
  "blockquote",
  "table",
  "thead",
  "tbody",
  "tr",
  "th",
  "td",
  "hr",
  "br",
  "s",
]);
const ALLOWED_ATTRIBUTES = new Set(["href", "src", "alt", "id", "class", "rel", "loading", "title", "role", "start"]);

/** Every tag and attribute in rendered HTML, read structurally (the renderer escapes everything else). */
function inspect(html: string) {
  const tags: { name: string; attrs: Record<string, string> }[] = [];
  for (const match of html.matchAll(/<([a-zA-Z][a-zA-Z0-9]*)([^<>]*)>/g)) {
    const attrs: Record<string, string> = {};
    for (const a of match[2]!.matchAll(/([^\s=/]+)(?:="([^"]*)")?/g)) attrs[a[1]!.toLowerCase()] = a[2] ?? "";
    tags.push({ name: match[1]!.toLowerCase(), attrs });
  }
  return tags;
}

function expectInert(html: string) {
  for (const tag of inspect(html)) {
    expect(ALLOWED_TAGS, `unexpected <${tag.name}> in ${html}`).toContain(tag.name);
    for (const [name, value] of Object.entries(tag.attrs)) {
      expect(ALLOWED_ATTRIBUTES, `unexpected attribute ${name} in ${html}`).toContain(name);
      if (name === "href" || name === "src") expect(isAllowedUrl(value), `unsafe URL ${value}`).toBe(true);
    }
  }
}

const XSS_CORPUS = [
  "<script>alert(1)</script>",
  "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
  '<img src=x onerror="alert(1)">',
  "<img src=x onerror=alert(1)//",
  '<svg onload="alert(1)"><circle r="10"/></svg>',
  "<svg><script>alert(1)</script></svg>",
  '<iframe src="javascript:alert(1)"></iframe>',
  '<a href="javascript:alert(1)">click</a>',
  "[click](javascript:alert(1))",
  "[click](JaVaScRiPt:alert(1))",
  "[click](java\tscript:alert(1))",
  "[click](&#106;avascript:alert(1))",
  "[click](%6Aavascript:alert(1))",
  "[click](vbscript:msgbox(1))",
  "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
  "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
  "![x](javascript:alert(1))",
  "[a](<javascript:alert(1)>)",
  '[a](https://example.jp" onmouseover="alert(1))',
  "<div onclick=alert(1)>x</div>",
  "<body onload=alert(1)>",
  '<style>body{background:url("javascript:alert(1)")}</style>',
  '<object data="javascript:alert(1)"></object>',
  '<embed src="data:text/html,<script>alert(1)</script>">',
  '<form action="javascript:alert(1)"><button>x</button></form>',
  "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
  "{<img src=x onerror=alert(1)>|ふりがな}",
  "{漢字|<script>alert(1)</script>}",
  "::: point\n<script>alert(1)</script>\n:::",
  "<!-- <script>alert(1)</script> -->",
  "[link]: javascript:alert(1)\n\n[x][link]",
  '<a href="https://example.jp" target=_blank>x</a>',
  "https://example.jp/<script>alert(1)</script>",
  "`<script>alert(1)</script>`",
  "```html\n<script>alert(1)</script>\n```",
  // Allowed by markdown-it's default policy, refused by ours (only http, https, mailto and relative URLs):
  "![x](data:image/png;base64,iVBORw0KGgo=)",
  "[x](ftp://example.jp/file)",
  "[x](tel:0120000000)",
];

describe("renderMarkdown: XSS corpus", () => {
  it("has at least 20 payloads", () => {
    expect(XSS_CORPUS.length).toBeGreaterThanOrEqual(20);
  });

  it.each(XSS_CORPUS)("renders %j inert", (payload) => {
    const html = renderMarkdown(payload);
    expectInert(html);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<[a-z][^>]*\son[a-z]+=/i);
  });

  it("shows raw HTML as text rather than dropping it", () => {
    expect(renderMarkdown("<b>太字</b>")).toBe("<p>&lt;b&gt;太字&lt;/b&gt;</p>\n");
  });
});

describe("isAllowedUrl", () => {
  it.each(["https://www.city.example.jp/", "http://example.jp", "mailto:info@example.jp", "./image.png", "../other", "/courses", "#section", "?q=1"])(
    "allows %s",
    (url) => expect(isAllowedUrl(url)).toBe(true),
  );
  it.each(["javascript:alert(1)", " JAVASCRIPT:alert(1)", "java\nscript:alert(1)", "data:text/html,x", "vbscript:x", "file:///etc/passwd", "tel:0120"])(
    "refuses %j",
    (url) => expect(isAllowedUrl(url)).toBe(false),
  );
});

describe("renderMarkdown: extensions", () => {
  it("turns {漢字|かんじ} into ruby", () => {
    expect(renderMarkdown("{充電|じゅうでん}します")).toBe("<p><ruby>充電<rt>じゅうでん</rt></ruby>します</p>\n");
  });

  it("supports per-character readings", () => {
    expect(renderMarkdown("{東京|とう|きょう}")).toBe("<p><ruby>東<rt>とう</rt>京<rt>きょう</rt></ruby></p>\n");
  });

  it("joins Japanese lines without a stray space but keeps the space between English words", () => {
    expect(renderMarkdown("準備を学びます。\n持ち方を覚えます。")).toBe("<p>準備を学びます。持ち方を覚えます。</p>\n");
    expect(renderMarkdown("{充電|じゅうでん}を\nします")).toBe("<p><ruby>充電<rt>じゅうでん</rt></ruby>をします</p>\n");
    expect(renderMarkdown("two\nwords")).toBe("<p>two\nwords</p>\n");
  });

  it("renders the three callouts with their Japanese titles", () => {
    for (const [name, label] of [
      ["point", "ポイント"],
      ["caution", "注意"],
      ["try", "やってみよう"],
    ]) {
      const html = renderMarkdown(`::: ${name}\n本文です。\n:::`);
      expect(html).toBe(`<div class="callout callout-${name}" role="note"><p class="callout-title">${label}</p>\n<p>本文です。</p>\n</div>\n`);
    }
  });

  it("marks external links with rel=noopener and leaves internal ones alone", () => {
    expect(renderMarkdown("[市のサイト](https://www.city.example.jp/)")).toBe(
      '<p><a href="https://www.city.example.jp/" rel="noopener noreferrer" class="external">市のサイト</a></p>\n',
    );
    expect(renderMarkdown("[講座](/courses)")).toBe('<p><a href="/courses">講座</a></p>\n');
  });

  it("gives headings readable Japanese anchors", () => {
    expect(renderMarkdown("## 充電 の しかた")).toBe('<h2 id="充電-の-しかた">充電 の しかた</h2>\n');
    expect(slugifyHeading("  PPAP とは？ ")).toBe("ppap-とは");
  });

  it("aligns table cells with classes, never inline styles (the CSP forbids them)", () => {
    const html = renderMarkdown("| a | b |\n|:--|--:|\n| 1 | 2 |");
    expect(html).toContain('<th class="align-left">a</th>');
    expect(html).toContain('<td class="align-right">2</td>');
    expect(html).not.toContain("style=");
  });

  it("keeps alt text on images and loads them lazily", () => {
    expect(renderMarkdown("![地図の画面](map.png)")).toBe('<p><img src="map.png" alt="地図の画面" loading="lazy"></p>\n');
  });
});

describe("findMarkdownProblems", () => {
  it("finds nothing in clean markdown, including ::: inside code", () => {
    expect(findMarkdownProblems("## 見出し\n\n![説明](a.png)\n\n```\n::: point\n```\n\n::: try\nやってみましょう\n:::\n")).toEqual([]);
  });
  it("reports the line of an image without alt text", () => {
    expect(findMarkdownProblems("本文\n\n![](a.png)")).toEqual([{ line: 3, message: expect.stringContaining("代替テキスト") }]);
  });
});
