import { type ActionFunctionArgs, data, Form, type LoaderFunctionArgs, type MetaFunction, redirect, useActionData, useLoaderData } from "react-router";
import { z } from "zod";
import { CsrfInput } from "~/components/csrf";
import { FormMessage, SelectField, TextField } from "~/components/form";
import { requireCsrf } from "~/auth/csrf.server";
import { readForm } from "~/http/form.server";
import { actorOf, notFound, requirePermission } from "~/auth/guard.server";
import { getDb } from "~/db.server";
import { activeStaffByDepartment, addJobRank, createDepartment, listDepartments, listJobRanks, renameDepartment } from "~/staff/staff.server";

export const meta: MetaFunction = () => [{ title: "課と職位 | 学び舎" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "department:write");
  const db = await getDb();
  const [departments, ranks, byDept] = await Promise.all([
    listDepartments(db, user.organizationId),
    listJobRanks(db, user.organizationId),
    activeStaffByDepartment(db, user.organizationId),
  ]);
  return { departments: departments.map((d) => ({ ...d, staff: byDept.get(d.id) ?? 0 })), ranks, done: new URL(request.url).searchParams.get("done") };
}

const deptSchema = z.object({
  code: z
    .string()
    .trim()
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "コードは半角英小文字・数字・ハイフンで入力してください（例: somu）。"),
  name: z.string().trim().min(1, "課の名前を入力してください。").max(40, "課の名前は40文字以内で入力してください。"),
});

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, "department:write");
  const form = await readForm(request);
  requireCsrf(request, form);
  const ctx = actorOf(user, context);
  const db = await getDb();
  const intent = form.get("intent");
  if (intent === "create") {
    const parsed = deptSchema.safeParse({ code: form.get("code"), name: form.get("name") });
    if (!parsed.success) return data({ intent, errors: Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message])) }, { status: 400 });
    const errors = await createDepartment(db, ctx, parsed.data);
    if (errors) return data({ intent, errors: errors as Record<string, string> }, { status: 400 });
    throw redirect("/admin/departments?done=created");
  }
  if (intent === "rename") {
    const name = z.string().trim().min(1).max(40).safeParse(form.get("name"));
    const id = String(form.get("departmentId") ?? "");
    if (!name.success)
      return data({ intent, errors: { [`name-${id}`]: "課の名前を40文字以内で入力してください。" } as Record<string, string> }, { status: 400 });
    const result = await renameDepartment(db, ctx, id, name.data);
    if (result === "not-found") notFound("課が見つかりません。");
    if (result) return data({ intent, errors: { [`name-${id}`]: result.name ?? "" } as Record<string, string> }, { status: 400 });
    throw redirect("/admin/departments?done=renamed");
  }
  if (intent === "add-rank") {
    const name = z.string().trim().min(1).max(20).safeParse(form.get("rankName"));
    if (!name.success) return data({ intent, errors: { rankName: "職位の名前を20文字以内で入力してください。" } as Record<string, string> }, { status: 400 });
    const after = String(form.get("after") ?? "");
    const problem = await addJobRank(db, ctx, name.data, after || null);
    if (problem) return data({ intent, errors: { rankName: problem } as Record<string, string> }, { status: 400 });
    throw redirect("/admin/departments?done=rank");
  }
  throw new Response("不明な操作です。", { status: 400 });
}

const DONE: Record<string, string> = { created: "課を追加しました。", renamed: "課の名前を変更しました。", rank: "職位を追加しました。" };

export default function Departments() {
  const { departments, ranks, done } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors: Record<string, string | undefined> = result?.errors ?? {};
  return (
    <>
      <h1>課と職位</h1>
      {done && DONE[done] ? <FormMessage kind="success">{DONE[done]}</FormMessage> : null}
      <section aria-labelledby="depts">
        <h2 id="depts">課（{departments.length}）</h2>
        <div className="table-wrap">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">課の名前</th>
                <th scope="col">コード</th>
                <th scope="col">在職中の職員</th>
              </tr>
            </thead>
            <tbody>
              {departments.map((d) => (
                <tr key={d.id}>
                  <td>
                    <Form method="post" className="inline-form">
                      <CsrfInput />
                      <input type="hidden" name="intent" value="rename" />
                      <input type="hidden" name="departmentId" value={d.id} />
                      <label className="visually-hidden" htmlFor={`name-${d.id}`}>
                        {d.name}の名前
                      </label>
                      <input id={`name-${d.id}`} name="name" defaultValue={d.name} aria-invalid={errors[`name-${d.id}`] ? true : undefined} />
                      <button type="submit" className="button secondary small">
                        名前を変更
                      </button>
                      {errors[`name-${d.id}`] ? <span className="field-error">{errors[`name-${d.id}`]}</span> : null}
                    </Form>
                  </td>
                  <td>{d.code}</td>
                  <td>{d.staff}人</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <h3>課を追加する</h3>
        <Form method="post" className="stack narrow-form" noValidate>
          <CsrfInput />
          <input type="hidden" name="intent" value="create" />
          <TextField id="name" label="課の名前" required error={result?.intent === "create" ? errors.name : undefined} />
          <TextField
            id="code"
            label="コード（半角英小文字）"
            required
            hint="名簿の取り込みなどで使う、変わらない名前です。例: somu"
            error={result?.intent === "create" ? errors.code : undefined}
          />
          <button type="submit" className="button">
            追加する
          </button>
        </Form>
      </section>

      <section aria-labelledby="ranks">
        <h2 id="ranks">職位（上から順に）</h2>
        <ol className="rank-list">
          {ranks.map((r) => (
            <li key={r.id}>{r.name}</li>
          ))}
        </ol>
        <Form method="post" className="stack narrow-form" noValidate>
          <CsrfInput />
          <input type="hidden" name="intent" value="add-rank" />
          <TextField id="rankName" label="追加する職位" required error={errors.rankName} />
          <SelectField id="after" label="入れる位置" defaultValue="">
            <option value="">いちばん下</option>
            {ranks.map((r) => (
              <option key={r.id} value={r.id}>
                「{r.name}」の下
              </option>
            ))}
          </SelectField>
          <button type="submit" className="button">
            職位を追加する
          </button>
        </Form>
      </section>
    </>
  );
}
