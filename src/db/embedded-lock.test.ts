/**
 * The embedded database's lock, against real processes: a lock left by a process that
 * was killed and lingers as a zombie, or one naming a pid the system has given to
 * someone else, never blocks a restart; a lock held by a live owner still does.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { DatabaseInUseError, lockDataDir } from "./embedded-lock.ts";

const LOCK_MODULE = pathToFileURL(path.join(path.dirname(fileURLToPath(import.meta.url)), "embedded-lock.ts")).href;
const children: ChildProcess[] = [];
const dirs: string[] = [];
const releases: (() => void)[] = [];

afterEach(() => {
  for (const release of releases.splice(0)) release();
});
afterAll(() => {
  for (const child of children) {
    child.stdin?.end(); // lets the intermediate shell reap its child and exit
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  }
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hearth-lock-"));
  dirs.push(dir);
  return dir;
}

const stat = (pid: number) => {
  const text = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  return text.slice(text.lastIndexOf(")") + 2).split(" ");
};
const stateOf = (pid: number) => (fs.existsSync(`/proc/${pid}/stat`) ? stat(pid)[0] : "gone");
const bootId = () => fs.readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim();
const lockFile = (dir: string) => path.join(dir, "hearth.lock");

/**
 * A Node process that takes the lock on `dir` and keeps running. It is started by a
 * shell that waits on standard input before reaping it, so once killed it stays a
 * zombie, as under a PID 1 that does not reap orphans. Resolves with its pid once it holds the lock.
 */
async function holderUnderShell(dir: string): Promise<{ pid: number; shell: ChildProcess }> {
  const script = `import { lockDataDir } from ${JSON.stringify(LOCK_MODULE)}; lockDataDir(process.env.LOCK_DIR); process.stdout.write("locked\\n"); setInterval(() => {}, 1 << 30);`;
  const env: NodeJS.ProcessEnv = { ...process.env, LOCK_DIR: dir, SCRIPT: script, NODE: process.execPath };
  delete env.NODE_OPTIONS;
  delete env.VITEST;
  // dash (Debian's sh) reaps a background child only at `wait`.
  const shell = spawn("sh", ["-c", '"$NODE" --import tsx --input-type=module -e "$SCRIPT" & echo "pid $!"; read _; wait'], { env, stdio: ["pipe", "pipe", "inherit"] });
  children.push(shell);
  let out = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the lock holder did not start: ${out}`)), 60_000);
    shell.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString("utf8");
      const pid = /pid (\d+)/.exec(out)?.[1];
      if (pid && out.includes("locked\n")) {
        clearTimeout(timer);
        resolve({ pid: Number(pid), shell });
      }
    });
  });
}

async function until(check: () => boolean, what: string, ms = 10_000) {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const take = (dir: string) => {
  const release = lockDataDir(dir);
  releases.push(release);
  return release;
};

describe("the embedded database's lock", () => {
  it("is refused while its owner lives, with the sentence; taken over once the owner was killed and is a zombie", async () => {
    const dir = tempDir();
    const holder = await holderUnderShell(dir);
    expect(JSON.parse(fs.readFileSync(lockFile(dir), "utf8")).pid).toBe(holder.pid);

    expect(() => lockDataDir(dir)).toThrow(DatabaseInUseError);
    expect(() => lockDataDir(dir)).toThrow(`The embedded database in ${dir} is in use by another Hearth process (pid ${holder.pid}).`);

    process.kill(holder.pid, "SIGKILL");
    await until(() => stateOf(holder.pid) === "Z", `pid ${holder.pid} to become a zombie`);
    // A zombie still answers kill(pid, 0): that alone was what refused restarts.
    expect(() => process.kill(holder.pid, 0)).not.toThrow();

    take(dir);
    const now = JSON.parse(fs.readFileSync(lockFile(dir), "utf8"));
    expect(now.pid).toBe(process.pid);
    expect(stateOf(holder.pid)).toBe("Z");

    holder.shell.stdin!.end();
    await until(() => stateOf(holder.pid) === "gone", "the zombie to be reaped");
  }, 90_000);

  it("takes over a lock naming a live pid that started at another time (a reused pid), and keeps one that started when the lock says", () => {
    const dir = tempDir();
    const pid = process.ppid; // alive, and not a Hearth that holds this directory
    const started = Number(stat(pid)[19]);
    fs.writeFileSync(lockFile(dir), JSON.stringify({ pid, started: `proc:${started + 1}`, boot: bootId(), nonce: "0".repeat(32) }));
    lockDataDir(dir)(); // taken, then released at once
    expect(fs.existsSync(lockFile(dir))).toBe(false);

    // Positive control: the same live pid with its true start time is an owner.
    fs.writeFileSync(lockFile(dir), JSON.stringify({ pid, started: `proc:${started}`, boot: bootId(), nonce: "1".repeat(32) }));
    expect(() => lockDataDir(dir)).toThrow(`in use by another Hearth process (pid ${pid})`);
  });

  it("takes over a lock from an earlier boot, an old pid-only lock of a dead process, and one naming its own pid from a previous life", () => {
    const dir = tempDir();
    const pid = process.ppid;
    fs.writeFileSync(lockFile(dir), JSON.stringify({ pid, started: `proc:${stat(pid)[19]}`, boot: "00000000-0000-0000-0000-000000000000", nonce: "2".repeat(32) }));
    lockDataDir(dir)();

    fs.writeFileSync(lockFile(dir), "999999999\n"); // beyond pid_max: certainly dead
    lockDataDir(dir)();

    fs.writeFileSync(lockFile(dir), String(process.pid));
    lockDataDir(dir)();

    // An old pid-only lock of a live process is still respected.
    fs.writeFileSync(lockFile(dir), String(process.ppid));
    expect(() => lockDataDir(dir)).toThrow(DatabaseInUseError);
  });

  it("is refused to a second open in the same process, and its release leaves a lock taken over by someone else", () => {
    const dir = tempDir();
    const release = take(dir);
    expect(() => lockDataDir(dir)).toThrow(DatabaseInUseError);

    const other = JSON.stringify({ pid: process.ppid, started: `proc:${stat(process.ppid)[19]}`, boot: bootId(), nonce: "3".repeat(32) });
    fs.writeFileSync(lockFile(dir), other);
    release();
    expect(fs.readFileSync(lockFile(dir), "utf8")).toBe(other);
    fs.rmSync(lockFile(dir));
  });
});
