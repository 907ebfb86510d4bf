/**
 * Cursors for keyset pagination: the sort key of the last item, opaque to clients.
 */
import { invalid } from "./errors.ts";
import { msg } from "./i18n/message.ts";
import { isId } from "./ids.ts";

export type Page<T> = { items: T[]; nextCursor: string | null };

export type Position = { at: string; id: string };

export function encodeCursor(position: Position): string {
  return Buffer.from(JSON.stringify([position.at, position.id])).toString("base64url");
}

// Only what encodeCursor makes (ISO 8601 in UTC, up to microseconds) reaches SQL: Date.parse
// also takes "1 2" or 31 February, which PostgreSQL refuses, and that would be a 500.
const TIMESTAMP = /^[1-9]\d{3}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;

function isExactTimestamp(at: string): boolean {
  if (!TIMESTAMP.test(at)) return false;
  const parsed = new Date(at);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 19) === at.slice(0, 19);
}

/**
 * Decodes a cursor a client sent back; a tampered one is a 400 naming the field. The
 * id part must have the shape of one of our ids (every cursored list pages by one),
 * so no NUL or broken surrogate hidden inside the base64 reaches SQL.
 */
export function decodeCursor(cursor: string | undefined): Position | null {
  if (!cursor) return null;
  try {
    const value = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (Array.isArray(value) && typeof value[0] === "string" && typeof value[1] === "string" && isExactTimestamp(value[0]) && isId(value[1])) {
      return { at: value[0], id: value[1] };
    }
  } catch {
    // fall through to the error below
  }
  throw invalid("cursor", msg("problem.cursor.unknown"));
}

/** Builds a page from limit+1 fetched rows. */
export function toPage<R, T>(rows: R[], limit: number, position: (row: R) => Position, present: (row: R) => T): Page<T> {
  const more = rows.length > limit;
  const kept = more ? rows.slice(0, limit) : rows;
  const last = kept[kept.length - 1];
  return { items: kept.map(present), nextCursor: more && last ? encodeCursor(position(last)) : null };
}
