/** Every query about threads, posts, their revisions and reaction counts. */
import { sql } from "kysely";
import type { Db } from "../db/connection.ts";
import type { ReactionKind } from "../db/schema.ts";
import type { Position } from "../shared/cursor.ts";
import { exactTimestamp } from "../db/keyset.ts";
import { personaColumns, type AuthorColumns, type PersonaColumns } from "../db/persona-columns.ts";

const authorColumns = personaColumns("p", "author");

/** The author columns every thread and post row carries, for the persona presenter. */

export type ThreadSummaryRow = AuthorColumns & {
  id: string;
  space_id: string;
  title: string;
  reply_count: number;
  created_at: Date;
  last_posted_at: Date;
  /** last_posted_at to the microsecond, for the cursor. */
  cursor_at: string;
  /** Set when a moderator hid the thread (src/moderation). */
  hidden_at: Date | null;
  /** Set when the opening post was deleted while replies remain: the title is empty and the author not shown. */
  opening_deleted_at: Date | null;
  /** Its content warnings (0024_condition_content). */
  content_warnings: string[];
};

/** Who, besides everyone, sees threads a moderator hid: their authors and the community's moderators. */
export type HiddenAccess = { personaIds: string[]; moderator: boolean };

/** Thread summaries of some spaces, most recently active first; hidden ones only for their author and the moderators. */
function threadSummaries(db: Db, spaceIds: string[], hidden: HiddenAccess) {
  let query = db
    .selectFrom("threads as t")
    .innerJoin("personas as p", "p.id", "t.author_persona_id")
    .select(["t.id", "t.space_id", "t.title", "t.reply_count", "t.created_at", "t.last_posted_at", "t.author_persona_id", "t.hidden_at", "t.opening_deleted_at", "t.content_warnings", ...authorColumns])
    .select(exactTimestamp("t.last_posted_at").as("cursor_at"))
    .where("t.space_id", "in", spaceIds)
    .orderBy("t.last_posted_at", "desc")
    .orderBy("t.id", "desc");
  if (!hidden.moderator) {
    const mine = hidden.personaIds.length ? hidden.personaIds : [""];
    query = query.where((eb) => eb.or([eb("t.hidden_at", "is", null), eb("t.author_persona_id", "in", mine)]));
  }
  return query;
}

export async function listThreads(
  db: Db,
  spaceId: string,
  after: Position | null,
  limit: number,
  hidden: HiddenAccess = { personaIds: [], moderator: false },
): Promise<ThreadSummaryRow[]> {
  let query = threadSummaries(db, [spaceId], hidden).limit(limit + 1);
  if (after) query = query.where(sql<boolean>`(t.last_posted_at, t.id) < (${after.at}::timestamptz, ${after.id})`);
  return query.execute();
}

/**
 * The latest threads across several spaces at once (the community page's "recent conversations").
 * `space_id in (…) order by last_posted_at` cannot be read in order from threads_space_recent_idx
 * once there are two spaces, so PostgreSQL would read and sort every thread of the community; a
 * LATERAL join asks the index for each space's newest `limit` threads (hidden ones filtered as
 * listThreads does) and merge-sorts those few (ADR 0033).
 */
export async function listRecentThreads(db: Db, spaceIds: string[], limit: number, hidden: HiddenAccess): Promise<ThreadSummaryRow[]> {
  if (!spaceIds.length) return [];
  const mine = hidden.personaIds.length ? hidden.personaIds : [""];
  const visible = hidden.moderator ? sql`true` : sql`(t.hidden_at is null or t.author_persona_id in (${sql.join(mine)}))`;
  const result = await sql<ThreadSummaryRow>`
    select r.* from unnest(${sql.val(spaceIds)}::text[]) as sp(id)
    cross join lateral (
      select t.id, t.space_id, t.title, t.reply_count, t.created_at, t.last_posted_at, t.author_persona_id, t.hidden_at, t.opening_deleted_at, t.content_warnings,
             ${sql.join(authorColumns.map((c) => sql.raw(c)))}, ${exactTimestamp("t.last_posted_at")} as cursor_at
      from threads t join personas p on p.id = t.author_persona_id
      where t.space_id = sp.id and ${visible}
      order by t.last_posted_at desc, t.id desc
      limit ${limit}
    ) r
    order by r.last_posted_at desc, r.id desc
    limit ${limit}`.execute(db);
  return result.rows;
}

/** A thread with the facts needed to decide who may read it. */
export async function findThread(db: Db, threadId: string) {
  return db
    .selectFrom("threads as t")
    .innerJoin("spaces as s", "s.id", "t.space_id")
    .innerJoin("communities as c", "c.id", "t.community_id")
    .select([
      "t.id",
      "t.title",
      "t.language",
      "t.community_id",
      "t.space_id",
      "t.reply_count",
      "t.created_at",
      "t.hidden_at",
      "t.opening_deleted_at",
      "t.author_persona_id",
      "t.content_warnings",
      "c.charter as community_charter",
      "s.slug as space_slug",
      "s.name as space_name",
      "s.visibility as space_visibility",
      "c.slug as community_slug",
      "c.name as community_name",
      "c.visibility as community_visibility",
      "c.is_demo as community_is_demo",
      sql<boolean>`exists (select 1 from thread_title_revisions r where r.thread_id = t.id)`.as("title_edited"),
    ])
    .where("t.id", "=", threadId)
    .executeTakeFirst();
}

export type ThreadRow = NonNullable<Awaited<ReturnType<typeof findThread>>>;

export type PostRow = AuthorColumns & {
  id: string;
  thread_id: string;
  body: string;
  html: string;
  created_at: Date;
  /** created_at to the microsecond, for the cursor. */
  cursor_at: string;
  edited_at: Date | null;
  deleted_at: Date | null;
  /** A fork's stand-in for a post that was not carried (ADR 43): written deleted, said differently. */
  not_carried: boolean;
  reactions: Partial<Record<ReactionKind, number>>;
  my_reactions: ReactionKind[];
  /** Set when a moderator hid the post, or the thread it is in (src/moderation). */
  hidden_at: Date | null;
  thread_hidden_at: Date | null;
  /** The reason the latest hiding of this post gave (its author alone is shown it: discussion.presenter.ts). */
  hidden_reason: string | null;
  language: string | null;
};

function postsWithReactions(db: Db, viewerPersonaIds: string[]) {
  const mine = viewerPersonaIds.length ? viewerPersonaIds : [""];
  return db
    .selectFrom("posts as po")
    .innerJoin("personas as p", "p.id", "po.author_persona_id")
    .select([
      "po.id",
      "po.thread_id",
      "po.body",
      "po.html",
      "po.language",
      "po.created_at",
      exactTimestamp("po.created_at").as("cursor_at"),
      "po.edited_at",
      "po.deleted_at",
      "po.not_carried",
      "po.author_persona_id",
      "po.hidden_at",
      sql<Date | null>`(select th.hidden_at from threads th where th.id = po.thread_id)`.as("thread_hidden_at"),
      sql<string | null>`(case when po.hidden_at is null then null else (select ma.reason from moderation_actions ma
        where ma.target_type = 'post' and ma.target_id = po.id and ma.action = 'hide' order by ma.created_at desc limit 1) end)`.as("hidden_reason"),
      ...authorColumns,
      sql<Record<string, number>>`(select coalesce(json_object_agg(kind, n), '{}'::json) from
        (select r.kind, count(*)::int as n from reactions r where r.post_id = po.id group by r.kind) counts)`.as("reactions"),
      sql<ReactionKind[]>`(select coalesce(json_agg(distinct r.kind), '[]'::json) from reactions r
        where r.post_id = po.id and r.persona_id in (${sql.join(mine)}))`.as("my_reactions"),
    ]);
}

/** A page of a thread's posts in order, with reaction counts and the viewer's own reactions. */
export async function listPosts(db: Db, threadId: string, viewerPersonaIds: string[], after: Position | null, limit: number): Promise<PostRow[]> {
  let query = postsWithReactions(db, viewerPersonaIds)
    .where("po.thread_id", "=", threadId)
    .orderBy("po.created_at")
    .orderBy("po.id")
    .limit(limit + 1);
  if (after) query = query.where(sql<boolean>`(po.created_at, po.id) > (${after.at}::timestamptz, ${after.id})`);
  return query.execute() as Promise<PostRow[]>;
}

/**
 * Where a post sits as the thread is read in pages of `pageSize` (listPosts from the
 * start, then each page's last position): the position that opens the post's page, or
 * undefined when it is on the first page. One query over the thread's ids and times only.
 */
export async function pagePositionOfPost(db: Db, threadId: string, postId: string, pageSize: number): Promise<Position | undefined> {
  const row = await db
    .with("ordered", (q) =>
      q
        .selectFrom("posts")
        .select(["id", "created_at", sql<number>`row_number() over (order by created_at, id)`.as("n")])
        .where("thread_id", "=", threadId),
    )
    .with("target", (q) => q.selectFrom("ordered").select("n").where("id", "=", postId))
    .selectFrom("ordered as o")
    .innerJoin("target as t", (join) => join.onTrue())
    .select(["o.id", exactTimestamp("o.created_at").as("at")])
    // Post number n is on page (n - 1) / pageSize; that page opens after post number page * pageSize.
    .where(sql<boolean>`o.n = ((t.n - 1) / ${pageSize}::int) * ${pageSize}::int`)
    .executeTakeFirst();
  return row ? { at: row.at, id: row.id } : undefined;
}

/** One post as listPosts would show it. */
export async function findPostRow(db: Db, postId: string, viewerPersonaIds: string[]): Promise<PostRow | undefined> {
  return postsWithReactions(db, viewerPersonaIds).where("po.id", "=", postId).executeTakeFirst() as Promise<PostRow | undefined>;
}

/** A post with its thread's access facts and the account behind its author (never sent out). */
export async function findPost(db: Db, postId: string) {
  return db
    .selectFrom("posts as po")
    .innerJoin("personas as p", "p.id", "po.author_persona_id")
    .select(["po.id", "po.thread_id", "po.body", "po.created_at", "po.deleted_at", "po.author_persona_id", "p.account_id as author_account_id"])
    .where("po.id", "=", postId)
    .executeTakeFirst();
}

/**
 * Records that something is indexed with `config`, so that search parses its words in it too
 * (src/search/search.repo.ts searchConfigsInUse). Nothing is written once it is known.
 */
export async function noteSearchConfig(db: Db, config: string) {
  if (config === "english") return; // known from the start (migrations/0018): most posts need no write here
  await sql`insert into text_search_configs (config) values (${config}::regconfig) on conflict do nothing`.execute(db);
}

/** `search_config` indexes the title in its language (src/shared/content-languages.ts). */
export async function insertThread(
  db: Db,
  row: { id: string; community_id: string; space_id: string; author_persona_id: string; title: string; language: string | null; search_config: string; content_warnings: string[] },
) {
  await db.insertInto("threads").values(row).execute();
}

export async function updateThreadWarnings(db: Db, threadId: string, warnings: string[]) {
  await db.updateTable("threads").set({ content_warnings: warnings }).where("id", "=", threadId).execute();
}

export async function insertPost(
  db: Db,
  row: { id: string; community_id: string; thread_id: string; author_persona_id: string; body: string; html: string; language: string | null; search_config: string },
) {
  await db.insertInto("posts").values(row).execute();
}

export async function noteReply(db: Db, threadId: string) {
  await db
    .updateTable("threads")
    // The database's clock, as for the post itself: with the application's, a server whose
    // clock runs behind the database's would sort a thread it bumps below older ones.
    .set({ reply_count: sql`reply_count + 1`, last_posted_at: sql`now()` })
    .where("id", "=", threadId)
    .execute();
}

export async function insertRevision(db: Db, row: { id: string; community_id: string; post_id: string; body: string; created_at: Date }) {
  await db.insertInto("post_revisions").values(row).execute();
}

/** A new body; a language given changes what the post says it is written in and how its words are indexed. */
export async function updatePostBody(db: Db, postId: string, body: string, html: string, language?: { language: string | null; search_config: string }) {
  await db.updateTable("posts").set({ body, html, edited_at: new Date(), ...language }).where("id", "=", postId).execute();
}

/** Deleting removes the words, the earlier versions and the reactions; the place in the thread stays. */
export async function deletePostContent(db: Db, postId: string) {
  await db.deleteFrom("post_revisions").where("post_id", "=", postId).execute();
  await db.deleteFrom("reactions").where("post_id", "=", postId).execute();
  await db.updateTable("posts").set({ body: "", html: "", deleted_at: new Date() }).where("id", "=", postId).execute();
}

export async function listRevisions(db: Db, postId: string) {
  return db.selectFrom("post_revisions").select(["id", "body", "created_at"]).where("post_id", "=", postId).orderBy("created_at", "desc").execute();
}

/** The thread's opening post: its first, in the order the thread is read. */
export async function openingPostId(db: Db, threadId: string): Promise<string | undefined> {
  const row = await db.selectFrom("posts").select("id").where("thread_id", "=", threadId).orderBy("created_at").orderBy("id").limit(1).executeTakeFirst();
  return row?.id;
}

/** Whether any post of the thread but this one still has its words. */
export async function hasOtherLivePosts(db: Db, threadId: string, postId: string): Promise<boolean> {
  const row = await db
    .selectFrom("posts")
    .select("id")
    .where("thread_id", "=", threadId)
    .where("id", "<>", postId)
    .where("deleted_at", "is", null)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** Removes a thread and, through the foreign keys, its posts, revisions, reactions and notifications. */
export async function deleteThread(db: Db, threadId: string) {
  await db.deleteFrom("threads").where("id", "=", threadId).execute();
}

/**
 * The opening post was deleted while replies remain: the title goes with it (emptied, so
 * the generated search column finds nothing) and so do its earlier titles.
 */
export async function forgetThreadTitle(db: Db, threadId: string) {
  await db.deleteFrom("thread_title_revisions").where("thread_id", "=", threadId).execute();
  await db.updateTable("threads").set({ title: "", opening_deleted_at: new Date() }).where("id", "=", threadId).execute();
}

export async function insertTitleRevision(db: Db, row: { id: string; community_id: string; thread_id: string; title: string }) {
  await db.insertInto("thread_title_revisions").values(row).execute();
}

export async function updateThreadTitle(db: Db, threadId: string, title: string) {
  await db.updateTable("threads").set({ title }).where("id", "=", threadId).execute();
}

export async function listTitleRevisions(db: Db, threadId: string) {
  return db
    .selectFrom("thread_title_revisions")
    .select(["id", "title", "created_at"])
    .where("thread_id", "=", threadId)
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .execute();
}

/** The account behind the thread's author persona (only to check authorship; never sent out). */
export async function threadAuthorAccount(db: Db, threadId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom("threads as t")
    .innerJoin("personas as p", "p.id", "t.author_persona_id")
    .select("p.account_id")
    .where("t.id", "=", threadId)
    .executeTakeFirst();
  return row?.account_id;
}
