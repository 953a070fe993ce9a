/**
 * The languages of the user interface (issue #10). Japanese is the site's language and the default; English is for
 * foreign residents. Shared by the server and the browser bundle.
 */
export const LANGUAGES = ["ja", "en"] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = "ja";

/** Each language's name written in that language: what the language switch shows. */
export const LANGUAGE_NAMES: Record<Language, string> = { ja: "日本語", en: "English" };

/** Languages a course or lesson may be translated into (content/courses/<course>/NN-slug.<lang>.md). */
export const TRANSLATION_LANGUAGES = LANGUAGES.filter((l): l is Exclude<Language, "ja"> => l !== DEFAULT_LANGUAGE);

export function isLanguage(value: unknown): value is Language {
  return typeof value === "string" && (LANGUAGES as readonly string[]).includes(value);
}

/** The cookie's value (`en`), or null when it is missing or not a language this site has. */
export function parseLanguage(value: string | null | undefined): Language | null {
  const v = value?.trim().toLowerCase();
  return isLanguage(v) ? v : null;
}

/**
 * The first language of an Accept-Language header that this site has, by the weights the browser gives
 * (`pt-BR,pt;q=0.9,en;q=0.8` → en; `ja,en;q=0.8` → ja), or null when it names none of them.
 */
export function languageFromAcceptLanguage(header: string | null | undefined): Language | null {
  if (!header) return null;
  const ranges = header
    .split(",")
    .slice(0, 20) // a header with hundreds of entries is not a real browser
    .map((part, index) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((p) => /^\s*q\s*=\s*([01](?:\.\d{0,3})?)\s*$/i.exec(p)?.[1]).find((v) => v !== undefined);
      return { primary: tag.trim().toLowerCase().split("-")[0] ?? "", q: q === undefined ? 1 : Number(q), index };
    })
    .filter((r) => r.q > 0 && r.primary !== "*")
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const range of ranges) if (isLanguage(range.primary)) return range.primary;
  return null;
}

/**
 * The visitor's language: the one they chose with the language switch (cookie), otherwise the first one their browser
 * asks for that this site has (Accept-Language, first visit only), otherwise Japanese.
 */
export function resolveLanguage({ cookie, acceptLanguage }: { cookie?: string | null; acceptLanguage?: string | null }): Language {
  return parseLanguage(cookie) ?? languageFromAcceptLanguage(acceptLanguage) ?? DEFAULT_LANGUAGE;
}

/** BCP 47 locale for dates and numbers in each language. */
export const LOCALES: Record<Language, string> = { ja: "ja-JP", en: "en-GB" };
