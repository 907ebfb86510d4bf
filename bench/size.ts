/**
 * `npm run bench -- --posts 1000000`: the size benchmark. Seeds a small community
 * through Hearth's services (20 threads × 9 replies, two public spaces), measures every
 * main page and API list with autocannon, grows the same community with SQL to
 * `--posts` (bench/bulk.ts), measures again, and prints each figure beside the small
 * community's, with the ratio. Writes bench/RESULTS-size.md (PGlite) or
 * bench/RESULTS-size-postgres.md (with DATABASE_URL).
 *
 * Options: --posts <n> (100000), --duration <s> (5), --connections <n> (50), --out, --no-write.
 */
import fs from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { loadConfig } from "../src/config.ts";
import { openConfiguredDatabase } from "../src/runtime.ts";
import { COMMON_WORD, grow, RARE_WORD } from "./bulk.ts";
import { freshDatabase, json, root, run, say, startServer, type Load } from "./harness.ts";
import { describeMachine, type Scenario } from "./report.ts";
import { COMMUNITY_SLUG, seed } from "./seed.ts";

const OWNER = "bench_author_0";
const PASSWORD = "correct horse battery staple";

type Measured = { label: string; posts: number; scenarios: Scenario[] };

function loads(ids: string[], token: string): Load[] {
  const thread = () => ids[Math.floor(Math.random() * ids.length)]!;
  const bearer = { authorization: `Bearer ${token}` };
  const c = `/c/${COMMUNITY_SLUG}`;
  const api = `/api/v1/communities/${COMMUNITY_SLUG}`;
  let n = 0;
  const get = (name: string, request: string, make: () => string, headers: Record<string, string> = {}): Load => ({
    name,
    request,
    requests: [{ method: "GET", headers, setupRequest: (r) => ({ ...r, path: make() }) }],
  });
  return [
    get("Thread page HTML", "GET /t/:id", () => `/t/${thread()}`),
    get("Thread API", "GET /api/v1/threads/:id", () => `/api/v1/threads/${thread()}`),
    get("Space page HTML", `GET ${c}/s/general`, () => `${c}/s/general`),
    get("Space API", `GET ${api}/spaces/general/threads`, () => `${api}/spaces/general/threads`),
    get("Community page HTML", `GET ${c}`, () => c),
    get(`Search, common word`, `GET /api/v1/search?q=${COMMON_WORD}`, () => `/api/v1/search?q=${COMMON_WORD}`),
    get(`Search page, common word`, `GET /search?q=${COMMON_WORD}`, () => `/search?q=${COMMON_WORD}`),
    get(`Search, rare word`, `GET /api/v1/search?q=${RARE_WORD}`, () => `/api/v1/search?q=${RARE_WORD}`),
    get("Members API (owner)", `GET ${api}/members`, () => `${api}/members`, bearer),
    get("Notifications API (owner)", "GET /api/v1/notifications", () => "/api/v1/notifications", bearer),
    get("Moderation queue API (owner)", `GET ${api}/moderation/queue`, () => `${api}/moderation/queue`, bearer),
    get("Moderation log API", `GET ${api}/moderation/log`, () => `${api}/moderation/log`),
    {
      name: "Reply creation (owner)",
      request: "POST /api/v1/threads/:id/posts",
      requests: [
        {
          method: "POST",
          headers: { "content-type": "application/json", ...bearer },
          setupRequest: (r) => ({ ...r, path: `/api/v1/threads/${ids[n++ % ids.length]}/posts`, body: JSON.stringify({ body: `Thank you, that helped (${n}).` }) }),
        },
      ],
    },
  ];
}

async function measureAll(env: Record<string, string>, label: string, connections: number, duration: number): Promise<Measured> {
  const server = await startServer(env);
  try {
    const { token } = (await json(`${server.url}/api/v1/sessions`, { method: "POST", body: JSON.stringify({ username: OWNER, password: PASSWORD }) })) as { token: string };
    // The newest threads of each space, from the API (the server holds an embedded database).
    const ids: string[] = [];
    for (const space of ["general", "daily-life"]) {
      const page = (await json(`${server.url}/api/v1/communities/${COMMUNITY_SLUG}/spaces/${space}/threads?limit=100`)) as { items: { id: string }[] };
      ids.push(...page.items.map((t) => t.id));
    }
    const probe = (await json(`${server.url}/api/v1/search?q=${COMMON_WORD}`)) as { items: unknown[] };
    say(`${label}: ${ids.length} threads to read; the common word's first page has ${probe.items.length} hits`);
    const scenarios: Scenario[] = [];
    for (const load of loads(ids, token)) scenarios.push(await run(server.url, server.pid, load, connections, duration));
    return { label, posts: 0, scenarios };
  } finally {
    await server.stop();
  }
}

const ms = (n: number) => `${n.toFixed(n < 10 ? 1 : 0)} ms`;

function render(small: Measured, big: Measured, meta: { requested: number; database: string; date: string; machine: ReturnType<typeof describeMachine>; connections: number; duration: number; growSeconds: number }) {
  const lines = [
    `# Size benchmark: ${small.posts.toLocaleString("en")} posts and ${big.posts.toLocaleString("en")} posts`,
    "",
    `Written by \`npm run bench -- --posts ${meta.requested}\` (bench/size.ts) on ${meta.date}. Not a timed test; the numbers depend on the machine and what else it was doing.`,
    "",
    `- **Database:** ${meta.database}. One public community (two public spaces): first ${small.posts} posts written through Hearth's services,`,
    `  then grown with SQL to ${big.posts.toLocaleString("en")} posts (bench/bulk.ts: threads of 20 posts, a member per 100 posts, a notification`,
    `  for the owner per 100 posts, an open flag and a log entry per 1,000 posts; ${meta.growSeconds.toFixed(0)} s including VACUUM (ANALYZE)).`,
    `- **Load:** autocannon, ${meta.connections} connections, ${meta.duration} s per row after a 2 s warm-up; guests unless the row says owner (bearer token).`,
    `  Search words: "${COMMON_WORD}" (in most posts), "${RARE_WORD}" (one post in 20,000).`,
    `- **Machine:** ${meta.machine.cpu}, ${meta.machine.cores} cores (shared); Node.js ${meta.machine.node} on ${meta.machine.os}; load average before: ${meta.machine.loadBefore}.`,
    "",
    `| what | request | small req/s | large req/s | req/s ratio (large ÷ small) | small p50 / p99 | large p50 / p99 | p99 ratio |`,
    `|---|---|---:|---:|---:|---:|---:|---:|`,
  ];
  big.scenarios.forEach((b, i) => {
    const s = small.scenarios[i]!;
    const bad = (x: Scenario) => (x.errors || x.non2xx || x.timeouts ? ` (errors ${x.errors}, non-2xx ${x.non2xx}, timeouts ${x.timeouts})` : "");
    lines.push(
      `| ${b.name} | \`${b.request}\` | ${s.rps.toFixed(0)}${bad(s)} | ${b.rps.toFixed(0)}${bad(b)} | ${(b.rps / s.rps).toFixed(2)} | ${ms(s.p50)} / ${ms(s.p99)} | ${ms(b.p50)} / ${ms(b.p99)} | ${(b.p99 / Math.max(s.p99, 0.1)).toFixed(2)} |`,
    );
  });
  return `${lines.join("\n")}\n`;
}

export async function main() {
  const { values: args } = parseArgs({
    options: {
      posts: { type: "string", default: "100000" },
      duration: { type: "string", default: "5" },
      connections: { type: "string", default: "50" },
      "no-write": { type: "boolean", default: false },
      out: { type: "string" },
      // bench/run.ts's options, accepted and ignored here
      threads: { type: "string" },
      replies: { type: "string" },
    },
  });
  const posts = Math.min(Math.max(Number(args.posts), 1000), 5_000_000);
  const duration = Math.min(Math.max(Number(args.duration), 1), 60);
  const connections = Math.min(Math.max(Number(args.connections), 1), 500);
  const machine = describeMachine();
  const database = await freshDatabase();
  try {
    const config = loadConfig({ ...database.env, HEARTH_DEMO: "0", HEARTH_RATE_LIMITS: "off", LOG_LEVEL: "silent" });
    say(`Seeding ${database.label} …`);
    const seeded = await seed(config, { threads: 20, replies: 9, secondSpace: true, log: say });
    const small = await measureAll(database.env, `${seeded.posts} posts`, connections, duration);
    small.posts = seeded.posts;

    say(`Growing the community to ${posts} posts with SQL …`);
    const handle = await openConfiguredDatabase(config);
    let grown: { posts: number; seconds: number };
    try {
      grown = await grow(handle.pool, { slug: COMMUNITY_SLUG, owner: OWNER, posts, log: say });
    } finally {
      await handle.close();
    }
    say(`Grown to ${grown.posts} posts in ${grown.seconds.toFixed(0)} s.`);
    const big = await measureAll(database.env, `${grown.posts} posts`, connections, duration);
    big.posts = grown.posts;

    const markdown = render(small, big, { requested: posts, database: database.label, date: new Date().toISOString().slice(0, 16).replace("T", " ") + " UTC", machine, connections, duration, growSeconds: grown.seconds });
    process.stdout.write(markdown);
    if (!args["no-write"]) {
      const out = args.out ? path.resolve(args.out) : path.join(root, "bench", process.env.DATABASE_URL ? "RESULTS-size-postgres.md" : "RESULTS-size.md");
      await fs.writeFile(out, markdown);
      say(`Wrote ${path.relative(process.cwd(), out)}.`);
    }
  } finally {
    await database.drop();
  }
}
