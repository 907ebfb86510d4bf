import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test/helpers/test-app.ts";
import { createCommunity, createSpace, join, reply, setRole, signUp, startThread, type Member } from "../../test/helpers/factories.ts";
import { makeClinician, signedInAdmin, type Clinician } from "../../test/helpers/clinician-fixtures.ts";
import { postReply, postThread } from "../../test/helpers/moderation-fixtures.ts";

let t: TestApp;
let admin: Member;
beforeAll(async () => {
  t = await createTestApp({ work: true });
  admin = await signedInAdmin(t);
});
afterAll(async () => t?.close());

type NotificationJson = {
  id: string;
  kind: string;
  persona: { id: string; displayName: string; capacity: string };
  actor: { id: string; displayName: string; capacity: string };
  thread: { id: string; title: string };
  community: { slug: string; name: string };
  postId: string;
  createdAt: string;
  read: boolean;
};

async function notificationsOf(who: { token: string }, query = "") {
  const response = await t.request({ method: "GET", url: `/api/v1/notifications${query}`, token: who.token });
  expect(response.statusCode, response.body).toBe(200);
  return { body: response.body, page: response.json() as { items: NotificationJson[]; nextCursor: string | null } };
}

/** A second personal persona with a chosen name, so its name is not the account's username. */
async function namedPersona(member: Member, displayName: string): Promise<string> {
  const response = await t.request({ method: "POST", url: "/api/v1/personas", token: member.token, payload: { kind: "personal", displayName } });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().id;
}

const mention = (name: string, personaId: string) => `[@${name}](/personas/${personaId})`;

async function post(author: Member, threadId: string, body: string, personaId?: string) {
  const response = await postReply(t, author, threadId, personaId, body);
  expect(response.statusCode, response.body).toBe(201);
  return response.json().id as string;
}

describe("a reply to a thread started by an anonymous clinician", () => {
  let clinician: Clinician;
  let replier: Member;
  let replierPersonaId: string;
  let community: { slug: string; name: string };
  let threadId: string;
  let replyId: string;

  beforeAll(async () => {
    clinician = await makeClinician(t, admin);
    community = await createCommunity(t, clinician, { name: "Living with COPD" });
    replier = await signUp(t);
    await join(t, replier, community.slug);
    replierPersonaId = await namedPersona(replier, `Heron ${Math.random().toString(36).slice(2, 7)}`);
    const started = await postThread(t, clinician, community.slug, clinician.anonymousPersonaId, "Pacing before physio");
    expect(started.statusCode, started.body).toBe(201);
    threadId = started.json().id;
    replyId = await post(replier, threadId, "It helped me to rest first.", replierPersonaId);
    await t.services.queue.settle();
  });

  it("tells the clinician's account, naming the anonymous persona it concerns", async () => {
    const { page } = await notificationsOf(clinician);
    // Besides the reply, the clinician was told their application was approved (issue 8, ADR 31).
    expect(page.items.map((n) => n.kind)).toEqual(["reply", "clinician_approved"]);
    const [n] = page.items;
    expect(n).toMatchObject({
      kind: "reply",
      persona: { id: clinician.anonymousPersonaId, displayName: clinician.anonymousName, capacity: "verified_clinician_anonymous" },
      actor: { id: replierPersonaId, capacity: "personal" },
      thread: { id: threadId, title: "Pacing before physio" },
      community: { slug: community.slug, name: "Living with COPD" },
      postId: replyId,
      read: false,
    });
    expect(Date.parse(n!.createdAt)).not.toBeNaN();
  });

  it("carries nothing of the replier's account, nor of the clinician's other personas", async () => {
    const { body } = await notificationsOf(clinician);
    for (const secret of [replier.id, replier.username, replier.personaId]) expect(body).not.toContain(secret);
    for (const secret of [clinician.id, clinician.username, clinician.personaId]) expect(body).not.toContain(secret);
    expect(body).not.toMatch(/account|username|email/i);
  });

  it("tells the replier nothing, and nobody else either", async () => {
    expect((await notificationsOf(replier)).page.items).toEqual([]);
    expect((await notificationsOf(await signUp(t))).page.items).toEqual([]);
  });

  it("is not made when the clinician answers their own thread under another persona", async () => {
    await post(clinician, threadId, "Thank you, everyone.");
    await t.services.queue.settle();
    const { page } = await notificationsOf(clinician);
    expect(page.items.filter((n) => n.kind !== "clinician_approved").map((n) => n.postId)).toEqual([replyId]);
  });
});

describe("mentions", () => {
  it("tells a mentioned persona's account, naming that persona", async () => {
    const owner = await signUp(t);
    const community = await createCommunity(t, owner);
    const friend = await signUp(t);
    const friendPersona = await namedPersona(friend, `Wren ${Math.random().toString(36).slice(2, 7)}`);
    const thread = await startThread(t, owner, community.slug, "general", { body: `Have you met ${mention("Wren", friendPersona)}?` });
    await t.services.queue.settle();

    const { page } = await notificationsOf(friend);
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({ kind: "mention", persona: { id: friendPersona }, actor: { id: owner.personaId }, postId: thread.postId });
    // The link renders as an ordinary link to the persona's page.
    const shown = await t.request({ method: "GET", url: `/api/v1/threads/${thread.id}` });
    expect(shown.json().posts.items[0].html).toContain(`href="/personas/${friendPersona}"`);
  });

  it("does not tell an account that cannot read the members-only space the post is in", async () => {
    const owner = await signUp(t);
    const community = await createCommunity(t, owner);
    const space = await createSpace(t, owner, community.slug, "members");
    const outsider = await signUp(t);
    const member = await signUp(t);
    await join(t, member, community.slug);

    const thread = await startThread(t, owner, community.slug, space.slug, {
      title: "Only for members",
      body: `Asking ${mention("them", outsider.personaId)} and ${mention("you", member.personaId)}.`,
    });
    await t.services.queue.settle();

    const told = await notificationsOf(outsider);
    expect(told.page.items).toEqual([]);
    expect(told.body).not.toContain("Only for members");
    expect((await notificationsOf(member)).page.items.map((n) => n.postId)).toEqual([thread.postId]);
  });

  it("counts only links to a persona, not names, code or other addresses, and tells each account once", async () => {
    const owner = await signUp(t);
    const community = await createCommunity(t, owner);
    const thread = await startThread(t, owner, community.slug);
    const inCode = await signUp(t);
    const byName = await signUp(t);
    const twice = await signUp(t);
    const body = [
      `\`${mention("code", inCode.personaId)}\``,
      `@${byName.username} and [a page](/c/${community.slug})`,
      `${mention("one", twice.personaId)} ${mention("again", twice.personaId)}`,
      `${mention("nobody", "AAAAAAAAAAAAAAAA")}`,
    ].join("\n\n");
    const postId = await post(owner, thread.id, body);
    await t.services.queue.settle();

    expect((await notificationsOf(inCode)).page.items).toEqual([]);
    expect((await notificationsOf(byName)).page.items).toEqual([]);
    expect((await notificationsOf(twice)).page.items.map((n) => n.postId)).toEqual([postId]);
    const recorded = await t.database.db.selectFrom("mentions").select(["persona_id", "community_id"]).where("post_id", "=", postId).execute();
    expect(recorded).toEqual([{ persona_id: twice.personaId, community_id: (await t.request({ method: "GET", url: `/api/v1/communities/${community.slug}` })).json().id }]);
  });

  it("tells someone mentioned in an edit, and nobody twice", async () => {
    const owner = await signUp(t);
    const community = await createCommunity(t, owner);
    const thread = await startThread(t, owner, community.slug);
    const first = await signUp(t);
    const later = await signUp(t);
    const postId = await post(owner, thread.id, `Hello ${mention("first", first.personaId)}`);
    await t.services.queue.settle();
    const edited = await t.request({
      method: "PATCH",
      url: `/api/v1/posts/${postId}`,
      token: owner.token,
      payload: { body: `Hello ${mention("first", first.personaId)} and ${mention("later", later.personaId)}` },
    });
    expect(edited.statusCode, edited.body).toBe(200);
    await t.services.queue.settle();

    expect((await notificationsOf(first)).page.items).toHaveLength(1);
    expect((await notificationsOf(later)).page.items.map((n) => [n.kind, n.postId])).toEqual([["mention", postId]]);
  });

  it("tells the thread's author once when a reply also mentions them, and nothing for mentioning oneself", async () => {
    const owner = await signUp(t);
    const community = await createCommunity(t, owner);
    const member = await signUp(t);
    await join(t, member, community.slug);
    const thread = await startThread(t, owner, community.slug, "general", { body: `Me: ${mention("me", owner.personaId)}` });
    await post(member, thread.id, `Thanks ${mention("you", owner.personaId)}`);
    await t.services.queue.settle();

    const { page } = await notificationsOf(owner);
    expect(page.items).toHaveLength(1);
    expect(page.items[0]!.kind).toBe("mention");
  });
});

/**
 * The fan-out of a reply decides who may read it for all its followers at once (one query for
 * their accounts, one for their memberships): these pin down that it still tells exactly those
 * who may read the thread, each as themselves.
 */
describe("a reply's fan-out to the thread's followers", () => {
  const follow = async (who: Member, threadId: string) => {
    const response = await t.request({ method: "POST", url: `/api/v1/threads/${threadId}/follow`, token: who.token });
    expect(response.statusCode, response.body).toBe(201);
  };
  const leave = async (who: Member, slug: string) => {
    const response = await t.request({ method: "DELETE", url: `/api/v1/communities/${slug}/members/me`, token: who.token });
    expect(response.statusCode, response.body).toBe(204);
  };
  const kindsFor = async (who: Member, postId: string) => (await notificationsOf(who)).page.items.filter((n) => n.postId === postId).map((n) => n.kind);
  const readsThread = async (who: Member, threadId: string) => (await t.request({ method: "GET", url: `/api/v1/threads/${threadId}`, token: who.token })).statusCode === 200;

  it("in a members-only space tells the followers who are still members, and not one who left or was suspended", async () => {
    const owner = await signUp(t);
    const community = await createCommunity(t, owner);
    const space = await createSpace(t, owner, community.slug, "members");
    const [stayer, leaver, suspended, replier] = [await signUp(t), await signUp(t), await signUp(t), await signUp(t)];
    for (const member of [stayer, leaver, suspended, replier]) await join(t, member, community.slug);
    const thread = await startThread(t, owner, community.slug, space.slug, { title: "Among members" });
    for (const member of [stayer, leaver, suspended]) await follow(member, thread.id);
    // Access lost after following: the follow stays, the reading does not.
    await leave(leaver, community.slug);
    await t.database.db.updateTable("accounts").set({ status: "suspended" }).where("id", "=", suspended.id).execute();

    const posted = await reply(t, replier, thread.id, "Said among members.");
    await t.services.queue.settle();

    expect(await kindsFor(stayer, posted.id)).toEqual(["followed_thread"]);
    expect(await kindsFor(owner, posted.id)).toEqual(["reply"]);
    expect(await kindsFor(leaver, posted.id)).toEqual([]);
    expect(await kindsFor(replier, posted.id)).toEqual([]);
    const rows = await t.database.db.selectFrom("notifications").select("account_id").where("post_id", "=", posted.id).execute();
    expect(rows.map((r) => r.account_id).sort()).toEqual([owner.id, stayer.id].sort());
  });

  it("in a carers' space tells a carer and a moderator, and not a member who is no longer a carer", async () => {
    const owner = await signUp(t);
    const community = await createCommunity(t, owner);
    const space = await createSpace(t, owner, community.slug, "carers");
    const [carer, lapsed, moderator, replier] = [await signUp(t, { carer: true }), await signUp(t, { carer: true }), await signUp(t), await signUp(t, { carer: true })];
    for (const member of [carer, lapsed, moderator, replier]) await join(t, member, community.slug);
    await setRole(t, owner, community.slug, moderator, "moderator");
    const thread = await startThread(t, owner, community.slug, space.slug, { title: "For those who look after someone" });
    for (const member of [carer, lapsed, moderator]) await follow(member, thread.id);
    await t.database.db.updateTable("personas").set({ is_carer: false }).where("account_id", "=", lapsed.id).execute();

    const posted = await reply(t, replier, thread.id, "The nights are the hardest.");
    await t.services.queue.settle();

    expect(await kindsFor(carer, posted.id)).toEqual(["followed_thread"]);
    expect(await kindsFor(moderator, posted.id)).toEqual(["followed_thread"]);
    expect(await kindsFor(lapsed, posted.id)).toEqual([]);
  });

  it("tells each follower exactly when they may read the thread, among many followers of every kind", async () => {
    const owner = await signUp(t);
    const community = await createCommunity(t, owner);
    const space = await createSpace(t, owner, community.slug, "members");
    const replier = await signUp(t);
    await join(t, replier, community.slug);
    const thread = await startThread(t, owner, community.slug, space.slug, { title: "Many followers" });
    const followers: Member[] = [];
    for (let i = 0; i < 12; i++) {
      const follower = await signUp(t);
      await join(t, follower, community.slug);
      await follow(follower, thread.id);
      followers.push(follower);
    }
    // A third leave, a sixth are suspended; the rest stay.
    for (const [i, follower] of followers.entries()) {
      if (i % 3 === 1) await leave(follower, community.slug);
      if (i % 6 === 2) await t.database.db.updateTable("accounts").set({ status: "suspended" }).where("id", "=", follower.id).execute();
    }

    const posted = await reply(t, replier, thread.id, "Counting who hears of it.");
    await t.services.queue.settle();

    const rows = await t.database.db.selectFrom("notifications").select("account_id").where("post_id", "=", posted.id).execute();
    const told = new Set(rows.map((r) => r.account_id));
    const mayRead = new Set<string>();
    for (const follower of followers) if (await readsThread(follower, thread.id)) mayRead.add(follower.id);
    expect(mayRead.size).toBe(6);
    expect([...told].filter((id) => id !== owner.id).sort()).toEqual([...mayRead].sort());
  });
});

describe("reading notifications", () => {
  async function notifiedOwner(replies: number) {
    const owner = await signUp(t);
    const community = await createCommunity(t, owner);
    const member = await signUp(t);
    await join(t, member, community.slug);
    const thread = await startThread(t, owner, community.slug);
    const ids: string[] = [];
    for (let i = 0; i < replies; i++) ids.push((await reply(t, member, thread.id, `Reply number ${i + 1}`)).id);
    await t.services.queue.settle();
    return { owner, member, thread, replyIds: ids };
  }

  it("lists the newest first, a page at a time", async () => {
    const { owner, replyIds } = await notifiedOwner(3);
    const first = await notificationsOf(owner, "?limit=2");
    expect(first.page.items.map((n) => n.postId)).toEqual([replyIds[2], replyIds[1]]);
    expect(first.page.nextCursor).toBeTruthy();
    const second = await notificationsOf(owner, `?limit=2&cursor=${encodeURIComponent(first.page.nextCursor!)}`);
    expect(second.page.items.map((n) => n.postId)).toEqual([replyIds[0]]);
    expect(second.page.nextCursor).toBeNull();
  });

  it("marks the listed ones read, then all of them, and never another account's", async () => {
    const { owner, member, replyIds } = await notifiedOwner(3);
    const other = await notifiedOwner(1);
    const items = (await notificationsOf(owner)).page.items;
    const one = items.find((n) => n.postId === replyIds[0])!;

    const marked = await t.request({ method: "POST", url: "/api/v1/notifications/read", token: owner.token, payload: { ids: [one.id] } });
    expect(marked.statusCode, marked.body).toBe(200);
    expect(marked.json()).toEqual({ unread: 2 });
    const after = (await notificationsOf(owner)).page.items;
    expect(after.filter((n) => n.read).map((n) => n.id)).toEqual([one.id]);

    // Someone else's ids change nothing for them.
    const otherId = (await notificationsOf(other.owner)).page.items[0]!.id;
    const foreign = await t.request({ method: "POST", url: "/api/v1/notifications/read", token: member.token, payload: { ids: [otherId] } });
    expect(foreign.statusCode).toBe(200);
    expect((await notificationsOf(other.owner)).page.items[0]!.read).toBe(false);

    const all = await t.request({ method: "POST", url: "/api/v1/notifications/read", token: owner.token });
    expect(all.statusCode, all.body).toBe(200);
    expect(all.json()).toEqual({ unread: 0 });
    expect((await notificationsOf(owner)).page.items.every((n) => n.read)).toBe(true);
  });

  it("drops a notification when its post is deleted", async () => {
    const { owner, member, replyIds } = await notifiedOwner(2);
    const deleted = await t.request({ method: "DELETE", url: `/api/v1/posts/${replyIds[0]}`, token: member.token });
    expect(deleted.statusCode).toBe(204);
    await t.services.queue.settle();
    expect((await notificationsOf(owner)).page.items.map((n) => n.postId)).toEqual([replyIds[1]]);
  });

  it("is only for the signed-in account: a guest is asked to sign in", async () => {
    const listed = await t.request({ method: "GET", url: "/api/v1/notifications" });
    expect(listed.statusCode).toBe(401);
    const marked = await t.request({ method: "POST", url: "/api/v1/notifications/read", payload: {} });
    expect(marked.statusCode).toBe(401);
  });

  it("refuses a tampered cursor and a malformed body with 400", async () => {
    const { owner } = await notifiedOwner(1);
    expect((await t.request({ method: "GET", url: "/api/v1/notifications?cursor=nonsense", token: owner.token })).statusCode).toBe(400);
    const bad = await t.request({ method: "POST", url: "/api/v1/notifications/read", token: owner.token, payload: { ids: "all" } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields).toHaveProperty("ids");
  });
});
