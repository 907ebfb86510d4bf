import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test/helpers/test-app.ts";
import { createCommunity, join, reply, setRole, signUp, startThread, type Member } from "../../test/helpers/factories.ts";
import { newBrowser } from "../../test/helpers/browser-form.ts";
import { makeClinician, signedInAdmin } from "../../test/helpers/clinician-fixtures.ts";
import { postReply, postThread } from "../../test/helpers/moderation-fixtures.ts";

let t: TestApp;
let admin: Member;

beforeAll(async () => {
  t = await createTestApp();
  admin = await signedInAdmin(t);
});
afterAll(async () => t?.close());

const actions = async () => Number((await sql<{ n: string }>`select count(*) as n from moderation_actions`.execute(t.database.db)).rows[0]!.n);
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

async function scene() {
  const owner = await signUp(t);
  const community = await createCommunity(t, owner);
  const moderator = await signUp(t);
  await join(t, moderator, community.slug);
  await setRole(t, owner, community.slug, moderator, "moderator");
  const clinician = await makeClinician(t, admin);
  await join(t, clinician, community.slug);
  const thread = await startThread(t, owner, community.slug, "general", { title: "Breathless at night", body: "What helps you sleep?" });
  const post = await postReply(t, clinician, thread.id, clinician.anonymousPersonaId, "Take double your inhaler dose every night.");
  expect(post.statusCode).toBe(201);
  return { owner, community, moderator, clinician, thread, postId: post.json().id as string };
}

describe("moderating from the thread page", () => {
  it("gives moderators a Hide form on each post, and readers then see “Hidden by a moderator”", async () => {
    const { community, moderator, clinician, thread, postId } = await scene();
    const member = await signUp(t);
    await join(t, member, community.slug);
    const memberPage = await (await newBrowser(t, member)).get(`/t/${thread.id}`);
    expect(memberPage.body).not.toContain('action="/moderation/actions"');

    const browser = await newBrowser(t, moderator);
    const page = await browser.get(`/t/${thread.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`<input type="hidden" name="targetId" value="${postId}"/>`);
    expect(page.body).toContain('<input type="hidden" name="action" value="hide"/>');
    expect(page.body).toContain('<button type="submit">Hide this post</button>');
    expect(page.body).toContain(`<label for="reason-hide-post-${postId}">Reason</label>`);

    const hidden = await browser.post("/moderation/actions", { targetType: "post", targetId: postId, action: "hide", reason: "Unsafe dosing advice.", back: `/t/${thread.id}#post-${postId}` });
    expect(hidden.statusCode, hidden.body).toBe(303);
    expect(hidden.headers.location).toBe(`/t/${thread.id}#post-${postId}`);

    const asGuest = await (await newBrowser(t)).get(`/t/${thread.id}`);
    expect(asGuest.body).toContain('<p class="post-hidden">Hidden by a moderator.</p>');
    expect(asGuest.body).not.toContain("double your inhaler");
    const asModerator = await browser.get(`/t/${thread.id}`);
    expect(asModerator.body).toContain("double your inhaler");
    expect(asModerator.body).toMatch(/<p class="notice hidden-notice">Hidden by a moderator. Only the author and the community(&#39;|')s moderators can read this post.<\/p>/);
    expect(asModerator.body).toContain("Show this post again");
    const asAuthor = await (await newBrowser(t, clinician)).get(`/t/${thread.id}`);
    expect(asAuthor.body).toContain("double your inhaler");

    const log = await (await newBrowser(t)).get(`/c/${community.slug}/moderation/log`);
    expect(log.statusCode).toBe(200);
    expect(log.body).toContain(`<h1>Moderation log of ${community.name}</h1>`);
    expect(log.body).toContain("Hid a post by");
    expect(log.body).toContain(clinician.anonymousName);
    expect(log.body).toContain("Unsafe dosing advice.");
    expect(log.body).not.toContain(clinician.username);
  });

  it("brings the form back with the problem when the reason is missing, and hides nothing", async () => {
    const { moderator, thread, postId } = await scene();
    const browser = await newBrowser(t, moderator);
    await browser.get(`/t/${thread.id}`);
    const before = await actions();
    const response = await browser.post("/moderation/actions", { targetType: "post", targetId: postId, action: "hide", reason: "", back: `/t/${thread.id}` });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain("<title>Error: Moderate this post · Hearth</title>");
    expect(response.body).toContain('aria-describedby="field-reason-hint field-reason-error"');
    expect(await actions()).toBe(before);
  });

  it("refuses a form from someone who does not moderate the community", async () => {
    const { community, thread, postId } = await scene();
    const member = await signUp(t);
    await join(t, member, community.slug);
    const browser = await newBrowser(t, member);
    await browser.get(`/t/${thread.id}`);
    const before = await actions();
    const response = await browser.post("/moderation/actions", { targetType: "post", targetId: postId, action: "hide", reason: "I disagree." });
    expect(response.statusCode).toBe(403);
    const forged = await (await newBrowser(t, member)).post("/moderation/actions", { targetType: "post", targetId: postId, action: "hide", reason: "x" }, { csrf: false });
    expect(forged.statusCode).toBe(403);
    expect(await actions()).toBe(before);
  });

  it("suspends the author through the action form, and the author's reply form then says until when", async () => {
    const { community, moderator, clinician, thread, postId } = await scene();
    const browser = await newBrowser(t, moderator);
    const form = await browser.get(`/moderation/act?targetType=post&targetId=${postId}&back=${encodeURIComponent(`/t/${thread.id}`)}`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain("<h1>Moderate this post</h1>");
    expect(form.body).toContain('<label for="field-until">Suspended until</label>');
    const until = inDays(14);
    const done = await browser.post("/moderation/actions", { targetType: "post", targetId: postId, action: "suspend", until, reason: "Unsafe advice, again.", back: `/t/${thread.id}` });
    expect(done.statusCode, done.body).toBe(303);

    const author = await newBrowser(t, clinician);
    await author.get(`/t/${thread.id}`);
    const refused = await author.post(`/t/${thread.id}/replies`, { body: "Sorry.", personaId: clinician.personaId });
    expect(refused.statusCode).toBe(403);
    const words = new Date(`${until}T00:00:00Z`).toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
    expect(refused.body).toContain(`You are suspended from this community until ${words}.`);
    expect(refused.body).toContain("Sorry.");

    const log = await (await newBrowser(t)).get(`/c/${community.slug}/moderation/log`);
    expect(log.body).toContain(`until ${words}`);
  });
});

describe("break-glass pages", () => {
  it("lets one administrator ask, a second approve, and only the first see the account", async () => {
    const clinician = await makeClinician(t, admin);
    const second = await signedInAdmin(t);
    const asker = await newBrowser(t, admin);
    const page = await asker.get("/admin/break-glass");
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("<h1>Break-glass: revealing who is behind a persona</h1>");
    expect(page.body).toMatch(/<label for="field-personaId">The persona(&#39;|')s address or id<\/label>/);

    const missing = await asker.post("/admin/break-glass", { personaId: clinician.anonymousPersonaId, reason: "" });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('id="field-reason-error"');

    const asked = await asker.post("/admin/break-glass", { personaId: clinician.anonymousPersonaId, reason: "Safeguarding referral from the GP." });
    expect(asked.statusCode, asked.body).toBe(303);
    const requestPath = asked.headers.location as string;
    const id = requestPath.split("/").pop()!.split("?")[0]!;
    const mine = await asker.get(requestPath);
    expect(mine.body).toContain("You asked for this, so another administrator must decide.");
    expect(mine.body).not.toContain(clinician.username);

    const decider = await newBrowser(t, second);
    const list = await decider.get("/admin/break-glass");
    expect(list.body).toContain(`action="/admin/break-glass/${id}/decision"`);
    expect(list.body).toContain("Safeguarding referral from the GP.");
    const approved = await decider.post(`/admin/break-glass/${id}/decision`, { decision: "approve", reason: "Referral seen." });
    expect(approved.statusCode).toBe(303);
    expect((await decider.get(`/admin/break-glass/${id}`)).body).not.toContain(clinician.username);

    const overview = await asker.get("/admin/break-glass");
    expect(overview.body).toContain(`href="/admin/break-glass/${id}"`);
    const reveal = await asker.get(requestPath);
    expect(reveal.body).toContain(`Username: <strong>${clinician.username}</strong>`);

    const record = await (await newBrowser(t, clinician)).get("/me/audit-log");
    expect(record.statusCode).toBe(200);
    expect(record.body).toContain("<h1>What was done about your account</h1>");
    expect(record.body).toContain("An administrator saw which account is behind one of your personas.");
    // Administrators are named by their personal persona, never by username (issue 6, item 14).
    expect(record.body).toContain(admin.displayName);
    expect(record.body).toContain(second.displayName);
    expect(record.body).not.toContain(admin.username);
    expect(record.body).not.toContain(second.username);
    expect(record.body).toContain("Referral seen.");
  });

  it("is closed to members, and sends guests to sign in", async () => {
    const member = await signUp(t);
    const refused = await (await newBrowser(t, member)).get("/admin/break-glass");
    expect(refused.statusCode).toBe(403);
    const guest = await (await newBrowser(t)).get("/admin/break-glass");
    expect(guest.statusCode).toBe(303);
    expect(guest.headers.location).toBe("/signin?next=%2Fadmin%2Fbreak-glass");
    const record = await (await newBrowser(t)).get("/me/audit-log");
    expect(record.headers.location).toBe("/signin?next=%2Fme%2Faudit-log");
  });
});

describe("the member's record page", () => {
  it("shows a warning with the community and reason, and never the moderator", async () => {
    const { community, moderator, clinician } = await scene();
    await postThread(t, clinician, community.slug, clinician.anonymousPersonaId);
    const browser = await newBrowser(t, moderator);
    await browser.get(`/moderation/act?targetType=persona&targetId=${clinician.anonymousPersonaId}&community=${community.slug}`);
    const warned = await browser.post("/moderation/actions", { targetType: "persona", targetId: clinician.anonymousPersonaId, community: community.slug, action: "warn", reason: "Please do not give doses." });
    expect(warned.statusCode, warned.body).toBe(303);
    expect(warned.headers.location).toMatch(new RegExp(`^/c/${community.slug}/moderation/log\\?done=`));
    const record = await (await newBrowser(t, clinician)).get("/me/audit-log");
    expect(record.body).toContain("A moderator gave you a warning.");
    expect(record.body).toContain(community.name);
    expect(record.body).toContain("Please do not give doses.");
    expect(record.body).not.toContain(moderator.username);
  });
});

describe("finding these pages", () => {
  it("links the log from the community's honest-broker panel, and break-glass from an administrator's menu", async () => {
    const owner = await signUp(t);
    const community = await createCommunity(t, owner);
    const page = await (await newBrowser(t)).get(`/c/${community.slug}`);
    expect(page.body).toContain(`href="/c/${community.slug}/moderation/log"`);
    expect((await (await newBrowser(t, admin)).get("/")).body).toContain('href="/admin/break-glass"');
    expect((await (await newBrowser(t, owner)).get("/")).body).not.toContain('href="/admin/break-glass"');
    expect((await (await newBrowser(t, owner)).get("/settings/personas")).body).toContain('href="/me/audit-log"');
  });
});

describe("reading a community's log", () => {
  it("is a 404 for a hidden community the viewer does not belong to", async () => {
    const owner = await signUp(t);
    const secret = await createCommunity(t, owner, { visibility: "hidden" });
    const thread = await startThread(t, owner, secret.slug);
    await reply(t, owner, thread.id);
    expect((await (await newBrowser(t)).get(`/c/${secret.slug}/moderation/log`)).statusCode).toBe(404);
    const own = await (await newBrowser(t, owner)).get(`/c/${secret.slug}/moderation/log`);
    expect(own.statusCode).toBe(200);
    expect(own.body).toContain("Nothing has been moderated here yet.");
  });
});
