import { type ActionFunctionArgs, Form, Link, type LoaderFunctionArgs, type MetaFunction, redirect, useLoaderData, useRouteLoaderData } from "react-router";
import { translatedHandle, useTranslation } from "~/i18n/react";
import { CsrfInput } from "~/components/csrf";
import { FuriganaSwitch } from "~/components/display-settings";
import { ReadAloud } from "~/components/read-aloud";
import { DEFAULT_PREFERENCES } from "~/display/preferences";
import type { loader as rootLoader } from "~/root";
import { requireCsrf } from "~/auth/csrf.server";
import { readForm } from "~/http/form.server";
import { getCurrentUser, requireUser } from "~/auth/guard.server";
import { completeLesson, openLesson } from "~/learning/progress.server";
import { Breadcrumbs } from "~/components/site-chrome";
import { formatMinutes } from "~/components/course-labels";
import { getLesson } from "~/content/queries.server";
import { SLUG_PATTERN } from "~/content/vocabulary";
import { getDb } from "~/db.server";
import { metaT } from "~/i18n/i18n";
import { requestT } from "~/i18n/language.server";

export const handle = translatedHandle;

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const t = metaT(matches);
  return [{ title: (data ? `${data.lesson.title} (${data.course.title})` : t("lesson.notFound")) + t("common.titleSuffix") }];
};

/** The lesson in the visitor's language where it is translated, otherwise in Japanese. */
async function findLesson(request: Request, params: LoaderFunctionArgs["params"]) {
  const courseSlug = params.courseSlug ?? "";
  const lessonSlug = params.lessonSlug ?? "";
  const { lang, t } = requestT(request);
  const found = SLUG_PATTERN.test(courseSlug) && SLUG_PATTERN.test(lessonSlug) ? await getLesson(await getDb(), courseSlug, lessonSlug, lang) : null;
  if (!found) throw new Response(t("lesson.notFound"), { status: 404 });
  return found;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const found = await findLesson(request, params);
  const { contentHash: _hash, id: lessonId, ...lesson } = found.lesson;
  // Signed-in staff have their progress recorded; residents read without an account and nothing is stored.
  const user = await getCurrentUser(request);
  let completed = false;
  if (user && !user.mustChangePassword) {
    completed = (await openLesson(await getDb(), user, found.course.id, lessonId)).completed;
  }
  // The ふりがな switch is offered only where the lesson has readings to show or hide.
  return { ...found, lesson, signedIn: !!user, completed, hasFurigana: lesson.bodyHtml.includes("<ruby") };
}

/** "このレッスンを終える": the learner reached the end and confirms. */
export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await readForm(request);
  requireCsrf(request, form);
  const found = await findLesson(request, params);
  const { courseCompleted } = await completeLesson(await getDb(), user, found.course.id, found.lesson.id, found.lesson.contentHash);
  const courseUrl = `/courses/${found.course.slug}`;
  throw redirect(courseCompleted ? `${courseUrl}?completed=1` : found.next ? `${courseUrl}/${found.next.slug}` : courseUrl);
}

export default function LessonPage() {
  const { course, lesson, total, previous, next, signedIn, completed, hasFurigana } = useLoaderData<typeof loader>();
  const display = useRouteLoaderData<typeof rootLoader>("root")?.display ?? DEFAULT_PREFERENCES;
  const { t, i18n } = useTranslation();
  const courseUrl = `/courses/${course.slug}`;
  // The lesson (and titles) are in the page's language when translated; otherwise they keep their own lang.
  const lang = (language: string) => (language !== i18n.language ? language : undefined);
  return (
    <div className="page">
      <Breadcrumbs
        items={[
          { to: "/", label: t("common.top") },
          { to: courseUrl, label: course.title, lang: lang(course.language) },
          { label: t("lesson.breadcrumb", { number: lesson.number }) },
        ]}
      />
      <article className="lesson" aria-labelledby="lesson-title">
        <header>
          <p className="lesson-progress">
            <Link to={courseUrl} lang={lang(course.language)}>
              {course.title}
            </Link>
            <span>{t("lesson.position", { number: lesson.number, total, time: formatMinutes(lesson.estimatedMinutes, t) })}</span>
          </p>
          {lesson.language !== i18n.language ? (
            <p className="notice translation-notice" role="note">
              {t("lesson.notTranslated")}
            </p>
          ) : null}
          <h1 id="lesson-title" lang={lang(lesson.language)}>
            {lesson.title}
          </h1>
          <div className="lesson-tools">
            <ReadAloud key={`${lesson.slug}-${lesson.language}`} sourceIds={["lesson-title", "lesson-body"]} lang={lesson.language} />
            {hasFurigana ? <FuriganaSwitch current={display.furigana} /> : null}
          </div>
        </header>
        <div className="prose" id="lesson-body" lang={lang(lesson.language)} dangerouslySetInnerHTML={{ __html: lesson.bodyHtml }} />
      </article>

      {signedIn ? (
        <div className="lesson-complete">
          {completed ? (
            <p className="done-mark">{t("lesson.completed")}</p>
          ) : (
            <Form method="post">
              <CsrfInput />
              <p>{t("lesson.completeHint")}</p>
              <button type="submit" className="button primary large">
                {next ? t("lesson.completeAndNext") : t("lesson.complete")}
              </button>
            </Form>
          )}
        </div>
      ) : null}

      <nav className="pager" aria-label={t("lesson.pager")}>
        {previous ? (
          <Link className="pager-link pager-prev" to={`${courseUrl}/${previous.slug}`} rel="prev">
            <span className="pager-label">{t("lesson.previous")}</span>
            <span className="pager-title" lang={lang(previous.language)}>
              {previous.title}
            </span>
          </Link>
        ) : (
          <Link className="pager-link pager-prev" to={courseUrl}>
            <span className="pager-label">{t("lesson.backToStart")}</span>
            <span className="pager-title" lang={lang(course.language)}>
              {course.title}
            </span>
          </Link>
        )}
        {next ? (
          <Link className="pager-link pager-next" to={`${courseUrl}/${next.slug}`} rel="next">
            <span className="pager-label">{t("lesson.next")}</span>
            <span className="pager-title" lang={lang(next.language)}>
              {next.title}
            </span>
          </Link>
        ) : (
          <Link className="pager-link pager-next" to={courseUrl}>
            <span className="pager-label">{t("lesson.last")}</span>
            <span className="pager-title">{t("lesson.backToCourse")}</span>
          </Link>
        )}
      </nav>
    </div>
  );
}
