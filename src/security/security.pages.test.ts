import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { newBrowser, type Browser } from "../../test/helpers/browser-form.ts";
import { signUp, type Member } from "../../test/helpers/factories.ts";
import { enrolSecondFactor, nextCode, useSteppingClock, wrongCode } from "../../test/helpers/second-factor.ts";
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

const count = (html: string, pattern: RegExp) => html.match(new RegExp(pattern, "g"))?.length ?? 0;
const decode = (html: string) => html.replace(/&amp;/g, "&").replace(/&#x3D;|&#61;/g, "=");

/** Signs in through the forms up to the code step. */
async function passwordStep(member: Member, next = "/"): Promise<Browser> {
  const browser = await newBrowser(t);
  await browser.get("/signin");
  const response = await browser.post("/signin", { username: member.username, password: member.password, next });
  expect(response.statusCode, response.body).toBe(303);
  expect(response.headers.location).toBe(next === "/" ? "/signin/code" : `/signin/code?next=${encodeURIComponent(next)}`);
  expect(browser.cookies.has("hearth_session")).toBe(false);
  return browser;
}

describe("the security settings pages", () => {
  it("send a guest to sign in first", async () => {
    const guest = await newBrowser(t);
    const page = await guest.get("/settings/security");
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toBe("/signin?next=%2Fsettings%2Fsecurity");
  });

  it("turn two-step sign-in on: the key in groups of four, a code, then the recovery codes once", async () => {
    const member = await signUp(t);
    const browser = await newBrowser(t, member);

    const settings = await browser.get("/settings/security");
    expect(settings.statusCode).toBe(200);
    expect(count(settings.body, /<h1[ >]/)).toBe(1);
    expect(settings.body).toContain("Two-step sign-in is off.");
    expect(settings.body).toContain("Set up two-step sign-in</button>");

    const started = await browser.post("/settings/security/two-step");
    expect(started.statusCode).toBe(303);
    expect(started.headers.location).toBe("/settings/security/two-step");
    const setup = await browser.get("/settings/security/two-step");
    expect(setup.statusCode).toBe(200);
    const grouped = setup.body.match(/<code>((?:[A-Z2-7]{4} ){7}[A-Z2-7]{4})<\/code>/)?.[1];
    expect(grouped).toBeTruthy();
    const secret = grouped!.replace(/ /g, "");
    expect(decode(setup.body)).toContain(`secret=${secret}`);
    expect(setup.body).toContain('<label for="field-code">Code from your app</label>');
    expect(setup.body).toContain("Turn on</button>");
    // Not on until a code proves the app has the key.
    expect((await t.request({ method: "GET", url: "/api/v1/me/second-factor", token: member.token })).json().enabled).toBe(false);

    const wrong = await browser.post("/settings/security/two-step/confirm", { code: wrongCode(secret) });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain("There is a problem");
    expect(wrong.body).toMatch(/aria-describedby="field-code-hint field-code-error"/);
    expect(wrong.body).toContain(grouped!);
    expect((await t.request({ method: "GET", url: "/api/v1/me/second-factor", token: member.token })).json().enabled).toBe(false);

    const done = await browser.post("/settings/security/two-step/confirm", { code: nextCode(secret) });
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain("<h1>Keep these somewhere safe</h1>");
    const codes = [...done.body.matchAll(/<li><code>([a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4})<\/code><\/li>/g)].map((m) => m[1]);
    expect(codes).toHaveLength(10);

    const after = await browser.get("/settings/security");
    expect(after.body).toContain("Two-step sign-in is on.");
    expect(after.body).toContain("10 recovery codes left");
    for (const code of codes) expect(after.body).not.toContain(code!);
    // Shown once: the setup page has nothing left to show.
    expect((await browser.get("/settings/security/two-step")).headers.location).toBe("/settings/security");
  });

  it("turn it off with the password and a code", async () => {
    const member = await signUp(t);
    const { secret } = await enrolSecondFactor(t, member);
    const browser = await newBrowser(t, member);
    const form = await browser.get("/settings/security/two-step/off");
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('<label for="field-password">Password</label>');

    const wrongPassword = await browser.post("/settings/security/two-step/off", { password: "not the password at all", code: nextCode(secret) });
    expect(wrongPassword.statusCode).toBe(400);
    expect(wrongPassword.body).toContain("That is not your password");
    const missing = await browser.post("/settings/security/two-step/off", { password: member.password, code: "" });
    expect(missing.statusCode).toBe(400);

    const off = await browser.post("/settings/security/two-step/off", { password: member.password, code: nextCode(secret) });
    expect(off.statusCode).toBe(303);
    expect(off.headers.location).toBe("/settings/security?done=off&ended=0");
    expect((await browser.get(off.headers.location as string)).body).toContain("Two-step sign-in is off.");
  });
});

describe("signing in through the forms with two-step sign-in", () => {
  it("asks for the code on a second step and opens no session until it is right", async () => {
    const member = await signUp(t);
    const { secret } = await enrolSecondFactor(t, member);
    const browser = await passwordStep(member, "/c/somewhere");

    const step = await browser.get("/signin/code?next=%2Fc%2Fsomewhere");
    expect(step.statusCode).toBe(200);
    expect(count(step.body, /<h1[ >]/)).toBe(1);
    expect(step.body).toContain('<label for="field-code">Code from your app</label>');
    expect(step.body).toContain('autocomplete="one-time-code"');
    expect(step.body).toContain("Use a recovery code instead");

    const wrong = await browser.post("/signin/code", { code: wrongCode(secret), method: "app", next: "/c/somewhere" });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.body).toContain("That code did not work");
    expect(wrong.body).toMatch(/aria-describedby="field-code-hint field-code-error"/);
    expect(browser.cookies.has("hearth_session")).toBe(false);

    const right = await browser.post("/signin/code", { code: nextCode(secret), method: "app", next: "/c/somewhere" });
    expect(right.statusCode, right.body).toBe(303);
    expect(right.headers.location).toBe("/c/somewhere");
    expect(browser.cookies.has("hearth_session")).toBe(true);
    expect(browser.cookies.has("hearth_signin")).toBe(false);
    expect((await browser.get("/")).body).toContain(`Signed in as ${member.username}`);
  });

  it("takes a recovery code instead, once", async () => {
    const member = await signUp(t);
    const { recoveryCodes } = await enrolSecondFactor(t, member);
    const browser = await passwordStep(member);
    const step = await browser.get("/signin/code?method=recovery");
    expect(step.body).toContain('<label for="field-recoveryCode">Recovery code</label>');
    const used = await browser.post("/signin/code", { recoveryCode: recoveryCodes[0], method: "recovery", next: "/" });
    expect(used.statusCode).toBe(303);
    expect(browser.cookies.has("hearth_session")).toBe(true);

    const again = await passwordStep(member);
    const refused = await again.post("/signin/code", { recoveryCode: recoveryCodes[0], method: "recovery", next: "/" });
    expect(refused.statusCode).toBe(401);
    expect(again.cookies.has("hearth_session")).toBe(false);
  });

  it("keeps the pending sign-in on the server: no handle, a made-up one, or too many wrong codes mean starting again", async () => {
    const member = await signUp(t);
    const { secret } = await enrolSecondFactor(t, member);

    const stranger = await newBrowser(t);
    const noHandle = await stranger.get("/signin/code");
    expect(noHandle.statusCode).toBe(303);
    expect(noHandle.headers.location).toBe("/signin");
    await stranger.get("/signin");
    stranger.cookies.set("hearth_signin", "made-up-handle-made-up-handle-made-up");
    const forged = await stranger.post("/signin/code", { code: nextCode(secret), method: "app", next: "/" });
    expect(forged.statusCode).toBe(401);
    expect(forged.body).toContain("Please sign in again");
    expect(stranger.cookies.has("hearth_session")).toBe(false);

    const guesser = await passwordStep(member);
    for (let i = 0; i < 4; i++) expect((await guesser.post("/signin/code", { code: wrongCode(secret), method: "app" })).statusCode).toBe(401);
    const fifth = await guesser.post("/signin/code", { code: wrongCode(secret), method: "app" });
    expect(fifth.body).toContain("too many wrong codes");
    const late = await guesser.post("/signin/code", { code: nextCode(secret), method: "app" });
    expect(late.statusCode).toBe(401);
    expect(guesser.cookies.has("hearth_session")).toBe(false);
  });

  it("still signs an account without two-step sign-in straight in", async () => {
    const member = await signUp(t);
    const browser = await newBrowser(t);
    await browser.get("/signin");
    const response = await browser.post("/signin", { username: member.username, password: member.password, next: "/" });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe("/");
    expect(browser.cookies.has("hearth_session")).toBe(true);
  });
});
