import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test/helpers/test-app.ts";
import { createCommunity, createSpace, join, reply, setRole, signUp, startThread, type Member } from "../../test/helpers/factories.ts";

let t: TestApp;
let owner: Member;
let moderator: Member;
let member: Member;
let otherMember: Member;
let outsider: Member;
let community: { id: string; slug: string; name: string };

beforeAll(async () => {
  t = await createTestApp();
  owner = await signUp(t);
  moderator = await signUp(t);
  member = await signUp(t);
  otherMember = await signUp(t);
  outsider = await signUp(t);
  community = await createCommunity(t, owner);
  await createSpace(t, owner, community.slug, "members", "inside");
  for (const person of [moderator, member, otherMember]) await join(t, person, community.slug);
  await setRole(t, owner, community.slug, moderator, "moderator");
});
afterAll(async () => t?.close());

const as = (who: Member | null) => (who ? { token: who.token } : {});
const getThread = (who: Member | null, id: string, query = "") => t.request({ method: "GET", url: `/api/v1/threads/${id}${query}`, ...as(who) });
const word = () => `zq${Array.from({ length: 8 }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))).join("")}`;

async function countRows(table: "threads" | "posts") {
  const row = await t.database.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  return Number(row.n);
}

describe("starting and reading a thread", () => {
  it("starts a thread whose opening post is the first post, with no reactions yet", async () => {
    const { id, postId } = await startThread(t, member, community.slug, "general", { title: "Cold mornings", body: "How do you get going on **cold** mornings?" });
    const response = await getThread(null, id);
    expect(response.statusCode).toBe(200);
    const thread = response.json();
    expect(thread).toMatchObject({
      id,
      title: "Cold mornings",
      replyCount: 0,
      community: { slug: community.slug, name: community.name },
      space: { slug: "general", visibility: "public", audience: "Anyone on the internet can read this." },
      canReply: false,
    });
    expect(thread.posts.nextCursor).toBeNull();
    expect(thread.posts.items).toHaveLength(1);
    const [opening] = thread.posts.items;
    expect(opening).toMatchObject({
      id: postId,
      body: "How do you get going on **cold** mornings?",
      deleted: false,
      editedAt: null,
      reactions: { thanks: 0, me_too: 0, hug: 0, helpful: 0 },
      myReactions: [],
      mine: false,
    });
    expect(opening.html).toContain("<strong>cold</strong>");
    expect(Date.parse(opening.createdAt)).not.toBeNaN();
  });

  it("shows the author as a persona: a name and a capacity, nothing of the account", async () => {
    const { id } = await startThread(t, member, community.slug);
    const [opening] = (await getThread(outsider, id)).json().posts.items;
    expect(opening.author).toMatchObject({ id: member.personaId, kind: "personal", displayName: member.displayName, capacity: "personal", capacityLabel: "Personal" });
    for (const key of Object.keys(opening.author)) expect(key).not.toMatch(/account|user|email/i);
    expect(JSON.stringify(opening.author)).not.toContain(member.id);
  });

  it("tells the author which posts are theirs, and a member that they may reply", async () => {
    const { id } = await startThread(t, member, community.slug);
    const mine = (await getThread(member, id)).json();
    expect(mine.posts.items[0].mine).toBe(true);
    expect(mine.canReply).toBe(true);
    const theirs = (await getThread(otherMember, id)).json();
    expect(theirs.posts.items[0].mine).toBe(false);
    expect(theirs.canReply).toBe(true);
    expect((await getThread(outsider, id)).json().canReply).toBe(false);
  });

  it("asks a guest to sign in (401) and a non-member to join (403) before starting a thread, and writes nothing", async () => {
    const before = await countRows("threads");
    const payload = { title: "Hello", body: "Is anyone here?" };
    const url = `/api/v1/communities/${community.slug}/spaces/general/threads`;
    const guest = await t.request({ method: "POST", url, payload });
    expect(guest.statusCode).toBe(401);
    expect(guest.json().error.code).toBe("not_signed_in");
    const stranger = await t.request({ method: "POST", url, payload, token: outsider.token });
    expect(stranger.statusCode).toBe(403);
    expect(stranger.json().error.code).toBe("forbidden");
    expect(await countRows("threads")).toBe(before);
  });

  it("refuses an empty title or body, naming the field", async () => {
    const url = `/api/v1/communities/${community.slug}/spaces/general/threads`;
    const noTitle = await t.request({ method: "POST", url, token: member.token, payload: { title: "   ", body: "Something" } });
    expect(noTitle.statusCode).toBe(400);
    expect(noTitle.json().error.fields).toHaveProperty("title");
    const noBody = await t.request({ method: "POST", url, token: member.token, payload: { title: "Something", body: "\n \n" } });
    expect(noBody.statusCode).toBe(400);
    expect(noBody.json().error.fields).toHaveProperty("body");
    const missing = await t.request({ method: "POST", url, token: member.token, payload: { title: "Something" } });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.fields).toHaveProperty("body");
  });

  it("answers 404 for a space that does not exist", async () => {
    const response = await t.request({ method: "POST", url: `/api/v1/communities/${community.slug}/spaces/nowhere/threads`, token: member.token, payload: { title: "Hi", body: "Hi" } });
    expect(response.statusCode).toBe(404);
    expect((await t.request({ method: "GET", url: `/api/v1/communities/${community.slug}/spaces/nowhere/threads` })).statusCode).toBe(404);
  });

  it("renders what members write safely: no raw HTML, no script links", async () => {
    const { id } = await startThread(t, member, community.slug, "general", {
      body: '<script>alert("x")</script> [click](javascript:alert(1)) <img src=x onerror=alert(1)>',
    });
    const { html } = (await getThread(null, id)).json().posts.items[0];
    expect(html).not.toMatch(/<script|<img|href="javascript/i);
    expect(html).toContain("&lt;script&gt;");
  });
});

describe("listing threads", () => {
  it("pages through a space's threads, most recently active first, without repeats or gaps", async () => {
    const space = (await createSpace(t, owner, community.slug, "public")).slug;
    const made: string[] = [];
    for (let i = 0; i < 7; i++) made.push((await startThread(t, member, community.slug, space, { title: `Thread ${i}` })).id);
    const seen: string[] = [];
    const pageSizes: number[] = [];
    let cursor: string | null = null;
    do {
      const response = await t.request({ method: "GET", url: `/api/v1/communities/${community.slug}/spaces/${space}/threads?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}` });
      expect(response.statusCode, response.body).toBe(200);
      const page = response.json() as { items: { id: string }[]; nextCursor: string | null };
      pageSizes.push(page.items.length);
      seen.push(...page.items.map((item) => item.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(pageSizes).toEqual([3, 3, 1]);
    expect(seen).toEqual([...made].reverse());
  });

  it("moves a thread to the top when someone replies, and counts its replies", async () => {
    const space = (await createSpace(t, owner, community.slug, "public")).slug;
    const older = await startThread(t, member, community.slug, space, { title: "Older" });
    const newer = await startThread(t, member, community.slug, space, { title: "Newer" });
    await reply(t, otherMember, older.id);
    const items = (await t.request({ method: "GET", url: `/api/v1/communities/${community.slug}/spaces/${space}/threads` })).json().items;
    expect(items.map((i: { id: string }) => i.id)).toEqual([older.id, newer.id]);
    expect(items[0]).toMatchObject({ title: "Older", replyCount: 1, author: { id: member.personaId } });
    expect(Date.parse(items[0].lastPostedAt)).toBeGreaterThan(Date.parse(items[0].createdAt));
    const posts = (await getThread(null, older.id)).json().posts.items;
    expect(items[0].lastPostedAt).toBe(posts[posts.length - 1].createdAt);
  });

  it("refuses a cursor it did not give out", async () => {
    const response = await t.request({ method: "GET", url: `/api/v1/communities/${community.slug}/spaces/general/threads?cursor=${Buffer.from('["yesterday","x"]').toString("base64url")}` });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.fields).toHaveProperty("cursor");
  });
});

describe("replying", () => {
  it("adds a reply after the opening post and counts it", async () => {
    const { id, postId } = await startThread(t, member, community.slug);
    const response = await t.request({ method: "POST", url: `/api/v1/threads/${id}/posts`, token: otherMember.token, payload: { body: "A warm drink first." } });
    expect(response.statusCode).toBe(201);
    const thread = (await getThread(null, id)).json();
    expect(thread.replyCount).toBe(1);
    expect(thread.posts.items.map((p: { id: string }) => p.id)).toEqual([postId, response.json().id]);
    expect(thread.posts.items[1]).toMatchObject({ body: "A warm drink first.", author: { id: otherMember.personaId } });
  });

  it("pages through a long thread in order, without repeats or gaps", async () => {
    const { id, postId } = await startThread(t, member, community.slug);
    const replies: string[] = [];
    for (let i = 0; i < 6; i++) replies.push((await reply(t, i % 2 ? member : otherMember, id, `Reply ${i}`)).id);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { posts: { items: { id: string }[]; nextCursor: string | null } } = (await getThread(null, id, `?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`)).json();
      seen.push(...page.posts.items.map((p) => p.id));
      cursor = page.posts.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(seen).toEqual([postId, ...replies]);
    expect(pages).toBe(4);
  });

  it("asks a guest to sign in and a non-member to join before replying, and writes nothing", async () => {
    const { id } = await startThread(t, member, community.slug);
    const before = await countRows("posts");
    expect((await t.request({ method: "POST", url: `/api/v1/threads/${id}/posts`, payload: { body: "Hi" } })).statusCode).toBe(401);
    expect((await t.request({ method: "POST", url: `/api/v1/threads/${id}/posts`, token: outsider.token, payload: { body: "Hi" } })).statusCode).toBe(403);
    expect(await countRows("posts")).toBe(before);
    expect((await getThread(null, id)).json().replyCount).toBe(0);
  });
});

describe("writing as someone else", () => {
  it("refuses a thread or a reply in another person's persona, and writes nothing", async () => {
    const before = { threads: await countRows("threads"), posts: await countRows("posts") };
    const thread = await t.request({
      method: "POST",
      url: `/api/v1/communities/${community.slug}/spaces/general/threads`,
      token: member.token,
      payload: { title: "Not me", body: "Pretending", personaId: otherMember.personaId },
    });
    expect(thread.statusCode).toBe(403);
    const { id } = await startThread(t, member, community.slug);
    const replied = await t.request({ method: "POST", url: `/api/v1/threads/${id}/posts`, token: member.token, payload: { body: "Pretending", personaId: otherMember.personaId } });
    expect(replied.statusCode).toBe(403);
    const made = await t.request({ method: "POST", url: `/api/v1/threads/${id}/posts`, token: member.token, payload: { body: "Pretending", personaId: "made-up-persona!" } });
    expect(made.statusCode).toBe(403);
    expect(await countRows("threads")).toBe(before.threads + 1);
    expect(await countRows("posts")).toBe(before.posts + 1);
    expect((await getThread(null, id)).json().posts.items).toHaveLength(1);
  });

  it("writes in another persona of one's own when asked to", async () => {
    const persona = await t.request({ method: "POST", url: "/api/v1/personas", token: member.token, payload: { kind: "personal", displayName: `Night owl ${word()}` } });
    expect(persona.statusCode, persona.body).toBe(201);
    const { id } = await startThread(t, member, community.slug);
    const response = await t.request({ method: "POST", url: `/api/v1/threads/${id}/posts`, token: member.token, payload: { body: "From my other self", personaId: persona.json().id } });
    expect(response.statusCode, response.body).toBe(201);
    const posted = (await getThread(null, id)).json().posts.items[1];
    expect(posted.author).toMatchObject({ id: persona.json().id, displayName: persona.json().displayName });
  });
});

describe("editing", () => {
  it("lets the author edit, and keeps the earlier text for the author and moderators only", async () => {
    const { id, postId } = await startThread(t, member, community.slug, "general", { body: "My consultant is Dr Smith at St Elsewhere." });
    const edited = await t.request({ method: "PATCH", url: `/api/v1/posts/${postId}`, token: member.token, payload: { body: "My consultant is very kind." } });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({ id: postId, body: "My consultant is very kind.", deleted: false });
    expect(edited.json().editedAt).not.toBeNull();

    const shown = (await getThread(null, id)).json().posts.items[0];
    expect(shown.body).toBe("My consultant is very kind.");
    expect(shown.html).toContain("My consultant is very kind.");
    expect(shown.editedAt).not.toBeNull();

    const forAuthor = await t.request({ method: "GET", url: `/api/v1/posts/${postId}/revisions`, token: member.token });
    expect(forAuthor.statusCode).toBe(200);
    expect(forAuthor.json().items.map((r: { body: string }) => r.body)).toEqual(["My consultant is Dr Smith at St Elsewhere."]);
    expect((await t.request({ method: "GET", url: `/api/v1/posts/${postId}/revisions`, token: moderator.token })).statusCode).toBe(200);

    for (const who of [otherMember, outsider, null]) {
      const response = await t.request({ method: "GET", url: `/api/v1/posts/${postId}/revisions`, ...as(who) });
      expect(response.statusCode).toBe(404);
      expect(response.body).not.toContain("Dr Smith");
    }
  });

  it("keeps every earlier version, newest first", async () => {
    const { postId } = await startThread(t, member, community.slug, "general", { body: "First" });
    for (const body of ["Second", "Third"]) {
      expect((await t.request({ method: "PATCH", url: `/api/v1/posts/${postId}`, token: member.token, payload: { body } })).statusCode).toBe(200);
    }
    const history = (await t.request({ method: "GET", url: `/api/v1/posts/${postId}/revisions`, token: member.token })).json();
    expect(history.items.map((r: { body: string }) => r.body)).toEqual(["Second", "First"]);
  });

  it("lets nobody but the author edit: not another member, not a moderator, not a guest", async () => {
    const { postId } = await startThread(t, member, community.slug, "general", { body: "Mine" });
    const url = `/api/v1/posts/${postId}`;
    expect((await t.request({ method: "PATCH", url, token: otherMember.token, payload: { body: "Changed" } })).statusCode).toBe(403);
    expect((await t.request({ method: "PATCH", url, token: moderator.token, payload: { body: "Changed" } })).statusCode).toBe(403);
    expect((await t.request({ method: "PATCH", url, payload: { body: "Changed" } })).statusCode).toBe(401);
    expect((await t.request({ method: "GET", url })).json().body).toBe("Mine");
  });
});

describe("deleting", () => {
  it("lets the author delete a post: its place stays, its words and author go", async () => {
    const { id, postId } = await startThread(t, member, community.slug, "general", { body: "Something to talk about" });
    const replyId = (await reply(t, member, id, "A reply I regret")).id;
    await t.request({ method: "PATCH", url: `/api/v1/posts/${replyId}`, token: member.token, payload: { body: "Edited, still regretted" } });
    const deleted = await t.request({ method: "DELETE", url: `/api/v1/posts/${replyId}`, token: member.token });
    expect(deleted.statusCode).toBe(204);

    const thread = (await getThread(null, id)).json();
    expect(thread.posts.items.map((p: { id: string }) => p.id)).toEqual([postId, replyId]);
    expect(thread.posts.items[1]).toMatchObject({ id: replyId, deleted: true, body: "", html: "", author: null });
    const raw = (await getThread(member, id)).body;
    expect(raw).not.toContain("regret");
    const history = await t.request({ method: "GET", url: `/api/v1/posts/${replyId}/revisions`, token: member.token });
    expect(history.json().items).toEqual([]);
    const again = await t.request({ method: "PATCH", url: `/api/v1/posts/${replyId}`, token: member.token, payload: { body: "Back again" } });
    expect(again.statusCode).toBe(409);
  });

  it("lets a moderator delete anyone's post, and refuses other members (403) and guests (401)", async () => {
    const { id } = await startThread(t, member, community.slug);
    const replyId = (await reply(t, member, id, "Spam spam spam")).id;
    expect((await t.request({ method: "DELETE", url: `/api/v1/posts/${replyId}`, token: otherMember.token })).statusCode).toBe(403);
    expect((await t.request({ method: "DELETE", url: `/api/v1/posts/${replyId}`, token: outsider.token })).statusCode).toBe(403);
    expect((await t.request({ method: "DELETE", url: `/api/v1/posts/${replyId}` })).statusCode).toBe(401);
    expect((await getThread(null, id)).json().posts.items[1].deleted).toBe(false);

    expect((await t.request({ method: "DELETE", url: `/api/v1/posts/${replyId}`, token: moderator.token })).statusCode).toBe(204);
    expect((await getThread(null, id)).json().posts.items[1]).toMatchObject({ deleted: true, body: "" });
  });
});

describe("members-only spaces", () => {
  it("answers 404 to guests and non-members for a members-only thread, its posts, its history and its search hits", async () => {
    const secret = word();
    const { id, postId } = await startThread(t, member, community.slug, "inside", { title: `About ${secret}`, body: `My ${secret} results came back.` });
    await t.request({ method: "PATCH", url: `/api/v1/posts/${postId}`, token: member.token, payload: { body: `My ${secret} results came back fine.` } });

    for (const who of [null, outsider]) {
      const label = who ? "a non-member" : "a guest";
      for (const url of [`/api/v1/threads/${id}`, `/api/v1/posts/${postId}`, `/api/v1/posts/${postId}/revisions`, `/api/v1/communities/${community.slug}/spaces/inside/threads`]) {
        const response = await t.request({ method: "GET", url, ...as(who) });
        expect(response.statusCode, `${label}: ${url}`).toBe(404);
        expect(response.body).not.toContain(secret);
      }
      const search = await t.request({ method: "GET", url: `/api/v1/search?q=${secret}`, ...as(who) });
      expect(search.statusCode).toBe(200);
      expect(search.json().items, label).toEqual([]);
    }
    const replied = await t.request({ method: "POST", url: `/api/v1/threads/${id}/posts`, token: outsider.token, payload: { body: "Let me in" } });
    expect(replied.statusCode).toBe(404);
    const deleted = await t.request({ method: "DELETE", url: `/api/v1/posts/${postId}`, token: outsider.token });
    expect(deleted.statusCode).toBe(404);
    // And the same requests are answered for a member.
    expect((await getThread(otherMember, id)).statusCode).toBe(200);
    expect((await t.request({ method: "GET", url: `/api/v1/search?q=${secret}`, token: otherMember.token })).json().items.length).toBeGreaterThan(0);
  });

  it("answers a thread that does not exist and one the viewer may not see alike", async () => {
    const { id } = await startThread(t, member, community.slug, "inside");
    const hidden = await getThread(outsider, id);
    const missing = await getThread(outsider, "AAAAAAAAAAAAAAAA");
    expect(hidden.statusCode).toBe(404);
    expect(hidden.json()).toEqual(missing.json());
  });
});

describe("malformed ids", () => {
  it.each([
    ["a word", "nope"],
    ["punctuation", "%21%21%21"],
    ["an id one character too long", "AAAAAAAAAAAAAAAAA"],
    ["a very long id", "A".repeat(150)],
  ])("answers 404 for a thread or post id that is %s", async (_what, id) => {
    for (const [method, url] of [
      ["GET", `/api/v1/threads/${id}`],
      ["POST", `/api/v1/threads/${id}/posts`],
      ["GET", `/api/v1/posts/${id}`],
      ["PATCH", `/api/v1/posts/${id}`],
      ["DELETE", `/api/v1/posts/${id}`],
      ["GET", `/api/v1/posts/${id}/revisions`],
    ] as const) {
      const response = await t.request({ method, url, token: member.token, ...(method === "POST" || method === "PATCH" ? { payload: { body: "Hi" } } : {}) });
      expect(response.statusCode, `${method} ${url}`).toBe(404);
      expect(response.json().error.code).toBe("not_found");
    }
  });
});

describe("the presenter is the privacy boundary", () => {
  it("never puts an author's account id, username or email into public threads, lists, search or communities", async () => {
    const email = `${word()}@example.org`;
    const author = await signUp(t, { email });
    await join(t, author, community.slug);
    const persona = await t.request({ method: "POST", url: "/api/v1/personas", token: author.token, payload: { kind: "personal", displayName: `Quiet reader ${word()}` } });
    expect(persona.statusCode, persona.body).toBe(201);
    const token = author.token;
    const topic = word();
    const thread = await t.request({
      method: "POST",
      url: `/api/v1/communities/${community.slug}/spaces/general/threads`,
      token,
      payload: { title: `Thoughts on ${topic}`, body: `Some ${topic} thoughts.`, personaId: persona.json().id },
    });
    expect(thread.statusCode, thread.body).toBe(201);
    await t.request({ method: "POST", url: `/api/v1/threads/${thread.json().id}/posts`, token, payload: { body: `More ${topic}.`, personaId: persona.json().id } });

    const showingTheAuthor = [
      `/api/v1/threads/${thread.json().id}`,
      `/api/v1/posts/${thread.json().postId}`,
      `/api/v1/communities/${community.slug}/spaces/general/threads?limit=100`,
      `/api/v1/search?q=${topic}`,
      `/api/v1/personas/${persona.json().id}`,
    ];
    const aboutTheCommunity = [`/api/v1/communities/${community.slug}`, `/api/v1/communities?limit=100`, `/api/v1/communities/${community.slug}/spaces`];
    const bodies: string[] = [];
    for (const viewer of [null, outsider, member, owner]) {
      for (const url of [...showingTheAuthor, ...aboutTheCommunity]) {
        const response = await t.request({ method: "GET", url, ...as(viewer) });
        expect(response.statusCode, url).toBe(200);
        if (showingTheAuthor.includes(url)) expect(response.body, url).toContain(persona.json().displayName);
        bodies.push(response.body);
      }
    }
    for (const body of bodies) {
      expect(body).not.toContain(author.id);
      expect(body).not.toContain(author.username);
      expect(body).not.toContain(email);
      expect(body).not.toMatch(/"(username|accountId|account_id|email)"/);
    }
  });

  it("shows someone writing in their personal persona only by that persona's name", async () => {
    const { id } = await startThread(t, member, community.slug);
    const body = (await getThread(null, id)).body;
    expect(body).not.toContain(member.id);
    expect(body).not.toMatch(/"(username|accountId|account_id|email)"/);
  });
});
