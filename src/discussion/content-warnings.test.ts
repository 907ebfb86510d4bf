/**
 * Content warnings on threads and the community's help page (ADR 39): a warning from
 * outside the community's list, or crisis resources with a country that is no ISO code,
 * are refused naming the field with nothing written; the opening post is folded in
 * <details> on the thread page with the title and warnings in view.
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

const threads = async () => Number((await sql<{ n: string }>`select count(*) as n from threads`.execute(t.database.db)).rows[0]!.n);

async function scene(visibility = "public") {
  const owner = await signUp(t);
  const author = await signUp(t);
  const other = await signUp(t);
  const community = await createCommunity(t, owner, { visibility });
  if (visibility !== "hidden") for (const m of [author, other]) await join(t, m, community.slug);
  const post = (payload: Record<string, unknown>, token = author.token) =>
    t.request({ method: "POST", url: `/api/v1/communities/${community.slug}/spaces/general/threads`, token, payload: { title: "Saying goodbye", body: "Dad died last week.", ...payload } });
  return { owner, author, other, community, post };
}

describe("content warnings", () => {
  it("take only the community's warnings: another is a 400 naming contentWarnings, and no thread is written", async () => {
    const { post } = await scene();
    const before = await threads();
    const refused = await post({ contentWarnings: ["bereavement", "spiders"] });
    expect(refused.statusCode).toBe(400);
    expect(Object.keys(refused.json().error.fields)).toEqual(["contentWarnings"]);
    expect(await threads()).toBe(before);
    const made = await post({ contentWarnings: ["Bereavement", "end of life"] });
    expect(made.statusCode, made.body).toBe(201);
    const thread = (await t.request({ method: "GET", url: `/api/v1/threads/${made.json().id}` })).json();
    expect(thread.contentWarnings).toEqual(["bereavement", "end of life"]);
  });

  it("follow the charter's own list once it has one, and can be changed later by the author, not by another member", async () => {
    const { owner, author, other, community, post } = await scene();
    const patched = await t.request({ method: "PATCH", url: `/api/v1/communities/${community.slug}`, token: owner.token, payload: { charter: { contentWarnings: ["needles", "bereavement"] } } });
    expect(patched.statusCode, patched.body).toBe(200);
    expect((await post({ contentWarnings: ["end of life"] })).statusCode).toBe(400);
    const made = (await post({})).json();
    const url = `/api/v1/threads/${made.id}/content-warnings`;
    expect((await t.request({ method: "PUT", url, token: other.token, payload: { contentWarnings: ["needles"] } })).statusCode).toBe(403);
    const changed = await t.request({ method: "PUT", url, token: author.token, payload: { contentWarnings: ["needles"] } });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json().contentWarnings).toEqual(["needles"]);
  });

  it("fold the opening post's words in <details> on the thread page, the title and warning in view, and label the thread in lists", async () => {
    const { community, post } = await scene();
    const made = (await post({ title: "Saying goodbye", body: "Dad died last week, peacefully.", contentWarnings: ["end of life"] })).json();
    const page = await (await newBrowser(t)).get(`/t/${made.id}`);
    expect(page.body).toMatch(/<h1[^>]*>Saying goodbye<\/h1>/);
    expect(page.body).toMatch(/<details class="content-warning"><summary><span class="content-warning-label">Content warning: end of life<\/span> <span class="content-warning-show">Show<\/span><\/summary><div class="post-body"[^>]*><p>Dad died last week, peacefully.<\/p>/);
    const space = await (await newBrowser(t)).get(`/c/${community.slug}/s/general`);
    expect(space.body).toContain("Content warning: end of life");
    expect(space.body).not.toContain("Dad died last week");
  });

  it("are ticked in the composer, which sends them to the same checks", async () => {
    const { author, community } = await scene();
    const browser = await newBrowser(t, author);
    const space = await browser.get(`/c/${community.slug}/s/general`);
    expect(space.body).toContain('name="contentWarnings" value="pregnancy loss"');
    const posted = await browser.post(`/c/${community.slug}/s/general/threads`, { title: "A hard week", body: "We lost the baby.", contentWarnings: ["pregnancy loss", "bereavement"] });
    expect(posted.statusCode, posted.body).toBe(303);
    const id = String(posted.headers.location).split("/").pop()!;
    expect((await t.request({ method: "GET", url: `/api/v1/threads/${id}` })).json().contentWarnings).toEqual(["pregnancy loss", "bereavement"]);
    const before = await threads();
    const refused = await browser.post(`/c/${community.slug}/s/general/threads`, { title: "A hard week", body: "Words.", contentWarnings: "spiders" });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain("is not one of this community");
    expect(await threads()).toBe(before);
  });
});

describe("changing a thread's warnings from its page", () => {
  it("offers the author the community's warnings ticked as they are, and saves a change (untick all: none)", async () => {
    const { author, other, post } = await scene();
    const made = (await post({ contentWarnings: ["bereavement"] })).json();
    const browser = await newBrowser(t, author);
    const page = await browser.get(`/t/${made.id}`);
    expect(page.body).toContain(`action="/t/${made.id}/content-warnings"`);
    expect(page.body).toMatch(/name="contentWarnings" value="bereavement" checked/);
    expect((await browser.post(`/t/${made.id}/content-warnings`, { contentWarnings: ["end of life", "bereavement"] })).statusCode).toBe(303);
    expect((await t.request({ method: "GET", url: `/api/v1/threads/${made.id}` })).json().contentWarnings).toEqual(["end of life", "bereavement"]);
    expect((await browser.post(`/t/${made.id}/content-warnings`, {})).statusCode).toBe(303);
    expect((await t.request({ method: "GET", url: `/api/v1/threads/${made.id}` })).json().contentWarnings).toEqual([]);
    const stranger = await newBrowser(t, other);
    expect((await stranger.get(`/t/${made.id}`)).body).not.toContain(`action="/t/${made.id}/content-warnings"`);
    expect((await stranger.post(`/t/${made.id}/content-warnings`, { contentWarnings: "bereavement" })).statusCode).toBe(403);
    // The author, with a warning from outside the list: refused, and the thread keeps what it had.
    expect((await browser.post(`/t/${made.id}/content-warnings`, { contentWarnings: "needles" })).statusCode).toBe(400);
    expect((await t.request({ method: "GET", url: `/api/v1/threads/${made.id}` })).json().contentWarnings).toEqual([]);
  });
});

describe("crisis resources and the help page", () => {
  it("refuse a country that is no ISO 3166-1 alpha-2 code, naming the field, and keep the charter as it was", async () => {
    const { owner, community } = await scene();
    const before = (await t.request({ method: "GET", url: `/api/v1/communities/${community.slug}` })).json().charter;
    for (const country of ["U1", "ZZ"]) {
      const refused = await t.request({ method: "PATCH", url: `/api/v1/communities/${community.slug}`, token: owner.token, payload: { charter: { crisisResources: [{ country, name: "Samaritans", phone: "116 123" }] } } });
      expect(refused.statusCode).toBe(400);
      expect(Object.keys(refused.json().error.fields)[0]).toMatch(/^charter\.crisisResources(\[0\]|\.0)\.country$/);
    }
    expect((await t.request({ method: "GET", url: `/api/v1/communities/${community.slug}` })).json().charter).toEqual(before);
  });

  it("show the danger-now line and the resources by country, from every community page's footer", async () => {
    const { owner, community } = await scene();
    await t.request({
      method: "PATCH",
      url: `/api/v1/communities/${community.slug}`,
      token: owner.token,
      payload: { charter: { crisisResources: [{ country: "GB", name: "Samaritans", phone: "116 123", url: "https://www.samaritans.org", hours: "24 hours, every day" }] } },
    });
    const browser = await newBrowser(t);
    const help = await browser.get(`/c/${community.slug}/help`);
    expect(help.statusCode).toBe(200);
    expect(help.body).toContain("call your local emergency number.");
    expect(help.body).toContain("In United Kingdom");
    expect(help.body).toContain('<a href="tel:116123">116 123</a>');
    const home = await browser.get(`/c/${community.slug}`);
    expect(home.body).toMatch(new RegExp(`<footer class="site-footer"><p class="footer-help"><a href="/c/${community.slug}/help">`));
  });

  it("are a link away in the footer of every page where a member reads, writes or checks in", async () => {
    const { owner, community } = await scene();
    const thread = (await startThread(t, owner, community.slug, "general", { title: "Mornings", body: "How do you start the day?" })) as { id: string };
    const { rows } = await sql<{ id: string }>`select id from posts where thread_id = ${thread.id}`.execute(t.database.db);
    const browser = await newBrowser(t, owner);
    const footer = `<footer class="site-footer"><p class="footer-help"><a href="/c/${community.slug}/help">`;
    const pages = [
      `/c/${community.slug}`,
      `/c/${community.slug}/checkin`,
      `/c/${community.slug}/members`,
      `/c/${community.slug}/welcome`,
      `/c/${community.slug}/settings`,
      `/c/${community.slug}/s/general`,
      `/t/${thread.id}`,
      `/t/${thread.id}/title`,
      `/t/${thread.id}/poll/new`,
      `/p/${rows[0]!.id}/edit`,
      `/p/${rows[0]!.id}/history`,
    ];
    for (const path of pages) {
      const page = await browser.get(path);
      expect({ path, status: page.statusCode }).toEqual({ path, status: 200 });
      expect({ path, footer: page.body.includes(footer) }).toEqual({ path, footer: true });
    }
    // A page that belongs to no community has no community's link.
    expect((await browser.get("/notifications")).body).not.toContain('class="footer-help"');
  });

  it("answer a hidden community's help page like a missing one", async () => {
    const { community } = await scene("hidden");
    const outsider = await newBrowser(t, await signUp(t));
    const hidden = await outsider.get(`/c/${community.slug}/help`);
    const missing = await outsider.get(`/c/no-such-place-here/help`);
    expect(hidden.statusCode).toBe(404);
    expect(missing.statusCode).toBe(404);
  });
});
