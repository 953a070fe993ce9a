import type { Params } from "react-router";
import { notFound } from "~/auth/guard.server";
import { getDb } from "~/db.server";
import { getProgram, type ProgramRecord } from "./lookup.server";

/**
 * The programme a route's `:programSlug` names, if the signed-in user's organization runs it; otherwise a 404 with
 * 「この自治体では、この制度を実施していません。」. Call it after the route's own check (requireUser / requirePermission,
 * and requireCsrf in an action), so that those answer first as before.
 */
export async function requireProgram(user: { organizationId: string }, params: Params): Promise<ProgramRecord> {
  const program = await getProgram(await getDb(), user.organizationId, params.programSlug ?? "");
  if (!program) notFound("この自治体では、この制度を実施していません。");
  return program;
}
