/**
 * Grows the benchmark's community to a given number of posts with plain SQL
 * (generate_series inserts, not the API): threads of 20 posts spread over the
 * community's public spaces, written by one member for every 100 posts, older than
 * what the seed wrote, with notifications for the owner (one per 100 posts) and for a member (one per thread), open
 * flags and moderation-log entries (one each per 1,000 posts), a session per member and a
 * thanks for each opening post. Bodies come from a
 * pool of 1,000 made by the seed's generator and rendered by Hearth's own Markdown
 * renderer; one post in 20,000 also says the rare word RARE_WORD.
 * Then VACUUM (ANALYZE), as autovacuum would in time, so the planner has statistics.
 */
import type pg from "pg";
import { renderMarkdown } from "../src/shared/markdown.ts";
import { postBody } from "./seed.ts";

export const RARE_WORD = "zephyrine";
/** In nearly every generated post (the seed's vocabulary is small). */
export const COMMON_WORD = "kettle";

const POOL = 1000;

function generator(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

export type GrowOptions = {
  slug: string;
  /** The username of an account with a personal persona: told about one post in `notifyEvery` threads, the moderator of the log. */
  owner: string;
  posts: number;
  log: (line: string) => void;
  /** Posts per thread (20). */
  perThread?: number;
  /** Members added (one per 100 posts, at least 100). */
  members?: number;
  /** One notification for the owner every this many threads (5), one open flag and one log entry every `flagEvery` (50). */
  notifyEvery?: number;
  flagEvery?: number;
};

export async function grow(pool: pg.Pool, options: GrowOptions): Promise<{ posts: number; seconds: number }> {
  const PER_THREAD = options.perThread ?? 20;
  const notifyEvery = options.notifyEvery ?? 5;
  const flagEvery = options.flagEvery ?? 50;
  const started = performance.now();
  const q = async (text: string, values: unknown[] = []) => (await pool.query(text, values)).rows;
  const [context] = await q(
    `select c.id as community_id, a.id as owner_account, pe.id as owner_persona, a.password_hash,
            (select array_agg(s.id order by s.position) from spaces s where s.community_id = c.id and s.visibility = 'public') as spaces,
            (select count(*)::int from posts po where po.community_id = c.id) as posts
     from communities c, accounts a join personas pe on pe.account_id = a.id and pe.kind = 'personal'
     where c.slug = $1 and a.username = $2`,
    [options.slug, options.owner],
  );
  if (!context) throw new Error(`No community ${options.slug} with owner ${options.owner}`);
  const community: string = context.community_id;
  const spaces: string[] = context.spaces;
  const threads = Math.max(0, Math.ceil((options.posts - context.posts) / PER_THREAD));
  const members = options.members ?? Math.max(100, Math.ceil(options.posts / 100));
  options.log(`  growing to ~${context.posts + threads * PER_THREAD} posts: ${threads} threads × ${PER_THREAD} posts, ${members} more members …`);

  await q(
    `insert into accounts (id, username, password_hash) select 'ba' || lpad(g::text, 14, '0'), 'bulk_member_' || g, $1 from generate_series(1, $2::int) g`,
    [context.password_hash, members],
  );
  await q(`insert into personas (id, account_id, kind, display_name) select 'bq' || lpad(g::text, 14, '0'), 'ba' || lpad(g::text, 14, '0'), 'personal', 'Member ' || g from generate_series(1, $1::int) g`, [members]);
  await q(
    `insert into memberships (community_id, account_id, role, status, created_at)
     select $1, 'ba' || lpad(g::text, 14, '0'), 'member', 'member', now() - interval '1 day' - ($2::int - g) * interval '1 hour' from generate_series(1, $2::int) g`,
    [community, members],
  );

  // A signed-in session for each of them (every signed-in request looks its session up).
  await q(`insert into sessions (token_hash, account_id, expires_at) select 'bulk-session-' || g, 'ba' || lpad(g::text, 14, '0'), now() + interval '30 days' from generate_series(1, $1::int) g`, [members]);

  const random = generator(20261202);
  const bodies = Array.from({ length: POOL }, () => postBody(random));
  const titles = bodies.map((b) => b.replace(/[*\-\n]/g, " ").replace(/\s+/g, " ").trim().split(" ").slice(0, 7).join(" "));
  await q(`create table bench_bodies (n int primary key, title text not null, body text not null, html text not null)`);
  try {
    await q(`insert into bench_bodies select * from unnest($1::int[], $2::text[], $3::text[], $4::text[])`, [bodies.map((_, i) => i), titles, bodies, bodies.map(renderMarkdown)]);
    const chunk = 2500;
    for (let from = 1; from <= threads; from += chunk) {
      const to = Math.min(threads, from + chunk - 1);
      // Thread g starts 10 minutes after thread g-1 and ends a day before now; its posts follow 30 s apart.
      const at = `(now() - interval '1 day' - (${threads} - g) * interval '10 minutes')`;
      await q(
        `insert into threads (id, community_id, space_id, author_persona_id, title, reply_count, created_at, last_posted_at)
         select 'bt' || lpad(g::text, 14, '0'), $1, ($2::text[])[1 + g % array_length($2::text[], 1)], 'bq' || lpad((1 + g % $3::int)::text, 14, '0'),
                b.title || ' (' || g || ')', ${PER_THREAD - 1}, ${at}, ${at} + ${PER_THREAD - 1} * interval '30 seconds'
         from generate_series($4::int, $5::int) g join bench_bodies b on b.n = g % ${POOL}`,
        [community, spaces, members, from, to],
      );
      await q(
        `insert into posts (id, community_id, thread_id, author_persona_id, body, html, created_at)
         select 'bp' || lpad((g * ${PER_THREAD} + r)::text, 14, '0'), $1, 'bt' || lpad(g::text, 14, '0'), 'bq' || lpad((1 + (g + r) % $2::int)::text, 14, '0'),
                b.body || case when (g * ${PER_THREAD} + r) % 20000 = 7 then ' ${RARE_WORD[0]!.toUpperCase()}${RARE_WORD.slice(1)}.' else '' end,
                b.html, ${at} + r * interval '30 seconds'
         from generate_series($3::int, $4::int) g cross join generate_series(0, ${PER_THREAD - 1}) r
         join bench_bodies b on b.n = (g * ${PER_THREAD} + r) % ${POOL}`,
        [community, members, from, to],
      );
      // A thanks for each thread's opening post.
      await q(
        `insert into reactions (community_id, post_id, persona_id, kind, created_at)
         select $1, 'bp' || lpad((g * ${PER_THREAD})::text, 14, '0'), 'bq' || lpad((1 + (g + 1) % $2::int)::text, 14, '0'), 'thanks', ${at}
         from generate_series($3::int, $4::int) g`,
        [community, members, from, to],
      );
      await q(
        `insert into notifications (id, account_id, persona_id, kind, community_id, thread_id, post_id, actor_persona_id, created_at)
         select 'bn' || lpad(g::text, 14, '0'), $1, $2, 'reply', $3, 'bt' || lpad(g::text, 14, '0'), 'bp' || lpad((g * ${PER_THREAD} + (5 % ${PER_THREAD}))::text, 14, '0'), 'bq' || lpad((1 + (g + 5) % $4::int)::text, 14, '0'),
                ${at} + 5 * interval '30 seconds'
         from generate_series($5::int, $6::int) g where g % ${notifyEvery} = 0`,
        [context.owner_account, context.owner_persona, community, members, from, to],
      );
      // and one for a member in every thread (whose author they are told about).
      await q(
        `insert into notifications (id, account_id, persona_id, kind, community_id, thread_id, post_id, actor_persona_id, created_at)
         select 'bo' || lpad(g::text, 14, '0'), 'ba' || lpad((1 + g % $1::int)::text, 14, '0'), 'bq' || lpad((1 + g % $1::int)::text, 14, '0'), 'reply', $2,
                'bt' || lpad(g::text, 14, '0'), 'bp' || lpad((g * ${PER_THREAD} + (1 % ${PER_THREAD}))::text, 14, '0'), 'bq' || lpad((1 + (g + 1) % $1::int)::text, 14, '0'),
                ${at} + interval '30 seconds'
         from generate_series($3::int, $4::int) g`,
        [members, community, from, to],
      );
      await q(
        `insert into flags (id, community_id, target_type, target_id, target_persona_id, reporter_account_id, reason, created_at)
         select 'bf' || lpad(g::text, 14, '0'), $1, 'post', 'bp' || lpad((g * ${PER_THREAD} + (3 % ${PER_THREAD}))::text, 14, '0'), 'bq' || lpad((1 + (g + 3) % $2::int)::text, 14, '0'), 'ba' || lpad((1 + g % $2::int)::text, 14, '0'), 'spam', ${at}
         from generate_series($3::int, $4::int) g where g % ${flagEvery} = 0`,
        [community, members, from, to],
      );
      await q(
        `insert into moderation_actions (id, community_id, target_type, target_id, target_persona_id, action, reason, actor_account_id, created_at)
         select 'bm' || lpad(g::text, 14, '0'), $1, 'post', 'bp' || lpad((g * ${PER_THREAD} + (4 % ${PER_THREAD}))::text, 14, '0'), 'bq' || lpad((1 + (g + 4) % $2::int)::text, 14, '0'), 'dismiss', 'Looked at it: nothing to do.', $3, ${at}
         from generate_series($4::int, $5::int) g where g % ${flagEvery} = ${Math.floor(flagEvery / 2)}`,
        [community, members, context.owner_account, from, to],
      );
      options.log(`  loaded ${to}/${threads} threads (${((performance.now() - started) / 1000).toFixed(0)} s)`);
    }
  } finally {
    await q(`drop table bench_bodies`);
  }
  options.log(`  vacuum (analyze) …`);
  await q(`vacuum (analyze)`);
  const [{ n }] = await q(`select count(*)::int as n from posts where community_id = $1`, [community]);
  return { posts: n, seconds: (performance.now() - started) / 1000 };
}
