/**
 * The participation ladder: each small step marked the first time a member takes it — by
 * reading, reacting, checking in, replying, starting a thread, being found helpful by someone
 * else — shown to that member alone with the next step; and a community's welcome thread.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test/helpers/test-app.ts";
import { createCommunity, createSpace, join, reply, signUp, startThread, type Member } from "../../test/helpers/factories.ts";
import { requestsAs } from "../../test/helpers/requests.ts";

let t: TestApp;
let owner: Member;
let community: { slug: string };
let threadId: string;
const { get, post } = requestsAs(() => t);

beforeAll(async () => {
  t = await createTestApp({ work: true });
  owner = await signUp(t);
  community = await createCommunity(t, owner);
  threadId = (await startThread(t, owner, community.slug, "general", { title: "Say hello", body: "Welcome, everyone." })).id;
  await t.services.queue.settle();
}, 120_000);
afterAll(() => t.close());

const ladder = async (who: Member) => {
  await t.services.queue.settle();
  const response = await get(who, "/api/v1/me/participation");
  expect(response.statusCode, response.body).toBe(200);
  const body = response.json() as { steps: { id: string; done: boolean }[]; next: string | null };
  return { done: body.steps.filter((s) => s.done).map((s) => s.id), next: body.next, all: body.steps.map((s) => s.id) };
};

describe("a member's ladder", () => {
  it("starts at reading, and climbs one small step at a time as the member takes part", async () => {
    const newcomer = await signUp(t);
    await join(t, newcomer, community.slug);
    expect(await ladder(newcomer)).toEqual({ done: [], next: "read", all: ["read", "react", "checkin", "reply", "thread", "event", "helped"] });
    expect((await get(newcomer, `/t/${threadId}`)).statusCode).toBe(200);
    expect(await ladder(newcomer)).toMatchObject({ done: ["read"], next: "react" });
    const opening = (await get(null, `/api/v1/threads/${threadId}`)).json().posts.items[0].id;
    expect((await post(newcomer, `/api/v1/posts/${opening}/reactions`, { kind: "thanks" })).statusCode).toBe(201);
    expect(await ladder(newcomer)).toMatchObject({ done: ["read", "react"], next: "checkin" });
    expect((await post(newcomer, `/api/v1/communities/${community.slug}/checkins`, { values: { wellbeing: 3, sleep: 3, energy: 3 } })).statusCode).toBe(201);
    const hello = await reply(t, newcomer, threadId, "Hello, I am new here.");
    expect(await ladder(newcomer)).toMatchObject({ done: ["read", "react", "checkin", "reply"], next: "thread" });
    await startThread(t, newcomer, community.slug, "general", { title: "My first question", body: "How do you manage stairs?" });
    // Coming to an event is next (src/meetups marks it when one they went to ends: after-event.test.ts).
    expect(await ladder(newcomer)).toMatchObject({ done: ["read", "react", "checkin", "reply", "thread"], next: "event" });
    // Marking your own reply helpful does not count; someone else doing it does.
    expect((await post(newcomer, `/api/v1/posts/${hello.id}/reactions`, { kind: "helpful" })).statusCode).toBe(201);
    expect(await ladder(newcomer)).toMatchObject({ done: ["read", "react", "checkin", "reply", "thread"] });
    expect((await post(owner, `/api/v1/posts/${hello.id}/reactions`, { kind: "helpful" })).statusCode).toBe(201);
    expect(await ladder(newcomer)).toEqual({ done: ["read", "react", "checkin", "reply", "thread", "helped"], next: "event", all: expect.any(Array) });
  });

  it("is the member's alone, and marks each step once however often it is taken", async () => {
    const reader = await signUp(t);
    await join(t, reader, community.slug);
    for (let i = 0; i < 3; i++) await get(reader, `/t/${threadId}`);
    expect((await ladder(reader)).done).toEqual(["read"]);
    const rows = await t.database.db.selectFrom("participation_steps").select("step").where("account_id", "=", reader.id).execute();
    expect(rows).toEqual([{ step: "read" }]);
    expect((await get(null, "/api/v1/me/participation")).statusCode).toBe(401);
  });

  it("shows the member their next step on the community page, and nobody else", async () => {
    const member = await signUp(t);
    await join(t, member, community.slug);
    const page = await get(member, `/c/${community.slug}`);
    expect(page.body).toContain("Your small steps here");
    expect(page.body).toContain("A next small step, if you like:");
    expect(page.body).toContain("Read a conversation <span class=\"ladder-state\">(not yet)</span>");
    expect((await get(null, `/c/${community.slug}`)).body).not.toContain("Your small steps here");
  });
});

describe("a community's welcome thread", () => {
  it("is chosen by its managers and offered to newcomers when they join and as their next step", async () => {
    const chosen = await t.request({ method: "PUT", url: `/api/v1/communities/${community.slug}/welcome-thread`, token: owner.token, payload: { threadId } });
    expect(chosen.statusCode, chosen.body).toBe(200);
    const newcomer = await signUp(t);
    await join(t, newcomer, community.slug);
    const welcome = await get(newcomer, `/c/${community.slug}/welcome`);
    expect(welcome.body).toContain(`<a href="/t/${threadId}#reply">Say hello</a>`);
    // After reading, reacting and checking in, replying is next: saying hello there.
    await get(newcomer, `/t/${threadId}`);
    const opening = (await get(null, `/api/v1/threads/${threadId}`)).json().posts.items[0].id;
    await post(newcomer, `/api/v1/posts/${opening}/reactions`, { kind: "hug" });
    await post(newcomer, `/api/v1/communities/${community.slug}/checkins`, { values: { wellbeing: 4, sleep: 2, energy: 3 } });
    await t.services.queue.settle();
    const page = await get(newcomer, `/c/${community.slug}`);
    expect(page.body).toContain(`<a href="/t/${threadId}#reply">say hello in “Say hello”</a>`);
  });

  it("is refused to members who do not run the community, and must be one of its threads", async () => {
    const member = await signUp(t);
    await join(t, member, community.slug);
    const refused = await t.request({ method: "PUT", url: `/api/v1/communities/${community.slug}/welcome-thread`, token: member.token, payload: { threadId } });
    expect(refused.statusCode).toBe(403);
    const other = await createCommunity(t, owner);
    const elsewhere = (await startThread(t, owner, other.slug)).id;
    for (const id of [elsewhere, "no-such-thread"]) {
      const wrong = await t.request({ method: "PUT", url: `/api/v1/communities/${community.slug}/welcome-thread`, token: owner.token, payload: { threadId: id } });
      expect(wrong.statusCode, wrong.body).toBe(400);
      expect(wrong.json().error.fields).toHaveProperty("threadId");
    }
  });

  it("is not offered to someone who may not read it", async () => {
    const members = await createSpace(t, owner, community.slug, "members");
    const inside = (await startThread(t, owner, community.slug, members.slug, { title: "Members' hello" })).id;
    await t.request({ method: "PUT", url: `/api/v1/communities/${community.slug}/welcome-thread`, token: owner.token, payload: { threadId: inside } });
    expect(await t.services.participation.welcomeThread({ kind: "guest" }, community.slug)).toBeNull();
    expect(await t.services.participation.welcomeThread(await t.services.accounts.viewerForAccount(owner.id), community.slug)).toEqual({ id: inside, title: "Members' hello" });
  });
});
