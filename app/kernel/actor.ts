/**
 * Who makes a change, as every domain function that writes (and its audit entry) takes it: the organization the
 * change is made in, the signed-in staff member, and the client's address. Routes build it with `actorOf(user,
 * context)` (app/auth/guard.server.ts); background jobs and the demo seed build it by hand.
 */
export interface ChangeContext {
  organizationId: string;
  actorUserId: string;
  ip: string | null;
}
