import { type ActionFunctionArgs, data, Form, Link, type LoaderFunctionArgs, type MetaFunction, redirect, useActionData, useLoaderData } from "react-router";
import { z } from "zod";
import { CsrfInput } from "~/components/csrf";
import { FormMessage, TextField } from "~/components/form";
import { StateBadge } from "~/components/program-parts";
import { Breadcrumbs } from "~/components/site-chrome";
import { requireCsrf } from "~/auth/csrf.server";
import { readForm } from "~/http/form.server";
import { actorOf, requireUser } from "~/auth/guard.server";
import { getDb } from "~/db.server";
import { requireProgram } from "~/programs/guard.server";
import { currentEnrollment, listReports, submitReport } from "~/programs/programs.server";
import { reportView } from "~/programs/view.server";
import { localPath } from "~/http/safe-redirect";

export const meta: MetaFunction = () => [{ title: "業務改善レポート | 学び舎" }];

/** 業務改善レポート: write, revise after HR returns it, and see HR's comments. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const program = await requireProgram(user, params);
  const db = await getDb();
  const [enrollment, reports] = await Promise.all([
    currentEnrollment(db, user.organizationId, program.id, user.userId),
    listReports(db, user.organizationId, program.id, user.userId),
  ]);
  const allowed = enrollment?.status === "selected" || enrollment?.status === "certified";
  const pending = reports.find((r) => r.status === "submitted");
  const returned = reports.find((r) => r.status === "returned");
  return {
    program: { slug: program.slug, title: program.title },
    allowed,
    canSubmit: allowed && !pending,
    draft: returned ? { title: returned.title, body: returned.body, comment: returned.reviewComment } : null,
    reports: reports.map(reportView),
    done: new URL(request.url).searchParams.get("done") === "1",
  };
}

const reportSchema = z.object({
  title: z.string().trim().min(1, "題名を入力してください。").max(100, "題名は100文字以内にしてください。"),
  body: z
    .string()
    .trim()
    .min(200, "本文は200文字以上で書いてください（改善前の状況、取り組んだこと、効果の数字を含めてください）。")
    .max(8000, "本文は8000文字以内にしてください。"),
});

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await readForm(request);
  requireCsrf(request, form);
  const program = await requireProgram(user, params);
  const parsed = reportSchema.safeParse({ title: form.get("title") ?? "", body: form.get("body") ?? "" });
  if (!parsed.success) {
    const errors = Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message]));
    return data(
      { error: "入力を確かめてください。", errors, values: { title: String(form.get("title") ?? ""), body: String(form.get("body") ?? "") } },
      { status: 400 },
    );
  }
  const result = await submitReport(await getDb(), actorOf(user, context), program, parsed.data);
  if (!result.ok) return data({ error: result.error, errors: {} as Record<string, string>, values: parsed.data }, { status: result.status ?? 400 });
  throw redirect(localPath`/programs/${program.slug}/report?done=1`);
}

export default function ReportPage() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const values = result?.values ?? d.draft ?? { title: "", body: "" };
  return (
    <div className="page narrow">
      <Breadcrumbs
        items={[{ to: "/learning", label: "マイ学習" }, { to: `/programs/${d.program.slug}`, label: d.program.title }, { label: "業務改善レポート" }]}
      />
      <h1>業務改善レポート</h1>
      <p>
        課で取り組んだ業務改善を一つ選び、改善前の状況、取り組んだこと、効果（年間の削減時間など）を数字とあわせて書いてください。人事課が確認し、承認または差し戻しをします。
      </p>
      {d.done ? <FormMessage kind="success">レポートを提出しました。人事課の確認をお待ちください。</FormMessage> : null}
      {result?.error ? <FormMessage>{result.error}</FormMessage> : null}
      {!d.allowed ? <p className="notice">レポートを提出できるのは、選定された方と認定を受けた方です。</p> : null}
      {d.canSubmit ? (
        <Form method="post" className="stack">
          <CsrfInput />
          {d.draft?.comment ? (
            <div className="notice">
              <p>
                <strong>人事課からのコメント（差し戻し）</strong>
              </p>
              <p className="pre-wrap">{d.draft.comment}</p>
            </div>
          ) : null}
          <TextField
            id="title"
            name="title"
            label="題名"
            required
            maxLength={100}
            defaultValue={values.title}
            error={result?.errors?.title}
            hint="例: 転入届の窓口予約をオンライン化し、待ち時間を短縮"
          />
          <div className={`field${result?.errors?.body ? " field-invalid" : ""}`}>
            <label htmlFor="body">本文</label>
            <p className="field-hint" id="body-hint">
              200〜8000文字。改善前の状況（件数・時間）、取り組んだこと、効果の計算、今後の課題の順に書くと伝わりやすくなります。
            </p>
            <textarea
              id="body"
              name="body"
              rows={14}
              required
              defaultValue={values.body}
              aria-describedby={`body-hint${result?.errors?.body ? " body-error" : ""}`}
              aria-invalid={result?.errors?.body ? true : undefined}
            />
            {result?.errors?.body ? (
              <p className="field-error" id="body-error">
                {result.errors.body}
              </p>
            ) : null}
          </div>
          <button type="submit" className="button primary">
            {d.draft ? "修正して提出する" : "提出する"}
          </button>
        </Form>
      ) : null}
      <section aria-labelledby="history">
        <h2 id="history">提出したレポート</h2>
        {d.reports.length === 0 ? <p>まだ提出していません。</p> : null}
        <ul className="report-list">
          {d.reports.map((r) => (
            <li key={r.id} className="program-card">
              <h3>{r.title}</h3>
              <p>
                <StateBadge state={r.status === "approved" ? "valid" : r.status === "returned" ? "revoked" : "not_yet_valid"}>{r.statusLabel}</StateBadge>{" "}
                {r.submittedOn} 提出
                {r.reviewedOn ? `・${r.reviewedOn} 確認` : ""}
              </p>
              {r.reviewComment ? <p className="pre-wrap">人事課のコメント: {r.reviewComment}</p> : null}
              <details>
                <summary>本文を読む</summary>
                <p className="pre-wrap">{r.body}</p>
              </details>
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
