import { type ActionFunctionArgs, data, Form, Link, type LoaderFunctionArgs, type MetaFunction, redirect, useActionData, useLoaderData } from "react-router";
import { z } from "zod";
import { CsrfInput } from "~/components/csrf";
import { FormMessage, SelectField, TextField } from "~/components/form";
import { StateBadge } from "~/components/program-parts";
import { Breadcrumbs } from "~/components/site-chrome";
import { requireCsrf } from "~/auth/csrf.server";
import { readForm } from "~/http/form.server";
import { actorOf, requireUser } from "~/auth/guard.server";
import { getDb } from "~/db.server";
import { requireProgram } from "~/programs/guard.server";
import { addActivity, currentPlacement, deleteActivity, listActivities, listCertificates } from "~/programs/programs.server";
import { certificateState } from "~/programs/rules";
import { listDepartments } from "~/staff/staff.server";
import { localPath } from "~/http/safe-redirect";
import { formatJapaneseDate, jstDate } from "~/kernel/dates";

export const meta: MetaFunction = () => [{ title: "改善の活動記録 | 学び舎" }];

/** A promoter's activity log: what they improved, for which 課, with what effect; the 課長 confirms each entry. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const program = await requireProgram(user, params);
  const db = await getDb();
  const today = jstDate(new Date());
  const [certs, activities, depts, placement] = await Promise.all([
    listCertificates(db, user.organizationId, program.id, user.userId),
    listActivities(db, user.organizationId, program.id, { userId: user.userId }),
    listDepartments(db, user.organizationId),
    currentPlacement(db, user.organizationId, program.id, user.userId),
  ]);
  return {
    program: { slug: program.slug, title: program.title },
    canRecord: certs.some((c) => certificateState(c, today) === "valid"),
    today,
    defaultDepartmentId: placement?.departmentId ?? user.departmentId ?? "",
    departments: depts.map((d) => ({ id: d.id, name: d.name })),
    activities: activities.map((a) => ({
      id: a.id,
      title: a.title,
      department: a.departmentName,
      doneOn: formatJapaneseDate(a.doneOn),
      hours: a.hoursSavedPerYear,
      note: a.note,
      confirmed: !!a.confirmedAt,
      confirmedBy: a.confirmedByName,
      confirmedOn: a.confirmedAt ? formatJapaneseDate(a.confirmedAt) : null,
    })),
    done: new URL(request.url).searchParams.get("done"),
  };
}

const activitySchema = z.object({
  title: z.string().trim().min(1, "活動の名前を入力してください。").max(100, "活動の名前は100文字以内にしてください。"),
  departmentId: z.string().min(1, "課を選んでください。"),
  doneOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "活動日を入力してください。"),
  hours: z
    .string()
    .trim()
    .transform((s) => s.normalize("NFKC"))
    .refine((s) => s === "" || (/^\d+(\.\d+)?$/.test(s) && Number(s) <= 100000), "削減時間は0以上の数字（時間）で入力してください。"),
  note: z.string().trim().max(1000, "内容・効果は1000文字以内にしてください。"),
});

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await readForm(request);
  requireCsrf(request, form);
  const program = await requireProgram(user, params);
  const ctx = actorOf(user, context);
  const db = await getDb();
  if (form.get("intent") === "delete") {
    const result = await deleteActivity(db, ctx, program, String(form.get("activityId") ?? ""));
    if (!result.ok) return data({ error: result.error, errors: {} as Record<string, string> }, { status: result.status ?? 400 });
    throw redirect(localPath`/programs/${program.slug}/activities?done=deleted`);
  }
  const parsed = activitySchema.safeParse(Object.fromEntries(["title", "departmentId", "doneOn", "hours", "note"].map((k) => [k, String(form.get(k) ?? "")])));
  if (!parsed.success) {
    return data(
      { error: "入力を確かめてください。", errors: Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message])) },
      { status: 400 },
    );
  }
  const v = parsed.data;
  const result = await addActivity(db, ctx, program, {
    title: v.title,
    departmentId: v.departmentId,
    doneOn: v.doneOn,
    hoursSavedPerYear: v.hours === "" ? null : Number(v.hours),
    note: v.note || null,
  });
  if (!result.ok) return data({ error: result.error, errors: {} as Record<string, string> }, { status: result.status ?? 400 });
  throw redirect(localPath`/programs/${program.slug}/activities?done=added`);
}

const DONE: Record<string, string> = { added: "活動を記録しました。課長の確認をお待ちください。", deleted: "活動を削除しました。" };

export default function Activities() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="page narrow">
      <Breadcrumbs items={[{ to: "/learning", label: "マイ学習" }, { to: `/programs/${d.program.slug}`, label: d.program.title }, { label: "活動記録" }]} />
      <h1>改善の活動記録</h1>
      <p>取り組んだ業務改善を記録してください。対象の課の課長が確認した活動は、人事評価（個別目標）の振り返りに使われます。</p>
      {d.done && DONE[d.done] ? <FormMessage kind="success">{DONE[d.done]}</FormMessage> : null}
      {result?.error ? <FormMessage>{result.error}</FormMessage> : null}
      {d.canRecord ? (
        <section aria-labelledby="add">
          <h2 id="add">活動を記録する</h2>
          <Form method="post" className="stack narrow-form">
            <CsrfInput />
            <TextField
              id="title"
              name="title"
              label="活動の名前"
              required
              maxLength={100}
              error={result?.errors?.title}
              hint="例: 住民票の郵送請求をオンライン申請に切り替え"
            />
            <SelectField
              id="departmentId"
              label="対象の課"
              defaultValue={d.defaultDepartmentId}
              error={result?.errors?.departmentId}
              hint="この課の課長が確認します。"
            >
              <option value="">選んでください</option>
              {d.departments.map((dep) => (
                <option key={dep.id} value={dep.id}>
                  {dep.name}
                </option>
              ))}
            </SelectField>
            <TextField id="doneOn" name="doneOn" label="活動日" type="date" required max={d.today} defaultValue={d.today} error={result?.errors?.doneOn} />
            <TextField
              id="hours"
              name="hours"
              label="削減できた時間（年間・時間）"
              inputMode="decimal"
              error={result?.errors?.hours}
              hint="分からない場合は空欄でかまいません。例: 120"
            />
            <div className={`field${result?.errors?.note ? " field-invalid" : ""}`}>
              <label htmlFor="note">内容・効果</label>
              <textarea id="note" name="note" rows={4} maxLength={1000} />
              {result?.errors?.note ? <p className="field-error">{result.errors.note}</p> : null}
            </div>
            <button type="submit" className="button primary">
              記録する
            </button>
          </Form>
        </section>
      ) : (
        <p className="notice">活動を記録できるのは、有効な認定を受けている推進員です。</p>
      )}
      <section aria-labelledby="log">
        <h2 id="log">これまでの活動</h2>
        {d.activities.length === 0 ? <p>まだ記録はありません。</p> : null}
        <ul className="report-list">
          {d.activities.map((a) => (
            <li key={a.id} className="program-card">
              <h3>{a.title}</h3>
              <p>
                <StateBadge state={a.confirmed ? "valid" : "not_yet_valid"}>{a.confirmed ? "課長確認済み" : "課長の確認待ち"}</StateBadge> {a.doneOn}・
                {a.department}
                {a.hours !== null ? `・年間${a.hours}時間の削減` : ""}
              </p>
              {a.note ? <p className="pre-wrap">{a.note}</p> : null}
              {a.confirmed ? (
                <p className="meta">
                  {a.confirmedBy ?? "課長"}さんが{a.confirmedOn}に確認
                </p>
              ) : (
                <Form method="post">
                  <CsrfInput />
                  <input type="hidden" name="intent" value="delete" />
                  <input type="hidden" name="activityId" value={a.id} />
                  <button type="submit" className="button secondary small">
                    削除する
                  </button>
                </Form>
              )}
            </li>
          ))}
        </ul>
      </section>
      <p>
        <Link to={`/programs/${d.program.slug}`}>← {d.program.title}のページへ戻る</Link>
      </p>
    </div>
  );
}
