/**
 * Running a community from its pages: the charter form, spaces and members, for owners
 * and moderators only; and the community's pages in Welsh.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newBrowser } from "../../test/helpers/browser-form.ts";
import { charterFormFields as communityForm } from "../../test/helpers/charter-form-fields.ts";
import { createCommunity, join, signUp } from "../../test/helpers/factories.ts";
import { createTestApp, type TestApp } from "../../test/helpers/test-app.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ env: { HEARTH_RATE_LIMITS: "0" } });
});
afterAll(async () => t?.close());

describe("running a community", () => {
  it("lets an owner edit the charter, filled in with what it says now", async () => {
    const owner = await signUp(t);
    const community = await createCommunity(t, owner);
    const browser = await newBrowser(t, owner);
    const form = await browser.get(`/c/${community.slug}/settings`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain("Chronic obstructive pulmonary disease | J44.9 | icd-10</textarea>");
    expect(form.body).not.toContain('name="slug"');
    const fields = communityForm({ name: community.name, funding: "A grant from the lung charity." });
    const { slug: _slug, ...withoutSlug } = fields;
    const saved = await browser.post(`/c/${community.slug}/settings`, withoutSlug);
    expect(saved.statusCode, saved.body).toBe(303);
    expect(saved.headers.location).toBe(`/c/${community.slug}`);
    expect((await browser.get(`/c/${community.slug}`)).body).toContain("A grant from the lung charity.");
  });

  it("lets an owner give the community a language of its own on the charter form, and take it away again", async () => {
    const owner = await signUp(t);
    const community = await createCommunity(t, owner);
    const browser = await newBrowser(t, owner);
    const form = await browser.get(`/c/${community.slug}/settings`);
    // Preact writes an empty value as a bare attribute, which HTML reads as "".
    expect(form.body).toContain('<input type="radio" id="field-language" name="language" value checked/>');
    const { slug: _slug, ...fields } = communityForm({ name: community.name });
    expect((await browser.post(`/c/${community.slug}/settings`, { ...fields, language: "cy" })).statusCode).toBe(303);
    const page = await browser.get(`/c/${community.slug}`);
    expect(page.body).toContain('<span lang="cy">Cymraeg</span>');
    // A reader whose browser asks for a language Hearth does not have reads it in Welsh.
    const polish = await t.app.inject({ method: "GET", url: `/c/${community.slug}`, headers: { "accept-language": "pl" } });
    expect(polish.headers["content-language"]).toBe("cy");
    const refused = await browser.post(`/c/${community.slug}/settings`, { ...fields, language: "fr" });
    expect(refused.statusCode).toBe(400);
    expect((await browser.post(`/c/${community.slug}/settings`, { ...fields, language: "" })).statusCode).toBe(303);
    expect((await browser.get(`/c/${community.slug}`)).body).not.toContain('<span lang="cy">');
    expect((await t.app.inject({ method: "GET", url: `/c/${community.slug}`, headers: { "accept-language": "pl" } })).headers["content-language"]).toBe("en-GB");
  });

  it("keeps the settings, spaces and members pages to the people who run the community", async () => {
    const owner = await signUp(t);
    const community = await createCommunity(t, owner);
    const member = await signUp(t);
    await join(t, member, community.slug);
    const memberBrowser = await newBrowser(t, member);
    for (const path of ["settings", "spaces/new", "members"]) {
      expect((await memberBrowser.get(`/c/${community.slug}/${path}`)).statusCode).toBe(403);
    }
    await memberBrowser.get("/");
    const post = await memberBrowser.post(`/c/${community.slug}/settings`, communityForm());
    expect(post.statusCode).toBe(403);
    expect((await memberBrowser.get(`/c/${community.slug}`)).body).not.toContain("Edit the charter");

    const guest = await newBrowser(t);
    const redirect = await guest.get(`/c/${community.slug}/settings`);
    expect(redirect.statusCode).toBe(303);
    expect(redirect.headers.location).toContain("/signin?next=");

    const hidden = await createCommunity(t, owner, { visibility: "hidden" });
    expect((await memberBrowser.get(`/c/${hidden.slug}/settings`)).statusCode).toBe(404);
    expect((await guest.get(`/c/${hidden.slug}/members`)).statusCode).toBe(404);
  });

  it("adds a space from the form, with its audience explained", async () => {
    const owner = await signUp(t);
    const community = await createCommunity(t, owner);
    const browser = await newBrowser(t, owner);
    const form = await browser.get(`/c/${community.slug}/spaces/new`);
    expect(form.body).toContain(`Only members of ${community.name} who look after someone (carers), and its moderators, can read this.`);
    expect(form.body).toContain(">Add the space</button>");
    const response = await browser.post(`/c/${community.slug}/spaces/new`, { slug: "newly-diagnosed", name: "Newly diagnosed", description: "Start here.", visibility: "members" });
    expect(response.statusCode, response.body).toBe(303);
    expect(response.headers.location).toBe(`/c/${community.slug}/s/newly-diagnosed`);
    const page = await browser.get(`/c/${community.slug}`);
    expect(page.body).toContain(`<a href="/c/${community.slug}/s/newly-diagnosed">Newly diagnosed</a>`);

    const again = await browser.post(`/c/${community.slug}/spaces/new`, { slug: "newly-diagnosed", name: "Again", visibility: "public" });
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('value="Again"');
    const bad = await browser.post(`/c/${community.slug}/spaces/new`, { slug: "No Spaces", name: "Bad", visibility: "public" });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain("Use 3 to 40 lower-case letters");
  });

  it("lets an owner make a member a moderator, and refuses to leave the community without an owner", async () => {
    const owner = await signUp(t);
    const community = await createCommunity(t, owner);
    const member = await signUp(t);
    await join(t, member, community.slug);
    const browser = await newBrowser(t, owner);
    const page = await browser.get(`/c/${community.slug}/members`);
    expect(page.body).toContain(`Role of ${member.displayName}`);
    const changed = await browser.post(`/c/${community.slug}/members/${member.personaId}/role`, { role: "moderator" });
    expect(changed.statusCode).toBe(303);
    expect((await (await newBrowser(t, member)).get(`/c/${community.slug}`)).body).toContain("Members and requests");

    const demote = await browser.post(`/c/${community.slug}/members/${owner.personaId}/role`, { role: "member" });
    expect(demote.statusCode).toBe(409);
    expect(demote.body).toContain("A community needs at least one owner.");
    expect((await browser.post(`/c/${community.slug}/members/${member.personaId}/role`, { role: "king" })).statusCode).toBe(400);
    expect((await browser.post(`/c/${community.slug}/members/nobody-at-all-here/role`, { role: "member" })).statusCode).toBe(404);
  });
});

describe("in Welsh", () => {
  it("shows a community's page, and the form that starts one, in Welsh", async () => {
    const owner = await signUp(t);
    const community = await createCommunity(t, owner, { name: "Anadlu" });
    const guest = await newBrowser(t);
    guest.cookies.set("hearth_locale", "cy");
    const page = await guest.get(`/c/${community.slug}`);
    expect(page.body).toContain("Creu cyfrif ac ymuno â Anadlu");
    expect(page.body).toContain('<h2 id="charter-heading">Siarter</h2>');
    expect(page.body).not.toContain("Create an account and join");
    // The honest-broker panel, written from the settings, and who can read each space.
    expect(page.body).toContain("Gall unrhyw un sydd â chyfrif Hearth ymuno ar unwaith.");
    expect(page.body).toContain("yn berchen arni. Mae perchnogion yn newid y siarter");
    expect(page.body).toContain("Gall unrhyw un ar y rhyngrwyd ddarllen hwn.");
    expect(page.body).not.toContain("Anyone with a Hearth account can join straight away.");
    const browser = await newBrowser(t, owner);
    browser.cookies.set("hearth_locale", "cy");
    await browser.get("/communities/new");
    const refused = await browser.post("/communities/new", { name: "" });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain("Rhowch enw i'r gymuned.");
    expect(refused.body).not.toContain("Give the community a name.");
  });

  it("says the service's refusals in Welsh, on the forms and in the API, with the same codes", async () => {
    const owner = await signUp(t);
    const community = await createCommunity(t, owner);
    const browser = await newBrowser(t, owner);
    browser.cookies.set("hearth_locale", "cy");
    await browser.get("/communities/new");
    const taken = await browser.post("/communities/new", communityForm({ slug: community.slug }));
    expect(taken.statusCode).toBe(409);
    expect(taken.body).toContain("Mae gan gymuned y cyfeiriad hwnnw eisoes. Dewiswch un arall.");
    expect(taken.body).not.toContain("A community already has that address.");
    const badLine = await browser.post("/communities/new", communityForm({ conditions: "COPD | J44.9" }));
    expect(badLine.statusCode).toBe(400);
    expect(badLine.body).toContain("Dylai llinell 1");
    expect(badLine.body).not.toContain("should be a name on its own");

    const welsh = { "accept-language": "cy" };
    const leave = await t.request({ method: "DELETE", url: `/api/v1/communities/${community.slug}/members/me`, token: owner.token, headers: welsh });
    expect(leave.statusCode).toBe(409);
    expect(leave.json().error).toMatchObject({ code: "last_owner", message: "Chi yw'r unig berchennog. Gwnewch aelod arall yn berchennog cyn i chi adael." });
    const stranger = await signUp(t);
    const members = await t.request({ method: "GET", url: `/api/v1/communities/${community.slug}/members`, token: stranger.token, headers: welsh });
    expect(members.statusCode).toBe(403);
    expect(members.json().error).toMatchObject({ code: "forbidden", message: "Dim ond perchnogion a chymedrolwyr y gymuned sy'n gallu gweld ei rhestr aelodau." });
    const missing = await t.request({ method: "GET", url: "/api/v1/communities/no-such-community-here", headers: welsh });
    expect(missing.json().error).toEqual({ code: "not_found", message: "Nid yw'r gymuned honno'n bodoli, neu ni allwch ei gweld." });
    const english = await t.request({ method: "GET", url: "/api/v1/communities/no-such-community-here" });
    expect(english.json().error).toEqual({ code: "not_found", message: "That community does not exist, or you cannot see it." });
    const badCode = await t.request({
      method: "PATCH",
      url: `/api/v1/communities/${community.slug}`,
      token: owner.token,
      headers: welsh,
      payload: { charter: { conditions: [{ name: "COPD", code: "nonsense", system: "icd-10" }], rules: [], funding: "None.", businessModel: "None.", dataUse: "None.", conflictsOfInterest: "None." } },
    });
    expect(badCode.statusCode, badCode.body).toBe(400);
    expect(badCode.json().error.code).toBe("invalid_input");
    expect(badCode.json().error.fields["charter.conditions[0].code"]).toBe('nid yw "nonsense" yn god icd-10');
  });
});
