import {
  type ActionFunctionArgs,
  data,
  Form,
  Link,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
  useActionData,
  useLoaderData,
  useNavigation,
} from "react-router";
import { CsrfInput } from "~/components/csrf";
import { FormMessage } from "~/components/form";
import { requireCsrf } from "~/auth/csrf.server";
import { actorOf, requirePermission } from "~/auth/guard.server";
import { getDb } from "~/db.server";
import { formatDateTime } from "~/staff/labels";
import { createRosterPreview, listRecentImports, MAX_ROSTER_BYTES, ROSTER_REQUIRED_COLUMNS } from "~/staff/roster-import.server";
import { localPath } from "~/http/safe-redirect";
import { FORM_BYTE_LIMIT, readForm } from "~/http/form.server";

export const meta: MetaFunction = () => [{ title: "職員名簿の取り込み | 学び舎" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "staff:import");
  const imports = await listRecentImports(await getDb(), user.organizationId);
  return {
    imports: imports.map((i) => ({ ...i, createdAt: formatDateTime(i.createdAt) })),
    requiredColumns: ROSTER_REQUIRED_COLUMNS,
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, "staff:import");
  // One file, held in memory: the roster (at most MAX_ROSTER_BYTES) and the form's few other fields.
  const form = await readForm(request, { files: 1, limit: MAX_ROSTER_BYTES + FORM_BYTE_LIMIT }).catch((refusal: unknown) => refusal);
  if (form instanceof Response && form.status === 413) return data({ error: "ファイルが大きすぎます（5MBまで）。" }, { status: 413 });
  if (!(form instanceof FormData)) throw form;
  requireCsrf(request, form);
  const file = form.get("file");
  if (!(file instanceof File) || file.size === 0) return data({ error: "CSVファイルを選んでください。" }, { status: 400 });
  const bytes = new Uint8Array(await file.arrayBuffer());
  const preview = await createRosterPreview(await getDb(), actorOf(user, context), {
    fileName: file.name || "roster.csv",
    bytes,
    options: { deactivateMissing: form.get("deactivateMissing") === "on", createDepartments: form.get("createDepartments") === "on" },
  });
  throw redirect(localPath`/admin/import/${preview.id}`);
}

const STATUS = { previewed: "確認待ち", committed: "反映済み", discarded: "取り消し" } as const;

export default function ImportUpload() {
  const { imports, requiredColumns } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  return (
    <>
      <h1>職員名簿の取り込み</h1>
      <p>人事給与システムから書き出したCSVファイルを読み込みます。次の画面で内容を確認してから反映するので、この時点ではまだ何も変わりません。</p>
      <details className="help">
        <summary>CSVファイルの形式</summary>
        <ul>
          <li>文字コードは UTF-8（BOMあり・なし）または Shift_JIS のどちらでもかまいません。自動で判別します。</li>
          <li>1行目に列の名前（見出し）を入れてください。列の順番は自由です。使わない列があってもかまいません。</li>
          <li>
            必要な列: {requiredColumns.join("、")}
            。任意の列: メール。
          </li>
          <li>雇用形態は「正規」「再任用」「会計年度任用」「臨時」「嘱託」のどれかを書いてください。</li>
        </ul>
      </details>
      {result?.error ? <FormMessage>{result.error}</FormMessage> : null}
      <Form method="post" encType="multipart/form-data" className="stack narrow-form">
        <CsrfInput />
        <div className="field">
          <label htmlFor="file">CSVファイル</label>
          <input id="file" name="file" type="file" accept=".csv,.txt,text/csv" required />
        </div>
        <div className="checkbox">
          <input type="checkbox" id="createDepartments" name="createDepartments" />
          <label htmlFor="createDepartments">登録されていない課があれば、新しく作る</label>
        </div>
        <div className="checkbox">
          <input type="checkbox" id="deactivateMissing" name="deactivateMissing" />
          <label htmlFor="deactivateMissing">ファイルにいない職員を無効にする（退職者などの整理。全職員分のファイルのときだけ選んでください）</label>
        </div>
        <button type="submit" className="button primary" disabled={busy}>
          {busy ? "読み込んでいます…" : "読み込んで確認する"}
        </button>
      </Form>

      {imports.length ? (
        <section aria-labelledby="recent">
          <h2 id="recent">最近の取り込み</h2>
          <ul className="plain-list">
            {imports.map((i) => (
              <li key={i.id}>
                <Link to={`/admin/import/${i.id}`}>{i.fileName}</Link>（{i.createdAt}・{STATUS[i.status]}）
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
