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
