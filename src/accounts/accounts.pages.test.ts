import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newBrowser } from "../../test/helpers/browser-form.ts";
import { signUp } from "../../test/helpers/factories.ts";
import { createTestApp, type TestApp } from "../../test/helpers/test-app.ts";
import { LIMITS } from "../shared/limits.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ env: { HEARTH_RATE_LIMITS: "0" } });
});
afterAll(async () => t?.close());

const newName = () => `p_${randomBytes(4).toString("hex")}`;
const PASSWORD = "a long and quiet evening";
const count = (html: string, pattern: RegExp) => html.match(new RegExp(pattern, "g"))?.length ?? 0;

describe("the sign-up page", () => {
  it("has one heading, a label for every field and the CSRF field", async () => {
    const browser = await newBrowser(t);
    const page = await browser.get("/signup?next=/c/somewhere");
    expect(page.statusCode).toBe(200);
    expect(count(page.body, /<h1[ >]/)).toBe(1);
    for (const [name, label] of [
      ["username", "Username"],
      ["password", "Password"],
      ["email", "Email (optional)"],
      ["carer", "I look after someone (a carer)"],
    ]) {
      expect(page.body).toContain(`<label for="field-${name}">${label}</label>`);
    }
    expect(page.body).toContain('name="next" value="/c/somewhere"');
    // The token is derived from the pre-session cookie (ADR 19), never the cookie's own value.
    expect(page.body).toMatch(/name="_csrf" value="[A-Za-z0-9_-]{43}"/);
    expect(page.body).not.toContain(`value="${browser.cookies.get("hearth_csrf")}"`);
    expect(page.body).toMatch(/<button type="submit">Create my account<\/button>/);
  });

  it("creates the account and lands the person signed in", async () => {
    const browser = await newBrowser(t);
    await browser.get("/signup");
    const username = newName();
    const response = await browser.post("/signup", { displayName: "Kind Neighbour", username, password: PASSWORD, email: "", next: "/" });
    // The answer shows the recovery codes, once (ADR 29), and goes on to where the person was going.
    expect(response.statusCode, response.body).toBe(201);
    expect(response.body).toContain("Keep these somewhere safe. Anyone with one can reset your password.");
    expect(response.body).toMatch(/<a class="button" href="\/">I have kept them safe, continue<\/a>/);
    expect(browser.cookies.get("hearth_session")).toBeTruthy();
    const home = await browser.get("/");
    expect(home.body).toContain(`Signed in as ${username}`);
  });

  it("records that the person looks after someone when they tick the box", async () => {
    const browser = await newBrowser(t);
    await browser.get("/signup");
    await browser.post("/signup", { displayName: "Kind Neighbour", username: newName(), password: PASSWORD, carer: "yes" });
    const me = await t.request({ method: "GET", url: "/api/v1/me", headers: { cookie: `hearth_session=${browser.cookies.get("hearth_session")}` } });
    expect(me.json().personas[0].capacity).toBe("carer");
  });

  it("goes back to the page the person came from, but never to another site", async () => {
    const browser = await newBrowser(t);
    await browser.get("/signup");
    const back = await browser.post("/signup", { displayName: "Kind Neighbour", username: newName(), password: PASSWORD, next: "/c/living-well" });
    expect(back.body).toContain('<a class="button" href="/c/living-well">I have kept them safe, continue</a>');

    const other = await newBrowser(t);
    await other.get("/signup");
    const username = newName();
    const away = await other.post("/signup", { displayName: "Kind Neighbour", username, password: PASSWORD, next: "//evil.example/steal" });
    // A target elsewhere is refused before the account is made (ADR 19), not replaced.
    expect(away.statusCode).toBe(400);
    expect(away.headers.location).toBeUndefined();
    expect(other.cookies.has("hearth_session")).toBe(false);
    const signIn = await t.request({ method: "POST", url: "/api/v1/sessions", payload: { username, password: PASSWORD } });
    expect(signIn.statusCode).toBe(401);
  });

  it("explains a password that is too short, keeping everything else that was typed", async () => {
    const browser = await newBrowser(t);
    await browser.get("/signup");
    const username = newName();
    const response = await browser.post("/signup", { displayName: "Kind Neighbour", username, password: "short", email: "me@example.org", carer: "yes", next: "/c/here" });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain("There is a problem");
    expect(response.body).toContain("Use at least 10 characters");
    expect(response.body).toMatch(/aria-describedby="field-password-hint field-password-error"/);
    expect(response.body).toContain(`value="${username}"`);
    expect(response.body).toContain('value="me@example.org"');
    expect(response.body).toMatch(/name="carer" value="yes" checked/);
    expect(response.body).toContain('name="next" value="/c/here"');
    expect(response.body).not.toContain('value="short"');
    expect(response.body).toContain("<title>Error: Join Hearth · Hearth</title>");
    expect(browser.cookies.has("hearth_session")).toBe(false);
  });

  it("says when a username is taken and what to do", async () => {
    const existing = await signUp(t);
    const browser = await newBrowser(t);
    await browser.get("/signup");
    const response = await browser.post("/signup", { displayName: "Kind Neighbour", username: existing.username, password: PASSWORD });
    expect(response.statusCode).toBe(409);
    expect(response.body).toContain("That username is taken. Try another, or sign in if it is yours.");
    expect(response.body).toContain(`value="${existing.username}"`);
  });

  it("answers odd forms with a 400 page, never an error of ours", async () => {
    const browser = await newBrowser(t);
    await browser.get("/signup");
    const empty = await browser.post("/signup", {});
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain("Choose a username.");
    const twice = await browser.post("/signup", { displayName: "Kind Neighbour", username: [newName(), newName()], password: PASSWORD });
    expect(twice.statusCode).toBe(400);
    expect(twice.body).toContain("This was sent more than once");
    const huge = await browser.post("/signup", { displayName: "Kind Neighbour", username: "x".repeat(5000), password: PASSWORD });
    expect(huge.statusCode).toBe(400);
    // The form takes the username limit from src/shared/limits.ts, as the API and the service do (issue 6, item 18).
    expect(huge.body).toContain(`Use at most ${LIMITS.username} characters`);
  });

  it("refuses a form that does not carry the CSRF field", async () => {
    const browser = await newBrowser(t);
    await browser.get("/signup");
    const forged = await browser.post("/signup", { displayName: "Kind Neighbour", username: newName(), password: PASSWORD }, { csrf: false });
    expect(forged.statusCode).toBe(403);
    expect(forged.body).toContain("This form has expired");

    const stranger = await newBrowser(t);
    const noCookie = await stranger.post("/signup", { displayName: "Kind Neighbour", username: newName(), password: PASSWORD });
    expect(noCookie.statusCode).toBe(403);
  });
});

describe("signing in and out", () => {
  it("signs in and goes to the page asked for", async () => {
    const member = await signUp(t);
    const browser = await newBrowser(t);
    const page = await browser.get("/signin?next=/c/somewhere");
    expect(page.body).toContain('<label for="field-username">Username</label>');
    expect(page.body).toContain('<label for="field-password">Password</label>');
    const response = await browser.post("/signin", { username: member.username, password: member.password, next: "/c/somewhere" });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe("/c/somewhere");
    expect((await browser.get("/")).body).toContain(`Signed in as ${member.username}`);
  });

  it("shows the problem when the password is wrong and keeps the username", async () => {
    const member = await signUp(t);
    const browser = await newBrowser(t);
    await browser.get("/signin");
    const response = await browser.post("/signin", { username: member.username, password: "not the right one", next: "/" });
    expect(response.statusCode).toBe(401);
    expect(response.body).toContain("That username and password do not match. Check them and try again.");
    expect(response.body).toContain(`value="${member.username}"`);
    expect(response.body).not.toContain('value="not the right one"');
    expect(browser.cookies.has("hearth_session")).toBe(false);
  });

  it("asks for both fields when one is missing", async () => {
    const browser = await newBrowser(t);
    await browser.get("/signin");
    const response = await browser.post("/signin", { username: "someone" });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain("Enter your password.");
    expect(response.body).toContain('href="#field-password"');
  });

  it("signs out from the header button and ends the session", async () => {
    const member = await signUp(t);
    const browser = await newBrowser(t);
    await browser.get("/signin");
    await browser.post("/signin", { username: member.username, password: member.password });
    const token = browser.cookies.get("hearth_session");
    const home = await browser.get("/");
    expect(home.body).toContain('action="/signout"');
    const out = await browser.post("/signout");
    expect(out.statusCode).toBe(303);
    expect(out.headers.location).toBe("/");
    expect(browser.cookies.has("hearth_session")).toBe(false);
    expect((await browser.get("/")).body).toContain("Join Hearth");
    const me = await t.request({ method: "GET", url: "/api/v1/me", headers: { cookie: `hearth_session=${token}` } });
    expect(me.statusCode).toBe(401);
  });

  it("sends someone already signed in on from the sign-in page", async () => {
    const member = await signUp(t);
    const browser = await newBrowser(t, member);
    const page = await browser.get("/signin?next=/c/x");
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toBe("/c/x");
  });
});
