import { COMMON_PASSWORDS } from "./common-passwords";

/**
 * Password rules after NIST SP 800-63B: at least 8 characters, at most 128, not a commonly used password, not the
 * user's own identifiers. No composition rules (no "must contain a symbol"), no forced periodic change.
 */
export const MIN_LENGTH = 8;
export const MAX_LENGTH = 128;

const COMMON = new Set(COMMON_PASSWORDS);

export function checkNewPassword(password: string, context: { staffNumber?: string; email?: string | null; name?: string } = {}): string | null {
  const length = [...password.normalize("NFKC")].length;
  if (length < MIN_LENGTH)
    return `パスワードは${MIN_LENGTH}文字以上にしてください（いまは${length}文字です）。長めの文や、いくつかの単語をつなげたものがおすすめです。`;
  if (length > MAX_LENGTH) return `パスワードは${MAX_LENGTH}文字以内にしてください。`;
  const lower = password.normalize("NFKC").toLowerCase();
  if (COMMON.has(lower)) return "このパスワードはよく使われていて、推測されやすいため使えません。別のパスワードにしてください。";
  if (/^(.)\1+$/u.test(lower)) return "同じ文字だけのパスワードは使えません。";
  const own = [context.staffNumber, context.email, context.email?.split("@")[0]].filter((v): v is string => !!v && v.length >= 3);
  if (own.some((v) => lower.includes(v.toLowerCase()))) return "職員番号やメールアドレスを含むパスワードは使えません。";
  return null;
}
