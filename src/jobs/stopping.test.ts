/**
 * Stopping the queue while pg-boss is fetching (CI once failed on PostgreSQL with "Cannot use a
 * pool after calling end" from a fetch that was under way at shutdown). pg-boss counts only jobs
 * in hand as work, so a fetch in flight was not waited for: its batch ran, and its queries reached
 * an ended pool. Here the fetch is held behind a table lock while the queue stops.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { sql } from "kysely";
import { openTestDatabase } from "../../test/helpers/test-database.ts";
import type { DatabaseHandle } from "../db/connection.ts";
import { JobQueue } from "./queue.ts";

let database: DatabaseHandle;
const unhandled: unknown[] = [];
const noteUnhandled = (reason: unknown) => unhandled.push(reason);

beforeAll(async () => {
  database = await openTestDatabase();
  process.on("unhandledRejection", noteUnhandled);
}, 60_000);

afterAll(async () => {
  process.off("unhandledRejection", noteUnhandled);
  await database?.close();
});

it("waits for a fetch under way, hands its jobs back unrun, and touches nothing once stopped; a new worker runs them", async () => {
  const ran: string[] = [];
  const queue = JobQueue.create(database.pool, { work: true, pollingIntervalSeconds: 0.5 });
  queue.define<{ n: string }>("test.stopping", async ({ n }) => void ran.push(n));
  await queue.start();

  // A job due in a moment; then hold the job table so that the next fetch, which would take it, waits.
  await queue.send("test.stopping", { n: "first" }, undefined, { startAfter: new Date(Date.now() + 800) });
  const holder = await database.pool.connect();
  await holder.query("begin");
  await holder.query("lock table pgboss.job in access exclusive mode");
  await new Promise((resolve) => setTimeout(resolve, 1_500));

  const stopped = queue.stop();
  let stopEnded = false;
  void stopped.then(() => (stopEnded = true));
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(stopEnded).toBe(false); // still waiting for the held queries
  await holder.query("commit");
  holder.release();
  await stopped;
  await new Promise((resolve) => setTimeout(resolve, 300));

  expect(ran).toEqual([]);
  expect(unhandled).toEqual([]);
  const rows = await sql<{ state: string }>`select state from pgboss.job where name = 'test.stopping'`.execute(database.db);
  expect(rows.rows).toHaveLength(1);
  expect(rows.rows[0]!.state).not.toBe("completed");

  // Another process's worker picks it up (retry backoff or expiry aside, make it due now).
  await sql`update pgboss.job set state = 'created', start_after = now() where name = 'test.stopping'`.execute(database.db);
  const next = JobQueue.create(database.pool, { work: true, pollingIntervalSeconds: 0.5 });
  next.define<{ n: string }>("test.stopping", async ({ n }) => void ran.push(n));
  await next.start();
  await next.settle(["test.stopping"]);
  await next.stop();
  expect(ran).toEqual(["first"]);
  expect(unhandled).toEqual([]);
}, 60_000);
