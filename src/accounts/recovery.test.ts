/**
 * Getting back into an account over the API (ADR 29): recovery codes from sign-up,
 * email verification, password reset links mailed over a real SMTP server, and the
 * rules around them: single use, expiry, same answer whatever was asked, hashes at rest.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestApp, type TestApp } from "../../test/helpers/test-app.ts";
import { linkIn, startSmtpInbox, type SmtpInbox } from "../../test/helpers/smtp-inbox.ts";

let t: TestApp;
let inbox: SmtpInbox;
const PASSWORD = "correct horse battery staple";
const NEW_PASSWORD = "a brand new kettle for tea";

beforeAll(async () => {
  inbox = await startSmtpInbox();
  t = await createTestApp({ work: true, env: { SMTP_URL: inbox.url } });
});
afterAll(async () => {
  await t?.close();
  await inbox?.close();
});
afterEach(() => {
  vi.useRealTimers();
});

const fresh = () => `r_${Math.random().toString(36).slice(2, 10)}`;
const address = () => `${Math.random().toString(36).slice(2, 10)}@example.org`;

async function createAccount(email?: string) {
  const username = fresh();
  const created = await t.request({ method: "POST", url: "/api/v1/accounts", payload: { username, password: PASSWORD, ...(email ? { email } : {}) } });
  expect(created.statusCode, created.body).toBe(201);
  const token = await signIn(username, PASSWORD);
  expect(token).not.toBeNull();
  return { id: created.json().id as string, username, token: token!, codes: created.json().recoveryCodes as string[] };
}

async function signIn(username: string, password: string): Promise<string | null> {
  const response = await t.request({ method: "POST", url: "/api/v1/sessions", payload: { username, password } });
  return response.statusCode === 200 ? (response.json().token as string) : null;
}

const me = (token: string) => t.request({ method: "GET", url: "/api/v1/me", token });
const settle = () => t.services.queue.settle();
const tokenOf = (link: string) => new URL(link).searchParams.get("token")!;

/** Asks for the link to the address given at sign-up (none is sent unasked). */
async function sendLink(token: string) {
  const sent = await t.request({ method: "POST", url: "/api/v1/me/email/resend", token });
  expect(sent.statusCode, sent.body).toBe(202);
  await settle();
}

/** Signs up with an email and follows the link mailed to it. */
async function accountWithVerifiedEmail() {
  const email = address();
  const account = await createAccount(email);
  await sendLink(account.token);
  const [mail] = await inbox.waitFor(email);
  const verified = await t.request({ method: "POST", url: "/api/v1/me/email/verify", payload: { token: tokenOf(linkIn(mail!, "http://hearth.test/account/email/verify?token=")) } });
  expect(verified.statusCode, verified.body).toBe(200);
  return { ...account, email };
}

async function askForReset(payload: object) {
  const response = await t.request({ method: "POST", url: "/api/v1/password-resets", payload });
  await settle();
  return response;
}

describe("recovery codes", () => {
  it("are given once at sign-up and kept only as hashes", async () => {
    const account = await createAccount();
    expect(account.codes).toHaveLength(10);
    expect(new Set(account.codes).size).toBe(10);
    const rows = await t.database.db.selectFrom("password_recovery_codes").selectAll().where("account_id", "=", account.id).execute();
    expect(rows).toHaveLength(10);
    const stored = JSON.stringify(rows);
    for (const code of account.codes) {
      expect(stored).not.toContain(code);
      expect(stored).not.toContain(code.replace(/-/g, ""));
    }
    // Not the two-step sign-in codes: those are made only when two-step sign-in is turned on.
    expect(await t.database.db.selectFrom("recovery_codes").select("code_hash").where("account_id", "=", account.id).execute()).toEqual([]);
  });

  it("reset the password once each, and the reset signs out every session", async () => {
    const account = await createAccount();
    const other = await signIn(account.username, PASSWORD);
    const reset = await t.request({ method: "POST", url: "/api/v1/password-resets/recovery", payload: { username: account.username.toUpperCase(), code: account.codes[0]!.toUpperCase(), newPassword: NEW_PASSWORD } });
    expect(reset.statusCode, reset.body).toBe(204);
    expect((await me(account.token)).statusCode).toBe(401);
    expect((await me(other!)).statusCode).toBe(401);
    expect(await signIn(account.username, PASSWORD)).toBeNull();
    expect(await signIn(account.username, NEW_PASSWORD)).not.toBeNull();

    const again = await t.request({ method: "POST", url: "/api/v1/password-resets/recovery", payload: { username: account.username, code: account.codes[0], newPassword: "yet another long password" } });
    expect(again.statusCode).toBe(400);
    expect(again.json().error.code).toBe("wrong_recovery_code");
    expect(again.json().error.fields).toHaveProperty("code");
    expect(await signIn(account.username, NEW_PASSWORD)).not.toBeNull();
    expect(await signIn(account.username, "yet another long password")).toBeNull();
    const ran = await t.request({ method: "GET", url: "/api/v1/me/recovery-codes", token: (await signIn(account.username, NEW_PASSWORD))! });
    expect(ran.json()).toEqual({ unused: 9 });
  });

  it("answer a wrong code and an unknown username with the same response", async () => {
    const account = await createAccount();
    const wrong = await t.request({ method: "POST", url: "/api/v1/password-resets/recovery", payload: { username: account.username, code: "aaaa-bbbb-cccc-dddd", newPassword: NEW_PASSWORD } });
    const unknown = await t.request({ method: "POST", url: "/api/v1/password-resets/recovery", payload: { username: fresh(), code: account.codes[1], newPassword: NEW_PASSWORD } });
    expect(wrong.statusCode).toBe(400);
    expect(unknown.statusCode).toBe(wrong.statusCode);
    expect(unknown.body).toBe(wrong.body);
    expect(await signIn(account.username, PASSWORD)).not.toBeNull();
  });

  it("refuse a new password that breaks the rules, and keep the code for another try", async () => {
    const account = await createAccount();
    const short = await t.request({ method: "POST", url: "/api/v1/password-resets/recovery", payload: { username: account.username, code: account.codes[2], newPassword: "short" } });
    expect(short.statusCode).toBe(400);
    expect(short.json().error.fields).toHaveProperty("newPassword");
    const ok = await t.request({ method: "POST", url: "/api/v1/password-resets/recovery", payload: { username: account.username, code: account.codes[2], newPassword: NEW_PASSWORD } });
    expect(ok.statusCode).toBe(204);
  });

  it("can be made anew with the password; the old ones stop working", async () => {
    const account = await createAccount();
    const wrong = await t.request({ method: "POST", url: "/api/v1/me/recovery-codes", token: account.token, payload: { password: "not my password at all" } });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.code).toBe("wrong_password");
    expect(wrong.json().error.fields).toHaveProperty("password");

    const made = await t.request({ method: "POST", url: "/api/v1/me/recovery-codes", token: account.token, payload: { password: PASSWORD } });
    expect(made.statusCode, made.body).toBe(201);
    const codes = made.json().recoveryCodes as string[];
    expect(codes).toHaveLength(10);
    const old = await t.request({ method: "POST", url: "/api/v1/password-resets/recovery", payload: { username: account.username, code: account.codes[0], newPassword: NEW_PASSWORD } });
    expect(old.statusCode).toBe(400);
    const current = await t.request({ method: "POST", url: "/api/v1/password-resets/recovery", payload: { username: account.username, code: codes[0], newPassword: NEW_PASSWORD } });
    expect(current.statusCode).toBe(204);
  });
});

describe("email addresses", () => {
  it("are mailed in the language the account chose, with the same working link", async () => {
    const email = address();
    const account = await createAccount(email);
    const chosen = await t.request({ method: "PUT", url: "/api/v1/me/locale", token: account.token, payload: { locale: "cy" } });
    expect(chosen.statusCode, chosen.body).toBe(200);
    await sendLink(account.token);
    const [mail] = await inbox.waitFor(email);
    expect(mail!.subject).toBe("Cadarnhewch eich cyfeiriad e-bost ar gyfer Hearth");
    expect(mail!.text).toContain("o fewn 24 awr");
    expect(mail!.text).not.toContain("If it was not you");
    const verified = await t.request({ method: "POST", url: "/api/v1/me/email/verify", payload: { token: tokenOf(linkIn(mail!, "http://hearth.test/account/email/verify?token=")) } });
    expect(verified.statusCode, verified.body).toBe(200);
  });

  it("are verified by a single-use link mailed to them, which says why it was sent", async () => {
    const email = address();
    const account = await createAccount(email);
    await settle();
    expect(inbox.to(email)).toEqual([]); // an address given at sign-up is mailed only when the person asks
    await sendLink(account.token);
    const [mail] = await inbox.waitFor(email);
    expect(mail!.subject).toBe("Confirm your email address for Hearth");
    expect(mail!.text).toContain("an account on Hearth (hearth.test)");
    expect(mail!.raw).not.toContain(account.username);
    expect(mail!.text).toContain("If it was not you, ignore this email");
    expect(mail!.text).toContain("You get this one email because");
    const before = await t.request({ method: "GET", url: "/api/v1/me/email", token: account.token });
    expect(before.json()).toEqual({ email, verified: false, pending: null });

    const token = tokenOf(linkIn(mail!, "http://hearth.test/account/email/verify?token="));
    const stored = await t.database.db.selectFrom("account_tokens").selectAll().where("account_id", "=", account.id).execute();
    expect(stored).toHaveLength(1);
    expect(JSON.stringify(stored)).not.toContain(token);

    expect((await t.request({ method: "POST", url: "/api/v1/me/email/verify", payload: { token } })).json()).toEqual({ email });
    expect((await t.request({ method: "GET", url: "/api/v1/me/email", token: account.token })).json()).toEqual({ email, verified: true, pending: null });
    const reused = await t.request({ method: "POST", url: "/api/v1/me/email/verify", payload: { token } });
    expect(reused.statusCode).toBe(400);
    expect(reused.json().error.code).toBe("link_expired");
    const nothing = await t.request({ method: "POST", url: "/api/v1/me/email/resend", token: account.token });
    expect(nothing.statusCode).toBe(409);
  });

  it("change only when the new address is verified; until then the old one stays and gets the resets", async () => {
    const account = await accountWithVerifiedEmail();
    const next = address();
    const wrong = await t.request({ method: "POST", url: "/api/v1/me/email", token: account.token, payload: { email: next, password: "not my password at all" } });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.fields).toHaveProperty("password");
    const notEmail = await t.request({ method: "POST", url: "/api/v1/me/email", token: account.token, payload: { email: "not an email", password: PASSWORD } });
    expect(notEmail.statusCode).toBe(400);
    expect(notEmail.json().error.fields.email).toContain("does not look like an email address");
    expect((await t.request({ method: "GET", url: "/api/v1/me/email", token: account.token })).json()).toEqual({ email: account.email, verified: true, pending: null });

    const asked = await t.request({ method: "POST", url: "/api/v1/me/email", token: account.token, payload: { email: next, password: PASSWORD } });
    expect(asked.statusCode, asked.body).toBe(202);
    expect(asked.json()).toEqual({ email: account.email, verified: true, pending: next });
    await settle();
    const [mail] = await inbox.waitFor(next);

    // Meanwhile a reset still goes to the old, verified address, not the new one.
    await askForReset({ email: next });
    await askForReset({ username: account.username });
    await inbox.waitFor(account.email, 2);
    expect(inbox.to(account.email).at(-1)!.subject).toBe("Reset your Hearth password");
    expect(inbox.to(next)).toHaveLength(1);

    await t.request({ method: "POST", url: "/api/v1/me/email/verify", payload: { token: tokenOf(linkIn(mail!, "http://hearth.test/account/email/verify?token=")) } });
    expect((await t.request({ method: "GET", url: "/api/v1/me/email", token: account.token })).json()).toEqual({ email: next, verified: true, pending: null });
  });

  it("an older link does not verify an address replaced since", async () => {
    const account = await accountWithVerifiedEmail();
    const first = address();
    const second = address();
    await t.request({ method: "POST", url: "/api/v1/me/email", token: account.token, payload: { email: first, password: PASSWORD } });
    await settle();
    const [mail] = await inbox.waitFor(first);
    await t.request({ method: "POST", url: "/api/v1/me/email", token: account.token, payload: { email: second, password: PASSWORD } });
    const old = await t.request({ method: "POST", url: "/api/v1/me/email/verify", payload: { token: tokenOf(linkIn(mail!, "http://hearth.test/account/email/verify?token=")) } });
    expect(old.statusCode).toBe(400);
    expect((await t.request({ method: "GET", url: "/api/v1/me/email", token: account.token })).json()).toEqual({ email: account.email, verified: true, pending: second });
  });

  it("can be removed with the password, and then no reset is mailed", async () => {
    const account = await accountWithVerifiedEmail();
    const wrong = await t.request({ method: "DELETE", url: "/api/v1/me/email", token: account.token, payload: { password: "not my password at all" } });
    expect(wrong.statusCode).toBe(400);
    const removed = await t.request({ method: "DELETE", url: "/api/v1/me/email", token: account.token, payload: { password: PASSWORD } });
    expect(removed.statusCode).toBe(204);
    expect((await t.request({ method: "GET", url: "/api/v1/me/email", token: account.token })).json()).toEqual({ email: null, verified: false, pending: null });
    const mailsBefore = inbox.to(account.email).length;
    await askForReset({ username: account.username });
    await askForReset({ email: account.email });
    expect(inbox.to(account.email)).toHaveLength(mailsBefore);
  });
});

describe("password reset links", () => {
  it("are mailed to a verified address, work once, end every session, and are kept as hashes", async () => {
    const account = await accountWithVerifiedEmail();
    const before = inbox.to(account.email).length;
    const asked = await askForReset({ email: account.email.toUpperCase() });
    expect(asked.statusCode).toBe(202);
    const mails = await inbox.waitFor(account.email, before + 1);
    const mail = mails.at(-1)!;
    expect(mail.subject).toBe("Reset your Hearth password");
    expect(mail.text).toContain("within 60 minutes");
    expect(mail.text).toContain("If it was not you, ignore this email: your password stays as it is.");
    expect(mail.text).toContain("To stop these emails altogether, remove your email address on your Account page.");
    const token = tokenOf(linkIn(mail, "http://hearth.test/forgot-password/reset?token="));
    const stored = await t.database.db.selectFrom("account_tokens").selectAll().where("account_id", "=", account.id).where("purpose", "=", "password_reset").execute();
    expect(stored).toHaveLength(1);
    expect(JSON.stringify(stored)).not.toContain(token);

    const confirmed = await t.request({ method: "POST", url: "/api/v1/password-resets/confirm", payload: { token, newPassword: NEW_PASSWORD } });
    expect(confirmed.statusCode, confirmed.body).toBe(204);
    expect((await me(account.token)).statusCode).toBe(401);
    expect(await signIn(account.username, PASSWORD)).toBeNull();
    expect(await signIn(account.username, NEW_PASSWORD)).not.toBeNull();

    const reused = await t.request({ method: "POST", url: "/api/v1/password-resets/confirm", payload: { token, newPassword: "yet another long password" } });
    expect(reused.statusCode).toBe(400);
    expect(reused.json().error.code).toBe("link_expired");
    expect(await signIn(account.username, NEW_PASSWORD)).not.toBeNull();
  });

  it("expire after an hour", async () => {
    const account = await accountWithVerifiedEmail();
    vi.useFakeTimers({ toFake: ["Date"], shouldAdvanceTime: true });
    const before = inbox.to(account.email).length;
    await askForReset({ username: account.username });
    const mail = (await inbox.waitFor(account.email, before + 1)).at(-1)!;
    const token = tokenOf(linkIn(mail, "http://hearth.test/forgot-password/reset?token="));
    vi.setSystemTime(Date.now() + 61 * 60 * 1000);
    const late = await t.request({ method: "POST", url: "/api/v1/password-resets/confirm", payload: { token, newPassword: NEW_PASSWORD } });
    expect(late.statusCode).toBe(400);
    expect(late.json().error.code).toBe("link_expired");
    vi.useRealTimers();
    expect(await signIn(account.username, PASSWORD)).not.toBeNull();
    expect(await signIn(account.username, NEW_PASSWORD)).toBeNull();
  });

  it("answer the same whether or not the account or its verified email exists, and mail only the one that does", async () => {
    const verified = await accountWithVerifiedEmail();
    const unverifiedEmail = address();
    const unverified = await createAccount(unverifiedEmail);
    await settle();
    const before = inbox.received.length;
    const answers = [
      await askForReset({ username: verified.username }),
      await askForReset({ email: verified.email }),
      await askForReset({ username: unverified.username }),
      await askForReset({ email: unverifiedEmail }),
      await askForReset({ username: fresh() }),
      await askForReset({ email: address() }),
    ];
    const shape = (r: (typeof answers)[number]) => ({ status: r.statusCode, type: r.headers["content-type"], body: r.body });
    for (const answer of answers) expect(shape(answer)).toEqual(shape(answers[0]!));
    expect(answers[0]!.statusCode).toBe(202);
    await inbox.waitFor(verified.email, 3);
    // The two asks for the verified account were mailed to it, and nothing else was sent to anyone.
    expect(inbox.received.slice(before).map((m) => m.to)).toEqual([[verified.email], [verified.email]]);
  });

  it("refuse a request that names nothing, and a body that is not the API's", async () => {
    const empty = await t.request({ method: "POST", url: "/api/v1/password-resets", payload: {} });
    expect(empty.statusCode).toBe(400);
    const extra = await t.request({ method: "POST", url: "/api/v1/password-resets", payload: { username: "x", admin: true } });
    expect(extra.statusCode).toBe(400);
    const badToken = await t.request({ method: "POST", url: "/api/v1/password-resets/confirm", payload: { token: "nope", newPassword: NEW_PASSWORD } });
    expect(badToken.statusCode).toBe(400);
    expect(badToken.json().error.code).toBe("link_expired");
  });
});
