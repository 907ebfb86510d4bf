/**
 * `npm run bench`: seeds a fresh database (1 community, 200 threads × 20 replies),
 * starts the real server in its own process, and measures the thread page, the
 * thread API and reply creation with autocannon at 50 connections, plus the thread
 * page's size on the wire. Writes bench/RESULTS.md.
 *
 * Loopback only; every load run is bounded in time and the whole run stops itself.
 * Options: --duration <s> (10), --connections <n> (50), --threads <n> (200),
 * --replies <n> (20), --out <file>, --no-write (print only).
 * With DATABASE_URL set it uses a fresh PostgreSQL database on that server (dropped
 * afterwards) and writes bench/RESULTS-postgres.md; otherwise the embedded PGlite in
 * a temporary directory, and bench/RESULTS.md.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import zlib from "node:zlib";
import autocannon from "autocannon";
import pg from "pg";
import { loadConfig } from "../src/config.ts";
import { describeMachine, renderMarkdown, type Report, type Scenario, type Size } from "./report.ts";
import { COMMUNITY_SLUG, postBody, seed } from "./seed.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { values: args } = parseArgs({
  options: {
    duration: { type: "string", default: "10" },
    connections: { type: "string", default: "50" },
    threads: { type: "string", default: "200" },
    replies: { type: "string", default: "20" },
    "no-write": { type: "boolean", default: false },
    out: { type: "string" },
  },
});
const DURATION = Math.min(Math.max(Number(args.duration), 1), 60);
const CONNECTIONS = Math.min(Math.max(Number(args.connections), 1), 500);
const THREADS = Math.min(Math.max(Number(args.threads), 1), 2000);
const REPLIES = Math.min(Math.max(Number(args.replies), 0), 100);
const LOG_LEVEL = "warn";

// However it goes, the benchmark ends: a hard stop well past the expected run time.
const hardStop = setTimeout(() => {
  console.error("The benchmark ran far longer than expected and was stopped.");
  process.exit(2);
}, 30 * 60_000);
hardStop.unref();

const say = (line: string) => process.stderr.write(`${line}\n`);

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.on("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

function withDatabase(url: string, name: string) {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

async function admin(url: string, text: string) {
  const client = new pg.Client({ connectionString: withDatabase(url, "postgres") });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** A fresh database: PostgreSQL when DATABASE_URL is set, otherwise PGlite in a new directory. */
async function freshDatabase() {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "hearth-bench-"));
  const base = process.env.DATABASE_URL;
  if (!base) {
    return { env: { HEARTH_DATA_DIR: dataDir } as Record<string, string>, label: "embedded PGlite (file-backed, in the server's process)", drop: () => fs.rm(dataDir, { recursive: true, force: true }) };
  }
  const name = `hearth_bench_${randomBytes(4).toString("hex")}`;
  await admin(base, `create database ${name}`);
  const server = await (async () => {
    const client = new pg.Client({ connectionString: withDatabase(base, name) });
    await client.connect();
    const { rows } = await client.query<{ server_version: string }>("show server_version");
    await client.end();
    return rows[0]?.server_version ?? "";
  })();
  return {
    env: { HEARTH_DATA_DIR: dataDir, DATABASE_URL: withDatabase(base, name) } as Record<string, string>,
    label: `PostgreSQL ${server} on 127.0.0.1 (a fresh database)`,
    drop: async () => {
      await admin(base, `drop database if exists ${name} with (force)`);
      await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
}

async function startServer(env: Record<string, string>) {
  const port = await freePort();
  const serverEnv: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: "127.0.0.1", HEARTH_RATE_LIMITS: "off", HEARTH_DEMO: "0", LOG_LEVEL, ...env };
  if (!env.DATABASE_URL) delete serverEnv.DATABASE_URL;
  const child = spawn(process.execPath, ["--import", "tsx", "src/bin/hearth.ts", "serve"], { cwd: root, env: serverEnv, stdio: ["ignore", "ignore", "pipe"] });
  let log = "";
  child.stderr!.on("data", (chunk: Buffer) => (log = (log + chunk.toString()).slice(-20_000)));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const killer = setTimeout(() => child.kill("SIGKILL"), 20_000);
      await exited;
      clearTimeout(killer);
    }
  };
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The server stopped before it was ready:\n${log}`);
    try {
      if ((await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) })).ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`The server did not answer /healthz within 120 s:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { url, stop, pid: child.pid! };
}

/** CPU seconds (user + system) a process has used so far, from /proc; null where there is no /proc. */
async function cpuSeconds(pid: number): Promise<number | null> {
  try {
    const stat = await fs.readFile(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // utime and stime are fields 14 and 15 of stat(5): 12 and 13 after the command name.
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

async function json(url: string, init: RequestInit & { token?: string } = {}) {
  const { token, ...rest } = init;
  const response = await fetch(url, {
    ...rest,
    headers: { ...(rest.body ? { "content-type": "application/json" } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${init.method ?? "GET"} ${url} → ${response.status}: ${text}`);
  return text ? JSON.parse(text) : null;
}

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

type Load = { name: string; request: string; requests: Parameters<typeof autocannon>[0]["requests"] };

async function run(base: string, serverPid: number, load: Load): Promise<Scenario> {
  const options = { url: base, connections: CONNECTIONS, timeout: 10, pipelining: 1, requests: load.requests };
  say(`  warming up: ${load.name}`);
  await autocannon({ ...options, duration: 2 });
  say(`  measuring: ${load.name} (${DURATION} s, ${CONNECTIONS} connections)`);
  const cpuBefore = await cpuSeconds(serverPid);
  const result = await autocannon({ ...options, duration: DURATION });
  const cpuAfter = await cpuSeconds(serverPid);
  const serverCpu = cpuBefore !== null && cpuAfter !== null ? cpuAfter - cpuBefore : null;
  const scenario = {
    name: load.name,
    request: load.request,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    total: result["2xx"] + result.non2xx,
    serverCpu,
  };
  say(`    ${scenario.rps.toFixed(0)} req/s, p50 ${scenario.p50} ms, p99 ${scenario.p99} ms, errors ${scenario.errors}, timeouts ${scenario.timeouts}, non-2xx ${scenario.non2xx}, server CPU ${serverCpu?.toFixed(1) ?? "?"} s`);
  return scenario;
}

async function main() {
  const machine = describeMachine();
  const database = await freshDatabase();
  let server: Awaited<ReturnType<typeof startServer>> | null = null;
  try {
    say(`Seeding ${database.label}: 1 community, ${THREADS} threads × ${REPLIES} replies …`);
    const config = loadConfig({ ...database.env, HEARTH_DEMO: "0", HEARTH_RATE_LIMITS: "off", LOG_LEVEL: "silent" });
    const seeded = await seed(config, { threads: THREADS, replies: REPLIES, log: say });
    say(`Seeded ${seeded.posts} posts in ${seeded.seconds.toFixed(0)} s. Starting the server …`);
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
    const replyText = (() => {
      let state = 7;
      return () => postBody(() => ((state = (state * 1664525 + 1013904223) >>> 0) / 2 ** 32));
    })();

    const sizes = await pageSizes(base, ids[0]!);
    const pid = server.pid;
    const scenarios: Scenario[] = [];
    scenarios.push(await run(base, pid, { name: "Thread page HTML, guest", request: "GET /t/:id", requests: [{ method: "GET", setupRequest: (r) => ({ ...r, path: `/t/${randomThread()}` }) }] }));
    scenarios.push(
      await run(base, pid, {
        name: "Thread page HTML, signed-in member",
        request: "GET /t/:id (session cookie)",
        requests: [{ method: "GET", headers: { cookie: `hearth_session=${token}` }, setupRequest: (r) => ({ ...r, path: `/t/${randomThread()}` }) }],
      }),
    );
    scenarios.push(await run(base, pid, { name: "Thread API", request: "GET /api/v1/threads/:id", requests: [{ method: "GET", setupRequest: (r) => ({ ...r, path: `/api/v1/threads/${randomThread()}` }) }] }));
    scenarios.push(
      await run(base, pid, {
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

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
