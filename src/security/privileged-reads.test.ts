/**
 * HEARTH_REQUIRE_2FA covers reads too (ADR 23): whatever a moderator reads only
 * because of the role waits for two-step sign-in. Lists and objects of the role (flag
 * queue, members, requests to join, someone else's edit history) answer 403
 * second_factor_required; content the role opens (a carers' space, hidden words)
 * is simply not there, as for any member, until it is on.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createCommunity, createSpace, join, reply, setRole, signUp, startThread, type Member } from "../../test/helpers/factories.ts";
import { enrolSecondFactor, useSteppingClock } from "../../test/helpers/second-factor.ts";
import { newBrowser } from "../../test/helpers/browser-form.ts";
import { createTestApp, type TestApp } from "../../test/helpers/test-app.ts";

let t: TestApp;
let owner: Member;
let moderator: Member;
let carer: Member;
let author: Member;
let slug: string;
let carersSpace: string;
let carersThread: { id: string; postId: string };
let editedPost: string;
let hiddenThread: { id: string; postId: string };

const CARERS_WORDS = "respite fortnight arrangements";
const HIDDEN_WORDS = "a phone number for a private clinic";

beforeAll(async () => {
  useSteppingClock();
  t = await createTestApp({ env: { HEARTH_REQUIRE_2FA: "1" } });
  owner = await signUp(t);
  moderator = await signUp(t);
  carer = await signUp(t, { carer: true });
  author = await signUp(t);
  slug = (await createCommunity(t, owner)).slug;
  await enrolSecondFactor(t, owner);
  carersSpace = (await createSpace(t, owner, slug, "carers")).slug;
  for (const person of [moderator, carer, author]) await join(t, person, slug);
  await setRole(t, owner, slug, moderator, "moderator");
  carersThread = await startThread(t, carer, slug, carersSpace, { title: "Respite care", body: `Has anyone sorted ${CARERS_WORDS}?` });
  const opening = await startThread(t, author, slug);
  editedPost = opening.postId;
  const edit = await t.request({ method: "PATCH", url: `/api/v1/posts/${editedPost}`, token: author.token, payload: { body: "I took out what I regretted." } });
  expect(edit.statusCode, edit.body).toBe(200);
  hiddenThread = await startThread(t, author, slug, "general", { title: "Where to go", body: `Here is ${HIDDEN_WORDS}.` });
  await reply(t, author, hiddenThread.id);
  const flag = await t.request({ method: "POST", url: "/api/v1/flags", token: carer.token, payload: { targetType: "post", targetId: editedPost, reason: "spam" } });
  expect(flag.statusCode, flag.body).toBe(201);
  const hide = await t.request({
    method: "POST",
    url: "/api/v1/moderation/actions",
    token: owner.token,
    payload: { targetType: "post", targetId: hiddenThread.postId, action: "hide", reason: "Advertising." },
  });
  expect(hide.statusCode, hide.body).toBe(201);
});
afterAll(async () => {
  await t?.close();
  vi.useRealTimers();
});

const get = (who: Member, url: string) => t.request({ method: "GET", url, token: who.token });

function expectSecondFactorRequired(response: { statusCode: number; body: string }) {
  expect(response.statusCode, response.body).toBe(403);
  expect(JSON.parse(response.body).error.code).toBe("second_factor_required");
}

/** Every read the moderator's role opens, with what a person would notice in the answer. */
async function privilegedReads(who: Member) {
  const thread = await get(who, `/api/v1/threads/${hiddenThread.id}`);
  const search = await get(who, `/api/v1/search?q=${encodeURIComponent(CARERS_WORDS)}`);
  return {
    queue: await get(who, `/api/v1/communities/${slug}/moderation/queue`),
    members: await get(who, `/api/v1/communities/${slug}/members`),
    pending: await get(who, `/api/v1/communities/${slug}/members?status=pending`),
    history: await get(who, `/api/v1/posts/${editedPost}/revisions`),
    carersList: await get(who, `/api/v1/communities/${slug}/spaces/${carersSpace}/threads`),
    carersThread: await get(who, `/api/v1/threads/${carersThread.id}`),
    spaces: (await get(who, `/api/v1/communities/${slug}/spaces`)).json().items.map((s: { slug: string }) => s.slug) as string[],
    searchFinds: search.body.includes(carersThread.id),
    // Found by id, not by place: under the test's faked clock PGlite's now() can order two posts of one instant either way.
    hiddenText: ((thread.json().posts.items as { id: string; body: string }[]).find((p) => p.id === hiddenThread.postId)?.body ?? "") as string,
  };
}

describe("reads that only a moderator's role opens, when the host requires two-step sign-in", () => {
  it("are closed to a moderator without it: 403 for the role's own lists, the member's view of content", async () => {
    const reads = await privilegedReads(moderator);
    expectSecondFactorRequired(reads.queue);
    expect(reads.queue.json().error.message).toContain("/settings/security");
    expectSecondFactorRequired(reads.members);
    expectSecondFactorRequired(reads.pending);
    expectSecondFactorRequired(reads.history);
    // Content the role opens is not there, exactly as for a member who is not a carer.
    expect(reads.carersList.statusCode).toBe(404);
    expect(reads.carersThread.statusCode).toBe(404);
    expect(reads.spaces).not.toContain(carersSpace);
    expect(reads.searchFinds).toBe(false);
    expect(reads.hiddenText).not.toContain(HIDDEN_WORDS);
    // The same answers a member gets: one who is not a carer for the space, one who did not write the hidden post.
    expect(reads.carersList.body).toBe((await privilegedReads(author)).carersList.body);
    expect(reads.hiddenText).toBe((await privilegedReads(carer)).hiddenText);
  });

  it("refuses a reply to a hidden thread, which only the role allows", async () => {
    const hidden = await t.request({
      method: "POST",
      url: "/api/v1/moderation/actions",
      token: owner.token,
      payload: { targetType: "thread", targetId: hiddenThread.id, action: "hide", reason: "Advertising." },
    });
    expect(hidden.statusCode, hidden.body).toBe(201);
    expectSecondFactorRequired(await t.request({ method: "POST", url: `/api/v1/threads/${hiddenThread.id}/posts`, token: moderator.token, payload: { body: "Hidden: advertising." } }));
    const unhide = await t.request({
      method: "POST",
      url: "/api/v1/moderation/actions",
      token: owner.token,
      payload: { targetType: "thread", targetId: hiddenThread.id, action: "unhide", reason: "Explained." },
    });
    expect(unhide.statusCode, unhide.body).toBe(201);
  });

  it("shows the members page as a page that says where to set it up", async () => {
    const browser = await newBrowser(t, moderator);
    const page = await browser.get(`/c/${slug}/members`);
    expect(page.statusCode).toBe(403);
    expect(page.body).toContain("/settings/security");
  });

  it("leaves what any member reads alone, and a carer reads the carers' space as a carer", async () => {
    expect((await get(moderator, `/api/v1/communities/${slug}`)).statusCode).toBe(200);
    expect((await get(moderator, `/api/v1/threads/${hiddenThread.id}`)).statusCode).toBe(200);
    const own = await startThread(t, moderator, slug);
    expect((await get(moderator, `/api/v1/posts/${own.postId}/revisions`)).statusCode).toBe(200);
    expect((await get(carer, `/api/v1/threads/${carersThread.id}`)).statusCode).toBe(200);
  });

  it("opens every one of them, in the same session, once it is on", async () => {
    await enrolSecondFactor(t, moderator);
    const reads = await privilegedReads(moderator);
    for (const name of ["queue", "members", "pending", "history", "carersList", "carersThread"] as const) {
      expect(reads[name].statusCode, `${name}: ${reads[name].body}`).toBe(200);
    }
    expect(reads.queue.json().items).toHaveLength(1);
    expect(reads.history.json().items).toHaveLength(1);
    expect(reads.carersList.body).toContain(carersThread.id);
    expect(reads.spaces).toContain(carersSpace);
    expect(reads.searchFinds).toBe(true);
    expect(reads.hiddenText).toContain(HIDDEN_WORDS);
  });
});
