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
    .select(["p.id", "p.account_id", "p.kind", "p.display_name", "p.is_carer", "p.specialty", "p.capacity", "p.verified_until", "p.created_at", "pp.persona_id as portable", "pp.badge", "pp.claim_code_sha256", "pp.owner"])
    .where("p.id", "in", ids)
    .orderBy(byId("p.id"))
    .execute();
}

export async function accountsForClaims(db: Db, ids: readonly string[]) {
  if (!ids.length) return [];
  return db.selectFrom("accounts").select(["id", "username", "email"]).where("id", "in", ids).orderBy("username").execute();
}

/**
 * What an export says of where the community came from (ADR 46): its fork row, with the
 * parent here (its name, address and visibility) or as an archive named it, and its import.
 */
export async function lineageOf(db: Db, communityId: string) {
  const fork = await db
    .selectFrom("community_forks as f")
    .leftJoin("communities as p", "p.id", "f.parent_community_id")
    .select(["f.forked_at", "f.carried_through", "f.parent_name", "f.parent_slug", "f.parent_server", "p.name as local_name", "p.slug as local_slug", "p.visibility as local_visibility"])
    .where("f.community_id", "=", communityId)
    .executeTakeFirst();
  const moved = await db.selectFrom("archive_imports").select(["source_server", "source_slug", "exported_at", "moved_from"]).where("community_id", "=", communityId).executeTakeFirst();
  return { fork, moved };
}

/** The accounts among these that own the community (an archive marks their personal personas; ADR 46). */
export async function ownersAmong(db: Db, communityId: string, accountIds: readonly string[]): Promise<Set<string>> {
  if (!accountIds.length) return new Set();
  const rows = await db.selectFrom("memberships").select("account_id").where("community_id", "=", communityId).where("role", "=", "owner").where("status", "=", "member").where("account_id", "in", accountIds).execute();
  return new Set(rows.map((r) => r.account_id));
}

// Claiming portable personas (ADR 46). The archive holds, per persona, SHA-256 of
// "<code>:<persona id>", so a code is checked against each unclaimed persona's own salt in SQL.

/** The unclaimed portable personas this code opens, locked for the claim, with their placeholder account and community. */
export async function personasOpenedBy(db: Db, code: string) {
  return db
    .selectFrom("portable_personas as pp")
    .innerJoin("personas as p", "p.id", "pp.persona_id")
    .innerJoin("communities as c", "c.id", "pp.community_id")
    .select(["p.id", "p.kind", "p.display_name", "p.account_id as placeholder_account_id", "pp.owner", "c.id as community_id", "c.slug as community_slug", "c.name as community_name"])
    .where("pp.claim_code_sha256", "is not", null)
    .where("pp.claim_code_sha256", "=", sql<string>`encode(sha256(convert_to(${code} || ':' || pp.persona_id, 'UTF8')), 'hex')`)
    .orderBy(byId("p.id"))
    .forUpdate("pp")
    .execute();
}

/** The persona becomes the claimer's: no longer portable, and its placeholder account (no one's, holding nothing else) goes. */
export async function giveClaimedPersona(db: Db, personaId: string, placeholderAccountId: string, accountId: string): Promise<void> {
  await db.updateTable("personas").set({ account_id: accountId, claimed_at: new Date() }).where("id", "=", personaId).execute();
  await db.deleteFrom("portable_personas").where("persona_id", "=", personaId).execute();
  await db.deleteFrom("accounts").where("id", "=", placeholderAccountId).where("status", "=", "deleted").where("email", "is", null).execute();
}

/** An account that can be an imported community's owner: a live one, by its username. */
export async function liveAccountByUsername(db: Db, username: string): Promise<string | null> {
  return (await db.selectFrom("accounts").select("id").where("username", "=", username).where("status", "=", "active").executeTakeFirst())?.id ?? null;
}
