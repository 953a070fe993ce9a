import { useTranslation } from "~/i18n/react";
import { AGE_BANDS, NEEDS } from "~/classes/constants";
import { TextField } from "./form";

/**
 * A resident's minimal details, labelled in the page's language (residents' pages are translated; staff enter the same
 * fields in Japanese). `prefix` keeps ids unique when several such forms are on one page.
 */
export function PersonFields({
  prefix = "",
  values = {},
  errors = {},
}: {
  prefix?: string;
  values?: Record<string, string>;
  errors?: Record<string, string | undefined>;
}) {
  const { t } = useTranslation();
  const id = (name: string) => `${prefix}${name}`;
  return (
    <>
      <TextField id={id("name")} name="name" label={t("person.name")} required autoComplete="off" defaultValue={values.name ?? ""} error={errors.name} />
      <TextField
        id={id("nameKana")}
        name="nameKana"
        label={t("person.nameKana")}
        required
        defaultValue={values.nameKana ?? ""}
        error={errors.nameKana}
        hint={t("person.nameKanaHint")}
      />
      <TextField
        id={id("phone")}
        name="phone"
        label={t("person.phone")}
        type="tel"
        inputMode="tel"
        defaultValue={values.phone ?? ""}
        error={errors.phone}
        hint={t("person.phoneHint")}
      />
      <fieldset aria-describedby={errors.ageBand ? id("ageBand-error") : undefined}>
        <legend>{t("person.ageBand")}</legend>
        <div className="radio-row">
          {(Object.keys(AGE_BANDS) as (keyof typeof AGE_BANDS)[]).map((code) => (
            <div className="checkbox" key={code}>
              <input type="radio" id={id(`age-${code}`)} name="ageBand" value={code} defaultChecked={values.ageBand === code} />
              <label htmlFor={id(`age-${code}`)}>{t(`person.ageBands.${code}`)}</label>
            </div>
          ))}
        </div>
        {errors.ageBand ? (
          <p className="field-error" id={id("ageBand-error")}>
            {errors.ageBand}
          </p>
        ) : null}
      </fieldset>
      <TextField
        id={id("district")}
        name="district"
        label={t("person.district")}
        defaultValue={values.district ?? ""}
        error={errors.district}
        hint={t("person.districtHint")}
      />
      <fieldset>
        <legend>{t("person.needs")}</legend>
        {(Object.keys(NEEDS) as (keyof typeof NEEDS)[]).map((code) => (
          <div className="checkbox" key={code}>
            <input type="checkbox" id={id(`need-${code}`)} name="needs" value={code} />
            <label htmlFor={id(`need-${code}`)}>{t(`person.needOptions.${code}`)}</label>
          </div>
        ))}
      </fieldset>
    </>
  );
}
