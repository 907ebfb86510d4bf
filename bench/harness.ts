/** What bench/run.ts and bench/size.ts share: a fresh database, the real server in its own process, autocannon runs. */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import pg from "pg";
import type { Scenario } from "./report.ts";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const LOG_LEVEL = "warn";
export const say = (line: string) => process.stderr.write(`${line}\n`);

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.on("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

export function withDatabase(url: string, name: string) {
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
export async function freshDatabase() {
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

export async function startServer(env: Record<string, string>) {
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

export async function json(url: string, init: RequestInit & { token?: string } = {}) {
  const { token, ...rest } = init;
  const response = await fetch(url, {
    ...rest,
    headers: { ...(rest.body ? { "content-type": "application/json" } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${init.method ?? "GET"} ${url} → ${response.status}: ${text}`);
  return text ? JSON.parse(text) : null;
}

export type Load = { name: string; request: string; requests: Parameters<typeof autocannon>[0]["requests"] };

export async function run(base: string, serverPid: number, load: Load, CONNECTIONS: number, DURATION: number): Promise<Scenario> {
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
    p97_5: result.latency.p97_5,
    p99: result.latency.p99,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    statuses: Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, { count }]) => [code, count])),
    total: result["2xx"] + result.non2xx,
    serverCpu,
  };
  say(`    ${scenario.rps.toFixed(0)} req/s, p50 ${scenario.p50} ms, p97.5 ${scenario.p97_5} ms, p99 ${scenario.p99} ms, errors ${scenario.errors}, timeouts ${scenario.timeouts}, non-2xx ${scenario.non2xx} (statuses ${JSON.stringify(scenario.statuses)}), server CPU ${serverCpu?.toFixed(1) ?? "?"} s`);
  return scenario;
}

