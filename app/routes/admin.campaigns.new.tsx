import { type ActionFunctionArgs, data, Link, type LoaderFunctionArgs, type MetaFunction, redirect, useActionData, useLoaderData } from "react-router";
import { CampaignForm } from "~/components/campaign-form";
import { requireCsrf } from "~/auth/csrf.server";
import { readForm } from "~/http/form.server";
import { actorOf, requirePermission } from "~/auth/guard.server";
import { campaignFormOptions, createCampaign } from "~/campaigns/campaigns.server";
import { echoCampaignForm, parseCampaignForm } from "~/campaigns/forms";
import { DEFAULT_REMINDERS } from "~/campaigns/rules";
import { getDb } from "~/db.server";
import { addDays, fiscalYearOf, jstDate } from "~/kernel/dates";
import { localPath } from "~/http/safe-redirect";

export const meta: MetaFunction = () => [{ title: "必修研修を作る | 学び舎" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "campaign:manage");
  const now = new Date();
  const today = jstDate(now);
  const fiscalYear = fiscalYearOf(now);
  const due = addDays(today, 60) < `${fiscalYear + 1}-04-01` ? addDays(today, 60) : `${fiscalYear + 1}-03-31`;
  return {
    options: await campaignFormOptions(await getDb(), user.organizationId, now),
    values: {
      key: "",
      title: `${fiscalYear}年度 `,
      description: "",
      fiscalYear,
      startsOn: today,
      dueOn: due,
      countEarlierCompletions: true,
      courseIds: [],
      audience: { departmentIds: [], jobRankIds: [], employmentTypes: [], roles: [] },
      reminders: DEFAULT_REMINDERS,
    },
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, "campaign:manage");
  const form = await readForm(request);
  requireCsrf(request, form);
  const parsed = parseCampaignForm(form);
  if (!parsed.ok) return data({ errors: parsed.errors, values: echoCampaignForm(form) }, { status: 400 });
  const result = await createCampaign(await getDb(), actorOf(user, context), parsed.input);
  if (!result.ok) return data({ errors: result.errors, values: echoCampaignForm(form) }, { status: 400 });
  throw redirect(localPath`/admin/campaigns/${result.id}?created=1`);
}

export default function NewCampaign() {
  const { options, values } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <>
      <p>
        <Link to="/admin/campaigns">← 必修研修の一覧へ戻る</Link>
      </p>
      <h1>必修研修を作る</h1>
      <CampaignForm values={result?.values ?? values} options={options} errors={result?.errors} submitLabel="作成する" />
    </>
  );
}
