/**
 * PGlite is single-process: two processes opening the same data directory would
 * corrupt it. A lock file naming the owner keeps a second process out, and a lock
 * left by a process that has died is taken over.
 *
 * "Is the pid alive" is not enough to tell the owner is still there (ADR 22): after
 * `kill -9` the owner can linger as a zombie that nobody reaps (PID 1 in many
 * containers does not), and containers hand the same low pids out again after a
 * restart. So the lock records the owner's pid with its start time and the boot id
 * (read from /proc on Linux, from `ps` elsewhere), and a random nonce; a pid that is
 * a zombie, or whose start time or boot differs, is not the owner.
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

export class DatabaseInUseError extends Error {}

/** What a lock file says about its owner. Old lock files hold only the pid. */
export type LockOwner = { pid: number; started?: string; boot?: string; nonce?: string };

/** A process as the system sees it now: gone, a zombie, or running since `started`. */
type Probe = { state: "gone" } | { state: "zombie" } | { state: "running"; started: string | null };

/** Nonces of the locks this process holds, so that opening a directory twice in one process is refused too. */
const heldHere = new Set<string>();

function readFileOrNull(file: string): string | null {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return null;
  }
}

/** The boot id on Linux (pids from an earlier boot mean nothing now); null elsewhere. */
function bootId(): string | null {
  return readFileOrNull("/proc/sys/kernel/random/boot_id")?.trim() || null;
}

/**
 * Linux: state and start time (field 22, in clock ticks since boot) from /proc/<pid>/stat.
 * The command name (field 2) may hold spaces and parentheses, so fields are counted after its last ')'.
 */
function probeProc(pid: number): Probe {
  const stat = readFileOrNull(`/proc/${pid}/stat`);
  if (stat === null) return { state: "gone" };
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const state = fields[0];
  if (state === "Z" || state === "X" || state === "x") return { state: "zombie" };
  return { state: "running", started: fields[19] ? `proc:${fields[19]}` : null };
}

/** Elsewhere (macOS, the BSDs): `ps` gives state and start time; without it, only whether the pid exists. */
function probePs(pid: number): Probe {
  try {
    const line = execFileSync("ps", ["-o", "stat=", "-o", "lstart=", "-p", String(pid)], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], timeout: 5_000 }).trim();
    if (!line) return { state: "gone" };
    if (line.startsWith("Z")) return { state: "zombie" };
    return { state: "running", started: `ps:${line.slice(line.indexOf(" ") + 1).trim()}` };
  } catch (error) {
    // ps exits 1 when there is no such process; when ps itself is missing, ask the kernel.
    if ((error as { status?: number }).status === 1) return { state: "gone" };
    return probeKill(pid);
  }
}

function probeKill(pid: number): Probe {
  try {
    process.kill(pid, 0);
    return { state: "running", started: null };
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM" ? { state: "running", started: null } : { state: "gone" };
  }
}

const hasProc = fs.existsSync("/proc/self/stat");

function probe(pid: number): Probe {
  if (hasProc) return probeProc(pid);
  return process.platform === "win32" ? probeKill(pid) : probePs(pid);
}

/** This process, as a lock file describes it. */
export function currentOwner(): Required<Pick<LockOwner, "pid" | "nonce">> & LockOwner {
  const self = probe(process.pid);
  const started = self.state === "running" ? self.started : null;
  const boot = bootId();
  return { pid: process.pid, nonce: randomBytes(16).toString("hex"), ...(started ? { started } : {}), ...(boot ? { boot } : {}) };
}

/** Reads a lock file's owner: JSON, or an old file holding only a pid. Null when it says nothing usable. */
export function parseLock(text: string): LockOwner | null {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) return { pid: Number(trimmed) };
  try {
    const value = JSON.parse(trimmed) as LockOwner;
    return Number.isInteger(value.pid) && value.pid > 0 ? value : null;
  } catch {
    return null;
  }
}

/**
 * Whether the process a lock names is still that lock's owner. A zombie, a pid from
 * another boot, or a live pid started at another time (a reused pid) is not.
 */
export function ownerIsAlive(owner: LockOwner): boolean {
  if (owner.nonce && heldHere.has(owner.nonce)) return true;
  if (owner.pid === process.pid) return false; // a previous process that had our pid (a container restarted)
  const boot = bootId();
  if (owner.boot && boot && owner.boot !== boot) return false;
  const now = probe(owner.pid);
  if (now.state !== "running") return false;
  if (owner.started && now.started && owner.started.split(":")[0] === now.started.split(":")[0]) return owner.started === now.started;
  return true; // an old lock file, or no way to tell start times apart here: a live pid keeps it
}

function inUse(dir: string, pid: number) {
  return new DatabaseInUseError(
    `The embedded database in ${dir} is in use by another Hearth process (pid ${pid}). ` +
      "Stop that process first, or set DATABASE_URL to use PostgreSQL, which many processes can share.",
  );
}

/**
 * Moves a stale lock out of the way. Two processes may judge the same stale lock at
 * once: the rename is atomic, and whoever finds a different lock than the one it
 * judged puts it back and tries again rather than removing a fresh owner's lock.
 */
function removeStale(lockPath: string, judged: string): void {
  const aside = `${lockPath}.stale-${randomBytes(6).toString("hex")}`;
  try {
    fs.renameSync(lockPath, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
    throw error;
  }
  if (readFileOrNull(aside) !== judged) {
    try {
      fs.linkSync(aside, lockPath);
    } catch {
      // Someone else has taken the lock meanwhile; the next attempt reads theirs.
    }
  }
  fs.rmSync(aside, { force: true });
}

/**
 * Creates the lock file with its whole content at once (written aside, then hard-linked
 * into place, which fails if the name exists), so nobody ever reads a half-written lock
 * and judges it stale. Where hard links are not supported, an exclusive create.
 */
function createWhole(lockPath: string, content: string, nonce: string): void {
  const draft = `${lockPath}.${nonce}`;
  fs.writeFileSync(draft, content);
  try {
    fs.linkSync(draft, lockPath);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "EPERM" && code !== "ENOTSUP" && code !== "ENOSYS") throw error;
    fs.writeFileSync(lockPath, content, { flag: "wx" });
  } finally {
    fs.rmSync(draft, { force: true });
  }
}

/** Takes the lock on an embedded data directory, or throws DatabaseInUseError. Returns the release function. */
export function lockDataDir(dir: string): () => void {
  fs.mkdirSync(dir, { recursive: true });
  const lockPath = path.join(dir, "hearth.lock");
  const me = currentOwner();
  const content = `${JSON.stringify(me)}\n`;
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      createWhole(lockPath, content, me.nonce);
      heldHere.add(me.nonce);
      return () => {
        heldHere.delete(me.nonce);
        // Only our own lock is removed: one taken over after we were thought dead stays.
        if (readFileOrNull(lockPath) === content) fs.rmSync(lockPath, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const judged = readFileOrNull(lockPath);
      if (judged === null) continue; // released between our two looks
      const owner = parseLock(judged);
      if (owner && ownerIsAlive(owner)) throw inUse(dir, owner.pid);
      removeStale(lockPath, judged);
    }
  }
  throw new DatabaseInUseError(`Could not take the lock on the embedded database in ${dir}. Try again in a moment.`);
}
