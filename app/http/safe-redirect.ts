const BASE = "http://manabiya.invalid";

/**
 * A place on this site to send the browser to after a form (sign-in's `redirectTo`, the display settings' `returnTo`),
 * or `fallback`. The one helper for every redirect whose target comes from the visitor. It reads the value as a
 * browser would and keeps it only if it stays on this site:
 * - only a path (`/…`); no scheme, host or protocol-relative `//host`;
 * - no control characters (browsers drop tabs and newlines, so `/\t/evil.example` becomes `//evil.example`) and no
 *   backslashes (browsers read `\` as `/`);
 * - dot segments resolved first (`/.//evil.example` is `//evil.example` to a browser);
 * - the result percent-encoded, so that a space or a Japanese character cannot make the Location header invalid.
 */
export function safeRedirect(to: unknown, fallback = "/"): string {
  if (typeof to !== "string" || to.length === 0 || to.length > 2000) return fallback;
  // eslint-disable-next-line no-control-regex -- browsers drop control characters from a URL, so they are refused
  if (!to.startsWith("/") || /[\u0000-\u001f\u007f-\u009f\\]/.test(to)) return fallback;
  let url: URL;
  try {
    url = new URL(to, BASE);
  } catch {
    return fallback;
  }
  if (url.origin !== BASE) return fallback;
  const path = url.pathname + url.search + url.hash;
  if (!path.startsWith("/") || path.startsWith("//") || path.startsWith("/\\")) return fallback;
  return path;
}

/**
 * A path on this site built from a template, each interpolated value percent-encoded as one URL component:
 * localPath`/classes/${id}?done=${intent}#${anchor}`. For every redirect whose path holds a value (an id, a receipt
 * number, a form field): a Location header can carry only Latin-1, so an unencoded Japanese character made the
 * redirect throw after the action had already written, and a `/`, `?` or `#` in a value could change where it leads.
 */
export function localPath(strings: TemplateStringsArray, ...values: (string | number)[]): string {
  return strings.reduce((path, part, i) => path + part + (i < values.length ? encodeURIComponent(String(values[i])) : ""), "");
}
