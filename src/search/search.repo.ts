/**
 * Full-text search over thread titles and post bodies (tsvector + GIN), filtered in
 * SQL to the spaces the viewer may read, so nothing unreadable is ever fetched.
 */
import { sql } from "kysely";
import type { Db } from "../db/connection.ts";
import type { AuthorColumns } from "../db/persona-columns.ts";
import { readableSpaceCondition } from "../db/visibility.sql.ts";
import type { Viewer } from "../shared/viewer.ts";

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

export async function searchReadable(
  db: Db,
  viewer: Viewer,
  query: string,
  communitySlug: string | null,
  offset: number,
  limit: number,
): Promise<SearchRow[]> {
  const readable = readableSpaceCondition(viewer);
  const inCommunity = communitySlug ? sql`and c.slug = ${communitySlug}` : sql``;
  const result = await sql<SearchRow & { rank: number }>`
    with q as (select websearch_to_tsquery('english', ${query}) as query)
    select * from (
      select 'thread' as type, t.id as thread_id, null as post_id, t.title,
             '' as snippet, ts_rank(t.search, q.query) * 2 as rank, t.created_at,
             c.slug as community_slug, c.name as community_name, s.slug as space_slug, s.name as space_name,
             p.id as author_persona_id, p.kind as author_kind, p.display_name as author_name, p.is_carer as author_is_carer,
             p.specialty as author_specialty, p.capacity as author_capacity,
             p.verified_until as author_verified_until, p.verified_from as author_verified_from
      from threads t, q, spaces s, communities c, personas p
      where t.search @@ q.query and s.id = t.space_id and c.id = t.community_id and p.id = t.author_persona_id
        and t.hidden_at is null -- hidden by a moderator (src/moderation): never found
        and t.opening_deleted_at is null -- its title went with its deleted opening post
        and ${readable} ${inCommunity}
      union all
      select 'post', t.id, po.id, case when t.opening_deleted_at is null then t.title else '' end,
             ts_headline('english', po.body, q.query, ${HEADLINE}), ts_rank(po.search, q.query), po.created_at,
             c.slug, c.name, s.slug, s.name, p.id, p.kind, p.display_name, p.is_carer, p.specialty, p.capacity,
             p.verified_until, p.verified_from
      from posts po, q, threads t, spaces s, communities c, personas p
      where po.search @@ q.query and po.deleted_at is null and t.id = po.thread_id and s.id = t.space_id
        and po.hidden_at is null and t.hidden_at is null -- hidden posts, and posts of hidden threads
        and c.id = po.community_id and p.id = po.author_persona_id
        and ${readable} ${inCommunity}
    ) hits
    order by rank desc, created_at desc, coalesce(post_id, thread_id)
    limit ${limit + 1} offset ${offset}`.execute(db);
  return result.rows;
}
