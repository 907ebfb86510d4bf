/**
 * Cursors for keyset pagination: the sort key of the last item, opaque to clients.
 */
import { invalid } from "./errors.ts";

export type Page<T> = { items: T[]; nextCursor: string | null };

export type Position = { at: string; id: string };

export function encodeCursor(position: Position): string {
  return Buffer.from(JSON.stringify([position.at, position.id])).toString("base64url");
}

/** Decodes a cursor a client sent back; a tampered one is a 400 naming the field. */
export function decodeCursor(cursor: string | undefined): Position | null {
  if (!cursor) return null;
  try {
    const value = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (Array.isArray(value) && typeof value[0] === "string" && typeof value[1] === "string" && !Number.isNaN(Date.parse(value[0]))) {
      return { at: value[0], id: value[1] };
    }
  } catch {
    // fall through to the error below
  }
  throw invalid("cursor", "is not a cursor this server gave out; start again without it");
}

/** Builds a page from limit+1 fetched rows. */
export function toPage<R, T>(rows: R[], limit: number, position: (row: R) => Position, present: (row: R) => T): Page<T> {
  const more = rows.length > limit;
  const kept = more ? rows.slice(0, limit) : rows;
  const last = kept[kept.length - 1];
  return { items: kept.map(present), nextCursor: more && last ? encodeCursor(position(last)) : null };
}
