/**
 * Keyset cursors need the sort key exactly as the database holds it. PostgreSQL keeps
 * timestamps to the microsecond but a JavaScript Date only to the millisecond, so a
 * cursor made from a Date would land just before the last row of the page and show
 * it again on the next (or skip rows written in the same millisecond).
 */
import { sql, type RawBuilder } from "kysely";

/** A timestamp column as ISO 8601 text in UTC with microseconds, for use as a cursor position. */
export function exactTimestamp(column: string): RawBuilder<string> {
  return sql<string>`to_char(${sql.ref(column)} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

/**
 * The day of a timestamp column (UTC), as midnight in the same text form, for cursors
 * of lists that show only the day: a cursor must not give back the time of day that
 * the list hides. The query then finds its place from the row the cursor names.
 */
export function dayTimestamp(column: string): RawBuilder<string> {
  return sql<string>`to_char(date_trunc('day', ${sql.ref(column)} at time zone 'UTC'), 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;
}
