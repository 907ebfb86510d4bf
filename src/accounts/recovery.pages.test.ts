/**
 * The Account page and the forgot-password pages as a browser without JavaScript sees
 * them: one answer whatever was typed, bad input shown next to its field with nothing
 * changed, and the demo server's Account page.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test/helpers/test-app.ts";
import { newBrowser } from "../../test/helpers/browser-form.ts";
import { signUp } from "../../test/helpers/factories.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

const PASSWORD = "correct horse battery staple";
const emailOf = async (token: string) => (await t.request({ method: "GET", url: "/api/v1/me/email", token })).json();

describe("the forgot-password page", () => {
  it("answers with the same page whether or not the account or its verified email exists", async () => {
    const member = await signUp(t, { email: "someone@example.org" });
    const browser = await newBrowser(t);
    await browser.get("/forgot-password");
    const answers = [];
    for (const login of [member.username, "someone@example.org", "nobody_here_at_all", "nobody@example.org"]) {
      const response = await browser.post("/forgot-password", { login });
      answers.push({ status: response.statusCode, body: response.body });
    }
    expect(answers[0]!.status).toBe(200);
    expect(answers[0]!.body).toContain("Check your email");
    for (const answer of answers) expect(answer).toEqual(answers[0]);
    // The request is there for the worker to act on: one reset job per ask, whatever was typed.
    const jobs = await t.database.db.selectFrom("pgboss.job" as never).select("data" as never).where("name" as never, "=", "event.mail-password-reset-link" as never).execute();
    expect(jobs).toHaveLength(4);
  });

  it("asks for a username or email when the field is empty, next to the field", async () => {
    const browser = await newBrowser(t);
    await browser.get("/forgot-password");
    const empty = await browser.post("/forgot-password", { login: "  " });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('id="field-login-error"');
    expect(empty.body).toContain("Enter your username or your email address.");
  });

  it("says plainly that a reset link no longer works, and changes nothing", async () => {
    const member = await signUp(t);
    const browser = await newBrowser(t);
    const opened = await browser.get("/forgot-password/reset?token=not-a-real-token");
    expect(opened.statusCode).toBe(400);
    expect(opened.body).toContain("This link no longer works");
    expect(opened.body).toContain('href="/forgot-password"');
    const posted = await browser.post("/forgot-password/reset", { token: "not-a-real-token", newPassword: "a brand new password here" });
    expect(posted.statusCode).toBe(400);
    expect(posted.body).toContain("This link has expired or was already used.");
    expect((await t.request({ method: "POST", url: "/api/v1/sessions", payload: { username: member.username, password: PASSWORD } })).statusCode).toBe(200);
  });

  it("shows a wrong recovery code next to its field, keeps the username, and changes nothing", async () => {
    const member = await signUp(t);
    const browser = await newBrowser(t);
    await browser.get("/forgot-password/code");
    const wrong = await browser.post("/forgot-password/code", { username: member.username, code: "aaaa-bbbb-cccc-dddd", newPassword: "a brand new password here" });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('id="field-code-error"');
    expect(wrong.body).toContain(`value="${member.username}"`);
    expect(wrong.body).not.toContain("a brand new password here");
    expect((await t.request({ method: "POST", url: "/api/v1/sessions", payload: { username: member.username, password: PASSWORD } })).statusCode).toBe(200);
  });

  it("is linked from the sign-in page", async () => {
    const page = await (await newBrowser(t)).get("/signin");
    expect(page.body).toContain('<a href="/forgot-password">Forgot your password?</a>');
  });
});

describe("the Account page", () => {
  it("is in the navigation, and sends a guest to sign in", async () => {
    const member = await signUp(t);
    const home = await (await newBrowser(t, member)).get("/");
    expect(home.body).toMatch(/<nav aria-label="Main"[^>]*>.*<a href="\/account">Account<\/a>.*<\/nav>/s);
    const guest = await (await newBrowser(t)).get("/account");
    expect(guest.statusCode).toBe(303);
    expect(guest.headers.location).toBe("/signin?next=%2Faccount");
  });

  it("shows the password, email, recovery codes, two-step sign-in and sign-out-everywhere parts", async () => {
    const member = await signUp(t);
    const page = await (await newBrowser(t, member)).get("/account");
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('href="/settings/security/password"');
    expect(page.body).toContain('href="/account/email"');
    expect(page.body).toContain("You have 10 unused codes.");
    expect(page.body).toContain('href="/settings/security"');
    expect(page.body).toContain('action="/settings/security/sign-out-others"');
    expect(page.body).toContain('href="/settings/personas"');
    // This test server keeps its mail as files, and says so where email matters.
    expect(page.body).toContain("This server does not send email");
  });

  it("refuses a new email with a wrong password, or one that is not an email, next to the field, and changes nothing", async () => {
    const member = await signUp(t, { email: "first@example.org" });
    const browser = await newBrowser(t, member);
    await browser.get("/account/email");
    const wrong = await browser.post("/account/email", { email: "second@example.org", password: "not my password at all" });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('id="field-password-error"');
    expect(wrong.body).toContain('value="second@example.org"');
    const notEmail = await browser.post("/account/email", { email: "second at example", password: PASSWORD });
    expect(notEmail.statusCode).toBe(400);
    expect(notEmail.body).toContain('id="field-email-error"');
    expect(await emailOf(member.token)).toEqual({ email: "first@example.org", verified: false, pending: null });

    const done = await browser.post("/account/email", { email: "second@example.org", password: PASSWORD });
    expect(done.statusCode).toBe(303);
    const after = await browser.get(done.headers.location as string);
    expect(after.body).toContain("We have sent a link to your new address.");
    expect(after.body).toContain("We sent a link to <strong>second@example.org</strong>");
    expect(await emailOf(member.token)).toEqual({ email: "first@example.org", verified: false, pending: "second@example.org" });
  });

  it("removes the email with the password", async () => {
    const member = await signUp(t, { email: "gone@example.org" });
    const unconfirmed = await (await newBrowser(t, member)).get("/account");
    expect(unconfirmed.body).toContain("(not confirmed yet).");
    expect(unconfirmed.body).toContain('action="/account/email/resend"');
    const browser = await newBrowser(t, member);
    await browser.get("/account/email/remove");
    const wrong = await browser.post("/account/email/remove", { password: "nope nope nope" });
    expect(wrong.statusCode).toBe(400);
    expect(await emailOf(member.token)).toMatchObject({ email: "gone@example.org" });
    const done = await browser.post("/account/email/remove", { password: PASSWORD });
    expect(done.headers.location).toBe("/account?done=email-removed");
    expect(await emailOf(member.token)).toEqual({ email: null, verified: false, pending: null });
  });

  it("makes new recovery codes after the password, shown once with the warning", async () => {
    const member = await signUp(t);
    const browser = await newBrowser(t, member);
    await browser.get("/account/recovery-codes");
    const wrong = await browser.post("/account/recovery-codes", { password: "nope nope nope" });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('id="field-password-error"');
    const made = await browser.post("/account/recovery-codes", { password: PASSWORD });
    expect(made.statusCode).toBe(200);
    expect(made.body).toContain("Keep these somewhere safe. Anyone with one can reset your password.");
    expect(made.body.match(/<li><code>[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}<\/code><\/li>/g)).toHaveLength(10);
  });

  it("shows sensibly on the demo server, for a visitor who joined", async () => {
    expect(await t.services.demo.seedIfEmpty()).toBe(true);
    const visitor = await signUp(t);
    const page = await (await newBrowser(t, visitor)).get("/account");
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("<strong>Demo.</strong>");
    expect(page.body).toContain(`You are signed in as <strong>${visitor.username}</strong>`);
    expect(page.body).toContain("recovery codes work");
  });
});
