import {
  Links,
  type LinksFunction,
  type LoaderFunctionArgs,
  Meta,
  type MetaFunction,
  Outlet,
  Scripts,
  ScrollRestoration,
  useRouteError,
  useRouteLoaderData,
} from "react-router";
import { csrfTokenFor } from "./auth/csrf.server";
import { getCurrentUser } from "./auth/guard.server";
import type { ReactNode } from "react";
import { I18nextProvider } from "react-i18next";
import { ErrorPage } from "./components/error-page";
import { SiteFooter, SiteHeader } from "./components/site-chrome";
import { DEFAULT_PREFERENCES, preferenceClasses } from "./display/preferences";
import { readPreferences } from "./display/preferences.server";
import { getI18n, memoizedT, metaT, tFor } from "./i18n/i18n";
import { requestLanguage } from "./i18n/language.server";
import { translatedHandle, useChosenLanguage, usePageLanguage } from "./i18n/react";
import { useNonce } from "./nonce";
import styles from "./styles/app.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await getCurrentUser(request);
  return {
    csrfToken: csrfTokenFor(request, context),
    display: readPreferences(request),
    // The visitor's language (language switch, else Accept-Language, else Japanese); pages not yet translated stay
    // Japanese (see usePageLanguage).
    language: requestLanguage(request),
    user: user
      ? {
          name: user.name,
          organizationName: user.organizationName,
          departmentName: user.departmentName,
          isAdmin: user.roles.some((r) => r !== "learner"),
        }
      : null,
  };
}

/** The root's error page (404 and others) is translated. */
export const handle = translatedHandle;

/** A title for pages whose route has none (an error above every route). */
export const meta: MetaFunction = ({ matches }) => {
  const t = metaT(matches);
  return [{ title: t("home.metaTitle") }];
};

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  const data = useRouteLoaderData<typeof loader>("root");
  const display = data?.display ?? DEFAULT_PREFERENCES;
  const chosen = useChosenLanguage();
  const language = usePageLanguage();
  const i18n = getI18n(language);
  const t = memoizedT(i18n);
  return (
    // Senior mode (文字サイズ, 配色, ふりがな) and the language are applied here on the server, so the first paint is
    // already right.
    <html lang={language} className={preferenceClasses(display)}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <I18nextProvider i18n={i18n}>
          <a className="skip-link" href="#main">
            {t("common.skipLink")}
          </a>
          <SiteHeader user={data?.user ?? null} display={display} language={chosen} />
          <main id="main" tabIndex={-1}>
            {chosen !== language ? (
              // The visitor chose English, but this page (staff, admin) exists only in Japanese.
              <p className="language-notice" lang={chosen}>
                {tFor(chosen)("language.japaneseOnly")}
              </p>
            ) : null}
            {children}
          </main>
          <SiteFooter />
        </I18nextProvider>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  return <ErrorPage error={error} />;
}
