import { type ActionFunctionArgs, data, Form, Link, type LoaderFunctionArgs, type MetaFunction, redirect, useActionData, useLoaderData } from "react-router";
import { CsrfInput } from "~/components/csrf";
import { FormMessage } from "~/components/form";
import { StateBadge } from "~/components/program-parts";
import { requireCsrf } from "~/auth/csrf.server";
import { readForm } from "~/http/form.server";
import { actorOf, assertCan, forbidden, requireUser, type CurrentUser } from "~/auth/guard.server";
import { can, scopeOf } from "~/auth/permissions";
import { getDb } from "~/db.server";
import { pageUrl } from "~/http/page-url";
import { fiscalYearLabel, fiscalYearOf, formatJapaneseDate } from "~/kernel/dates";
import { requireProgram } from "~/programs/guard.server";
import { confirmActivity, getActivity, listActivities } from "~/programs/programs.server";

export const meta: MetaFunction = () => [{ title: "推進員の活動記録 | 学び舎" }];

/** HR and the DX office see every activity; a 課長 sees (and confirms) those done for their own 課. */
function access(user: CurrentUser) {
  const manage = !!scopeOf(user, "program:manage");
  const confirm = !!scopeOf(user, "program:confirm_activity");
  if (!manage && !confirm) forbidden();
  return { manage, onlyDepartmentId: manage ? undefined : (user.departmentId ?? "00000000-0000-0000-0000-000000000000") };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { manage, onlyDepartmentId } = access(user);
  const program = await requireProgram(user, params);
  const url = new URL(request.url);
  const current = fiscalYearOf(new Date());
  const requested = Number(url.searchParams.get("fy"));
  const fiscalYear = Number.isInteger(requested) && requested >= 2000 && requested <= current ? requested : current;
  const pendingOnly = url.searchParams.get("pending") === "1";
  const rows = await listActivities(await getDb(), user.organizationId, program.id, {
    fiscalYear,
    departmentId: onlyDepartmentId,
    confirmed: pendingOnly ? false : undefined,
  });
  return {
    program: { slug: program.slug, title: program.title },
    manage,
    departmentName: manage ? null : user.departmentName,
    fiscalYear,
    pendingOnly,
    years: [current, current - 1, current - 2].map((y) => ({ value: y, label: fiscalYearLabel(y) })),
    activities: rows.map((a) => ({
      id: a.id,
      promoter: `${a.promoterName}（${a.staffNumber}）`,
      department: a.departmentName,
      title: a.title,
      doneOn: formatJapaneseDate(a.doneOn),
      hours: a.hoursSavedPerYear,
      note: a.note,
      confirmed: a.confirmedAt ? `${a.confirmedByName ?? ""} ${formatJapaneseDate(a.confirmedAt)}` : null,
      canConfirm:
        !a.confirmedAt &&
        a.userId !== user.userId &&
        can(user, "program:confirm_activity", { organizationId: user.organizationId, departmentId: a.departmentId }),
    })),
    done: url.searchParams.get("done") === "1",
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await readForm(request);
  requireCsrf(request, form);
  const program = await requireProgram(user, params);
  const db = await getDb();
  const activity = await getActivity(db, user.organizationId, program.id, String(form.get("activityId") ?? ""));
  if (!activity) return data({ error: "活動が見つかりません。" }, { status: 404 });
  assertCan(user, "program:confirm_activity", { organizationId: user.organizationId, departmentId: activity.departmentId });
  const result = await confirmActivity(db, actorOf(user, context), program, activity.id);
  if (!result.ok) return data({ error: result.error }, { status: result.status ?? 400 });
  const back = pageUrl(request);
  back.searchParams.set("done", "1");
  throw redirect(`${back.pathname}${back.search}`);
}

export default function ProgramActivities() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <>
      {d.manage ? (
        <p>
          <Link to={`/admin/programs/${d.program.slug}`}>← {d.program.title}の選考と育成へ</Link>
        </p>
      ) : null}
      <h1>{d.program.title}の活動記録</h1>
      <p>
        {d.manage
          ? "推進員が記録した改善の活動です。対象の課の課長が確認します。"
          : `${d.departmentName ?? "あなたの課"}で推進員が取り組んだ改善の活動です。内容を確かめて「確認する」を押してください。確認した活動は人事評価の資料になります。`}
      </p>
      {d.done ? <FormMessage kind="success">確認しました。</FormMessage> : null}
      {result?.error ? <FormMessage>{result.error}</FormMessage> : null}
      <Form method="get" className="filters">
        <div className="field">
          <label htmlFor="fy">年度</label>
          <select id="fy" name="fy" defaultValue={d.fiscalYear}>
            {d.years.map((y) => (
              <option key={y.value} value={y.value}>
                {y.label}
              </option>
            ))}
          </select>
        </div>
        <label className="checkbox">
          <input type="checkbox" name="pending" value="1" defaultChecked={d.pendingOnly} /> 確認待ちだけ
        </label>
        <button type="submit" className="button secondary">
          表示
        </button>
      </Form>
      {d.activities.length === 0 ? <p>この条件の活動はありません。</p> : null}
      <ul className="report-list">
        {d.activities.map((a) => (
          <li key={a.id} className="program-card">
            <h2 className="program-card-title">{a.title}</h2>
            <p>
              <StateBadge state={a.confirmed ? "valid" : "not_yet_valid"}>{a.confirmed ? "確認済み" : "確認待ち"}</StateBadge> {a.doneOn}・{a.department}・
              {a.promoter}
              {a.hours !== null ? `・年間${a.hours}時間の削減` : ""}
            </p>
            {a.note ? <p className="pre-wrap">{a.note}</p> : null}
            {a.confirmed ? <p className="meta">確認: {a.confirmed}</p> : null}
            {a.canConfirm ? (
              <Form method="post">
                <CsrfInput />
                <input type="hidden" name="activityId" value={a.id} />
                <button type="submit" className="button small">
                  確認する
                </button>
              </Form>
            ) : null}
          </li>
        ))}
      </ul>
    </>
  );
}
