import { type ActionFunctionArgs, data, Link, type LoaderFunctionArgs, type MetaFunction, redirect, useActionData, useLoaderData } from "react-router";
import { CampaignForm } from "~/components/campaign-form";
import { requireCsrf } from "~/auth/csrf.server";
import { readForm } from "~/http/form.server";
import { actorOf, notFound, requirePermission } from "~/auth/guard.server";
import { campaignFormOptions, updateCampaign } from "~/campaigns/campaigns.server";
import { requireCampaign } from "~/campaigns/guard.server";
import { echoCampaignForm, parseCampaignForm } from "~/campaigns/forms";
import { getDb } from "~/db.server";
import { localPath } from "~/http/safe-redirect";

export const meta: MetaFunction = () => [{ title: "必修研修の設定 | 学び舎" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "campaign:manage");
  const db = await getDb();
  const found = await requireCampaign(user, params);
  const c = found.campaign;
  const options = await campaignFormOptions(db, user.organizationId);
  if (!options.years.some((y) => y.value === c.fiscalYear)) options.years.unshift({ value: c.fiscalYear, label: `${c.fiscalYear}年度` });
  return {
    id: c.id,
    title: c.title,
    options,
    values: {
      key: c.key,
      title: c.title,
      description: c.description,
      fiscalYear: c.fiscalYear,
      startsOn: c.startsOn,
      dueOn: c.dueOn,
      countEarlierCompletions: c.countEarlierCompletions,
      courseIds: found.courses.map((x) => x.id),
      audience: c.audience,
      reminders: c.reminders,
    },
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, "campaign:manage");
  const form = await readForm(request);
  requireCsrf(request, form);
  const id = params.campaignId ?? "";
  const db = await getDb();
  await requireCampaign(user, params);
  const parsed = parseCampaignForm(form);
  if (!parsed.ok) return data({ errors: parsed.errors, values: echoCampaignForm(form) }, { status: 400 });
  const result = await updateCampaign(db, actorOf(user, context), id, parsed.input);
  if (!result.ok && "error" in result) notFound(result.error);
  if (!result.ok) return data({ errors: result.errors, values: echoCampaignForm(form) }, { status: 400 });
  throw redirect(localPath`/admin/campaigns/${id}?saved=1`);
}

export default function EditCampaign() {
  const { id, title, options, values } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <>
      <p>
        <Link to={`/admin/campaigns/${id}`}>← {title}へ戻る</Link>
      </p>
      <h1>必修研修の設定を変更する</h1>
      <p className="hint">対象者の条件を変えると、修了率はすぐに計算し直されます。すでに送った督促メールは取り消されません。</p>
      <CampaignForm values={result?.values ?? values} options={options} errors={result?.errors} submitLabel="保存する" />
    </>
  );
}
