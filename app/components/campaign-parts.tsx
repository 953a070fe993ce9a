import type { ReactNode } from "react";
import { Link } from "react-router";
import { ASSIGNMENT_STATUS_LABELS, type AssignmentStatus } from "~/campaigns/rules";

/** A status word with a colour class; the word itself carries the meaning (not the colour). */
export function StatusBadge({ status }: { status: AssignmentStatus }) {
  return <span className={`assignment-status assignment-${status}`}>{ASSIGNMENT_STATUS_LABELS[status]}</span>;
}

/** A completion-rate bar with its figure as text. */
export function RateBar({ completed, total, label }: { completed: number; total: number; label: string }) {
  const rate = total === 0 ? null : Math.round((completed / total) * 1000) / 10;
  return (
    <span className="rate">
      <progress max={Math.max(total, 1)} value={completed} aria-label={label}>
        {rate ?? 0}%
      </progress>
      <span className="rate-text">{rate === null ? "対象者なし" : `${rate}%（${completed}/${total}人）`}</span>
    </span>
  );
}

/**
 * Completions over a campaign as an SVG line (cumulative count per day) with the due date marked; the figures are
 * also given as text (title/desc and the caption), so the chart is readable without seeing it.
 */
export function TrendChart({ points, dueOn, caption }: { points: { date: string; completed: number; total: number }[]; dueOn: string; caption: ReactNode }) {
  const width = 640;
  const height = 200;
  const pad = { left: 40, right: 12, top: 12, bottom: 28 };
  const total = Math.max(1, ...points.map((p) => p.total));
  const n = Math.max(1, points.length - 1);
  const x = (i: number) => pad.left + (i / n) * (width - pad.left - pad.right);
  const y = (v: number) => pad.top + (1 - v / total) * (height - pad.top - pad.bottom);
  const path = points.map((p, i) => `${i === 0 ? "M" : "L"}${x(i).toFixed(1)},${y(p.completed).toFixed(1)}`).join(" ");
  const dueIndex = points.findIndex((p) => p.date === dueOn);
  const last = points.at(-1);
  return (
    <figure className="trend">
      <svg viewBox={`0 0 ${width} ${height}`} className="trend-chart" role="img" aria-labelledby="trend-title trend-desc">
        <title id="trend-title">修了者数の推移</title>
        <desc id="trend-desc">
          {last ? `${points[0]!.date}から${last.date}まで。最新は${last.total}人中${last.completed}人が修了。` : "データがありません。"}
        </desc>
        <line x1={pad.left} x2={width - pad.right} y1={y(0)} y2={y(0)} className="axis" />
        <line x1={pad.left} x2={width - pad.right} y1={y(total)} y2={y(total)} className="grid" />
        <text x={pad.left - 6} y={y(total) + 4} textAnchor="end" className="tick">
          {total}人
        </text>
        <text x={pad.left - 6} y={y(0) + 4} textAnchor="end" className="tick">
          0
        </text>
        {dueIndex >= 0 ? (
          <g>
            <line x1={x(dueIndex)} x2={x(dueIndex)} y1={pad.top} y2={y(0)} className="mark-due" />
            <text x={x(dueIndex)} y={height - 8} textAnchor="middle" className="tick">
              期限
            </text>
          </g>
        ) : null}
        {points.length ? (
          <>
            <text x={pad.left} y={height - 8} className="tick">
              {points[0]!.date.slice(5).replace("-", "/")}
            </text>
            <text x={width - pad.right} y={height - 8} textAnchor="end" className="tick">
              {last!.date.slice(5).replace("-", "/")}
            </text>
            <path d={path} className="trend-line" />
          </>
        ) : null}
      </svg>
      <figcaption>{caption}</figcaption>
    </figure>
  );
}

export interface AssignmentView {
  id: string;
  title: string;
  due: string;
  status: AssignmentStatus;
  courses: { slug: string; title: string; total: number; done: number; completed: boolean; certificateId: string | null }[];
}

/** A staff member's assignments with due dates and progress bars, overdue first. */
export function AssignmentList({ items }: { items: AssignmentView[] }) {
  return (
    <ul className="assignment-list">
      {items.map((a) => (
        <li key={a.id} className={`assignment assignment-card-${a.status}`}>
          <p className="assignment-head">
            <strong>{a.title}</strong> <StatusBadge status={a.status} />
          </p>
          <p className="meta">受講期限：{a.due}</p>
          <ul className="assignment-courses">
            {a.courses.map((c) => (
              <li key={c.slug}>
                <Link to={`/courses/${c.slug}`}>{c.title}</Link>
                <progress max={Math.max(c.total, 1)} value={c.completed ? c.total : c.done} aria-label={`${c.title}の進み具合`}>
                  {c.done}/{c.total}
                </progress>
                <span className="meta">
                  {c.completed ? "修了しました" : `${c.total}回中 ${c.done}回 完了`}
                  {c.certificateId ? (
                    <>
                      {"・"}
                      <Link to={`/learning/certificates/${c.certificateId}`}>修了証</Link>
                    </>
                  ) : null}
                </span>
              </li>
            ))}
          </ul>
        </li>
      ))}
    </ul>
  );
}
