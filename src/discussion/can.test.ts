/**
 * The API says what the viewer may do with a thread and each post (`can`), as the
 * pages do: a client shows only those controls, and the server still refuses the rest.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test/helpers/test-app.ts";
import { createCommunity, join, reply, setRole, signUp, startThread, type Member } from "../../test/helpers/factories.ts";
import { requestsAs } from "../../test/helpers/requests.ts";

let t: TestApp;
let owner: Member;
let author: Member;
let moderator: Member;
let outsider: Member;
let threadId: string;
let communitySlug: string;
const api = requestsAs(() => t);

beforeAll(async () => {
  t = await createTestApp();
  owner = await signUp(t);
  const { slug } = await createCommunity(t, owner);
  communitySlug = slug;
  author = await signUp(t);
  moderator = await signUp(t);
  outsider = await signUp(t);
  await join(t, author, slug);
  await join(t, moderator, slug);
  await setRole(t, owner, slug, moderator, "moderator");
  threadId = (await startThread(t, author, slug)).id;
  await reply(t, owner, threadId);
});
afterAll(async () => t?.close());

type Can = { reply: boolean; edit: boolean; delete: boolean; moderate: boolean; react: boolean };
type Thread = { can: Can; masked: boolean; posts: { items: Array<{ can: Can; masked: boolean }> } };

async function threadAs(member: Member | null): Promise<Thread> {
  const response = await api.get(member, `/api/v1/threads/${threadId}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as Thread;
}

describe("can in the API", () => {
  it("gives a guest of a public community nothing to do but read", async () => {
    const thread = await threadAs(null);
    expect(thread.can).toEqual({ reply: false, edit: false, delete: false, moderate: false, react: false });
    expect(thread.posts.items.map((p) => p.can.edit)).toEqual([false, false]);
    expect(thread.masked).toBe(false);
  });

  it("lets the author reply, react and edit or delete only their own post", async () => {
    const thread = await threadAs(author);
    expect(thread.can).toMatchObject({ reply: true, react: true, moderate: false });
    const [opening, ownersReply] = thread.posts.items;
    expect(opening!.can).toMatchObject({ edit: true, delete: true, moderate: false });
    expect(ownersReply!.can).toMatchObject({ edit: false, delete: false });
  });

  it("lets a moderator moderate and delete others' posts, and a signed-in non-member neither reply nor moderate", async () => {
    const asModerator = await threadAs(moderator);
    expect(asModerator.can.moderate).toBe(true);
    expect(asModerator.posts.items[0]!.can).toMatchObject({ delete: true, edit: false, moderate: true });
    const asOutsider = await threadAs(outsider);
    expect(asOutsider.can).toMatchObject({ reply: false, moderate: false });
  });

  it("matches what the server allows: a post whose can.edit is false cannot be edited", async () => {
    const thread = await threadAs(author);
    const ownersReply = (await api.get(author, `/api/v1/threads/${threadId}`)).json().posts.items[1] as { id: string };
    expect(thread.posts.items[1]!.can.edit).toBe(false);
    const response = await t.request({ method: "PATCH", url: `/api/v1/posts/${ownersReply.id}`, token: author.token, payload: { body: "Changed by someone else" } });
    expect(response.statusCode).toBe(403);
  });
});

describe("can of a community in the API", () => {
  type CommunityCan = { manage: boolean; join: boolean; readSpaceFor: Record<string, boolean> };
  const canOf = async (member: Member | null) => {
    const response = await api.get(member, `/api/v1/communities/${communitySlug}`);
    expect(response.statusCode, response.body).toBe(200);
    return (response.json() as { can?: CommunityCan }).can;
  };

  it("lets its owner manage it, a signed-in non-member join it, and a guest neither", async () => {
    expect(await canOf(owner)).toMatchObject({ manage: true, join: false, readSpaceFor: { public: true, members: true } });
    expect(await canOf(outsider)).toMatchObject({ manage: false, join: true });
    const asGuest = await canOf(null);
    expect(asGuest).toEqual({ manage: false, join: false, readSpaceFor: { public: true, members: false, carers: false, clinicians: false } });
    // A member who is not a carer could not read a carers' space: the form warns them before they make one.
    expect((await canOf(author))?.readSpaceFor.carers).toBe(false);
  });
});
