/**
 * Event payloads are checked against their schema when published and when a subscriber's
 * job receives them. A real pg-boss queue on the test database: a job whose payload is
 * malformed never reaches the handler and is failed at once, while a well-formed one runs.
 */
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test/helpers/test-app.ts";
import { JobQueue } from "../jobs/queue.ts";
import type { EventOf } from "./domain-events.ts";
import { EventBus } from "./event-bus.ts";

const JOB = "event.test-payload-check";
const handled: EventOf<"post.created">[] = [];
let t: TestApp;
let queue: JobQueue;
let bus: EventBus;

beforeAll(async () => {
  t = await createTestApp({ work: false });
  queue = JobQueue.create(t.database.pool, { work: true, pollingIntervalSeconds: 0.5 });
  bus = new EventBus(queue);
  bus.subscribe("post.created", "test-payload-check", async (event) => {
    handled.push(event);
  });
  await queue.start();
}, 60_000);

afterAll(async () => {
  await queue?.stop();
  await t?.close();
});

const jobRow = async (postId: unknown) => {
  const { rows } = await sql<{ state: string; retry_count: number; output: { message?: string } | null }>`
    select state::text as state, retry_count, output from pgboss.job
    where name = ${JOB} and data->>'postId' = ${String(postId)}`.execute(t.database.db);
  return rows;
};

describe("event payloads checked against their schemas", () => {
  it("a job inserted with a malformed payload does not run the handler and is failed without retries; a good one runs", async () => {
    const good = { type: "post.created", communityId: "c1", threadId: "t1", postId: "p-good" } as const;
    await bus.publish(t.database.db, good);
    // Written past `publish`, as an old release or a hand-made row could: a number where an id belongs, a field too many.
    await queue.send(JOB, { type: "post.created", communityId: "c1", threadId: "t1", postId: 12345 });
    await queue.send(JOB, { ...good, postId: "p-extra", email: "someone@example.org" });
    await queue.send(JOB, { type: "post.deleted", communityId: "c1", threadId: "t1", postId: "p-wrong-type" });
    await queue.settle([JOB], 30_000);

    expect(handled.map((e) => e.postId)).toEqual(["p-good"]);
    expect(await jobRow("p-good")).toMatchObject([{ state: "completed" }]);
    for (const postId of [12345, "p-extra", "p-wrong-type"]) {
      const rows = await jobRow(postId);
      expect(rows, String(postId)).toMatchObject([{ state: "failed", retry_count: 0 }]);
      expect(rows[0]!.output?.message).toBe("The payload is not a well-formed post.created event.");
    }
  }, 60_000);

  it("publishing a malformed event is refused before anything is queued", async () => {
    const bad = { type: "post.created", communityId: "c1", threadId: "t1", postId: "" } as EventOf<"post.created">;
    await expect(bus.publish(t.database.db, bad)).rejects.toThrow("does not match its schema");
    expect(await jobRow("")).toEqual([]);
  });
});
