import { Link } from "@remix-run/react";
import { AUDIENCES, CATEGORIES, LEVELS, type Audience, type Category, type Level } from "~/content/schema";

/** "90分" or "1時間30分". */
export function formatMinutes(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return `${m}分`;
  return m === 0 ? `${h}時間` : `${h}時間${m}分`;
}

/** "2026-11-22" → "2026年11月22日". */
export function formatIsoDate(iso: string): string {
  const [y, m, d] = iso.split("-").map(Number);
  return `${y}年${m}月${d}日`;
}

export function CourseBadges({ audience, category, level }: { audience: Audience; category: Category; level?: Level }) {
  return (
    <ul className="badges" aria-label="講座の種類">
      <li className={`badge badge-${audience}`}>{AUDIENCES[audience]}</li>
      <li className="badge">{CATEGORIES[category]}</li>
      {level ? <li className="badge">{LEVELS[level]}</li> : null}
    </ul>
  );
}

/** A course in a list: title (as a heading of the given level), badges, summary, length. */
export function CourseCard({
  course,
  headingLevel,
  showLevel = false,
}: {
  course: { slug: string; title: string; summary: string; audience: Audience; category: Category; level: Level; lessonCount: number; estimatedMinutes: number };
  headingLevel: 2 | 3;
  showLevel?: boolean;
}) {
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <li className="course-card">
      <Heading>
        <Link to={`/courses/${course.slug}`}>{course.title}</Link>
      </Heading>
      <CourseBadges audience={course.audience} category={course.category} level={showLevel ? course.level : undefined} />
      <p>{course.summary}</p>
      <p className="meta">
        全{course.lessonCount}回・約{formatMinutes(course.estimatedMinutes)}
      </p>
    </li>
  );
}
