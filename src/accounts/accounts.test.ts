import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test/helpers/test-app.ts";
import { createCommunity, join, signUp } from "../../test/helpers/factories.ts";

let t: TestApp;
beforeAll(async () => {
  // Rate limits have their own tests (rate-limiter.test.ts); here many accounts come from one address.
  t = await createTestApp({ env: { HEARTH_RATE_LIMITS: "off" } });
});
afterAll(async () => t?.close());

const password = "correct horse battery staple";
const fresh = (prefix = "u_") => `${prefix}${Math.random().toString(36).slice(2, 10)}`;

describe("accounts and sessions", () => {
  it("signs up with a username and password only, and signs in with a bearer token", async () => {
    const member = await signUp(t, { displayName: null });
    const me = await t.request({ method: "GET", url: "/api/v1/me", token: member.token });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ username: member.username, roles: [], memberships: [] });
    expect(me.json().personas).toHaveLength(1);
    // With no display name sent, the personal persona gets a made-up one, never the username (issue 6, item 14).
    expect(me.json().personas[0]).toMatchObject({ kind: "personal" });
    expect(me.json().personas[0].displayName).toMatch(/^[A-Z][a-z]+ [A-Z][a-z]+$/);
    expect(me.json().personas[0].displayName.toLowerCase()).not.toContain(member.username.toLowerCase());
  });

  it("refuses a username that is taken, whatever its case", async () => {
    const member = await signUp(t);
    const again = await t.request({
      method: "POST",
      url: "/api/v1/accounts",
      payload: { username: member.username.toUpperCase(), password: "another long password" },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe("username_taken");
    expect(again.json().error.fields).toHaveProperty("username");
  });

  it("answers a sign-up with the new account's id, username and recovery codes only (API.md)", async () => {
    const username = fresh();
    const created = await t.request({ method: "POST", url: "/api/v1/accounts", payload: { username, password } });
    expect(created.statusCode).toBe(201);
    expect(Object.keys(created.json()).sort()).toEqual(["id", "recoveryCodes", "username"]);
    expect(created.json().recoveryCodes).toHaveLength(10);
    expect(created.json().username).toBe(username);
    expect(created.body).not.toContain(password);
  });

  it("takes an email when one is given, and treats an empty email as none", async () => {
    const withEmail = await t.request({ method: "POST", url: "/api/v1/accounts", payload: { username: fresh(), password, email: "someone@example.org" } });
    expect(withEmail.statusCode, withEmail.body).toBe(201);
    const empty = await t.request({ method: "POST", url: "/api/v1/accounts", payload: { username: fresh(), password, email: "" } });
    expect(empty.statusCode, empty.body).toBe(201);
    const nulled = await t.request({ method: "POST", url: "/api/v1/accounts", payload: { username: fresh(), password, email: null } });
    expect(nulled.statusCode, nulled.body).toBe(201);
    const stored = await t.database.db.selectFrom("accounts").select(["id", "email"]).where("id", "in", [withEmail.json().id, empty.json().id, nulled.json().id]).execute();
    const byId = new Map(stored.map((row) => [row.id, row.email]));
    expect(byId.get(withEmail.json().id)).toBe("someone@example.org");
    expect(byId.get(empty.json().id)).toBeNull();
    expect(byId.get(nulled.json().id)).toBeNull();
  });

  it.each([
    ["a username that is too short", { username: "ab", password }, "username"],
    ["a username with spaces", { username: "two words", password }, "username"],
    ["a username with punctuation", { username: "semi;colon", password }, "username"],
    ["a password that is too short", { username: fresh(), password: "short" }, "password"],
    ["a password that contains the username", { username: "walrus_42", password: "my name is walrus_42!" }, "password"],
    ["an email that is not one", { username: fresh(), password, email: "not an email" }, "email"],
    ["a missing password", { username: fresh() }, "password"],
  ])("refuses %s with a 400 naming the field", async (_what, payload, field) => {
    const before = await t.database.db.selectFrom("accounts").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    const response = await t.request({ method: "POST", url: "/api/v1/accounts", payload });
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().error.code).toBe("invalid_input");
    expect(response.json().error.fields).toHaveProperty(field);
    expect(response.json().error.message.length).toBeGreaterThan(10);
    const after = await t.database.db.selectFrom("accounts").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it("refuses a wrong password and an unknown username with the same answer", async () => {
    const member = await signUp(t);
    const wrong = await t.request({ method: "POST", url: "/api/v1/sessions", payload: { username: member.username, password: "not the password at all" } });
    const unknown = await t.request({ method: "POST", url: "/api/v1/sessions", payload: { username: fresh("nobody_"), password } });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
    expect(wrong.json().error.code).toBe("wrong_credentials");
    expect(wrong.headers["set-cookie"]).toBeUndefined();
  });

  it("signs in whatever the case of the username, and answers with a token and the account", async () => {
    const member = await signUp(t);
    const session = await t.request({ method: "POST", url: "/api/v1/sessions", payload: { username: member.username.toUpperCase(), password: member.password } });
    expect(session.statusCode).toBe(200);
    expect(session.json().account).toEqual({ id: member.id, username: member.username });
    expect(typeof session.json().token).toBe("string");
    expect(session.json().token.length).toBeGreaterThanOrEqual(32);
  });

  it("sets an HttpOnly session cookie that signs in a browser", async () => {
    const member = await signUp(t);
    const session = await t.request({ method: "POST", url: "/api/v1/sessions", payload: { username: member.username, password: member.password } });
    const cookie = session.cookies.find((c) => c.name === "hearth_session");
    expect(cookie).toBeDefined();
    expect(cookie!.httpOnly).toBe(true);
    expect(String(cookie!.sameSite).toLowerCase()).toBe("lax");
    const me = await t.request({ method: "GET", url: "/api/v1/me", cookies: { hearth_session: cookie!.value } });
    expect(me.statusCode).toBe(200);
    expect(me.json().username).toBe(member.username);
  });

  it("ends only the current session when signing out", async () => {
    const member = await signUp(t);
    const other = await t.request({ method: "POST", url: "/api/v1/sessions", payload: { username: member.username, password: member.password } });
    const otherToken = other.json().token as string;

    const out = await t.request({ method: "DELETE", url: "/api/v1/sessions/current", token: member.token });
    expect(out.statusCode).toBe(204);
    expect(out.body).toBe("");

    const afterwards = await t.request({ method: "GET", url: "/api/v1/me", token: member.token });
    expect(afterwards.statusCode).toBe(401);
    expect(afterwards.json().error.code).toBe("not_signed_in");
    const again = await t.request({ method: "DELETE", url: "/api/v1/sessions/current", token: member.token });
    expect(again.statusCode).toBe(401);

    const stillIn = await t.request({ method: "GET", url: "/api/v1/me", token: otherToken });
    expect(stillIn.statusCode).toBe(200);
  });

  it("answers /me with 401 to a guest and to a made-up token", async () => {
    const guest = await t.request({ method: "GET", url: "/api/v1/me" });
    expect(guest.statusCode).toBe(401);
    expect(guest.json().error.code).toBe("not_signed_in");
    const madeUp = await t.request({ method: "GET", url: "/api/v1/me", token: "x".repeat(43) });
    expect(madeUp.statusCode).toBe(401);
  });

  it("shows a carer's persona as someone who looks after another person", async () => {
    const carer = await signUp(t, { carer: true });
    const me = await t.request({ method: "GET", url: "/api/v1/me", token: carer.token });
    expect(me.json().personas[0]).toMatchObject({ kind: "personal", isCarer: true, capacity: "carer" });
    const plain = await signUp(t);
    const plainMe = await t.request({ method: "GET", url: "/api/v1/me", token: plain.token });
    expect(plainMe.json().personas[0]).toMatchObject({ isCarer: false, capacity: "personal" });
  });

  it("lists the communities the account belongs to, with its role and status", async () => {
    const owner = await signUp(t);
    const member = await signUp(t);
    const open = await createCommunity(t, owner);
    const approval = await createCommunity(t, owner, { joinPolicy: "approval" });
    await join(t, member, open.slug);
    await join(t, member, approval.slug);

    const me = (await t.request({ method: "GET", url: "/api/v1/me", token: member.token })).json();
    const bySlug = Object.fromEntries(me.memberships.map((m: { community: { slug: string } }) => [m.community.slug, m]));
    expect(bySlug[open.slug]).toEqual({ community: { slug: open.slug, name: open.name }, role: "member", status: "member" });
    expect(bySlug[approval.slug]).toEqual({ community: { slug: approval.slug, name: approval.name }, role: "member", status: "pending" });

    const ownerMe = (await t.request({ method: "GET", url: "/api/v1/me", token: owner.token })).json();
    expect(ownerMe.memberships.map((m: { role: string }) => m.role)).toEqual(["owner", "owner"]);
  });

  it("stores only a hash of the password and of the session token", async () => {
    const member = await signUp(t);
    const account = await t.database.db.selectFrom("accounts").select("password_hash").where("id", "=", member.id).executeTakeFirstOrThrow();
    expect(account.password_hash).not.toContain(member.password);
    expect(account.password_hash).toMatch(/^\$argon2id\$/);
    const sessions = await t.database.db.selectFrom("sessions").select("token_hash").where("account_id", "=", member.id).execute();
    expect(sessions.length).toBeGreaterThan(0);
    expect(sessions.map((s) => s.token_hash)).not.toContain(member.token);
  });
});

describe("the account service's refusals in the reader's language", () => {
  it("tells a Welsh reader what is wrong with a sign-up in Welsh, each field's problem too, with the same code", async () => {
    const payload = { username: "x", password: "short", email: "not an address" };
    const welsh = await t.request({ method: "POST", url: "/api/v1/accounts", payload, headers: { "accept-language": "cy" } });
    const english = await t.request({ method: "POST", url: "/api/v1/accounts", payload });
    expect(welsh.statusCode).toBe(400);
    expect(welsh.json().error.code).toBe(english.json().error.code);
    expect(english.json().error.fields.username).toBe("use 3 to 30 letters, numbers or underscores");
    expect(welsh.json().error.fields.username).toBe("defnyddiwch 3 i 30 o lythrennau, rhifau neu danlinellau");
    expect(welsh.json().error.fields.password).toBe("defnyddiwch o leiaf 10 o nodau; mae ychydig eiriau gyda'i gilydd yn gweithio'n dda");
    expect(english.json().error.fields.email).toBe("that does not look like an email address, such as name@example.org; leave it empty if you prefer");
    expect(welsh.json().error.fields.email).toContain("gadewch ef yn wag");
    expect(welsh.json().error.message).toContain("username: defnyddiwch 3 i 30");
  });

  it("says a taken username and a wrong password in Welsh to a reader who chose Welsh", async () => {
    const member = await signUp(t);
    const taken = await t.request({ method: "POST", url: "/api/v1/accounts", payload: { username: member.username, password }, headers: { cookie: "hearth_locale=cy" } });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error.code).toBe("username_taken");
    expect(taken.json().error.message).toBe("Mae rhywun eisoes yn defnyddio'r enw defnyddiwr hwnnw. Rhowch gynnig ar un arall, neu mewngofnodwch os mai chi biau.");
    const wrong = await t.request({ method: "POST", url: "/api/v1/sessions", payload: { username: member.username, password: "not the password at all" }, headers: { "accept-language": "cy" } });
    expect(wrong.json().error.code).toBe("wrong_credentials");
    expect(wrong.json().error.message).toBe("Nid yw'r enw defnyddiwr a'r cyfrinair yn cyfateb. Gwiriwch nhw a rhowch gynnig arall arni.");
  });
});
