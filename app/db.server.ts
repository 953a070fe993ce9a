// Routes reach the database only through this `.server` module, so the database drivers never enter the browser bundle.
export { getDb } from "../db/client";
export type { Db } from "../db/client";
