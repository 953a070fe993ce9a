import type { HeadersFunction } from "react-router";

/**
 * For routes whose action may refuse with 429: the action's `Retry-After` reaches the page's response (React Router
 * sends only what a route's `headers` export returns), otherwise the loader's headers.
 */
export const passRetryAfter: HeadersFunction = ({ actionHeaders, loaderHeaders }) => (actionHeaders.has("Retry-After") ? actionHeaders : loaderHeaders);
