/**
 * Reporting and the moderators' Reports page, through the pages as a browser without
 * JavaScript uses them; break-glass by a persona's address; the server's audit log.
 */
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test/helpers/test-app.ts";
import { createCommunity, join, setRole, signUp, startThread, type Member } from "../../test/helpers/factories.ts";
import { newBrowser } from "../../test/helpers/browser-form.ts";
import { makeClinician, signedInAdmin } from "../../test/helpers/clinician-fixtures.ts";
import { postReply } from "../../test/helpers/moderation-fixtures.ts";

let t: TestApp;
let admin: Member;

beforeAll(async () => {
  t = await createTestApp();
  admin = await signedInAdmin(t);
});
afterAll(async () => t?.close());

const count = async (table: "flags" | "moderation_actions" | "break_glass_requests") =>
  Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(t.database.db)).rows[0]!.n);

async function scene() {
  const owner = await signUp(t);
  const community = await createCommunity(t, owner);
  const moderator = await signUp(t);
  const reporter = await signUp(t);
  await join(t, moderator, community.slug);
  await join(t, reporter, community.slug);
  await setRole(t, owner, community.slug, moderator, "moderator");
  const clinician = await makeClinician(t, admin);
  await join(t, clinician, community.slug);
  const thread = await startThread(t, owner, community.slug, "general", { title: "Breathless at night", body: "What helps you sleep?" });
  const post = await postReply(t, clinician, thread.id, clinician.anonymousPersonaId, "Take double your inhaler dose every night.");
  expect(post.statusCode).toBe(201);
  return { owner, community, moderator, reporter, clinician, thread, postId: post.json().id as string };
}

describe("reporting a post", () => {
  it("offers Report on every post and the thread, with the reasons in plain words", async () => {
    const { thread, postId, reporter } = await scene();
    const browser = await newBrowser(t, reporter);
    const page = await browser.get(`/t/${thread.id}`);
    expect(page.body).toContain(`href="/report?targetType=post&amp;targetId=${postId}&amp;back=${encodeURIComponent(`/t/${thread.id}#post-${postId}`)}"`);
    expect(page.body).toContain(`href="/report?targetType=thread&amp;targetId=${thread.id}`);
    const form = await browser.get(`/report?targetType=post&targetId=${postId}&back=${encodeURIComponent(`/t/${thread.id}`)}`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain("<h1>Report this post</h1>");
    for (const words of ["Unsafe medical advice", "Unkind or harassing", "Spam or advertising", "Someone could be identified from it", "Someone may be at risk", "Something else"]) {
      expect(form.body).toContain(`>${words}</label>`);
    }
    // Guests are asked to sign in first, and come back to the form.
    const guest = await (await newBrowser(t)).get(`/report?targetType=post&targetId=${postId}`);
    expect(guest.statusCode).toBe(303);
    expect(guest.headers.location).toBe(`/signin?next=${encodeURIComponent(`/report?targetType=post&targetId=${postId}`)}`);
  });

  it("says beside the field when no reason is chosen, or “something else” has no details, and stores nothing", async () => {
    const { postId, reporter } = await scene();
    const browser = await newBrowser(t, reporter);
    await browser.get(`/report?targetType=post&targetId=${postId}`);
    const before = await count("flags");
    const none = await browser.post("/report", { targetType: "post", targetId: postId, reason: "", details: "It felt wrong.", community: "", back: "" });
    expect(none.statusCode).toBe(400);
    expect(none.body).toContain("<title>Error: Report this post · Hearth</title>");
    expect(none.body).toMatch(/id="field-reason-error"[^>]*>(<span[^>]*>[^<]*<\/span>)?\s*Choose why you are reporting this\./);
    expect(none.body).toContain("It felt wrong.");
    const other = await browser.post("/report", { targetType: "post", targetId: postId, reason: "other", details: "  ", community: "", back: "" });
    expect(other.statusCode).toBe(400);
    expect(other.body).toContain('id="field-details-error"');
    expect(other.body).toContain("Say what is wrong, so the moderators know what to look for.");
    expect(other.body).toMatch(/value="other"[^>]*checked/);
    expect(await count("flags")).toBe(before);
  });

  it("thanks the reporter and says what happens next; someone at risk also gets where to find help now", async () => {
    const { community, postId, reporter, thread } = await scene();
    const browser = await newBrowser(t, reporter);
    await browser.get(`/report?targetType=post&targetId=${postId}`);
    const sent = await browser.post("/report", { targetType: "post", targetId: postId, reason: "safeguarding", details: "", community: "", back: `/t/${thread.id}` });
    expect(sent.statusCode, sent.body).toBe(303);
    const thanks = await browser.get(sent.headers.location as string);
    expect(thanks.statusCode).toBe(200);
    expect(thanks.body).toContain("<h1>Thank you for your report</h1>");
    expect(thanks.body).toContain(`It has gone to the moderators of ${community.name}.`);
    expect(thanks.body).toContain("usually within a few days");
    expect(thanks.body).toContain("Nobody is shown who sent a report: not the person you reported, and not the moderators.");
    expect(thanks.body).toContain("If someone is in danger now");
    expect(thanks.body).toContain(`href="/t/${thread.id}"`);
    const spam = await browser.post("/report", { targetType: "post", targetId: postId, reason: "spam", details: "", community: "", back: "" });
    const plain = await browser.get(spam.headers.location as string);
    expect(plain.body).toContain("<h1>Thank you for your report</h1>");
    expect(plain.body).not.toContain("If someone is in danger now");
  });

  it("answers a post the reporter cannot read like one that does not exist", async () => {
    const owner = await signUp(t);
    const secret = await createCommunity(t, owner, { visibility: "hidden" });
    const thread = await startThread(t, owner, secret.slug);
    const outsider = await signUp(t);
    const browser = await newBrowser(t, outsider);
    await browser.get(`/report?targetType=thread&targetId=${thread.id}`);
    const hidden = await browser.post("/report", { targetType: "thread", targetId: thread.id, reason: "spam", details: "", community: "", back: "" });
    const missing = await browser.post("/report", { targetType: "thread", targetId: "AAAAAAAAAAAAAAAA", reason: "spam", details: "", community: "", back: "" });
    expect(hidden.statusCode).toBe(404);
    expect(missing.statusCode).toBe(404);
    expect(hidden.body).toBe(missing.body);
    // Positive control: the owner, who can read it, reports it.
    const own = await newBrowser(t, owner);
    await own.get(`/report?targetType=thread&targetId=${thread.id}`);
    expect((await own.post("/report", { targetType: "thread", targetId: thread.id, reason: "spam", details: "", community: "", back: "" })).statusCode).toBe(303);
  });

  it("reports a member from their page in a community the reporter chooses", async () => {
    const { community, clinician, reporter } = await scene();
    const browser = await newBrowser(t, reporter);
    const profile = await browser.get(`/personas/${clinician.anonymousPersonaId}`);
    expect(profile.body).toContain(`href="/report?targetType=persona&amp;targetId=${clinician.anonymousPersonaId}`);
    expect(profile.body).not.toContain("Ask to reveal");
    const form = await browser.get(`/report?targetType=persona&targetId=${clinician.anonymousPersonaId}`);
    expect(form.body).toContain("<h1>Report this member</h1>");
    expect(form.body).toContain(`value="${community.slug}"`);
    const noCommunity = await browser.post("/report", { targetType: "persona", targetId: clinician.anonymousPersonaId, reason: "harassment", details: "", community: "", back: "" });
    expect(noCommunity.statusCode).toBe(400);
    expect(noCommunity.body).toContain("Choose the community where you saw this member.");
    const sent = await browser.post("/report", { targetType: "persona", targetId: clinician.anonymousPersonaId, reason: "harassment", details: "", community: community.slug, back: "" });
    expect(sent.statusCode, sent.body).toBe(303);
  });
});

describe("the moderators' Reports page", () => {
  it("counts open reports in the community's navigation, shows each one without its reporter, and hides the post", async () => {
    const { community, moderator, reporter, clinician, thread, postId } = await scene();
    const member = await newBrowser(t, reporter);
    await member.get(`/report?targetType=post&targetId=${postId}`);
    await member.post("/report", { targetType: "post", targetId: postId, reason: "medical_misinformation", details: "Dangerous dosing.", community: "", back: "" });

    const mod = await newBrowser(t, moderator);
    const home = await mod.get(`/c/${community.slug}`);
    expect(home.body).toContain(`<a href="/c/${community.slug}/moderation/reports">Reports (1)</a>`);
    expect((await member.get(`/c/${community.slug}`)).body).not.toContain("moderation/reports");

    const reports = await mod.get(`/c/${community.slug}/moderation/reports`);
    expect(reports.statusCode).toBe(200);
    expect(reports.body).toContain(`<h1>Reports in ${community.name}</h1>`);
    expect(reports.body).toContain("Unsafe medical advice");
    expect(reports.body).toContain("Dangerous dosing.");
    expect(reports.body).toContain("Take double your inhaler dose every night.");
    expect(reports.body).toContain(clinician.anonymousName);
    expect(reports.body).toContain("Breathless at night");
    for (const secret of [reporter.username, reporter.displayName, clinician.username, clinician.displayName]) expect(reports.body).not.toContain(secret);
    expect(reports.body).toContain("<button type=\"submit\">Hide this post</button>");
    expect(reports.body).toContain("<button type=\"submit\">Warn this member</button>");
    expect(reports.body).toContain("<button type=\"submit\">Dismiss this report</button>");
    // A reply does not offer to hide the thread.
    expect(reports.body).not.toContain("Hide the whole thread too");

    const flagId = /name="flagId" value="([^"]+)"/.exec(reports.body)![1]!;
    const back = /name="back" value="([^"]+\?done=hide)"/.exec(reports.body)![1]!;
    const hidden = await mod.post("/moderation/actions", { flagId, targetType: "post", targetId: postId, community: "", action: "hide", reason: "Unsafe dosing advice.", back });
    expect(hidden.statusCode, hidden.body).toBe(303);
    const after = await mod.get(hidden.headers.location as string);
    expect(after.body).toContain("The post is hidden. Its author and the moderators can still read it.");
    expect(after.body).toContain("There are no reports waiting.");
    expect((await mod.get(`/c/${community.slug}`)).body).toContain("Reports (0)");

    expect((await member.get(`/t/${thread.id}`)).body).not.toContain("double your inhaler");
    const author = await (await newBrowser(t, clinician)).get(`/t/${thread.id}`);
    expect(author.body).toContain("double your inhaler");
    // Its author reads the moderator's reason on it (ADR 31).
    expect(author.body).toContain("Hidden by a moderator: Unsafe dosing advice. Only you and the community");
  });

  it("hides an opening post and its thread together, so the title leaves the community page and search", async () => {
    const owner = await signUp(t);
    const community = await createCommunity(t, owner, { visibility: "public" });
    const moderator = await signUp(t);
    const author = await signUp(t);
    const reader = await signUp(t);
    for (const m of [moderator, author, reader]) await join(t, m, community.slug);
    await setRole(t, owner, community.slug, moderator, "moderator");
    const title = `Miracle cure ${Math.random().toString(36).slice(2, 8)}`;
    const thread = await startThread(t, author, community.slug, "general", { title, body: "Buy these pills." });
    const opening = (await t.request({ method: "GET", url: `/api/v1/threads/${thread.id}`, token: reader.token })).json().posts.items[0].id as string;
    const word = title.split(" ")[2]!;

    const asReader = await newBrowser(t, reader);
    await asReader.get(`/report?targetType=post&targetId=${opening}`);
    expect((await asReader.post("/report", { targetType: "post", targetId: opening, reason: "spam", details: "", community: "", back: "" })).statusCode).toBe(303);
    // Positive control: before hiding, the title is on the community page and found by search.
    expect((await asReader.get(`/c/${community.slug}`)).body).toContain(title);
    expect((await t.request({ method: "GET", url: `/api/v1/search?q=${word}`, token: reader.token })).body).toContain(title);

    const mod = await newBrowser(t, moderator);
    const reports = await mod.get(`/c/${community.slug}/moderation/reports`);
    expect(reports.body).toContain("The opening post of");
    expect(reports.body).toContain("Hide the whole thread too");
    const flagId = /name="flagId" value="([^"]+)"/.exec(reports.body)![1]!;
    const before = await count("moderation_actions");
    const done = await mod.post("/moderation/actions", {
      flagId,
      targetType: "post",
      targetId: opening,
      community: "",
      action: "hide",
      reason: "Selling pills.",
      alsoHideThread: "yes",
      back: `/c/${community.slug}/moderation/reports?done=hide`,
    });
    expect(done.statusCode, done.body).toBe(303);
    expect(done.headers.location).toBe(`/c/${community.slug}/moderation/reports?done=hide_thread`);
    expect((await mod.get(done.headers.location as string)).body).toContain("The post and its thread are hidden.");
    expect(await count("moderation_actions")).toBe(before + 2);

    for (const viewer of [asReader, await newBrowser(t)]) {
      expect((await viewer.get(`/c/${community.slug}`)).body).not.toContain(title);
      const page = await viewer.get(`/t/${thread.id}`);
      expect(page.body).not.toContain(title);
      expect(page.body).toContain("Hidden by a moderator");
    }
    expect((await t.request({ method: "GET", url: `/api/v1/search?q=${word}`, token: reader.token })).body).not.toContain(title);
    expect((await t.request({ method: "GET", url: `/api/v1/search?q=${word}` })).body).not.toContain(title);
    const log = await (await newBrowser(t)).get(`/c/${community.slug}/moderation/log`);
    expect(log.body).toContain("Hid a thread by");
    expect(log.body).toContain("Hid a post by");
  });

  it("refuses to hide a thread with a reply, and hides nothing", async () => {
    const { moderator, thread, postId } = await scene();
    const mod = await newBrowser(t, moderator);
    await mod.get(`/moderation/act?targetType=post&targetId=${postId}`);
    const before = await count("moderation_actions");
    const refused = await mod.post("/moderation/actions", { targetType: "post", targetId: postId, action: "hide", reason: "Unsafe.", alsoHideThread: "yes", back: "" });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('id="field-alsoHideThread-error"');
    expect(await count("moderation_actions")).toBe(before);
    const still = await (await newBrowser(t)).get(`/t/${thread.id}`);
    expect(still.body).toContain("double your inhaler");
  });

  it("is closed to members, and sends guests to sign in", async () => {
    const { community, reporter } = await scene();
    expect((await (await newBrowser(t, reporter)).get(`/c/${community.slug}/moderation/reports`)).statusCode).toBe(403);
    const guest = await (await newBrowser(t)).get(`/c/${community.slug}/moderation/reports`);
    expect(guest.statusCode).toBe(303);
  });

  it("confirms an action taken from the action form, with a button that says what it does", async () => {
    const { community, moderator, clinician } = await scene();
    const mod = await newBrowser(t, moderator);
    const form = await mod.get(`/moderation/act?targetType=persona&targetId=${clinician.anonymousPersonaId}&community=${community.slug}&action=warn`);
    expect(form.body).toContain('<button type="submit">Warn this member</button>');
    expect(form.body).not.toContain("Do it");
    const warned = await mod.post("/moderation/actions", { targetType: "persona", targetId: clinician.anonymousPersonaId, community: community.slug, action: "warn", reason: "Please do not give doses." });
    expect(warned.statusCode).toBe(303);
    const log = await mod.get(warned.headers.location as string);
    expect(log.body).toContain(`Done. Warned ${clinician.anonymousName}.`);
  });
});

describe("break-glass by a persona's address", () => {
  it("offers Ask to reveal to administrators on a persona's page, accepts its address, and confirms each step", async () => {
    const clinician = await makeClinician(t, admin);
    const second = await signedInAdmin(t);
    const asker = await newBrowser(t, admin);
    const profile = await asker.get(`/personas/${clinician.anonymousPersonaId}`);
    expect(profile.body).toContain(`href="/admin/break-glass?persona=${clinician.anonymousPersonaId}"`);
    const form = await asker.get(`/admin/break-glass?persona=${clinician.anonymousPersonaId}`);
    expect(form.body).toContain(`value="${clinician.anonymousPersonaId}"`);

    const address = `${t.config.publicUrl}/personas/${clinician.anonymousPersonaId}`;
    const before = await count("break_glass_requests");
    const noReason = await asker.post("/admin/break-glass", { personaId: address, reason: " " });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.body).toContain('id="field-reason-error"');
    expect(noReason.body).toContain(`value="${address}"`);
    const unknown = await asker.post("/admin/break-glass", { personaId: `${t.config.publicUrl}/personas/AAAAAAAAAAAAAAAA`, reason: "Safeguarding referral." });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toContain("No persona has that address or id.");
    expect(unknown.body).toContain(`value="${t.config.publicUrl}/personas/AAAAAAAAAAAAAAAA"`);
    expect(unknown.body).toContain("Safeguarding referral.");
    expect(await count("break_glass_requests")).toBe(before);

    const asked = await asker.post("/admin/break-glass", { personaId: address, reason: "Safeguarding referral from the GP." });
    expect(asked.statusCode, asked.body).toBe(303);
    const confirmation = await asker.get(asked.headers.location as string);
    expect(confirmation.body).toContain("<h1>Your request is sent</h1>");
    expect(confirmation.body).toContain("A second administrator must approve it");
    expect(confirmation.body).toContain("The member is told");
    expect(confirmation.body).not.toContain(clinician.username);

    const id = (asked.headers.location as string).split("/").pop()!.split("?")[0]!;
    const decider = await newBrowser(t, second);
    await decider.get("/admin/break-glass");
    const approved = await decider.post(`/admin/break-glass/${id}/decision`, { decision: "approve", reason: "Referral seen." });
    expect(approved.statusCode).toBe(303);
    const decided = await decider.get(approved.headers.location as string);
    expect(decided.body).toContain("<h1>You approved the request</h1>");
    expect(decided.body).not.toContain(clinician.username);

    // Members see no Ask to reveal.
    const member = await signUp(t);
    expect((await (await newBrowser(t, member)).get(`/personas/${clinician.anonymousPersonaId}`)).body).not.toContain("/admin/break-glass");
  });
});

describe("the server's audit log", () => {
  it("shows administrators every privileged action, never the account behind a persona, and pages", async () => {
    const { community, moderator, clinician } = await scene();
    const mod = await newBrowser(t, moderator);
    await mod.get(`/moderation/act?targetType=persona&targetId=${clinician.anonymousPersonaId}&community=${community.slug}`);
    await mod.post("/moderation/actions", { targetType: "persona", targetId: clinician.anonymousPersonaId, community: community.slug, action: "warn", reason: "Audit me." });
    const page = await (await newBrowser(t, admin)).get("/admin/audit-log");
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("<h1>Audit log of this server</h1>");
    expect(page.body).toContain("A moderator warned a persona.");
    expect(page.body).toContain("Audit me.");
    expect(page.body).toContain(clinician.anonymousName);
    expect(page.body).toContain(community.name);
    for (const secret of [clinician.username, clinician.displayName, moderator.username, moderator.displayName]) expect(page.body).not.toContain(secret);

    const asAdmin = await t.services.accounts.viewerForToken(admin.token);
    const first = await t.services.auditLog.all(asAdmin, undefined, 1);
    expect(first.items).toHaveLength(1);
    expect(first.nextCursor).not.toBeNull();
    const next = await t.services.auditLog.all(asAdmin, first.nextCursor!, 1);
    expect(next.items).toHaveLength(1);
    expect(next.items[0]!.id).not.toBe(first.items[0]!.id);
    const older = await (await newBrowser(t, admin)).get(`/admin/audit-log?cursor=${encodeURIComponent(first.nextCursor!)}`);
    expect(older.statusCode).toBe(200);

    const member = await signUp(t);
    expect((await (await newBrowser(t, member)).get("/admin/audit-log")).statusCode).toBe(403);
    expect((await (await newBrowser(t)).get("/admin/audit-log")).headers.location).toBe("/signin?next=%2Fadmin%2Faudit-log");
  });
});
