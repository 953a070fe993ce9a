import type { MetaFunction } from "react-router";
import { metaT } from "~/i18n/i18n";
import { translatedHandle } from "~/i18n/react";

/** The 404 page (the root ErrorBoundary) is in the visitor's language. */
export const handle = translatedHandle;

export const meta: MetaFunction = ({ matches }) => {
  const t = metaT(matches);
  return [{ title: t("errors.notFoundMeta") + t("common.titleSuffix") }];
};

/** Every URL no other route matches: a 404 page rendered by the root ErrorBoundary. */
export async function loader() {
  throw new Response("ページが見つかりません", { status: 404 });
}

export default function NotFound() {
  return null;
}
