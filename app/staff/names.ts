/**
 * Canonical forms of names and ふりがな, shared by the roster import, the admin forms and the class registration form
 * (which also runs in the browser bundle, so this module imports nothing).
 */
export const FULLWIDTH_SPACE = "\u3000";
const COMPAT_IDEOGRAPHS = /[\uF900-\uFAFF\u{2F800}-\u{2FA1F}]/u;
const NOT_COMPAT_IDEOGRAPHS = /[^\uF900-\uFAFF\u{2F800}-\u{2FA1F}]+/gu;

/** NFKC + trim + whitespace runs → one ASCII space. Used for every cell and for registered names when matching. */
export function normalizeRosterText(value: string): string {
  return value.normalize("NFKC").replace(/\s+/g, " ").trim();
}

/** 氏名: like normalizeRosterText, but CJK compatibility ideographs are kept and the separator is a 全角 space. */
export function normalizePersonName(value: string): string {
  const nfkc = COMPAT_IDEOGRAPHS.test(value) ? value.replace(NOT_COMPAT_IDEOGRAPHS, (part) => part.normalize("NFKC")) : value.normalize("NFKC");
  return nfkc.replace(/\s+/g, " ").trim().replace(/ /g, FULLWIDTH_SPACE);
}

/** Full-width katakana (after NFKC, so half-width is covered too) → hiragana. ヷヸヹヺ have no hiragana and stay. */
export function katakanaToHiragana(value: string): string {
  return value.replace(/[\u30A1-\u30F6\u30FD\u30FE]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0x60));
}

/** ふりがな: NFKC, katakana → hiragana, whitespace runs → one 全角 space. */
export function normalizeKana(value: string): string {
  return katakanaToHiragana(normalizeRosterText(value)).replace(/ /g, FULLWIDTH_SPACE);
}
