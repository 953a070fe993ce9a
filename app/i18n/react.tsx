import { useMatches, useRouteLoaderData } from "react-router";
import type { i18n as I18n, TFunction } from "i18next";
import { Fragment, useContext, type ReactNode } from "react";
import { I18nContext } from "react-i18next";
import { memoizedT } from "./i18n";
import { DEFAULT_LANGUAGE, isLanguage, type Language } from "./languages";

/**
 * Routes whose pages are translated export `handle = translatedHandle`. Every other page (staff and admin pages for
 * now) is rendered in Japanese, with `<html lang="ja">`, whatever language the visitor chose.
 */
export const translatedHandle = { translated: true } as const;

interface RootData {
  language?: unknown;
}

/** The language the visitor chose (or their browser asked for): from the root loader. */
export function useChosenLanguage(): Language {
  const data = useRouteLoaderData("root") as RootData | undefined;
  return isLanguage(data?.language) ? data.language : DEFAULT_LANGUAGE;
}

/** The language this page is shown in: the chosen one on translated pages, Japanese on the others. */
export function usePageLanguage(): Language {
  const chosen = useChosenLanguage();
  const matches = useMatches();
  const leaf = matches[matches.length - 1];
  const translated = (leaf?.handle as { translated?: boolean } | undefined)?.translated === true;
  return translated ? chosen : DEFAULT_LANGUAGE;
}

/**
 * `t` and the i18next instance of this page (the root layout's I18nextProvider). Used instead of react-i18next's
 * useTranslation, which copies the whole i18next instance into a new wrapper object for every component on its first
 * render — on the server every render is a first one, and that copying was a tenth of the CPU of a page
 * (bench/RESULTS.md). The instances never change language (one per language, app/i18n/i18n.ts), so nothing needs the
 * wrapper's change tracking; switching language loads the page with the other instance.
 */
export function useTranslation(): { t: TFunction; i18n: I18n } {
  const i18n = useContext(I18nContext)?.i18n;
  if (!i18n) throw new Error("useTranslation() is used outside the root layout's I18nextProvider");
  return { t: memoizedT(i18n), i18n };
}

/**
 * The `lang` attribute for text in `contentLanguage` (Japanese data such as a venue's name, or a lesson that is not
 * translated) inside this page: set only when it differs from the page's language.
 */
export function useLangAttribute(contentLanguage: string | null | undefined): string | undefined {
  const { i18n } = useTranslation();
  return contentLanguage && contentLanguage !== i18n.language ? contentLanguage : undefined;
}

/**
 * Text with furigana written as `{漢字|かんじ}` (the same syntax as lessons), rendered as <ruby>. Used for translated
 * interface text on the residents' pages; English text has none and comes out as it is.
 */
export function RubyText({ text }: { text: string }): ReactNode {
  const parts = text.split(/\{([^{}|]+)\|([^{}|]+)\}/);
  if (parts.length === 1) return text;
  const nodes: ReactNode[] = [];
  for (let i = 0; i < parts.length; i += 3) {
    if (parts[i]) nodes.push(<Fragment key={i}>{parts[i]}</Fragment>);
    if (i + 2 < parts.length) {
      nodes.push(
        <ruby key={`r${i}`}>
          {parts[i + 1]}
          <rt>{parts[i + 2]}</rt>
        </ruby>,
      );
    }
  }
  return <>{nodes}</>;
}
