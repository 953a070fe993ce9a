import { type ActionFunctionArgs, data, Form, type LoaderFunctionArgs, type MetaFunction, useActionData, useLoaderData } from "react-router";
import { CsrfInput } from "~/components/csrf";
import { FormMessage, TextField } from "~/components/form";
import { requireCsrf } from "~/auth/csrf.server";
import { readForm } from "~/http/form.server";
import { actorOf, requirePermission } from "~/auth/guard.server";
import { AGE_BANDS, NEEDS, type AgeBand } from "~/classes/constants";
import { anonymizeRegistration, findResidentRecord } from "~/classes/personal-data.server";
import { getDb } from "~/db.server";
import { getOrganizationSettings } from "~/organizations.server";
import { formatDateTime } from "~/staff/labels";

export const meta: MetaFunction = () => [{ title: "住民の個人情報（開示・消去） | 学び舎" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "class:personal_data");
  const db = await getDb();
  const settings = await getOrganizationSettings(db, user.organizationId);
  const receipt = new URL(request.url).searchParams.get("receipt")?.trim() ?? "";
  const record = receipt ? await findResidentRecord(db, user.organizationId, receipt) : null;
  return {
    retentionDays: settings?.residentDataRetentionDays ?? 365,
    receipt,
    notFound: !!receipt && !record,
    record: record
      ? {
          ...record,
          ageBandLabel: record.ageBand ? AGE_BANDS[record.ageBand as AgeBand] : null,
          needLabels: record.needs.map((n) => NEEDS[n as keyof typeof NEEDS] ?? n),
          consentAt: record.consentAt ? formatDateTime(record.consentAt) : null,
          createdAt: formatDateTime(record.createdAt),
          anonymizedAt: record.anonymizedAt ? formatDateTime(record.anonymizedAt) : null,
        }
      : null,
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, "class:personal_data");
  const form = await readForm(request);
  requireCsrf(request, form);
  if (form.get("confirm") !== "yes") return data({ done: false, error: "消去する場合は、確認のチェックを入れてください。" }, { status: 400 });
  const ok = await anonymizeRegistration(await getDb(), actorOf(user, context), String(form.get("registrationId") ?? ""));
  if (!ok) return data({ done: false, error: "申込が見つかりません。" }, { status: 404 });
  return { done: true, error: null };
}

export default function PersonalData() {
  const { retentionDays, receipt, notFound, record } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <>
      <h1>住民の個人情報（開示・消去）</h1>
      <p>
        教室に申し込んだ住民から、記録の確認や消去を求められたときに使います。この自治体では、教室の終了から{retentionDays}
        日たった申込の個人情報を自動で消去しています（参加人数などの集計は変わりません）。
      </p>
      <Form method="get" className="filters">
        <TextField id="receipt" label="受付番号" defaultValue={receipt} hint="例: ABCD-2345" />
        <button type="submit" className="button">
          検索
        </button>
      </Form>
      {notFound ? <FormMessage>その受付番号の住民の申込は、この自治体にはありません。</FormMessage> : null}
      {result?.done ? <FormMessage kind="success">個人情報を消去しました。操作の記録に残しています。</FormMessage> : null}
      {result?.error ? <FormMessage>{result.error}</FormMessage> : null}
      {record ? (
        <section aria-labelledby="record">
          <h2 id="record">受付番号 {record.receiptNumber}</h2>
          <dl className="details">
            <dt>教室</dt>
            <dd>
              {record.seriesTitle}（第{record.sessionNumber}回）{record.venueName ?? ""}
            </dd>
            <dt>お名前</dt>
            <dd>{record.name ?? "（消去済み）"}</dd>
            <dt>ふりがな</dt>
            <dd>{record.nameKana ?? "（消去済み）"}</dd>
            <dt>電話番号</dt>
            <dd>{record.phone ?? "—"}</dd>
            <dt>年代</dt>
            <dd>{record.ageBandLabel ?? "—"}</dd>
            <dt>地区</dt>
            <dd>{record.district ?? "—"}</dd>
            <dt>お手伝い</dt>
            <dd>{record.needLabels.join("、") || "—"}</dd>
            <dt>同意</dt>
            <dd>{record.consentAt ?? "—"}</dd>
            <dt>申込日時</dt>
            <dd>{record.createdAt}</dd>
          </dl>
          <p>
            <a className="button secondary" href={`/admin/classes/personal-data/csv?receipt=${encodeURIComponent(record.receiptNumber)}`} download>
              CSVで書き出す（開示用）
            </a>
          </p>
          {record.anonymizedAt ? (
            <p className="notice">個人情報は {record.anonymizedAt} に消去されています。</p>
          ) : (
            <Form method="post" className="stack narrow-form">
              <CsrfInput />
              <input type="hidden" name="registrationId" value={record.id} />
              <div className="checkbox">
                <input type="checkbox" id="confirm" name="confirm" value="yes" />
                <label htmlFor="confirm">ご本人からの申し出を確認しました。この申込の個人情報を消去します（元に戻せません）。</label>
              </div>
              <button type="submit" className="button secondary">
                個人情報を消去する
              </button>
            </Form>
          )}
        </section>
      ) : null}
    </>
  );
}
