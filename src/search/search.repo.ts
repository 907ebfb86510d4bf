/**
 * Full-text search over thread titles and post bodies (tsvector + GIN), filtered in
 * SQL to the spaces the viewer may read, so nothing unreadable is ever fetched.
 */
import { sql, type RawBuilder } from "kysely";
import type { Db } from "../db/connection.ts";
import type { AuthorColumns } from "../db/persona-columns.ts";
import { readableSpaceCondition } from "../db/visibility.sql.ts";
import type { Viewer } from "../shared/viewer.ts";
import { SEARCH_CANDIDATES, SEARCH_PROBE, type RecentMatches, type SearchPaths } from "./search-paths.ts";

export type SearchRow = AuthorColumns & {
  type: "thread" | "post";
  thread_id: string;
  post_id: string | null;
  title: string;
  snippet: string;
  created_at: Date;
  community_slug: string;
  community_name: string;
  space_slug: string;
  space_name: string;
};

// Marks around matched words that cannot occur in stored text; the presenter turns them into <mark>.
export const MATCH_START = "\u0001";
export const MATCH_END = "\u0002";
const HEADLINE = `StartSel=${MATCH_START}, StopSel=${MATCH_END}, MaxWords=30, MinWords=12, MaxFragments=1`;

/** What a search is: its words, the configurations they are parsed with (searchConfigsInUse), and where. */
export type SearchQuery = { words: string; configs: string[]; communitySlug: string | null };

function conditions(viewer: Viewer, { words, configs, communitySlug }: SearchQuery) {
  return {
    readable: readableSpaceCondition(viewer),
    inCommunity: communitySlug ? sql`and c.slug = ${communitySlug}` : sql``,
    // Written out in each place (not a CTE) so the planner sees the query's words and their statistics.
    // Each row is indexed in its own language's configuration, so the words are parsed in each
    // configuration a row may use and any of them may match (|| is "or" between tsqueries). The
    // configuration names come from code, never from the request, and are written as literals
    // so that the planner reads them as constants.
    tsquery: sql`(${sql.join(
      configs.map((config) => sql`websearch_to_tsquery(${sql.lit(config)}::regconfig, ${words})`),
      sql` || `,
    )})`,
  };
}

/**
 * The probe that chooses the search path (search-paths.ts): how many of the newest
 * SEARCH_PROBE threads and posts match and the viewer may read. Each count reads one short
 * stretch of a recency index (the limit bounds the rows looked at, whatever matches); only
 * readable matches are counted, so the choice depends on nothing the viewer may not see, and
 * nothing the probe reads is returned. With them, the tables' sizes as the database last
 * estimated them (pg_class, free to read).
 */
/**
 * The text-search configurations that something on this server is indexed with (each thread
 * and post is indexed in its language's: migrations/0018). A tiny table, written when a
 * configuration is first used; read as literals into each search so the planner sees them.
 */
export async function searchConfigsInUse(db: Db): Promise<string[]> {
  const rows = await sql<{ config: string }>`select config::text as config from text_search_configs order by config`.execute(db);
  const configs = rows.rows.map((r) => r.config);
  return configs.length > 0 ? configs : ["english"];
}

export async function countRecentMatches(db: Db, viewer: Viewer, query: SearchQuery): Promise<RecentMatches> {
  const { readable, inCommunity, tsquery } = conditions(viewer, query);
  const result = await sql<{ threads: number; posts: number; thread_rows: number; post_rows: number }>`
    select
      (select count(*)::int
       from (select id, space_id, community_id, search, hidden_at, opening_deleted_at
             from threads order by created_at desc, id desc limit ${SEARCH_PROBE}) t
       join spaces s on s.id = t.space_id
       join communities c on c.id = t.community_id
       where t.search @@ ${tsquery} and t.hidden_at is null and t.opening_deleted_at is null
         and ${readable} ${inCommunity}) as threads,
      (select count(*)::int
       from (select id, thread_id, community_id, search, hidden_at, deleted_at
             from posts order by created_at desc, id desc limit ${SEARCH_PROBE}) po
       cross join lateral (select th.space_id, th.hidden_at from threads th where th.id = po.thread_id offset 0) t
       join spaces s on s.id = t.space_id
       join communities c on c.id = po.community_id
       where po.search @@ ${tsquery} and po.deleted_at is null and po.hidden_at is null and t.hidden_at is null
         and ${readable} ${inCommunity}) as posts,
      (select reltuples::float8 from pg_class where oid = 'threads'::regclass) as thread_rows,
      (select reltuples::float8 from pg_class where oid = 'posts'::regclass) as post_rows`.execute(db);
  const row = result.rows[0]!;
  return { threads: { matches: row.threads, rows: Number(row.thread_rows) }, posts: { matches: row.posts, rows: Number(row.post_rows) } };
}

export async function searchReadable(
  db: Db,
  viewer: Viewer,
  query: SearchQuery,
  offset: number,
  limit: number,
  paths: SearchPaths,
): Promise<SearchRow[]> {
  const { readable, inCommunity, tsquery } = conditions(viewer, query);
  // Where each kind's candidates come from (search-paths.ts).
  // "recent": the table itself with the word as a filter, so with the order and limit of stage 1
  // the planner reads the recency index newest first and stops after SEARCH_CANDIDATES matches.
  // "index": the word's matches from the GIN index, sorted by date behind an `offset 0` fence.
  // The fence keeps the stage's limit out: planned for all the matches, the cheapest way to
  // them is the GIN index (never a walk of the whole recency index), and their order carries
  // through the lookups below, so stage 1 looks up threads for the newest matches only and stops
  // at its limit without sorting again.
  const fenced = (source: RawBuilder<unknown>) => sql`(${source} order by created_at desc, id desc offset 0)`;
  const [threadSource, threadMatch] =
    paths.threads === "index"
      ? [fenced(sql`select id, space_id, community_id, created_at, search, hidden_at, opening_deleted_at from threads where search @@ ${tsquery}`), sql`true`]
      : [sql`threads`, sql`t.search @@ ${tsquery}`];
  const [postSource, postMatch] =
    paths.posts === "index"
      ? [fenced(sql`select id, thread_id, community_id, created_at, search, hidden_at, deleted_at from posts where search @@ ${tsquery}`), sql`true`]
      : [sql`posts`, sql`po.search @@ ${tsquery}`];
  // Stage 1: the newest readable matches of each kind (ids and dates only, no rank, no snippet);
  // every filter on what the viewer may read applies before the limit.
  // Stage 2: rank those few, keep one page of them in a stable order.
  // Stage 3: join what the page shows, and build a snippet for the page's posts only.
  const run = async (executor: Db) => {
    const result = await sql<SearchRow>`
      with thread_hits as (
        select h.thread_id, h.created_at, ts_rank(h.search, ${tsquery}) * 2 as rank
        from (
          select t.id as thread_id, t.created_at, t.search
          from ${threadSource} t
          join spaces s on s.id = t.space_id
          join communities c on c.id = t.community_id
          where ${threadMatch}
            and t.hidden_at is null -- hidden by a moderator (src/moderation): never found
            and t.opening_deleted_at is null -- its title went with its deleted opening post
            and ${readable} ${inCommunity}
          order by t.created_at desc, t.id desc
          limit ${SEARCH_CANDIDATES}
        ) h
      ), post_hits as (
        select h.thread_id, h.post_id, h.created_at, ts_rank(h.search, ${tsquery}) as rank
        from (
          select po.thread_id, po.id as post_id, po.created_at, po.search
          from ${postSource} po
          -- Each candidate's thread by its key (offset 0 keeps this a lookup per post, never a
          -- hash of every thread, whatever the planner guesses about how many posts match).
          cross join lateral (select th.space_id, th.hidden_at from threads th where th.id = po.thread_id offset 0) t
          join spaces s on s.id = t.space_id
          join communities c on c.id = po.community_id
          where ${postMatch} and po.deleted_at is null
            and po.hidden_at is null and t.hidden_at is null -- hidden posts, and posts of hidden threads
            and ${readable} ${inCommunity}
          order by po.created_at desc, po.id desc
          limit ${SEARCH_CANDIDATES}
        ) h
      ), page as (
        select * from (
          select 'thread' as type, thread_id, null::text as post_id, rank, created_at from thread_hits
          union all
          select 'post', thread_id, post_id, rank, created_at from post_hits
        ) hits
        order by rank desc, created_at desc, coalesce(post_id, thread_id)
        limit ${limit + 1} offset ${offset}
      )
      select page.type, page.thread_id, page.post_id,
             case when t.opening_deleted_at is null then t.title else '' end as title,
             case when po.id is null then ''
                  else ts_headline(po.search_config, po.body, ${tsquery}, ${HEADLINE}) end as snippet,
             page.created_at,
             c.slug as community_slug, c.name as community_name, s.slug as space_slug, s.name as space_name,
             p.id as author_persona_id, p.kind as author_kind, p.display_name as author_name, p.is_carer as author_is_carer,
             p.specialty as author_specialty, p.capacity as author_capacity,
             p.verified_until as author_verified_until, p.verified_from as author_verified_from
      from page
      join threads t on t.id = page.thread_id
      join spaces s on s.id = t.space_id
      join communities c on c.id = t.community_id
      left join posts po on po.id = page.post_id
      join personas p on p.id = coalesce(po.author_persona_id, t.author_persona_id)
      order by page.rank desc, page.created_at desc, coalesce(page.post_id, page.thread_id)`.execute(executor);
    return result.rows;
  };
  // A word common among recent posts: the walk newest first stops at its limit and its plan has
  // no parallel workers (kettle's at a million posts), so no transaction's three round trips.
  if (paths.threads === "recent" && paths.posts === "recent") return run(db);
  // Reading the GIN index, the statement runs in a transaction of its own only to turn parallel
  // workers off: it lasts milliseconds, which starting workers does not repay, and with many
  // searches at once they only compete for the same cores (at a million posts on PostgreSQL the
  // rare word's statement took 12 ms with them and 3 ms without; ADR 0033).
  return db.transaction().execute(async (trx) => {
    await sql`set local max_parallel_workers_per_gather = 0`.execute(trx);
    return run(trx);
  });
}
