/**
 * Jobs that run again. pg-boss hands a worker a batch of jobs; one that fails must not
 * make the others run again, and a job that is retried (or run twice) must not repeat
 * what it already did: one mail per manager per request, one notification per post.
 * Real SMTP (smtp-server) that refuses one address once, and the real database.
 */
import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import { sql } from "kysely";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test/helpers/test-app.ts";
import { createCommunity, join, reply, setRole, signUp, startThread } from "../../test/helpers/factories.ts";
import type { EventBus } from "../events/event-bus.ts";
import { openRuntime } from "../runtime.ts";
import { subscribeJoinRequestMail } from "../communities/join-request-mail.job.ts";
import type { JobContext } from "./queue.ts";

const JOB = "event.mail-managers-about-join-request";
const received: { to: string[]; subject: string }[] = [];
/** Addresses the SMTP server refuses (once each), and every RCPT TO it was asked for. */
const refuseOnce = new Set<string>();
const attempts: string[] = [];
let smtp: SMTPServer;
let t: TestApp;

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onRcptTo(address, _session, callback) {
      attempts.push(address.address);
      if (refuseOnce.delete(address.address)) return callback(Object.assign(new Error("Mailbox busy, try again later"), { responseCode: 450 }));
      callback();
    },
    onData(stream, session, callback) {
      let raw = "";
      stream.on("data", (chunk: Buffer) => (raw += chunk.toString("utf8")));
      stream.on("end", () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), subject: /^Subject: (.*)$/im.exec(raw)?.[1] ?? "" });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  const { port } = smtp.server.address() as AddressInfo;
  // No worker in this app: jobs wait in the queue until a test starts one, so they are fetched as one batch.
  t = await createTestApp({ work: false, env: { SMTP_URL: `smtp://127.0.0.1:${port}` } });
}, 60_000);

afterAll(async () => {
  await t?.close();
  await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
});

const email = () => `${Math.random().toString(36).slice(2, 10)}@example.org`;
const mailsTo = (address: string) => received.filter((m) => m.to.includes(address));

/** A community that approves its members, run by an owner (and a moderator) who gave their emails. */
async function approvalCommunity(moderatorEmail?: string) {
  const ownerEmail = email();
  const owner = await signUp(t, { email: ownerEmail, emailVerified: true });
  const community = await createCommunity(t, owner);
  if (moderatorEmail) {
    const moderator = await signUp(t, { email: moderatorEmail, emailVerified: true });
    await join(t, moderator, community.slug);
    await setRole(t, owner, community.slug, moderator, "moderator");
  }
  const patched = await t.request({ method: "PATCH", url: `/api/v1/communities/${community.slug}`, token: owner.token, payload: { joinPolicy: "approval" } });
  expect(patched.statusCode, patched.body).toBe(200);
  return { ...community, ownerEmail };
}

describe("jobs that run again", () => {
  it("in a batch where one job fails, the others finish once; the failed one is retried and each manager gets one mail", async () => {
    const busyModerator = email();
    const troubled = await approvalCommunity(busyModerator);
    const calm = [await approvalCommunity(), await approvalCommunity()];
    for (const community of [troubled, ...calm]) expect((await join(t, await signUp(t), community.slug)).status).toBe("pending");
    refuseOnce.add(busyModerator);

    const worker = await openRuntime(t.config, { work: true, database: t.database });
    try {
      await t.services.queue.settle([JOB], 60_000);
    } finally {
      await worker.services.queue.stop();
    }

    for (const address of [troubled.ownerEmail, busyModerator, ...calm.map((c) => c.ownerEmail)]) {
      expect(mailsTo(address).map((m) => m.subject), address).toHaveLength(1);
    }
    expect(attempts.filter((a) => a === busyModerator)).toHaveLength(2); // refused once, then sent
    expect(attempts.filter((a) => a === troubled.ownerEmail)).toHaveLength(1); // not sent again by the retry

    // Only the job that failed was run again; the jobs beside it in its batch were completed on their own.
    const { rows } = await sql<{ community: string; retry_count: number; state: string }>`
      select data->>'communityId' as community, retry_count, state::text as state from pgboss.job where name = ${JOB}`.execute(t.database.db);
    const byCommunity = new Map(rows.map((r) => [r.community, r]));
    expect(byCommunity.get(troubled.id)).toMatchObject({ retry_count: 1, state: "completed" });
    for (const community of calm) expect(byCommunity.get(community.id)).toMatchObject({ retry_count: 0, state: "completed" });
  }, 90_000);

  it("the join-request mail handler run twice for one job sends one mail; another request sends another", async () => {
    const community = await approvalCommunity();
    const handlers = new Map<string, (event: object, job: JobContext) => Promise<void>>();
    const capture = { subscribe: (_type: string, name: string, handler: (event: object, job: JobContext) => Promise<void>) => handlers.set(name, handler) };
    subscribeJoinRequestMail(capture as unknown as EventBus, t.services.communities, t.services.mailer, t.services.jobEffects, t.config.publicUrl, t.config.locale);
    const handler = handlers.get("mail-managers-about-join-request")!;
    const event = { type: "membership.requested", communityId: community.id, accountId: "someone" };

    const job = { id: randomUUID(), name: JOB };
    await handler(event, job);
    await handler(event, job);
    expect(mailsTo(community.ownerEmail)).toHaveLength(1);

    await handler(event, { id: randomUUID(), name: JOB });
    expect(mailsTo(community.ownerEmail)).toHaveLength(2);
  });

  it("the reply notification made twice for one post is one notification", async () => {
    const author = await signUp(t);
    const community = await createCommunity(t, author);
    const thread = await startThread(t, author, community.slug);
    const replier = await signUp(t);
    await join(t, replier, community.slug);
    const post = await reply(t, replier, thread.id);

    await t.services.notifications.notePostWritten(post.id, { reply: true });
    await t.services.notifications.notePostWritten(post.id, { reply: true });

    const listed = await t.request({ method: "GET", url: "/api/v1/notifications", token: author.token });
    expect(listed.statusCode, listed.body).toBe(200);
    const items = listed.json().items as { kind: string; post?: { id: string }; postId?: string }[];
    expect(items).toHaveLength(1);
    expect(items[0]!.kind).toBe("reply");
  });
});
