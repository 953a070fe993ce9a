/**
 * Display preferences for senior mode: text size, contrast and furigana. Kept in one cookie, read by the root loader
 * and applied as classes on <html> while the page is rendered on the server, so the page never flashes in the wrong
 * size and nothing needs JavaScript. This module is shared by the server and the browser bundle.
 */
export const TEXT_SIZES = ["standard", "large", "xlarge"] as const;
export const CONTRASTS = ["standard", "high"] as const;
export const FURIGANA = ["on", "off"] as const;

export type TextSize = (typeof TEXT_SIZES)[number];
export type Contrast = (typeof CONTRASTS)[number];
export type Furigana = (typeof FURIGANA)[number];

export interface DisplayPreferences {
  textSize: TextSize;
  contrast: Contrast;
  /** Furigana is shown unless the visitor turned it off (residents' courses are written with it). */
  furigana: Furigana;
}

export const DEFAULT_PREFERENCES: DisplayPreferences = { textSize: "standard", contrast: "standard", furigana: "on" };

export const TEXT_SIZE_LABELS: Record<TextSize, string> = { standard: "標準", large: "大", xlarge: "特大" };
export const CONTRAST_LABELS: Record<Contrast, string> = { standard: "標準", high: "高コントラスト" };

function pick<T extends string>(allowed: readonly T[], value: unknown): T | undefined {
  return typeof value === "string" && (allowed as readonly string[]).includes(value) ? (value as T) : undefined;
}

/** Reads the cookie value (`text=large&contrast=high&furigana=off`); anything unknown falls back to the default. */
export function parsePreferences(value: string | null | undefined): DisplayPreferences {
  const params = new URLSearchParams(value ?? "");
  return {
    textSize: pick(TEXT_SIZES, params.get("text")) ?? DEFAULT_PREFERENCES.textSize,
    contrast: pick(CONTRASTS, params.get("contrast")) ?? DEFAULT_PREFERENCES.contrast,
    furigana: pick(FURIGANA, params.get("furigana")) ?? DEFAULT_PREFERENCES.furigana,
  };
}

export function serializePreferences(prefs: DisplayPreferences): string {
  return new URLSearchParams({ text: prefs.textSize, contrast: prefs.contrast, furigana: prefs.furigana }).toString();
}

/** Applies the fields a form sent (only valid ones) on top of the current preferences. */
export function updatePreferences(current: DisplayPreferences, form: { get(name: string): unknown }): DisplayPreferences {
  return {
    textSize: pick(TEXT_SIZES, form.get("textSize")) ?? current.textSize,
    contrast: pick(CONTRASTS, form.get("contrast")) ?? current.contrast,
    furigana: pick(FURIGANA, form.get("furigana")) ?? current.furigana,
  };
}

/** The classes on <html> (see app/styles/base.css for 文字サイズ and ふりがな, app/styles/high-contrast.css). */
export function preferenceClasses(prefs: DisplayPreferences): string | undefined {
  const classes = [
    prefs.textSize !== "standard" ? `text-${prefs.textSize}` : null,
    prefs.contrast === "high" ? "theme-high-contrast" : null,
    prefs.furigana === "off" ? "furigana-off" : null,
  ].filter((c): c is string => c !== null);
  return classes.length > 0 ? classes.join(" ") : undefined;
}
