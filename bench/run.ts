/**
 * `npm run bench`: seeds a fresh database (1 community, 200 threads × 20 replies),
 * plus 500 members who follow one more thread; first measures the fan-out of a reply to
 * that thread (bench/fanout.ts: until every notification row exists), then starts the
 * real server in its own process and measures the thread page, the thread API, reply
 * creation and reactions with autocannon at 50 connections, plus the thread page's size
 * on the wire. Writes bench/RESULTS.md.
 *
 * Loopback only; every load run is bounded in time and the whole run stops itself.
 * Options: --duration <s> (10), --connections <n> (50), --threads <n> (200),
 * --replies <n> (20), --members <n> (500: the followers, who also give the reactions),
 * --fanout-replies <n> (5), --note <text> (what else the machine was doing),
 * --out <file>, --no-write (print only). `--fanout` measures the fan-out only, and prints it
 * (for comparing one change to it: `--fanout --threads 10 --replies 5` seeds in a fraction of the time).
 * With DATABASE_URL set it uses a fresh PostgreSQL database on that server (dropped
 * afterwards) and writes bench/RESULTS-postgres.md; otherwise the embedded PGlite in
 * a temporary directory, and bench/RESULTS.md.
 */
import fs from "node:fs/promises";
import http from "node:http";
import path from "node:path";
import { parseArgs } from "node:util";
import zlib from "node:zlib";
import { randomBytes } from "node:crypto";
import { loadConfig } from "../src/config.ts";
import { freshDatabase, json, root, run, say, startServer, type Load } from "./harness.ts";
import { describeMachine, renderMarkdown, type Report, type Scenario, type Size } from "./report.ts";
import { measureFanOut } from "./fanout.ts";
import { COMMUNITY_SLUG, postBody, seed } from "./seed.ts";

const { values: args } = parseArgs({
  options: {
    duration: { type: "string", default: "10" },
    connections: { type: "string", default: "50" },
    threads: { type: "string", default: "200" },
    replies: { type: "string", default: "20" },
    "no-write": { type: "boolean", default: false },
    out: { type: "string" },
    posts: { type: "string" },
    chart: { type: "boolean", default: false },
    members: { type: "string", default: "500" },
    "fanout-replies": { type: "string", default: "5" },
    note: { type: "string" },
    fanout: { type: "boolean", default: false },
    archive: { type: "boolean", default: false },
    events: { type: "boolean", default: false },
    routing: { type: "boolean", default: false },
    sizes: { type: "string" },
  },
});
const DURATION = Math.min(Math.max(Number(args.duration), 1), 60);
const CONNECTIONS = Math.min(Math.max(Number(args.connections), 1), 500);
const THREADS = Math.min(Math.max(Number(args.threads), 1), 2000);
const REPLIES = Math.min(Math.max(Number(args.replies), 0), 100);
const MEMBERS = Math.min(Math.max(Number(args.members), 1), 5000);
const FANOUT_REPLIES = Math.min(Math.max(Number(args["fanout-replies"]), 1), 50);
const LOG_LEVEL = "warn";

// However it goes, the benchmark ends: a hard stop well past the expected run time.
const hardStop = setTimeout(() => {
  console.error("The benchmark ran far longer than expected and was stopped.");
  process.exit(2);
}, 30 * 60_000);
hardStop.unref();


/** One response's body as it crossed the wire, and its size once decoded. */
function measure(url: string): Promise<{ encoding: string; compressed: number; uncompressed: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers: { "accept-encoding": "br, gzip" } }, (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => {
          const raw = Buffer.concat(chunks);
          const encoding = String(response.headers["content-encoding"] ?? "identity");
          const decoded = encoding === "br" ? zlib.brotliDecompressSync(raw) : encoding === "gzip" ? zlib.gunzipSync(raw) : raw;
          if (response.statusCode !== 200) return reject(new Error(`${url} → ${response.statusCode}`));
          resolve({ encoding, compressed: raw.length, uncompressed: decoded.length, body: decoded.toString("utf8") });
        });
      })
      .on("error", reject);
  });
}

async function pageSizes(base: string, threadId: string): Promise<Size[]> {
  const html = await measure(`${base}/t/${threadId}`);
  const sizes: Size[] = [{ what: "HTML", url: `/t/${threadId}`, encoding: html.encoding, compressed: html.compressed, uncompressed: html.uncompressed }];
  const css = [...html.body.matchAll(/<link[^>]+rel="stylesheet"[^>]*href="([^"]+)"/g)].map((m) => m[1]!);
  const js = [...html.body.matchAll(/<script[^>]+src="([^"]+)"/g)].map((m) => m[1]!);
  for (const [kind, urls] of [["CSS", css], ["JS", js]] as const) {
    for (const url of urls) {
      const asset = await measure(new URL(url, base).toString());
      sizes.push({ what: kind, url, encoding: asset.encoding, compressed: asset.compressed, uncompressed: asset.uncompressed });
    }
  }
  return sizes;
}

const measureLoad = (base: string, pid: number, load: Load) => run(base, pid, load, CONNECTIONS, DURATION);

async function main() {
  const machine = describeMachine();
  const database = await freshDatabase();
  let server: Awaited<ReturnType<typeof startServer>> | null = null;
  try {
    say(`Seeding ${database.label}: 1 community, ${THREADS} threads × ${REPLIES} replies, ${MEMBERS} members following one more thread …`);
    const config = loadConfig({ ...database.env, HEARTH_DEMO: "0", HEARTH_RATE_LIMITS: "off", LOG_LEVEL: "silent" });
    const seeded = await seed(config, { threads: THREADS, replies: REPLIES, members: MEMBERS, log: say });
    say(`Seeded ${seeded.posts} posts and ${seeded.members.length} members in ${seeded.seconds.toFixed(0)} s.`);
    const replyText = (() => {
      let state = 7;
      return () => postBody(() => ((state = (state * 1664525 + 1013904223) >>> 0) / 2 ** 32));
    })();

    // Before the load runs, so no backlog of their jobs is in the queue: the fan-out's server is this process's.
    say(`Fan-out: ${FANOUT_REPLIES} replies to a thread ${MEMBERS} members follow …`);
    const fanOut = await measureFanOut(config, { communitySlug: COMMUNITY_SLUG, threadId: seeded.followedThreadId!, followers: MEMBERS, replies: FANOUT_REPLIES, body: replyText });
    say(`  until every row: median ${fanOut.untilAll.median.toFixed(0)} ms, slowest ${fanOut.untilAll.max.toFixed(0)} ms.`);
    if (args.fanout) {
      process.stdout.write(JSON.stringify({ database: database.label, loadBefore: machine.loadBefore, loadAfter: describeMachine().loadBefore, fanOut }, null, 2) + "\n");
      return;
    }
    say("Starting the server …");
    server = await startServer(database.env);
    const base = server.url;

    const username = `bench_${randomBytes(3).toString("hex")}`;
    const password = "correct horse battery staple";
    await json(`${base}/api/v1/accounts`, { method: "POST", body: JSON.stringify({ username, password }) });
    const { token } = (await json(`${base}/api/v1/sessions`, { method: "POST", body: JSON.stringify({ username, password }) })) as { token: string };
    await json(`${base}/api/v1/communities/${COMMUNITY_SLUG}/members`, { method: "POST", token });

    const ids = seeded.threadIds;
    const randomThread = () => ids[Math.floor(Math.random() * ids.length)]!;
    let next = 0;

    const sizes = await pageSizes(base, ids[0]!);
    const pid = server.pid;
    const scenarios: Scenario[] = [];
    scenarios.push(await measureLoad(base, pid, { name: "Thread page HTML, guest", request: "GET /t/:id", requests: [{ method: "GET", setupRequest: (r) => ({ ...r, path: `/t/${randomThread()}` }) }] }));
    scenarios.push(
      await measureLoad(base, pid, {
        name: "Thread page HTML, signed-in member",
        request: "GET /t/:id (session cookie)",
        requests: [{ method: "GET", headers: { cookie: `hearth_session=${token}` }, setupRequest: (r) => ({ ...r, path: `/t/${randomThread()}` }) }],
      }),
    );
    scenarios.push(await measureLoad(base, pid, { name: "Thread API", request: "GET /api/v1/threads/:id", requests: [{ method: "GET", setupRequest: (r) => ({ ...r, path: `/api/v1/threads/${randomThread()}` }) }] }));
    scenarios.push(
      await measureLoad(base, pid, {
        name: "Reply creation",
        request: "POST /api/v1/threads/:id/posts (bearer)",
        requests: [
          {
            method: "POST",
            headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
            setupRequest: (r) => ({ ...r, path: `/api/v1/threads/${ids[next++ % ids.length]}/posts`, body: JSON.stringify({ body: replyText() }) }),
          },
        ],
      }),
    );

    // Each request is another member reacting to a post they have not reacted to: members in turn, going
    // round the posts, so no pair repeats within members × posts requests (a 201 each, as in real use).
    const { members, postIds } = seeded;
    let reaction = 0;
    scenarios.push(
      await measureLoad(base, pid, {
        name: `Reaction, ${members.length} members`,
        request: "POST /api/v1/posts/:id/reactions (bearer)",
        requests: [
          {
            method: "POST",
            setupRequest: (r) => {
              const i = reaction++;
              const member = members[i % members.length]!;
              const post = postIds[Math.floor(i / members.length) % postIds.length]!;
              return { ...r, path: `/api/v1/posts/${post}/reactions`, headers: { "content-type": "application/json", authorization: `Bearer ${member.token}` }, body: JSON.stringify({ kind: "thanks" }) };
            },
          },
        ],
      }),
    );

    const report: Report = {
      date: new Date().toISOString().slice(0, 10),
      database: database.label,
      machine,
      seed: { threads: THREADS, replies: REPLIES, posts: seeded.posts, seconds: seeded.seconds, discardedJobs: seeded.discardedJobs },
      connections: CONNECTIONS,
      duration: DURATION,
      scenarios,
      sizes,
      logLevel: LOG_LEVEL,
      members: members.length,
      fanOut,
      ...(args.note ? { note: args.note } : {}),
    };
    const markdown = renderMarkdown(report);
    process.stdout.write(markdown);
    if (!args["no-write"]) {
      const out = args.out ? path.resolve(args.out) : path.join(root, "bench", process.env.DATABASE_URL ? "RESULTS-postgres.md" : "RESULTS.md");
      await fs.writeFile(out, markdown);
      say(`Wrote ${path.relative(process.cwd(), out)}.`);
    }
  } finally {
    await server?.stop();
    await database.drop();
  }
}

// `--posts N`: the size benchmark (bench/size.ts) instead; `--chart`: the check-in chart (bench/chart.ts); `--archive`: export and import (bench/archive.ts); `--events`: answers to one event with a waitlist (bench/events.ts); `--routing`: routing a question (bench/routing.ts).
(args.routing ? import("./routing.ts").then((routing) => routing.main(!args["no-write"])) : args.events ? import("./events.ts").then((events) => events.main(!args["no-write"])) : args.archive ? import("./archive.ts").then((archive) => archive.main(!args["no-write"])) : args.posts ? import("./size.ts").then((size) => size.main()) : args.chart ? import("./chart.ts").then((chart) => chart.main(!args["no-write"])) : main()).then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
