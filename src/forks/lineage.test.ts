/**
 * A fork's lineage on both sides (ADR 43), a hidden fork told to nobody who cannot see it (not
 * by its name, not by a count), an anonymous persona carried as itself with nothing of its
 * account, and forking and answering from the pages without JavaScript.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test/helpers/test-app.ts";
import { createCommunity, join, reply, signUp, startThread, type Member } from "../../test/helpers/factories.ts";
import { makeClinician, signedInAdmin } from "../../test/helpers/clinician-fixtures.ts";
import { newBrowser } from "../../test/helpers/browser-form.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ work: true });
});
afterAll(async () => t?.close());

const newSlug = () => `f-${Math.random().toString(36).slice(2, 10)}`;
const fork = async (member: Member, slug: string, payload: Record<string, unknown>) => {
  const made = await t.request({ method: "POST", url: `/api/v1/communities/${slug}/forks`, token: member.token, payload });
  expect(made.statusCode, made.body).toBe(201);
  return made.json() as { slug: string; name: string };
};
const lineage = (slug: string, member?: Member) => t.request({ method: "GET", url: `/api/v1/communities/${slug}/lineage`, ...(member ? { token: member.token } : {}) });

describe("a fork's lineage", () => {
  it("is shown on both sides: the fork says where it came from and when, the parent lists its forks", async () => {
    const owner = await signUp(t);
    const parent = await createCommunity(t, owner, { name: "Breathe easy" });
    const thread = await startThread(t, owner, parent.slug);
    const made = await fork(owner, parent.slug, { slug: newSlug(), name: "Breathe easy carers", spaces: ["general"] });

    const ofFork = (await lineage(made.slug)).json();
    expect(ofFork.parent).toMatchObject({ slug: parent.slug, name: "Breathe easy" });
    expect(Date.parse(ofFork.parent.carriedThrough)).toBeLessThanOrEqual(Date.parse(ofFork.parent.forkedAt));
    expect(ofFork.forks).toEqual([]);
    const ofParent = (await lineage(parent.slug)).json();
    expect(ofParent).toMatchObject({ parent: null, forks: [{ slug: made.slug, name: "Breathe easy carers" }] });
    // Words written after the fork's point stay behind.
    await reply(t, owner, thread.id, "Written after the fork.");

    const guest = await newBrowser(t);
    const forkPage = await guest.get(`/c/${made.slug}`);
    const date = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium" }).format(new Date(ofFork.parent.forkedAt));
    expect(forkPage.body).toContain(`Forked from Breathe easy on ${date}.`);
    expect(forkPage.body).toContain(`href="/c/${parent.slug}"`);
    const parentPage = await guest.get(`/c/${parent.slug}`);
    expect(parentPage.body).toContain("Forks of this community");
    expect(parentPage.body).toContain(`href="/c/${made.slug}"`);
    expect(JSON.stringify((await t.request({ method: "GET", url: `/api/v1/threads/${thread.id}` })).json())).toContain("Written after the fork.");
  });

  it("does not reveal a hidden fork, by name or by count, to anyone who cannot see it, and shows it to its members", async () => {
    const owner = await signUp(t);
    const parent = await createCommunity(t, owner);
    const member = await signUp(t);
    await join(t, member, parent.slug);
    const visible = await fork(owner, parent.slug, { slug: newSlug(), name: "Seen fork", spaces: ["general"] });
    const secret = await fork(owner, parent.slug, { slug: newSlug(), name: "Secret fork", spaces: ["general"] });
    expect((await t.request({ method: "PATCH", url: `/api/v1/communities/${secret.slug}`, token: owner.token, payload: { visibility: "hidden" } })).statusCode).toBe(200);

    for (const viewer of [undefined, member]) {
      const seen = (await lineage(parent.slug, viewer)).json();
      expect(seen.forks.map((f: { slug: string }) => f.slug)).toEqual([visible.slug]);
      const page = (await (await newBrowser(t, viewer)).get(`/c/${parent.slug}`)).body;
      expect(page).not.toContain("Secret fork");
      expect(page).not.toContain(secret.slug);
      expect((await lineage(secret.slug, viewer)).statusCode).toBe(404);
    }
    expect((await lineage(parent.slug, owner)).json().forks.map((f: { slug: string }) => f.slug)).toEqual([visible.slug, secret.slug]);
    expect((await (await newBrowser(t, owner)).get(`/c/${parent.slug}`)).body).toContain("Secret fork");
  });
});

describe("an anonymous persona in a fork", () => {
  it("travels as the same persona, with nothing of its account on the fork's pages or answers", async () => {
    const admin = await signedInAdmin(t);
    const clinician = await makeClinician(t, admin);
    const owner = await signUp(t);
    const parent = await createCommunity(t, owner);
    await join(t, clinician, parent.slug);
    expect((await t.request({ method: "PUT", url: "/api/v1/me/preferences", token: clinician.token, payload: { travelWithForks: "yes" } })).statusCode).toBe(200);
    const started = await t.request({
      method: "POST",
      url: `/api/v1/communities/${parent.slug}/spaces/general/threads`,
      token: clinician.token,
      payload: { title: "Pacing after rehab", body: "Anonymously: pace the stairs.", personaId: clinician.anonymousPersonaId },
    });
    expect(started.statusCode, started.body).toBe(201);
    const made = await fork(owner, parent.slug, { slug: newSlug(), name: "Pacing", spaces: ["general"] });

    const listed = (await t.request({ method: "GET", url: `/api/v1/communities/${made.slug}/spaces/general/threads` })).json().items as { id: string }[];
    expect(listed).toHaveLength(1);
    const api = await t.request({ method: "GET", url: `/api/v1/threads/${listed[0]!.id}` });
    const page = await (await newBrowser(t)).get(`/t/${listed[0]!.id}`);
    expect(api.json().posts.items[0]).toMatchObject({ body: "Anonymously: pace the stairs.", author: { id: clinician.anonymousPersonaId, displayName: clinician.anonymousName } });
    expect(page.body).toContain(clinician.anonymousName);
    for (const answer of [api.body, page.body, (await lineage(made.slug)).body]) {
      for (const account of [clinician.username, clinician.displayName, clinician.personaId, clinician.id]) expect(answer).not.toContain(account);
    }
  });
});

describe("forking and answering without JavaScript", () => {
  it("forks from the form linked under running the community, and the asked author answers on their page", async () => {
    const owner = await signUp(t);
    const parent = await createCommunity(t, owner, { name: "Long covid Wales" });
    const asked = await signUp(t);
    await join(t, asked, parent.slug);
    await startThread(t, asked, parent.slug, "general", { title: "Brain fog", body: "Lists help me." });
    const browser = await newBrowser(t, owner);
    expect((await browser.get(`/c/${parent.slug}`)).body).toContain(`href="/c/${parent.slug}/forks/new"`);
    const form = await browser.get(`/c/${parent.slug}/forks/new`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toMatch(/<input type="checkbox" id="field-spaces-general" name="spaces" value="general" checked/);

    const refused = await browser.post(`/c/${parent.slug}/forks/new`, { name: "Fog", slug: "Not A Slug", spaces: "general" });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('id="field-slug-error"');
    const slug = newSlug();
    const made = await browser.post(`/c/${parent.slug}/forks/new`, { name: "Fog", slug, purpose: "", spaces: "general" });
    expect(made.statusCode, made.body).toBe(303);
    expect(made.headers.location).toBe(`/c/${slug}`);
    expect((await browser.get(`/c/${slug}`)).body).toContain("Forked from Long covid Wales");
    // A member of the parent may not open the form.
    expect((await (await newBrowser(t, asked)).get(`/c/${parent.slug}/forks/new`)).statusCode).toBe(403);

    await t.services.queue.settle();
    const author = await newBrowser(t, asked);
    expect((await author.get("/settings/forks")).body).toContain(`href="/c/${slug}/fork-consent"`);
    const question = await author.get(`/c/${slug}/fork-consent`);
    expect(question.statusCode).toBe(200);
    expect(question.body).toContain("Brain fog");
    expect(question.body).toContain("Lists help me.");
    const answered = await author.post(`/c/${slug}/fork-consent`, { travel: "yes" });
    expect(answered.statusCode).toBe(303);
    expect((await author.get(`/c/${slug}/fork-consent?saved=1`)).body).toContain("Your answer was saved.");
    const threads = (await t.request({ method: "GET", url: `/api/v1/communities/${slug}/spaces/general/threads`, token: owner.token })).json().items as { title: string }[];
    expect(threads.map((th) => th.title)).toEqual(["Brain fog"]);
  });
});
