/**
 * Poll closings (issue 11 part 7, ADR 41): when a poll with a close date closes, the thread's
 * author and every account that voted are told once each, through a job queued with the poll
 * and held until its close date; never anyone who can no longer read the thread.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { createTestApp, type TestApp } from "../../test/helpers/test-app.ts";
import { createCommunity, createSpace, join, signUp, startThread, type Member } from "../../test/helpers/factories.ts";
import { makeClinician, signedInAdmin } from "../../test/helpers/clinician-fixtures.ts";
import { newBrowser } from "../../test/helpers/browser-form.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ work: true });
});
afterAll(async () => t?.close());

const MEET_UP = { question: "Which time suits you for the online meet-up?", options: ["Tuesday morning", "Thursday evening"] };

async function ask(author: Member, threadId: string, closesAt: Date | null) {
  const response = await t.request({ method: "POST", url: `/api/v1/threads/${threadId}/poll`, token: author.token, payload: { ...MEET_UP, ...(closesAt ? { closesAt: closesAt.toISOString() } : {}) } });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().id as string;
}

/** A vote takes no persona: it is the account's (ADR 36). */
async function vote(who: Member, pollId: string) {
  const response = await t.request({ method: "POST", url: `/api/v1/polls/${pollId}/votes`, token: who.token, payload: { options: [1] } });
  expect(response.statusCode, response.body).toBe(201);
}

type Told = { id: string; kind: string; persona: { id: string } | null; question: string; thread: { id: string; title: string }; community: { slug: string } };

async function closingsOf(who: { token: string }) {
  await t.services.queue.settle();
  const response = await t.request({ method: "GET", url: "/api/v1/notifications", token: who.token });
  expect(response.statusCode, response.body).toBe(200);
  return { body: response.body, items: (response.json().items as Told[]).filter((n) => n.kind === "poll_closed") };
}

/** Moves a poll's close date into the past, as time passing would. */
const closeNow = (pollId: string) => t.database.db.updateTable("polls").set({ closes_at: new Date(Date.now() - 1000) }).where("id", "=", pollId).execute();

async function pollWithVoters(options: { space?: "general" | "members" } = {}) {
  const owner = await signUp(t);
  const community = await createCommunity(t, owner);
  const space = options.space === "members" ? (await createSpace(t, owner, community.slug, "members")).slug : "general";
  const voter = await signUp(t);
  const bystander = await signUp(t);
  await join(t, voter, community.slug);
  await join(t, bystander, community.slug);
  const thread = await startThread(t, owner, community.slug, space, { title: "Meeting online" });
  return { owner, community, voter, bystander, thread };
}

describe("telling of a poll's closing", () => {
  it("queues the closing with the poll, held until its close date, then tells the author and each voter once", async () => {
    const { owner, voter, bystander, thread } = await pollWithVoters();
    const closesAt = new Date(Date.now() + 2500);
    const pollId = await ask(owner, thread.id, closesAt);
    const { rows } = await sql<{ start_after: Date; state: string }>`select start_after, state::text as state from pgboss.job where name = 'event.notify-poll-closed' and data->>'pollId' = ${pollId}`.execute(t.database.db);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.state).toBe("created");
    expect(Math.abs(new Date(rows[0]!.start_after).getTime() - closesAt.getTime())).toBeLessThan(1000);
    await vote(voter, pollId);
    await vote(owner, pollId);
    // Before the close date nothing is told (and waiting for the queue does not wait for it).
    expect((await closingsOf(voter)).items).toEqual([]);
    await new Promise((r) => setTimeout(r, Math.max(0, closesAt.getTime() - Date.now()) + 200));
    const toVoter = await closingsOf(voter);
    expect(toVoter.items).toHaveLength(1);
    expect(toVoter.items[0]).toMatchObject({ kind: "poll_closed", persona: null, question: MEET_UP.question, thread: { id: thread.id, title: "Meeting online" } });
    // The voter is told as no persona: nothing in it names who else voted, or which persona voted.
    expect(toVoter.body).not.toContain(owner.personaId);
    const toAuthor = await closingsOf(owner);
    expect(toAuthor.items).toHaveLength(1);
    expect(toAuthor.items[0]!.persona).toMatchObject({ id: owner.personaId });
    expect((await closingsOf(bystander)).items).toEqual([]);
    const opened = await t.request({ method: "GET", url: `/notifications/open/${toVoter.items[0]!.id}`, token: voter.token });
    expect(opened.headers.location).toBe(`/t/${thread.id}#poll`);
  });

  it("writes one notification per account however often the job runs, or is sent again", async () => {
    const { owner, voter, thread } = await pollWithVoters();
    const pollId = await ask(owner, thread.id, new Date(Date.now() + 3_600_000));
    await vote(voter, pollId);
    await closeNow(pollId);
    await t.services.notifications.notePollClosed(pollId);
    await t.services.notifications.notePollClosed(pollId);
    await t.services.events.publish(t.database.db, { type: "poll.closing", communityId: await communityOf(thread.id), threadId: thread.id, pollId });
    await t.services.queue.settle();
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from notifications where source_key = ${`poll-closed:${pollId}`} group by account_id`.execute(t.database.db);
    expect(rows.map((r) => r.n)).toEqual([1, 1]);
  });

  it("tells nobody while the poll is open, nor of a poll without a close date or of one that does not exist", async () => {
    const { owner, voter, thread } = await pollWithVoters();
    const pollId = await ask(owner, thread.id, new Date(Date.now() + 3_600_000));
    await vote(voter, pollId);
    await t.services.notifications.notePollClosed(pollId);
    await t.services.notifications.notePollClosed("not-an-id");
    expect((await closingsOf(voter)).items).toEqual([]);
    const open = await pollWithVoters();
    const forever = await ask(open.owner, open.thread.id, null);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from pgboss.job where name = 'event.notify-poll-closed' and data->>'pollId' = ${forever}`.execute(t.database.db);
    expect(rows[0]!.n).toBe(0);
  });

  it("does not tell a voter who can no longer read the thread, or who turned poll closings off", async () => {
    const { owner, voter, bystander, community, thread } = await pollWithVoters({ space: "members" });
    const pollId = await ask(owner, thread.id, new Date(Date.now() + 3_600_000));
    await vote(voter, pollId);
    await vote(bystander, pollId);
    expect((await t.request({ method: "DELETE", url: `/api/v1/communities/${community.slug}/members/me`, token: voter.token })).statusCode).toBe(204);
    const off = await t.request({ method: "PUT", url: "/api/v1/me/preferences", token: bystander.token, payload: { notifications: { polls: false } } });
    expect(off.statusCode, off.body).toBe(200);
    await closeNow(pollId);
    await t.services.notifications.notePollClosed(pollId);
    expect((await closingsOf(voter)).items).toEqual([]);
    expect((await closingsOf(bystander)).items).toEqual([]);
    expect((await closingsOf(owner)).items).toHaveLength(1);
  });

  it("stops showing a closing once its reader can no longer read the thread", async () => {
    const { owner, voter, community, thread } = await pollWithVoters({ space: "members" });
    const pollId = await ask(owner, thread.id, new Date(Date.now() + 3_600_000));
    await vote(voter, pollId);
    await closeNow(pollId);
    await t.services.notifications.notePollClosed(pollId);
    expect((await closingsOf(voter)).items).toHaveLength(1);
    expect((await t.request({ method: "DELETE", url: `/api/v1/communities/${community.slug}/members/me`, token: voter.token })).statusCode).toBe(204);
    expect((await closingsOf(voter)).items).toEqual([]);
  });

  it("tells an anonymous clinician who asked, as that persona, and voters without naming it", async () => {
    const admin = await signedInAdmin(t);
    const clinician = await makeClinician(t, admin);
    const community = await createCommunity(t, clinician);
    const voter = await signUp(t);
    await join(t, voter, community.slug);
    const started = await t.request({ method: "POST", url: `/api/v1/communities/${community.slug}/spaces/general/threads`, token: clinician.token, payload: { title: "Clinic hours", body: "Which suits you?", personaId: clinician.anonymousPersonaId } });
    expect(started.statusCode, started.body).toBe(201);
    const threadId = started.json().id as string;
    const pollId = await ask(clinician, threadId, new Date(Date.now() + 3_600_000));
    await vote(voter, pollId);
    await closeNow(pollId);
    await t.services.notifications.notePollClosed(pollId);
    const toClinician = await closingsOf(clinician);
    expect(toClinician.items[0]!.persona).toMatchObject({ id: clinician.anonymousPersonaId });
    const toVoter = await closingsOf(voter);
    expect(toVoter.items).toHaveLength(1);
    for (const secret of [clinician.id, clinician.username, clinician.personaId, clinician.displayName]) expect(toVoter.body).not.toContain(secret);
  });

  it("says it on the notifications page, in the reader's language", async () => {
    const { owner, voter, thread } = await pollWithVoters();
    const pollId = await ask(owner, thread.id, new Date(Date.now() + 3_600_000));
    await vote(voter, pollId);
    await closeNow(pollId);
    await t.services.notifications.notePollClosed(pollId);
    const browser = await newBrowser(t, voter);
    const page = await browser.get("/notifications");
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`The poll “${MEET_UP.question}” in “Meeting online” has closed: <a href="/notifications/open/`);
    expect(page.body).toContain(">see the results</a>");
    await browser.post("/language", { locale: "cy", next: "/notifications" });
    expect((await browser.get("/notifications")).body).toContain("gweld y canlyniadau");
  });
});

async function communityOf(threadId: string): Promise<string> {
  const row = await t.database.db.selectFrom("threads").select("community_id").where("id", "=", threadId).executeTakeFirstOrThrow();
  return row.community_id;
}
