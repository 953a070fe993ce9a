import { Link } from "react-router";
import type { TFunction } from "i18next";
import { useLangAttribute, useTranslation } from "~/i18n/react";
import type { Audience, Category, Level } from "~/content/vocabulary";

/** "90分" or "1時間30分" ("1 h 30 min" in English). */
export function formatMinutes(minutes: number, t?: TFunction): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (t) return h === 0 ? t("common.minutes", { minutes: m }) : m === 0 ? t("common.hours", { hours: h }) : t("common.hoursMinutes", { hours: h, minutes: m });
  if (h === 0) return `${m}分`;
  return m === 0 ? `${h}時間` : `${h}時間${m}分`;
}

const englishDate = new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", day: "numeric", month: "long", year: "numeric" });

/** "2026-11-22" → "2026年11月22日" (Japanese) or "22 November 2026" (English). */
export function formatIsoDate(iso: string, language = "ja"): string {
  const [y, m, d] = iso.split("-").map(Number);
  if (language === "ja") return `${y}年${m}月${d}日`;
  return englishDate.format(new Date(Date.UTC(y!, m! - 1, d!)));
}

export function CourseBadges({ audience, category, level }: { audience: Audience; category: Category; level?: Level }) {
  const { t } = useTranslation();
  return (
    <ul className="badges" aria-label={t("labels.courseKinds")}>
      <li className={`badge badge-${audience}`}>{t(`labels.audiences.${audience}`)}</li>
      <li className="badge">{t(`labels.categories.${category}`)}</li>
      {level ? <li className="badge">{t(`labels.levels.${level}`)}</li> : null}
    </ul>
  );
}

/**
 * A course in a list: title (as a heading of the given level), badges, summary, length. `language` is the language its
 * title and summary are in: a course not translated into the page's language is marked (lang, "Japanese only").
 */
export function CourseCard({
  course,
  headingLevel,
  showLevel = false,
}: {
  course: {
    slug: string;
    title: string;
    summary: string;
    audience: Audience;
    category: Category;
    level: Level;
    lessonCount: number;
    estimatedMinutes: number;
    language: string;
  };
  headingLevel: 2 | 3;
  showLevel?: boolean;
}) {
  const { t } = useTranslation();
  const lang = useLangAttribute(course.language);
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <li className="course-card">
      <Heading>
        <Link to={`/courses/${course.slug}`} lang={lang}>
          {course.title}
        </Link>
      </Heading>
      <CourseBadges audience={course.audience} category={course.category} level={showLevel ? course.level : undefined} />
      <p lang={lang}>{course.summary}</p>
      <p className="meta">
        {t("catalogue.cardMeta", { count: course.lessonCount, time: formatMinutes(course.estimatedMinutes, t) })}
        {lang ? <span className="language-tag">{t("catalogue.japaneseOnly")}</span> : null}
      </p>
    </li>
  );
}
