/**
 * What autovacuum does for PostgreSQL, done by hand for the embedded database, which has
 * none (ADR 0033): without it PGlite never learns how large its tables are or how their
 * dates spread (search chooses its path from both), never clears the dead index entries
 * every reply leaves in threads_space_recent_idx, and never summarises new pages of the
 * BRIN indexes. A VACUUM (ANALYZE) of the whole database, some minutes after start and then
 * every few hours. PGlite runs one statement at a time, so requests wait while it runs —
 * about 2 s at 100,000 posts (the size benchmark's bulk load) — which is why it is not more often.
 */
import { sql } from "kysely";
import type { DatabaseHandle } from "./connection.ts";

export const FIRST_MAINTENANCE_AFTER_MS = 10 * 60_000;
export const MAINTENANCE_EVERY_MS = 6 * 60 * 60_000;

/** One pass: the whole database vacuumed and analysed. Returns how long it took. */
export async function maintainEmbeddedDatabase(database: DatabaseHandle): Promise<number> {
  const started = performance.now();
  await sql`vacuum (analyze)`.execute(database.db);
  return performance.now() - started;
}

/**
 * Starts the passes on an embedded database (nothing on PostgreSQL, whose autovacuum does
 * this). Returns a stop function that waits for a pass under way.
 */
export function startEmbeddedMaintenance(
  database: DatabaseHandle,
  log: (line: string) => void,
  timing: { firstAfterMs: number; everyMs: number } = { firstAfterMs: FIRST_MAINTENANCE_AFTER_MS, everyMs: MAINTENANCE_EVERY_MS },
): () => Promise<void> {
  if (database.kind !== "pglite") return async () => {};
  let running: Promise<unknown> | null = null;
  let timer: NodeJS.Timeout;
  const pass = () => {
    running = maintainEmbeddedDatabase(database)
      .then((ms) => log(`Vacuumed and analysed the embedded database in ${Math.round(ms)} ms.`))
      .catch((error: unknown) => log(`Could not vacuum the embedded database: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => {
        running = null;
        timer = setTimeout(pass, timing.everyMs).unref();
      });
  };
  timer = setTimeout(pass, timing.firstAfterMs).unref();
  return async () => {
    clearTimeout(timer);
    await running;
    clearTimeout(timer);
  };
}
