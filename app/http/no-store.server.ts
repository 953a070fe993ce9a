import { SESSION_COOKIE } from "~/auth/cookies.server";

/** Pages and data for someone signed in, and pages that show a resident's own registration, are never stored. */
export const NO_STORE = "private, no-store";

const SESSION = new RegExp(`(?:^|;\\s*)${SESSION_COOKIE}=[^;]`);

/**
 * Whether the answer to a request with this Cookie header may hold personal data: the visitor carries a session
 * (every staff page, admin export and client-side data request). server.ts then sends `Cache-Control: private,
 * no-store` unless the route itself says otherwise (a QR code image of a public page).
 */
export function carriesSession(cookieHeader: string | undefined): boolean {
  return cookieHeader !== undefined && SESSION.test(cookieHeader);
}

/** For the `headers` export of routes that show personal data to anyone holding the link (a receipt, a reset link). */
export const noStoreHeaders = () => ({ "Cache-Control": NO_STORE });
