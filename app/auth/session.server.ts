import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq, gt, isNull, ne, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { departments, organizations, sessions, users } from "../../db/schema";
import type { Role } from "~/staff/constants";
import { sessionConfig } from "./config.server";
import { clearCookieHeader, cookieHeader, readCookie, SESSION_COOKIE } from "./cookies.server";

export const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

export interface SessionUser {
  sessionId: string;
  userId: string;
  organizationId: string;
  homeOrganizationId: string;
  organizationName: string;
  departmentId: string | null;
  departmentName: string | null;
  staffNumber: string;
  name: string;
  roles: Role[];
  mustChangePassword: boolean;
}

export async function createSession(
  db: Db,
  input: { userId: string; organizationId: string; ip?: string | null; userAgent?: string | null },
): Promise<{ token: string; cookie: string }> {
  const token = randomBytes(32).toString("base64url");
  const { absoluteMs } = sessionConfig();
  const expiresAt = new Date(Date.now() + absoluteMs);
  await db.insert(sessions).values({
    id: hashToken(token),
    userId: input.userId,
    organizationId: input.organizationId,
    expiresAt,
    ip: input.ip ?? null,
    userAgent: input.userAgent?.slice(0, 300) ?? null,
  });
  return { token, cookie: cookieHeader(SESSION_COOKIE, token, { expires: expiresAt }) };
}

const memo = new WeakMap<Request, Promise<SessionUser | null>>();

/** The signed-in staff member of this request, or null. Expired, idle, revoked sessions and inactive users count as signed out. */
export function getSessionUser(db: Db, request: Request): Promise<SessionUser | null> {
  let pending = memo.get(request);
  if (!pending) {
    pending = loadSessionUser(db, request);
    memo.set(request, pending);
  }
  return pending;
}

/**
 * The session lookup runs on every request, so its SQL is built once per database (a prepared statement) instead of
 * by the query builder each time (bench/RESULTS.md).
 */
function sessionUserQuery(db: Db) {
  return db
    .select({
      sessionId: sessions.id,
      lastSeenAt: sessions.lastSeenAt,
      userId: users.id,
      organizationId: sessions.organizationId,
      homeOrganizationId: users.organizationId,
      organizationName: organizations.name,
      departmentId: users.departmentId,
      departmentName: departments.name,
      staffNumber: users.staffNumber,
      name: users.name,
      roles: users.roles,
      mustChangePassword: users.mustChangePassword,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .innerJoin(organizations, eq(organizations.id, sessions.organizationId))
    .leftJoin(departments, eq(departments.id, users.departmentId))
    .where(and(eq(sessions.id, sql.placeholder("id")), isNull(sessions.revokedAt), gt(sessions.expiresAt, sql`now()`), eq(users.active, true)))
    .limit(1)
    .prepare("manabiya_session_user");
}
const preparedSessionQueries = new WeakMap<Db, ReturnType<typeof sessionUserQuery>>();

async function loadSessionUser(db: Db, request: Request): Promise<SessionUser | null> {
  const token = readCookie(request, SESSION_COOKIE);
  if (!token || token.length > 100) return null;
  const { idleMs, touchEveryMs } = sessionConfig();
  const now = Date.now();
  let query = preparedSessionQueries.get(db);
  if (!query) {
    query = sessionUserQuery(db);
    preparedSessionQueries.set(db, query);
  }
  const [row] = await query.execute({ id: hashToken(token) });
  if (!row) return null;
  if (now - row.lastSeenAt.getTime() > idleMs) return null;
  if (now - row.lastSeenAt.getTime() > touchEveryMs) {
    await db
      .update(sessions)
      .set({ lastSeenAt: sql`now()` })
      .where(eq(sessions.id, row.sessionId));
  }
  const { lastSeenAt: _seen, ...user } = row;
  // A user who moved to another organization loses the right to act in it, except system admins who switched.
  if (user.organizationId !== user.homeOrganizationId && !user.roles.includes("system_admin")) return null;
  return user;
}

export async function revokeSession(db: Db, sessionId: string, userId: string): Promise<boolean> {
  const rows = await db
    .update(sessions)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(sessions.id, sessionId), eq(sessions.userId, userId), isNull(sessions.revokedAt)))
    .returning({ id: sessions.id });
  return rows.length > 0;
}

/** Ends every session of a user (password change, deactivation), optionally keeping the current one. */
export async function revokeAllSessions(db: Db, userId: string, exceptSessionId?: string): Promise<number> {
  const rows = await db
    .update(sessions)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt), exceptSessionId ? ne(sessions.id, exceptSessionId) : undefined))
    .returning({ id: sessions.id });
  return rows.length;
}

/** Active sessions of a user, newest first, for the "signed-in devices" list. */
export async function listActiveSessions(db: Db, userId: string) {
  const { idleMs } = sessionConfig();
  const rows = await db
    .select({ id: sessions.id, createdAt: sessions.createdAt, lastSeenAt: sessions.lastSeenAt, userAgent: sessions.userAgent, ip: sessions.ip })
    .from(sessions)
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt), gt(sessions.expiresAt, sql`now()`)))
    .orderBy(desc(sessions.lastSeenAt));
  return rows.filter((r) => Date.now() - r.lastSeenAt.getTime() <= idleMs);
}

export async function switchOrganization(db: Db, sessionId: string, organizationId: string) {
  await db.update(sessions).set({ organizationId }).where(eq(sessions.id, sessionId));
}

export const clearSessionCookie = () => clearCookieHeader(SESSION_COOKIE);
