import { type ActionFunctionArgs, data, Form, Link, type LoaderFunctionArgs, type MetaFunction, redirect, useActionData, useLoaderData } from "react-router";
import { CsrfInput } from "~/components/csrf";
import { StatGrid } from "~/components/stats";
import { FormMessage } from "~/components/form";
import { requireCsrf } from "~/auth/csrf.server";
import { readForm } from "~/http/form.server";
import { clientIp, notFound, requirePermission } from "~/auth/guard.server";
import { getDb } from "~/db.server";
import { EMPLOYMENT_TYPES, type EmploymentType } from "~/staff/constants";
import { commitRosterImport, discardRosterImport, getRosterImport } from "~/staff/roster-import.server";
import { localPath } from "~/http/safe-redirect";

export const meta: MetaFunction = () => [{ title: "取り込み内容の確認 | 学び舎" }];

const SHOW = 200;
const FIELD_LABELS: Record<string, string> = {
  name: "氏名",
  nameKana: "ふりがな",
  email: "メール",
  departmentName: "所属",
  rankName: "職位",
  employmentType: "雇用形態",
  active: "状態",
};
const show = (field: string, v: string | boolean | null) =>
  v === null ? "（なし）" : field === "active" ? (v ? "在職中" : "無効") : field === "employmentType" ? (EMPLOYMENT_TYPES[v as EmploymentType] ?? String(v)) : String(v);

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
  const ctx = { organizationId: user.organizationId, actorUserId: user.userId, ip: clientIp(context) };
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
  return (
    <>
      <p>
        <Link to="/admin/import">← 名簿の取り込みへ</Link>
      </p>
      <h1>取り込み内容の確認</h1>
      <p>
        ファイル: {d.fileName}（文字コード: {d.encoding}）
      </p>
      {result?.error ? <FormMessage>{result.error}</FormMessage> : null}
      {d.status === "committed" && d.summary ? (
        <FormMessage kind="success">
          反映しました。追加 {d.summary.added}人、更新 {d.summary.updated}人、無効化 {d.summary.deactivated}人、変更なし {d.summary.unchanged}人、取り込まなかった行{" "}
          {d.summary.invalid}件。
          {d.summary.departmentsCreated.length ? `新しく作った課: ${d.summary.departmentsCreated.join("、")}` : ""}
        </FormMessage>
      ) : null}
      {d.status === "discarded" ? <FormMessage>この取り込みは取り消されました。</FormMessage> : null}
      {d.plan ? (
        <>
          <StatGrid
            items={[
              { label: "追加", value: `${d.plan.counts.add}人` },
              { label: "更新", value: `${d.plan.counts.update}人` },
              { label: "無効化", value: `${d.plan.counts.deactivate}人` },
              { label: "変更なし", value: `${d.plan.counts.unchanged}人` },
              { label: "誤りのある行", value: `${d.plan.counts.invalid}件`, warn: d.plan.counts.invalid > 0 },
            ]}
          />
          {d.plan.counts.invalid ? (
            <section aria-labelledby="invalid">
              <h2 id="invalid">誤りのある行（取り込みません）</h2>
              <p>ファイルを直して読み込み直すか、この行を除いて反映できます。</p>
              <ul className="problem-list">
                {d.plan.invalid.map((p, i) => (
                  <li key={i}>
                    <strong>{p.line}行目</strong>: {p.message}
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          {d.plan.newDepartments.length ? (
            <section aria-labelledby="newdepts">
              <h2 id="newdepts">新しく作る課</h2>
              <p>{d.plan.newDepartments.join("、")}</p>
            </section>
          ) : null}
          {d.plan.counts.add ? (
            <section aria-labelledby="add">
              <h2 id="add">追加する職員（{d.plan.counts.add}人）</h2>
              <div className="table-wrap">
                <table className="data-table">
                  <thead>
                    <tr>
                      <th scope="col">行</th>
                      <th scope="col">職員番号</th>
                      <th scope="col">氏名</th>
                      <th scope="col">所属</th>
                      <th scope="col">職位</th>
                      <th scope="col">雇用形態</th>
                    </tr>
                  </thead>
                  <tbody>
                    {d.plan.add.map((r) => (
                      <tr key={r.staffNumber}>
                        <td>{r.line}</td>
                        <td>{r.staffNumber}</td>
                        <td>{r.name}</td>
                        <td>{r.departmentName}</td>
                        <td>{r.rankName}</td>
                        <td>{EMPLOYMENT_TYPES[r.employmentType]}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              {d.plan.counts.add > d.plan.add.length ? <p className="hint">ほか {d.plan.counts.add - d.plan.add.length}人</p> : null}
            </section>
          ) : null}
          {d.plan.counts.update ? (
            <section aria-labelledby="update">
              <h2 id="update">更新する職員（{d.plan.counts.update}人）</h2>
              <ul className="change-list">
                {d.plan.update.map(({ row, changes }) => (
                  <li key={row.staffNumber}>
                    <strong>
                      {row.staffNumber} {row.name}
                    </strong>
                    <ul>
                      {changes.map((c) => (
                        <li key={c.field}>
                          {FIELD_LABELS[c.field] ?? c.field}: {show(c.field, c.before)} → {show(c.field, c.after)}
                        </li>
                      ))}
                    </ul>
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          {d.plan.counts.deactivate ? (
            <section aria-labelledby="deactivate">
              <h2 id="deactivate">無効にする職員（{d.plan.counts.deactivate}人）</h2>
              <ul className="plain-list">
                {d.plan.deactivate.map((s) => (
                  <li key={s.staffNumber}>
                    {s.staffNumber} {s.name}（{s.departmentName ?? "所属なし"}）
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          <div className="actions sticky-actions">
            <Form method="post">
              <CsrfInput />
              <input type="hidden" name="intent" value="commit" />
              <button type="submit" className="button primary large" disabled={d.plan.counts.add + d.plan.counts.update + d.plan.counts.deactivate === 0 && d.plan.newDepartments.length === 0}>
                この内容で反映する
              </button>
            </Form>
            <Form method="post">
              <CsrfInput />
              <input type="hidden" name="intent" value="discard" />
              <button type="submit" className="button secondary">
                取り消す
              </button>
            </Form>
          </div>
        </>
      ) : null}
    </>
  );
}
