import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test/helpers/test-app.ts";
import { createCommunity, join, signUp } from "../../test/helpers/factories.ts";
import { newBrowser } from "../../test/helpers/browser-form.ts";
import { makeClinician, signedInAdmin } from "../../test/helpers/clinician-fixtures.ts";
import { postReply, postThread } from "../../test/helpers/moderation-fixtures.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ work: true });
});
afterAll(async () => t?.close());

/** The text of the header's link to the notifications page (its live count's data- attributes follow the href, ADR 38). */
const navLink = (html: string) => /<a href="\/notifications"[^>]*>([^<]*)<\/a>/.exec(html)?.[1];

describe("the notifications page", () => {
  it("sends a guest to sign in first, and shows guests no notifications link", async () => {
    const guest = await newBrowser(t);
    const page = await guest.get("/notifications");
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toBe("/signin?next=%2Fnotifications");
    expect(navLink((await guest.get("/")).body)).toBeUndefined();
  });

  it("shows an anonymous clinician who replied to their thread, with the unread count in the header, until read", async () => {
    const admin = await signedInAdmin(t);
    const clinician = await makeClinician(t, admin);
    const community = await createCommunity(t, clinician, { name: "Living with COPD" });
    const replier = await signUp(t);
    await join(t, replier, community.slug);
    const persona = await t.request({ method: "POST", url: "/api/v1/personas", token: replier.token, payload: { kind: "personal", displayName: "Kestrel" } });
    const started = await postThread(t, clinician, community.slug, clinician.anonymousPersonaId, "Pacing before physio");
    const threadId = started.json().id;
    const replied = await postReply(t, replier, threadId, persona.json().id, "Resting first helped me.");
    const postId = replied.json().id;
    await t.services.queue.settle();

    const browser = await newBrowser(t, clinician);
    const page = await browser.get("/notifications");
    expect(page.statusCode).toBe(200);
    expect([...page.body.matchAll(/<h1[^>]*>/g)]).toHaveLength(1);
    // The reply, and the news that the clinician's application was approved (issue 8, ADR 31).
    expect(navLink(page.body)).toBe("Notifications (2)");
    const text = page.body.replace(/<[^>]+>/g, "");
    expect(text).toContain("New: Kestrel Personal replied to your thread “Pacing before physio” in Living with COPD.");
    expect(text).toContain(`To you as ${clinician.anonymousName} Verified clinician, anonymous · Nursing`);
    expect(text).toContain("New: Your clinician application was approved.");
    // The link goes through the route that marks it read, then to the post (ADR 31).
    const items = (await t.request({ method: "GET", url: "/api/v1/notifications", token: clinician.token })).json().items as { id: string; kind: string }[];
    const replyNotice = items.find((n) => n.kind === "reply")!;
    expect(page.body).toContain(`href="/notifications/open/${replyNotice.id}"`);
    expect(page.body).not.toContain(replier.username);

    // Every page carries the count.
    expect(navLink((await browser.get("/")).body)).toBe("Notifications (2)");
    const opened = await browser.get(`/notifications/open/${replyNotice.id}`);
    expect(opened.statusCode).toBe(303);
    expect(opened.headers.location).toBe(`/t/${threadId}#post-${postId}`);
    expect(navLink((await browser.get("/")).body)).toBe("Notifications (1)");

    const marked = await browser.post("/notifications/read");
    expect(marked.statusCode).toBe(303);
    expect(marked.headers.location).toBe("/notifications");
    const after = await browser.get("/notifications");
    expect(navLink(after.body)).toBe("Notifications");
    expect(after.body).not.toContain("New:");
    expect(after.body).not.toContain("Mark all as read");
  });

  it("lets a member turn outcome emails off and on, on the page every such email links to", async () => {
    const member = await signUp(t, { email: "someone@example.org" });
    const browser = await newBrowser(t, member);
    const page = await browser.get("/notifications/settings");
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("Email me about decisions");
    expect(page.body).toContain('value="on" checked');
    const off = await browser.post("/notifications/settings", { outcomeEmails: "off" });
    expect(off.statusCode).toBe(303);
    const saved = await browser.get(off.headers.location as string);
    expect(saved.body).toContain("We will not email you about decisions.");
    expect(saved.body).toContain('value="off" checked');
    const odd = await browser.post("/notifications/settings", { outcomeEmails: "sometimes" });
    expect(odd.statusCode).toBe(400);
    expect(odd.body).toContain("Choose whether we email you about decisions.");
    expect((await t.services.notifications.emailSettings(await t.services.accounts.viewerForAccount(member.id))).outcomeEmails).toBe(false);
  });

  it("says so when there is nothing yet", async () => {
    const browser = await newBrowser(t, await signUp(t));
    const page = await browser.get("/notifications");
    expect(page.body).toContain("Nothing yet.");
    expect(navLink(page.body)).toBe("Notifications");
  });
});

describe("in Welsh", () => {
  it("says who replied where in Welsh word order, the verb first", async () => {
    const owner = await signUp(t);
    const community = await createCommunity(t, owner, { name: "Anadlu" });
    const replier = await signUp(t);
    await join(t, replier, community.slug);
    const started = await postThread(t, owner, community.slug, owner.personaId, "Bore oer");
    await postReply(t, replier, started.json().id, replier.personaId, "Paned yn gyntaf.");
    await t.services.queue.settle();
    const browser = await newBrowser(t, owner);
    browser.cookies.set("hearth_locale", "cy");
    const text = (await browser.get("/notifications")).body.replace(/<[^>]+>/g, "");
    expect(text).toContain(`Newydd: Atebodd ${replier.displayName} Personol eich edefyn “Bore oer” yn Anadlu.`);
    expect(text).toContain("I chi fel");
    expect(text).not.toContain("replied to your thread");
    const settings = await browser.get("/notifications/settings");
    expect(settings.body).toContain("Anfon e-bost ataf am benderfyniadau");
  });
});
