import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test/helpers/test-app.ts";
import { createCommunity, join, signUp, startThread } from "../../test/helpers/factories.ts";
import { newBrowser } from "../../test/helpers/browser-form.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

/** The words of a page's follow and bookmark buttons, as a person meets them. */
const allButtons = (html: string) => [...html.matchAll(/<button type="submit" class="follow-button[^"]*">([^<]*)<\/button>/g)].map((m) => m[1]!);
/** The page's own buttons (a thread's, a space's, a persona's), not those of each post. */
const buttons = (html: string) => allButtons(html).filter((words) => !/post by|neges gan/.test(words));

describe("follow and bookmark buttons, without JavaScript", () => {
  it("follow a thread from its page, show it as followed in words, list it on /following, and stop", async () => {
    const owner = await signUp(t);
    const reader = await signUp(t);
    const { slug } = await createCommunity(t, owner);
    const thread = await startThread(t, owner, slug, "general", { title: "Cold mornings" });
    const browser = await newBrowser(t, reader);
    const page = await browser.get(`/t/${thread.id}`);
    expect(buttons(page.body)).toEqual(["Follow this thread", "Bookmark this thread"]);
    const followed = await browser.post(`/t/${thread.id}/follow`, { back: `/t/${thread.id}` });
    expect(followed.statusCode, followed.body).toBe(303);
    expect(followed.headers.location).toBe(`/t/${thread.id}`);
    expect(buttons((await browser.get(`/t/${thread.id}`)).body)).toEqual(["Following — stop following", "Bookmark this thread"]);
    const list = await browser.get("/following");
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain("Cold mornings");
    await browser.get(`/t/${thread.id}`);
    await browser.post(`/t/${thread.id}/follow`, { back: `/t/${thread.id}` });
    expect(buttons((await browser.get(`/t/${thread.id}`)).body)[0]).toBe("Follow this thread");
  });

  it("shows a guest no buttons, and refuses a form without its token", async () => {
    const owner = await signUp(t);
    const { slug } = await createCommunity(t, owner);
    const thread = await startThread(t, owner, slug);
    const guest = await newBrowser(t);
    expect(buttons((await guest.get(`/t/${thread.id}`)).body)).toEqual([]);
    const member = await newBrowser(t, await signUp(t));
    const forged = await member.post(`/t/${thread.id}/follow`, { back: `/t/${thread.id}` }, { csrf: false });
    expect(forged.statusCode).toBe(403);
  });

  it("follows a space and a persona from their pages, but offers no button on one's own persona", async () => {
    const owner = await signUp(t);
    const reader = await signUp(t);
    const { slug } = await createCommunity(t, owner);
    const browser = await newBrowser(t, reader);
    expect(buttons((await browser.get(`/c/${slug}/s/general`)).body)).toEqual(["Follow this space"]);
    expect((await browser.post(`/c/${slug}/s/general/follow`, { back: `/c/${slug}/s/general` })).statusCode).toBe(303);
    expect(buttons((await browser.get(`/c/${slug}/s/general`)).body)).toEqual(["Following — stop following"]);
    expect(buttons((await browser.get(`/personas/${owner.personaId}`)).body)).toEqual([`Follow ${owner.displayName}`]);
    expect((await browser.post(`/personas/${owner.personaId}/follow`, { back: `/personas/${owner.personaId}` })).statusCode).toBe(303);
    expect(buttons((await browser.get(`/personas/${reader.personaId}`)).body)).toEqual([]);
    const list = (await browser.get("/following")).body;
    expect(list).toContain(owner.displayName);
    expect(list).toContain(`href="/c/${slug}/s/general"`);
  });

  it("keeps bookmarks on /bookmarks for their owner only", async () => {
    const owner = await signUp(t);
    const keeper = await signUp(t);
    const { slug } = await createCommunity(t, owner);
    const thread = await startThread(t, owner, slug, "general", { title: "Inhaler technique" });
    const browser = await newBrowser(t, keeper);
    await browser.get(`/t/${thread.id}`);
    expect((await browser.post(`/t/${thread.id}/bookmark`, { back: `/t/${thread.id}` })).statusCode).toBe(303);
    expect(buttons((await browser.get(`/t/${thread.id}`)).body)[1]).toBe("Bookmarked — remove bookmark");
    expect((await browser.get("/bookmarks")).body).toContain("Inhaler technique");
    const other = await newBrowser(t, await signUp(t));
    expect((await other.get("/bookmarks")).body).not.toContain("Inhaler technique");
    expect((await other.get(`/t/${thread.id}`)).body).not.toContain("Bookmarked");
    const account = (await browser.get("/account")).body;
    expect(account).toContain('href="/bookmarks"');
    expect(account).toContain('href="/following"');
  });

  it("turns a type of notification off with a checkbox", async () => {
    const member = await signUp(t);
    const browser = await newBrowser(t, member);
    const page = await browser.get("/notifications/settings");
    expect(page.body).toContain('name="reactions"');
    const saved = await browser.post("/notifications/settings/types", { replies: "on", mentions: "on", follows: "on", followers: "on", polls: "on", welcomes: "on", events: "on", questions: "on" });
    expect(saved.statusCode).toBe(303);
    const prefs = await t.request({ method: "GET", url: "/api/v1/me/preferences", token: member.token });
    expect(prefs.json().notifications).toEqual({ replies: true, mentions: true, follows: true, followers: true, reactions: false, polls: true, welcomes: true, events: true, questions: true });
    const again = await browser.get(saved.headers.location as string);
    expect(again.body).toMatch(/id="field-type-reactions"(?![^>]*checked)/);
  });
});

describe("in Welsh", () => {
  it("says the buttons and the lists in Welsh", async () => {
    const owner = await signUp(t);
    const { slug } = await createCommunity(t, owner);
    const thread = await startThread(t, owner, slug);
    const reader = await signUp(t);
    const response = await t.request({ method: "GET", url: `/t/${thread.id}`, token: reader.token, headers: { "accept-language": "cy" } });
    expect(buttons(response.body)).toEqual(["Dilyn yr edefyn hwn", "Rhoi nod tudalen ar yr edefyn hwn"]);
    expect(allButtons(response.body)).toContain(`Rhoi nod tudalen ar y neges gan ${owner.displayName}`);
  });
});

describe("a post's bookmark button", () => {
  it("names whose post it keeps, keeps it privately, and comes back to the post", async () => {
    const owner = await signUp(t);
    const keeper = await signUp(t);
    const { slug } = await createCommunity(t, owner);
    const thread = await startThread(t, owner, slug, "general", { title: "Breathing out slowly" });
    const browser = await newBrowser(t, keeper);
    const page = await browser.get(`/t/${thread.id}`);
    expect(allButtons(page.body)).toContain(`Bookmark the post by ${owner.displayName}`);
    const kept = await browser.post(`/p/${thread.postId}/bookmark`, { back: `/t/${thread.id}` });
    expect(kept.statusCode).toBe(303);
    expect(kept.headers.location).toBe(`/t/${thread.id}#post-${thread.postId}`);
    expect(allButtons((await browser.get(`/t/${thread.id}`)).body)).toContain(`Bookmarked — remove the bookmark of the post by ${owner.displayName}`);
    expect((await browser.get("/bookmarks")).body).toContain("A post in “Breathing out slowly”");
    const other = await newBrowser(t, await signUp(t));
    expect(allButtons((await other.get(`/t/${thread.id}`)).body)).toContain(`Bookmark the post by ${owner.displayName}`);
  });
});
