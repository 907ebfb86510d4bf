import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { markCommunityAsDemo } from "../demo/demo.repo.ts";
import { newBrowser } from "../../test/helpers/browser-form.ts";
import { createCommunity, createSpace, join, signUp, startThread } from "../../test/helpers/factories.ts";
import { createTestApp, type TestApp } from "../../test/helpers/test-app.ts";
import { charterFormFields as communityForm } from "../../test/helpers/charter-form-fields.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ env: { HEARTH_RATE_LIMITS: "0" } });
});
afterAll(async () => t?.close());

const count = (html: string, pattern: RegExp) => html.match(new RegExp(pattern, "g"))?.length ?? 0;
const HONEST_BROKER = "Who runs this, who pays for it, what happens to your data";


describe("the list of communities", () => {
  it("links each community by its name and offers signed-in people to start one", async () => {
    const owner = await signUp(t);
    const community = await createCommunity(t, owner, { name: "Heart failure together" });
    const guest = await newBrowser(t);
    const home = await guest.get("/");
    expect(home.statusCode).toBe(200);
    expect(count(home.body, /<h1[ >]/)).toBe(1);
    expect(home.body).toContain("<h1>Communities</h1>");
    expect(home.body).toContain(`<a href="/c/${community.slug}">Heart failure together</a>`);
    expect(home.body).not.toContain('href="/communities/new"');

    const signedIn = await newBrowser(t, owner);
    expect((await signedIn.get("/")).body).toMatch(/<a class="button secondary" href="\/communities\/new">Start a community<\/a>/);
  });
});

describe("a community's page", () => {
  it("shows the purpose, the charter with its codes, the spaces and the honest-broker panel", async () => {
    const owner = await signUp(t);
    const community = await createCommunity(t, owner);
    const page = await (await newBrowser(t)).get(`/c/${community.slug}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`<h1 dir="auto">${community.name}</h1>`);
    expect(count(page.body, /<h1[ >]/)).toBe(1);
    expect(page.body).toContain("Talking together.");
    expect(page.body).toMatch(/Chronic obstructive pulmonary disease <span class="code">\(ICD-10 <code>J44.9<\/code>\)<\/span>/);
    expect(page.body).toContain("<li>Be kind.</li>");
    expect(page.body).toContain(`<a href="/c/${community.slug}/s/general">General</a>`);
    expect(page.body).toContain("Anyone on the internet can read this.");
    expect(page.body).toMatch(new RegExp(`<section id="honest-broker"[^>]*>\\s*<h2 id="honest-broker-heading">${HONEST_BROKER}</h2>`));
    expect(page.body).toContain("Volunteers, no funding.");
    expect(page.body).toContain("Kept on this server, never sold.");
    expect(page.body).not.toContain('class="tag">Demo<');
  });

  it("puts the honest-broker panel last on every community, whoever looks", async () => {
    const owner = await signUp(t);
    const community = await createCommunity(t, owner, { visibility: "members" });
    for (const browser of [await newBrowser(t), await newBrowser(t, owner)]) {
      const body = (await browser.get(`/c/${community.slug}`)).body;
      const main = body.slice(body.indexOf("<main"), body.indexOf("</main>"));
      expect(main.lastIndexOf("<section")).toBe(main.indexOf('<section id="honest-broker"'));
    }
  });

  it("labels a demo community as demo", async () => {
    const owner = await signUp(t);
    const community = await createCommunity(t, owner);
    await markCommunityAsDemo(t.database.db, community.id);
    const page = await (await newBrowser(t)).get(`/c/${community.slug}`);
    expect(page.body).toContain('<strong class="tag">Demo</strong>');
    expect(page.body).toContain("nothing here is medical advice");
  });

  it("does not list a members-only community's spaces to guests", async () => {
    const owner = await signUp(t);
    const community = await createCommunity(t, owner, { visibility: "members" });
    const guestPage = await (await newBrowser(t)).get(`/c/${community.slug}`);
    expect(guestPage.statusCode).toBe(200);
    expect(guestPage.body).not.toContain(`/c/${community.slug}/s/general`);
    expect(guestPage.body).toContain("only for members");
    expect(guestPage.body).toContain(HONEST_BROKER);

    const ownerPage = await (await newBrowser(t, owner)).get(`/c/${community.slug}`);
    expect(ownerPage.body).toContain(`/c/${community.slug}/s/general`);
    expect(ownerPage.body).toContain(`Only members of ${community.name} can read this.`);
  });

  it("lists the spaces a carer may read with their audience, and hides carers' spaces from others", async () => {
    const owner = await signUp(t);
    const community = await createCommunity(t, owner);
    const carers = await createSpace(t, owner, community.slug, "carers");
    const carer = await signUp(t, { carer: true });
    const other = await signUp(t);
    await join(t, carer, community.slug);
    await join(t, other, community.slug);
    const carerPage = await (await newBrowser(t, carer)).get(`/c/${community.slug}`);
    expect(carerPage.body).toContain(`/c/${community.slug}/s/${carers.slug}`);
    expect(carerPage.body).toContain("who look after someone (carers), and its moderators, can read this.");
    expect((await (await newBrowser(t, other)).get(`/c/${community.slug}`)).body).not.toContain(`/s/${carers.slug}`);
  });

  it("shows recent conversations from the spaces the viewer can read", async () => {
    const owner = await signUp(t);
    const community = await createCommunity(t, owner);
    const thread = await startThread(t, owner, community.slug, "general", { title: "Pacing on bad days" });
    const page = await (await newBrowser(t)).get(`/c/${community.slug}`);
    expect(page.body).toContain(`<a href="/t/${thread.id}">Pacing on bad days</a>`);
  });

  it("is not found when hidden from the viewer", async () => {
    const owner = await signUp(t);
    const community = await createCommunity(t, owner, { visibility: "hidden" });
    expect((await (await newBrowser(t)).get(`/c/${community.slug}`)).statusCode).toBe(404);
    expect((await (await newBrowser(t, await signUp(t))).get(`/c/${community.slug}`)).statusCode).toBe(404);
    expect((await (await newBrowser(t)).get(`/c/no-such-place`)).statusCode).toBe(404);
  });
});

describe("joining and leaving", () => {
  it("makes the person a member when they press the join button, and lets them leave", async () => {
    const owner = await signUp(t);
    const community = await createCommunity(t, owner);
    const person = await signUp(t);
    const browser = await newBrowser(t, person);
    const before = await browser.get(`/c/${community.slug}`);
    expect(before.body).toContain(`action="/c/${community.slug}/join"`);
    expect(before.body).toContain(">Join this community</button>");

    const joined = await browser.post(`/c/${community.slug}/join`);
    expect(joined.statusCode).toBe(303);
    expect(joined.headers.location).toBe(`/c/${community.slug}`);
    const after = await browser.get(`/c/${community.slug}`);
    expect(after.body).toContain("You are a member of this community.");
    expect(after.body).toContain("Leave this community");
    expect(after.body).not.toContain("Join this community");

    const left = await browser.post(`/c/${community.slug}/leave`);
    expect(left.statusCode).toBe(303);
    expect((await browser.get(`/c/${community.slug}`)).body).toContain("Join this community");
  });

  it("asks to join where a moderator approves, and the moderator approves from the members page", async () => {
    const owner = await signUp(t);
    const community = await createCommunity(t, owner, { joinPolicy: "approval", visibility: "members" });
    const person = await signUp(t);
    const browser = await newBrowser(t, person);
    expect((await browser.get(`/c/${community.slug}`)).body).toContain(">Ask to join</button>");
    await browser.post(`/c/${community.slug}/join`);
    expect((await browser.get(`/c/${community.slug}`)).body).toContain("Your request to join is waiting for a moderator.");

    const ownerBrowser = await newBrowser(t, owner);
    const members = await ownerBrowser.get(`/c/${community.slug}/members`);
    expect(members.statusCode).toBe(200);
    expect(members.body).toContain(person.displayName);
    expect(members.body).toContain(`action="/c/${community.slug}/members/${person.personaId}/decision"`);
    expect(members.body).toMatch(/value="approve">Approve<span class="visually-hidden">/);
    const approved = await ownerBrowser.post(`/c/${community.slug}/members/${person.personaId}/decision`, { decision: "approve" });
    expect(approved.statusCode).toBe(303);
    expect((await browser.get(`/c/${community.slug}`)).body).toContain("You are a member of this community.");
  });

  it("sends a guest who presses join to sign in first", async () => {
    const owner = await signUp(t);
    const community = await createCommunity(t, owner);
    const guest = await newBrowser(t);
    const page = await guest.get(`/c/${community.slug}`);
    expect(page.body).toContain(`/signin?next=${encodeURIComponent(`/c/${community.slug}`)}`);
    const response = await guest.post(`/c/${community.slug}/join`);
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(`/signin?next=${encodeURIComponent(`/c/${community.slug}`)}`);
  });

  it("explains why the only owner cannot leave", async () => {
    const owner = await signUp(t);
    const community = await createCommunity(t, owner);
    const browser = await newBrowser(t, owner);
    await browser.get(`/c/${community.slug}`);
    const response = await browser.post(`/c/${community.slug}/leave`);
    expect(response.statusCode).toBe(409);
    expect(response.body).toContain("You are the only owner. Make another member an owner before you leave.");
    expect(response.body).toContain(`<h1 dir="auto">${community.name}</h1>`);
  });

  it("refuses a join button pressed on another site's form (no CSRF field)", async () => {
    const owner = await signUp(t);
    const community = await createCommunity(t, owner);
    const person = await signUp(t);
    const browser = await newBrowser(t, person);
    await browser.get("/");
    expect((await browser.post(`/c/${community.slug}/join`, {}, { csrf: false })).statusCode).toBe(403);
  });
});

describe("starting a community", () => {
  it("creates the community from the form and goes to its page", async () => {
    const owner = await signUp(t);
    const browser = await newBrowser(t, owner);
    const form = await browser.get("/communities/new");
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain("<h1>Start a community</h1>");
    expect(form.body).toContain('<legend>Who can see the community</legend>');
    expect(form.body).toContain(">Start the community</button>");
    const fields = communityForm();
    const response = await browser.post("/communities/new", fields);
    expect(response.statusCode, response.body).toBe(303);
    expect(response.headers.location).toBe(`/c/${fields.slug}`);
    const page = await browser.get(`/c/${fields.slug}`);
    expect(page.body).toContain('<h1 dir="auto">Living with bronchiectasis</h1>');
    expect(page.body).toContain("Two volunteers pay for the server.");
    expect(page.body).toMatch(/Bronchiectasis <span class="code">\(ICD-10 <code>J47<\/code>\)<\/span>/);
    expect(page.body).toContain("<li>Chronic cough</li>");
    expect(page.body).toContain("Edit the charter");
    expect(page.body).toContain("You are an owner of this community.");
  });

  it("names the condition line it cannot read, and keeps everything typed", async () => {
    const owner = await signUp(t);
    const browser = await newBrowser(t, owner);
    await browser.get("/communities/new");
    const fields = communityForm({ conditions: "Asthma\nCOPD | J44.9\nBronchiectasis", funding: "A small grant & donations" });
    const response = await browser.post("/communities/new", fields);
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain("There is a problem");
    expect(response.body).toContain('Line 2 (&quot;COPD | J44.9&quot;) should be a name on its own, or &quot;Name | code | system&quot;');
    expect(response.body).toContain('aria-describedby="field-conditions-hint field-conditions-error"');
    expect(response.body).toContain(">Asthma\nCOPD | J44.9\nBronchiectasis</textarea>");
    expect(response.body).toContain(`value="${fields.slug}"`);
    expect(response.body).toContain("A small grant &amp; donations</textarea>");
    expect(response.body).toMatch(/value="public" checked/);
  });

  it("names the line whose code does not fit its coding system", async () => {
    const owner = await signUp(t);
    const browser = await newBrowser(t, owner);
    await browser.get("/communities/new");
    const response = await browser.post("/communities/new", communityForm({ conditions: "\nAsthma\nCOPD | not-a-code | snomed-ct" }));
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain("Line 3: &quot;not-a-code&quot; is not a snomed-ct code");
  });

  it("takes the FHIR system URIs for a condition's code, shows them by name and keeps the short name", async () => {
    const owner = await signUp(t);
    const browser = await newBrowser(t, owner);
    await browser.get("/communities/new");
    const fields = communityForm({ conditions: "Bronchiectasis | J47 | http://hl7.org/fhir/sid/icd-10\nAsthma | 195967001 | http://snomed.info/sct" });
    const created = await browser.post("/communities/new", fields);
    expect(created.statusCode, created.body).toBe(303);
    const page = await browser.get(`/c/${fields.slug}`);
    expect(page.body).toContain("(ICD-10 <code>J47</code>)");
    expect(page.body).toContain("(SNOMED CT <code>195967001</code>)");
    const form = await browser.get(`/c/${fields.slug}/settings`);
    expect(form.body).toContain("Bronchiectasis | J47 | icd-10\nAsthma | 195967001 | snomed-ct</textarea>");
  });

  it("checks a code against its system when the system is named by its URI, and names the systems it knows", async () => {
    const owner = await signUp(t);
    const browser = await newBrowser(t, owner);
    await browser.get("/communities/new");
    const wrongShape = await browser.post("/communities/new", communityForm({ conditions: "COPD | J44.9 | http://snomed.info/sct" }));
    expect(wrongShape.statusCode).toBe(400);
    expect(wrongShape.body).toContain("Line 1: &quot;J44.9&quot; is not a snomed-ct code");
    const unknown = await browser.post("/communities/new", communityForm({ conditions: "COPD | J44.9 | icd-11" }));
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toContain("Use snomed-ct, icd-10, http://snomed.info/sct, http://hl7.org/fhir/sid/icd-10.");
  });

  it("asks for the honest-broker answers and a free address", async () => {
    const owner = await signUp(t);
    const existing = await createCommunity(t, owner);
    const browser = await newBrowser(t, owner);
    await browser.get("/communities/new");
    const blank = await browser.post("/communities/new", communityForm({ funding: "  ", visibility: "everyone" }));
    expect(blank.statusCode).toBe(400);
    expect(blank.body).toContain('href="#field-funding"');
    expect(blank.body).toContain("Choose who can see the community.");
    const taken = await browser.post("/communities/new", communityForm({ slug: existing.slug }));
    expect(taken.statusCode).toBe(409);
    expect(taken.body).toContain("A community already has that address. Choose another.");
  });

  it("shows only the form's problems, never that the address is taken, when another field is wrong", async () => {
    const owner = await signUp(t);
    const hidden = await createCommunity(t, owner, { visibility: "hidden" });
    const prober = await signUp(t);
    const browser = await newBrowser(t, prober);
    await browser.get("/communities/new");
    for (const bad of [{ purpose: " " }, { conditions: "COPD | not-a-code | icd-10" }] as Record<string, string>[]) {
      const response = await browser.post("/communities/new", communityForm({ ...bad, slug: hidden.slug }));
      expect(response.statusCode).toBe(400);
      expect(response.body).not.toContain("already has that address");
    }
    const valid = await browser.post("/communities/new", communityForm({ slug: hidden.slug }));
    expect(valid.statusCode).toBe(409);
  });

  it("answers odd forms with a 400 page, never an error of ours", async () => {
    const owner = await signUp(t);
    const browser = await newBrowser(t, owner);
    await browser.get("/communities/new");
    expect((await browser.post("/communities/new", {})).statusCode).toBe(400);
    const twice = await browser.post("/communities/new", { ...communityForm(), name: ["One", "Two"] });
    expect(twice.statusCode).toBe(400);
    expect(twice.body).toContain("This was sent more than once");
    const long = await browser.post("/communities/new", communityForm({ purpose: "x".repeat(3000) }));
    expect(long.statusCode).toBe(400);
    expect(long.body).toContain("Use at most 2,000 characters");
  });

  it("sends guests to sign in first", async () => {
    const response = await (await newBrowser(t)).get("/communities/new");
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe("/signin?next=%2Fcommunities%2Fnew");
  });
});
