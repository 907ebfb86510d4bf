/** The SQL of forks: each account's default for whether its content travels with a fork. */
import { sql } from "kysely";
import type { Db } from "../db/connection.ts";
import type { TravelChoice } from "./travel-choice.ts";

/** The account's default, or null when it never chose (which means "ask"). */
export async function travelChoiceOf(db: Db, accountId: string): Promise<TravelChoice | null> {
  const row = await db.selectFrom("fork_travel_preferences").select("choice").where("account_id", "=", accountId).executeTakeFirst();
  return row?.choice ?? null;
}

export async function setTravelChoice(db: Db, accountId: string, choice: TravelChoice): Promise<void> {
  await db
    .insertInto("fork_travel_preferences")
    .values({ account_id: accountId, choice })
    .onConflict((c) => c.column("account_id").doUpdateSet({ choice, updated_at: new Date() }))
    .execute();
}

/** The choices of the accounts that made one, among these. */
export async function travelChoicesOf(db: Db, accountIds: readonly string[]): Promise<{ account_id: string; choice: TravelChoice }[]> {
  if (accountIds.length === 0) return [];
  return db.selectFrom("fork_travel_preferences").select(["account_id", "choice"]).where("account_id", "in", [...accountIds]).execute();
}

// Forks themselves (migrations/0028, ADR 43). The copying reads the parent's threads and posts
// and writes the fork's here: a fork is a copy of rows, made in the fork's own transaction (or
// in the transaction of an author's "yes"), never through the discussion's write path, which
// would tell followers and mark steps as if the words were new.

export type LineageRow = {
  community_id: string;
  parent_community_id: string | null;
  forked_by_account_id: string | null;
  forked_at: Date;
  carried_through: Date | null;
  /** A parent on another server, as the archive this community came in named it (ADR 46). */
  parent_name?: string | null;
  parent_slug?: string | null;
  parent_server?: string | null;
};

/** Where an imported community lived before (the archive's lineage and its source; migrations/0031, ADR 46), oldest first. */
export async function movesOf(db: Db, communityId: string): Promise<{ server: string; slug: string; exportedAt: string }[]> {
  const row = await db.selectFrom("archive_imports").select(["source_server", "source_slug", "exported_at", "moved_from"]).where("community_id", "=", communityId).executeTakeFirst();
  if (!row) return [];
  return [...row.moved_from, ...(row.source_slug ? [{ server: row.source_server, slug: row.source_slug, exportedAt: new Date(row.exported_at).toISOString() }] : [])];
}

/** The lineage; the point is the post's own time, read in SQL to the microsecond (a JavaScript Date would cut it to the millisecond, and leave that post out). */
export async function insertLineage(db: Db, row: { community_id: string; parent_community_id: string; forked_by_account_id: string; carried_through_post_id: string | null }) {
  await db
    .insertInto("community_forks")
    .values({ ...row, carried_through: row.carried_through_post_id ? sql<Date>`(select created_at from posts where id = ${row.carried_through_post_id})` : null })
    .execute();
}

export async function insertForkSpaces(db: Db, forkId: string, spaces: Map<string, string>) {
  if (spaces.size === 0) return;
  await db.insertInto("fork_spaces").values([...spaces].map(([source, fork]) => ({ fork_community_id: forkId, source_space_id: source, fork_space_id: fork }))).execute();
}

/** The fork's lineage row, locked for the copying so two answers at once copy one after the other. */
export async function lockLineage(db: Db, forkId: string): Promise<LineageRow | undefined> {
  return db.selectFrom("community_forks").selectAll().where("community_id", "=", forkId).forUpdate().executeTakeFirst() as Promise<LineageRow | undefined>;
}

export async function findLineage(db: Db, communityId: string): Promise<LineageRow | undefined> {
  return db.selectFrom("community_forks").selectAll().where("community_id", "=", communityId).executeTakeFirst() as Promise<LineageRow | undefined>;
}

export async function listForksOf(db: Db, parentId: string): Promise<LineageRow[]> {
  return db.selectFrom("community_forks").selectAll().where("parent_community_id", "=", parentId).orderBy("forked_at").orderBy("community_id").execute() as Promise<LineageRow[]>;
}

export async function forkSpaces(db: Db, forkId: string) {
  return db.selectFrom("fork_spaces").select(["source_space_id", "fork_space_id"]).where("fork_community_id", "=", forkId).execute();
}

/** The newest post of these spaces (the fork's point: nothing after it is carried). */
export async function newestPostIn(db: Db, spaceIds: string[]): Promise<{ id: string; created_at: Date } | undefined> {
  if (spaceIds.length === 0) return undefined;
  return db
    .selectFrom("posts as po")
    .innerJoin("threads as t", "t.id", "po.thread_id")
    .select(["po.id", "po.created_at"])
    .where("t.space_id", "in", spaceIds)
    .orderBy("po.created_at", "desc")
    .orderBy("po.id", "desc")
    .limit(1)
    .executeTakeFirst();
}

export type SourcePost = {
  id: string;
  thread_id: string;
  space_id: string;
  author_persona_id: string;
  account_id: string;
  body: string;
  html: string;
  language: string | null;
  search_config: string;
  created_at: Date;
  edited_at: Date | null;
  gone: boolean;
  thread_title: string;
  thread_gone: boolean;
  content_warnings: string[];
  /** Whether it opens its thread. */
  opening: boolean;
};

/** The posts of these spaces up to the fork's point (its lineage row's, exactly), each with its author's account, in thread order. */
export async function sourcePosts(db: Db, spaceIds: string[], forkId: string, accountId?: string): Promise<SourcePost[]> {
  if (spaceIds.length === 0) return [];
  let query = db
    .selectFrom("posts as po")
    .innerJoin("threads as t", "t.id", "po.thread_id")
    .innerJoin("personas as p", "p.id", "po.author_persona_id")
    .select([
      "po.id",
      "po.thread_id",
      "t.space_id",
      "po.author_persona_id",
      "p.account_id",
      "po.body",
      "po.html",
      "po.language",
      "po.search_config",
      "po.created_at",
      "po.edited_at",
      sql<boolean>`(po.deleted_at is not null or po.hidden_at is not null or po.not_carried)`.as("gone"),
      "t.title as thread_title",
      sql<boolean>`(t.hidden_at is not null or t.opening_deleted_at is not null)`.as("thread_gone"),
      "t.content_warnings",
      sql<boolean>`(po.id = (select o.id from posts o where o.thread_id = po.thread_id order by o.created_at, o.id limit 1))`.as("opening"),
    ])
    .where("t.space_id", "in", spaceIds)
    .where(sql<boolean>`po.created_at <= (select f.carried_through from community_forks f where f.community_id = ${forkId})`)
    .orderBy("po.thread_id")
    .orderBy("po.created_at")
    .orderBy("po.id");
  if (accountId) query = query.where("p.account_id", "=", accountId);
  return query.execute();
}

export async function forkThreadsOf(db: Db, forkId: string): Promise<Map<string, string>> {
  const rows = await db.selectFrom("fork_threads").select(["source_thread_id", "fork_thread_id"]).where("fork_community_id", "=", forkId).execute();
  return new Map(rows.map((r) => [r.source_thread_id, r.fork_thread_id]));
}

export async function forkPostsOf(db: Db, forkId: string): Promise<Map<string, { forkPostId: string; notCarried: boolean }>> {
  const rows = await db
    .selectFrom("fork_posts as fp")
    .innerJoin("posts as po", "po.id", "fp.fork_post_id")
    .select(["fp.source_post_id", "fp.fork_post_id", "po.not_carried"])
    .where("fp.fork_community_id", "=", forkId)
    .execute();
  return new Map(rows.map((r) => [r.source_post_id, { forkPostId: r.fork_post_id, notCarried: r.not_carried }]));
}

export async function insertForkThread(
  db: Db,
  forkId: string,
  sourceThreadId: string,
  row: { id: string; space_id: string; author_persona_id: string; title: string; language: string | null; search_config: string; content_warnings: string[]; created_at: Date },
) {
  await db.insertInto("threads").values({ ...row, community_id: forkId, last_posted_at: row.created_at }).execute();
  await db.insertInto("fork_threads").values({ fork_community_id: forkId, source_thread_id: sourceThreadId, fork_thread_id: row.id }).execute();
}

/** A carried post, or a stand-in for one that was not (written deleted and marked not carried, with no words). */
export async function insertForkPost(
  db: Db,
  forkId: string,
  sourcePostId: string,
  row: { id: string; thread_id: string; author_persona_id: string; body: string; html: string; language: string | null; search_config: string; created_at: Date; edited_at: Date | null; not_carried: boolean },
) {
  await db.insertInto("posts").values({ ...row, community_id: forkId, deleted_at: row.not_carried ? new Date() : null }).execute();
  await db.insertInto("fork_posts").values({ fork_community_id: forkId, source_post_id: sourcePostId, fork_post_id: row.id }).execute();
}

/** A stand-in filled in once its author said yes. */
export async function fillForkPost(db: Db, forkPostId: string, row: { author_persona_id: string; body: string; html: string; language: string | null; search_config: string; edited_at: Date | null }) {
  await db.updateTable("posts").set({ ...row, deleted_at: null, not_carried: false }).where("id", "=", forkPostId).execute();
}

/** A fork thread's count of replies and last post, from its posts. */
export async function recountThreads(db: Db, forkId: string) {
  await sql`update threads t set reply_count = greatest(c.n - 1, 0), last_posted_at = c.last
    from (select thread_id, count(*)::int as n, max(created_at) as last from posts where community_id = ${forkId} group by thread_id) c
    where t.id = c.thread_id and t.community_id = ${forkId}`.execute(db);
}

/** The personal persona of an account (the author a stand-in is written under: never an absent author's). */
export async function personalPersonaOf(db: Db, accountId: string): Promise<string | undefined> {
  const row = await db.selectFrom("personas").select("id").where("account_id", "=", accountId).where("kind", "=", "personal").orderBy(sql`coalesce(claimed_at, created_at)`).orderBy("id").executeTakeFirst();
  return row?.id;
}

export async function insertConsents(db: Db, forkId: string, rows: { account_id: string; answer: "yes" | "no" | null; asked: boolean }[]) {
  if (rows.length === 0) return;
  await db.insertInto("fork_consents").values(rows.map((r) => ({ ...r, fork_community_id: forkId, answered_at: r.answer ? new Date() : null }))).execute();
}

export async function consentsOf(db: Db, forkId: string) {
  return db.selectFrom("fork_consents").select(["account_id", "answer", "asked"]).where("fork_community_id", "=", forkId).execute();
}

export async function findConsent(db: Db, forkId: string, accountId: string) {
  return db.selectFrom("fork_consents").select(["answer", "asked"]).where("fork_community_id", "=", forkId).where("account_id", "=", accountId).executeTakeFirst();
}

export async function answerConsent(db: Db, forkId: string, accountId: string, answer: "yes" | "no") {
  await db.updateTable("fork_consents").set({ answer, answered_at: new Date() }).where("fork_community_id", "=", forkId).where("account_id", "=", accountId).execute();
}

/** The forks an account was asked about, newest first. */
export async function askedOf(db: Db, accountId: string) {
  return db
    .selectFrom("fork_consents as fc")
    .innerJoin("communities as c", "c.id", "fc.fork_community_id")
    .select(["c.id", "c.slug", "c.name", "fc.answer"])
    .where("fc.account_id", "=", accountId)
    .where("fc.asked", "=", true)
    .orderBy("c.created_at", "desc")
    .execute();
}

/** The members of the parent (not those asking to join), to invite to a fork. */
export async function memberAccountsOf(db: Db, communityId: string): Promise<string[]> {
  const rows = await db.selectFrom("memberships").select("account_id").where("community_id", "=", communityId).where("status", "=", "member").execute();
  return rows.map((r) => r.account_id);
}

// Members' fork proposals (ADR 48).

export type ProposalRow = {
  id: string;
  community_id: string;
  proposer_account_id: string;
  slug: string;
  name: string;
  purpose: string | null;
  spaces: string[];
  fork_community_id: string | null;
  signatures: number;
  signed_by_me: boolean;
};

export async function insertProposal(db: Db, row: { id: string; community_id: string; proposer_account_id: string; slug: string; name: string; purpose: string; spaces: string[] }): Promise<void> {
  await db.insertInto("fork_proposals").values(row).execute();
}

/** One signature per account: signing twice changes nothing. */
export async function insertSignature(db: Db, proposalId: string, accountId: string): Promise<void> {
  await db.insertInto("fork_proposal_signatures").values({ proposal_id: proposalId, account_id: accountId }).onConflict((oc) => oc.columns(["proposal_id", "account_id"]).doNothing()).execute();
}

export async function findProposal(db: Db, id: string) {
  return db.selectFrom("fork_proposals").select(["id", "community_id", "proposer_account_id", "slug", "name", "purpose", "spaces", "fork_community_id"]).where("id", "=", id).executeTakeFirst();
}

/** Signatures are counted one proposal at a time: the one that reaches the number makes the fork once. */
export async function lockProposal(db: Db, id: string): Promise<void> {
  await sql`select id from fork_proposals where id = ${id} for update`.execute(db);
}

export async function signatureCount(db: Db, id: string): Promise<number> {
  const row = await db.selectFrom("fork_proposal_signatures").select((eb) => eb.fn.countAll<number>().as("n")).where("proposal_id", "=", id).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function markProposalForked(db: Db, id: string, forkId: string): Promise<void> {
  await db.updateTable("fork_proposals").set({ fork_community_id: forkId, forked_at: new Date() }).where("id", "=", id).execute();
}

/** A community's proposals, newest first, with their signatures counted and whether the account signed. */
export async function proposalsOf(db: Db, communityId: string, accountId: string): Promise<ProposalRow[]> {
  return db
    .selectFrom("fork_proposals as fp")
    .select([
      "fp.id",
      "fp.community_id",
      "fp.proposer_account_id",
      "fp.slug",
      "fp.name",
      "fp.purpose",
      "fp.spaces",
      "fp.fork_community_id",
      sql<number>`(select count(*)::int from fork_proposal_signatures s where s.proposal_id = fp.id)`.as("signatures"),
      sql<boolean>`exists (select 1 from fork_proposal_signatures s where s.proposal_id = fp.id and s.account_id = ${accountId})`.as("signed_by_me"),
    ])
    .where("fp.community_id", "=", communityId)
    .orderBy("fp.created_at", "desc")
    .limit(50)
    .execute();
}
