import { sql, type SQL, type SQLWrapper } from "drizzle-orm";

/**
 * `attended(status)`: whether an attendance status counts as attending a class, in SQL — a call of the database
 * function of migration 0013, the same rule as `ATTENDED_STATUSES` / `countsAsAttended` in ./constants (issue #19).
 * Pass a column (`attendance.status`) or, in raw SQL with aliases, a fragment (`sql\`a.status\``).
 */
export function attendedSql(status: SQLWrapper): SQL<boolean> {
  return sql<boolean>`attended(${status})`;
}
