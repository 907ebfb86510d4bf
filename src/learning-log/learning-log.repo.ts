/** Every query of the learning log. Each one that reads entries is scoped by the owner's account id. */
import { sql } from "kysely";
import type { Db } from "../db/connection.ts";
import { exactTimestamp } from "../db/keyset.ts";
import type { LearningLogKind, MinutesSource } from "../db/schema.ts";
import type { Position } from "../shared/cursor.ts";

export type EntryRow = {
  id: string;
  kind: LearningLogKind;
  thread_id: string | null;
  title: string;
  community_name: string | null;
  community_slug: string | null;
  minutes: number;
  minutes_source: MinutesSource;
  what_happened: string | null;
  what_learned: string | null;
  what_next: string | null;
  occurred_at: Date;
  cursor_at: string;
};

const ENTRY_COLUMNS = [
  "e.id",
  "e.kind",
  "e.thread_id",
  "e.title",
  "e.community_name",
  "e.community_slug",
  "e.minutes",
  "e.minutes_source",
  "e.what_happened",
  "e.what_learned",
  "e.what_next",
  "e.occurred_at",
] as const;

export type SettingsRow = { enabled: boolean; print_name: string | null };

export async function settingsOf(db: Db, accountId: string): Promise<SettingsRow | undefined> {
  return db.selectFrom("learning_log_settings").select(["enabled", "print_name"]).where("account_id", "=", accountId).executeTakeFirst();
}

export async function writeSettings(db: Db, accountId: string, settings: SettingsRow): Promise<void> {
  await db
    .insertInto("learning_log_settings")
    .values({ account_id: accountId, ...settings })
    .onConflict((oc) => oc.column("account_id").doUpdateSet({ ...settings, updated_at: new Date() }))
    .execute();
}

/** What the job needs to know of a reply: who wrote it (their account), the thread as it is now, and whether it is a question. */
export type ReplyFacts = {
  post_id: string;
  thread_id: string;
  created_at: Date;
  cursor_at: string;
  body: string;
  deleted_at: Date | null;
  account_id: string;
  thread_author_account_id: string;
  title: string;
  community_name: string;
  community_slug: string;
  is_question: boolean;
};

export async function replyFacts(db: Db, postId: string): Promise<ReplyFacts | undefined> {
  return db
    .selectFrom("posts as po")
    .innerJoin("personas as pe", "pe.id", "po.author_persona_id")
    .innerJoin("threads as th", "th.id", "po.thread_id")
    .innerJoin("personas as tpe", "tpe.id", "th.author_persona_id")
    .innerJoin("communities as c", "c.id", "th.community_id")
    .select(["po.id as post_id", "po.thread_id", "po.created_at", "po.body", "po.deleted_at", "pe.account_id", "tpe.account_id as thread_author_account_id", "th.title", "c.name as community_name", "c.slug as community_slug"])
    .select(exactTimestamp("po.created_at").as("cursor_at"))
    .select(sql<boolean>`exists (select 1 from questions q where q.thread_id = th.id)`.as("is_question"))
    .where("po.id", "=", postId)
    .executeTakeFirst();
}

/** The bodies of the posts just before a reply in its thread (at most `limit`, deleted ones left out): what its writer read. */
export async function bodiesBefore(db: Db, threadId: string, before: Position, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom("posts")
    .select("body")
    .where("thread_id", "=", threadId)
    .where("deleted_at", "is", null)
    .where(sql<boolean>`(created_at, id) < (${before.at}::timestamptz, ${before.id})`)
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .limit(limit)
    .execute();
  return rows.map((r) => r.body);
}

export type NewEntry = {
  id: string;
  account_id: string;
  kind: LearningLogKind;
  thread_id: string | null;
  post_id: string | null;
  title: string;
  community_name: string | null;
  community_slug: string | null;
  minutes: number;
  minutes_source: MinutesSource;
  what_happened?: string | null;
  what_learned?: string | null;
  what_next?: string | null;
  occurred_at: Date;
};

/** Inserts an entry; one for a thread the account already has is not written (false). */
export async function insertEntry(db: Db, row: NewEntry): Promise<boolean> {
  const inserted = await db
    .insertInto("learning_log_entries")
    .values(row)
    .onConflict((oc) => oc.columns(["account_id", "thread_id"]).where("thread_id", "is not", null).doNothing())
    .returning("id")
    .executeTakeFirst();
  return inserted !== undefined;
}

/** The owner's entries, newest first, a page at a time. */
export async function listEntries(db: Db, accountId: string, after: Position | null, limit: number): Promise<EntryRow[]> {
  let query = db
    .selectFrom("learning_log_entries as e")
    .select(ENTRY_COLUMNS)
    .select(exactTimestamp("e.occurred_at").as("cursor_at"))
    .where("e.account_id", "=", accountId)
    .orderBy("e.occurred_at", "desc")
    .orderBy("e.id", "desc")
    .limit(limit + 1);
  if (after) query = query.where(sql<boolean>`(e.occurred_at, e.id) < (${after.at}::timestamptz, ${after.id})`);
  return query.execute();
}

/** Every entry of the owner, oldest first (the export and the printed page), at most `limit`. */
export async function allEntries(db: Db, accountId: string, limit: number): Promise<EntryRow[]> {
  return db
    .selectFrom("learning_log_entries as e")
    .select(ENTRY_COLUMNS)
    .select(exactTimestamp("e.occurred_at").as("cursor_at"))
    .where("e.account_id", "=", accountId)
    .orderBy("e.occurred_at", "asc")
    .orderBy("e.id", "asc")
    .limit(limit)
    .execute();
}

export async function entryOf(db: Db, accountId: string, id: string): Promise<EntryRow | undefined> {
  return db
    .selectFrom("learning_log_entries as e")
    .select(ENTRY_COLUMNS)
    .select(exactTimestamp("e.occurred_at").as("cursor_at"))
    .where("e.account_id", "=", accountId)
    .where("e.id", "=", id)
    .executeTakeFirst();
}

export type EntryChanges = Partial<{ minutes: number; minutes_source: MinutesSource; what_happened: string | null; what_learned: string | null; what_next: string | null }>;

/** Changes the owner's entry; false when the account has no entry of that id. */
export async function updateEntry(db: Db, accountId: string, id: string, changes: EntryChanges): Promise<boolean> {
  const updated = await db
    .updateTable("learning_log_entries")
    .set({ ...changes, updated_at: new Date() })
    .where("account_id", "=", accountId)
    .where("id", "=", id)
    .returning("id")
    .executeTakeFirst();
  return updated !== undefined;
}

export async function deleteEntry(db: Db, accountId: string, id: string): Promise<boolean> {
  const deleted = await db.deleteFrom("learning_log_entries").where("account_id", "=", accountId).where("id", "=", id).returning("id").executeTakeFirst();
  return deleted !== undefined;
}
