import { parse, serialize, type SerializeOptions } from "cookie";
import { envFrom, type EnvSource } from "~/kernel/env.server";

/** Cookie settings from the environment. Secure by default in production (set COOKIE_SECURE=false only for plain-HTTP test setups). */
export function cookieSecure(source?: EnvSource): boolean {
  const { COOKIE_SECURE, NODE_ENV } = envFrom(source);
  return COOKIE_SECURE ?? NODE_ENV === "production";
}

export const SESSION_COOKIE = "manabiya_session";
export const CSRF_COOKIE = "manabiya_csrf";

export function readCookie(request: Request, name: string): string | null {
  const header = request.headers.get("Cookie");
  if (!header) return null;
  return parse(header)[name] ?? null;
}

export function cookieHeader(name: string, value: string, options: SerializeOptions = {}): string {
  return serialize(name, value, { httpOnly: true, sameSite: "lax", secure: cookieSecure(), path: "/", ...options });
}

export function clearCookieHeader(name: string): string {
  return cookieHeader(name, "", { maxAge: 0, expires: new Date(0) });
}
