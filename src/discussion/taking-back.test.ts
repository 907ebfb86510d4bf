/**
 * Taking things back (issue 8): a thread's title changes with its history kept; the only
 * post of a thread takes the thread with it; a deleted opening post takes the title and
 * its author out of the thread, the lists and search (in the SQL, not only the pages).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test/helpers/test-app.ts";
import { createCommunity, join, reply, setRole, signUp, startThread, type Member } from "../../test/helpers/factories.ts";
import { requestsAs } from "../../test/helpers/requests.ts";
import { OPENING_DELETED_TITLE } from "./discussion.presenter.ts";

let t: TestApp;
let owner: Member;
let moderator: Member;
let author: Member;
let other: Member;
let community: { slug: string; name: string };

beforeAll(async () => {
  t = await createTestApp({ env: { HEARTH_RATE_LIMITS: "off" } });
  [owner, moderator, author, other] = [await signUp(t), await signUp(t), await signUp(t), await signUp(t)];
  community = await createCommunity(t, owner);
  for (const m of [moderator, author, other]) await join(t, m, community.slug);
  await setRole(t, owner, community.slug, moderator, "moderator");
});
afterAll(async () => t?.close());

const { get } = requestsAs(() => t);
const patch = (who: Member, url: string, payload: object) => t.request({ method: "PATCH", url, token: who.token, payload });
const del = (who: Member, url: string) => t.request({ method: "DELETE", url, token: who.token });
const word = () => `zq${Array.from({ length: 8 }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))).join("")}`;

async function searchTitles(q: string): Promise<{ type: string; title: string; threadId: string; author: { displayName: string } }[]> {
  const response = await get(null, `/api/v1/search?q=${encodeURIComponent(q)}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json().items;
}

async function listedThreads() {
  const response = await get(null, `/api/v1/communities/${community.slug}/spaces/general/threads`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json().items as { id: string; title: string; author: { displayName: string } | null }[];
}

describe("changing a thread's title", () => {
  it("lets the author change it, keeps the earlier title in its history, and search finds the new one only", async () => {
    const before = word();
    const after = word();
    const { id } = await startThread(t, author, community.slug, "general", { title: `Inhalers ${before}` });
    const changed = await patch(author, `/api/v1/threads/${id}`, { title: `Inhalers ${after}` });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ title: `Inhalers ${after}`, titleEdited: true });

    const history = await t.request({ method: "GET", url: `/api/v1/threads/${id}/title-revisions`, token: author.token });
    expect(history.statusCode).toBe(200);
    expect(history.json().items.map((r: { title: string }) => r.title)).toEqual([`Inhalers ${before}`]);
    // The moderators may read it too; another member may not even learn it exists.
    const asModerator = await t.request({ method: "GET", url: `/api/v1/threads/${id}/title-revisions`, token: moderator.token });
    expect(asModerator.json().items).toHaveLength(1);
    const asOther = await t.request({ method: "GET", url: `/api/v1/threads/${id}/title-revisions`, token: other.token });
    expect(asOther.statusCode).toBe(404);

    expect((await searchTitles(after)).map((h) => h.threadId)).toEqual([id]);
    expect(await searchTitles(before)).toEqual([]);
  });

  it("turns down another member, and an empty title, changing nothing", async () => {
    const { id } = await startThread(t, author, community.slug, "general", { title: "Stairs" });
    const byOther = await patch(other, `/api/v1/threads/${id}`, { title: "Mine now" });
    expect(byOther.statusCode).toBe(403);
    const empty = await patch(author, `/api/v1/threads/${id}`, { title: "   " });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.fields).toHaveProperty("title");
    const thread = (await get(null, `/api/v1/threads/${id}`)).json();
    expect(thread).toMatchObject({ title: "Stairs", titleEdited: false });
  });

  it("lets a moderator change it", async () => {
    const { id } = await startThread(t, author, community.slug, "general", { title: "Phone number 0770 in title" });
    const changed = await patch(moderator, `/api/v1/threads/${id}`, { title: "A question about a clinic" });
    expect(changed.statusCode, changed.body).toBe(200);
    expect((await get(null, `/api/v1/threads/${id}`)).json().title).toBe("A question about a clinic");
  });
});

describe("deleting the only post of a thread", () => {
  it("removes the thread: gone from the space, a 404, and its title out of search", async () => {
    const w = word();
    const { id, postId } = await startThread(t, author, community.slug, "general", { title: `Regret ${w}`, body: `I said too much ${w}` });
    expect((await searchTitles(w)).length).toBe(2);
    const deleted = await del(author, `/api/v1/posts/${postId}`);
    expect(deleted.statusCode).toBe(204);
    expect((await get(null, `/api/v1/threads/${id}`)).statusCode).toBe(404);
    expect((await listedThreads()).map((x) => x.id)).not.toContain(id);
    expect(await searchTitles(w)).toEqual([]);
    const rows = await t.database.db.selectFrom("threads").select("id").where("id", "=", id).execute();
    expect(rows).toEqual([]);
  });

  it("keeps a thread whose opening post goes while a reply stays", async () => {
    const { id, postId } = await startThread(t, author, community.slug, "general", { title: "Kept for the reply" });
    await reply(t, other, id, "A reply worth keeping.");
    expect((await del(author, `/api/v1/posts/${postId}`)).statusCode).toBe(204);
    expect((await get(null, `/api/v1/threads/${id}`)).statusCode).toBe(200);
  });
});

describe("a deleted opening post", () => {
  it("takes the title and its author out of the thread, the lists and search, in the database too", async () => {
    const w = word();
    const { id, postId } = await startThread(t, author, community.slug, "general", { title: `My town ${w}`, body: "Where I live" });
    await reply(t, other, id, `A kind answer ${w}`);
    expect((await del(author, `/api/v1/posts/${postId}`)).statusCode).toBe(204);

    const thread = (await get(null, `/api/v1/threads/${id}`)).json();
    expect(thread).toMatchObject({ title: OPENING_DELETED_TITLE, openingDeleted: true });
    expect(thread.posts.items[0]).toMatchObject({ deleted: true, author: null });
    expect(JSON.stringify(thread)).not.toContain(`My town ${w}`);
    expect(JSON.stringify(thread)).not.toContain(author.displayName);

    const listed = (await listedThreads()).find((x) => x.id === id);
    expect(listed).toMatchObject({ title: OPENING_DELETED_TITLE, author: null });

    // Search: the title is not found, and the reply is found under the placeholder, by its own author.
    const hits = await searchTitles(w);
    expect(hits.map((h) => h.type)).toEqual(["post"]);
    expect(hits[0]).toMatchObject({ title: OPENING_DELETED_TITLE, author: { displayName: other.displayName } });
    expect(await searchTitles("town")).not.toContainEqual(expect.objectContaining({ threadId: id }));

    // The words are gone from the row itself (so no query can find them), not only from the views.
    const row = await t.database.db.selectFrom("threads").select(["title", "opening_deleted_at"]).where("id", "=", id).executeTakeFirstOrThrow();
    expect(row.title).toBe("");
    expect(row.opening_deleted_at).not.toBeNull();

    // Nor does the community page's list of recent conversations show it.
    const page = await t.request({ method: "GET", url: `/c/${community.slug}` });
    expect(page.body).not.toContain(`My town ${w}`);
    expect(page.body).toContain(OPENING_DELETED_TITLE);
    // And the title can no longer be changed.
    expect((await patch(author, `/api/v1/threads/${id}`, { title: "Back again" })).statusCode).toBe(409);
  });

  it("keeps the title out of the thread page and its tab title, which names the community", async () => {
    const { id, postId } = await startThread(t, author, community.slug, "general", { title: "Named title here" });
    const before = await t.request({ method: "GET", url: `/t/${id}` });
    expect(before.body).toContain(`<title>Named title here · ${community.name} · Hearth</title>`);
    await reply(t, other, id);
    await del(author, `/api/v1/posts/${postId}`);
    const after = await t.request({ method: "GET", url: `/t/${id}` });
    expect(after.body).not.toContain("Named title here");
    expect(after.body).toContain(`<title>${OPENING_DELETED_TITLE} · ${community.name} · Hearth</title>`);
  });
});
