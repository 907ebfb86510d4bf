/**
 * PGlite is single-process: two processes opening the same data directory would
 * corrupt it. A lock file holding the owner's pid keeps a second process out, and a
 * lock left by a process that has died is taken over.
 */
import fs from "node:fs";
import path from "node:path";

export class DatabaseInUseError extends Error {}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Takes the lock on an embedded data directory, or throws DatabaseInUseError. Returns the release function. */
export function lockDataDir(dir: string): () => void {
  fs.mkdirSync(dir, { recursive: true });
  const lockPath = path.join(dir, "hearth.lock");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockPath, String(process.pid), { flag: "wx" });
      return () => fs.rmSync(lockPath, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = Number(fs.readFileSync(lockPath, "utf8").trim());
      if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && isAlive(holder)) {
        throw new DatabaseInUseError(
          `The embedded database in ${dir} is in use by another Hearth process (pid ${holder}). ` +
            "Stop that process first, or set DATABASE_URL to use PostgreSQL, which many processes can share.",
        );
      }
      fs.rmSync(lockPath, { force: true });
    }
  }
  throw new DatabaseInUseError(`Could not take the lock on the embedded database in ${dir}.`);
}
