/**
 * A new account's personal persona is never named after the username (issue 6, item
 * 14): sign-up asks for a display name, suggests a friendly made-up one, makes one up
 * for an API caller who sends none, and refuses the username itself. Others see the
 * display name wherever the person appears; the username only its owner sees.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newBrowser } from "../../test/helpers/browser-form.ts";
import { createCommunity, join, signUp, startThread } from "../../test/helpers/factories.ts";
import { createTestApp, type TestApp } from "../../test/helpers/test-app.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

const PASSWORD = "correct horse battery staple";
let n = 0;
const freshName = () => `dn_${process.pid}_${++n}_${Math.random().toString(36).slice(2, 6)}`;
const FRIENDLY = /^[A-Z][a-z]+ [A-Z][a-z]+$/;

const create = (payload: Record<string, unknown>) => t.request({ method: "POST", url: "/api/v1/accounts", payload: { password: PASSWORD, ...payload } });
const signIn = (username: string) => t.request({ method: "POST", url: "/api/v1/sessions", payload: { username, password: PASSWORD } });

describe("a display name at sign-up, over the API", () => {
  it("makes up a friendly one when none is sent, never the username", async () => {
    for (let i = 0; i < 3; i++) {
      const member = await signUp(t, { displayName: null });
      expect(member.displayName).toMatch(FRIENDLY);
      expect(member.displayName.toLowerCase()).not.toContain(member.username.toLowerCase());
    }
  });

  it("uses the name sent, trimmed", async () => {
    const member = await signUp(t, { displayName: "  Breathing Easy  " });
    expect(member.displayName).toBe("Breathing Easy");
  });

  it("refuses the username as the display name, whatever its case and spaces, saying why, and creates nothing", async () => {
    const username = freshName();
    for (const displayName of [username, ` ${username.toUpperCase()} `]) {
      const refused = await create({ username, displayName });
      expect(refused.statusCode).toBe(400);
      expect(refused.json().error.code).toBe("invalid_input");
      expect(refused.json().error.fields.displayName).toMatch(/not your username/);
    }
    expect((await signIn(username)).statusCode).toBe(401);
    // Positive control: the same username with another name goes through.
    expect((await create({ username, displayName: "Someone Else" })).statusCode).toBe(201);
  });

  it("names every wrong field at once", async () => {
    const refused = await create({ username: "x", password: "short", displayName: "" });
    expect(refused.statusCode).toBe(400);
    expect(Object.keys(refused.json().error.fields).sort()).toEqual(["displayName", "password", "username"]);
  });

  it("makes up a name for create-admin too", async () => {
    const username = freshName();
    await t.services.accounts.createAdmin(username, "a long admin password");
    const token = (await t.request({ method: "POST", url: "/api/v1/sessions", payload: { username, password: "a long admin password" } })).json().token;
    const me = (await t.request({ method: "GET", url: "/api/v1/me", token })).json();
    expect(me.personas[0].displayName).toMatch(FRIENDLY);
  });

  it("is in the OpenAPI document", async () => {
    const doc = (await t.request({ method: "GET", url: "/api/openapi.json" })).json();
    const body = JSON.stringify(doc.paths["/api/v1/accounts"].post.requestBody);
    expect(body).toContain("displayName");
  });
});

describe("the sign-up form", () => {
  it("offers a made-up name, says others see it and never the username, and keeps what the person chose", async () => {
    const browser = await newBrowser(t);
    const page = await browser.get("/signup");
    const suggested = /name="displayName"[^>]*value="([^"]+)"/.exec(page.body)?.[1];
    expect(suggested).toMatch(FRIENDLY);
    expect(page.body).toContain("Others see this name on everything you write, never your username.");
    const username = freshName();
    const done = await browser.post("/signup", { username, displayName: "Night Owl", password: PASSWORD });
    expect(done.statusCode, done.body).toBe(201); // the recovery codes page (ADR 29)
    const me = await t.request({ method: "GET", url: "/api/v1/me", headers: { cookie: `hearth_session=${browser.cookies.get("hearth_session")}` } });
    expect(me.json().personas[0].displayName).toBe("Night Owl");
  });

  it("refuses the username as the name with a field error that says why", async () => {
    const browser = await newBrowser(t);
    await browser.get("/signup");
    const username = freshName();
    const refused = await browser.post("/signup", { username, displayName: username.toUpperCase(), password: PASSWORD });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('href="#field-displayName"');
    expect(refused.body).toContain("not your username");
    expect(browser.cookies.has("hearth_session")).toBe(false);
    const cleared = await browser.post("/signup", { username, displayName: "  ", password: PASSWORD });
    expect(cleared.statusCode).toBe(400);
    expect(cleared.body).toContain("Choose the name others will see.");
  });
});

describe("the username is never shown to anyone but its owner", () => {
  it("neither in a thread, a persona page, a member list nor the community page; the display name is", async () => {
    const owner = await signUp(t);
    const member = await signUp(t, { displayName: null });
    const community = await createCommunity(t, owner);
    await join(t, member, community.slug);
    const thread = await startThread(t, member, community.slug);
    const views = [
      await t.request({ method: "GET", url: `/api/v1/threads/${thread.id}` }),
      await t.request({ method: "GET", url: `/t/${thread.id}` }),
      await t.request({ method: "GET", url: `/personas/${member.personaId}` }),
      await t.request({ method: "GET", url: `/api/v1/personas/${member.personaId}` }),
      await t.request({ method: "GET", url: `/api/v1/communities/${community.slug}/members`, token: owner.token }),
      await t.request({ method: "GET", url: `/c/${community.slug}/members`, headers: { cookie: `hearth_session=${owner.token}` } }),
    ];
    for (const view of views) {
      expect(view.statusCode, view.body.slice(0, 200)).toBe(200);
      expect(view.body).toContain(member.displayName);
      expect(view.body).not.toContain(member.username);
    }
    const stewards = await t.request({ method: "GET", url: `/c/${community.slug}` });
    expect(stewards.body).toContain(owner.displayName);
    expect(stewards.body).not.toContain(owner.username);
    // Its owner does see it: that is how they sign in.
    expect((await t.request({ method: "GET", url: "/api/v1/me", token: member.token })).body).toContain(member.username);
  });

  it("cannot be taken on later by renaming a persona", async () => {
    const member = await signUp(t);
    const renamed = await t.request({ method: "PATCH", url: `/api/v1/personas/${member.personaId}`, token: member.token, payload: { displayName: member.username } });
    expect(renamed.statusCode).toBe(400);
    expect(renamed.json().error.fields.displayName).toMatch(/not your username/);
    const added = await t.request({ method: "POST", url: "/api/v1/personas", token: member.token, payload: { kind: "personal", displayName: ` ${member.username.toUpperCase()}` } });
    expect(added.statusCode).toBe(400);
    const fine = await t.request({ method: "PATCH", url: `/api/v1/personas/${member.personaId}`, token: member.token, payload: { displayName: "Another Name" } });
    expect(fine.statusCode, fine.body).toBe(200);
  });
});
