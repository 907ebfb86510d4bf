/**
 * `npm run bench -- --routing`: routing a question (issue 14, ADR 49) in a community of 10,000
 * members of whom 200 declared expertise (three of 40 topics each), with 2,000 earlier questions
 * on those topics, a fifth of them with an accepted answer and helpful marks (demonstrated
 * expertise), and routes to the experts from the last week (their load). In this process, on
 * a fresh database (PGlite, or PostgreSQL with DATABASE_URL): the candidate query and the
 * ranking alone (what routing adds), and a whole question asked through QuestionsService.ask
 * (the thread, its post, its topics, the routes and their events, in one transaction).
 * Writes bench/RESULTS-routing.md or bench/RESULTS-routing-postgres.md.
 */
import fs from "node:fs/promises";
import path from "node:path";
import { sql } from "kysely";
import { loadConfig } from "../src/config.ts";
import { openRuntime } from "../src/runtime.ts";
import { candidates } from "../src/questions/routing.repo.ts";
import { choose, rank } from "../src/questions/routing.ts";
import { freshDatabase, root, say } from "./harness.ts";
import { describeMachine } from "./report.ts";

const MEMBERS = 10_000;
const EXPERTS = 200;
const TOPICS = 40;
const EARLIER = 2_000;
const RUNS = 300;

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;

export async function main(write = true) {
  const database = await freshDatabase();
  const config = loadConfig({ ...database.env, HEARTH_DEMO: "0", HEARTH_PUBLIC_URL: "http://bench.test", LOG_LEVEL: "silent", HEARTH_RATE_LIMITS: "off" });
  const runtime = await openRuntime(config, { work: false });
  try {
    const { accounts, communities, questions } = runtime.services;
    const db = runtime.database.db;
    const { id: ownerId } = await accounts.signUp({ username: "bench_owner", password: "correct horse battery staple" }, "");
    const owner = await accounts.viewerForAccount(ownerId);
    const charter = { conditions: [{ name: "COPD" }], rules: ["Be kind."], funding: "None.", businessModel: "None.", dataUse: "Never sold.", conflictsOfInterest: "None." };
    const community = await communities.create(owner, { slug: "bench-questions", name: "Bench questions", purpose: "Routing.", visibility: "public", charter, firstSpace: "public" } as never);
    say(`seeding ${MEMBERS} members, ${EXPERTS} experts, ${EARLIER} earlier questions …`);
    const started = performance.now();
    const q = (text: string, values: unknown[] = []) => runtime.database.pool.query(text, values);
    const spaceId = (await q(`select id from spaces where community_id = $1 limit 1`, [community.id])).rows[0].id as string;
    await q(`insert into accounts (id, username, password_hash) select 'ra' || lpad(g::text, 14, '0'), 'route_member_' || g, 'x' from generate_series(1, $1::int) g`, [MEMBERS]);
    await q(`insert into personas (id, account_id, kind, display_name) select 'rp' || lpad(g::text, 14, '0'), 'ra' || lpad(g::text, 14, '0'), 'personal', 'Member ' || g from generate_series(1, $1::int) g`, [MEMBERS]);
    await q(`insert into memberships (community_id, account_id, role, status) select $1, 'ra' || lpad(g::text, 14, '0'), 'member', 'member' from generate_series(1, $2::int) g`, [community.id, MEMBERS]);
    // Every 50th member is an expert: three topics each, a weekly limit of 5.
    await q(`insert into persona_expertise (persona_id, basis, weekly_limit) select 'rp' || lpad((g * 50)::text, 14, '0'), 'lived', 5 from generate_series(1, $1::int) g`, [EXPERTS]);
    await q(`insert into persona_expertise_topics (persona_id, topic_key) select 'rp' || lpad((g * 50)::text, 14, '0'), 'topic ' || ((g + k * 13) % $2::int) from generate_series(1, $1::int) g, generate_series(0, 2) k`, [EXPERTS, TOPICS]);
    // Earlier questions by ordinary members, each with two topics and two replies (one by an expert); a fifth accepted and marked helpful.
    await q(
      `insert into threads (id, community_id, space_id, author_persona_id, title, reply_count, created_at, last_posted_at)
       select 'rt' || lpad(g::text, 14, '0'), $1, $2, 'rp' || lpad((g % 9000 + 1)::text, 14, '0'), 'Earlier question ' || g, 2, now() - g * interval '2 hours', now() - g * interval '2 hours'
       from generate_series(1, $3::int) g`,
      [community.id, spaceId, EARLIER],
    );
    await q(
      `insert into posts (id, community_id, thread_id, author_persona_id, body, html, created_at)
       select 'rq' || lpad((g * 3 + r)::text, 14, '0'), $1, 'rt' || lpad(g::text, 14, '0'),
              case when r = 0 then 'rp' || lpad((g % 9000 + 1)::text, 14, '0') when r = 1 then 'rp' || lpad(((g % $3::int + 1) * 50)::text, 14, '0') else 'rp' || lpad((g % 7000 + 11)::text, 14, '0') end,
              'Words.', '<p>Words.</p>', now() - g * interval '2 hours' + r * interval '10 minutes'
       from generate_series(1, $2::int) g, generate_series(0, 2) r`,
      [community.id, EARLIER, EXPERTS],
    );
    await q(`insert into questions (thread_id, community_id, created_at, round, routed_count) select 'rt' || lpad(g::text, 14, '0'), $1, now() - g * interval '2 hours', 1, 5 from generate_series(1, $2::int) g`, [community.id, EARLIER]);
    await q(`insert into question_topics (thread_id, community_id, topic_key) select 'rt' || lpad(g::text, 14, '0'), $1, 'topic ' || ((g + k * 7) % $3::int) from generate_series(1, $2::int) g, generate_series(0, 1) k`, [community.id, EARLIER, TOPICS]);
    await q(`update questions set accepted_post_id = 'rq' || lpad((substr(thread_id, 3)::int * 3 + 1)::text, 14, '0'), accepted_at = created_at + interval '1 hour', first_answer_at = created_at + interval '10 minutes', first_answer_by = 'expert_patient' where substr(thread_id, 3)::int % 5 = 0`);
    await q(`insert into reactions (community_id, post_id, persona_id, kind) select $1, 'rq' || lpad((g * 3 + 1)::text, 14, '0'), 'rp' || lpad((g % 9000 + 1)::text, 14, '0'), 'helpful' from generate_series(1, $2::int) g where g % 3 = 0`, [community.id, EARLIER]);
    // The experts' load: the newest 100 earlier questions asked three experts each in the last week (1.5 each).
    await q(
      `insert into question_routes (thread_id, account_id, persona_id, round, asked_at, state)
       select 'rt' || lpad(g::text, 14, '0'), 'ra' || lpad((((g + k) % $1::int + 1) * 50)::text, 14, '0'), 'rp' || lpad((((g + k) % $1::int + 1) * 50)::text, 14, '0'), 1, now() - g * interval '30 minutes', 'answered'
       from generate_series(1, 100) g, generate_series(0, 2) k on conflict do nothing`,
      [EXPERTS],
    );
    await sql`analyze`.execute(db);
    const seedSeconds = (performance.now() - started) / 1000;
    say(`seeded in ${seedSeconds.toFixed(1)} s; timing …`);

    const asker = await accounts.viewerForAccount("ra00000000000001" as never);
    if (process.env.BENCH_EXPLAIN) {
      const seen: { sql: string; parameters: readonly unknown[] }[] = [];
      const stop = runtime.database.onQuery((text, parameters) => seen.push({ sql: text, parameters }));
      await candidates(db, { communityId: community.id, threadId: "none", topics: ["topic 1", "topic 10"], askerAccountId: "ra00000000000001", now: new Date() });
      stop();
      const { rows } = await runtime.database.pool.query(`explain (analyze, buffers off) ${seen[0]!.sql}`, seen[0]!.parameters as unknown[]);
      say(rows.map((r: Record<string, string>) => r["QUERY PLAN"]).join("\n"));
    }
    const topicsOf = (i: number) => [`topic ${i % TOPICS}`, `topic ${(i * 7 + 3) % TOPICS}`];
    // The routing alone: the candidates with their facts, the facts routing needs of them, and the ranking.
    const routingTimes: number[] = [];
    const queryTimes: number[] = [];
    let chosenTotal = 0;
    let candidateTotal = 0;
    for (let i = 0; i < RUNS + 20; i++) {
      const t0 = performance.now();
      const found = await candidates(db, { communityId: community.id, threadId: "none", topics: topicsOf(i), askerAccountId: "ra00000000000001", now: new Date() });
      if (i >= 20) queryTimes.push(performance.now() - t0);
      // As QuestionsService does: ranked, then the facts of the first few (15 for 5 places).
      const ranked = rank(found, new Date()).slice(0, 15);
      const ids = [...new Set(ranked.map((c) => c.accountId))];
      const [viewers, memberships, hours] = await Promise.all([accounts.viewersForAccounts(ids), communities.membershipsIn(community.id, ids), runtime.services.notificationEmail.officeHoursOfAccounts(ids)]);
      const chosen = choose(ranked, { now: new Date(), size: 5, officeHours: hours, mayRead: (id) => viewers.has(id) && memberships.get(id)?.status === "member" });
      if (i >= 20) {
        routingTimes.push(performance.now() - t0);
        chosenTotal += chosen.length;
        candidateTotal += found.length;
      }
    }
    // A whole question asked (in process, no HTTP): thread, post, topics, routes, events.
    const askTimes: number[] = [];
    let routedTotal = 0;
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      const asked = await questions.ask(asker, "bench-questions", { title: `Question ${i}`, body: "How do you manage?", topics: topicsOf(i), language: "en" });
      askTimes.push(performance.now() - t0);
      routedTotal += asked.routedCount;
    }
    routingTimes.sort((a, b) => a - b);
    queryTimes.sort((a, b) => a - b);
    askTimes.sort((a, b) => a - b);
    const machine = describeMachine();
    const label = database.label;
    const lines = [
      "# Routing a question",
      "",
      `Written by \`npm run bench -- --routing\` (bench/routing.ts) on ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC. Not a timed test.`,
      "",
      `- **Database:** ${label}.`,
      `- **Machine:** ${machine.cpu}, ${machine.cores} cores (shared); Node.js ${machine.node} on ${machine.os}; load average before: ${machine.loadBefore}.`,
      `- **Data:** ${MEMBERS.toLocaleString("en-GB")} members; ${EXPERTS} declared experts (3 of ${TOPICS} topics each, weekly limit 5); ${EARLIER.toLocaleString("en-GB")} earlier questions with 2 topics and 2 replies each, a fifth accepted, a third marked helpful; ${100 * 3} routes in the last week. Seeded with SQL in ${seedSeconds.toFixed(1)} s, then ANALYZE.`,
      `- **Each run:** a question with 2 topics (${RUNS} runs, in turn over the topics, after 20 to warm up), in this process.`,
      "",
      "| what | p50 | p99 | on average |",
      "|---|---:|---:|---|",
      `| routing alone: candidates, their facts, ranking | ${percentile(routingTimes, 0.5).toFixed(1)} ms | ${percentile(routingTimes, 0.99).toFixed(1)} ms | ${(candidateTotal / RUNS).toFixed(0)} candidates, ${(chosenTotal / RUNS).toFixed(1)} chosen |`,
      `| of which the candidate query (one statement) | ${percentile(queryTimes, 0.5).toFixed(1)} ms | ${percentile(queryTimes, 0.99).toFixed(1)} ms | |`,
      `| asking: the thread, its post, topics, routes and their events, one transaction | ${percentile(askTimes, 0.5).toFixed(1)} ms | ${percentile(askTimes, 0.99).toFixed(1)} ms | ${(routedTotal / RUNS).toFixed(1)} asked |`,
      "",
      "The asking runs ask the same experts again and again, so their weekly limits fill and later runs ask fewer people: as it would be if one member asked 300 questions in a row.",
      "",
    ];
    const markdown = lines.join("\n");
    process.stdout.write(markdown);
    if (write) {
      const out = path.join(root, "bench", process.env.DATABASE_URL ? "RESULTS-routing-postgres.md" : "RESULTS-routing.md");
      await fs.writeFile(out, markdown);
      say(`wrote ${path.relative(root, out)}`);
    }
  } finally {
    await runtime.close();
    await database.drop();
  }
}
