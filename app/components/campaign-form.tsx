import { Form } from "react-router";
import { CsrfInput } from "./csrf";
import { FormMessage, TextField } from "./form";

export interface CampaignFormValues {
  key: string;
  title: string;
  description: string;
  fiscalYear: number;
  startsOn: string;
  dueOn: string;
  countEarlierCompletions: boolean;
  courseIds: string[];
  audience: { departmentIds: string[]; jobRankIds: string[]; employmentTypes: string[]; roles: string[] };
  reminders: { atStart: boolean; daysBefore: number[]; overdueEveryDays: number | null; copyManagerWhenOverdue: boolean };
}

export interface CampaignFormOptions {
  courses: { id: string; title: string }[];
  departments: { id: string; name: string }[];
  jobRanks: { id: string; name: string }[];
  employmentTypes: [string, string][];
  roles: [string, string][];
  years: { value: number; label: string }[];
}

type Errors = Partial<Record<"key" | "title" | "fiscalYear" | "startsOn" | "dueOn" | "courseIds" | "audience" | "form", string>>;

function Checkboxes({
  legend,
  name,
  options,
  checked,
  hint,
  error,
}: {
  legend: string;
  name: string;
  options: [string, string][];
  checked: string[];
  hint?: string;
  error?: string;
}) {
  return (
    <fieldset className={`checkbox-group${error ? " field-invalid" : ""}`} aria-describedby={error ? `${name}-error` : undefined}>
      <legend>{legend}</legend>
      {hint ? <p className="field-hint">{hint}</p> : null}
      <div className="checkbox-grid">
        {options.map(([value, label]) => (
          <label key={value} className="checkbox">
            <input type="checkbox" name={name} value={value} defaultChecked={checked.includes(value)} /> {label}
          </label>
        ))}
      </div>
      {error ? (
        <p className="field-error" id={`${name}-error`}>
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}

/** Create and edit a campaign (no JavaScript needed). */
export function CampaignForm({
  values,
  options,
  errors = {},
  submitLabel,
}: {
  values: CampaignFormValues;
  options: CampaignFormOptions;
  errors?: Errors;
  submitLabel: string;
}) {
  return (
    <Form method="post" className="stack campaign-form" noValidate>
      <CsrfInput />
      {Object.keys(errors).length ? <FormMessage>{errors.form ?? "入力に誤りがあります。赤字の項目を直してください。"}</FormMessage> : null}
      <TextField id="title" name="title" label="名前" defaultValue={values.title} error={errors.title} hint="例: 2026年度 情報セキュリティ研修" required />
      <TextField
        id="key"
        name="key"
        label="識別名（半角英数字）"
        defaultValue={values.key}
        error={errors.key}
        hint="年度をまたいで同じ研修を表す名前です。翌年度へのコピーとKPIの集計に使います（例: security-annual）。"
        required
      />
      <div className="field">
        <label htmlFor="description">説明（任意）</label>
        <textarea id="description" name="description" rows={3} defaultValue={values.description} />
      </div>
      <div className="field-row">
        <div className={`field${errors.fiscalYear ? " field-invalid" : ""}`}>
          <label htmlFor="fiscalYear">年度</label>
          <select id="fiscalYear" name="fiscalYear" defaultValue={values.fiscalYear}>
            {options.years.map((y) => (
              <option key={y.value} value={y.value}>
                {y.label}
              </option>
            ))}
          </select>
        </div>
        <TextField id="startsOn" name="startsOn" type="date" label="開始日" defaultValue={values.startsOn} error={errors.startsOn} required />
        <TextField id="dueOn" name="dueOn" type="date" label="受講期限" defaultValue={values.dueOn} error={errors.dueOn} required />
      </div>
      <label className="checkbox">
        <input type="checkbox" name="countEarlierCompletions" defaultChecked={values.countEarlierCompletions} /> 開始日より前でも、同じ年度の修了を認める
      </label>
      <Checkboxes
        legend="受講させる講座"
        name="courseIds"
        options={options.courses.map((c) => [c.id, c.title])}
        checked={values.courseIds}
        error={errors.courseIds}
        hint="複数選ぶと、すべての講座を修了して完了になります。"
      />
      <fieldset className="checkbox-group">
        <legend>対象者</legend>
        <p className="field-hint">何も選ばない項目は「すべて」です。選んだ項目どうしは「かつ」で絞り込みます。退職などで無効になった職員は対象から外れます。</p>
        {errors.audience ? <p className="field-error">{errors.audience}</p> : null}
        <Checkboxes legend="課" name="departmentIds" options={options.departments.map((d) => [d.id, d.name])} checked={values.audience.departmentIds} />
        <Checkboxes legend="職位" name="jobRankIds" options={options.jobRanks.map((r) => [r.id, r.name])} checked={values.audience.jobRankIds} />
        <Checkboxes legend="雇用形態" name="employmentTypes" options={options.employmentTypes} checked={values.audience.employmentTypes} />
        <Checkboxes legend="役割" name="roles" options={options.roles} checked={values.audience.roles} />
      </fieldset>
      <fieldset className="checkbox-group">
        <legend>督促メール</legend>
        <label className="checkbox">
          <input type="checkbox" name="remindAtStart" defaultChecked={values.reminders.atStart} /> 開始日に案内を送る
        </label>
        <TextField
          id="daysBefore"
          name="daysBefore"
          label="期限の何日前に送るか"
          defaultValue={values.reminders.daysBefore.join(", ")}
          hint="例: 14, 7, 1（空欄なら送りません）"
          inputMode="numeric"
        />
        <TextField
          id="overdueEveryDays"
          name="overdueEveryDays"
          label="期限を過ぎたあと、何日ごとに送るか"
          defaultValue={values.reminders.overdueEveryDays ?? ""}
          hint="例: 7（空欄なら期限後は送りません）"
          inputMode="numeric"
        />
        <label className="checkbox">
          <input type="checkbox" name="copyManagerWhenOverdue" defaultChecked={values.reminders.copyManagerWhenOverdue} />{" "}
          期限を過ぎたら所属の課長にも写し（CC）を送る
        </label>
      </fieldset>
      <p>
        <button type="submit" className="button primary">
          {submitLabel}
        </button>
      </p>
    </Form>
  );
}
