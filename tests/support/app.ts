import path from "node:path";
import { and, eq } from "drizzle-orm";
import { bootstrap } from "~/bootstrap.server";
import { hashPassword } from "~/auth/password.server";
import { createSession } from "~/auth/session.server";
import { DEMO_PASSWORD } from "~/demo/staff";
import { setProcessDatabase } from "../../db/client";
import { organizations, users } from "../../db/schema";
import { createTestDatabase, type TestDatabase } from "./database";

/**
 * A test database with the demo data, set as the process database so route loaders and actions use it. Demo classes are
 * left out unless asked for: tests that count classes build exactly the ones they count.
 */
let demoHash: Promise<string> | null = null;
/** The demo password hashed once per test process (real scrypt, shared by every demo account of test databases). */
export function demoPasswordHash(): Promise<string> {
  demoHash ??= hashPassword(DEMO_PASSWORD);
  return demoHash;
}

export async function createAppDatabase({ demoClasses = false, demoCampaigns = false } = {}): Promise<TestDatabase> {
  const database = await createTestDatabase({ migrate: false });
  await bootstrap(database, {
    contentDir: path.resolve("content"),
    seed: "if-empty",
    seedOptions: { classes: demoClasses, campaigns: demoCampaigns, sharedPasswordHash: await demoPasswordHash() },
  });
  setProcessDatabase(database);
  return database;
}

export const CSRF = "test-csrf-token-0123456789abcdef";

export async function userId(database: TestDatabase, orgSlug: string, staffNumber: string): Promise<{ id: string; organizationId: string }> {
  const [row] = await database.db
    .select({ id: users.id, organizationId: users.organizationId })
    .from(users)
    .innerJoin(organizations, eq(organizations.id, users.organizationId))
    .where(and(eq(organizations.slug, orgSlug), eq(users.staffNumber, staffNumber)));
  if (!row) throw new Error(`no demo user ${orgSlug}/${staffNumber}`);
  return row;
}

/** A Cookie header for a fresh session of that demo user (plus the CSRF cookie). */
export async function sessionCookie(database: TestDatabase, orgSlug: string, staffNumber: string): Promise<string> {
  const user = await userId(database, orgSlug, staffNumber);
  const { token } = await createSession(database.db, { userId: user.id, organizationId: user.organizationId });
  return `manabiya_session=${token}; manabiya_csrf=${CSRF}`;
}

export interface Outcome {
  status: number;
  location: string | null;
  data: unknown;
  headers: Headers;
}

type Handler = (args: { request: Request; url: URL; pattern: string; params: Record<string, string>; context: Record<string, unknown> }) => unknown;

/** Normalises what a loader or action returned or threw (data, data(), Response, redirect) into status and data. */
async function settle(run: () => unknown): Promise<Outcome> {
  let value: unknown;
  try {
    value = await run();
  } catch (thrown) {
    value = thrown;
    if (!(thrown instanceof Response)) throw thrown;
  }
  if (value instanceof Response) {
    const text = await value.text();
    return { status: value.status, location: value.headers.get("Location"), data: text, headers: value.headers };
  }
  if (value && typeof value === "object" && (value as { type?: string }).type === "DataWithResponseInit") {
    const v = value as { data: unknown; init: ResponseInit | null };
    return { status: v.init?.status ?? 200, location: null, data: v.data, headers: new Headers(v.init?.headers) };
  }
  return { status: 200, location: null, data: value, headers: new Headers() };
}

const BASE = "http://localhost:3000";

export function callLoader(handler: Handler | undefined, url: string, { cookie, params = {} }: { cookie?: string; params?: Record<string, string> } = {}) {
  if (!handler) throw new Error(`no loader for ${url}`);
  const request = new Request(BASE + url, { headers: cookie ? { Cookie: cookie } : {} });
  return settle(() => handler({ request, url: new URL(request.url), pattern: "", params, context: { clientIp: "127.0.0.1" } }));
}

export function callAction(
  handler: Handler | undefined,
  url: string,
  fields: Record<string, string | string[]>,
  {
    cookie,
    params = {},
    csrf = true,
    headers = {},
    ip = "127.0.0.1",
  }: { cookie?: string; params?: Record<string, string>; csrf?: boolean; headers?: Record<string, string>; ip?: string } = {},
) {
  if (!handler) throw new Error(`no action for ${url}`);
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
  if (csrf) body.set("_csrf", CSRF);
  const request = new Request(BASE + url, {
    method: "POST",
    body,
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      ...(cookie ? { Cookie: cookie.includes("manabiya_csrf") ? cookie : `${cookie}; manabiya_csrf=${CSRF}` } : { Cookie: `manabiya_csrf=${CSRF}` }),
      ...headers,
    },
  });
  return settle(() => handler({ request, url: new URL(request.url), pattern: "", params, context: { clientIp: ip } }));
}

/** The arguments React Router hands a loader for a GET of `url` (absolute), for tests that read the Response itself. */
export function routeArgs(url: string, params: Record<string, string> = {}) {
  const request = new Request(url);
  return { request, url: new URL(request.url), pattern: "", params, context: {} };
}
