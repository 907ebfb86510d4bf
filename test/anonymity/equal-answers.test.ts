/**
 * The anonymity suite, part (b): an answer never depends on a fact the asker cannot see.
 *
 * Each row is one endpoint that answers about another persona, a post or a community.
 * It is asked twice by a viewer who cannot see the target: about a target for which the
 * hidden fact holds (a persona that is a member of a hidden or members-only community, or
 * writes in a space the viewer cannot read; a post that exists in such a space; a hidden
 * community's address) and about one for which it does not (a persona with no tie to the
 * community, an id or address with nothing behind it). The two answers must be the same,
 * status and body, once the probed id or address (and a persona's own display name) is put
 * out of the way. Each row has a positive control: a viewer who can see the target gets a
 * different answer, the one for something they see (a success, or the 400 saying a post is
 * in another community than named), so "the same" is never "both broken".
 *
 * Adding an endpoint is adding one row to ROWS.
 */
import type { InjectOptions, LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../helpers/test-app.ts";
import { createCommunity, createSpace, join, signUp, startThread, type Member } from "../helpers/factories.ts";

/** Who and what the rows ask about. */
type World = {
  /** Owns a hidden community and wrote there: that membership is the hidden fact about their persona. */
  insider: Member;
  hidden: { slug: string; thread: { id: string; postId: string } };
  /** A members-only community where `writer` wrote in General. */
  membersOnly: { slug: string; thread: { id: string; postId: string } };
  writer: Member;
  /** A public community with a carers' space where `carer` wrote; `member` belongs but is no carer. */
  open: { slug: string; thread: { id: string; postId: string }; carersThread: { id: string; postId: string } };
  carer: Member;
  member: Member;
  owner: Member;
  /** Signed in, member of nothing. */
  outsider: Member;
  /** A persona with no tie to any community: the "fact does not hold" twin of a persona. */
  stranger: Member;
  names: Map<string, string>;
  /** The polls of the hidden community's and the members-only community's threads. */
  polls: { hidden: string; membersOnly: string };
};

type Row = {
  name: string;
  viewer: (w: World) => Member;
  /** The target for which the hidden fact holds, and its twin for which it does not. */
  holds: (w: World) => string;
  absent: (w: World) => string;
  ask: (w: World, target: string) => InjectOptions;
  /** Someone who can see the target, and the status they get (about what they see). */
  control: { viewer: (w: World) => Member; status: number };
};

const UNKNOWN_ID = "AAAAAAAAAAAAAAAA";
const UNKNOWN_SLUG = "no-such-community";
const api = (method: InjectOptions["method"], url: string, payload?: object): InjectOptions => ({ method, url, ...(payload ? { payload } : {}) });
const persona = { holds: (w: World) => w.insider.personaId, absent: (w: World) => w.stranger.personaId };
const hiddenSlug = { holds: (w: World) => w.hidden.slug, absent: () => UNKNOWN_SLUG };
const flagPersonaIn = (slug: (w: World) => string) => (w: World, id: string) =>
  api("POST", "/api/v1/flags", { targetType: "persona", targetId: id, community: slug(w), reason: "other", note: "Probing." });

const ROWS: Row[] = [
  // Flags (issue 6, item 2).
  {
    name: "flag a persona that writes in a members-only community, as a non-member",
    viewer: (w) => w.outsider,
    holds: (w) => w.writer.personaId,
    absent: persona.absent,
    ask: flagPersonaIn((w) => w.membersOnly.slug),
    control: { viewer: (w) => w.owner, status: 201 },
  },
  {
    name: "flag a persona that writes only in a carers' space, as a member who is no carer",
    viewer: (w) => w.member,
    holds: (w) => w.carer.personaId,
    absent: persona.absent,
    ask: flagPersonaIn((w) => w.open.slug),
    control: { viewer: (w) => w.owner, status: 201 },
  },
  {
    name: "flag a post in a members-only community, as a non-member",
    viewer: (w) => w.outsider,
    holds: (w) => w.membersOnly.thread.postId,
    absent: () => UNKNOWN_ID,
    ask: (_w, id) => api("POST", "/api/v1/flags", { targetType: "post", targetId: id, reason: "spam" }),
    control: { viewer: (w) => w.writer, status: 201 },
  },
  {
    name: "flag a thread in a carers' space, naming its community, as a member who is no carer",
    viewer: (w) => w.member,
    holds: (w) => w.open.carersThread.id,
    absent: () => UNKNOWN_ID,
    ask: (w, id) => api("POST", "/api/v1/flags", { targetType: "thread", targetId: id, community: w.open.slug, reason: "spam" }),
    control: { viewer: (w) => w.carer, status: 201 },
  },
  {
    name: "flag a post in a hidden community",
    viewer: (w) => w.outsider,
    holds: (w) => w.hidden.thread.postId,
    absent: () => UNKNOWN_ID,
    ask: (_w, id) => api("POST", "/api/v1/flags", { targetType: "post", targetId: id, reason: "spam" }),
    control: { viewer: (w) => w.insider, status: 201 },
  },
  {
    name: "flag a post in a hidden community, naming another community",
    viewer: (w) => w.outsider,
    holds: (w) => w.hidden.thread.postId,
    absent: () => UNKNOWN_ID,
    ask: (w, id) => api("POST", "/api/v1/flags", { targetType: "post", targetId: id, community: w.open.slug, reason: "spam" }),
    control: { viewer: (w) => w.insider, status: 400 },
  },
  // Moderation by someone who does not moderate.
  {
    name: "warn a persona, as a member who does not moderate",
    viewer: (w) => w.member,
    holds: (w) => w.carer.personaId,
    absent: persona.absent,
    ask: (w, id) => api("POST", "/api/v1/moderation/actions", { targetType: "persona", targetId: id, community: w.open.slug, action: "warn", reason: "Probing." }),
    control: { viewer: (w) => w.owner, status: 201 },
  },
  // Persona views: nothing in them says where a persona belongs.
  {
    name: "a persona's public view (API)",
    viewer: (w) => w.outsider,
    ...persona,
    ask: (_w, id) => api("GET", `/api/v1/personas/${id}`),
    control: { viewer: (w) => w.insider, status: 200 },
  },
  {
    name: "a persona's public page",
    viewer: (w) => w.outsider,
    ...persona,
    ask: (_w, id) => api("GET", `/personas/${id}`),
    control: { viewer: (w) => w.insider, status: 200 },
  },
  // Communities by address.
  { name: "a hidden community (API)", viewer: (w) => w.outsider, ...hiddenSlug, ask: (_w, slug) => api("GET", `/api/v1/communities/${slug}`), control: { viewer: (w) => w.insider, status: 200 } },
  { name: "a hidden community's page", viewer: (w) => w.outsider, ...hiddenSlug, ask: (_w, slug) => api("GET", `/c/${slug}`), control: { viewer: (w) => w.insider, status: 200 } },
  { name: "joining a hidden community", viewer: (w) => w.outsider, ...hiddenSlug, ask: (_w, slug) => api("POST", `/api/v1/communities/${slug}/members`), control: { viewer: (w) => w.insider, status: 200 } },
  { name: "a hidden community's spaces", viewer: (w) => w.outsider, ...hiddenSlug, ask: (_w, slug) => api("GET", `/api/v1/communities/${slug}/spaces`), control: { viewer: (w) => w.insider, status: 200 } },
  { name: "a hidden community's members", viewer: (w) => w.outsider, ...hiddenSlug, ask: (_w, slug) => api("GET", `/api/v1/communities/${slug}/members`), control: { viewer: (w) => w.insider, status: 200 } },
  { name: "a hidden community's moderation log", viewer: (w) => w.outsider, ...hiddenSlug, ask: (_w, slug) => api("GET", `/api/v1/communities/${slug}/moderation/log`), control: { viewer: (w) => w.insider, status: 200 } },
  // Posts and threads the viewer cannot read.
  {
    name: "a thread in a members-only community",
    viewer: (w) => w.outsider,
    holds: (w) => w.membersOnly.thread.id,
    absent: () => UNKNOWN_ID,
    ask: (_w, id) => api("GET", `/api/v1/threads/${id}`),
    control: { viewer: (w) => w.writer, status: 200 },
  },
  {
    name: "reacting to a post in a carers' space, as a member who is no carer",
    viewer: (w) => w.member,
    holds: (w) => w.open.carersThread.postId,
    absent: () => UNKNOWN_ID,
    ask: (_w, id) => api("POST", `/api/v1/posts/${id}/reactions`, { kind: "thanks" }),
    control: { viewer: (w) => w.carer, status: 201 },
  },
  {
    name: "taking back a reaction on a post in a hidden community",
    viewer: (w) => w.outsider,
    holds: (w) => w.hidden.thread.postId,
    absent: () => UNKNOWN_ID,
    ask: (_w, id) => api("DELETE", `/api/v1/posts/${id}/reactions/thanks`),
    control: { viewer: (w) => w.insider, status: 204 },
  },
  {
    name: "a post's edit history in a members-only community",
    viewer: (w) => w.outsider,
    holds: (w) => w.membersOnly.thread.postId,
    absent: () => UNKNOWN_ID,
    ask: (_w, id) => api("GET", `/api/v1/posts/${id}/revisions`),
    control: { viewer: (w) => w.writer, status: 200 },
  },
  // Mentions: naming a persona says nothing back about where that persona belongs.
  {
    name: "mentioning a persona in a reply",
    viewer: (w) => w.member,
    ...persona,
    ask: (w, id) => api("POST", `/api/v1/threads/${w.open.thread.id}/posts`, { body: `Thank you [@them](/personas/${id}).` }),
    control: { viewer: (w) => w.owner, status: 201 },
  },
  // Following and bookmarks (issue 11, ADR 35): a thing the viewer may not read is the same 404 as nothing at all.
  {
    name: "follow a thread in a members-only community, as a non-member",
    viewer: (w) => w.outsider,
    holds: (w) => w.membersOnly.thread.id,
    absent: () => UNKNOWN_ID,
    ask: (_w, id) => api("POST", `/api/v1/threads/${id}/follow`, {}),
    control: { viewer: (w) => w.writer, status: 201 },
  },
  {
    name: "bookmark a post in a hidden community",
    viewer: (w) => w.outsider,
    holds: (w) => w.hidden.thread.postId,
    absent: () => UNKNOWN_ID,
    ask: (_w, id) => api("POST", `/api/v1/posts/${id}/bookmark`),
    control: { viewer: (w) => w.insider, status: 201 },
  },
  {
    name: "bookmark a thread in a carers' space, as a member who is no carer",
    viewer: (w) => w.member,
    holds: (w) => w.open.carersThread.id,
    absent: () => UNKNOWN_ID,
    ask: (_w, id) => api("POST", `/api/v1/threads/${id}/bookmark`),
    control: { viewer: (w) => w.carer, status: 201 },
  },
  {
    name: "follow a persona that writes only in a carers' space, as a member who is no carer",
    viewer: (w) => w.member,
    holds: (w) => w.carer.personaId,
    absent: persona.absent,
    ask: (_w, id) => api("POST", `/api/v1/personas/${id}/follow`, {}),
    // Any persona may be followed: both answers are a 201, and the owner of one cannot follow it.
    control: { viewer: (w) => w.carer, status: 400 },
  },
  // Polls follow their thread: the same 404 as a poll that does not exist.
  {
    name: "a poll in a members-only community, as a non-member",
    viewer: (w) => w.outsider,
    holds: (w) => w.polls.membersOnly,
    absent: () => UNKNOWN_ID,
    ask: (_w, id) => api("GET", `/api/v1/polls/${id}`),
    control: { viewer: (w) => w.writer, status: 200 },
  },
  {
    name: "a thread's poll in a members-only community, as a non-member",
    viewer: (w) => w.outsider,
    holds: (w) => w.membersOnly.thread.id,
    absent: () => UNKNOWN_ID,
    ask: (_w, id) => api("GET", `/api/v1/threads/${id}/poll`),
    control: { viewer: (w) => w.writer, status: 200 },
  },
  {
    name: "voting in a poll in a hidden community",
    viewer: (w) => w.outsider,
    holds: (w) => w.polls.hidden,
    absent: () => UNKNOWN_ID,
    ask: (_w, id) => api("POST", `/api/v1/polls/${id}/votes`, { options: [0] }),
    control: { viewer: (w) => w.insider, status: 201 },
  },
  {
    name: "adding a poll to a thread in a hidden community",
    viewer: (w) => w.outsider,
    holds: (w) => w.hidden.thread.id,
    absent: () => UNKNOWN_ID,
    ask: (_w, id) => api("POST", `/api/v1/threads/${id}/poll`, { question: "Which day?", options: ["Tuesday", "Thursday"] }),
    control: { viewer: (w) => w.insider, status: 409 },
  },
  // Last: its control hides the post, which the reaction rows above still react to.
  {
    name: "hide a post in a carers' space, as a member who does not moderate",
    viewer: (w) => w.member,
    holds: (w) => w.open.carersThread.postId,
    absent: () => UNKNOWN_ID,
    ask: (_w, id) => api("POST", "/api/v1/moderation/actions", { targetType: "post", targetId: id, action: "hide", reason: "Probing." }),
    control: { viewer: (w) => w.owner, status: 201 },
  },
];

let t: TestApp;
let w: World;

beforeAll(async () => {
  t = await createTestApp();
  const [insider, owner, writer, carer, member, outsider, stranger] = [
    await signUp(t),
    await signUp(t),
    await signUp(t),
    await signUp(t, { carer: true }),
    await signUp(t),
    await signUp(t),
    await signUp(t),
  ];
  const hidden = await createCommunity(t, insider, { visibility: "hidden" });
  const membersOnly = await createCommunity(t, owner, { visibility: "members" });
  await join(t, writer, membersOnly.slug);
  const open = await createCommunity(t, owner);
  const carers = await createSpace(t, owner, open.slug, "carers");
  for (const m of [carer, member]) await join(t, m, open.slug);
  const names = new Map<string, string>();
  for (const m of [insider, stranger, writer, carer]) {
    names.set(m.personaId, (await t.request({ method: "GET", url: `/api/v1/personas/${m.personaId}` })).json().displayName);
  }
  w = {
    insider,
    hidden: { slug: hidden.slug, thread: await startThread(t, insider, hidden.slug) },
    membersOnly: { slug: membersOnly.slug, thread: await startThread(t, writer, membersOnly.slug) },
    writer,
    open: { slug: open.slug, thread: await startThread(t, owner, open.slug), carersThread: await startThread(t, carer, open.slug, carers.slug) },
    carer,
    member,
    owner,
    outsider,
    stranger,
    names,
    polls: { hidden: "", membersOnly: "" },
  };
  const poll = async (who: Member, threadId: string) =>
    (await t.request({ method: "POST", url: `/api/v1/threads/${threadId}/poll`, token: who.token, payload: { question: "Which day?", options: ["Tuesday", "Thursday"] } })).json().id as string;
  w.polls = { hidden: await poll(insider, w.hidden.thread.id), membersOnly: await poll(writer, w.membersOnly.thread.id) };
});
afterAll(async () => t?.close());

/** Sends a row's request as `who`: a bearer token for the API, the session cookie for pages. */
function send(who: Member, options: InjectOptions): Promise<LightMyRequestResponse> {
  const url = String(options.url);
  if (url.startsWith("/api/")) return t.request({ ...options, token: who.token });
  return t.request({ ...options, headers: { cookie: `hearth_session=${who.token}` } });
}

/** Status and body with the probed target, its display name, new ids and times, and per-request tokens put out of the way. */
function normalised(response: LightMyRequestResponse, target: string) {
  let body = response.body.replaceAll(target, "<target>");
  const name = w.names.get(target);
  if (name) body = body.replaceAll(name, "<name>");
  body = body
    .replace(/name="_csrf" value="[^"]*"/g, 'name="_csrf" value="<csrf>"')
    .replace(/"id":"[A-Za-z0-9_-]{16}"/g, '"id":"<new id>"')
    .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/g, "<time>");
  return { status: response.statusCode, body };
}

describe("answers to someone who cannot see the target do not depend on the hidden fact", () => {
  it.each(ROWS.map((row) => [row.name, row] as const))("%s", async (_name, row) => {
    const viewer = row.viewer(w);
    const holds = normalised(await send(viewer, row.ask(w, row.holds(w))), row.holds(w));
    const absent = normalised(await send(viewer, row.ask(w, row.absent(w))), row.absent(w));
    expect(holds, `${row.name}: the answer when the hidden fact holds`).toEqual(absent);

    // Positive control: someone who can see the target gets a successful answer, and a different one
    // (for persona views, which say nothing about belonging, the same answer is the right one).
    const seen = await send(row.control.viewer(w), row.ask(w, row.holds(w)));
    expect(seen.statusCode, `${row.name}: control ${seen.body}`).toBe(row.control.status);
    if (holds.status !== row.control.status) expect(normalised(seen, row.holds(w))).not.toEqual(holds);
  });

  it("has a row for every kind of endpoint the issue names", () => {
    const urls = ROWS.map((row) => String(row.ask(w, "x").url));
    for (const needed of ["/api/v1/flags", "/api/v1/personas/x", "/personas/x", "/api/v1/communities/x", "/c/x", "/api/v1/communities/x/members", "/api/v1/communities/x/spaces", "/api/v1/moderation/actions", "/api/v1/posts/x/reactions"]) {
      expect(urls, needed).toContain(needed);
    }
  });
});
