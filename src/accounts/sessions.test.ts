/**
 * Changes to how an account signs in end every other session of it (issue 6, item 12):
 * a new password, two-step sign-in turned on or off, new recovery codes, and "Sign out
 * everywhere else". Each test opens two sessions, acts in one, and checks that the
 * other is signed out (401) while the one that acted still works.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { newBrowser } from "../../test/helpers/browser-form.ts";
import { signUp, type Member } from "../../test/helpers/factories.ts";
import { enrolSecondFactor, nextCode, useSteppingClock } from "../../test/helpers/second-factor.ts";
import { createTestApp, type TestApp } from "../../test/helpers/test-app.ts";

let t: TestApp;
beforeAll(async () => {
  useSteppingClock();
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
  vi.useRealTimers();
});

const me = (token: string) => t.request({ method: "GET", url: "/api/v1/me", token });

/** Signs in once more (another browser or app); returns the new session's token. */
async function anotherSession(member: Member, password = member.password, code?: string): Promise<string> {
  const response = await t.request({ method: "POST", url: "/api/v1/sessions", payload: { username: member.username, password, ...(code ? { code } : {}) } });
  expect(response.statusCode, response.body).toBe(200);
  return response.json().token;
}

async function expectOnlyFirstSignedIn(kept: string, ended: string[]) {
  expect((await me(kept)).statusCode).toBe(200);
  for (const token of ended) expect((await me(token)).statusCode).toBe(401);
}

describe("a password change", () => {
  it("signs out every other session and keeps the one that changed it", async () => {
    const member = await signUp(t);
    const other = await anotherSession(member);
    const third = await anotherSession(member);
    const changed = await t.request({ method: "POST", url: "/api/v1/me/password", token: member.token, payload: { current: member.password, new: "a brand new long passphrase" } });
    expect(changed.statusCode, changed.body).toBe(204);
    await expectOnlyFirstSignedIn(member.token, [other, third]);
    // The new password opens a session; the old one no longer does.
    expect((await t.request({ method: "POST", url: "/api/v1/sessions", payload: { username: member.username, password: member.password } })).statusCode).toBe(401);
    await anotherSession(member, "a brand new long passphrase");
  });

  it("refuses a wrong current password or a weak new one, naming the field, and ends nothing", async () => {
    const member = await signUp(t);
    const other = await anotherSession(member);
    const wrong = await t.request({ method: "POST", url: "/api/v1/me/password", token: member.token, payload: { current: "not my password at all", new: "a brand new long passphrase" } });
    expect(wrong.statusCode).toBe(400);
    expect(Object.keys(wrong.json().error.fields)).toEqual(["current"]);
    const weak = await t.request({ method: "POST", url: "/api/v1/me/password", token: member.token, payload: { current: member.password, new: "short" } });
    expect(weak.statusCode).toBe(400);
    expect(Object.keys(weak.json().error.fields)).toEqual(["new"]);
    expect((await me(other)).statusCode).toBe(200);
    expect((await t.request({ method: "POST", url: "/api/v1/me/password", payload: { current: "x", new: "y" } })).statusCode).toBe(401);
  });

  it("through the form, says how many other sessions it signed out", async () => {
    const member = await signUp(t);
    const other = await anotherSession(member);
    const browser = await newBrowser(t, member);
    expect((await browser.get("/settings/security")).body).toContain("one other browser or app");
    await browser.get("/settings/security/password");
    const bad = await browser.post("/settings/security/password", { current: "wrong wrong wrong", new: "a brand new long passphrase" });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain("not your current password");
    expect((await me(other)).statusCode).toBe(200);
    const done = await browser.post("/settings/security/password", { current: member.password, new: "a brand new long passphrase" });
    expect(done.statusCode, done.body).toBe(303);
    const page = await browser.get(done.headers.location as string);
    expect(page.body).toContain("Your password is changed. You were signed in on one other browser or app; it is signed out now.");
    expect(page.body).toContain("You are signed in here only.");
    await expectOnlyFirstSignedIn(member.token, [other]);
  });
});

describe("two-step sign-in", () => {
  it("turning it on signs out every other session", async () => {
    const member = await signUp(t);
    const other = await anotherSession(member);
    await enrolSecondFactor(t, member);
    await expectOnlyFirstSignedIn(member.token, [other]);
  });

  it("new recovery codes (setting up on a new phone) sign out every other session", async () => {
    const member = await signUp(t);
    const { secret } = await enrolSecondFactor(t, member);
    const other = await anotherSession(member, member.password, nextCode(secret));
    expect((await me(other)).statusCode).toBe(200);
    const started = await t.request({ method: "POST", url: "/api/v1/me/second-factor", token: member.token, payload: { password: member.password, code: nextCode(secret) } });
    expect(started.statusCode, started.body).toBe(201);
    // Starting to move ends nothing yet: the change is not in force until confirmed.
    expect((await me(other)).statusCode).toBe(200);
    const confirmed = await t.request({ method: "POST", url: "/api/v1/me/second-factor/confirm", token: member.token, payload: { code: nextCode(started.json().secret) } });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json().recoveryCodes).toHaveLength(10);
    await expectOnlyFirstSignedIn(member.token, [other]);
  });

  it("turning it off signs out every other session, and the page says so", async () => {
    const member = await signUp(t);
    const { secret } = await enrolSecondFactor(t, member);
    const other = await anotherSession(member, member.password, nextCode(secret));
    const browser = await newBrowser(t, member);
    await browser.get("/settings/security/two-step/off");
    const off = await browser.post("/settings/security/two-step/off", { password: member.password, code: nextCode(secret) });
    expect(off.statusCode, off.body).toBe(303);
    expect((await browser.get(off.headers.location as string)).body).toContain("Two-step sign-in is off. You now sign in with your password only. You were signed in on one other browser or app");
    await expectOnlyFirstSignedIn(member.token, [other]);
  });
});

describe("sign out everywhere else", () => {
  it("over the API: 204, the others get 401, this one still works, and nobody else's sessions are touched", async () => {
    const member = await signUp(t);
    const someoneElse = await signUp(t);
    const others = [await anotherSession(member), await anotherSession(member)];
    const response = await t.request({ method: "POST", url: "/api/v1/me/sessions/sign-out-others", token: member.token });
    expect(response.statusCode, response.body).toBe(204);
    await expectOnlyFirstSignedIn(member.token, others);
    expect((await me(someoneElse.token)).statusCode).toBe(200);
    expect((await t.request({ method: "POST", url: "/api/v1/me/sessions/sign-out-others" })).statusCode).toBe(401);
  });

  it("from the security page: a form with the CSRF token, and the count in plain words", async () => {
    const member = await signUp(t);
    const others = [await anotherSession(member), await anotherSession(member)];
    const browser = await newBrowser(t, member);
    const before = await browser.get("/settings/security");
    expect(before.body).toContain("you are signed in on 2 other browsers or apps");
    expect(before.body).toContain('action="/settings/security/sign-out-others"');
    // Without the CSRF token the form is refused and nothing ends.
    expect((await browser.post("/settings/security/sign-out-others", {}, { csrf: false })).statusCode).toBe(403);
    expect((await me(others[0]!)).statusCode).toBe(200);
    const done = await browser.post("/settings/security/sign-out-others");
    expect(done.statusCode, done.body).toBe(303);
    const after = await browser.get(done.headers.location as string);
    expect(after.body).toContain("You were signed in on 2 other browsers or apps; they are all signed out now.");
    await expectOnlyFirstSignedIn(member.token, others);
    const again = await browser.get((await browser.post("/settings/security/sign-out-others")).headers.location as string);
    expect(again.body).toContain("You were not signed in anywhere else.");
  });

  it("is in the OpenAPI document with the password change", async () => {
    const paths = (await t.request({ method: "GET", url: "/api/openapi.json" })).json().paths;
    expect(paths["/api/v1/me/sessions/sign-out-others"].post).toBeTruthy();
    expect(paths["/api/v1/me/password"].post.requestBody).toBeTruthy();
  });
});
