import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { formatSessionTime, sessionMonth } from "~/classes/format";
import { personErrorKeys, readPerson } from "~/classes/forms";
import { formatIsoDate, formatMinutes } from "~/components/course-labels";
import { renderMarkdown } from "~/content/markdown.server";
import { getI18n, languageOfMatches, memoizedT, tFor } from "~/i18n/i18n";
import { requestLanguage } from "~/i18n/language.server";
import { languageFromAcceptLanguage, parseLanguage, resolveLanguage } from "~/i18n/languages";
import { RubyText } from "~/i18n/react";
import en from "~/locales/en";
import ja from "~/locales/ja";
import { callAction } from "../support/app";

/** Every key of a resource tree, as "a.b.c", with its text. */
function leaves(tree: object, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === "string") out.set(path, value);
    else for (const [k, v] of leaves(value as object, path)) out.set(k, v);
  }
  return out;
}

const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

describe("interface texts (app/locales)", () => {
  const jaKeys = leaves(ja);
  const enKeys = leaves(en);

  it("English has every Japanese key, and no key Japanese does not have", () => {
    expect([...jaKeys.keys()].filter((k) => !enKeys.has(k))).toEqual([]);
    expect([...enKeys.keys()].filter((k) => !jaKeys.has(k))).toEqual([]);
    expect(jaKeys.size).toBeGreaterThan(250);
  });

  it("no text is empty, and each English text uses the same {{placeholders}} as the Japanese one", () => {
    const problems: string[] = [];
    for (const [key, text] of jaKeys) {
      const english = enKeys.get(key) ?? "";
      if (!text.trim()) problems.push(`ja ${key} is empty`);
      if (!english.trim()) problems.push(`en ${key} is empty`);
      if (JSON.stringify(placeholders(text)) !== JSON.stringify(placeholders(english)))
        problems.push(`${key}: ${placeholders(text)} ≠ ${placeholders(english)}`);
    }
    expect(problems).toEqual([]);
  });

  it("furigana marks ({漢字|かんじ}) appear only in Japanese texts", () => {
    expect([...enKeys].filter(([, text]) => /\{[^{}|]+\|[^{}|]+\}/.test(text)).map(([k]) => k)).toEqual([]);
  });

  it("t() answers in the instance's language and interpolates", () => {
    expect(tFor("ja")("header.menu")).toBe("メニュー");
    expect(tFor("en")("header.menu")).toBe("Menu");
    expect(tFor("en")("lesson.position", { number: 3, total: 7, time: "15 min" })).toBe("Lesson 3 of 7 · about 15 min");
    expect(tFor("ja")("classes.seatsLeft", { count: 1 })).toBe("あと1席");
    expect(tFor("en")("classes.seatsLeft", { count: 1 })).toBe("Places left: 1");
    expect(getI18n("en")).toBe(getI18n("en")); // one shared instance per language
    expect(getI18n("en").language).toBe("en");
  });

  it("meta functions find the visitor's language in the root match", () => {
    expect(languageOfMatches([{ id: "root", data: { language: "en" } }, { id: "routes/_index" }])).toBe("en");
    expect(languageOfMatches([{ id: "root", data: { language: "fr" } }])).toBe("ja");
    expect(languageOfMatches([])).toBe("ja");
  });
});

describe("choosing the language", () => {
  it("reads the cookie value: only a language the site has", () => {
    expect(parseLanguage("en")).toBe("en");
    expect(parseLanguage(" EN ")).toBe("en");
    expect(parseLanguage("ja")).toBe("ja");
    for (const bad of ["pt", "english", "", "<script>", null, undefined]) expect(parseLanguage(bad), String(bad)).toBeNull();
  });

  it("takes the first language of Accept-Language that the site has, by weight", () => {
    expect(languageFromAcceptLanguage("en-US,en;q=0.9")).toBe("en");
    expect(languageFromAcceptLanguage("ja,en-US;q=0.9,en;q=0.8")).toBe("ja");
    expect(languageFromAcceptLanguage("pt-BR,pt;q=0.9,en;q=0.8,ja;q=0.7")).toBe("en"); // Portuguese is not offered yet
    expect(languageFromAcceptLanguage("en;q=0.5,ja;q=0.8")).toBe("ja");
    expect(languageFromAcceptLanguage("ja;q=0,en;q=0.1")).toBe("en");
    expect(languageFromAcceptLanguage("zh-CN,vi")).toBeNull();
    expect(languageFromAcceptLanguage("*")).toBeNull();
    expect(languageFromAcceptLanguage("")).toBeNull();
    expect(languageFromAcceptLanguage(null)).toBeNull();
  });

  it("the choice in the cookie wins over the browser; Japanese when neither says", () => {
    expect(resolveLanguage({ cookie: "ja", acceptLanguage: "en-GB" })).toBe("ja");
    expect(resolveLanguage({ cookie: "en", acceptLanguage: "ja" })).toBe("en");
    expect(resolveLanguage({ cookie: "klingon", acceptLanguage: "en-GB" })).toBe("en");
    expect(resolveLanguage({})).toBe("ja");
    const request = (headers: Record<string, string>) => new Request("http://localhost/", { headers });
    expect(requestLanguage(request({}))).toBe("ja");
    expect(requestLanguage(request({ "Accept-Language": "en-GB,en;q=0.9" }))).toBe("en");
    expect(requestLanguage(request({ "Accept-Language": "en-GB", Cookie: "manabiya_lang=ja" }))).toBe("ja");
    expect(requestLanguage(request({ Cookie: "manabiya_display=text%3Dlarge; manabiya_lang=en" }))).toBe("en");
  });
});

describe("POST /preferences with a language", () => {
  it("saves it in its own long-lived cookie and goes back to the page", async () => {
    const mod = await import("~/routes/preferences");
    const outcome = await callAction(mod.action, "/preferences", { language: "en", returnTo: "/courses/smartphone-basics/calls?x=1" });
    expect(outcome.status).toBe(302);
    expect(outcome.location).toBe("/courses/smartphone-basics/calls?x=1");
    const cookies = outcome.headers.getSetCookie();
    expect(cookies).toHaveLength(1); // the display cookie is left alone
    expect(cookies[0]).toMatch(/^manabiya_lang=en;/);
    expect(cookies[0]).toMatch(/Max-Age=31536000/);
    expect(cookies[0]).toMatch(/HttpOnly/);
    expect(cookies[0]).toMatch(/SameSite=Lax/);
  });

  it("ignores a language the site does not have, never redirects elsewhere, and refuses a post without the CSRF token", async () => {
    const mod = await import("~/routes/preferences");
    const unknown = await callAction(mod.action, "/preferences", { language: "fr", returnTo: "//evil.example/" });
    expect(unknown.location).toBe("/");
    expect(unknown.headers.getSetCookie().some((c) => c.startsWith("manabiya_lang="))).toBe(false);
    expect((await callAction(mod.action, "/preferences", { language: "en" }, { csrf: false })).status).toBe(403);
    expect((await callAction(mod.action, "/preferences", { language: "en" }, { headers: { Origin: "https://evil.example" } })).status).toBe(403);
  });
});

describe("formats in English", () => {
  it("class times stay in Japan time, written the English way", () => {
    const today = new Date("2026-12-02T03:00:00Z");
    expect(formatSessionTime(new Date("2026-11-28T01:00:00Z"), new Date("2026-11-28T03:00:00Z"), "en", today)).toBe("Sat 28 November, 10:00–12:00");
    expect(sessionMonth(new Date("2026-11-30T15:30:00Z"), "en")).toBe("December 2026");
    expect(formatSessionTime(new Date("2026-11-28T01:00:00Z"), new Date("2026-11-28T03:00:00Z"), "ja", today)).toBe("11月28日(土) 10:00〜12:00");
  });

  it("minutes and dates", () => {
    expect(formatMinutes(90, tFor("en"))).toBe("1 h 30 min");
    expect(formatMinutes(15, tFor("en"))).toBe("15 min");
    expect(formatMinutes(120, tFor("ja"))).toBe("2時間");
    expect(formatMinutes(90)).toBe("1時間30分");
    expect(formatIsoDate("2026-11-22", "en")).toBe("22 November 2026");
    expect(formatIsoDate("2026-11-22")).toBe("2026年11月22日");
  });

  it("callout headings of a translated lesson are in its language", () => {
    expect(renderMarkdown("::: point\nText.\n:::", { language: "en" })).toContain('<p class="callout-title">Key point</p>');
    expect(renderMarkdown("::: caution\nText.\n:::", { language: "en" })).toContain("Be careful");
    expect(renderMarkdown("::: try\nText.\n:::")).toContain("やってみよう");
  });

  it("interface text with furigana is rendered as ruby; English comes out as it is", () => {
    expect(renderToStaticMarkup(createElement(RubyText, { text: "{基本|きほん}を{学|まな}べます。" }))).toBe(
      "<ruby>基本<rt>きほん</rt></ruby>を<ruby>学<rt>まな</rt></ruby>べます。",
    );
    expect(RubyText({ text: "Learn the basics." })).toBe("Learn the basics.");
  });
});

describe("the registration form's messages", () => {
  const form = (fields: Record<string, string>) => {
    const data = new FormData();
    for (const [k, v] of Object.entries(fields)) data.set(k, v);
    return data;
  };

  it("each refused field has a key the residents' page says in the visitor's language", () => {
    const parsed = readPerson(form({ name: "", nameKana: "Джон", phone: "12", district: "x".repeat(41) }));
    expect(parsed.success).toBe(false);
    const keys = personErrorKeys(parsed.error!.issues);
    expect(keys).toEqual({ name: "nameRequired", nameKana: "kanaHiragana", phone: "phoneFormat", ageBand: "ageBandRequired", district: "districtTooLong" });
    for (const key of Object.values(keys)) {
      expect(tFor("en")(`person.errors.${key}`)).not.toMatch(/[ぁ-ん]/);
      expect(tFor("ja")(`person.errors.${key}`)).toMatch(/[ぁ-ん]/);
    }
  });

  it("a name written in Latin letters may have its reading in Latin letters; kana readings are still hiragana", () => {
    const latin = readPerson(form({ name: "Maria Silva", nameKana: "Maria  Silva", phone: "", ageBand: "60s", district: "" }));
    expect(latin.success && latin.data.nameKana).toBe("Maria Silva");
    const katakana = readPerson(form({ name: "阿見 花子", nameKana: "アミ ハナコ", phone: "", ageBand: "70s", district: "" }));
    expect(katakana.success && katakana.data.nameKana).toBe("あみ　はなこ");
    const mixed = readPerson(form({ name: "Maria", nameKana: "まりあ Silva", phone: "", ageBand: "60s", district: "" }));
    expect(mixed.success).toBe(false);
  });
});

describe("the remembered t (memoizedT)", () => {
  const calls = [
    ["common.skipLink"],
    ["header.userName", { name: "田中 由美" }],
    ["catalogue.cardMeta", { count: 1, time: "30分" }],
    ["catalogue.cardMeta", { count: 5, time: "2時間" }],
    ["no.such.key"],
  ] as const;

  it("gives what i18next gives, in both languages, on the first call and on later ones", () => {
    for (const lang of ["ja", "en"] as const) {
      const plain = getI18n(lang).t as unknown as (...a: unknown[]) => unknown;
      const t = memoizedT(getI18n(lang)) as unknown as (...a: unknown[]) => unknown;
      for (const args of calls) {
        expect(t(...args)).toBe(plain(...args));
        expect(t(...args)).toBe(plain(...args));
      }
    }
    expect(memoizedT(getI18n("en"))("catalogue.cardMeta", { count: 5, time: "2 h" })).toBe("Lessons: 5 · about 2 h");
    expect(memoizedT(getI18n("ja"))("header.userName", { name: "田中 由美" })).toBe("田中 由美さん");
  });

  it("asks i18next once per key and options, and passes anything else through every time", () => {
    const seen: unknown[][] = [];
    const fake = { t: (...args: unknown[]) => (seen.push(args), `text of ${String(args[0])}`) } as unknown as Parameters<typeof memoizedT>[0];
    const t = memoizedT(fake) as unknown as (...a: unknown[]) => unknown;
    expect(memoizedT(fake)).toBe(t); // one per instance
    t("a");
    t("a");
    t("b", { count: 2 });
    t("b", { count: 2 });
    t("b", { count: 3 });
    expect(seen).toEqual([["a"], ["b", { count: 2 }], ["b", { count: 3 }]]);
    const date = new Date("2026-04-01T00:00:00Z");
    t("c", { date });
    t("c", { date });
    t("d", "default text");
    t("d", "default text");
    t("e", { returnObjects: true });
    t("e", { returnObjects: true });
    expect(seen.slice(3).map((a) => a[0])).toEqual(["c", "c", "d", "d", "e", "e"]);
  });
});
