/**
 * Issue 8's community journeys: a members-only first space by default, every space of a
 * visible community listed (name and audience only) while a hidden community's stay
 * unseen, a clinicians' space its non-clinician organiser cannot read but can run,
 * signing up and joining in one step, a word with a request to join, trust text from
 * the settings.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test/helpers/test-app.ts";
import { charter, createCommunity, createSpace, join, signUp, startThread, type Member } from "../../test/helpers/factories.ts";
import { requestsAs } from "../../test/helpers/requests.ts";
import { newBrowser } from "../../test/helpers/browser-form.ts";
import { english } from "../shared/i18n/translator.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ env: { HEARTH_RATE_LIMITS: "off" } });
});
afterAll(async () => t?.close());

const { post, get } = requestsAs(() => t);
const slugOf = () => `j-${Math.random().toString(36).slice(2, 10)}`;
type Locked = { slug: string; name: string; forWhom: string; audience: string; can: { manage: boolean } };

describe("a new community's first space", () => {
  it("is for members only unless its creator chooses public", async () => {
    const owner = await signUp(t);
    const made = await post(owner, "/api/v1/communities", { slug: slugOf(), name: "Quiet by default", purpose: "Talking.", visibility: "public", charter: charter() });
    expect(made.statusCode, made.body).toBe(201);
    expect(made.json().spaces).toEqual([expect.objectContaining({ slug: "general", visibility: "members", readableByAnyone: false })]);
    // A guest sees the space exists, locked, and nothing in it.
    const asGuest = (await get(null, `/api/v1/communities/${made.json().slug}`)).json();
    expect(asGuest.spaces).toEqual([]);
    expect(asGuest.lockedSpaces).toEqual([expect.objectContaining({ slug: "general", forWhom: "Members only" })]);

    const chosen = await post(owner, "/api/v1/communities", { slug: slugOf(), name: "Open on purpose", purpose: "Talking.", visibility: "public", charter: charter(), firstSpace: "public" });
    expect(chosen.json().spaces).toEqual([expect.objectContaining({ slug: "general", visibility: "public", readableByAnyone: true })]);
  });

  it("is members only when the form is sent as it comes, and public only when ticked", async () => {
    const owner = await signUp(t);
    const browser = await newBrowser(t, owner);
    const form = await browser.get("/communities/new");
    expect(form.body).toContain('name="firstSpace" value="members" checked');
    const fields = { name: "From the form", purpose: "Talking.", visibility: "public", joinPolicy: "open", conditions: "", rules: "", funding: "None.", businessModel: "None.", dataUse: "Kept here.", conflictsOfInterest: "None." };
    const quiet = slugOf();
    expect((await browser.post("/communities/new", { ...fields, slug: quiet, firstSpace: "members" })).statusCode).toBe(303);
    expect((await get(owner, `/api/v1/communities/${quiet}`)).json().spaces[0].visibility).toBe("members");
    const open = slugOf();
    expect((await browser.post("/communities/new", { ...fields, slug: open, firstSpace: "public" })).statusCode).toBe(303);
    expect((await get(owner, `/api/v1/communities/${open}`)).json().spaces[0].visibility).toBe("public");
  });
});

describe("which spaces' existence is listed", () => {
  let owner: Member;
  let carer: Member;
  let member: Member;
  let visible: { slug: string };
  let hidden: { slug: string };
  beforeAll(async () => {
    owner = await signUp(t);
    carer = await signUp(t, { carer: true });
    member = await signUp(t);
    visible = await createCommunity(t, owner, { visibility: "public" });
    await createSpace(t, owner, visible.slug, "carers", "carers-corner");
    await createSpace(t, owner, visible.slug, "members", "members-room");
    await join(t, member, visible.slug);
    hidden = await createCommunity(t, owner, { visibility: "hidden" });
    await createSpace(t, owner, hidden.slug, "carers", "hidden-carers");
  });

  it("lists every space of a visible community to a guest, with who it is for, and none of their threads", async () => {
    const { id } = await startThread(t, member, visible.slug, "members-room", { title: "Private worries about money" });
    const view = (await get(null, `/api/v1/communities/${visible.slug}`)).json();
    expect(view.spaces.map((s: { slug: string }) => s.slug)).toEqual(["general"]);
    expect((view.lockedSpaces as Locked[]).map((s) => [s.slug, s.forWhom, s.can.manage])).toEqual([
      ["carers-corner", "Members who look after someone (carers) only", false],
      ["members-room", "Members only", false],
    ]);
    const page = await t.request({ method: "GET", url: `/c/${visible.slug}` });
    expect(page.body).toContain("Members who look after someone (carers) only</strong> (you can't read it)");
    expect(page.body).not.toContain("Private worries about money");
    expect(page.body).not.toContain(`/t/${id}`);
    expect(page.body).not.toContain(`/c/${visible.slug}/s/members-room"`);
  });

  it("lists the carers' space as locked to a member who is not a carer, and as readable to a carer who joins", async () => {
    const asMember = (await get(member, `/api/v1/communities/${visible.slug}`)).json();
    expect(asMember.spaces.map((s: { slug: string }) => s.slug)).toEqual(["general", "members-room"]);
    expect(asMember.lockedSpaces.map((s: Locked) => s.slug)).toEqual(["carers-corner"]);
    // Before joining, the carer already sees that a carers' space exists.
    const before = (await get(carer, `/api/v1/communities/${visible.slug}`)).json();
    expect(before.lockedSpaces.map((s: Locked) => s.slug)).toContain("carers-corner");
    await join(t, carer, visible.slug);
    const after = (await get(carer, `/api/v1/communities/${visible.slug}`)).json();
    expect(after.spaces.map((s: { slug: string }) => s.slug)).toContain("carers-corner");
    expect(after.lockedSpaces).toEqual([]);
  });

  it("lists nothing of a hidden community's spaces to someone outside it: the same 404 as a community that does not exist", async () => {
    const outsider = await signUp(t);
    const hiddenAnswer = await get(outsider, `/api/v1/communities/${hidden.slug}`);
    const noneAnswer = await get(outsider, `/api/v1/communities/${slugOf()}`);
    expect(hiddenAnswer.statusCode).toBe(404);
    expect(hiddenAnswer.body.replace(hidden.slug, "")).not.toContain("hidden-carers");
    expect(hiddenAnswer.json()).toEqual(noneAnswer.json());
    const page = await t.request({ method: "GET", url: `/c/${hidden.slug}`, headers: { authorization: `Bearer ${outsider.token}` } });
    expect(page.statusCode).toBe(404);
    expect(page.body).not.toContain("hidden-carers");
    // Its owner, who can see the community, sees its spaces listed.
    const asOwner = (await get(owner, `/api/v1/communities/${hidden.slug}`)).json();
    expect(asOwner.spaces.map((s: { slug: string }) => s.slug)).toContain("hidden-carers");
  });
});

describe("a clinicians-only space made by an organiser who is not a clinician", () => {
  it("warns on the form, returns to the community with a confirmation, and lists it with rename and delete", async () => {
    const owner = await signUp(t);
    const community = await createCommunity(t, owner);
    const browser = await newBrowser(t, owner);
    const form = await browser.get(`/c/${community.slug}/spaces/new`);
    expect(form.body).toContain("You are not one of them: you will not be able to read this space, though you can rename or delete it.");

    const added = await browser.post(`/c/${community.slug}/spaces/new`, { name: "Clinicians' room", slug: "clinicians-room", description: "", visibility: "clinicians" });
    expect(added.statusCode).toBe(303);
    expect(added.headers.location).toBe(`/c/${community.slug}?added=clinicians-room`);
    const page = await browser.get(added.headers.location as string);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("You added the space Clinicians' room.");
    expect(page.body).toContain("Verified clinicians only</strong> (you can't read it)");
    expect(page.body).toContain(`/c/${community.slug}/spaces/clinicians-room/settings`);
    // The space page itself stays closed to them.
    expect((await browser.get(`/c/${community.slug}/s/clinicians-room`)).statusCode).toBe(404);

    // Renaming it.
    await browser.get(`/c/${community.slug}/spaces/clinicians-room/settings`);
    const renamed = await browser.post(`/c/${community.slug}/spaces/clinicians-room/settings`, { name: "Clinicians who support us" });
    expect(renamed.statusCode).toBe(303);
    const view = (await get(owner, `/api/v1/communities/${community.slug}`)).json();
    expect(view.lockedSpaces).toEqual([expect.objectContaining({ slug: "clinicians-room", name: "Clinicians who support us", forWhom: "Verified clinicians only", can: { manage: true } })]);

    // A member who does not run it gets no rename link and a 403 at the address.
    const member = await signUp(t);
    await join(t, member, community.slug);
    const memberBrowser = await newBrowser(t, member);
    expect((await memberBrowser.get(`/c/${community.slug}`)).body).not.toContain("/spaces/clinicians-room/settings");
    expect((await memberBrowser.get(`/c/${community.slug}/spaces/clinicians-room/settings`)).statusCode).toBe(403);

    // Deleting it.
    await browser.get(`/c/${community.slug}/spaces/clinicians-room/delete`);
    expect((await browser.post(`/c/${community.slug}/spaces/clinicians-room/delete`, {})).statusCode).toBe(303);
    expect((await get(owner, `/api/v1/communities/${community.slug}`)).json().lockedSpaces).toEqual([]);
  });
});

describe("signing up from a community", () => {
  it("creates the account and joins in one step, landing on the community's welcome page", async () => {
    const owner = await signUp(t);
    const community = await createCommunity(t, owner, { name: "Living with asthma" });
    const browser = await newBrowser(t);
    const page = await browser.get(`/c/${community.slug}`);
    expect(page.body).toContain(`href="/signup?join=${community.slug}"`);
    const form = await browser.get(`/signup?join=${community.slug}`);
    expect(form.body).toContain("Create my account and join Living with asthma");
    const username = `u_${Math.random().toString(36).slice(2, 10)}`;
    const made = await browser.post("/signup", { username, displayName: "Asha", password: "a long enough password", email: "", next: "/", join: community.slug });
    // The recovery codes come first (they exist only in this answer); their Continue leads to the welcome page.
    expect(made.statusCode, made.body).toBe(201);
    expect(made.body).toContain(`<a class="button" href="/c/${community.slug}/welcome">`);
    const welcome = await browser.get(`/c/${community.slug}/welcome`);
    expect(welcome.body).toContain("<h1>Welcome to Living with asthma</h1>");
    expect(welcome.body).toContain("You are a member now.");
  });

  it("sends a request to join where the community approves members, and says what happens next", async () => {
    const owner = await signUp(t);
    const community = await createCommunity(t, owner, { name: "Careful circle", joinPolicy: "approval" });
    const browser = await newBrowser(t);
    const form = await browser.get(`/signup?join=${community.slug}`);
    expect(form.body).toContain("Create my account and ask to join Careful circle");
    const username = `u_${Math.random().toString(36).slice(2, 10)}`;
    const made = await browser.post("/signup", { username, displayName: "Bea", password: "a long enough password", email: "", next: "/", join: community.slug });
    expect(made.body).toContain(`<a class="button" href="/c/${community.slug}/welcome">`);
    const welcome = await browser.get(`/c/${community.slug}/welcome`);
    expect(welcome.body).toContain("Your request to join Careful circle is on its way");
    expect(welcome.body).toContain("What happens next");
    const pending = (await get(owner, `/api/v1/communities/${community.slug}/members?status=pending`)).json();
    expect(pending.items.map((m: { persona: { displayName: string } }) => m.persona.displayName)).toEqual(["Bea"]);
  });

  it("makes no account when the community named is one a guest cannot see", async () => {
    const owner = await signUp(t);
    const hidden = await createCommunity(t, owner, { visibility: "hidden" });
    const browser = await newBrowser(t);
    expect((await browser.get(`/signup?join=${hidden.slug}`)).statusCode).toBe(404);
    const username = `u_${Math.random().toString(36).slice(2, 10)}`;
    const made = await browser.post("/signup", { username, displayName: "Cy", password: "a long enough password", email: "", next: "/", join: hidden.slug });
    expect(made.statusCode).toBe(404);
    const rows = await t.database.db.selectFrom("accounts").select("id").where("username", "=", username).execute();
    expect(rows).toEqual([]);
  });
});

describe("a request to join with a message", () => {
  it("shows the message to the managers only", async () => {
    const owner = await signUp(t);
    const community = await createCommunity(t, owner, { joinPolicy: "approval" });
    const applicant = await signUp(t);
    const browser = await newBrowser(t, applicant);
    await browser.get(`/c/${community.slug}`);
    const asked = await browser.post(`/c/${community.slug}/join`, { message: "My dad has COPD and I would like to learn." });
    expect(asked.statusCode).toBe(303);
    const ownerBrowser = await newBrowser(t, owner);
    expect((await ownerBrowser.get(`/c/${community.slug}/members`)).body).toContain("My dad has COPD and I would like to learn.");
    const api = (await get(owner, `/api/v1/communities/${community.slug}/members?status=pending`)).json();
    expect(api.items[0].message).toBe("My dad has COPD and I would like to learn.");
  });
});

describe("trust text", () => {
  it("says who runs it and who can see it from the settings, and warns on public spaces", async () => {
    const owner = await signUp(t);
    const community = await createCommunity(t, owner, { joinPolicy: "approval" });
    const view = (await get(null, `/api/v1/communities/${community.slug}`)).json();
    expect(view.trust.whoRuns).toContain(`${owner.displayName} owns it`);
    expect(view.trust.whoCanSee).toBe("Anyone can find this community and read its public spaces. An owner or moderator looks at each request to join.");
    const space = await t.request({ method: "GET", url: `/c/${community.slug}/s/general` });
    expect(space.body).toContain(english().text("spaces.publicWarning"));
    expect(space.body).toContain('class="public-warning"');
    const members = await createCommunity(t, owner, { visibility: "members" });
    const membersSpace = await t.request({ method: "GET", url: `/c/${members.slug}/s/general`, headers: { authorization: `Bearer ${owner.token}` } });
    expect(membersSpace.statusCode).toBe(200);
    expect(membersSpace.body).not.toContain('class="public-warning"');
  });
});
