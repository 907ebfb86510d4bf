/**
 * The SQL of archives. An archive is a copy of one community across the tables of
 * several features, read and written in one place so that what travels is decided in one
 * place (ADR 44); no other feature's rows are changed except by inserting a new
 * community's. Every export query is a keyset page by id, so memory stays flat.
 */
import { sql } from "kysely";
import type { Db } from "../db/connection.ts";

export const PAGE = 500;

/**
 * Ids in byte order whatever the database's collation, so that PGlite and PostgreSQL
 * write a part's records in the same order (the round trip compares parts' hashes).
 */
const byId = (column = "id") => sql<string>`${sql.ref(column)} collate "C"`;

export async function communityBySlug(db: Db, slug: string) {
  return db.selectFrom("communities").selectAll().where("slug", "=", slug).where("kind", "=", "community").executeTakeFirst();
}

export async function slugTaken(db: Db, slug: string): Promise<boolean> {
  return !!(await db.selectFrom("communities").select("id").where("slug", "=", slug).executeTakeFirst());
}

export async function communityIdTaken(db: Db, id: string): Promise<string | null> {
  return (await db.selectFrom("communities").select("slug").where("id", "=", id).executeTakeFirst())?.slug ?? null;
}

export async function charterRevisions(db: Db, communityId: string, after: string) {
  return db.selectFrom("charter_revisions").select(["id", "snapshot", "created_at"]).where("community_id", "=", communityId).where(byId(), ">", after).orderBy(byId()).limit(PAGE).execute();
}

export async function spaces(db: Db, communityId: string, after: string) {
  return db.selectFrom("spaces").select(["id", "slug", "name", "description", "visibility", "position", "created_at"]).where("community_id", "=", communityId).where(byId(), ">", after).orderBy(byId()).limit(PAGE).execute();
}

export async function glossary(db: Db, communityId: string, after: string) {
  return db.selectFrom("glossary_terms").select(["id", "term", "definition", "created_at"]).where("community_id", "=", communityId).where(byId(), ">", after).orderBy(byId()).limit(PAGE).execute();
}

export async function threads(db: Db, communityId: string, after: string) {
  return db
    .selectFrom("threads")
    .select(["id", "space_id", "author_persona_id", "title", "language", "content_warnings", "reply_count", "created_at", "last_posted_at", "hidden_at", "opening_deleted_at"])
    .where("community_id", "=", communityId)
    .where(byId(), ">", after)
    .orderBy(byId())
    .limit(PAGE)
    .execute();
}

export async function titleRevisions(db: Db, threadIds: readonly string[]) {
  if (!threadIds.length) return [];
  return db.selectFrom("thread_title_revisions").select(["thread_id", "title", "created_at"]).where("thread_id", "in", threadIds).orderBy("created_at").orderBy("id").execute();
}

/** A page of posts with whether their thread was hidden (a hidden thread's posts stay home with it). */
export async function posts(db: Db, communityId: string, after: string) {
  return db
    .selectFrom("posts as p")
    .innerJoin("threads as t", "t.id", "p.thread_id")
    .select(["p.id", "p.thread_id", "p.author_persona_id", "p.body", "p.language", "p.created_at", "p.edited_at", "p.deleted_at", "p.hidden_at", "t.hidden_at as thread_hidden_at"])
    .where("p.community_id", "=", communityId)
    .where(byId("p.id"), ">", after)
    .orderBy(byId("p.id"))
    .limit(PAGE)
    .execute();
}

export async function postRevisions(db: Db, postIds: readonly string[]) {
  if (!postIds.length) return [];
  return db.selectFrom("post_revisions").select(["post_id", "body", "created_at"]).where("post_id", "in", postIds).orderBy("created_at").orderBy("id").execute();
}

/** Posts that have reactions, a page at a time, with each kind's count: live rows and counts that arrived in an archive. */
export async function reactionCounts(db: Db, communityId: string, after: string) {
  const live = db.selectFrom("reactions").select(["post_id", "kind", sql<number>`count(*)::int`.as("count")]).where("community_id", "=", communityId).groupBy(["post_id", "kind"]);
  const archived = db.selectFrom("archived_reaction_counts").select(["post_id", "kind", "count"]).where("community_id", "=", communityId);
  const postIds = await db
    .selectFrom(live.unionAll(archived).as("r"))
    .select("r.post_id")
    .where(byId("r.post_id"), ">", after)
    .groupBy("r.post_id")
    .orderBy(byId("r.post_id"))
    .limit(PAGE)
    .execute();
  const ids = postIds.map((r) => r.post_id);
  if (!ids.length) return [];
  return db
    .selectFrom(live.unionAll(archived).as("r"))
    .select(["r.post_id", "r.kind", sql<number>`sum(r.count)::int`.as("count")])
    .where("r.post_id", "in", ids)
    .groupBy(["r.post_id", "r.kind"])
    .orderBy(byId("r.post_id"))
    .orderBy("r.kind")
    .execute();
}

export async function polls(db: Db, communityId: string, after: string) {
  return db
    .selectFrom("polls as p")
    .leftJoin("archived_poll_counts as a", "a.poll_id", "p.id")
    .select(["p.id", "p.thread_id", "p.question", "p.options", "p.multiple", "p.results_shown", "p.closes_at", "p.created_at", "a.counts as archived_counts", "a.voters as archived_voters"])
    .where("p.community_id", "=", communityId)
    .where(byId("p.id"), ">", after)
    .orderBy(byId("p.id"))
    .limit(PAGE)
    .execute();
}

/** Each poll's live votes as choice lists (never who), to count per option. */
export async function pollVotes(db: Db, pollIds: readonly string[]) {
  if (!pollIds.length) return [];
  return db.selectFrom("poll_votes").select(["poll_id", "choices"]).where("poll_id", "in", pollIds).execute();
}

/** Personas with their account (to ask its travel choice; it never leaves this module) and what an archive said of a portable one. */
export async function personas(db: Db, ids: readonly string[]) {
  if (!ids.length) return [];
  return db
    .selectFrom("personas as p")
    .leftJoin("portable_personas as pp", "pp.persona_id", "p.id")
    .select(["p.id", "p.account_id", "p.kind", "p.display_name", "p.is_carer", "p.specialty", "p.capacity", "p.verified_until", "p.created_at", "pp.persona_id as portable", "pp.badge", "pp.claim_code_sha256"])
    .where("p.id", "in", ids)
    .orderBy(byId("p.id"))
    .execute();
}

export async function accountsForClaims(db: Db, ids: readonly string[]) {
  if (!ids.length) return [];
  return db.selectFrom("accounts").select(["id", "username", "email"]).where("id", "in", ids).orderBy("username").execute();
}
