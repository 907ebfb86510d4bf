/** Every query about follows and bookmarks: making and undoing them, the member's own lists, and a target's followers for fan-out. */
import { sql } from "kysely";
import type { Db } from "../db/connection.ts";
import { exactTimestamp } from "../db/keyset.ts";
import { personaJson, type PersonaJson } from "../db/persona-columns.ts";
import { readableSpaceCondition } from "../db/visibility.sql.ts";
import type { Position } from "../shared/cursor.ts";
import type { SignedInViewer } from "../shared/viewer.ts";

export type FollowTarget = { thread_id: string } | { space_id: string } | { followed_persona_id: string };
export type BookmarkTarget = { thread_id: string } | { post_id: string };

type TargetColumn = "thread_id" | "space_id" | "followed_persona_id";
const columnOf = (target: FollowTarget): TargetColumn => ("thread_id" in target ? "thread_id" : "space_id" in target ? "space_id" : "followed_persona_id");
const idOf = (target: FollowTarget | BookmarkTarget): string =>
  "thread_id" in target ? target.thread_id : "space_id" in target ? target.space_id : "post_id" in target ? target.post_id : target.followed_persona_id;

/** A post's thread and community (whether the viewer may read it is the thread's question). */
export async function findPostFacts(db: Db, postId: string) {
  return db.selectFrom("posts").select(["id", "community_id", "thread_id"]).where("id", "=", postId).executeTakeFirst();
}

/** A post's author and thread, for following the thread as its author. */
export async function findPostAuthor(db: Db, postId: string) {
  return db
    .selectFrom("posts as po")
    .innerJoin("personas as p", "p.id", "po.author_persona_id")
    .select(["po.thread_id", "po.community_id", "po.deleted_at", "po.author_persona_id", "p.account_id"])
    .where("po.id", "=", postId)
    .executeTakeFirst();
}

/** Records a follow; false when the account already followed it (a double tap adds nothing). */
export async function insertFollow(db: Db, row: { id: string; account_id: string; persona_id: string; community_id: string | null } & FollowTarget): Promise<boolean> {
  const column = columnOf(row);
  const inserted = await db
    .insertInto("follows")
    .values(row)
    .onConflict((oc) => oc.columns(["account_id", column]).where(column, "is not", null).doNothing())
    .returning("id")
    .executeTakeFirst();
  return inserted !== undefined;
}

export async function deleteFollow(db: Db, accountId: string, target: FollowTarget): Promise<void> {
  await db.deleteFrom("follows").where("account_id", "=", accountId).where(columnOf(target), "=", idOf(target)).execute();
}

/** Which of these targets the account follows (for buttons). */
export async function isFollowing(db: Db, accountId: string, target: FollowTarget): Promise<boolean> {
  const row = await db.selectFrom("follows").select("id").where("account_id", "=", accountId).where(columnOf(target), "=", idOf(target)).executeTakeFirst();
  return row !== undefined;
}

/** Whether one persona follows another (a new-follower notification is written only while it does). */
export async function personaFollows(db: Db, followerPersonaId: string, personaId: string): Promise<boolean> {
  const row = await db.selectFrom("follows").select("id").where("persona_id", "=", followerPersonaId).where("followed_persona_id", "=", personaId).executeTakeFirst();
  return row !== undefined;
}

/** The followers of one target: account and the persona it follows as (never sent out; for fan-out). */
export async function followersOf(db: Db, target: FollowTarget): Promise<{ account_id: string; persona_id: string }[]> {
  return db.selectFrom("follows").select(["account_id", "persona_id"]).where(columnOf(target), "=", idOf(target)).execute();
}

export async function insertBookmark(db: Db, row: { id: string; account_id: string; community_id: string } & BookmarkTarget): Promise<boolean> {
  const column = "thread_id" in row ? "thread_id" : "post_id";
  const inserted = await db
    .insertInto("bookmarks")
    .values(row)
    .onConflict((oc) => oc.columns(["account_id", column]).where(column, "is not", null).doNothing())
    .returning("id")
    .executeTakeFirst();
  return inserted !== undefined;
}

export async function deleteBookmark(db: Db, accountId: string, target: BookmarkTarget): Promise<void> {
  const column = "thread_id" in target ? "thread_id" : "post_id";
  await db.deleteFrom("bookmarks").where("account_id", "=", accountId).where(column, "=", idOf(target)).execute();
}

export async function isBookmarked(db: Db, accountId: string, target: BookmarkTarget): Promise<boolean> {
  const column = "thread_id" in target ? "thread_id" : "post_id";
  const row = await db.selectFrom("bookmarks").select("id").where("account_id", "=", accountId).where(column, "=", idOf(target)).executeTakeFirst();
  return row !== undefined;
}

/** The posts of a thread page the account bookmarked. */
export async function bookmarkedPostsAmong(db: Db, accountId: string, postIds: string[]): Promise<string[]> {
  if (postIds.length === 0) return [];
  const rows = await db.selectFrom("bookmarks").select("post_id").where("account_id", "=", accountId).where("post_id", "in", postIds).execute();
  return rows.map((r) => r.post_id!);
}

export type FollowRow = {
  id: string;
  cursor_at: string;
  created_at: Date;
  thread_id: string | null;
  thread_title: string | null;
  space_slug: string | null;
  space_name: string | null;
  community_slug: string | null;
  community_name: string | null;
  persona: PersonaJson | null;
};

/**
 * The account's follows, newest first, of what it may still read: a thread or space it can
 * read (not hidden, its opening not deleted), an active persona. Each row's thread, space and
 * persona are looked up by key (lateral, offset 0), never by reading every thread (ADR 33).
 */
export async function listFollows(db: Db, viewer: SignedInViewer, after: Position | null, limit: number): Promise<FollowRow[]> {
  let query = db
    .selectFrom("follows as f")
    .leftJoin(
      sql<{ id: string; space_id: string; title: string; hidden_at: Date | null; opening_deleted_at: Date | null }>`lateral (select th.id, th.space_id, th.title, th.hidden_at, th.opening_deleted_at from threads th where th.id = f.thread_id offset 0)`.as("t"),
      (join) => join.onTrue(),
    )
    .leftJoin("spaces as s", (join) => join.on(sql<boolean>`s.id = coalesce(f.space_id, t.space_id)`))
    .leftJoin("communities as c", "c.id", "s.community_id")
    .leftJoin("personas as fp", "fp.id", "f.followed_persona_id")
    .where("f.account_id", "=", viewer.accountId)
    .where(
      sql<boolean>`(case when f.followed_persona_id is not null then fp.status = 'active'
        else (${readableSpaceCondition(viewer)} and (f.thread_id is null or (t.hidden_at is null and t.opening_deleted_at is null))) end)`,
    )
    .select([
      "f.id",
      "f.created_at",
      "f.thread_id",
      "t.title as thread_title",
      "s.slug as space_slug",
      "s.name as space_name",
      "c.slug as community_slug",
      "c.name as community_name",
      sql<PersonaJson | null>`case when fp.id is null then null else ${personaJson("fp")} end`.as("persona"),
    ])
    .select(exactTimestamp("f.created_at").as("cursor_at"))
    .orderBy("f.created_at", "desc")
    .orderBy("f.id", "desc")
    .limit(limit + 1);
  if (after) query = query.where(sql<boolean>`(f.created_at, f.id) < (${after.at}::timestamptz, ${after.id})`);
  return query.execute() as Promise<FollowRow[]>;
}

export type BookmarkRow = {
  id: string;
  cursor_at: string;
  created_at: Date;
  thread_id: string;
  thread_title: string;
  post_id: string | null;
  community_slug: string;
  community_name: string;
};

/** The account's bookmarks, newest first, of threads and posts it may still read (neither hidden nor deleted). */
export async function listBookmarks(db: Db, viewer: SignedInViewer, after: Position | null, limit: number): Promise<BookmarkRow[]> {
  let query = db
    .selectFrom("bookmarks as b")
    .leftJoin("posts as po", "po.id", "b.post_id")
    .innerJoin(
      sql<{ id: string; space_id: string; title: string; hidden_at: Date | null; opening_deleted_at: Date | null }>`lateral (select th.id, th.space_id, th.title, th.hidden_at, th.opening_deleted_at from threads th where th.id = coalesce(b.thread_id, po.thread_id) offset 0)`.as("t"),
      (join) => join.onTrue(),
    )
    .innerJoin("spaces as s", "s.id", "t.space_id")
    .innerJoin("communities as c", "c.id", "s.community_id")
    .where("b.account_id", "=", viewer.accountId)
    .where("t.hidden_at", "is", null)
    .where("t.opening_deleted_at", "is", null)
    .where(sql<boolean>`(b.post_id is null or (po.deleted_at is null and po.hidden_at is null))`)
    .where(readableSpaceCondition(viewer))
    .select(["b.id", "b.created_at", "t.id as thread_id", "t.title as thread_title", "b.post_id", "c.slug as community_slug", "c.name as community_name"])
    .select(exactTimestamp("b.created_at").as("cursor_at"))
    .orderBy("b.created_at", "desc")
    .orderBy("b.id", "desc")
    .limit(limit + 1);
  if (after) query = query.where(sql<boolean>`(b.created_at, b.id) < (${after.at}::timestamptz, ${after.id})`);
  return query.execute() as Promise<BookmarkRow[]>;
}
