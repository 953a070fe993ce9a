import { Form, useLocation } from "react-router";
import type { ReactNode } from "react";
import { useTranslation } from "~/i18n/react";
import { CsrfInput } from "./csrf";
import { CONTRASTS, TEXT_SIZES, type DisplayPreferences, type Furigana } from "~/display/preferences";

/**
 * A form that saves one display preference through POST /preferences and comes back to this page. Each choice is a
 * submit button carrying its own value, so one tap changes the setting, with or without JavaScript.
 */
export function PreferenceForm({ children, className }: { children: ReactNode; className?: string }) {
  const location = useLocation();
  return (
    <Form method="post" action="/preferences" className={className} preventScrollReset replace>
      <CsrfInput />
      <input type="hidden" name="returnTo" value={location.pathname + location.search} />
      {children}
    </Form>
  );
}

/** One choice in a group; the current one is marked as pressed (✓) for sight and for screen readers. */
export function ChoiceButton({
  name,
  value,
  current,
  children,
  className,
}: {
  name: string;
  value: string;
  current: string;
  children: ReactNode;
  className?: string;
}) {
  const pressed = value === current;
  return (
    <button type="submit" name={name} value={value} aria-pressed={pressed} className={`choice-button${className ? ` ${className}` : ""}`}>
      {children}
    </button>
  );
}

/** The 文字サイズ and 配色 controls behind the header's 文字サイズ button. */
export function DisplaySettingsPanel({ display }: { display: DisplayPreferences }) {
  const { t } = useTranslation();
  return (
    <PreferenceForm className="display-settings-form">
      <fieldset className="choice-group">
        <legend>{t("display.textSize")}</legend>
        <div className="choice-row">
          {TEXT_SIZES.map((size) => (
            <ChoiceButton key={size} name="textSize" value={size} current={display.textSize} className={`choice-text-${size}`}>
              {t(`display.textSizes.${size}`)}
            </ChoiceButton>
          ))}
        </div>
      </fieldset>
      <fieldset className="choice-group">
        <legend>{t("display.contrast")}</legend>
        <div className="choice-row">
          {CONTRASTS.map((contrast) => (
            <ChoiceButton key={contrast} name="contrast" value={contrast} current={display.contrast}>
              {t(`display.contrasts.${contrast}`)}
            </ChoiceButton>
          ))}
        </div>
      </fieldset>
      <p className="choice-note">{t("display.savedNote")}</p>
    </PreferenceForm>
  );
}

/** ふりがな 表示 / 非表示 on lesson pages; the server hides <rt> with a class on <html> when it is off. */
export function FuriganaSwitch({ current }: { current: Furigana }) {
  const { t } = useTranslation();
  return (
    <PreferenceForm className="furigana-switch">
      <span className="choice-label" id="furigana-label">
        {t("display.furigana")}
      </span>
      <span className="choice-row" role="group" aria-labelledby="furigana-label">
        <ChoiceButton name="furigana" value="on" current={current}>
          {t("display.furiganaOn")}
        </ChoiceButton>
        <ChoiceButton name="furigana" value="off" current={current}>
          {t("display.furiganaOff")}
        </ChoiceButton>
      </span>
    </PreferenceForm>
  );
}
