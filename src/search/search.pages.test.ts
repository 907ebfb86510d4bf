import { randomInt } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test/helpers/test-app.ts";
import { createCommunity, createSpace, join, signUp, startThread } from "../../test/helpers/factories.ts";
import { newBrowser } from "../../test/helpers/browser-form.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

/** A made-up word no other test uses, so a search finds only what this test wrote. */
const word = () => Array.from({ length: 10 }, () => String.fromCharCode(97 + randomInt(26))).join("");

const search = (q: string, extra = "") => `/search?q=${encodeURIComponent(q)}${extra}`;

describe("search page", () => {
  it("shows just the form when nothing has been searched for", async () => {
    const page = await (await newBrowser(t)).get("/search");
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<label for="field-q">Search for</label>');
    expect(page.body).toContain('role="search"');
    expect(page.body).not.toContain("Results for");
  });

  it("finds a public post for a guest, but not one in a members-only space", async () => {
    const owner = await signUp(t);
    const community = await createCommunity(t, owner);
    const secretSpace = await createSpace(t, owner, community.slug, "members");
    const shared = word();
    const open = await startThread(t, owner, community.slug, "general", { title: "Open to all", body: `My ${shared} routine in the morning.` });
    const hidden = await startThread(t, owner, community.slug, secretSpace.slug, { title: "Just for members", body: `Private ${shared} worries.` });

    const guest = await newBrowser(t);
    const page = await guest.get(search(shared));
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`href="/t/${open.id}#post-${open.postId}"`);
    expect(page.body).toContain(`<mark>${shared}</mark>`);
    expect(page.body).toContain(`${community.name} › General`);
    expect(page.body).toContain('<span class="badge badge-personal">Personal</span>');
    expect(page.body).not.toContain(hidden.id);
    expect(page.body).not.toContain("Just for members");

    const member = await newBrowser(t, owner);
    expect((await member.get(search(shared))).body).toContain(`/t/${hidden.id}#post-${hidden.postId}`);
  });

  it("finds a member's own reply straight after it is posted", async () => {
    const owner = await signUp(t);
    const community = await createCommunity(t, owner);
    const member = await signUp(t);
    await join(t, member, community.slug);
    const thread = await startThread(t, owner, community.slug);
    const fresh = word();
    const browser = await newBrowser(t, member);
    await browser.get(`/t/${thread.id}`);
    const posted = await browser.post(`/t/${thread.id}/replies`, { body: `Trying ${fresh} today.` });
    expect(posted.statusCode).toBe(303);
    const postId = (posted.headers.location as string).split("#post-")[1];
    const page = await browser.get(search(fresh));
    expect(page.body).toContain(`href="/t/${thread.id}#post-${postId}"`);
  });

  it("says so when nothing matches, and keeps the words in the box", async () => {
    const page = await (await newBrowser(t)).get(search("zzqqxxnothing"));
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('value="zzqqxxnothing"');
    expect(page.body).toContain("Nothing you can read matches those words.");
  });

  it("pages through many results with More results", async () => {
    const owner = await signUp(t);
    const community = await createCommunity(t, owner);
    const many = word();
    for (let i = 0; i < 21; i++) await startThread(t, owner, community.slug, "general", { title: `Thread ${i}`, body: `About ${many}, part ${i}.` });
    const browser = await newBrowser(t);
    const first = await browser.get(search(many, `&community=${community.slug}`));
    const next = first.body.match(/href="([^"]+)">More results</)?.[1]?.replaceAll("&amp;", "&");
    expect(next).toContain("cursor=");
    expect(next).toContain(`community=${community.slug}`);
    const second = await browser.get(next!);
    expect(second.statusCode).toBe(200);
    expect(second.body).toContain("<mark>");
  });

  it("treats odd or hostile queries as words, never as markup or a crash", async () => {
    const browser = await newBrowser(t);
    const hostile = await browser.get(search("<script>alert(1)</script>"));
    expect(hostile.statusCode).toBe(200);
    expect(hostile.body).not.toMatch(/<script/i);
    expect((await browser.get("/search?q=one&q=two")).statusCode).toBe(200);
    const long = await browser.get(search("x".repeat(300)));
    expect(long.statusCode).toBe(400);
    expect(long.body).toContain('id="field-q-error"');
    const badCursor = await browser.get(search("mornings", "&cursor=bm9wZQ"));
    expect(badCursor.statusCode).toBe(400);
    expect(badCursor.body).toContain("That link to more results no longer works.");
    expect((await browser.get(search("mornings", "&community=no-such-place"))).statusCode).toBe(404);
  });

  it("shows a script tag a member wrote as text, escaped by the page, with the match marked", async () => {
    const owner = await signUp(t);
    const community = await createCommunity(t, owner);
    const marker = word();
    // ts_headline drops what its parser sees as whole tags; an unfinished one reaches the snippet as text.
    const thread = await startThread(t, owner, community.slug, "general", {
      title: "Why <script>alert(1)</script> here",
      body: `Before <script>alert(1)</script ${marker} after`,
    });
    const page = await (await newBrowser(t)).get(search(marker));
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`href="/t/${thread.id}#post-${thread.postId}"`);
    expect(page.body).toContain(`alert(1)&lt;/script <mark>${marker}</mark> after`);
    expect(page.body).toContain("Why &lt;script>alert(1)&lt;/script> here");
    expect(page.body).not.toMatch(/<script/i);
  });
});
