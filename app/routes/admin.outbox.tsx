import { Form, Link, type LoaderFunctionArgs, type MetaFunction, useLoaderData } from "react-router";
import { requirePermission } from "~/auth/guard.server";
import { listOutbox, outboxCounts } from "~/campaigns/reminders.server";
import { OUTBOX_STATUS_LABELS, stageLabel, type OutboxStatus } from "~/campaigns/rules";
import { getDb } from "~/db.server";
import { env } from "~/kernel/env.server";
import { formatDateTime } from "~/staff/labels";

export const meta: MetaFunction = () => [{ title: "送信メールの記録 | 学び舎" }];

/** Every reminder email with its delivery state; 未送信 explains why (no SMTP, no address). */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "campaign:manage");
  const requested = new URL(request.url).searchParams.get("status") ?? "";
  const status = requested in OUTBOX_STATUS_LABELS ? (requested as OutboxStatus) : undefined;
  const db = await getDb();
  const [rows, counts] = await Promise.all([listOutbox(db, user.organizationId, { status, limit: 200 }), outboxCounts(db, user.organizationId)]);
  return {
    status: status ?? "",
    counts,
    smtpConfigured: env().SMTP_HOST !== undefined,
    rows: rows.map((m) => ({
      id: m.id,
      to: m.toAddress,
      cc: m.ccAddresses,
      name: m.name,
      campaign: m.campaignTitle,
      subject: m.subject,
      stage: stageLabel(m.stage),
      status: m.status,
      attempts: m.attempts,
      error: m.lastError,
      createdAt: formatDateTime(m.createdAt),
      sentAt: m.sentAt ? formatDateTime(m.sentAt) : null,
    })),
  };
}

export default function Outbox() {
  const d = useLoaderData<typeof loader>();
  return (
    <>
      <p>
        <Link to="/admin/campaigns">← 必修研修の一覧へ戻る</Link>
      </p>
      <h1>送信メールの記録</h1>
      {!d.smtpConfigured ? (
        <p className="hint">
          このサーバーにはメール送信の設定がないため、督促メールは「未送信」として記録されています。システムの管理担当者がメールサーバーを設定すると、次の定期処理で送信されます。
        </p>
      ) : null}
      <Form method="get" className="filters">
        <div className="field">
          <label htmlFor="status">状態</label>
          <select id="status" name="status" defaultValue={d.status}>
            <option value="">すべて</option>
            {(Object.keys(OUTBOX_STATUS_LABELS) as OutboxStatus[]).map((s) => (
              <option key={s} value={s}>
                {OUTBOX_STATUS_LABELS[s]}（{d.counts[s]}通）
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button">
          表示
        </button>
      </Form>
      {d.rows.length === 0 ? (
        <p>該当するメールはありません。</p>
      ) : (
        <div className="table-wrap">
          <table className="data-table">
            <caption>新しい順（最大200通）</caption>
            <thead>
              <tr>
                <th scope="col">作成日時</th>
                <th scope="col">宛先</th>
                <th scope="col">件名</th>
                <th scope="col">種類</th>
                <th scope="col">状態</th>
              </tr>
            </thead>
            <tbody>
              {d.rows.map((m) => (
                <tr key={m.id}>
                  <td>{m.createdAt}</td>
                  <td>
                    {m.name ?? ""}
                    <br />
                    <span className="meta">{m.to ?? "（メールアドレスなし）"}</span>
                    {m.cc.length ? <span className="meta">（CC {m.cc.join("、")}）</span> : null}
                  </td>
                  <td>{m.subject}</td>
                  <td>{m.stage}</td>
                  <td>
                    {OUTBOX_STATUS_LABELS[m.status]}
                    {m.sentAt ? <span className="meta">（{m.sentAt}）</span> : null}
                    {m.error && m.status !== "sent" ? (
                      <span className="meta">
                        ：{m.error}（{m.attempts}回試行）
                      </span>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
