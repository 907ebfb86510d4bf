/**
 * The command line as hosts use it: real child processes on a real embedded
 * database in a temporary HEARTH_DATA_DIR. Each process starts Node, tsx and
 * often PGlite, so these tests are few and patient. They share one data directory and
 * run in order, as a host would: migrate, create an administrator, serve.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const ENTRY = path.join(ROOT, "src/bin/hearth.ts");
const SLOW = 120_000;

let dataDir: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "hearth-cli-"));
});
afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  await fs.rm(dataDir, { recursive: true, force: true });
});

/** The environment of a host trying Hearth: embedded database, no demo, nothing inherited that points elsewhere. */
function environment(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, HEARTH_DATA_DIR: dataDir, HEARTH_DEMO: "0", LOG_LEVEL: "warn", ...extra };
  delete env.DATABASE_URL;
  delete env.SMTP_URL;
  return env;
}

function start(args: string[], options: { env?: Record<string, string> } = {}): ChildProcess {
  const child = spawn(process.execPath, ["--import", "tsx", ENTRY, ...args], { cwd: ROOT, env: environment(options.env), stdio: ["pipe", "pipe", "pipe"] });
  children.push(child);
  return child;
}

type Finished = { code: number | null; stdout: string; stderr: string; ms: number };

function run(args: string[], options: { input?: string; env?: Record<string, string> } = {}): Promise<Finished> {
  const began = Date.now();
  const child = start(args, options);
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (chunk) => (stdout += chunk));
  child.stderr!.on("data", (chunk) => (stderr += chunk));
  child.stdin!.end(options.input ?? "");
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, stdout, stderr, ms: Date.now() - began })));
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function waitForHealth(base: string, child: ChildProcess, deadline = Date.now() + 90_000) {
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`hearth serve exited with ${child.exitCode}`);
    try {
      const response = await fetch(`${base}/healthz`);
      if (response.status === 200) return (await response.json()) as unknown;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error("hearth serve did not become healthy in time");
}

describe("the hearth command line", () => {
  it(
    "prints usage for --help, and for --help after every command, and exits 0",
    async () => {
      const overall = await run(["--help"]);
      expect(overall.code).toBe(0);
      expect(overall.stdout).toMatch(/^Usage: hearth <command>/);
      const commands = [...overall.stdout.matchAll(/^ {2}([a-z][a-z-]*) {2,}\S/gm)].map((m) => m[1]!);
      expect(commands).toEqual(expect.arrayContaining(["serve", "migrate", "create-admin"]));

      const results = await Promise.all(commands.map((command) => run([command, "--help"])));
      results.forEach((result, i) => {
        expect(result.code, commands[i]).toBe(0);
        expect(result.stdout, commands[i]).toMatch(new RegExp(`^Usage: (echo .* \\| )?hearth ${commands[i]}\\b`));
      });

      const unknown = await run(["no-such-command"]);
      expect(unknown.code).not.toBe(0);
      expect(unknown.stderr).toContain('There is no command called "no-such-command"');
    },
    SLOW,
  );

  it(
    "creates and migrates a new embedded database with migrate, and says so",
    async () => {
      const first = await run(["migrate"]);
      expect(first.code, first.stderr).toBe(0);
      expect(first.stdout).toMatch(/^Applied \d+ migration\(s\): 0001_core\.sql/);
      await expect(fs.stat(path.join(dataDir, "pglite"))).resolves.toBeTruthy();
      // The lock is released when the command ends, so the next command can open the database.
      await expect(fs.stat(path.join(dataDir, "hearth.lock"))).rejects.toThrow();

      const again = await run(["migrate"]);
      expect(again.code, again.stderr).toBe(0);
      expect(again.stdout).toBe("The database is up to date.\n");
    },
    SLOW,
  );

  it(
    "creates an administrator with the password from standard input",
    async () => {
      const created = await run(["create-admin", "first_admin"], { input: "a long and secret admin password\n" });
      expect(created.code, created.stderr).toBe(0);
      expect(created.stdout).toBe("Created the administrator first_admin.\n");
      expect(created.stdout + created.stderr).not.toContain("a long and secret admin password");

      const tooShort = await run(["create-admin", "second_admin"], { input: "short\n" });
      expect(tooShort.code).not.toBe(0);
      expect(tooShort.stderr).toMatch(/password/i);
    },
    SLOW,
  );

  it(
    "serves the API, in which the administrator signs in; a second command on the held database stops at once with a sentence; SIGTERM stops the server cleanly",
    async () => {
      const port = await freePort();
      const base = `http://127.0.0.1:${port}`;
      const server = start(["serve"], { env: { PORT: String(port), HOST: "127.0.0.1" } });
      let serverErr = "";
      server.stderr!.on("data", (chunk) => (serverErr += chunk));
      const exited = new Promise<number | null>((resolve) => server.on("close", (code) => resolve(code)));

      expect(await waitForHealth(base, server)).toEqual({ status: "ok" });

      const session = await fetch(`${base}/api/v1/sessions`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ username: "first_admin", password: "a long and secret admin password" }),
      });
      expect(session.status).toBe(200);
      const { token } = (await session.json()) as { token: string };
      const me = await fetch(`${base}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });
      expect(me.status).toBe(200);
      expect(((await me.json()) as { roles: string[] }).roles).toEqual(["admin"]);

      const blocked = await run(["migrate"]);
      expect(blocked.code).not.toBe(0);
      expect(blocked.code).not.toBeNull();
      expect(blocked.stderr).toMatch(/embedded database .* is in use by another Hearth process \(pid \d+\)/);
      expect(blocked.stderr).not.toMatch(/\n\s+at /); // a sentence, not a stack trace
      expect(blocked.ms).toBeLessThan(30_000);
      // The server was not disturbed.
      expect((await fetch(`${base}/healthz`)).status).toBe(200);

      server.kill("SIGTERM");
      expect(await exited, serverErr).toBe(0);
      await expect(fs.stat(path.join(dataDir, "hearth.lock"))).rejects.toThrow();
    },
    SLOW,
  );
});
