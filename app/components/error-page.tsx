import { isRouteErrorResponse, Link, useLocation } from "react-router";
import { useTranslation } from "~/i18n/react";

/** The longest thrown message shown as it is; longer bodies are not meant for people. */
const MESSAGE_LIMIT = 400;

/**
 * What an error page says: the status's title, and the message the server threw with it (`notFound("講座が見つかりません。")`,
 * `forbidden()`, a CSRF refusal) or the status's default text. Only responses thrown on purpose carry a message to show;
 * an unexpected error shows the general text and is logged, never its details.
 */
type ErrorText = "notFound" | "forbidden" | "request" | "error";

export function errorPageContent(error: unknown): { status: number; text: ErrorText; message: string | null } {
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const data = isRouteErrorResponse(error) ? error.data : null;
  const message = typeof data === "string" && data.trim() !== "" && data.length <= MESSAGE_LIMIT && status < 500 ? data.trim() : null;
  if (status === 404) return { status, text: "notFound", message };
  if (status === 403) return { status, text: "forbidden", message };
  if (status >= 400 && status < 500) return { status, text: "request", message };
  return { status, text: "error", message: null };
}

export function ErrorPage({ error, className = "page narrow" }: { error: unknown; className?: string }) {
  const { t } = useTranslation();
  const { status, text, message } = errorPageContent(error);
  // 503: the database could not be reached for a moment (app/http/unavailable.server.ts; decision 020).
  if (status === 503) return <UnavailablePage className={className} />;
  if (status >= 500) console.error(error);
  return (
    <div className={className}>
      <h1>{t(`errors.${text}Title`)}</h1>
      <p>{message ?? t(`errors.${text}Body`)}</p>
      <p className="actions">
        <Link className="button" to="/">
          {t("errors.backToTop")}
        </Link>
        <Link className="button secondary" to="/courses">
          {t("errors.seeCourses")}
        </Link>
      </p>
    </div>
  );
}

/** While the database cannot be reached: what happened, and a button that loads the same page again. */
function UnavailablePage({ className }: { className: string }) {
  const { pathname, search } = useLocation();
  const { t } = useTranslation();
  return (
    <div className={className}>
      <h1>{t("errors.unavailableTitle")}</h1>
      <p>{t("errors.unavailableBody")}</p>
      <p className="actions">
        <a className="button" href={pathname + search}>
          {t("errors.reload")}
        </a>
        <Link className="button secondary" to="/">
          {t("errors.backToTop")}
        </Link>
      </p>
    </div>
  );
}
