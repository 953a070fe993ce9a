import { Writable } from "node:stream";
import { type AppLoadContext, type EntryContext, ServerRouter } from "react-router";
import { renderToPipeableStream } from "react-dom/server";
import { NonceProvider } from "./nonce";

/** How long loaders' pending promises may stream before React gives up on them (React Router's `streamTimeout`). */
export const streamTimeout = 5_000;

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
