/**
 * The URL of the page a request is for. With `future.v8_passThroughRequests` (decision 017) loaders and actions get the
 * HTTP request itself, and a client-side navigation fetches `/path.data?_routes=…` (`/path/_.data` for `/path/` and
 * `/_.data` for `/`, with `v8_trailingSlashAwareDataRequests`): a URL to show or to come back to must not carry those. This is the same normalisation React Router applies to the `url`
 * argument of loaders, for code that holds only the Request (tests/unit/react-router-requests.test.ts compares both).
 */
export function pageUrl(request: Request): URL {
  const url = new URL(request.url);
  if (url.pathname.endsWith("/_.data")) url.pathname = url.pathname.slice(0, -"_.data".length);
  else if (url.pathname.endsWith(".data")) url.pathname = url.pathname.slice(0, -".data".length);
  url.searchParams.delete("_routes");
  return url;
}
