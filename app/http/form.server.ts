/**
 * Reading what a visitor sends, before anything of it reaches the database (issue #18; decision 022).
 *
 * `readForm(request)` is how every action reads its form (instead of `request.formData()`, which throws a plain Error,
 * a 500, for a JSON or any other non-form body). It refuses, with a 400 in the visitor's language that the error page
 * shows (app/components/error-page.tsx):
 * - a body that is not a form (`application/x-www-form-urlencoded`, or `multipart/form-data` without files);
 * - malformed percent-encoding or bytes that are not UTF-8 (the browser's own parser would turn them into U+FFFD);
 * - a field name or value with a character Postgres cannot store or a form never holds: NUL (text and jsonb refuse it:
 *   an error halfway through an action), other control characters except tab and line breaks, lone UTF-16 surrogates
 *   (turned silently into U+FFFD on the way to the database, and refused by jsonb);
 * - more than FORM_BYTE_LIMIT bytes (413).
 * It throws before the action has written anything, so a refusal never leaves half of a change behind. The CSRF check
 * (`requireCsrf(request, form)`) comes right after it in every action.
 *
 * `refusesTarget(url)` and `badUrlPage(...)` do the same for the request's path and query string in server.ts, where
 * Express would otherwise answer `/verify/%FF` with its own English "Bad Request".
 */
import { parse as parseCookies } from "cookie";
import { tFor } from "~/i18n/i18n";
import { LANGUAGE_COOKIE, requestT } from "~/i18n/language.server";
import { resolveLanguage } from "~/i18n/languages";

/** The largest form body read (1 MiB). The longest real field, a 業務改善レポート of 8,000 characters, is ~72 kB encoded. */
export const FORM_BYTE_LIMIT = 1024 * 1024;

/**
 * Characters no field may hold: C0 controls but tab, LF and CR; DEL and the C1 controls; a high surrogate not followed
 * by a low one, a low surrogate not preceded by a high one.
 */
// eslint-disable-next-line no-control-regex -- the pattern names the control characters a form may not hold
const UNUSABLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** In a path not even tab or a line break. */
// eslint-disable-next-line no-control-regex -- the pattern names the control characters a path may not hold
const PATH_UNUSABLE = /[\u0000-\u001F\u007F-\u009F]/;

/** True when `text` holds a character that readForm refuses (see UNUSABLE). */
export function hasUnusableCharacter(text: string): boolean {
  return UNUSABLE.test(text);
}

type Refusal = "notForm" | "tooLarge" | "badEncoding" | "unusableCharacter" | "fileNotAccepted";

function refuse(request: Request, reason: Refusal): never {
  const { t } = requestT(request);
  const status = reason === "tooLarge" ? 413 : 400;
  throw new Response(t(`input.${reason}`), {
    status,
    statusText: status === 413 ? "Content Too Large" : "Bad Request",
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
  });
}

/** The body's bytes, at most `limit` of them (the rest is not read: a larger body is refused). */
async function readBody(request: Request, limit: number): Promise<Uint8Array<ArrayBuffer> | "too-large"> {
  const declared = Number(request.headers.get("Content-Length") ?? "");
  if (Number.isFinite(declared) && declared > limit) return "too-large";
  if (!request.body) return new Uint8Array(new ArrayBuffer(0));
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      return "too-large";
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(new ArrayBuffer(size));
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return bytes;
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * `application/x-www-form-urlencoded` as the WHATWG parser reads it, but strict: a `%` without two hex digits, or
 * percent-escapes that are not UTF-8 (an encoded surrogate among them), are an error instead of U+FFFD.
 */
function parseUrlEncoded(bytes: Uint8Array): [string, string][] | null {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return null;
  }
  const pairs: [string, string][] = [];
  for (const part of text.split("&")) {
    if (part === "") continue;
    const eq = part.indexOf("=");
    const rawName = eq === -1 ? part : part.slice(0, eq);
    const rawValue = eq === -1 ? "" : part.slice(eq + 1);
    try {
      pairs.push([decodeURIComponent(rawName.replaceAll("+", " ")), decodeURIComponent(rawValue.replaceAll("+", " "))]);
    } catch {
      return null;
    }
  }
  return pairs;
}

/**
 * The request's form, or a thrown 400 (413 when too large) whose text says what is wrong. Use it in every action in
 * place of `request.formData()`, and call `requireCsrf(request, form)` right after it. A form with a file upload
 * (multipart) says how many files it takes (`files`) and raises `limit` to fit them; the files are held in memory.
 */
export async function readForm(request: Request, { limit = FORM_BYTE_LIMIT, files = 0 }: { limit?: number; files?: number } = {}): Promise<FormData> {
  const contentType = request.headers.get("Content-Type") ?? "";
  const mediaType = contentType.split(";", 1)[0]!.trim().toLowerCase();
  if (mediaType !== "application/x-www-form-urlencoded" && mediaType !== "multipart/form-data") refuse(request, "notForm");
  let bytes: Uint8Array<ArrayBuffer> | "too-large";
  try {
    bytes = await readBody(request, limit);
  } catch {
    refuse(request, "notForm"); // the body was already read, or the connection broke off
  }
  if (bytes === "too-large") refuse(request, "tooLarge");

  const form = new FormData();
  if (mediaType === "application/x-www-form-urlencoded") {
    const pairs = parseUrlEncoded(bytes);
    if (!pairs) refuse(request, "badEncoding");
    for (const [name, value] of pairs) form.append(name, value);
  } else {
    let parsed: FormData;
    try {
      parsed = await new Response(bytes, { headers: { "Content-Type": contentType } }).formData();
    } catch {
      refuse(request, "notForm");
    }
    let fileCount = 0;
    for (const [name, value] of parsed) {
      if (typeof value !== "string" && ++fileCount > files) refuse(request, "fileNotAccepted");
      form.append(name, value);
    }
  }
  for (const [name, value] of form)
    if (hasUnusableCharacter(name) || (typeof value === "string" ? hasUnusableCharacter(value) : hasUnusableCharacter(value.name)))
      refuse(request, "unusableCharacter");
  return form;
}

/**
 * True when a request target (`req.url`: path and query) cannot be read: malformed percent-encoding in the path
 * (`/verify/%FF`, which Express cannot decode), a decoded path with any control character (`/courses/%00`, `%0A`), or
 * a query parameter with a character readForm refuses (`?q=%00`), which no page or query could use. A target without
 * `%` is never refused: raw control characters do not get past Node's HTTP parser. (Malformed escapes in the query are
 * left alone: every parser there reads them as U+FFFD.)
 */
export function refusesTarget(target: string): boolean {
  if (!target.includes("%")) return false;
  const q = target.indexOf("?");
  const path = q === -1 ? target : target.slice(0, q);
  try {
    if (PATH_UNUSABLE.test(decodeURIComponent(path))) return true;
  } catch {
    return true;
  }
  if (q === -1) return false;
  for (const [name, value] of new URLSearchParams(target.slice(q + 1))) if (hasUnusableCharacter(name) || hasUnusableCharacter(value)) return true;
  return false;
}

/**
 * The 400 page for such a target, in the visitor's language (language cookie, else Accept-Language, else Japanese),
 * with the error page's title and wording. Nothing from the request is echoed back.
 */
export function badUrlPage({ cookie, acceptLanguage }: { cookie?: string; acceptLanguage?: string }): string {
  let chosen: string | undefined;
  try {
    chosen = cookie ? parseCookies(cookie)[LANGUAGE_COOKIE] : undefined;
  } catch {
    chosen = undefined;
  }
  const lang = resolveLanguage({ cookie: chosen, acceptLanguage });
  const t = tFor(lang);
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>${t("errors.requestTitle")}${t("common.titleSuffix")}</title></head>
<body>
<h1>${t("errors.requestTitle")}</h1>
<p>${t("input.badUrl")}</p>
<p><a href="/">${t("errors.backToTop")}</a></p>
</body></html>
`;
}
