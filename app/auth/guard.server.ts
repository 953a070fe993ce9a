import { redirect } from "react-router";
import { getDb } from "~/db.server";
import { pageUrl } from "~/http/page-url";
import { can, type Actor, type Permission, type Target } from "./permissions";
import { getSessionUser, type SessionUser } from "./session.server";
import { localPath } from "~/http/safe-redirect";
import type { ChangeContext } from "~/kernel/actor";

export type CurrentUser = SessionUser & Actor;

function toActor(user: SessionUser): CurrentUser {
  return {
    ...user,
    userId: user.userId,
    organizationId: user.organizationId,
    homeOrganizationId: user.homeOrganizationId,
    departmentId: user.departmentId,
    roles: user.roles,
  };
}

/** The signed-in staff member, or null (for pages open to everyone that show more to staff). */
export async function getCurrentUser(request: Request): Promise<CurrentUser | null> {
  const user = await getSessionUser(await getDb(), request);
  return user ? toActor(user) : null;
}

/**
 * Requires a signed-in staff member; anonymous visitors are sent to /login and come back afterwards. Someone who must
 * change their initial password is sent to /account/password first.
 */
export async function requireUser(request: Request, { allowPasswordChange = false } = {}): Promise<CurrentUser> {
  const user = await getCurrentUser(request);
  const url = pageUrl(request);
  if (!user) throw redirect(localPath`/login?redirectTo=${url.pathname + url.search}`);
  if (user.mustChangePassword && !allowPasswordChange) throw redirect("/account/password");
  return user;
}

export function forbidden(): never {
  throw new Response("この操作を行う権限がありません。", { status: 403, statusText: "Forbidden" });
}

export function notFound(message = "見つかりません"): never {
  throw new Response(message, { status: 404, statusText: "Not Found" });
}

/** Requires a signed-in user who holds `permission` (for `target` when given). Another organization's target is a 404. */
export async function requirePermission(request: Request, permission: Permission, target?: Target): Promise<CurrentUser> {
  const user = await requireUser(request);
  assertCan(user, permission, target);
  return user;
}

export function assertCan(user: CurrentUser, permission: Permission, target?: Target): void {
  if (target?.organizationId !== undefined && target.organizationId !== user.organizationId) notFound();
  if (!can(user, permission, target)) forbidden();
}

/** The client's address as Express saw it (honours TRUST_PROXY). */
export function clientIp(context: { clientIp?: string } | undefined): string | null {
  return context?.clientIp ?? null;
}

/** The signed-in staff member as the maker of a change (app/kernel/actor.ts): what every write and audit entry takes. */
export function actorOf(user: { organizationId: string; userId: string }, context: { clientIp?: string } | undefined): ChangeContext {
  return { organizationId: user.organizationId, actorUserId: user.userId, ip: clientIp(context) };
}
