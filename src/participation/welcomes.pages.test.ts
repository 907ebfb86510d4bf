/**
 * The Welcome button, without JavaScript (ADR 41): under a newcomer's hello in the welcome
 * thread, a small form that welcomes them and comes back to the same post, then says so;
 * the newcomer reads "… welcomed you to …" on their notifications page.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test/helpers/test-app.ts";
import { createCommunity, join, reply, signUp, startThread, type Member } from "../../test/helpers/factories.ts";
import { newBrowser } from "../../test/helpers/browser-form.ts";

let t: TestApp;
let owner: Member;
let community: { slug: string; name: string };
let threadId: string;

beforeAll(async () => {
  t = await createTestApp({ work: true });
  owner = await signUp(t);
  community = await createCommunity(t, owner, { name: "COPD Together" });
  threadId = (await startThread(t, owner, community.slug, "general", { title: "Say hello" })).id;
  expect((await t.request({ method: "PUT", url: `/api/v1/communities/${community.slug}/welcome-thread`, token: owner.token, payload: { threadId } })).statusCode).toBe(200);
}, 120_000);
afterAll(async () => t?.close());

/** The Welcome buttons of a page, by the name each is for (their hidden words). */
const welcomeButtons = (html: string) => [...html.matchAll(/<button type="submit" class="secondary">Welcome<span class="visually-hidden"> ([^<]*)<\/span><\/button>/g)].map((m) => m[1]!);

describe("the Welcome button", () => {
  it("welcomes a newcomer with one press of a plain form, comes back to their hello, and says so", async () => {
    const newcomer = await signUp(t);
    await join(t, newcomer, community.slug);
    const hello = await reply(t, newcomer, threadId, "Hello, I am new and mostly reading.");
    const alex = await signUp(t);
    await join(t, alex, community.slug);
    const browser = await newBrowser(t, alex);
    const page = await browser.get(`/t/${threadId}`);
    expect(page.statusCode).toBe(200);
    // The owner's opening post is a hello too (under 30 days old); the newcomer's is the other.
    expect(welcomeButtons(page.body)).toEqual([owner.displayName, newcomer.displayName]);
    const sent = await browser.post(`/c/${community.slug}/members/${newcomer.personaId}/welcome`, { back: `/t/${threadId}#post-${hello.id}` });
    expect(sent.statusCode, sent.body).toBe(303);
    expect(sent.headers.location).toBe(`/t/${threadId}#post-${hello.id}`);
    const after = await browser.get(`/t/${threadId}`);
    expect(welcomeButtons(after.body)).toEqual([owner.displayName]);
    expect(after.body).toContain(`You welcomed ${newcomer.displayName}.`);
    // A second press (an old tab) changes nothing and comes back the same way.
    expect((await browser.post(`/c/${community.slug}/members/${newcomer.personaId}/welcome`, { back: `/t/${threadId}` })).statusCode).toBe(303);
    const rows = await t.database.db.selectFrom("welcomes").select("id").where("newcomer_persona_id", "=", newcomer.personaId).execute();
    expect(rows).toHaveLength(1);

    await t.services.queue.settle();
    const theirs = await newBrowser(t, newcomer);
    const notifications = await theirs.get("/notifications");
    expect(notifications.body).toContain(alex.displayName);
    expect(notifications.body).toMatch(/welcomed you to <a href="\/notifications\/open\/[^"]+">COPD Together<\/a>\./);
    await theirs.post("/language", { locale: "cy", next: "/notifications" });
    expect((await theirs.get("/notifications")).body).toContain("wedi eich croesawu i");
  });

  it("offers no button to a guest, a reader who has not joined, the newcomer on their own hello, or on another thread", async () => {
    const newcomer = await signUp(t);
    await join(t, newcomer, community.slug);
    await reply(t, newcomer, threadId, "Hello from me too.");
    expect(welcomeButtons((await (await newBrowser(t)).get(`/t/${threadId}`)).body)).toEqual([]);
    expect(welcomeButtons((await (await newBrowser(t, await signUp(t))).get(`/t/${threadId}`)).body)).toEqual([]);
    expect(welcomeButtons((await (await newBrowser(t, newcomer)).get(`/t/${threadId}`)).body)).not.toContain(newcomer.displayName);
    const other = await startThread(t, newcomer, community.slug, "general", { title: "Stairs" });
    const member = await signUp(t);
    await join(t, member, community.slug);
    expect(welcomeButtons((await (await newBrowser(t, member)).get(`/t/${other.id}`)).body)).toEqual([]);
  });

  it("answers a press for oneself, or without its form token, with an error and writes nothing", async () => {
    const newcomer = await signUp(t);
    await join(t, newcomer, community.slug);
    await reply(t, newcomer, threadId, "Hello again.");
    const browser = await newBrowser(t, newcomer);
    await browser.get(`/t/${threadId}`);
    expect((await browser.post(`/c/${community.slug}/members/${newcomer.personaId}/welcome`, { back: `/t/${threadId}` })).statusCode).toBe(400);
    const other = await newBrowser(t, owner);
    await other.get(`/t/${threadId}`);
    expect((await other.post(`/c/${community.slug}/members/${newcomer.personaId}/welcome`, { back: `/t/${threadId}` }, { csrf: false })).statusCode).toBe(403);
    expect(await t.database.db.selectFrom("welcomes").select("id").where("newcomer_persona_id", "=", newcomer.personaId).execute()).toEqual([]);
  });

  it("lists poll closings and welcomes among the types on the settings page", async () => {
    const browser = await newBrowser(t, owner);
    const page = await browser.get("/notifications/settings");
    expect(page.body).toContain("A poll I asked or voted in has closed");
    expect(page.body).toContain("A member welcoming me to a community");
    expect(page.body).toContain('name="email-welcomes"');
    expect(page.body).toContain('name="email-polls"');
  });
});
