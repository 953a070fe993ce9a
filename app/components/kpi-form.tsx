import { Form } from "react-router";
import { CATEGORIES } from "~/content/vocabulary";
import { ORGANIZER_TYPES } from "~/classes/constants";
import { CsrfInput } from "./csrf";
import { FormMessage, SelectField, TextField } from "./form";

type Values = Record<
  | "code"
  | "name"
  | "policyArea"
  | "unit"
  | "direction"
  | "accumulation"
  | "baselineValue"
  | "baselineFiscalYear"
  | "targets"
  | "sourceKind"
  | "metric"
  | "category"
  | "audience"
  | "organizerType"
  | "aggregate"
  | "campaign"
  | "course"
  | "program"
  | "programMetric",
  string
>;
type Errors = Partial<Record<"code" | "name" | "policyArea" | "unit" | "direction" | "accumulation" | "baseline" | "targets" | "source" | "form", string>>;

const METRICS = {
  sessions_held: "実施した回数（実施済みの回）",
  unique_participants: "参加した人数（重複なし）",
  total_attendances: "のべ出席者数",
  average_satisfaction: "アンケートの満足度（平均）",
};

/** Name, code, policy area, unit, direction, baseline and targets. */
function KpiBasicsFields({ values, errors }: { values: Values; errors: Errors }) {
  return (
    <>
      <TextField id="name" name="name" label="名前（計画に書かれているとおり）" defaultValue={values.name} error={errors.name} required />
      <TextField id="code" name="code" label="識別名（半角英数字）" defaultValue={values.code} error={errors.code} hint="例: smartphone-classes" required />
      <TextField
        id="policyArea"
        name="policyArea"
        label="基本方針（報告書のページ分け）"
        defaultValue={values.policyArea}
        error={errors.policyArea}
        hint="例: 基本方針1-③ デジタルデバイド対策"
        required
      />
      <div className="field-row">
        <TextField id="unit" name="unit" label="単位" defaultValue={values.unit} error={errors.unit} hint="例: 回、人、%" required />
        <SelectField id="direction" label="目指す方向" defaultValue={values.direction} error={errors.direction}>
          <option value="increase">増やす</option>
          <option value="decrease">減らす</option>
          <option value="keep">維持する（例: 0件を維持）</option>
        </SelectField>
        <SelectField id="accumulation" label="数え方" defaultValue={values.accumulation} error={errors.accumulation}>
          <option value="yearly">年度ごとに数える（年間あたり）</option>
          <option value="level">その時点の値（累計・率）</option>
        </SelectField>
      </div>
      <div className="field-row">
        <TextField
          id="baselineValue"
          name="baselineValue"
          label="基準値（現状値）"
          defaultValue={values.baselineValue}
          error={errors.baseline}
          inputMode="decimal"
          required
        />
        <TextField
          id="baselineFiscalYear"
          name="baselineFiscalYear"
          label="基準年度（西暦）"
          defaultValue={values.baselineFiscalYear}
          inputMode="numeric"
          required
        />
      </div>
      <div className={`field${errors.targets ? " field-invalid" : ""}`}>
        <label htmlFor="targets">目標（1行に「年度: 値」）</label>
        <p className="field-hint" id="targets-hint">
          例: 2027: 46。計画に最終年度の目標しかないときは、その1行だけで構いません。途中の年度は按分して表示します。
        </p>
        <textarea
          id="targets"
          name="targets"
          rows={3}
          defaultValue={values.targets}
          aria-describedby={errors.targets ? "targets-hint targets-error" : "targets-hint"}
          aria-invalid={errors.targets ? true : undefined}
        />
        {errors.targets ? (
          <p className="field-error" id="targets-error">
            {errors.targets}
          </p>
        ) : null}
      </div>
    </>
  );
}

/** Where the actual values come from: every source's fields, the chosen one is used. */
function KpiSourceFields({ values, errors, courses }: { values: Values; errors: Errors; courses: { slug: string; title: string }[] }) {
  return (
    <fieldset className="checkbox-group">
      <legend>実績の出どころ</legend>
      {errors.source ? <p className="field-error">{errors.source}</p> : null}
      <p className="field-hint">選んだ種類の欄だけが使われます。</p>
      <label className="checkbox">
        <input type="radio" name="sourceKind" value="records" defaultChecked={values.sourceKind === "records"} /> 教室・研修の記録から数える
      </label>
      <div className="field-row indent">
        <SelectField id="metric" label="数えるもの" defaultValue={values.metric}>
          {Object.entries(METRICS).map(([v, l]) => (
            <option key={v} value={v}>
              {l}
            </option>
          ))}
        </SelectField>
        <SelectField id="category" label="分野" defaultValue={values.category}>
          <option value="">すべて</option>
          {Object.entries(CATEGORIES).map(([v, l]) => (
            <option key={v} value={v}>
              {l}
            </option>
          ))}
        </SelectField>
        <SelectField id="audience" label="対象" defaultValue={values.audience}>
          <option value="">すべて</option>
          <option value="residents">住民向け</option>
          <option value="staff">職員向け（研修）</option>
        </SelectField>
        <SelectField id="organizerType" label="主催" defaultValue={values.organizerType}>
          <option value="">すべて</option>
          {Object.entries(ORGANIZER_TYPES).map(([v, l]) => (
            <option key={v} value={v}>
              {l}
            </option>
          ))}
        </SelectField>
      </div>
      <label className="checkbox">
        <input type="radio" name="sourceKind" value="completion" defaultChecked={values.sourceKind === "completion"} /> 研修の修了率（%）
      </label>
      <div className="field-row indent">
        <TextField
          id="campaign"
          name="campaign"
          label="必修研修の識別名"
          defaultValue={values.campaign}
          hint="例: security-annual（対象者のうち修了した割合）"
        />
        <SelectField id="course" label="または講座（在職職員のうち修了した割合）" defaultValue={values.course}>
          <option value="">選ばない</option>
          {courses.map((c) => (
            <option key={c.slug} value={c.slug}>
              {c.title}
            </option>
          ))}
        </SelectField>
      </div>
      <label className="checkbox">
        <input type="radio" name="sourceKind" value="program" defaultChecked={values.sourceKind === "program"} /> DX推進員の制度から数える
      </label>
      <div className="field-row indent">
        <input type="hidden" name="program" value={values.program || "dx-promoter"} />
        <SelectField id="programMetric" label="数えるもの" defaultValue={values.programMetric}>
          <option value="certified_promoters">認定中のDX推進員の人数</option>
          <option value="promoter_coverage">DX推進員がいる課の割合（%）</option>
          <option value="confirmed_activities">確認済みの改善活動の件数</option>
        </SelectField>
      </div>
      <label className="checkbox">
        <input type="radio" name="sourceKind" value="manual" defaultChecked={values.sourceKind === "manual"} /> 手で入力する
      </label>
      <div className="field-row indent">
        <SelectField id="aggregate" label="年度の値" defaultValue={values.aggregate}>
          <option value="sum">年度内の入力の合計（例: インシデント件数）</option>
          <option value="latest">最後に入力した値（例: 累計・率）</option>
        </SelectField>
      </div>
    </fieldset>
  );
}

/** Create or edit a KPI (the DX office). Works without JavaScript: every source's fields are shown, the chosen one is used. */
export function KpiForm({
  values,
  errors = {},
  submitLabel,
  courses,
}: {
  values: Values;
  errors?: Errors;
  submitLabel: string;
  courses: { slug: string; title: string }[];
}) {
  return (
    <Form method="post" className="stack" noValidate>
      <CsrfInput />
      {Object.keys(errors).length ? <FormMessage>{errors.form ?? "入力に誤りがあります。赤字の項目を直してください。"}</FormMessage> : null}
      <KpiBasicsFields values={values} errors={errors} />
      <KpiSourceFields values={values} errors={errors} courses={courses} />
      <p>
        <button type="submit" className="button primary">
          {submitLabel}
        </button>
      </p>
    </Form>
  );
}
