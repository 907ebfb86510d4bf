/**
 * A crash and a restart, as a host would live them: `hearth serve` is killed with
 * SIGKILL in the middle of its life and left unreaped (a zombie, as under a PID 1 that
 * does not reap orphans), then started again on the same data directory. It must
 * start, and every write it acknowledged before the kill must still be there.
 * On PostgreSQL (DATABASE_URL set) the same, on a fresh database of its own.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { charter } from "../../test/helpers/factories.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const ENTRY = path.join(ROOT, "src/bin/hearth.ts");
const SLOW = 240_000;
const children: ChildProcess[] = [];
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "hearth-crash-"));
let dropDatabase = async () => {};

afterAll(async () => {
  for (const child of children) {
    child.stdin?.end();
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
  await dropDatabase();
});

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function adminQuery(url: string, text: string) {
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** The server's environment: this test's data directory, or a fresh PostgreSQL database when DATABASE_URL is set. */
async function environment(port: number): Promise<NodeJS.ProcessEnv> {
  const env: NodeJS.ProcessEnv = { ...process.env, HEARTH_DATA_DIR: dataDir, HEARTH_DEMO: "0", LOG_LEVEL: "warn", HEARTH_RATE_LIMITS: "off", PORT: String(port), HOST: "127.0.0.1", HEARTH_PUBLIC_URL: `http://127.0.0.1:${port}` };
  delete env.SMTP_URL;
  delete env.NODE_OPTIONS;
  delete env.VITEST;
  const base = process.env.DATABASE_URL;
  delete env.DATABASE_URL;
  if (base) {
    const name = `hearth_crash_${randomBytes(4).toString("hex")}`;
    await adminQuery(base, `create database ${name}`);
    dropDatabase = () => adminQuery(base, `drop database if exists ${name} with (force)`);
    const url = new URL(base);
    url.pathname = `/${name}`;
    env.DATABASE_URL = url.toString();
  }
  return env;
}

/** `hearth serve` under a shell that reaps it only when its standard input closes. Resolves with the server's pid. */
function serveUnderShell(env: NodeJS.ProcessEnv): Promise<{ pid: number; shell: ChildProcess; output: () => string }> {
  const shell = spawn("sh", ["-c", '"$NODE" --import tsx "$ENTRY" serve & echo "pid $!"; read _; wait'], {
    cwd: ROOT,
    env: { ...env, NODE: process.execPath, ENTRY },
    stdio: ["pipe", "pipe", "pipe"],
  });
  children.push(shell);
  let out = "";
  shell.stdout!.on("data", (chunk: Buffer) => (out += chunk.toString("utf8")));
  shell.stderr!.on("data", (chunk: Buffer) => (out += chunk.toString("utf8")));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no pid from the shell: ${out}`)), 30_000);
    shell.stdout!.on("data", () => {
      const pid = /pid (\d+)/.exec(out)?.[1];
      if (pid) {
        clearTimeout(timer);
        resolve({ pid: Number(pid), shell, output: () => out });
      }
    });
  });
}

async function waitForHealth(base: string, output: () => string, deadline = Date.now() + 120_000) {
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${base}/healthz`)).status === 200) return;
    } catch {
      // not listening yet
    }
    if (/in use by another Hearth process|stopped because/.test(output())) throw new Error(`hearth serve did not start:\n${output()}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`hearth serve did not become healthy in time:\n${output()}`);
}

const stateOf = (pid: number) => {
  if (!fs.existsSync(`/proc/${pid}/stat`)) return "gone";
  const text = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  return text.slice(text.lastIndexOf(")") + 2).split(" ")[0];
};

async function api(base: string, method: string, url: string, body?: unknown, token?: string) {
  const response = await fetch(`${base}${url}`, {
    method,
    headers: { ...(body ? { "content-type": "application/json" } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, text, json: () => JSON.parse(text) };
}

describe("a crash and a restart", () => {
  it(
    "starts again on the same data after SIGKILL left the old server a zombie, with every acknowledged write kept",
    async () => {
      const port = await freePort();
      const base = `http://127.0.0.1:${port}`;
      const env = await environment(port);
      const first = await serveUnderShell(env);
      await waitForHealth(base, first.output);

      const username = `crash_${randomBytes(3).toString("hex")}`;
      const password = "correct horse battery staple";
      expect((await api(base, "POST", "/api/v1/accounts", { username, password })).status).toBe(201);
      const token = (await api(base, "POST", "/api/v1/sessions", { username, password })).json().token as string;
      const slug = `crash-${randomBytes(3).toString("hex")}`;
      const community = await api(base, "POST", "/api/v1/communities", { slug, name: "After the crash", purpose: "Talking together.", visibility: "public", charter: charter() }, token);
      expect(community.status, community.text).toBe(201);
      const thread = await api(base, "POST", `/api/v1/communities/${slug}/spaces/general/threads`, { title: "Written before the crash", body: "The opening post." }, token);
      expect(thread.status, thread.text).toBe(201);
      const threadId = thread.json().id as string;
      const replies: string[] = [];
      // The last acknowledged write comes just before the kill: no quiet moment to flush in.
      for (let i = 0; i < 20; i++) {
        const posted = await api(base, "POST", `/api/v1/threads/${threadId}/posts`, { body: `Reply number ${i}` }, token);
        expect(posted.status, posted.text).toBe(201);
        replies.push(posted.json().id as string);
      }

      process.kill(first.pid, "SIGKILL");
      // A loaded machine can take a while to deliver the kill; wait for it rather than guess.
      for (const deadline = Date.now() + 10_000; stateOf(first.pid) !== "Z" && Date.now() < deadline; ) {
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(stateOf(first.pid)).toBe("Z"); // killed, not reaped: its pid still answers kill(pid, 0)

      const again = await serveUnderShell(env);
      await waitForHealth(base, again.output);
      expect(again.output()).not.toContain("in use by another Hearth process");

      const signedIn = await api(base, "POST", "/api/v1/sessions", { username, password });
      expect(signedIn.status, signedIn.text).toBe(200);
      const read = await api(base, "GET", `/api/v1/threads/${threadId}`, undefined, signedIn.json().token as string);
      expect(read.status, read.text).toBe(200);
      const posts = read.json().posts as { items: { id: string; body?: string; html?: string }[] };
      const ids = posts.items.map((p) => p.id);
      expect(ids).toEqual(expect.arrayContaining(replies));
      expect(read.text).toContain("Reply number 19");

      process.kill(again.pid, "SIGTERM");
      await new Promise<void>((resolve) => {
        const check = setInterval(() => {
          if (stateOf(again.pid) !== "S" && stateOf(again.pid) !== "R") {
            clearInterval(check);
            resolve();
          }
        }, 100);
      });
      if (!process.env.DATABASE_URL) expect(fs.existsSync(path.join(dataDir, "hearth.lock"))).toBe(false);
      for (const shell of [first.shell, again.shell]) shell.stdin!.end();
    },
    SLOW,
  );
});
