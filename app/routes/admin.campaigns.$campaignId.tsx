import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect, useActionData, useLoaderData } from "react-router";
import { z } from "zod";
import { CampaignPage } from "~/components/campaign-page";
import { requireCsrf } from "~/auth/csrf.server";
import { readForm } from "~/http/form.server";
import { actorOf, notFound, requirePermission } from "~/auth/guard.server";
import { addOverride, campaignOverview, copyToNextYear, listOverrides, removeOverride, setArchived } from "~/campaigns/campaigns.server";
import { requireCampaign } from "~/campaigns/guard.server";
import { listOutbox } from "~/campaigns/reminders.server";
import { dueStage, formatDueDate } from "~/campaigns/rules";
import { getDb } from "~/db.server";
import { fiscalYearLabel, jstDate } from "~/kernel/dates";
import { EMPLOYMENT_TYPES, ROLES } from "~/staff/constants";
import { formatDateTime } from "~/staff/labels";
import { localPath } from "~/http/safe-redirect";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.campaign.title ?? "必修研修"} | 学び舎` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "campaign:manage");
  const db = await getDb();
  const found = await requireCampaign(user, params);
  const c = found.campaign;
  const now = new Date();
  // One evaluation of the assignments for the counts, breakdowns, trend and open list (was seven, bench/RESULTS.md).
  const [{ compliance, byDepartment, byRank, byType, trend, open }, overrides, outbox] = await Promise.all([
    campaignOverview(db, c, now, { limit: 200 }),
    listOverrides(db, c.id),
    listOutbox(db, user.organizationId, { campaignId: c.id, limit: 5 }),
  ]);
  const names = (ids: string[], from: { id: string; name: string }[]) => ids.map((id) => from.find((x) => x.id === id)?.name ?? "（削除された項目）");
  const depts = byDepartment.map((b) => ({ id: b.key ?? "", name: b.label }));
  const next = dueStage(c, c.reminders, jstDate(now));
  const url = new URL(request.url);
  return {
    campaign: {
      id: c.id,
      title: c.title,
      key: c.key,
      description: c.description,
      fiscalYear: fiscalYearLabel(c.fiscalYear),
      startsOn: formatDueDate(c.startsOn),
      dueOn: formatDueDate(c.dueOn),
      dueOnIso: c.dueOn,
      archived: c.archived,
      countEarlierCompletions: c.countEarlierCompletions,
      courses: found.courses,
      audience: [
        c.audience.departmentIds.length ? `課：${names(c.audience.departmentIds, depts).join("、")}` : null,
        c.audience.jobRankIds.length ? `職位：${c.audience.jobRankIds.length}件` : null,
        c.audience.employmentTypes.length ? `雇用形態：${c.audience.employmentTypes.map((t) => EMPLOYMENT_TYPES[t]).join("、")}` : null,
        c.audience.roles.length ? `役割：${c.audience.roles.map((r) => ROLES[r]).join("、")}` : null,
      ].filter(Boolean) as string[],
      reminders: [
        c.reminders.atStart ? "開始日" : null,
        ...c.reminders.daysBefore.map((d) => `期限の${d}日前`),
        c.reminders.overdueEveryDays ? `期限後は${c.reminders.overdueEveryDays}日ごと` : null,
        c.reminders.copyManagerWhenOverdue ? "期限後は課長にも写し" : null,
      ].filter(Boolean) as string[],
      lastStage: next?.key ?? null,
    },
    compliance,
    byDepartment,
    byRank,
    byType,
    trend,
    open: open.map((p) => ({
      userId: p.userId,
      name: p.name,
      staffNumber: p.staffNumber,
      department: p.departmentName,
      jobRank: p.jobRankName,
      status: p.status,
    })),
    overrides: overrides.map((o) => ({ ...o, createdAt: formatDateTime(o.createdAt) })),
    outbox: outbox.map((m) => ({ id: m.id, name: m.name, subject: m.subject, status: m.status, createdAt: formatDateTime(m.createdAt) })),
    notice: url.searchParams.get("created") ? "必修研修を作成しました。" : url.searchParams.get("saved") ? "保存しました。" : null,
  };
}

const overrideSchema = z.object({
  staffNumber: z.string().trim().min(1, "職員番号を入力してください。").max(20, "職員番号が長すぎます。"),
  kind: z.enum(["include", "exempt"], { message: "対象に加えるか、免除するかを選んでください。" }),
  reason: z.string().trim().min(1, "理由を入力してください（例: 育児休業）。").max(200, "理由は200文字以内にしてください。"),
});

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, "campaign:manage");
  const form = await readForm(request);
  requireCsrf(request, form);
  const db = await getDb();
  const ctx = actorOf(user, context);
  const id = params.campaignId ?? "";
  await requireCampaign(user, params);
  switch (String(form.get("intent"))) {
    case "override": {
      const parsed = overrideSchema.safeParse({ staffNumber: form.get("staffNumber"), kind: form.get("kind"), reason: form.get("reason") });
      if (!parsed.success) return data({ error: parsed.error.issues[0]!.message }, { status: 400 });
      const result = await addOverride(db, ctx, id, parsed.data);
      if (!result.ok) return data({ error: result.error }, { status: 400 });
      throw redirect(localPath`/admin/campaigns/${id}?saved=1#overrides`);
    }
    case "remove-override": {
      const result = await removeOverride(db, ctx, id, String(form.get("userId") ?? ""));
      // Refusals of the override and copy forms are shown on the page with 400, whatever the status they carry.
      if (!result.ok) return data({ error: result.error }, { status: 400 });
      throw redirect(localPath`/admin/campaigns/${id}?saved=1#overrides`);
    }
    case "copy": {
      const result = await copyToNextYear(db, ctx, id);
      if (!result.ok) return data({ error: result.error }, { status: 400 });
      throw redirect(localPath`/admin/campaigns/${result.id}?created=1`);
    }
    case "archive":
    case "restore": {
      const result = await setArchived(db, ctx, id, form.get("intent") === "archive");
      if (!result.ok) notFound(result.error);
      throw redirect(localPath`/admin/campaigns/${id}?saved=1`);
    }
    default:
      return data({ error: "操作が正しくありません。" }, { status: 400 });
  }
}

export default function CampaignRoute() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return <CampaignPage {...d} error={result?.error} />;
}
