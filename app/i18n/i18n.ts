/**
 * UI translation with i18next (issue #10). One i18next instance per language, created once with its resources inlined,
 * so that `t` works synchronously in loaders, in meta functions, on the server and after hydration alike. The root
 * layout hands the page's instance to react-i18next's provider; components call `useTranslation()`.
 */
import i18next, { type i18n, type TFunction } from "i18next";
import en from "~/locales/en";
import ja from "~/locales/ja";
import { DEFAULT_LANGUAGE, isLanguage, type Language } from "./languages";

export const RESOURCES = { ja: { translation: ja }, en: { translation: en } } as const;

const instances = new Map<Language, i18n>();
const memoized = new WeakMap<i18n, TFunction>();

/** Entries kept per language before the memo starts again (texts with interpolated names and titles are many). */
const MEMO_LIMIT = 5000;

const isPrimitive = (v: unknown) => v === undefined || v === null || typeof v === "string" || typeof v === "number" || typeof v === "boolean";

/**
 * The instance's `t`, remembering what it returned for a key and its plain options. i18next resolves every call anew
 * (key parsing, resource lookup, plural rules, interpolation): a sixth of a catalogue page's server CPU
 * (bench/RESULTS.md). The instances never change (resources are inlined and no language is switched), so a key with
 * the same options always gives the same text. Calls with anything but strings, numbers and booleans as options
 * (dates, objects, returnObjects, default values) go to i18next as they are.
 */
export function memoizedT(instance: i18n): TFunction {
  let t = memoized.get(instance);
  if (t) return t;
  const translate = instance.t as unknown as (...args: unknown[]) => unknown;
  const texts = new Map<string, unknown>();
  t = ((...args: unknown[]) => {
    const [key, options] = args;
    if (typeof key !== "string" || args.length > 2) return translate(...args);
    let memoKey = key;
    if (options !== undefined) {
      if (typeof options !== "object" || options === null || Array.isArray(options) || "returnObjects" in options) return translate(...args);
      const values = Object.values(options);
      if (!values.every(isPrimitive)) return translate(...args);
      memoKey = `${key}\u0000${JSON.stringify(options)}`;
    }
    let text = texts.get(memoKey);
    if (text === undefined) {
      text = translate(...args);
      if (typeof text !== "string") return text;
      if (texts.size >= MEMO_LIMIT) texts.clear();
      texts.set(memoKey, text);
    }
    return text;
  }) as unknown as TFunction;
  memoized.set(instance, t);
  return t;
}

/** The (shared, never re-configured) i18next instance of a language. */
export function getI18n(lang: Language): i18n {
  let instance = instances.get(lang);
  if (!instance) {
    instance = i18next.createInstance();
    void instance.init({
      lng: lang,
      fallbackLng: DEFAULT_LANGUAGE,
      resources: RESOURCES,
      initAsync: false, // resources are inlined: ready as soon as init returns
      interpolation: { escapeValue: false }, // React escapes
      returnNull: false,
      react: { useSuspense: false },
    });
    instances.set(lang, instance);
  }
  return instance;
}

export type T = TFunction;

/** `t` of a language, for code that runs outside React (loaders, actions, meta). */
export function tFor(lang: Language): TFunction {
  return memoizedT(getI18n(lang));
}

interface RouteMatchLike {
  id: string;
  data?: unknown;
}

/**
 * The visitor's language as the root loader resolved it, for meta functions (`matches`), which cannot use hooks.
 */
export function languageOfMatches(matches: readonly RouteMatchLike[]): Language {
  const root = matches.find((m) => m.id === "root")?.data as { language?: unknown } | undefined;
  return isLanguage(root?.language) ? root.language : DEFAULT_LANGUAGE;
}

/** `t` for a translated page's meta function. */
export function metaT(matches: readonly RouteMatchLike[]): TFunction {
  return tFor(languageOfMatches(matches));
}
