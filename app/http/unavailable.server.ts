import { describeDatabaseError, isDatabaseUnavailable, RETRY_AFTER_SECONDS } from "~/db-errors.server";
import { requestT } from "~/i18n/language.server";

/**
 * The answer while the database cannot be reached (decision 020): 503 with Retry-After, never stored, and one line in
 * the log per request instead of a stack. Pages get it through app/entry.server.tsx, which renders the root's
 * ErrorBoundary; resource routes (CSV, QR codes, open data, form-only routes) through `resourceRoute`.
 */

/** The plain-text 503, in the visitor's language (what scripts and resource routes get; browsers see the page). */
export function databaseUnavailableResponse(request: Request): Response {
  const { t } = requestT(request);
  return new Response(`${t("errors.unavailableText")}\n`, {
    status: 503,
    statusText: "Service Unavailable",
    headers: { "Content-Type": "text/plain; charset=utf-8", "Retry-After": String(RETRY_AFTER_SECONDS), "Cache-Control": "no-store" },
  });
}

/** The one log line for a request that failed because the database could not be reached. */
export function logUnavailable(request: Request, error: unknown): void {
  console.error(
    `[manabiya] データベースに接続できないため 503 を返します: ${request.method} ${new URL(request.url).pathname} (${describeDatabaseError(error)})`,
  );
}

/**
 * A resource route's loader or action. React Router answers an error thrown there with a bare 500 "Unexpected Server
 * Error" and no hook to change it, so every resource route is written `export const loader = resourceRoute(...)`:
 * a database outage becomes the same 503 as on pages; anything else (a thrown Response included) passes through.
 */
export function resourceRoute<Args extends { request: Request }>(handler: (args: Args) => Promise<Response> | Response): (args: Args) => Promise<Response> {
  return async (args) => {
    try {
      return await handler(args);
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
      logUnavailable(args.request, error);
      return databaseUnavailableResponse(args.request);
    }
  };
}
