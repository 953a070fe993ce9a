/**
 * The Origin of a state-changing request, judged before React Router sees it. React Router 7 aborts an action whose
 * Origin is `null`, malformed or another site's with an error (an empty 500); the app's own CSRF check
 * (app/auth/csrf.server.ts) already refuses cross-site posts with a clear 403 and accepts `Origin: null`, which
 * browsers send from pages with a strict referrer policy, when the CSRF token matches.
 *
 * - "same": no Origin, or this site's own: pass on.
 * - "opaque": `Origin: null`: pass on without the header (the CSRF token still has to match).
 * - "foreign": another site, or not a URL: refuse here with 403.
 */
export type OriginVerdict = "same" | "opaque" | "foreign";

/** `siteOrigin` is this request's own origin as the server sees it (protocol and host, e.g. `https://manabiya.example.jp`). */
export function judgeOrigin(origin: string | undefined, siteOrigin: string): OriginVerdict {
  if (origin === undefined || origin === "") return "same";
  if (origin === "null") return "opaque";
  try {
    return new URL(origin).origin === new URL(siteOrigin).origin ? "same" : "foreign";
  } catch {
    return "foreign";
  }
}

/** The refusal page: Japanese first, English below, no script, nothing from the request echoed back. */
export const FOREIGN_ORIGIN_PAGE = `<!doctype html>
<html lang="ja"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>送信を受け付けられませんでした | 学び舎</title></head>
<body style="font-family: sans-serif; font-size: 1.25rem; line-height: 1.8; max-width: 40rem; margin: 2rem auto; padding: 0 1rem">
<h1>送信を受け付けられませんでした</h1>
<p>別のサイトから送信されたため、安全のため受け付けませんでした。学び舎のページを開き直してから、もう一度お試しください。</p>
<p><a href="/">学び舎のトップページへ</a></p>
<p lang="en">This form was sent from another site, so it was refused. Please open the page on this site again and retry.</p>
</body></html>
`;
