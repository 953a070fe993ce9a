import { type ActionFunctionArgs, data, Form, Link, type LoaderFunctionArgs, type MetaFunction, redirect, useActionData, useLoaderData } from "react-router";
import { CsrfInput } from "~/components/csrf";
import { FormMessage, SelectField, TextField } from "~/components/form";
import { FactList, RequirementList, StateBadge } from "~/components/program-parts";
import { requireCsrf } from "~/auth/csrf.server";
import { readForm } from "~/http/form.server";
import { clientIp, notFound, requirePermission } from "~/auth/guard.server";
import { getDb } from "~/db.server";
import { certify, decide, enrollmentDetail, getProgram, renew, reviewReport, revoke, setPlacement, type ProgramRecord } from "~/programs/programs.server";
import { evaluateRenewal, ENROLLMENT_STATUS_LABELS, formatJapaneseDate, jstDate, renewalOpen } from "~/programs/rules";
import { certificateView, employmentLabel, reportView, requirementViews } from "~/programs/view.server";
import { listDepartments } from "~/staff/staff.server";
import { formatVerificationCode } from "~/certificates/code.server";
import { localPath } from "~/http/safe-redirect";

export const meta: MetaFunction<typeof loader> = ({ data: d }) => [{ title: `${d?.person.name ?? "候補者"}（${d?.program.title ?? "認定制度"}） | 学び舎` }];

async function load(organizationId: string, slug: string | undefined): Promise<ProgramRecord> {
  const program = await getProgram(await getDb(), organizationId, slug ?? "");
  if (!program) notFound("この自治体では、この制度を実施していません。");
  return program;
}

/** One candidate or promoter for HR: records, requirements with evidence, and every decision. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "program:manage");
  const program = await load(user.organizationId, params.programSlug);
  const db = await getDb();
  const now = new Date();
  const today = jstDate(now);
  const detail = await enrollmentDetail(db, user.organizationId, program, params.enrollmentId ?? "", now);
  if (!detail) notFound("候補者が見つかりません。");
  const depts = await listDepartments(db, user.organizationId);
  const status = detail.enrollment.status;
  const current = detail.certificate;
  const renewalFor = current && !current.revokedAt ? renewalOpen(current, today, program.definition) : null;
  const renewalEvaluation = current && program.definition.renewal ? evaluateRenewal(program.definition, detail.facts, detail.titles, current.validFrom, formatVerificationCode) : null;
  const p = detail.person;
  return {
    program: { slug: program.slug, title: program.title, passMark: program.definition.selectionExam.passMark },
    person: {
      name: p.name,
      facts: [
        ["職員番号", p.staffNumber],
        ["課", p.departmentName ?? "—"],
        ["職位", p.jobRankName ?? "—"],
        ["雇用形態", employmentLabel(p.employmentType)],
        ["在職", p.active ? "在職中" : "無効（退職など）"],
      ] as [string, string][],
    },
    eligibilityReasons: detail.eligibility.reasons,
    enrollment: {
      status,
      statusLabel: ENROLLMENT_STATUS_LABELS[status],
      origin: detail.enrollment.origin === "nominated" ? "人事課の推薦" : "本人の応募",
      since: formatJapaneseDate(detail.enrollment.createdAt),
      note: detail.enrollment.note,
      decidedAt: detail.enrollment.decidedAt ? formatJapaneseDate(detail.enrollment.decidedAt) : null,
      decidedBy: detail.enrollment.decidedByName,
    },
    exam: detail.facts.exam ? { percent: detail.facts.exam.percent, passed: detail.facts.exam.percent >= program.definition.selectionExam.passMark } : null,
    canDecide: status === "applied" || status === "nominated",
    requirements: requirementViews(detail.evaluation, program, { links: false }),
    complete: detail.evaluation.complete,
    canCertify: status === "selected",
    reports: detail.reports.map(reportView),
    certificates: detail.certificates.map((c) => certificateView(c, today, program)),
    renewal: renewalFor && renewalEvaluation ? { open: renewalFor.open, reason: renewalFor.reason, complete: renewalEvaluation.complete, items: requirementViews(renewalEvaluation, program, { links: false }), certificateId: current!.id } : null,
    placement: detail.placement ? { departmentId: detail.placement.departmentId, department: detail.placement.departmentName, since: formatJapaneseDate(detail.placement.placedOn) } : null,
    canPlace: detail.certificates.some((c) => !c.revokedAt && c.validUntil >= today),
    departments: depts.map((d) => ({ id: d.id, name: d.name })),
    activities: detail.activities.map((a) => ({ id: a.id, title: a.title, doneOn: formatJapaneseDate(a.doneOn), department: a.departmentName, hours: a.hoursSavedPerYear, confirmed: !!a.confirmedAt })),
    done: new URL(request.url).searchParams.get("done"),
  };
}

const DONE: Record<string, string> = {
  selected: "選定を記録しました。",
  not_selected: "不選定を記録しました。",
  approved: "レポートを承認しました。",
  returned: "レポートを差し戻しました。",
  certified: "認定しました。認定証の確認コードを本人に伝えてください。",
  revoked: "認定を取り消しました。",
  renewed: "認定を更新しました。新しい確認コードを本人に伝えてください。",
  placed: "配置を変更しました。",
};

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, "program:manage");
  const form = await readForm(request);
  requireCsrf(request, form);
  const program = await load(user.organizationId, params.programSlug);
  const db = await getDb();
  const ctx = { organizationId: user.organizationId, actorUserId: user.userId, ip: clientIp(context) };
  const enrollmentId = params.enrollmentId ?? "";
  const text = (name: string, max = 500) => String(form.get(name) ?? "").trim().slice(0, max) || null;
  const back = (done: string) => redirect(localPath`/admin/programs/${program.slug}/enrollments/${enrollmentId}?done=${done}`);
  const detail = await enrollmentDetail(db, user.organizationId, program, enrollmentId);
  if (!detail) notFound("候補者が見つかりません。");
  let result: { ok: true } | { ok: false; error: string; status?: number };
  let done = "";
  switch (String(form.get("intent") ?? "")) {
    case "decide": {
      const decision = form.get("decision") === "selected" ? "selected" : form.get("decision") === "not_selected" ? "not_selected" : null;
      if (!decision) return data({ error: "選定か不選定かを選んでください。" }, { status: 400 });
      result = await decide(db, ctx, program, enrollmentId, decision, text("note"));
      done = decision;
      break;
    }
    case "review": {
      const decision = form.get("decision") === "approved" ? "approved" : form.get("decision") === "returned" ? "returned" : null;
      if (!decision) return data({ error: "承認か差し戻しかを選んでください。" }, { status: 400 });
      const reportId = String(form.get("reportId") ?? "");
      if (!detail.reports.some((r) => r.id === reportId)) return data({ error: "レポートが見つかりません。" }, { status: 404 });
      result = await reviewReport(db, ctx, program, reportId, decision, text("comment", 2000));
      done = decision;
      break;
    }
    case "certify":
      result = await certify(db, ctx, program, enrollmentId);
      done = "certified";
      break;
    case "revoke": {
      const certificateId = String(form.get("certificateId") ?? "");
      if (!detail.certificates.some((c) => c.id === certificateId)) return data({ error: "認定証が見つかりません。" }, { status: 404 });
      result = await revoke(db, ctx, program, certificateId, text("reason") ?? "");
      done = "revoked";
      break;
    }
    case "renew": {
      const certificateId = String(form.get("certificateId") ?? "");
      if (!detail.certificates.some((c) => c.id === certificateId)) return data({ error: "認定証が見つかりません。" }, { status: 404 });
      result = await renew(db, ctx, program, certificateId);
      done = "renewed";
      break;
    }
    case "placement": {
      const departmentId = String(form.get("departmentId") ?? "");
      result = await setPlacement(db, ctx, program, detail.enrollment.userId, departmentId || null);
      done = "placed";
      break;
    }
    default:
      return data({ error: "操作を選び直してください。" }, { status: 400 });
  }
  if (!result.ok) return data({ error: result.error }, { status: result.status ?? 400 });
  throw back(done);
}

export default function EnrollmentDetail() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <>
      <p>
        <Link to={`/admin/programs/${d.program.slug}`}>← {d.program.title}の選考と育成へ</Link>
      </p>
      <h1>{d.person.name}</h1>
      <p>
        <strong>{d.enrollment.statusLabel}</strong>（{d.enrollment.origin}・{d.enrollment.since}）
      </p>
      {d.done && DONE[d.done] ? <FormMessage kind="success">{DONE[d.done]}</FormMessage> : null}
      {result?.error ? <FormMessage>{result.error}</FormMessage> : null}
      <FactList items={d.person.facts} />
      {d.eligibilityReasons.length ? (
        <div className="notice" role="note">
          <p>現在の登録内容では対象外です。</p>
          <ul>
            {d.eligibilityReasons.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {d.enrollment.note ? (
        <p>
          所見: {d.enrollment.note}
          {d.enrollment.decidedAt ? `（${d.enrollment.decidedBy ?? ""} ${d.enrollment.decidedAt}）` : ""}
        </p>
      ) : null}

      {d.canDecide ? (
        <section aria-labelledby="decide" className="program-card">
          <h2 id="decide">選考結果を記録する</h2>
          <p>{d.exam ? `選考試験は${d.exam.percent}点（合格の目安 ${d.program.passMark}点・${d.exam.passed ? "合格" : "不合格"}）です。` : "選考試験はまだ受けていません。受験後に選定できます。"}</p>
          <Form method="post" className="stack narrow-form">
            <CsrfInput />
            <input type="hidden" name="intent" value="decide" />
            <fieldset className="radio-row">
              <legend>結果</legend>
              <label className="checkbox">
                <input type="radio" name="decision" value="selected" required /> 選定する
              </label>
              <label className="checkbox">
                <input type="radio" name="decision" value="not_selected" /> 選定しない
              </label>
            </fieldset>
            <TextField id="note" name="note" label="所見" maxLength={500} hint="合格の目安に届かない方を選定する場合は必須です。本人にも表示されます（不選定のとき）。" />
            <button type="submit" className="button">
              記録する
            </button>
          </Form>
        </section>
      ) : null}

      <section aria-labelledby="requirements">
        <h2 id="requirements">認定の要件</h2>
        <RequirementList items={d.requirements} />
        {d.canCertify ? (
          d.complete ? (
            <Form method="post" className="program-card">
              <CsrfInput />
              <input type="hidden" name="intent" value="certify" />
              <p>すべての要件を満たしています。認定すると、確認コード付きの認定証を発行し、本人の課に配置します。</p>
              <button type="submit" className="button primary">
                認定する
              </button>
            </Form>
          ) : (
            <p className="notice">「未」の要件が残っているため、まだ認定できません。</p>
          )
        ) : null}
      </section>

      {d.reports.length ? (
        <section aria-labelledby="reports">
          <h2 id="reports">業務改善レポート</h2>
          <ul className="report-list">
            {d.reports.map((r) => (
              <li key={r.id} className="program-card">
                <h3>{r.title}</h3>
                <p>
                  <StateBadge state={r.status === "approved" ? "valid" : r.status === "returned" ? "revoked" : "not_yet_valid"}>{r.statusLabel}</StateBadge> {r.submittedOn} 提出
                  {r.reviewedOn ? `・${r.reviewedOn}に${r.reviewerName ?? "人事課"}さんが確認` : ""}
                </p>
                <p className="pre-wrap">{r.body}</p>
                {r.reviewComment ? <p className="pre-wrap">コメント: {r.reviewComment}</p> : null}
                {r.status === "submitted" ? (
                  <Form method="post" className="stack">
                    <CsrfInput />
                    <input type="hidden" name="intent" value="review" />
                    <input type="hidden" name="reportId" value={r.id} />
                    <div className="field">
                      <label htmlFor={`comment-${r.id}`}>コメント（差し戻すときは必須）</label>
                      <textarea id={`comment-${r.id}`} name="comment" rows={3} maxLength={2000} />
                    </div>
                    <div className="actions">
                      <button type="submit" name="decision" value="approved" className="button">
                        承認する
                      </button>
                      <button type="submit" name="decision" value="returned" className="button secondary">
                        差し戻す
                      </button>
                    </div>
                  </Form>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {d.certificates.length ? (
        <section aria-labelledby="certificates">
          <h2 id="certificates">認定証</h2>
          <ul className="report-list">
            {d.certificates.map((c) => (
              <li key={c.id} className="program-card">
                <p>
                  <StateBadge state={c.state}>{c.stateLabel}</StateBadge>
                  {c.isRenewal ? "（更新）" : ""}
                </p>
                <FactList
                  items={[
                    ["確認コード", <Link to={`/verify/${c.rawCode}`}>{c.code}</Link>],
                    ["認定日", c.issuedOn],
                    ["有効期間", `${c.validFrom}から${c.validUntil}まで`],
                    ...(c.revokedOn ? ([["取消", `${c.revokedOn}（理由: ${c.revokeReason ?? ""}）`]] as [string, string][]) : []),
                  ]}
                />
                {!c.revoked ? (
                  <details className="help">
                    <summary>この認定を取り消す</summary>
                    <Form method="post" className="stack narrow-form">
                      <CsrfInput />
                      <input type="hidden" name="intent" value="revoke" />
                      <input type="hidden" name="certificateId" value={c.id} />
                      <TextField id={`reason-${c.id}`} name="reason" label="取り消しの理由" required maxLength={500} hint="操作の記録に残ります。確認ページには理由は表示されません。" />
                      <button type="submit" className="button secondary">
                        取り消す
                      </button>
                    </Form>
                  </details>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {d.renewal ? (
        <section aria-labelledby="renewal">
          <h2 id="renewal">更新</h2>
          {d.renewal.open ? <p>更新の手続きができます。次の要件を満たすと更新できます。</p> : <p>{d.renewal.reason}</p>}
          {d.renewal.open ? <RequirementList items={d.renewal.items} /> : null}
          {d.renewal.open && d.renewal.complete ? (
            <Form method="post">
              <CsrfInput />
              <input type="hidden" name="intent" value="renew" />
              <input type="hidden" name="certificateId" value={d.renewal.certificateId} />
              <button type="submit" className="button primary">
                認定を更新する
              </button>
            </Form>
          ) : null}
        </section>
      ) : null}

      {d.canPlace || d.placement ? (
        <section aria-labelledby="placement">
          <h2 id="placement">配置</h2>
          <p>{d.placement ? `現在の配置: ${d.placement.department}（${d.placement.since}から）` : "配置されていません。"}</p>
          {d.canPlace ? (
            <Form method="post" className="stack narrow-form">
              <CsrfInput />
              <input type="hidden" name="intent" value="placement" />
              <SelectField id="departmentId" label="配置する課" defaultValue={d.placement?.departmentId ?? ""}>
                <option value="">配置しない</option>
                {d.departments.map((dep) => (
                  <option key={dep.id} value={dep.id}>
                    {dep.name}
                  </option>
                ))}
              </SelectField>
              <button type="submit" className="button">
                配置を保存する
              </button>
            </Form>
          ) : null}
        </section>
      ) : null}

      {d.activities.length ? (
        <section aria-labelledby="activities">
          <h2 id="activities">活動記録</h2>
          <ul className="plain-list">
            {d.activities.map((a) => (
              <li key={a.id}>
                {a.doneOn} {a.title}（{a.department}
                {a.hours !== null ? `・年間${a.hours}時間` : ""}）{a.confirmed ? "・課長確認済み" : "・確認待ち"}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
