import { redirect, type ActionFunctionArgs } from "react-router";
import { requireCsrf } from "~/auth/csrf.server";
import { readForm } from "~/http/form.server";
import { clientIp, getCurrentUser } from "~/auth/guard.server";
import { clearSessionCookie, revokeSession } from "~/auth/session.server";
import { writeAudit } from "~/audit/audit.server";
import { getDb } from "~/db.server";
import { resourceRoute } from "~/http/unavailable.server";

/** GET /logout changes nothing (a link or a prefetch must not sign anyone out). */
export async function loader() {
  throw redirect("/");
}

export const action = resourceRoute(async ({ request, context }: ActionFunctionArgs) => {
  const form = await readForm(request);
  requireCsrf(request, form);
  const user = await getCurrentUser(request);
  if (user) {
    const db = await getDb();
    await revokeSession(db, user.sessionId, user.userId);
    await writeAudit(db, {
      organizationId: user.homeOrganizationId,
      actorUserId: user.userId,
      action: "auth.logout",
      targetType: "user",
      targetId: user.userId,
      ip: clientIp(context),
    });
  }
  throw redirect("/", { headers: { "Set-Cookie": clearSessionCookie() } });
});
