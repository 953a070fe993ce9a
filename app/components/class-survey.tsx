import { Form } from "react-router";
import { CsrfInput } from "./csrf";
import { TextField } from "./form";

/** A session's survey answers: averages out of 5 and the latest comments. */
export interface SessionSurvey {
  answers: number;
  satisfaction: number | null;
  clarity: number | null;
  comments: { nextTopic: string | null; comment: string | null }[];
}

/** The survey results of a class session, and the form to enter a paper survey (not for a cancelled session). */
export function ClassSurvey({ survey, cancelled, errors }: { survey: SessionSurvey; cancelled: boolean; errors: Record<string, string | undefined> }) {
  return (
    <section aria-labelledby="survey" id="survey-section">
      <h2 id="survey">アンケート</h2>
      <p>
        回答 {survey.answers}件・満足度の平均 {survey.satisfaction ?? "—"}・わかりやすさの平均 {survey.clarity ?? "—"}（5点満点）
      </p>
      {survey.comments.length ? (
        <ul className="plain-list">
          {survey.comments.map((c, i) => (
            <li key={i}>
              {c.nextTopic ? `次に学びたいこと: ${c.nextTopic}` : ""}
              {c.nextTopic && c.comment ? "／" : ""}
              {c.comment ?? ""}
            </li>
          ))}
        </ul>
      ) : null}
      {!cancelled ? (
        <details className="help">
          <summary>紙のアンケートを入力する</summary>
          <Form method="post" className="stack narrow-form">
            <CsrfInput />
            <input type="hidden" name="intent" value="survey" />
            <input type="hidden" name="anchor" value="survey-section" />
            {(["satisfaction", "clarity"] as const).map((field) => (
              <fieldset key={field}>
                <legend>{field === "satisfaction" ? "満足度" : "わかりやすさ"}（5がいちばん良い）</legend>
                <div className="radio-row">
                  {[5, 4, 3, 2, 1].map((n) => (
                    <div className="checkbox" key={n}>
                      <input type="radio" id={`${field}-${n}`} name={field} value={n} />
                      <label htmlFor={`${field}-${n}`}>{n}</label>
                    </div>
                  ))}
                </div>
                {errors[field] ? <p className="field-error">{errors[field]}</p> : null}
              </fieldset>
            ))}
            <TextField id="nextTopic" label="次に学びたいこと" />
            <TextField id="comment" label="ご意見・ご感想" />
            <button type="submit" className="button">
              入力する
            </button>
          </Form>
        </details>
      ) : null}
    </section>
  );
}
