import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect, useActionData, useLoaderData } from "react-router";
import { z } from "zod";
import { KpiDashboard } from "~/components/kpi-dashboard";
import { requireCsrf } from "~/auth/csrf.server";
import { readForm } from "~/http/form.server";
import { actorOf, requirePermission } from "~/auth/guard.server";
import { scopeOf } from "~/auth/permissions";
import { getDb } from "~/db.server";
import { fiscalYearLabel, fiscalYearOf, fiscalYearOfDate } from "~/kernel/dates";
import { addKpiEntry, kpiDashboard } from "~/kpis/kpis.server";
import { uuidSchema } from "~/kernel/uuid";
import { localPath } from "~/http/safe-redirect";

export const meta: MetaFunction = () => [{ title: "KPIの達成状況 | 学び舎" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "kpi:read");
  const current = fiscalYearOf(new Date());
  const requested = Number(new URL(request.url).searchParams.get("fy"));
  const fiscalYear = Number.isInteger(requested) && requested >= 2000 && requested <= current + 5 ? requested : current;
  const views = await kpiDashboard(await getDb(), user.organizationId, fiscalYear);
  const first = Math.min(current, ...views.map((v) => v.baseline.fiscalYear + 1));
  return {
    fiscalYear,
    label: fiscalYearLabel(fiscalYear),
    years: Array.from({ length: current + 1 - first + 1 }, (_, i) => ({ value: first + i, label: fiscalYearLabel(first + i) })),
    canWrite: !!scopeOf(user, "kpi:write"),
    kpis: views,
    done: new URL(request.url).searchParams.get("done") === "1",
    saved: new URL(request.url).searchParams.get("saved") === "1",
  };
}

const entrySchema = z.object({
  kpiId: uuidSchema("KPIを選び直してください。"),
  enteredOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "日付を入力してください。"),
  value: z.coerce.number({ message: "値は数字で入力してください。" }).finite("値は数字で入力してください。"),
  note: z.string().trim().max(500),
});

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, "kpi:write");
  const form = await readForm(request);
  requireCsrf(request, form);
  const parsed = entrySchema.safeParse({
    kpiId: form.get("kpiId"),
    enteredOn: form.get("enteredOn"),
    value: form.get("value"),
    note: String(form.get("note") ?? ""),
  });
  if (!parsed.success)
    return data({ error: parsed.error.issues[0]?.message ?? "入力を確かめてください。", kpiId: String(form.get("kpiId") ?? "") }, { status: 400 });
  const ok = await addKpiEntry(await getDb(), actorOf(user, context), { ...parsed.data, note: parsed.data.note || null });
  if (!ok) return data({ error: "このKPIには手入力できません。", kpiId: parsed.data.kpiId }, { status: 400 });
  throw redirect(localPath`/admin/kpis?fy=${fiscalYearOfDate(parsed.data.enteredOn)}&done=1`);
}

export default function KpiDashboardRoute() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return <KpiDashboard {...d} error={result?.error} />;
}
