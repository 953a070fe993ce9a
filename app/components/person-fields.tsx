import { AGE_BANDS, NEEDS } from "~/classes/constants";
import { TextField } from "./form";

/** A resident's minimal details. `prefix` keeps ids unique when several such forms are on one page. */
export function PersonFields({ prefix = "", values = {}, errors = {} }: { prefix?: string; values?: Record<string, string>; errors?: Record<string, string | undefined> }) {
  const id = (name: string) => `${prefix}${name}`;
  return (
    <>
      <TextField id={id("name")} name="name" label="お名前" required autoComplete="off" defaultValue={values.name ?? ""} error={errors.name} />
      <TextField id={id("nameKana")} name="nameKana" label="ふりがな" required defaultValue={values.nameKana ?? ""} error={errors.nameKana} hint="ひらがなで入力してください。" />
      <TextField
        id={id("phone")}
        name="phone"
        label="電話番号（なくてもかまいません）"
        type="tel"
        inputMode="tel"
        defaultValue={values.phone ?? ""}
        error={errors.phone}
        hint="教室が中止になったときなどに、お知らせします。"
      />
      <fieldset aria-describedby={errors.ageBand ? id("ageBand-error") : undefined}>
        <legend>年代</legend>
        <div className="radio-row">
          {Object.entries(AGE_BANDS).map(([code, label]) => (
            <div className="checkbox" key={code}>
              <input type="radio" id={id(`age-${code}`)} name="ageBand" value={code} defaultChecked={values.ageBand === code} />
              <label htmlFor={id(`age-${code}`)}>{label}</label>
            </div>
          ))}
        </div>
        {errors.ageBand ? (
          <p className="field-error" id={id("ageBand-error")}>
            {errors.ageBand}
          </p>
        ) : null}
      </fieldset>
      <TextField id={id("district")} name="district" label="お住まいの地区（なくてもかまいません）" defaultValue={values.district ?? ""} error={errors.district} hint="例: 本郷、荒川沖" />
      <fieldset>
        <legend>お手伝いが必要なこと（あてはまるものに）</legend>
        {Object.entries(NEEDS).map(([code, label]) => (
          <div className="checkbox" key={code}>
            <input type="checkbox" id={id(`need-${code}`)} name="needs" value={code} />
            <label htmlFor={id(`need-${code}`)}>{label}</label>
          </div>
        ))}
      </fieldset>
    </>
  );
}
