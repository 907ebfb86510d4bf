import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test/helpers/test-app.ts";
import { createCommunity, createSpace, join, signUp, startThread, type Member } from "../../test/helpers/factories.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

const ask = (who: { token: string } | null, threadId: string, payload: Record<string, unknown>) =>
  t.request({ method: "POST", url: `/api/v1/threads/${threadId}/poll`, payload, ...(who ? { token: who.token } : {}) });
const vote = (who: { token: string } | null, pollId: string, options: unknown) =>
  t.request({ method: "POST", url: `/api/v1/polls/${pollId}/votes`, payload: { options }, ...(who ? { token: who.token } : {}) });
const read = (who: { token: string } | null, pollId: string) =>
  t.request({ method: "GET", url: `/api/v1/polls/${pollId}`, ...(who ? { token: who.token } : {}) });

const MEET_UP = { question: "Which time suits you for the online meet-up?", options: ["Tuesday morning", "Thursday evening", "Saturday afternoon"] };

async function threadWithMember() {
  const owner = await signUp(t);
  const community = await createCommunity(t, owner);
  const member = await signUp(t);
  await join(t, member, community.slug);
  const thread = await startThread(t, owner, community.slug);
  return { owner, community, member, thread };
}

async function pollIn(threadId: string, author: Member, extra: Record<string, unknown> = {}) {
  const response = await ask(author, threadId, { ...MEET_UP, ...extra });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().id as string;
}

/** Moves a poll's close date into the past, as time passing would. */
const closeNow = (pollId: string) => t.database.db.updateTable("polls").set({ closes_at: new Date(Date.now() - 1000) }).where("id", "=", pollId).execute();

describe("asking a poll in a thread", () => {
  it("lets the thread's author add one, and shows its question and options without counts before anyone votes", async () => {
    const { owner, member, thread } = await threadWithMember();
    const pollId = await pollIn(thread.id, owner);
    const seen = await read(member, pollId);
    expect(seen.statusCode, seen.body).toBe(200);
    expect(seen.json()).toMatchObject({
      id: pollId,
      threadId: thread.id,
      question: MEET_UP.question,
      options: MEET_UP.options.map((label) => ({ label })),
      multiple: false,
      resultsShown: "after_voting",
      closesAt: null,
      closed: false,
      myVote: null,
      can: { vote: true },
    });
    expect(seen.json().options[0]).not.toHaveProperty("votes");
    const byThread = await t.request({ method: "GET", url: `/api/v1/threads/${thread.id}/poll` });
    expect(byThread.json().id).toBe(pollId);
  });

  it("takes one poll per thread, from its author only, and needs someone signed in", async () => {
    const { owner, member, thread } = await threadWithMember();
    expect((await ask(null, thread.id, MEET_UP)).statusCode).toBe(401);
    const notAuthor = await ask(member, thread.id, MEET_UP);
    expect(notAuthor.statusCode).toBe(403);
    await pollIn(thread.id, owner);
    const second = await ask(owner, thread.id, { ...MEET_UP, question: "Another question?" });
    expect(second.statusCode).toBe(409);
    expect(second.json().error.code).toBe("poll_exists");
  });

  it("refuses bad options and questions naming the field, and writes nothing", async () => {
    const { owner, thread } = await threadWithMember();
    const cases: [Record<string, unknown>, string][] = [
      [{ ...MEET_UP, options: ["Only one"] }, "options"],
      [{ ...MEET_UP, options: Array.from({ length: 11 }, (_, i) => `Option ${i}`) }, "options"],
      [{ ...MEET_UP, options: ["Tuesday", "   "] }, "options"],
      [{ ...MEET_UP, options: ["Tuesday", "\u200b"] }, "options"],
      [{ ...MEET_UP, options: ["Tuesday", "tuesday "] }, "options"],
      [{ ...MEET_UP, question: "  " }, "question"],
      [{ ...MEET_UP, closesAt: "2001-01-01T00:00:00Z" }, "closesAt"],
      [{ ...MEET_UP, closesAt: "next week" }, "closesAt"],
      [{ ...MEET_UP, resultsShown: "never" }, "resultsShown"],
      [{ ...MEET_UP, options: "Tuesday" }, "options"],
    ];
    for (const [payload, field] of cases) {
      const response = await ask(owner, thread.id, payload);
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(Object.keys(response.json().error.fields ?? {}), JSON.stringify(payload)).toContain(field);
    }
    const everything = await ask(owner, thread.id, { question: "", options: ["A", "a"], closesAt: "2001-01-01T00:00:00Z" });
    expect(Object.keys(everything.json().error.fields).sort()).toEqual(["closesAt", "options", "question"]);
    expect((await t.request({ method: "GET", url: `/api/v1/threads/${thread.id}/poll` })).statusCode).toBe(404);
  });
});

describe("voting", () => {
  it("counts a vote once and shows the voter the tally and their own choice", async () => {
    const { owner, member, thread } = await threadWithMember();
    const pollId = await pollIn(thread.id, owner);
    const first = await vote(member, pollId, [1]);
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({ myVote: [1], voters: 1, can: { vote: false } });
    expect(first.json().options.map((o: { votes: number }) => o.votes)).toEqual([0, 1, 0]);

    const again = await vote(member, pollId, [0]);
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({ code: "already_voted", fields: { options: expect.any(String) } });
    expect((await read(member, pollId)).json().options.map((o: { votes: number }) => o.votes)).toEqual([0, 1, 0]);
  });

  it("counts ten simultaneous taps of one account once: one 201, nine 409", async () => {
    const { owner, member, thread } = await threadWithMember();
    const pollId = await pollIn(thread.id, owner);
    const answers = await Promise.all(Array.from({ length: 10 }, () => vote(member, pollId, [2])));
    const statuses = answers.map((a) => a.statusCode).sort();
    expect(statuses).toEqual([201, ...Array(9).fill(409)]);
    const seen = (await read(owner, pollId)).json();
    await vote(owner, pollId, [0]);
    expect((await read(owner, pollId)).json()).toMatchObject({ voters: 2, options: [{ votes: 1 }, { votes: 0 }, { votes: 1 }] });
    expect(seen.options[0]).not.toHaveProperty("votes"); // the owner had not voted yet
  });

  it("refuses an empty vote, an option that does not exist and several on a single-choice poll, naming options", async () => {
    const { owner, member, thread } = await threadWithMember();
    const pollId = await pollIn(thread.id, owner);
    for (const options of [[], [3], [9], [-1], [0, 1], [0, 0], ["0"], [0.5], 1]) {
      const response = await vote(member, pollId, options);
      expect(response.statusCode, JSON.stringify(options)).toBe(400);
      // The schema names the item at fault ("options[0]"), the service the list.
      const fields = Object.keys(response.json().error.fields ?? {});
      expect(fields.length, JSON.stringify(options)).toBe(1);
      expect(fields[0], JSON.stringify(options)).toMatch(/^options(\[\d+\])?$/);
    }
    const extra = await t.request({ method: "POST", url: `/api/v1/polls/${pollId}/votes`, token: member.token, payload: { options: [0], personaId: member.personaId } });
    expect(extra.statusCode).toBe(400);
    expect((await read(member, pollId)).json().myVote).toBeNull();
  });

  it("takes several choices on a multiple-choice poll", async () => {
    const { owner, member, thread } = await threadWithMember();
    const pollId = await pollIn(thread.id, owner, { multiple: true });
    const response = await vote(member, pollId, [0, 2]);
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({ multiple: true, myVote: [0, 2], voters: 1, options: [{ votes: 1 }, { votes: 0 }, { votes: 1 }] });
  });

  it("keeps the counts back until closing when the author asks, and takes no vote after closing", async () => {
    const { owner, member, thread, community } = await threadWithMember();
    const later = await signUp(t);
    await join(t, later, community.slug);
    const closesAt = new Date(Date.now() + 86_400_000).toISOString();
    const pollId = await pollIn(thread.id, owner, { resultsShown: "after_closing", closesAt });
    const voted = await vote(member, pollId, [0]);
    expect(voted.statusCode).toBe(201);
    expect(voted.json()).toMatchObject({ myVote: [0], closed: false, closesAt });
    expect(voted.json().options[0]).not.toHaveProperty("votes");
    expect(voted.json()).not.toHaveProperty("voters");

    await closeNow(pollId);
    const late = await vote(later, pollId, [1]);
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe("poll_closed");
    const guest = (await read(null, pollId)).json();
    expect(guest).toMatchObject({ closed: true, myVote: null, voters: 1, can: { vote: false }, options: [{ votes: 1 }, { votes: 0 }, { votes: 0 }] });
  });

  it("lets only members who may reply vote; guests and outsiders see no counts of an open poll", async () => {
    const { owner, thread } = await threadWithMember();
    const outsider = await signUp(t);
    const pollId = await pollIn(thread.id, owner);
    expect((await vote(null, pollId, [0])).statusCode).toBe(401);
    expect((await vote(outsider, pollId, [0])).statusCode).toBe(403);
    const seen = (await read(outsider, pollId)).json();
    expect(seen).toMatchObject({ myVote: null, can: { vote: false } });
    expect(seen.options[0]).not.toHaveProperty("votes");
  });
});

describe("what a poll reveals", () => {
  it("is the same 404 in a thread the viewer cannot read as for a poll that does not exist", async () => {
    const owner = await signUp(t);
    const community = await createCommunity(t, owner);
    const space = await createSpace(t, owner, community.slug, "members");
    const thread = await startThread(t, owner, community.slug, space.slug);
    const pollId = await pollIn(thread.id, owner);
    const outsider = await signUp(t);
    const hidden = await read(outsider, pollId);
    const missing = await read(outsider, "AAAAAAAAAAAAAAAA");
    expect(hidden.statusCode).toBe(404);
    expect(hidden.body).toBe(missing.body);
    const hiddenVote = await vote(outsider, pollId, [0]);
    const missingVote = await vote(outsider, "AAAAAAAAAAAAAAAA", [0]);
    expect(hiddenVote.statusCode).toBe(404);
    expect(hiddenVote.body).toBe(missingVote.body);
    expect((await ask(outsider, thread.id, MEET_UP)).statusCode).toBe(404);
  });

  it("shows each viewer only counts and their own vote, never who voted, and stores no persona with a vote", async () => {
    const { owner, member, thread } = await threadWithMember();
    const pollId = await pollIn(thread.id, owner);
    await vote(member, pollId, [1]);
    await vote(owner, pollId, [2]);
    const asOwner = await read(owner, pollId);
    expect(asOwner.json().myVote).toEqual([2]);
    for (const secret of [member.id, member.username, member.personaId, member.displayName]) expect(asOwner.body).not.toContain(secret);
    const columns = await t.database.pool.query<{ column_name: string }>(`select column_name from information_schema.columns where table_name = 'poll_votes'`);
    expect(columns.rows.map((r) => r.column_name)).not.toContain("persona_id");
  });
});
