import type { Params } from "react-router";
import { notFound } from "~/auth/guard.server";
import { getDb } from "~/db.server";
import { getCampaign } from "./definitions.server";

/**
 * The campaign a route's `:campaignId` names, with its courses, if it belongs to the signed-in user's organization;
 * otherwise a 404 with 「必修研修が見つかりません。」. Call it after the route's own check (requirePermission, and
 * requireCsrf in an action), so that those answer first as before.
 */
export async function requireCampaign(user: { organizationId: string }, params: Params) {
  const found = await getCampaign(await getDb(), user.organizationId, params.campaignId ?? "");
  if (!found) notFound("必修研修が見つかりません。");
  return found;
}
