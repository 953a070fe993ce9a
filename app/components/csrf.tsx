import { useRouteLoaderData } from "react-router";
import type { loader as rootLoader } from "~/root";

export const CSRF_FIELD = "_csrf";

/** The hidden CSRF field every <Form method="post"> must contain. */
export function CsrfInput() {
  const data = useRouteLoaderData<typeof rootLoader>("root");
  return <input type="hidden" name={CSRF_FIELD} value={data?.csrfToken ?? ""} />;
}
