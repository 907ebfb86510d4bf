/** Calendars' queries (ADR 47): when events last changed, and the personal feeds (one per account, found by its token's hash). */
import type { Db } from "../db/connection.ts";

export async function feedOf(db: Db, accountId: string): Promise<{ created_at: Date } | undefined> {
  return db.selectFrom("calendar_feeds").select("created_at").where("account_id", "=", accountId).executeTakeFirst();
}

/** Makes the account's feed, or replaces its token: the old hash is gone in the same statement. */
export async function putFeed(db: Db, row: { account_id: string; token_sha256: string; created_at: Date }): Promise<void> {
  await db
    .insertInto("calendar_feeds")
    .values(row)
    .onConflict((c) => c.column("account_id").doUpdateSet({ token_sha256: row.token_sha256, created_at: row.created_at }))
    .execute();
}

/** The account whose feed has this token hash (a unique index: the lookup is the check). */
export async function accountOfToken(db: Db, tokenSha256: string): Promise<string | undefined> {
  const row = await db.selectFrom("calendar_feeds").select("account_id").where("token_sha256", "=", tokenSha256).executeTakeFirst();
  return row?.account_id;
}

/** When each event last changed (a calendar's SEQUENCE and LAST-MODIFIED). */
export async function updatedAtOf(db: Db, eventIds: string[]): Promise<Map<string, Date>> {
  if (eventIds.length === 0) return new Map();
  const rows = await db.selectFrom("events").select(["id", "updated_at"]).where("id", "in", eventIds).execute();
  return new Map(rows.map((r) => [r.id, r.updated_at]));
}
