import { type ActionFunctionArgs, Form, Link, type LoaderFunctionArgs, type MetaFunction, redirect, useLoaderData } from "react-router";
import { AssignmentList } from "~/components/campaign-parts";
import { CsrfInput } from "~/components/csrf";
import { requireCsrf } from "~/auth/csrf.server";
import { readForm } from "~/http/form.server";
import { requireUser } from "~/auth/guard.server";
import { assignmentViews } from "~/campaigns/campaigns.server";
import { markNoticesRead, unreadNotices } from "~/campaigns/reminders.server";
import { fiscalYearLabel } from "~/kernel/dates";
import { ATTENDANCE_STATUSES, type AttendanceStatus } from "~/classes/constants";
import { formatSessionTime } from "~/classes/format";
import { staffTrainingHistory } from "~/classes/trainings.server";
import { getDb } from "~/db.server";
import { myLearning } from "~/learning/progress.server";
import { listPrograms } from "~/programs/programs.server";
import { formatDateTime } from "~/staff/labels";

export const meta: MetaFunction = () => [{ title: "マイ学習 | 学び舎" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const db = await getDb();
  const [{ inProgress, completed }, trainings, assignments, notices, programs] = await Promise.all([
    myLearning(db, user),
    staffTrainingHistory(db, user.organizationId, user.userId),
    assignmentViews(db, user),
    unreadNotices(db, user),
    listPrograms(db, user.organizationId),
  ]);
  return {
    programs: programs.map((p) => ({ slug: p.slug, title: p.title, summary: p.summary })),
    assignments,
    notices: notices.map((n) => ({ id: n.id, title: n.title, body: n.body, link: n.link, createdAt: formatDateTime(n.createdAt) })),
    inProgress: inProgress.map((c) => ({
      slug: c.slug,
      title: c.title,
      total: c.totalLessons,
      done: c.completedLessons,
      lastOpenedAt: formatDateTime(c.lastOpenedAt),
    })),
    completed: completed.map((c) => ({
      id: c.id,
      slug: c.slug,
      title: c.title,
      fiscalYear: fiscalYearLabel(c.fiscalYear),
      completedAt: formatDateTime(c.completedAt),
      scores: Object.values(c.scores ?? {}),
    })),
    trainings: trainings
      .filter((t) => t.registration !== "cancelled")
      .map((t) => ({
        id: t.sessionId,
        title: `${t.title}（第${t.number}回）`,
        when: formatSessionTime(t.startsAt, t.endsAt),
        status: t.attendance
          ? ATTENDANCE_STATUSES[t.attendance as AttendanceStatus]
          : t.registration === "waitlisted"
            ? "キャンセル待ち"
            : new Date(t.startsAt).getTime() > Date.now()
              ? "申し込み済み"
              : "出欠未記録",
      })),
  };
}

/** Marks the learner's notices read. */
export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await readForm(request);
  requireCsrf(request, form);
  await markNoticesRead(await getDb(), user);
  throw redirect("/learning");
}

export default function MyLearning() {
  const { inProgress, completed, trainings, assignments, notices, programs } = useLoaderData<typeof loader>();
  return (
    <div className="page narrow">
      <h1>マイ学習</h1>
      {notices.length ? (
        <section aria-labelledby="notices" className="notices">
          <h2 id="notices">お知らせ</h2>
          <ul>
            {notices.map((n) => (
              <li key={n.id}>
                <strong>{n.title}</strong>
                <br />
                {n.body} <span className="meta">（{n.createdAt}）</span>
              </li>
            ))}
          </ul>
          <Form method="post">
            <CsrfInput />
            <button type="submit" className="button secondary small">
              お知らせを既読にする
            </button>
          </Form>
        </section>
      ) : null}
      <section aria-labelledby="assignments">
        <h2 id="assignments">必修研修</h2>
        {assignments.length === 0 ? <p>今年度、受講が必要な研修はありません。</p> : <AssignmentList items={assignments} />}
      </section>
      <section aria-labelledby="in-progress">
        <h2 id="in-progress">受講中の講座</h2>
        {inProgress.length === 0 ? (
          <p>
            受講中の講座はありません。<Link to="/courses?audience=staff">職員向けの講座</Link>から始めましょう。
          </p>
        ) : (
          <ul className="learning-list">
            {inProgress.map((c) => (
              <li key={c.slug}>
                <Link to={`/courses/${c.slug}`} className="learning-title">
                  {c.title}
                </Link>
                <progress max={c.total} value={c.done} aria-label={`${c.title}の進み具合`}>
                  {c.done}/{c.total}
                </progress>
                <span className="meta">
                  {c.total}回中 {c.done}回 完了・最後に開いた日時 {c.lastOpenedAt}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="completed">
        <h2 id="completed">修了した講座</h2>
        {completed.length === 0 ? (
          <p>まだ修了した講座はありません。</p>
        ) : (
          <ul className="learning-list">
            {completed.map((c) => (
              <li key={c.id}>
                <Link to={`/courses/${c.slug}`} className="learning-title">
                  {c.title}
                </Link>
                <span className="meta">
                  {c.fiscalYear}・修了日 {c.completedAt}・<Link to={`/learning/certificates/${c.id}`}>修了証</Link>
                  {c.scores.length ? `・テストの得点 ${c.scores.map((s) => `${s}%`).join("、")}` : ""}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="trainings">
        <h2 id="trainings">集合研修</h2>
        {trainings.length === 0 ? (
          <p>
            まだありません。<Link to="/trainings">集合研修に申し込む</Link>
          </p>
        ) : (
          <ul className="learning-list">
            {trainings.map((t) => (
              <li key={t.id}>
                <span className="learning-title">{t.title}</span>
                <span className="meta">
                  {t.when}・{t.status}
                </span>
              </li>
            ))}
          </ul>
        )}
        <p>
          <Link to="/trainings">集合研修の日程と申し込み</Link>
        </p>
      </section>
      {programs.length ? (
        <section aria-labelledby="programs">
          <h2 id="programs">認定制度</h2>
          <ul className="learning-list">
            {programs.map((p) => (
              <li key={p.slug}>
                <Link to={`/programs/${p.slug}`} className="learning-title">
                  {p.title}
                </Link>
                <span className="meta">{p.summary}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
