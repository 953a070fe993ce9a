import { Form, useLocation } from "@remix-run/react";
import type { ReactNode } from "react";
import { CsrfInput } from "./csrf";
import { CONTRAST_LABELS, CONTRASTS, TEXT_SIZE_LABELS, TEXT_SIZES, type DisplayPreferences, type Furigana } from "~/display/preferences";

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
export function ChoiceButton({ name, value, current, children, className }: { name: string; value: string; current: string; children: ReactNode; className?: string }) {
  const pressed = value === current;
  return (
    <button type="submit" name={name} value={value} aria-pressed={pressed} className={`choice-button${className ? ` ${className}` : ""}`}>
      {children}
    </button>
  );
}

/** The 文字サイズ and 配色 controls behind the header's 文字サイズ button. */
export function DisplaySettingsPanel({ display }: { display: DisplayPreferences }) {
  return (
    <PreferenceForm className="display-settings-form">
      <fieldset className="choice-group">
        <legend>文字サイズ</legend>
        <div className="choice-row">
          {TEXT_SIZES.map((size) => (
            <ChoiceButton key={size} name="textSize" value={size} current={display.textSize} className={`choice-text-${size}`}>
              {TEXT_SIZE_LABELS[size]}
            </ChoiceButton>
          ))}
        </div>
      </fieldset>
      <fieldset className="choice-group">
        <legend>配色</legend>
        <div className="choice-row">
          {CONTRASTS.map((contrast) => (
            <ChoiceButton key={contrast} name="contrast" value={contrast} current={display.contrast}>
              {CONTRAST_LABELS[contrast]}
            </ChoiceButton>
          ))}
        </div>
      </fieldset>
      <p className="choice-note">この端末のこのブラウザーに保存されます。</p>
    </PreferenceForm>
  );
}

/** ふりがな 表示 / 非表示 on lesson pages; the server hides <rt> with a class on <html> when it is off. */
export function FuriganaSwitch({ current }: { current: Furigana }) {
  return (
    <PreferenceForm className="furigana-switch">
      <span className="choice-label" id="furigana-label">
        ふりがな
      </span>
      <span className="choice-row" role="group" aria-labelledby="furigana-label">
        <ChoiceButton name="furigana" value="on" current={current}>
          表示
        </ChoiceButton>
        <ChoiceButton name="furigana" value="off" current={current}>
          非表示
        </ChoiceButton>
      </span>
    </PreferenceForm>
  );
}
