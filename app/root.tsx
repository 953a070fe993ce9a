import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { isRouteErrorResponse, Link, Links, Meta, Outlet, Scripts, ScrollRestoration, useRouteError, useRouteLoaderData } from "@remix-run/react";
import { csrfTokenFor } from "./auth/csrf.server";
import { getCurrentUser } from "./auth/guard.server";
import type { ReactNode } from "react";
import { SiteFooter, SiteHeader } from "./components/site-chrome";
import { DEFAULT_PREFERENCES, preferenceClasses } from "./display/preferences";
import { readPreferences } from "./display/preferences.server";
import { useNonce } from "./nonce";
import styles from "./styles/app.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await getCurrentUser(request);
  return {
    csrfToken: csrfTokenFor(request, context),
    display: readPreferences(request),
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

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  const data = useRouteLoaderData<typeof loader>("root");
  const display = data?.display ?? DEFAULT_PREFERENCES;
  return (
    // Senior mode (文字サイズ, 配色, ふりがな) is applied here on the server, so the first paint is already right.
    <html lang="ja" className={preferenceClasses(display)}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <a className="skip-link" href="#main">
          本文へ移動
        </a>
        <SiteHeader user={data?.user ?? null} display={display} />
        <main id="main" tabIndex={-1}>
          {children}
        </main>
        <SiteFooter />
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
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  if (!notFound) console.error(error);
  return (
    <div className="page narrow">
      <h1>{notFound ? "ページが見つかりません" : "問題が起きました"}</h1>
      <p>
        {notFound
          ? "お探しのページは、移動したか、なくなった可能性があります。アドレスをお確かめください。"
          : "申し訳ありません。ページを表示できませんでした。しばらくしてから、もう一度お試しください。"}
      </p>
      <p className="actions">
        <Link className="button" to="/">
          トップページへ戻る
        </Link>
        <Link className="button secondary" to="/courses">
          講座の一覧を見る
        </Link>
      </p>
    </div>
  );
}
