/** `npm run content:check`: validates every file under content/ and prints one line per problem. Touches no database. */
import { ContentError, contentRoot, loadContent } from "../app/content/load.server";

try {
  const content = await loadContent(contentRoot());
  const lessons = content.courses.reduce((n, c) => n + c.lessons.length, 0);
  const quizzes = content.courses.reduce((n, c) => n + c.quizzes.length, 0);
  const courseTranslations = content.courses.reduce((n, c) => n + c.translations.length, 0);
  const lessonTranslations = content.courses.reduce((n, c) => n + c.lessons.reduce((m, l) => m + l.translations.length, 0), 0);
  const quizTranslations = content.courses.reduce((n, c) => n + c.quizzes.reduce((m, q) => m + q.translations.length, 0), 0);
  console.log(
    `content/ は正しく書けています: 講座 ${content.courses.length} 件、レッスン ${lessons} 件、クイズ ${quizzes} 件、自治体 ${content.organizations.length} 件、認定制度 ${content.programs.length} 件` +
      `、翻訳 講座 ${courseTranslations} 件・レッスン ${lessonTranslations} 件・クイズ ${quizTranslations} 件`,
  );
} catch (error) {
  if (error instanceof ContentError) {
    console.error(error.message);
    console.error(`content/ に ${error.problems.length} 件の誤りがあります。`);
    process.exit(1);
  }
  throw error;
}
