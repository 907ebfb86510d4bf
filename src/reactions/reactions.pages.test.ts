import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test/helpers/test-app.ts";
import { createCommunity, join, signUp, startThread } from "../../test/helpers/factories.ts";
import { newBrowser } from "../../test/helpers/browser-form.ts";
import { signedInAdmin, verifiedClinician } from "../../test/helpers/clinician-fixtures.ts";

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

/** The reaction buttons of a page as a person meets them: their words and whether they show as pressed. */
const buttons = (html: string) =>
  [...html.matchAll(/<button type="submit" class="reaction-button[^"]*" aria-pressed="(true|false)">([^<]*)<\/button>/g)].map((m) => ({
    pressed: m[1] === "true",
    words: m[2],
  }));

const thanksCount = async (threadId: string) =>
  (await t.request({ method: "GET", url: `/api/v1/threads/${threadId}` })).json().posts.items[0].reactions.thanks as number;

describe("reaction buttons on the thread page", () => {
  it("shows a member the four reactions as buttons in words, nothing pressed yet", async () => {
    const { member, thread } = await threadWithMember();
    const browser = await newBrowser(t, member);
    const page = await browser.get(`/t/${thread.id}`);
    expect(page.statusCode).toBe(200);
    expect(buttons(page.body)).toEqual([
      { pressed: false, words: "Thanks" },
      { pressed: false, words: "Me too" },
      { pressed: false, words: "Hug" },
      { pressed: false, words: "Helpful" },
    ]);
    expect(page.body).toContain(`action="/p/${thread.postId}/reactions"`);
  });

  it("gives a reaction without JavaScript, comes back to the post, shows it pressed in words, and takes it back", async () => {
    const { member, thread } = await threadWithMember();
    const browser = await newBrowser(t, member);
    await browser.get(`/t/${thread.id}`);

    const given = await browser.post(`/p/${thread.postId}/reactions`, { kind: "thanks", back: `/t/${thread.id}` });
    expect(given.statusCode, given.body).toBe(303);
    expect(given.headers.location).toBe(`/t/${thread.id}#post-${thread.postId}`);
    expect(await thanksCount(thread.id)).toBe(1);
    const page = await browser.get(`/t/${thread.id}`);
    expect(buttons(page.body)[0]).toEqual({ pressed: true, words: "Thanks 1 (yours)" });

    const taken = await browser.post(`/p/${thread.postId}/reactions`, { kind: "thanks", back: `/t/${thread.id}` });
    expect(taken.statusCode).toBe(303);
    expect(await thanksCount(thread.id)).toBe(0);
    expect(buttons((await browser.get(`/t/${thread.id}`)).body)[0]).toEqual({ pressed: false, words: "Thanks" });
  });

  it("shows others' reactions as counts, unpressed", async () => {
    const { owner, member, thread } = await threadWithMember();
    const browser = await newBrowser(t, member);
    await browser.get(`/t/${thread.id}`);
    await browser.post(`/p/${thread.postId}/reactions`, { kind: "hug", back: `/t/${thread.id}` });

    const ownerPage = await (await newBrowser(t, owner)).get(`/t/${thread.id}`);
    expect(buttons(ownerPage.body)[2]).toEqual({ pressed: false, words: "Hug 1" });
  });

  it("shows guests and people who have not joined the counts only, with no buttons", async () => {
    const { member, thread } = await threadWithMember();
    const browser = await newBrowser(t, member);
    await browser.get(`/t/${thread.id}`);
    await browser.post(`/p/${thread.postId}/reactions`, { kind: "me_too", back: `/t/${thread.id}` });

    for (const reader of [await newBrowser(t), await newBrowser(t, await signUp(t))]) {
      const page = await reader.get(`/t/${thread.id}`);
      expect(page.body).toContain("Me too 1");
      expect(buttons(page.body)).toEqual([]);
      expect(page.body).not.toContain("/reactions");
    }
  });

  it("goes back only to a page of this site, and refuses a form without its CSRF field", async () => {
    const { member, thread } = await threadWithMember();
    const browser = await newBrowser(t, member);
    await browser.get(`/t/${thread.id}`);
    const elsewhere = await browser.post(`/p/${thread.postId}/reactions`, { kind: "helpful", back: "//evil.example/t" });
    // Refused before the reaction is given (ADR 19), not replaced by the thread.
    expect(elsewhere.statusCode).toBe(400);
    expect(elsewhere.headers.location).toBeUndefined();
    const read = await t.request({ method: "GET", url: `/api/v1/threads/${thread.id}` });
    expect(read.json().posts.items[0].reactions.helpful).toBe(0);

    const forged = await browser.post(`/p/${thread.postId}/reactions`, { kind: "thanks" }, { csrf: false });
    expect(forged.statusCode).toBe(403);
    expect(await thanksCount(thread.id)).toBe(0);
  });

  it("explains on an error page why someone who has not joined cannot react", async () => {
    const { thread } = await threadWithMember();
    const browser = await newBrowser(t, await signUp(t));
    await browser.get(`/t/${thread.id}`);
    const refused = await browser.post(`/p/${thread.postId}/reactions`, { kind: "thanks" });
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain("Join this community to react to posts here.");
  });

  it("explains the same refusal, and a kind it does not know, in Welsh to a Welsh reader", async () => {
    const { thread } = await threadWithMember();
    const browser = await newBrowser(t, await signUp(t));
    browser.cookies.set("hearth_locale", "cy");
    await browser.get(`/t/${thread.id}`);
    const refused = await browser.post(`/p/${thread.postId}/reactions`, { kind: "thanks" });
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain("Ymunwch â'r gymuned hon i ymateb i negeseuon yma.");
    expect(refused.body).not.toContain("Join this community to react to posts here.");
    const unknown = await browser.post(`/p/${thread.postId}/reactions`, { kind: "applause" });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toContain("dewiswch un o thanks, me_too, hug, helpful");
  });
});

describe("the reaction button of an account that reacted as three personas", () => {
  it("takes back only the personal persona's reaction: the count drops by exactly one", async () => {
    const admin = await signedInAdmin(t);
    const clinician = await verifiedClinician(t, admin);
    const { community, thread } = await threadWithMember();
    await join(t, clinician, community.slug);
    for (const personaId of [clinician.personaId, clinician.professional.id, clinician.anonymous.id]) {
      const given = await t.request({ method: "POST", url: `/api/v1/posts/${thread.postId}/reactions`, token: clinician.token, payload: { kind: "thanks", personaId } });
      expect(given.statusCode, given.body).toBe(201);
    }
    expect(await thanksCount(thread.id)).toBe(3);

    const browser = await newBrowser(t, clinician);
    await browser.get(`/t/${thread.id}`);
    const taken = await browser.post(`/p/${thread.postId}/reactions`, { kind: "thanks", back: `/t/${thread.id}` });
    expect(taken.statusCode, taken.body).toBe(303);
    expect(await thanksCount(thread.id)).toBe(2);
    // Pressing again gives it back as the personal persona; the other two were never touched.
    const again = await browser.post(`/p/${thread.postId}/reactions`, { kind: "thanks", back: `/t/${thread.id}` });
    expect(again.statusCode).toBe(303);
    expect(await thanksCount(thread.id)).toBe(3);
  });
});
