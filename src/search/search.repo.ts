/**
 * Full-text search over thread titles and post bodies (tsvector + GIN), filtered in
 * SQL to the spaces the viewer may read, so nothing unreadable is ever fetched.
 */
import { sql, type RawBuilder } from "kysely";
import type { Db } from "../db/connection.ts";
import type { AuthorColumns } from "../db/persona-columns.ts";
import { readableSpaceCondition } from "../db/visibility.sql.ts";
import type { Viewer } from "../shared/viewer.ts";
import { SEARCH_CANDIDATES, SEARCH_PROBE, type RecentMatches, type SearchPath, type SearchPaths } from "./search-paths.ts";

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
 * The text-search configurations that something on this server is indexed with (each thread
 * and post is indexed in its language's: migrations/0018). A tiny table, written when a
 * configuration is first used; read as literals into each search so the planner sees them.
 */
export async function searchConfigsInUse(db: Db): Promise<string[]> {
  const rows = await sql<{ config: string }>`select config::text as config from text_search_configs order by config`.execute(db);
  const configs = rows.rows.map((r) => r.config);
  return configs.length > 0 ? configs : ["english"];
}

/** A table's creation dates at equal steps of its rows, from the last ANALYZE (null before one), as JSON. */
const creationDates = (table: "threads" | "posts") =>
  sql`(select to_json(histogram_bounds::text::timestamptz[]) from pg_stats
       where schemaname = current_schema() and tablename = ${table} and attname = 'created_at')`;

/**
 * The probe that chooses the search path (search-paths.ts): how many of the newest
 * SEARCH_PROBE threads and posts match and the viewer may read. Each count reads one short
 * stretch of a recency index (the limit bounds the rows looked at, whatever matches); only
 * readable matches are counted, so the choice depends on nothing the viewer may not see, and
 * nothing the probe reads is returned. With them, the tables' sizes as the database last
 * estimated them (pg_class) and their creation dates' histogram (pg_stats), both free to read.
 */
export async function countRecentMatches(db: Db, viewer: Viewer, query: SearchQuery): Promise<RecentMatches> {
  const { readable, inCommunity, tsquery } = conditions(viewer, query);
  const result = await sql<{ threads: number; posts: number; thread_rows: number; post_rows: number; thread_dates: string[] | null; post_dates: string[] | null }>`
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
      (select reltuples::float8 from pg_class where oid = 'posts'::regclass) as post_rows,
      ${creationDates("threads")} as thread_dates,
      ${creationDates("posts")} as post_dates`.execute(db);
  const row = result.rows[0]!;
  const dates = (value: string[] | null) => (value ?? []).map((d) => new Date(d));
  return {
    threads: { matches: row.threads, rows: Number(row.thread_rows), dates: dates(row.thread_dates) },
    posts: { matches: row.posts, rows: Number(row.post_rows), dates: dates(row.post_dates) },
  };
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
  // "index" since a date: the matches written since then first (the GIN index and a range of the
  // recency index, as one bitmap), then — only when those held fewer than SEARCH_CANDIDATES
  // readable matches — the older ones; a one-time filter skips that second read otherwise. The
  // newest SEARCH_CANDIDATES readable matches are the same either way.
  const fenced = (source: RawBuilder<unknown>) => sql`(${source} order by created_at desc, id desc offset 0)`;
  const limited = (stage: RawBuilder<unknown>) => sql`${stage} limit ${SEARCH_CANDIDATES}`;
  const whenTooFew = (name: string) => sql`and (select count(*) from ${sql.raw(name)}) < ${SEARCH_CANDIDATES}`;
  // Stage 1 for thread titles: the newest readable matches from `source`.
  const threadStage = (source: RawBuilder<unknown>, match: RawBuilder<unknown>, also: RawBuilder<unknown> = sql``) =>
    limited(sql`
          select t.id as thread_id, t.created_at, t.search
          from ${source} t
          join spaces s on s.id = t.space_id
          join communities c on c.id = t.community_id
          where ${match}
            and t.hidden_at is null -- hidden by a moderator (src/moderation): never found
            and t.opening_deleted_at is null -- its title went with its deleted opening post
            and ${readable} ${inCommunity} ${also}
          order by t.created_at desc, t.id desc`);
  // Stage 1 for post bodies.
  const postStage = (source: RawBuilder<unknown>, match: RawBuilder<unknown>, also: RawBuilder<unknown> = sql``) =>
    limited(sql`
          select po.thread_id, po.id as post_id, po.created_at, po.search
          from ${source} po
          -- Each candidate's thread by its key (offset 0 keeps this a lookup per post, never a
          -- hash of every thread, whatever the planner guesses about how many posts match).
          cross join lateral (select th.space_id, th.hidden_at from threads th where th.id = po.thread_id offset 0) t
          join spaces s on s.id = t.space_id
          join communities c on c.id = po.community_id
          where ${match} and po.deleted_at is null
            and po.hidden_at is null and t.hidden_at is null -- hidden posts, and posts of hidden threads
            and ${readable} ${inCommunity} ${also}
          order by po.created_at desc, po.id desc`);
  const threadColumns = sql`id, space_id, community_id, created_at, search, hidden_at, opening_deleted_at`;
  const postColumns = sql`id, thread_id, community_id, created_at, search, hidden_at, deleted_at`;
  // The candidates of one kind as CTEs named `<name>` (with `<name>_since` and `<name>_before` for a window).
  const candidates = (
    name: "thread_candidates" | "post_candidates",
    path: SearchPath,
    stage: typeof threadStage,
    table: "threads" | "posts",
    columns: RawBuilder<unknown>,
    match: RawBuilder<unknown>,
    key: "thread_id" | "post_id",
  ) => {
    const from = (where: RawBuilder<unknown>) => fenced(sql`select ${columns} from ${sql.table(table)} where search @@ ${tsquery} ${where}`);
    if (path === "recent") return sql`${sql.raw(name)} as (${stage(sql.table(table), match)})`;
    if (path === "index") return sql`${sql.raw(name)} as (${stage(from(sql``), sql`true`)})`;
    const since = `${name}_since`;
    const before = `${name}_before`;
    return sql`${sql.raw(since)} as (${stage(from(sql`and created_at >= ${path.since}`), sql`true`)}),
      ${sql.raw(before)} as (${stage(from(sql`and created_at < ${path.since}`), sql`true`, whenTooFew(since))}),
      ${sql.raw(name)} as (
        select * from (select * from ${sql.raw(since)} union all select * from ${sql.raw(before)}) both_ranges
        order by created_at desc, ${sql.raw(key)} desc
        limit ${SEARCH_CANDIDATES})`;
  };
  const threadCandidates = candidates("thread_candidates", paths.threads, threadStage, "threads", threadColumns, sql`t.search @@ ${tsquery}`, "thread_id");
  const postCandidates = candidates("post_candidates", paths.posts, postStage as typeof threadStage, "posts", postColumns, sql`po.search @@ ${tsquery}`, "post_id");
  // Stage 1: the newest readable matches of each kind (ids and dates only, no rank, no snippet);
  // every filter on what the viewer may read applies before the limit.
  // Stage 2: rank those few, keep one page of them in a stable order.
  // Stage 3: join what the page shows, and build a snippet for the page's posts only.
  const run = async (executor: Db) => {
    const result = await sql<SearchRow>`
      with ${threadCandidates}, ${postCandidates},
      thread_hits as (
        select h.thread_id, h.created_at, ts_rank(h.search, ${tsquery}) * 2 as rank from thread_candidates h
      ), post_hits as (
        select h.thread_id, h.post_id, h.created_at, ts_rank(h.search, ${tsquery}) as rank from post_candidates h
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
    // A window's fallback read is planned for all of a word's older matches, which can put the
    // statement's estimated cost above jit_above_cost: then compiling it took 70 ms of a 15 ms
    // search (a million posts, issue 10). Nothing here runs long enough to repay compiling.
    await sql`set local jit = off`.execute(trx);
    return run(trx);
  });
}
