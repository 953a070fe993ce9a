import { useTranslation } from "~/i18n/react";
import type { RenderedQuestion, ReviewedQuestion } from "~/quizzes/view.server";

/**
 * One question as form fields (radio, checkbox, true/false, or rank selects for ordering); works without JavaScript.
 * Names, values and element ids are the attempt's opaque values (decision 018): nothing in the markup depends on
 * which answer is right. Labels are in the page's language; `contentLang` marks the question's own text when it is
 * in another one.
 */
export function QuestionFields({ question, number, contentLang }: { question: RenderedQuestion; number: number; contentLang?: string }) {
  const { t } = useTranslation();
  const name = `q:${question.field}`;
  const elementId = (value: string) => `${question.field}-${value}`;
  return (
    <fieldset className="question">
      <legend>
        <span className="question-number">{t("question.number", { number })}</span>
        {question.type === "multiple" ? <span className="question-kind">{t("question.multiple")}</span> : null}
        {question.type === "ordering" ? <span className="question-kind">{t("question.ordering")}</span> : null}
      </legend>
      <div className="prose question-prompt" lang={contentLang} dangerouslySetInnerHTML={{ __html: question.promptHtml }} />
      {question.type === "single" || question.type === "multiple" ? (
        <ul className="choices">
          {question.choices.map((c) => (
            <li key={c.value}>
              <input type={question.type === "single" ? "radio" : "checkbox"} id={elementId(c.value)} name={name} value={c.value} />
              {/* eslint-disable-next-line jsx-a11y/label-has-associated-control -- the label's text is the choice's rendered markdown */}
              <label htmlFor={elementId(c.value)} lang={contentLang} dangerouslySetInnerHTML={{ __html: c.html }} />
            </li>
          ))}
        </ul>
      ) : null}
      {question.type === "truefalse" ? (
        <ul className="choices">
          {question.options.map((o) => (
            <li key={o.value}>
              <input type="radio" id={elementId(o.value)} name={name} value={o.value} />
              <label htmlFor={elementId(o.value)}>{o.truth ? t("question.true") : t("question.false")}</label>
            </li>
          ))}
        </ul>
      ) : null}
      {question.type === "ordering" ? (
        <ol className="ordering">
          {question.items.map((item) => (
            <li key={item.value}>
              {/* eslint-disable-next-line jsx-a11y/label-has-associated-control -- the label's text is the item's rendered markdown */}
              <label htmlFor={elementId(item.value)} lang={contentLang} dangerouslySetInnerHTML={{ __html: item.html }} />
              <select id={elementId(item.value)} name={`order:${question.field}:${item.value}`} defaultValue="">
                <option value="">{t("question.orderPlaceholder")}</option>
                {question.items.map((_, i) => (
                  <option key={i} value={i + 1}>
                    {t("question.orderPosition", { number: i + 1 })}
                  </option>
                ))}
              </select>
            </li>
          ))}
        </ol>
      ) : null}
    </fieldset>
  );
}

/** A graded question: what was chosen, what was right, feedback and explanation. */
export function ReviewedQuestionView({ question, number }: { question: ReviewedQuestion; number: number }) {
  return (
    <section className={`review ${question.correct ? "review-correct" : "review-wrong"}`} aria-labelledby={`review-${number}`}>
      <h3 id={`review-${number}`}>
        第{number}問 <span className="verdict">{question.correct ? "○ 正解" : question.points > 0 ? "△ 一部正解" : "× 不正解"}</span>
        <span className="points">
          （{question.points}/{question.maxPoints}点）
        </span>
      </h3>
      <div className="prose" dangerouslySetInnerHTML={{ __html: question.promptHtml }} />
      {"choices" in question ? (
        <ul className="review-choices">
          {question.choices.map((c, i) => (
            <li key={i} className={[c.correct ? "is-correct" : "", c.chosen ? "is-chosen" : ""].join(" ")}>
              <span className="choice-marks">
                {c.chosen ? "あなたの回答" : ""}
                {c.chosen && c.correct ? "・" : ""}
                {c.correct ? "正解" : ""}
              </span>
              <span dangerouslySetInnerHTML={{ __html: c.html }} />
              {c.feedbackHtml ? <p className="choice-feedback" dangerouslySetInnerHTML={{ __html: c.feedbackHtml }} /> : null}
            </li>
          ))}
        </ul>
      ) : null}
      {"expected" in question ? (
        <p>
          あなたの回答: {question.given}／正解: {question.expected}
        </p>
      ) : null}
      {"expectedOrder" in question ? (
        <div className="order-compare">
          <div>
            <p className="label">あなたの順番</p>
            <ol>
              {question.givenOrder.length ? question.givenOrder.map((t, i) => <li key={i} dangerouslySetInnerHTML={{ __html: t }} />) : <li>（回答なし）</li>}
            </ol>
          </div>
          <div>
            <p className="label">正しい順番</p>
            <ol>
              {question.expectedOrder.map((t, i) => (
                <li key={i} dangerouslySetInnerHTML={{ __html: t }} />
              ))}
            </ol>
          </div>
        </div>
      ) : null}
      <div className="explanation">
        <p className="label">解説</p>
        <div className="prose" dangerouslySetInnerHTML={{ __html: question.explanationHtml }} />
      </div>
    </section>
  );
}
