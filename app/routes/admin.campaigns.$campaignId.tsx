import { type ActionFunctionArgs, data, Form, Link, type LoaderFunctionArgs, type MetaFunction, redirect, useActionData, useLoaderData } from "react-router";
import { z } from "zod";
import { RateBar, StatusBadge, TrendChart } from "~/components/campaign-parts";
import { CsrfInput } from "~/components/csrf";
import { FormMessage, TextField } from "~/components/form";
import { StatGrid } from "~/components/stats";
import { requireCsrf } from "~/auth/csrf.server";
import { readForm } from "~/http/form.server";
import { clientIp, notFound, requirePermission } from "~/auth/guard.server";
import {
  addOverride,
  campaignOverview,
  copyToNextYear,
  getCampaign,
  listOverrides,
  removeOverride,
  setArchived,
} from "~/campaigns/campaigns.server";
import { listOutbox } from "~/campaigns/reminders.server";
import { dueStage, formatDueDate, jstDate, OUTBOX_STATUS_LABELS, stageLabel } from "~/campaigns/rules";
import { getDb } from "~/db.server";
import { fiscalYearLabel } from "~/kpis/fiscal-year";
import { EMPLOYMENT_TYPES, ROLES } from "~/staff/constants";
import { formatDateTime } from "~/staff/labels";
import { localPath } from "~/http/safe-redirect";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.campaign.title ?? "キャンペーン"} | 学び舎` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "campaign:manage");
  const db = await getDb();
  const found = await getCampaign(db, user.organizationId, params.campaignId ?? "");
  if (!found) notFound("キャンペーンが見つかりません。");
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
    open: open.map((p) => ({ userId: p.userId, name: p.name, staffNumber: p.staffNumber, department: p.departmentName, jobRank: p.jobRankName, status: p.status })),
    overrides: overrides.map((o) => ({ ...o, createdAt: formatDateTime(o.createdAt) })),
    outbox: outbox.map((m) => ({ id: m.id, name: m.name, subject: m.subject, status: m.status, createdAt: formatDateTime(m.createdAt) })),
    notice: url.searchParams.get("created") ? "キャンペーンを作成しました。" : url.searchParams.get("saved") ? "保存しました。" : null,
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
  const ctx = { organizationId: user.organizationId, actorUserId: user.userId, ip: clientIp(context) };
  const id = params.campaignId ?? "";
  if (!(await getCampaign(db, user.organizationId, id))) notFound("キャンペーンが見つかりません。");
  switch (String(form.get("intent"))) {
    case "override": {
      const parsed = overrideSchema.safeParse({ staffNumber: form.get("staffNumber"), kind: form.get("kind"), reason: form.get("reason") });
      if (!parsed.success) return data({ error: parsed.error.issues[0]!.message }, { status: 400 });
      const result = await addOverride(db, ctx, id, parsed.data);
      if (!result.ok) return data({ error: result.error }, { status: 400 });
      throw redirect(localPath`/admin/campaigns/${id}?saved=1#overrides`);
    }
    case "remove-override": {
      if (!(await removeOverride(db, ctx, id, String(form.get("userId") ?? "")))) return data({ error: "取り消す対象が見つかりません。" }, { status: 400 });
      throw redirect(localPath`/admin/campaigns/${id}?saved=1#overrides`);
    }
    case "copy": {
      const result = await copyToNextYear(db, ctx, id);
      if (!result || !result.ok) return data({ error: result?.error ?? "コピーできませんでした。" }, { status: 400 });
      throw redirect(localPath`/admin/campaigns/${result.id}?created=1`);
    }
    case "archive":
    case "restore": {
      await setArchived(db, ctx, id, form.get("intent") === "archive");
      throw redirect(localPath`/admin/campaigns/${id}?saved=1`);
    }
    default:
      return data({ error: "操作が正しくありません。" }, { status: 400 });
  }
}

function BreakdownTable({ caption, rows }: { caption: string; rows: { key: string | null; label: string; total: number; completed: number; overdue: number }[] }) {
  return (
    <div className="table-wrap">
      <table className="data-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">区分</th>
            <th scope="col">対象</th>
            <th scope="col">修了</th>
            <th scope="col">期限超過</th>
            <th scope="col">修了率</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key ?? "none"}>
              <th scope="row">{r.label}</th>
              <td>{r.total}人</td>
              <td>{r.completed}人</td>
              <td>{r.overdue}人</td>
              <td>
                <RateBar completed={r.completed} total={r.total} label={`${r.label}の修了率`} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export default function CampaignPage() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const c = d.campaign;
  const last = d.trend.at(-1);
  return (
    <>
      <p>
        <Link to="/admin/campaigns">← 必修研修の一覧へ戻る</Link>
      </p>
      <h1>{c.title}</h1>
      {d.notice ? <FormMessage kind="success">{d.notice}</FormMessage> : null}
      {result?.error ? <FormMessage>{result.error}</FormMessage> : null}
      {c.archived ? <p className="hint">このキャンペーンは終了済みです。督促メールは送られません。</p> : null}
      <dl className="facts">
        <div>
          <dt>年度</dt>
          <dd>{c.fiscalYear}</dd>
        </div>
        <div>
          <dt>期間</dt>
          <dd>
            {c.startsOn} 〜 {c.dueOn}
          </dd>
        </div>
        <div>
          <dt>講座</dt>
          <dd>{c.courses.map((x) => x.title).join("、")}</dd>
        </div>
        <div>
          <dt>対象者</dt>
          <dd>{c.audience.length ? c.audience.join("／") : "全職員"}</dd>
        </div>
        <div>
          <dt>督促</dt>
          <dd>{c.reminders.length ? c.reminders.join("、") : "送らない"}</dd>
        </div>
        <div>
          <dt>開始日より前の修了</dt>
          <dd>{c.countEarlierCompletions ? "同じ年度内なら認める" : "認めない（開始日以降の修了のみ）"}</dd>
        </div>
      </dl>
      <p className="no-print">
        <Link className="button secondary" to={`/admin/campaigns/${c.id}/edit`}>
          設定を変更する
        </Link>{" "}
        <a className="button secondary" href={`/admin/campaigns/${c.id}/csv`} download>
          全員の状況をCSVで（Excel用）
        </a>{" "}
        <Link className="button secondary" to={`/admin/campaigns/${c.id}/record`}>
          監査用の受講記録（印刷）
        </Link>
      </p>

      <h2>修了の状況</h2>
      <StatGrid
        items={[
          { label: "対象者", value: `${d.compliance.total}人` },
          { label: "修了", value: `${d.compliance.completed}人` },
          { label: "修了率", value: d.compliance.rate === null ? "—" : `${d.compliance.rate}%` },
          { label: "未修了（期限前）", value: `${d.compliance.pending}人` },
          { label: "期限超過", value: `${d.compliance.overdue}人`, warn: d.compliance.overdue > 0 },
          { label: "期限後に修了", value: `${d.compliance.late}人` },
        ]}
      />
      <TrendChart points={d.trend} dueOn={c.dueOnIso} caption={last ? `${last.date}時点で${last.total}人中${last.completed}人が修了しています（縦線は受講期限）。` : "まだ期間が始まっていません。"} />

      <h2>課ごと</h2>
      <BreakdownTable caption="課ごとの修了率" rows={d.byDepartment} />
      <h2>職位・雇用形態ごと</h2>
      <BreakdownTable caption="職位ごとの修了率" rows={d.byRank} />
      <BreakdownTable caption="雇用形態ごとの修了率" rows={d.byType} />

      <h2 id="open">まだ修了していない職員</h2>
      {d.open.length === 0 ? (
        <p>対象者の全員が修了しています。</p>
      ) : (
        <div className="table-wrap">
          <table className="data-table">
            <caption>期限超過の人を先に表示しています（最大200人。全員分はCSVで確かめられます）。</caption>
            <thead>
              <tr>
                <th scope="col">氏名</th>
                <th scope="col">職員番号</th>
                <th scope="col">課</th>
                <th scope="col">職位</th>
                <th scope="col">状況</th>
              </tr>
            </thead>
            <tbody>
              {d.open.map((p) => (
                <tr key={p.userId}>
                  <td>
                    <Link to={`/admin/staff/${p.userId}`}>{p.name}</Link>
                  </td>
                  <td>{p.staffNumber}</td>
                  <td>{p.department ?? "—"}</td>
                  <td>{p.jobRank ?? "—"}</td>
                  <td>
                    <StatusBadge status={p.status} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h2 id="overrides">個別の追加と免除</h2>
      <p>規則に当てはまらない人を対象に加えたり、育児休業などで受講を免除したりできます。免除は翌年度へのコピーでは引き継がれません。</p>
      {d.overrides.length ? (
        <ul className="override-list">
          {d.overrides.map((o) => (
            <li key={o.userId}>
              <strong>{o.kind === "exempt" ? "免除" : "追加"}</strong>：{o.name}（{o.staffNumber}）— {o.reason}
              <Form method="post" className="inline-form">
                <CsrfInput />
                <input type="hidden" name="intent" value="remove-override" />
                <input type="hidden" name="userId" value={o.userId} />
                <button type="submit" className="button secondary small">
                  取り消す
                </button>
              </Form>
            </li>
          ))}
        </ul>
      ) : (
        <p>個別の追加・免除はありません。</p>
      )}
      <Form method="post" className="stack narrow-form">
        <CsrfInput />
        <input type="hidden" name="intent" value="override" />
        <TextField id="staffNumber" name="staffNumber" label="職員番号" required />
        <fieldset className="checkbox-group">
          <legend>種類</legend>
          <label className="checkbox">
            <input type="radio" name="kind" value="exempt" defaultChecked /> 受講を免除する
          </label>
          <label className="checkbox">
            <input type="radio" name="kind" value="include" /> 対象に加える
          </label>
        </fieldset>
        <TextField id="reason" name="reason" label="理由" hint="例: 育児休業のため、兼務のため" required />
        <p>
          <button type="submit" className="button">
            登録する
          </button>
        </p>
      </Form>

      <h2>督促メール</h2>
      <p>
        {c.lastStage ? `今日の時点で送る督促：${stageLabel(c.lastStage)}（まだ修了していない人だけに送ります）。` : "今日の時点で送る督促はありません。"}
        督促は <code>npm run jobs:reminders</code> が数分おきに作成・送信します。同じ人に同じ督促が二度送られることはありません。
      </p>
      {d.outbox.length ? (
        <ul>
          {d.outbox.map((m) => (
            <li key={m.id}>
              {m.createdAt} {m.name ?? ""}：{m.subject}（{OUTBOX_STATUS_LABELS[m.status]}）
            </li>
          ))}
        </ul>
      ) : null}
      <p>
        <Link to="/admin/outbox">送信メールの記録をすべて見る</Link>
      </p>

      <h2>年度の切り替え</h2>
      <div className="button-row no-print">
        <Form method="post">
          <CsrfInput />
          <input type="hidden" name="intent" value="copy" />
          <button type="submit" className="button">
            翌年度にコピーする
          </button>
        </Form>
        <Form method="post">
          <CsrfInput />
          <input type="hidden" name="intent" value={c.archived ? "restore" : "archive"} />
          <button type="submit" className="button secondary">
            {c.archived ? "再開する" : "終了にする（督促を止める）"}
          </button>
        </Form>
      </div>
    </>
  );
}
