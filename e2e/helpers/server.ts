/**
 * A real Hearth server for browser tests: started as a child process exactly as a
 * host would (`hearth serve`), on a free loopback port, with a fresh data directory
 * and the demo community. Against PostgreSQL when DATABASE_URL is set (a fresh
 * database per server, dropped afterwards), otherwise the embedded PGlite.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export type RunningServer = {
  /** e.g. http://127.0.0.1:41234, no trailing slash */
  url: string;
  port: number;
  database: "pglite" | "postgres";
  /** What the server printed so far (for failure messages). */
  output: () => string;
  stop: () => Promise<void>;
};

/** A port nobody is listening on right now (never 3000: people run Hearth there). */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await new Promise<number>((resolve, reject) => {
      const probe = net.createServer();
      probe.unref();
      probe.on("error", reject);
      probe.listen(0, "127.0.0.1", () => {
        const address = probe.address();
        const chosen = typeof address === "object" && address ? address.port : 0;
        probe.close(() => resolve(chosen));
      });
    });
    if (port !== 3000 && port !== 0) return port;
  }
  throw new Error("Could not find a free port on 127.0.0.1.");
}

function databaseNamed(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

async function adminQuery(url: string, text: string) {
  const client = new pg.Client({ connectionString: databaseNamed(url, "postgres") });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

async function waitForHealth(url: string, child: ChildProcess, output: () => string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`Hearth stopped before it was ready (exit ${child.exitCode ?? child.signalCode}):\n${output()}`);
    }
    try {
      const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`Hearth did not answer /healthz within ${timeoutMs / 1000} s:\n${output()}`);
}

/** Runs `hearth create-admin <username>` as a host would, the password on standard input. */
async function createAdmin(env: NodeJS.ProcessEnv, admin: { username: string; password: string }) {
  const child = spawn(process.execPath, ["--import", "tsx", "src/bin/hearth.ts", "create-admin", admin.username], { cwd: repoRoot, env, stdio: ["pipe", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  child.stdin!.end(`${admin.password}\n`);
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  if (code !== 0) throw new Error(`hearth create-admin ${admin.username} failed (exit ${code}):\n${output}`);
}

/**
 * Starts `hearth serve`. Extra environment entries override the defaults
 * (demo on, rate limits off, quiet logs). `admins` are made with `hearth create-admin`
 * before the server starts (the embedded database serves one process at a time).
 */
export async function startServer(
  options: { env?: Record<string, string>; timeoutMs?: number; admins?: { username: string; password: string }[] } = {},
): Promise<RunningServer> {
  const port = await freePort();
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "hearth-e2e-"));
  const baseUrl = process.env.DATABASE_URL || "";
  let databaseUrl = "";
  let dropDatabase = async () => {};
  if (baseUrl) {
    const name = `hearth_e2e_${randomBytes(4).toString("hex")}`;
    await adminQuery(baseUrl, `create database ${name}`);
    databaseUrl = databaseNamed(baseUrl, name);
    dropDatabase = () => adminQuery(baseUrl, `drop database if exists ${name} with (force)`);
  }
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: "127.0.0.1",
    HEARTH_DATA_DIR: dataDir,
    HEARTH_PUBLIC_URL: `http://127.0.0.1:${port}`,
    HEARTH_DEMO: "1",
    HEARTH_RATE_LIMITS: "off",
    LOG_LEVEL: "warn",
    ...options.env,
  };
  delete env.DATABASE_URL;
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  // vitest sets these for its own workers; the server is not a test process.
  delete env.NODE_OPTIONS;
  delete env.VITEST;
  try {
    for (const admin of options.admins ?? []) await createAdmin(env, admin);
  } catch (error) {
    await fs.rm(dataDir, { recursive: true, force: true });
    await dropDatabase();
    throw error;
  }

  let log = "";
  const child = spawn(process.execPath, ["--import", "tsx", "src/bin/hearth.ts", "serve"], { cwd: repoRoot, env, stdio: ["ignore", "pipe", "pipe"] });
  const keep = (chunk: Buffer) => {
    log += chunk.toString("utf8");
    if (log.length > 200_000) log = log.slice(-100_000);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = `http://127.0.0.1:${port}`;

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const killer = setTimeout(() => child.kill("SIGKILL"), 15_000);
      await exited;
      clearTimeout(killer);
    }
    await fs.rm(dataDir, { recursive: true, force: true });
    await dropDatabase();
  };

  try {
    await waitForHealth(url, child, () => log, options.timeoutMs ?? 120_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, port, database: databaseUrl ? "postgres" : "pglite", output: () => log, stop };
}
