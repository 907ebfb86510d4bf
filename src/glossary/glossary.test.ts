/**
 * The glossary: read by anyone who may see the community (the same 404 as the community
 * where they cannot), kept by its managers, a term twice refused naming `term` with
 * nothing written, and terms marked in posts on the thread page, never in links or code.
 */
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test/helpers/test-app.ts";
import { createCommunity, join, signUp, startThread } from "../../test/helpers/factories.ts";
import { newBrowser } from "../../test/helpers/browser-form.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

const terms = async () => Number((await sql<{ n: string }>`select count(*) as n from glossary_terms`.execute(t.database.db)).rows[0]!.n);

async function scene(visibility = "public") {
  const owner = await signUp(t);
  const member = await signUp(t);
  const community = await createCommunity(t, owner, { visibility });
  if (visibility !== "hidden") await join(t, member, community.slug);
  const add = (term: string, definition: string, token = owner.token) =>
    t.request({ method: "POST", url: `/api/v1/communities/${community.slug}/glossary`, token, payload: { term, definition } });
  return { owner, member, community, add };
}

describe("glossary API", () => {
  it("adds, lists alphabetically and removes terms; members may read but not change it", async () => {
    const { owner, member, community, add } = await scene();
    expect((await add("Spirometry", "A breathing test: you blow hard into a tube.")).statusCode).toBe(201);
    const created = await add("exacerbation", "A flare-up: your symptoms get worse for a few days.");
    expect(created.statusCode).toBe(201);
    const list = await t.request({ method: "GET", url: `/api/v1/communities/${community.slug}/glossary` });
    expect(list.statusCode).toBe(200);
    expect(list.json().terms.map((x: { term: string }) => x.term)).toEqual(["exacerbation", "Spirometry"]);
    expect(list.json().can.manage).toBe(false);
    expect((await add("wheeze", "A whistling breath.", member.token)).statusCode).toBe(403);
    const gone = await t.request({ method: "DELETE", url: `/api/v1/communities/${community.slug}/glossary/${created.json().id}`, token: owner.token });
    expect(gone.statusCode).toBe(204);
    const again = await t.request({ method: "DELETE", url: `/api/v1/communities/${community.slug}/glossary/${created.json().id}`, token: owner.token });
    expect(again.statusCode).toBe(404);
  });

  it("refuses a term twice (ignoring case and spacing) naming `term`, and writes nothing", async () => {
    const { add } = await scene();
    expect((await add("Reliever inhaler", "The blue one, for when you are breathless.")).statusCode).toBe(201);
    const before = await terms();
    const twice = await add("  reliever   INHALER ".replace(/ +/g, " "), "Another definition.");
    expect(twice.statusCode).toBe(400);
    expect(Object.keys(twice.json().error.fields)).toEqual(["term"]);
    expect(await terms()).toBe(before);
  });

  it("answers a hidden community's glossary with the same 404 as a missing one", async () => {
    const { community } = await scene("hidden");
    const outsider = await signUp(t);
    const hidden = await t.request({ method: "GET", url: `/api/v1/communities/${community.slug}/glossary`, token: outsider.token });
    const missing = await t.request({ method: "GET", url: `/api/v1/communities/no-such-place/glossary`, token: outsider.token });
    expect(hidden.statusCode).toBe(404);
    expect(hidden.body).toBe(missing.body);
  });
});

describe("glossary pages", () => {
  it("lists terms as a <dl> with anchors; a manager adds one by form and a term twice comes back with the problem", async () => {
    const { owner, community } = await scene();
    const browser = await newBrowser(t, owner);
    await browser.get(`/c/${community.slug}/glossary`);
    const added = await browser.post(`/c/${community.slug}/glossary`, { term: "Spirometry", definition: "A breathing test." });
    expect(added.statusCode).toBe(303);
    const page = await browser.get(`/c/${community.slug}/glossary`);
    expect(page.body).toMatch(/<dl class="glossary">.*<dt id="term-[^"]+">Spirometry<\/dt>/s);
    const twice = await browser.post(`/c/${community.slug}/glossary`, { term: "spirometry", definition: "Again." });
    expect(twice.statusCode).toBe(400);
    expect(twice.body).toContain("There is a problem");
    expect(twice.body).toContain("is already in the glossary");
    expect(await (await newBrowser(t)).get(`/c/${community.slug}`).then((r) => r.body)).toContain(`href="/c/${community.slug}/glossary"`);
    const id = /<dt id="term-([^"]+)">Spirometry<\/dt>/.exec(page.body)![1]!;
    expect((await browser.post(`/c/${community.slug}/glossary/${id}/delete`)).statusCode).toBe(303);
    expect((await browser.get(`/c/${community.slug}/glossary`)).body).not.toContain(">Spirometry</dt>");
  });

  it("marks a term's first use in a post as a link to its entry described by its definition, but not inside a link or code", async () => {
    const { owner, member, community, add } = await scene();
    const term = (await add("spirometry", "A breathing test: you blow hard into a tube.")).json();
    const thread = await startThread(t, member, community.slug, "general", {
      title: "Test results",
      body: "See [spirometry](https://example.org/spirometry) and `spirometry`. My spirometry was fine; spirometry again next year.",
    });
    const page = await (await newBrowser(t)).get(`/t/${thread.id}`);
    const noteId = `gloss-${thread.postId}-${term.id}`;
    const marked = page.body.match(new RegExp(`<a href="/c/${community.slug}/glossary#term-${term.id}" class="glossary-term" aria-describedby="${noteId}">spirometry</a>`, "g")) ?? [];
    expect(marked).toHaveLength(1);
    expect(page.body).toContain(`My <a href="/c/${community.slug}/glossary#term-${term.id}"`);
    expect(page.body).toContain('<a href="https://example.org/spirometry" rel="nofollow ugc noopener">spirometry</a>');
    expect(page.body).toContain("<code>spirometry</code>");
    expect(page.body).toContain(`<dd id="${noteId}">A breathing test: you blow hard into a tube.</dd>`);
    void owner;
  });
});
