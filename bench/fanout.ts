/**
 * Fan-out (issue 11): how long after a reply is posted every notification it makes exists,
 * for a thread with many followers (the seed's `members`, 500 by default).
 *
 * The server runs in this process for this part (the same openRuntime and buildServer as
 * `hearth serve`, jobs included, on its own port): the embedded PGlite can be opened by one
 * process only, and the benchmark has to count the notification rows while the server's
 * job writes them. The reply goes over HTTP with a bearer token, as a client sends it; then
 * the benchmark counts the reply's notification rows every few milliseconds, through the
 * same database connection, until there are as many as it expects. The replies are posted
 * one at a time, each once the queue is idle again (the mail jobs the notifications queue
 * have run), so each is measured alone.
 */
import { randomBytes } from "node:crypto";
import { sql } from "kysely";
import type { Config } from "../src/config.ts";
import { buildServer } from "../src/http/server.ts";
import { databaseAnswers, openRuntime } from "../src/runtime.ts";
import { freePort, json, say } from "./harness.ts";
import type { FanOut } from "./report.ts";

/** The job that tells a thread's followers about a reply (src/notifications/notifications.job.ts). */
const FAN_OUT_JOB = "event.notify-about-reply";
const POLL_MS = 5;
const GIVE_UP_MS = 180_000;

const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

export async function measureFanOut(
  config: Config,
  options: { communitySlug: string; threadId: string; followers: number; replies: number; body: () => string },
): Promise<FanOut> {
  const runtime = await openRuntime(config, { work: true });
  const app = await buildServer(config, runtime.services, { logger: false, healthCheck: () => databaseAnswers(runtime.database) });
  const port = await freePort();
  await app.listen({ port, host: "127.0.0.1" });
  const base = `http://127.0.0.1:${port}`;
  const db = runtime.database.db;
  try {
    // Whoever replies: a member of their own, who does not follow the thread beforehand.
    const { accounts, communities } = runtime.services;
    const { id: replierId } = await accounts.signUp({ username: `bench_replier_${randomBytes(3).toString("hex")}`, password: "correct horse battery staple" }, "");
    await communities.join(await accounts.viewerForAccount(replierId), options.communitySlug);
    const replier = { accountId: replierId as string, token: (await accounts.openSession(replierId)).token };
    // Everyone who follows the thread or started it, but not whoever writes the reply.
    const expectedRow = await sql<{ n: number }>`
      select count(*)::int as n from (
        select account_id from follows where thread_id = ${options.threadId}
        union
        select pe.account_id from threads t join personas pe on pe.id = t.author_persona_id where t.id = ${options.threadId}
      ) told where account_id <> ${replier.accountId}`.execute(db);
    const expected = expectedRow.rows[0]!.n;
    const count = async (postId: string) =>
      (await sql<{ n: number }>`select count(*)::int as n from notifications where post_id = ${postId}`.execute(db)).rows[0]!.n;

    const untilAll: number[] = [];
    const jobRuns: number[] = [];
    const pickUps: number[] = [];
    const responses: number[] = [];
    for (let i = 0; i < options.replies; i++) {
      await runtime.services.queue.settle(undefined, GIVE_UP_MS);
      const started = performance.now();
      const { id: postId } = (await json(`${base}/api/v1/threads/${options.threadId}/posts`, {
        method: "POST",
        token: replier.token,
        body: JSON.stringify({ body: options.body() }),
      })) as { id: string };
      responses.push(performance.now() - started);
      let rows = 0;
      for (;;) {
        rows = await count(postId);
        if (rows >= expected) break;
        if (performance.now() - started > GIVE_UP_MS) throw new Error(`Fan-out: ${rows} of ${expected} notifications after ${GIVE_UP_MS / 1000} s.`);
        await new Promise((r) => setTimeout(r, POLL_MS));
      }
      untilAll.push(performance.now() - started);
      await runtime.services.queue.settle(undefined, GIVE_UP_MS);
      // The fan-out job's own times, as pg-boss recorded them: waiting to be fetched, and running.
      const job = await sql<{ waited: number; ran: number }>`
        select extract(epoch from started_on - created_on) * 1000 as waited, extract(epoch from completed_on - started_on) * 1000 as ran
        from pgboss.job where name = ${FAN_OUT_JOB} and data->>'postId' = ${postId}`.execute(db);
      const times = job.rows[0];
      if (times) {
        pickUps.push(Number(times.waited));
        jobRuns.push(Number(times.ran));
      }
      say(`    reply ${i + 1}: ${rows} notifications after ${untilAll.at(-1)!.toFixed(0)} ms (the job ran ${times ? Number(times.ran).toFixed(0) : "?"} ms)`);
    }
    return {
      followers: options.followers,
      notifications: expected,
      replies: options.replies,
      untilAll: { median: median(untilAll), max: Math.max(...untilAll) },
      jobRun: jobRuns.length ? { median: median(jobRuns), max: Math.max(...jobRuns) } : null,
      pickUp: pickUps.length ? { median: median(pickUps), max: Math.max(...pickUps) } : null,
      response: { median: median(responses), max: Math.max(...responses) },
    };
  } finally {
    await app.close();
    await runtime.close();
  }
}
