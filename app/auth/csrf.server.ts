import { randomBytes, timingSafeEqual } from "node:crypto";
import { CSRF_COOKIE, cookieHeader, readCookie } from "./cookies.server";

/**
 * CSRF protection for every state-changing request: a double-submit token (an HttpOnly cookie whose value every form
 * repeats in the hidden field `_csrf`, rendered by <CsrfInput />) plus a same-origin check on the Origin and
 * Sec-Fetch-Site headers. The session cookie is also SameSite=Lax.
 */
export const CSRF_FIELD = "_csrf";

export function newCsrfToken(): string {
  return randomBytes(24).toString("base64url");
}

/** The token forms should carry: the cookie's, or the one server.ts has just set on this response. */
export function csrfTokenFor(request: Request, context: { csrfToken?: string } | undefined): string {
  return readCookie(request, CSRF_COOKIE) ?? context?.csrfToken ?? "";
}

export function csrfCookieHeader(token: string): string {
  return cookieHeader(CSRF_COOKIE, token);
}

const REFUSAL =
  "送信を受け付けられませんでした。ページの有効期限が切れたか、別のサイトから送信された可能性があります。ページを読み込み直してから、もう一度お試しください。";

function refuse(): never {
  throw new Response(REFUSAL, { status: 403, statusText: "Forbidden" });
}

/** Throws 403 unless the request comes from this site and carries the right token. */
export function requireCsrf(request: Request, form: FormData): void {
  if (request.headers.get("Sec-Fetch-Site") === "cross-site") refuse();
  const origin = request.headers.get("Origin");
  if (origin && origin !== "null") {
    const host = request.headers.get("X-Forwarded-Host") ?? request.headers.get("Host") ?? new URL(request.url).host;
    let originHost: string;
    try {
      originHost = new URL(origin).host;
    } catch {
      refuse();
    }
    if (originHost !== host) refuse();
  }
  const cookie = readCookie(request, CSRF_COOKIE);
  const field = form.get(CSRF_FIELD);
  if (!cookie || typeof field !== "string") refuse();
  const a = Buffer.from(cookie);
  const b = Buffer.from(field);
  if (a.length !== b.length || !timingSafeEqual(a, b)) refuse();
}
