/**
 * Forking a community on the same server (ADR 43): who may, what the fork starts with, and
 * whose words go — yes at once, no never, ask only after the author says yes (answered later,
 * idempotently); a reply that did not go keeps its place without words or author; the parent's
 * members are invited, never made members; bad input is refused with nothing written.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test/helpers/test-app.ts";
import { createCommunity, createSpace, join, reply, setRole, signUp, startThread, type Member } from "../../test/helpers/factories.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ work: true });
});
afterAll(async () => t?.close());

const choose = async (member: Member, travelWithForks: string) =>
  expect((await t.request({ method: "PUT", url: "/api/v1/me/preferences", token: member.token, payload: { travelWithForks } })).statusCode).toBe(200);
const fork = (member: Member, slug: string, payload: Record<string, unknown>) => t.request({ method: "POST", url: `/api/v1/communities/${slug}/forks`, token: member.token, payload });
const newSlug = () => `f-${Math.random().toString(36).slice(2, 10)}`;

type PostJson = { body: string; author: { id: string; displayName: string } | null; deleted: boolean; notCarried: boolean };
async function threadsOf(member: Member, slug: string, space = "general") {
  const listed = await t.request({ method: "GET", url: `/api/v1/communities/${slug}/spaces/${space}/threads`, token: member.token });
  expect(listed.statusCode, listed.body).toBe(200);
  const items = listed.json().items as { id: string; title: string }[];
  return Promise.all(
    items.map(async (thread) => {
      const read = (await t.request({ method: "GET", url: `/api/v1/threads/${thread.id}`, token: member.token })).json();
      return { title: thread.title, posts: read.posts.items as PostJson[] };
    }),
  );
}

/** A community with an owner, and three writers whose defaults are yes, ask and no, each opening a thread and replying to the others. */
async function writtenCommunity() {
  const owner = await signUp(t);
  const community = await createCommunity(t, owner);
  const [yes, ask, no] = [await signUp(t), await signUp(t), await signUp(t)];
  for (const m of [yes, ask, no]) await join(t, m, community.slug);
  await choose(yes, "yes");
  await choose(no, "no");
  const threads = {
    yes: await startThread(t, yes, community.slug, "general", { title: "Yes opens", body: "Words of yes." }),
    ask: await startThread(t, ask, community.slug, "general", { title: "Ask opens", body: "Words of ask." }),
    no: await startThread(t, no, community.slug, "general", { title: "No opens", body: "Words of no." }),
  };
  await reply(t, ask, threads.yes.id, "Ask replies to yes.");
  await reply(t, no, threads.yes.id, "No replies to yes.");
  await reply(t, yes, threads.ask.id, "Yes replies to ask.");
  return { owner, community, yes, ask, no, threads };
}

describe("forking a community", () => {
  it("makes a community with the charter and chosen spaces, the forker its owner, and carries only consenting authors' words", async () => {
    const { owner, community, yes, ask, no } = await writtenCommunity();
    await createSpace(t, owner, community.slug, "members", "left-behind");
    const slug = newSlug();
    const made = await fork(owner, community.slug, { slug, name: "Carers only", spaces: ["general"], purpose: "For carers." });
    expect(made.statusCode, made.body).toBe(201);
    const view = made.json();
    expect(view).toMatchObject({ slug, name: "Carers only", purpose: "For carers.", myMembership: { role: "owner", status: "member" } });
    expect(view.spaces.map((s: { slug: string }) => s.slug)).toEqual(["general"]);
    const parent = (await t.request({ method: "GET", url: `/api/v1/communities/${community.slug}`, token: owner.token })).json();
    expect(view.charter).toEqual(parent.charter);

    const threads = await threadsOf(owner, slug);
    // Only "Yes opens" goes: the other two threads' opening posts did not (ask has not answered; no never).
    expect(threads.map((th) => th.title)).toEqual(["Yes opens"]);
    const [opening, askReply, noReply] = threads[0]!.posts;
    expect(opening).toMatchObject({ body: "Words of yes.", author: { id: yes.personaId }, notCarried: false });
    for (const standIn of [askReply, noReply]) expect(standIn).toMatchObject({ body: "", author: null, deleted: true, notCarried: true });
    const everything = JSON.stringify(threads);
    for (const absent of ["Ask replies", "No replies", "Words of no", "Words of ask", ask.personaId, no.personaId, ask.displayName, no.displayName]) expect(everything).not.toContain(absent);

    // The charter is the fork's own from now on.
    const edited = await t.request({ method: "PATCH", url: `/api/v1/communities/${slug}`, token: owner.token, payload: { charter: { rules: ["Carers first."] } } });
    expect(edited.statusCode, edited.body).toBe(200);
    expect((await t.request({ method: "GET", url: `/api/v1/communities/${community.slug}` })).json().charter.rules).not.toEqual(["Carers first."]);
  });

  it("asks an author whose default is ask, and carries their words when they say yes later, once however often", async () => {
    const { owner, community, ask, no, yes } = await writtenCommunity();
    const slug = newSlug();
    expect((await fork(owner, community.slug, { slug, name: "Later answers", spaces: ["general"] })).statusCode).toBe(201);
    await t.services.queue.settle();
    const notes = (await t.request({ method: "GET", url: "/api/v1/notifications", token: ask.token })).json().items as { kind: string; link?: string }[];
    expect(notes.find((n) => n.kind === "fork_consent")).toMatchObject({ link: `/c/${slug}/fork-consent` });
    for (const other of [no, yes]) {
      const theirs = (await t.request({ method: "GET", url: "/api/v1/notifications", token: other.token })).json().items as { kind: string }[];
      expect(theirs.map((n) => n.kind)).not.toContain("fork_consent");
    }

    const asked = await t.request({ method: "GET", url: `/api/v1/communities/${slug}/fork-consent`, token: ask.token });
    expect(asked.statusCode).toBe(200);
    expect(asked.json()).toMatchObject({ answer: null, parent: { slug: community.slug } });
    expect(asked.json().posts.map((p: { excerpt: string; opening: boolean }) => [p.excerpt, p.opening])).toEqual(
      expect.arrayContaining([["Words of ask.", true], ["Ask replies to yes.", false]]),
    );
    expect(asked.json().posts).toHaveLength(2);
    // Nobody the fork did not ask finds the question.
    expect((await t.request({ method: "GET", url: `/api/v1/communities/${slug}/fork-consent`, token: no.token })).statusCode).toBe(404);

    for (let i = 0; i < 2; i++) {
      const said = await t.request({ method: "PUT", url: `/api/v1/communities/${slug}/fork-consent`, token: ask.token, payload: { travel: "yes" } });
      expect(said.statusCode, said.body).toBe(200);
      expect(said.json().answer).toBe("yes");
    }
    const threads = await threadsOf(owner, slug);
    expect(threads.map((th) => th.title).sort()).toEqual(["Ask opens", "Yes opens"]);
    const askThread = threads.find((th) => th.title === "Ask opens")!;
    expect(askThread.posts.map((p) => p.body)).toEqual(["Words of ask.", "Yes replies to ask."]);
    const yesThread = threads.find((th) => th.title === "Yes opens")!;
    expect(yesThread.posts.map((p) => [p.body, p.notCarried])).toEqual([["Words of yes.", false], ["Ask replies to yes.", false], ["", true]]);
    expect(yesThread.posts[1]!.author?.id).toBe(ask.personaId);
  });

  it("keeps out everything of an author who changed their default to no before the fork, and answering no carries nothing", async () => {
    const { owner, community, ask, yes } = await writtenCommunity();
    await choose(yes, "no");
    const slug = newSlug();
    expect((await fork(owner, community.slug, { slug, name: "Withdrawn", spaces: ["general"] })).statusCode).toBe(201);
    expect(await threadsOf(owner, slug)).toEqual([]);
    const said = await t.request({ method: "PUT", url: `/api/v1/communities/${slug}/fork-consent`, token: ask.token, payload: { travel: "no" } });
    expect(said.json().answer).toBe("no");
    expect(await threadsOf(owner, slug)).toEqual([]);
    // Saying yes afterwards still carries theirs; the withdrawn author is never asked.
    await t.request({ method: "PUT", url: `/api/v1/communities/${slug}/fork-consent`, token: ask.token, payload: { travel: "yes" } });
    expect((await threadsOf(owner, slug)).map((th) => th.title)).toEqual(["Ask opens"]);
    expect((await t.request({ method: "GET", url: `/api/v1/communities/${slug}/fork-consent`, token: yes.token })).statusCode).toBe(404);
  });

  it("invites the parent's members to the fork and makes none of them a member", async () => {
    const { owner, community, yes, ask, no } = await writtenCommunity();
    const slug = newSlug();
    expect((await fork(owner, community.slug, { slug, name: "Invited", spaces: ["general"] })).statusCode).toBe(201);
    await t.services.queue.settle();
    for (const member of [yes, ask, no]) {
      const notes = (await t.request({ method: "GET", url: "/api/v1/notifications", token: member.token })).json().items as { kind: string; link?: string }[];
      expect(notes.find((n) => n.kind === "fork_invitation")).toMatchObject({ link: `/c/${slug}` });
      expect((await t.request({ method: "GET", url: `/api/v1/communities/${slug}`, token: member.token })).json().myMembership).toBeNull();
    }
    const ownerNotes = (await t.request({ method: "GET", url: "/api/v1/notifications", token: owner.token })).json().items as { kind: string }[];
    expect(ownerNotes.map((n) => n.kind)).not.toContain("fork_invitation");
    expect((await join(t, yes, slug)).status).toBe("member");
  });

  it("lets moderators fork, refuses members (403) and those who cannot see the community (404), and writes nothing", async () => {
    const owner = await signUp(t);
    const community = await createCommunity(t, owner);
    const hidden = await createCommunity(t, owner, { visibility: "hidden" });
    const [moderator, member, stranger] = [await signUp(t), await signUp(t), await signUp(t)];
    await join(t, moderator, community.slug);
    await join(t, member, community.slug);
    await setRole(t, owner, community.slug, moderator, "moderator");
    const slug = newSlug();
    expect((await fork(member, community.slug, { slug, name: "Nope", spaces: ["general"] })).statusCode).toBe(403);
    expect((await fork(stranger, community.slug, { slug, name: "Nope", spaces: ["general"] })).statusCode).toBe(403);
    expect((await fork(stranger, hidden.slug, { slug, name: "Nope", spaces: ["general"] })).statusCode).toBe(404);
    expect((await t.request({ method: "POST", url: `/api/v1/communities/${community.slug}/forks`, payload: { slug, name: "Nope", spaces: ["general"] } })).statusCode).toBe(401);
    expect((await t.request({ method: "GET", url: `/api/v1/communities/${slug}` })).statusCode).toBe(404);
    expect((await fork(moderator, community.slug, { slug, name: "By a moderator", spaces: ["general"] })).statusCode).toBe(201);
  });

  it("answers bad input with a 400 naming the field, a taken slug as creation does, and leaves nothing half-made", async () => {
    const owner = await signUp(t);
    const community = await createCommunity(t, owner);
    const other = await createCommunity(t, await signUp(t), { visibility: "hidden" });
    const slug = newSlug();
    const cases: [Record<string, unknown>, string[]][] = [
      [{ slug: "Bad Slug", name: "Fine", spaces: ["general"] }, ["slug"]],
      [{ slug, name: "\u0000", spaces: ["general"] }, ["name"]],
      [{ slug, name: "Fine", spaces: [] }, ["spaces"]],
      [{ slug, name: "Fine", spaces: ["general", "nowhere", "neither"] }, ["spaces"]],
      [{ slug, name: "Fine", spaces: ["general"], purpose: "\ud800" }, ["purpose"]],
    ];
    for (const [payload, fields] of cases) {
      const refused = await fork(owner, community.slug, payload);
      expect(refused.statusCode, JSON.stringify(payload)).toBe(400);
      expect(Object.keys(refused.json().error.fields ?? {}), refused.body).toEqual(fields);
    }
    const unknown = await fork(owner, community.slug, { slug, name: "Fine", spaces: ["general", "nowhere"] });
    expect(unknown.json().error.fields.spaces).toContain("nowhere");
    // A taken slug, a hidden community's too, is answered as creating a community answers it.
    const created = await t.request({ method: "POST", url: "/api/v1/communities", token: owner.token, payload: { slug: other.slug, name: "X", purpose: "X.", visibility: "public", charter: (await t.request({ method: "GET", url: `/api/v1/communities/${community.slug}` })).json().charter } });
    const taken = await fork(owner, community.slug, { slug: other.slug, name: "Fine", spaces: ["general"] });
    expect(taken.statusCode).toBe(created.statusCode);
    expect(taken.json().error.code).toBe(created.json().error.code);
    expect((await t.request({ method: "GET", url: `/api/v1/communities/${slug}` })).statusCode).toBe(404);
  });
});
