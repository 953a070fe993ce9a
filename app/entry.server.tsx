import { Writable } from "node:stream";
import { type AppLoadContext, type EntryContext, type HandleErrorFunction, isRouteErrorResponse, ServerRouter } from "react-router";
import { renderToPipeableStream } from "react-dom/server";
import { isDatabaseUnavailable, RETRY_AFTER_SECONDS } from "./db-errors.server";
import { databaseUnavailableResponse, logUnavailable } from "./http/unavailable.server";
import { NonceProvider } from "./nonce";

/** How long loaders' pending promises may stream before React gives up on them (React Router's `streamTimeout`). */
export const streamTimeout = 5_000;

/** Requests whose loader or action failed because the database could not be reached: they are answered with 503. */
const unavailable = new WeakSet<Request>();

/**
 * React Router hands every error of a loader, an action or the render here before it builds the answer. Database
 * outages are logged in one line and remembered for the request (app/db-errors.server.ts; decision 020); the rest is
 * logged as React Router does by default.
 */
export const handleError: HandleErrorFunction = (error, { request }) => {
  if (isDatabaseUnavailable(error)) {
    if (!unavailable.has(request)) logUnavailable(request, error);
    unavailable.add(request);
    return;
  }
  if (error instanceof Response && error.status === 503 && unavailable.has(request)) return; // our own, from handleRequest
  if (!request.signal.aborted)
    console.error(isRouteErrorResponse(error) && (error as { error?: unknown }).error ? (error as { error?: unknown }).error : error);
};

/**
 * Renders the whole document, then sends it in one piece. No route defers data, so there is nothing worth streaming
 * early; piping React's stream to the socket cut every page into many small writes (bench/RESULTS.md, "Fixed costs
 * of every page"). React still renders with the streaming renderer: single fetch hands the loader data to the browser
 * through Suspense boundaries that renderToString would not wait for.
 */
export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  routerContext: EntryContext,
  loadContext: AppLoadContext,
) {
  // Thrown, this 503 makes React Router render the page again with it for the root's ErrorBoundary (the same page a
  // client-side navigation shows from handleDataRequest's 503), with its state for the browser made again too.
  if (unavailable.has(request) && responseStatusCode !== 503) throw databaseUnavailableResponse(request);
  if (responseStatusCode === 503) {
    responseHeaders.set("Retry-After", String(RETRY_AFTER_SECONDS));
    responseHeaders.set("Cache-Control", "no-store");
  }
  const nonce = typeof loadContext.cspNonce === "string" ? loadContext.cspNonce : "";
  return new Promise<Response>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let shellReady = false;
    const document = new Writable({
      write(chunk: Buffer | string, _encoding, done) {
        chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
        done();
      },
      final(done) {
        clearTimeout(timer);
        responseHeaders.set("Content-Type", "text/html; charset=utf-8");
        // The page's language comes from the language cookie or, on a first visit, from Accept-Language.
        responseHeaders.append("Vary", "Cookie, Accept-Language");
        const body = Buffer.concat(chunks);
        responseHeaders.set("Content-Length", String(body.byteLength));
        resolve(new Response(body, { headers: responseHeaders, status: responseStatusCode }));
        done();
      },
    });
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <ServerRouter context={routerContext} url={request.url} nonce={nonce} />
      </NonceProvider>,
      {
        nonce,
        onShellReady() {
          shellReady = true;
        },
        onAllReady() {
          pipe(document);
        },
        onShellError(error: unknown) {
          clearTimeout(timer);
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          // Errors before the shell is ready reach React Router (onShellError), which logs them and renders the error page.
          if (shellReady) console.error(error);
        },
      },
    );
    const timer = setTimeout(abort, streamTimeout + 1_000);
  });
}

/**
 * Client-side navigations' data (`.data` requests). A database outage gets the plain 503: without React Router's
 * X-Remix-Response header the browser's router turns it into a 503 error response for the ErrorBoundary, the same page
 * as a document request.
 */
export function handleDataRequest(response: Response, { request }: { request: Request }): Response {
  if (unavailable.has(request)) return databaseUnavailableResponse(request);
  return response;
}
