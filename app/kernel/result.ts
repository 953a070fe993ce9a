/**
 * What a domain function that changes something answers (decision 023):
 * - `{ ok: true, ...value }` when it was done;
 * - `{ ok: false, error, status? }` when it was refused as a whole: `error` is the Japanese sentence to show, `status`
 *   the HTTP status a route should answer with (404 for a row that is not there, 409 for a state that forbids it; 400
 *   when left out);
 * - `{ ok: false, errors }` when a form's fields were wrong: one message per field name.
 * Functions that only look something up answer the value or `null` (not found); they never throw for "not found".
 */
export type Result<T extends object = object> = ({ ok: true } & T) | Refusal;
export type FormResult<T extends object = object, E extends FieldErrors = FieldErrors> = ({ ok: true } & T) | { ok: false; errors: E };

export interface Refusal {
  ok: false;
  error: string;
  status?: number;
}

/** A message per form field that is wrong. */
export type FieldErrors = Partial<Record<string, string>>;

/** A refusal with its message (and HTTP status). */
export const refuse = (error: string, status?: number): Refusal => (status === undefined ? { ok: false, error } : { ok: false, error, status });
