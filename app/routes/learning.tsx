import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/guard.server";
import { ATTENDANCE_STATUSES, type AttendanceStatus } from "~/classes/constants";
import { formatSessionTime } from "~/classes/format";
import { staffTrainingHistory } from "~/classes/trainings.server";
import { getDb } from "~/db.server";
import { myLearning } from "~/learning/progress.server";
import { formatDateTime } from "~/staff/labels";

export const meta: MetaFunction = () => [{ title: "マイ学習 | 学び舎" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const db = await getDb();
  const [{ inProgress, completed }, trainings] = await Promise.all([myLearning(db, user), staffTrainingHistory(db, user.organizationId, user.userId)]);
  return {
    inProgress: inProgress.map((c) => ({ slug: c.slug, title: c.title, total: c.totalLessons, done: c.completedLessons, lastOpenedAt: formatDateTime(c.lastOpenedAt) })),
    completed: completed.map((c) => ({ slug: c.slug, title: c.title, completedAt: formatDateTime(c.completedAt!), scores: Object.values(c.scores ?? {}) })),
    trainings: trainings
      .filter((t) => t.registration !== "cancelled")
      .map((t) => ({
        id: t.sessionId,
        title: `${t.title}（第${t.number}回）`,
        when: formatSessionTime(t.startsAt, t.endsAt),
        status: t.attendance ? ATTENDANCE_STATUSES[t.attendance as AttendanceStatus] : t.registration === "waitlisted" ? "キャンセル待ち" : new Date(t.startsAt).getTime() > Date.now() ? "申し込み済み" : "出欠未記録",
      })),
  };
}

export default function MyLearning() {
  const { inProgress, completed, trainings } = useLoaderData<typeof loader>();
  return (
    <div className="page narrow">
      <h1>マイ学習</h1>
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
              <li key={c.slug}>
                <Link to={`/courses/${c.slug}`} className="learning-title">
                  {c.title}
                </Link>
                <span className="meta">
                  修了日 {c.completedAt}
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
    </div>
  );
}
