import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test/helpers/test-app.ts";
import { createCommunity, createSpace, join, reply, signUp, startThread, type Member } from "../../test/helpers/factories.ts";
import { makeClinician, signedInAdmin, verifiedClinician } from "../../test/helpers/clinician-fixtures.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

async function threadWithMember() {
  const owner = await signUp(t);
  const community = await createCommunity(t, owner);
  const member = await signUp(t);
  await join(t, member, community.slug);
  const thread = await startThread(t, owner, community.slug);
  return { owner, community, member, thread };
}

const react = (who: { token: string } | null, postId: string, payload: Record<string, unknown>) =>
  t.request({ method: "POST", url: `/api/v1/posts/${postId}/reactions`, payload, ...(who ? { token: who.token } : {}) });

const unreact = (who: { token: string } | null, postId: string, kind: string, query = "") =>
  t.request({ method: "DELETE", url: `/api/v1/posts/${postId}/reactions/${kind}${query}`, ...(who ? { token: who.token } : {}) });

/** The opening post as `who` sees it in GET /api/v1/threads/:id. */
async function openingPost(threadId: string, who?: Member) {
  const response = await t.request({ method: "GET", url: `/api/v1/threads/${threadId}`, ...(who ? { token: who.token } : {}) });
  expect(response.statusCode, response.body).toBe(200);
  return response.json().posts.items[0] as { reactions: Record<string, number>; myReactions: string[] };
}

describe("reacting to a post", () => {
  it("gives a reaction once: the first time is 201, again is 200 and adds nothing", async () => {
    const { member, thread } = await threadWithMember();

    const first = await react(member, thread.postId, { kind: "thanks" });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toEqual({ postId: thread.postId, reactions: { thanks: 1, me_too: 0, hug: 0, helpful: 0 }, myReactions: ["thanks"] });

    const again = await react(member, thread.postId, { kind: "thanks" });
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json().reactions.thanks).toBe(1);

    expect((await react(member, thread.postId, { kind: "hug" })).statusCode).toBe(201);
    const seen = await openingPost(thread.id, member);
    expect(seen.reactions).toEqual({ thanks: 1, me_too: 0, hug: 1, helpful: 0 });
    expect(seen.myReactions.sort()).toEqual(["hug", "thanks"]);
  });

  it("shows everyone the counts, and each person only their own reactions", async () => {
    const { owner, member, thread, community } = await threadWithMember();
    const other = await signUp(t);
    await join(t, other, community.slug);
    await react(member, thread.postId, { kind: "me_too" });
    await react(other, thread.postId, { kind: "me_too" });
    await react(other, thread.postId, { kind: "helpful" });

    const asGuest = await openingPost(thread.id);
    expect(asGuest.reactions).toEqual({ thanks: 0, me_too: 2, hug: 0, helpful: 1 });
    expect(asGuest.myReactions).toEqual([]);
    expect((await openingPost(thread.id, member)).myReactions).toEqual(["me_too"]);
    expect((await openingPost(thread.id, owner)).myReactions).toEqual([]);

    // Counts only: the thread names none of the people who reacted.
    const body = (await t.request({ method: "GET", url: `/api/v1/threads/${thread.id}`, token: owner.token })).body;
    for (const who of [member, other]) {
      expect(body).not.toContain(who.personaId);
      expect(body).not.toContain(who.username);
      expect(body).not.toContain(who.id);
    }
  });

  it("takes a reaction back with DELETE (204), and taking it back again changes nothing", async () => {
    const { member, thread } = await threadWithMember();
    await react(member, thread.postId, { kind: "hug" });

    expect((await unreact(member, thread.postId, "hug")).statusCode).toBe(204);
    const after = await openingPost(thread.id, member);
    expect(after.reactions.hug).toBe(0);
    expect(after.myReactions).toEqual([]);
    expect((await unreact(member, thread.postId, "hug")).statusCode).toBe(204);
  });

  it("takes back only the persona's own reaction when personaId is given, and refuses another account's persona", async () => {
    const { member, owner, thread } = await threadWithMember();
    await react(member, thread.postId, { kind: "thanks" });
    await react(owner, thread.postId, { kind: "thanks" });

    const theirs = await unreact(member, thread.postId, "thanks", `?personaId=${owner.personaId}`);
    expect(theirs.statusCode, theirs.body).toBe(403);
    expect((await openingPost(thread.id)).reactions.thanks).toBe(2);

    expect((await unreact(member, thread.postId, "thanks", `?personaId=${member.personaId}`)).statusCode).toBe(204);
    expect((await openingPost(thread.id)).reactions.thanks).toBe(1);
    expect((await openingPost(thread.id, owner)).myReactions).toEqual(["thanks"]);
  });

  it("asks a guest to sign in", async () => {
    const { thread } = await threadWithMember();
    const given = await react(null, thread.postId, { kind: "thanks" });
    expect(given.statusCode).toBe(401);
    expect(given.json().error.code).toBe("not_signed_in");
    expect((await unreact(null, thread.postId, "thanks")).statusCode).toBe(401);
    expect((await openingPost(thread.id)).reactions.thanks).toBe(0);
  });

  it("lets only members react (403), and hides posts a person cannot read (404)", async () => {
    const { thread, owner } = await threadWithMember();
    const outsider = await signUp(t);
    const refused = await react(outsider, thread.postId, { kind: "hug" });
    expect(refused.statusCode, refused.body).toBe(403);
    expect(refused.json().error.message).toMatch(/join/i);
    expect((await openingPost(thread.id)).reactions.hug).toBe(0);

    const privateCommunity = await createCommunity(t, owner, { visibility: "members" });
    const privateThread = await startThread(t, owner, privateCommunity.slug);
    expect((await react(outsider, privateThread.postId, { kind: "hug" })).statusCode).toBe(404);
    expect((await unreact(outsider, privateThread.postId, "hug")).statusCode).toBe(404);

    // A members-only space of a public community: a person who has not joined cannot even read it.
    const publicCommunity = await createCommunity(t, owner);
    const membersSpace = await createSpace(t, owner, publicCommunity.slug, "members");
    const membersThread = await startThread(t, owner, publicCommunity.slug, membersSpace.slug);
    expect((await react(outsider, membersThread.postId, { kind: "hug" })).statusCode).toBe(404);
  });

  it("refuses a deleted post with 409", async () => {
    const { member, owner, thread } = await threadWithMember();
    const answer = await reply(t, owner, thread.id);
    const deleted = await t.request({ method: "DELETE", url: `/api/v1/posts/${answer.id}`, token: owner.token });
    expect(deleted.statusCode).toBe(204);

    const refused = await react(member, answer.id, { kind: "thanks" });
    expect(refused.statusCode, refused.body).toBe(409);
    expect(refused.json().error.code).toBe("post_deleted");
  });

  it("answers an unknown kind with 400 naming the field, and a malformed post id with 404", async () => {
    const { member, thread } = await threadWithMember();
    const unknown = await react(member, thread.postId, { kind: "like" });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.fields.kind).toBe("must be one of: thanks, me_too, hug, helpful");
    const missing = await react(member, thread.postId, {});
    expect(missing.statusCode).toBe(400);
    const unknownDelete = await unreact(member, thread.postId, "like");
    expect(unknownDelete.statusCode).toBe(400);
    expect(unknownDelete.json().error.fields).toHaveProperty("kind");

    expect((await react(member, "not-an-id", { kind: "thanks" })).statusCode).toBe(404);
    expect((await react(member, "AAAAAAAAAAAAAAAA", { kind: "thanks" })).statusCode).toBe(404);
    expect((await openingPost(thread.id)).reactions).toEqual({ thanks: 0, me_too: 0, hug: 0, helpful: 0 });
  });

  it("refuses reacting as another account's persona with 403, and writes nothing", async () => {
    const { member, owner, thread } = await threadWithMember();
    const refused = await react(member, thread.postId, { kind: "thanks", personaId: owner.personaId });
    expect(refused.statusCode, refused.body).toBe(403);
    expect((await openingPost(thread.id)).reactions.thanks).toBe(0);
    expect((await openingPost(thread.id, owner)).myReactions).toEqual([]);
  });
});

describe("a verified clinician reacting anonymously", () => {
  it("reacts as the anonymous persona; others see a count and nothing of who gave it", async () => {
    const admin = await signedInAdmin(t);
    const clinician = await makeClinician(t, admin);
    const { owner, community, thread } = await threadWithMember();
    await join(t, clinician, community.slug);

    const given = await react(clinician, thread.postId, { kind: "helpful", personaId: clinician.anonymousPersonaId });
    expect(given.statusCode, given.body).toBe(201);
    expect((await openingPost(thread.id, clinician)).myReactions).toEqual(["helpful"]);

    for (const viewer of [undefined, owner]) {
      const response = await t.request({ method: "GET", url: `/api/v1/threads/${thread.id}`, ...(viewer ? { token: viewer.token } : {}) });
      expect(response.json().posts.items[0].reactions.helpful).toBe(1);
      for (const secret of [clinician.anonymousPersonaId, clinician.anonymousName, clinician.personaId, clinician.username, clinician.id]) {
        expect(response.body).not.toContain(secret);
      }
    }

    // Taken back only from the persona named: leaving it out means the personal persona, which gave nothing here.
    expect((await unreact(clinician, thread.postId, "helpful")).statusCode).toBe(204);
    expect((await openingPost(thread.id)).reactions.helpful).toBe(1);
    expect((await unreact(clinician, thread.postId, "helpful", `?personaId=${clinician.anonymousPersonaId}`)).statusCode).toBe(204);
    expect((await openingPost(thread.id)).reactions.helpful).toBe(0);
  });
});

describe("taking back a reaction an account gave as three personas", () => {
  it("takes back only the default persona's without personaId, so the count drops by exactly one", async () => {
    const admin = await signedInAdmin(t);
    const clinician = await verifiedClinician(t, admin);
    const { owner, community, thread } = await threadWithMember();
    await join(t, clinician, community.slug);
    for (const personaId of [clinician.personaId, clinician.professional.id, clinician.anonymous.id]) {
      expect((await react(clinician, thread.postId, { kind: "thanks", personaId })).statusCode).toBe(201);
    }
    expect((await openingPost(thread.id, owner)).reactions.thanks).toBe(3);

    expect((await unreact(clinician, thread.postId, "thanks")).statusCode).toBe(204);
    expect((await openingPost(thread.id, owner)).reactions.thanks).toBe(2);
    // Again: the personal persona has nothing left to take back, and the others keep theirs.
    expect((await unreact(clinician, thread.postId, "thanks")).statusCode).toBe(204);
    expect((await openingPost(thread.id, owner)).reactions.thanks).toBe(2);
    expect((await openingPost(thread.id, clinician)).myReactions).toEqual(["thanks"]);
    expect((await unreact(clinician, thread.postId, "thanks", `?personaId=${clinician.anonymous.id}`)).statusCode).toBe(204);
    expect((await openingPost(thread.id, owner)).reactions.thanks).toBe(1);
  });
});
