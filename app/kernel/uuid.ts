import { z } from "zod";

/**
 * Ids of rows are UUIDs (8-4-4-4-12 hex digits, as Postgres writes them). An id that comes from a URL or a form is
 * checked with these before it reaches a query: a malformed one is then "not found" or a 400 in the visitor's language,
 * never a database error (a uuid column refuses the comparison with a 500). One definition for the whole app.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (value: unknown): value is string => typeof value === "string" && UUID.test(value);

/** A zod string that must be a UUID, with the message to show when it is not. */
export const uuidSchema = (message?: string) => z.string().regex(UUID, message);
