/**
 * `DATABASE_URL=postgres://… npx tsx bench/dead-entries.ts [--posts 100000] [--replies 6800]`:
 * how many buffers the first page of a space touches after many replies, on PostgreSQL.
 * Each reply moves its thread's last_posted_at (discussion.repo noteReply), leaving a
 * dead entry in threads_space_recent_idx until a vacuum. Grows a fresh database with
 * bench/bulk.ts (or uses --existing <database name>), then prints EXPLAIN (ANALYZE,
 * BUFFERS) figures for the first space page: before the replies, after them, and after
 * the vacuum that migration 0015's settings start once 200 + 1 % of the threads have
 * changed (the default waits for 50 + 20 %). The vacuum is run here by hand, so the
 * figure does not depend on autovacuum's timing or on whether the server runs it.
 */
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import pg from "pg";
import { loadConfig } from "../src/config.ts";
import { openConfiguredDatabase } from "../src/runtime.ts";
import { grow } from "./bulk.ts";
import { say, withDatabase } from "./harness.ts";
import { COMMUNITY_SLUG, seed } from "./seed.ts";

const { values: args } = parseArgs({ options: { posts: { type: "string", default: "100000" }, replies: { type: "string", default: "6800" }, existing: { type: "string" } } });
const base = process.env.DATABASE_URL;
if (!base) throw new Error("Set DATABASE_URL to a PostgreSQL server (a database is created and dropped on it).");

async function main() {
  const name = args.existing ?? `hearth_dead_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: withDatabase(base!, "postgres") });
  await admin.connect();
  if (!args.existing) {
    await admin.query(`create database ${name}`);
    const config = loadConfig({ DATABASE_URL: withDatabase(base!, name), HEARTH_DATA_DIR: "/tmp", HEARTH_DEMO: "0", LOG_LEVEL: "silent" });
    await seed(config, { threads: 20, replies: 9, secondSpace: true });
    const handle = await openConfiguredDatabase(config);
    await grow(handle.pool, { slug: COMMUNITY_SLUG, owner: "bench_author_0", posts: Number(args.posts), log: say });
    await handle.close();
  }
  const db = new pg.Client({ connectionString: withDatabase(base!, name) });
  await db.connect();
  try {
    const [space] = (await db.query(`select s.id from spaces s join communities c on c.id = s.community_id where c.slug = $1 and s.slug = 'general'`, [COMMUNITY_SLUG])).rows;
    // The first page of a space as listThreads asks for it (31 rows: a page of 30 and one to tell whether there is more).
    const page = `explain (analyze, buffers, format json)
      select t.id, t.title, t.last_posted_at from threads t join personas p on p.id = t.author_persona_id
      where t.space_id = $1 and t.hidden_at is null order by t.last_posted_at desc, t.id desc limit 31`;
    // The first view after the writes pays for stepping over the dead entries (and marks them
    // dead in the index as it goes, so a second view is cheaper): both are printed.
    const measure = async (label: string) => {
      const once = async () => {
        const plan = (await db.query(page, [space.id])).rows[0]["QUERY PLAN"][0];
        return { buffers: plan.Plan["Shared Hit Blocks"] + plan.Plan["Shared Read Blocks"], ms: plan["Execution Time"] as number };
      };
      const first = await once();
      const second = await once();
      say(`${label}: first view ${first.buffers} buffers (${first.ms.toFixed(2)} ms), second ${second.buffers} buffers (${second.ms.toFixed(2)} ms)`);
      return { label, first, second };
    };
    const results = [await measure("before the replies")];
    const replies = Number(args.replies);
    // Replies as the bench makes them: round the space's 200 most recently active threads, each its own
    // transaction, as noteReply writes it.
    const ids = (await db.query(`select id from threads where space_id = $1 order by last_posted_at desc limit 200`, [space.id])).rows.map((r) => r.id as string);
    for (let i = 0; i < replies; i++) {
      await db.query(`update threads set reply_count = reply_count + 1, last_posted_at = now() where id = $1`, [ids[i % ids.length]]);
    }
    results.push(await measure(`after ${replies} replies, no vacuum yet`));
    const [threads] = (await db.query(`select count(*)::int as n from threads`)).rows;
    say(`threads: ~${threads.n} rows; migration 0015 vacuums after ${200 + Math.round(0.01 * Number(threads.n))} changed rows, the default after ${50 + Math.round(0.2 * Number(threads.n))}`);
    await db.query(`vacuum threads`);
    results.push(await measure(`after the vacuum`));
    console.log(JSON.stringify(results));
  } finally {
    await db.end();
    if (!args.existing) await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
