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
  return getI18n(lang).t;
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
