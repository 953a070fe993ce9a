import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect, useActionData, useLoaderData } from "react-router";
import { RosterImportPreview } from "~/components/roster-import-preview";
import { requireCsrf } from "~/auth/csrf.server";
import { readForm } from "~/http/form.server";
import { actorOf, notFound, requirePermission } from "~/auth/guard.server";
import { getDb } from "~/db.server";
import { commitRosterImport, discardRosterImport, getRosterImport } from "~/staff/roster-import.server";
import { localPath } from "~/http/safe-redirect";

export const meta: MetaFunction = () => [{ title: "取り込み内容の確認 | 学び舎" }];

const SHOW = 200;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "staff:import");
  const imp = await getRosterImport(await getDb(), user.organizationId, params.importId ?? "");
  if (!imp) notFound("取り込みが見つかりません。");
  const p = imp.plan;
  return {
    id: imp.id,
    fileName: imp.fileName,
    encoding: imp.encoding === "shift_jis" ? "Shift_JIS" : imp.encoding === "utf-8-bom" ? "UTF-8（BOMあり）" : "UTF-8",
    status: imp.status,
    options: imp.options,
    summary: imp.summary,
    plan: p
      ? {
          counts: { add: p.add.length, update: p.update.length, deactivate: p.deactivate.length, unchanged: p.unchanged, invalid: p.invalid.length },
          add: p.add.slice(0, SHOW),
          update: p.update.slice(0, SHOW),
          deactivate: p.deactivate.slice(0, SHOW),
          invalid: p.invalid.slice(0, SHOW),
          newDepartments: p.newDepartments,
        }
      : null,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, "staff:import");
  const form = await readForm(request);
  requireCsrf(request, form);
  const ctx = actorOf(user, context);
  const db = await getDb();
  const id = params.importId ?? "";
  if (!(await getRosterImport(db, user.organizationId, id))) notFound("取り込みが見つかりません。");
  if (form.get("intent") === "discard") {
    await discardRosterImport(db, ctx, id);
    throw redirect("/admin/import");
  }
  if (form.get("intent") === "commit") {
    const result = await commitRosterImport(db, ctx, id);
    if (!result.ok) return data({ error: result.error }, { status: 409 });
    throw redirect(localPath`/admin/import/${id}`);
  }
  throw new Response("不明な操作です。", { status: 400 });
}

export default function ImportPreview() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return <RosterImportPreview {...d} error={result?.error} />;
}
