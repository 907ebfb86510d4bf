import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test/helpers/test-app.ts";
import { createCommunity, createSpace, join, reply, signUp, startThread, type Member } from "../../test/helpers/factories.ts";
import { makeClinician, signedInAdmin, type Clinician } from "../../test/helpers/clinician-fixtures.ts";

let t: TestApp;
let admin: Member;
beforeAll(async () => {
  t = await createTestApp({ work: true });
  admin = await signedInAdmin(t);
});
afterAll(async () => t?.close());

type Notification = { id: string; kind: string; persona: { id: string }; actor?: { id: string }; postId?: string; count?: number; reaction?: string; thread?: { id: string } };

const call = (who: { token: string } | null, method: "GET" | "POST" | "DELETE" | "PUT", url: string, payload?: object) =>
  t.request({ method, url, ...(who ? { token: who.token } : {}), ...(payload ? { payload } : {}) });

async function notificationsOf(who: Member): Promise<Notification[]> {
  await t.services.queue.settle();
  const response = await call(who, "GET", "/api/v1/notifications");
  expect(response.statusCode, response.body).toBe(200);
  return response.json().items;
}

async function follows(who: Member) {
  const response = await call(who, "GET", "/api/v1/me/follows");
  expect(response.statusCode, response.body).toBe(200);
  return response.json().items as { type: string; thread?: { id: string }; space?: { slug: string }; persona?: { id: string } }[];
}

describe("following a thread", () => {
  let owner: Member;
  let reader: Member;
  let slug: string;
  let threadId: string;
  beforeAll(async () => {
    owner = await signUp(t);
    reader = await signUp(t);
    slug = (await createCommunity(t, owner)).slug;
    threadId = (await startThread(t, owner, slug, "general", { title: "Pacing on the stairs" })).id;
  });

  it("follows with 201, a second time with 200, lists it, and unfollows with 204", async () => {
    expect((await call(reader, "POST", `/api/v1/threads/${threadId}/follow`)).statusCode).toBe(201);
    expect((await call(reader, "POST", `/api/v1/threads/${threadId}/follow`)).statusCode).toBe(200);
    expect((await follows(reader)).map((f) => f.thread?.id)).toEqual([threadId]);
    expect((await call(reader, "DELETE", `/api/v1/threads/${threadId}/follow`)).statusCode).toBe(204);
    expect(await follows(reader)).toEqual([]);
  });

  it("counts a concurrent double tap once", async () => {
    const [a, b] = await Promise.all([call(reader, "POST", `/api/v1/threads/${threadId}/follow`), call(reader, "POST", `/api/v1/threads/${threadId}/follow`)]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 201]);
    const { rows } = await t.database.pool.query(`select count(*)::int as n from follows where account_id = $1 and thread_id = $2`, [reader.id, threadId]);
    expect(rows[0].n).toBe(1);
  });

  it("answers a thread a moderator hid as if it did not exist, to anyone but the community's moderators", async () => {
    const hidden = await startThread(t, owner, slug, "general", { title: "Selling cures" });
    const hid = await t.request({ method: "POST", url: "/api/v1/moderation/actions", token: owner.token, payload: { targetType: "post", targetId: hidden.postId, action: "hide", reason: "Selling cures.", alsoHideThread: true } });
    expect(hid.statusCode, hid.body).toBe(201);
    for (const path of [`/api/v1/threads/${hidden.id}/follow`, `/api/v1/threads/${hidden.id}/bookmark`, `/api/v1/posts/${hidden.postId}/bookmark`]) {
      expect((await call(reader, "POST", path)).statusCode, path).toBe(404);
    }
    expect((await call(owner, "POST", `/api/v1/threads/${hidden.id}/bookmark`)).statusCode).toBe(201);
  });

  it("asks a guest to sign in", async () => {
    expect((await call(null, "POST", `/api/v1/threads/${threadId}/follow`)).statusCode).toBe(401);
  });

  it("makes its starter and each replier follow it, and tells followers of a reply once", async () => {
    const replier = await signUp(t);
    const third = await signUp(t);
    await join(t, replier, slug);
    await join(t, third, slug);
    await reply(t, replier, threadId, "The banister helps me.");
    await t.services.queue.settle();
    expect((await follows(replier)).map((f) => f.thread?.id)).toEqual([threadId]);
    expect((await follows(owner)).map((f) => f.thread?.id)).toEqual([threadId]);
    const later = await reply(t, third, threadId, "Two steps, then a rest.");
    const toReplier = (await notificationsOf(replier)).filter((n) => n.postId === later.id);
    expect(toReplier.map((n) => n.kind)).toEqual(["followed_thread"]);
    // The starter follows too, but is told once, as the thread's author.
    const toOwner = (await notificationsOf(owner)).filter((n) => n.postId === later.id);
    expect(toOwner.map((n) => n.kind)).toEqual(["reply"]);
    // The one who wrote it is told nothing.
    expect((await notificationsOf(third)).filter((n) => n.postId === later.id)).toEqual([]);
  });

  it("writes nothing new when the fan-out runs again", async () => {
    const writer = await signUp(t);
    await join(t, writer, slug);
    const later = await reply(t, writer, threadId, "Once more.");
    await t.services.queue.settle();
    const count = async () => (await t.database.pool.query(`select count(*)::int as n from notifications where post_id = $1`, [later.id])).rows[0].n;
    const before = await count();
    expect(before).toBeGreaterThan(0);
    await t.services.notifications.notePostWritten(later.id, { reply: true, fanOut: true });
    expect(await count()).toBe(before);
  });
});

describe("what a viewer may not read", () => {
  let owner: Member;
  let member: Member;
  let outsider: Member;
  let slug: string;
  let space: string;
  let threadId: string;
  let postId: string;
  beforeAll(async () => {
    owner = await signUp(t);
    member = await signUp(t);
    outsider = await signUp(t);
    slug = (await createCommunity(t, owner)).slug;
    space = (await createSpace(t, owner, slug, "members")).slug;
    await join(t, member, slug);
    const thread = await startThread(t, owner, slug, space, { title: "Members only words" });
    threadId = thread.id;
    postId = (await reply(t, member, threadId, "Said among members.")).id;
  });

  it("is not found, exactly as a thing that does not exist", async () => {
    const missing = "AAAAAAAAAAAAAAAAAAAAAAAA".slice(0, threadId.length);
    for (const [hidden, gone] of [
      [`/api/v1/threads/${threadId}/follow`, `/api/v1/threads/${missing}/follow`],
      [`/api/v1/threads/${threadId}/bookmark`, `/api/v1/threads/${missing}/bookmark`],
      [`/api/v1/posts/${postId}/bookmark`, `/api/v1/posts/${missing}/bookmark`],
      [`/api/v1/communities/${slug}/spaces/${space}/follow`, `/api/v1/communities/${slug}/spaces/nowhere-here/follow`],
    ]) {
      const a = await call(outsider, "POST", hidden!);
      const b = await call(outsider, "POST", gone!);
      expect(a.statusCode, hidden).toBe(404);
      expect(a.body).toBe(b.body);
    }
    expect(await follows(outsider)).toEqual([]);
  });

  it("lets a member follow the same space and be told of its new threads", async () => {
    expect((await call(member, "POST", `/api/v1/communities/${slug}/spaces/${space}/follow`)).statusCode).toBe(201);
    expect((await follows(member)).some((f) => f.type === "space" && f.space?.slug === space)).toBe(true);
    const fresh = await startThread(t, owner, slug, space, { title: "A new one for members" });
    const told = (await notificationsOf(member)).filter((n) => n.thread?.id === fresh.id);
    expect(told.map((n) => n.kind)).toEqual(["followed_space"]);
  });
});

describe("following a persona", () => {
  let clinician: Clinician;
  let follower: Member;
  let outsider: Member;
  let slug: string;
  let closedSpace: string;
  beforeAll(async () => {
    clinician = await makeClinician(t, admin);
    follower = await signUp(t);
    outsider = await signUp(t);
    slug = (await createCommunity(t, clinician)).slug;
    closedSpace = (await createSpace(t, clinician, slug, "members")).slug;
    await join(t, follower, slug);
  });

  it("refuses one's own personas with a 400 naming the field", async () => {
    for (const id of [clinician.personaId, clinician.anonymousPersonaId]) {
      const response = await call(clinician, "POST", `/api/v1/personas/${id}/follow`);
      expect(response.statusCode).toBe(400);
      expect(Object.keys(response.json().error.fields)).toEqual(["id"]);
    }
    expect(await follows(clinician)).toEqual([]);
  });

  it("follows an anonymous clinician persona, listing nothing of its account", async () => {
    expect((await call(follower, "POST", `/api/v1/personas/${clinician.anonymousPersonaId}/follow`)).statusCode).toBe(201);
    expect((await call(outsider, "POST", `/api/v1/personas/${clinician.anonymousPersonaId}/follow`)).statusCode).toBe(201);
    const response = await call(follower, "GET", "/api/v1/me/follows");
    expect(response.json().items.map((f: { persona?: { id: string } }) => f.persona?.id)).toEqual([clinician.anonymousPersonaId]);
    expect(response.body).not.toContain(clinician.id);
    expect(response.body).not.toContain(clinician.username);
    expect(response.body).not.toContain(clinician.personaId);
  });

  it("tells the followed persona's account who followed, as the follower's persona, once", async () => {
    await call(follower, "DELETE", `/api/v1/personas/${clinician.anonymousPersonaId}/follow`);
    await call(follower, "POST", `/api/v1/personas/${clinician.anonymousPersonaId}/follow`);
    const told = (await notificationsOf(clinician)).filter((n) => n.kind === "new_follower");
    expect(told.map((n) => [n.persona.id, n.actor?.id]).sort()).toEqual([[clinician.anonymousPersonaId, follower.personaId], [clinician.anonymousPersonaId, outsider.personaId]].sort());
  });

  it("tells followers of its new posts only where they may read them", async () => {
    const open = await startThread(t, clinician, slug, "general", { title: "Open words" });
    await t.services.queue.settle();
    const asAnonymous = await t.request({
      method: "POST",
      url: `/api/v1/communities/${slug}/spaces/${closedSpace}/threads`,
      token: clinician.token,
      payload: { title: "Members only advice", body: "Breathe out slowly.", personaId: clinician.anonymousPersonaId },
    });
    expect(asAnonymous.statusCode, asAnonymous.body).toBe(201);
    const closedId = asAnonymous.json().id;
    const openAnonymous = await t.request({ method: "POST", url: `/api/v1/threads/${open.id}/posts`, token: clinician.token, payload: { body: "Also open.", personaId: clinician.anonymousPersonaId } });
    expect(openAnonymous.statusCode).toBe(201);
    // Delivered where it should be: the member follower is told of both.
    const toFollower = (await notificationsOf(follower)).filter((n) => n.kind === "followed_persona");
    expect(toFollower.map((n) => n.thread?.id).sort()).toEqual([closedId, open.id].sort());
    // The outsider follows the same persona, and is told only of the post they may read.
    const toOutsider = (await notificationsOf(outsider)).filter((n) => n.kind === "followed_persona");
    expect(toOutsider.map((n) => n.thread?.id)).toEqual([open.id]);
  });

  it("tells someone who follows both the thread and the persona once", async () => {
    const thread = await startThread(t, clinician, slug, "general", { title: "Both ways" });
    await call(follower, "POST", `/api/v1/threads/${thread.id}/follow`);
    const posted = await t.request({ method: "POST", url: `/api/v1/threads/${thread.id}/posts`, token: clinician.token, payload: { body: "Again.", personaId: clinician.anonymousPersonaId } });
    const told = (await notificationsOf(follower)).filter((n) => n.postId === posted.json().id);
    expect(told.map((n) => n.kind)).toEqual(["followed_thread"]);
  });
});

describe("bookmarks", () => {
  it("are the member's own: listed to them, and to nobody else", async () => {
    const owner = await signUp(t);
    const keeper = await signUp(t);
    const other = await signUp(t);
    const slug = (await createCommunity(t, owner)).slug;
    const thread = await startThread(t, owner, slug, "general", { title: "Worth keeping" });
    const post = await reply(t, owner, thread.id, "A tip to keep.");
    expect((await call(keeper, "POST", `/api/v1/threads/${thread.id}/bookmark`)).statusCode).toBe(201);
    expect((await call(keeper, "POST", `/api/v1/threads/${thread.id}/bookmark`)).statusCode).toBe(200);
    expect((await call(keeper, "POST", `/api/v1/posts/${post.id}/bookmark`)).statusCode).toBe(201);
    const mine = (await call(keeper, "GET", "/api/v1/me/bookmarks")).json().items;
    expect(mine.map((b: { type: string; postId: string | null }) => [b.type, b.postId])).toEqual([["post", post.id], ["thread", null]]);
    expect((await call(other, "GET", "/api/v1/me/bookmarks")).json().items).toEqual([]);
    // The thread looks the same to the author and to a guest whether or not someone bookmarked it.
    const seen = await call(other, "GET", `/api/v1/threads/${thread.id}`);
    expect(seen.body).not.toMatch(/bookmark/i);
    expect((await call(keeper, "DELETE", `/api/v1/posts/${post.id}/bookmark`)).statusCode).toBe(204);
    expect((await call(keeper, "GET", "/api/v1/me/bookmarks")).json().items).toHaveLength(1);
  });
});

describe("reactions, batched", () => {
  it("tells the author once per post and kind, with how many people, never who", async () => {
    const author = await signUp(t);
    const slug = (await createCommunity(t, author)).slug;
    const thread = await startThread(t, author, slug, "general", { title: "Thanks wanted" });
    const post = await reply(t, author, thread.id, "Here is what helped me.");
    const givers = [await signUp(t), await signUp(t), await signUp(t)];
    for (const giver of givers) {
      await join(t, giver, slug);
      expect((await call(giver, "POST", `/api/v1/posts/${post.id}/reactions`, { kind: "thanks" })).statusCode).toBe(201);
      await t.services.queue.settle();
    }
    await call(author, "POST", `/api/v1/posts/${post.id}/reactions`, { kind: "thanks" }); // one's own is not counted
    await call(givers[0]!, "POST", `/api/v1/posts/${post.id}/reactions`, { kind: "hug" });
    const response = await call(author, "GET", "/api/v1/notifications");
    await t.services.queue.settle();
    const told = (await notificationsOf(author)).filter((n) => n.kind === "reactions");
    expect(told.map((n) => [n.reaction, n.count])).toEqual([["hug", 1], ["thanks", 3]]);
    expect(response.body).not.toContain(givers[0]!.personaId);
    // Rerunning the job writes nothing new.
    await t.services.notifications.noteReactions(post.id, "thanks");
    const { rows } = await t.database.pool.query(`select count(*)::int as n, max(actor_count) as c from notifications where post_id = $1 and kind = 'reactions'`, [post.id]);
    expect(rows[0]).toEqual({ n: 2, c: 3 });
  });
});

describe("preferences", () => {
  it("has every type on at first, turns one off, and then writes none of that type", async () => {
    const author = await signUp(t);
    const fan = await signUp(t);
    const initial = await call(author, "GET", "/api/v1/me/preferences");
    expect(initial.json()).toEqual({
      notifications: { replies: true, mentions: true, follows: true, followers: true, reactions: true, polls: true, welcomes: true, events: true, questions: true },
      // Email per type (ADR 38, 41, 47): what is addressed to the member, or needs them to act (an event's change), is mailed at once, the rest not until chosen.
      email: { replies: "immediate", mentions: "immediate", follows: "off", followers: "off", reactions: "off", polls: "off", welcomes: "off", events: "immediate", questions: "immediate" },
      officeHours: null,
      // Whether their posts go with a fork (ADR 43): asked each time until they choose.
      travelWithForks: "ask",
      // An event's reminders (ADR 47): both on until chosen.
      eventReminders: { dayBefore: true, twoHoursBefore: true },
    });
    const put = await call(author, "PUT", "/api/v1/me/preferences", { notifications: { reactions: false } });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json().notifications).toMatchObject({ reactions: false, replies: true });
    const slug = (await createCommunity(t, author)).slug;
    const thread = await startThread(t, author, slug, "general", { title: "Quiet please" });
    await join(t, fan, slug);
    await call(fan, "POST", `/api/v1/posts/${(await reply(t, author, thread.id, "Mine.")).id}/reactions`, { kind: "helpful" });
    await reply(t, fan, thread.id, "A reply still tells you.");
    const told = await notificationsOf(author);
    expect(told.map((n) => n.kind)).toEqual(["reply"]);
  });

  it("refuses an unknown key with a 400 naming it, changing nothing", async () => {
    const member = await signUp(t);
    for (const body of [{ notifications: { replies: false, dragons: true } }, { colour: "blue" }, { notifications: { replies: "no" } }]) {
      const response = await call(member, "PUT", "/api/v1/me/preferences", body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(JSON.stringify(response.json().error.fields ?? {}), JSON.stringify(body)).toMatch(/dragons|colour|replies/);
    }
    expect((await call(member, "GET", "/api/v1/me/preferences")).json().notifications.replies).toBe(true);
  });
});

describe("the notifications page", () => {
  it("says who followed, as their persona, and how many said thanks, in words", async () => {
    const author = await signUp(t);
    const fans = [await signUp(t), await signUp(t)];
    const slug = (await createCommunity(t, author)).slug;
    const thread = await startThread(t, author, slug, "general", { title: "Small wins" });
    for (const fan of fans) {
      await join(t, fan, slug);
      await call(fan, "POST", `/api/v1/posts/${thread.postId}/reactions`, { kind: "thanks" });
    }
    await call(fans[0]!, "POST", `/api/v1/personas/${author.personaId}/follow`);
    await t.services.queue.settle();
    const page = await t.request({ method: "GET", url: "/notifications", token: author.token });
    expect(page.statusCode).toBe(200);
    const text = page.body.replace(/<[^>]+>/g, "");
    expect(text).toContain(`${fans[0]!.displayName} followed you.`);
    expect(text).toContain("2 people said “Thanks” to your post in “Small wins”");
    expect(text).not.toContain(fans[1]!.displayName);
  });
});
