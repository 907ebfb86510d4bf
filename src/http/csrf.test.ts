/**
 * Cross-site request forgery (ADR 19): JSON-only API bodies, the Origin and
 * Sec-Fetch-Site check on every unsafe request without a bearer token (sign-in and
 * sign-up included), form tokens bound to the session under the server secret, and
 * `__Host-` cookies behind https. Each refusal has its positive control beside it.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LightMyRequestResponse } from "fastify";
import { newBrowser } from "../../test/helpers/browser-form.ts";
import { createCommunity, signUp, type Member } from "../../test/helpers/factories.ts";
import { createTestApp, type TestApp } from "../../test/helpers/test-app.ts";
import { ServerSecretService } from "../security/server-secret.service.ts";
import { loadConfig, ConfigError } from "../config.ts";

let t: TestApp;
let owner: Member;
let slug: string;
beforeAll(async () => {
  t = await createTestApp();
  owner = await signUp(t);
  slug = (await createCommunity(t, owner)).slug;
});
afterAll(async () => t?.close());

const SITE = "http://hearth.test";
type Headers = Record<string, string>;
const newName = () => `c_${randomBytes(4).toString("hex")}`;
const PASSWORD = "a long and quiet evening";
const sessionCookieOf = (response: LightMyRequestResponse) => response.cookies.find((c) => c.name === "hearth_session");

function expectError(response: LightMyRequestResponse, status: number, code: string) {
  expect(response.statusCode, response.body).toBe(status);
  expect(response.json().error.code).toBe(code);
  expect(response.json().error.message).toMatch(/\.$/);
}

const signInApi = (username: string, password: string, headers: Record<string, string> = {}) =>
  t.request({ method: "POST", url: "/api/v1/sessions", headers: { "content-type": "application/json", ...headers }, payload: JSON.stringify({ username, password }) });

/** The community's name as everyone reads it, to tell whether a write happened. */
const nameOfCommunity = async () => (await t.request({ method: "GET", url: `/api/v1/communities/${slug}` })).json().name as string;

const renameWithCookie = (name: string, headers: Record<string, string>) =>
  t.request({ method: "PATCH", url: `/api/v1/communities/${slug}`, cookies: { hearth_session: owner.token }, headers, payload: { name } });

describe("the API takes JSON bodies only", () => {
  it("answers a urlencoded, text/plain or multipart sign-in with 415 and sets no cookie; the same as JSON signs in", async () => {
    const member = await signUp(t);
    const bodies = [
      ["application/x-www-form-urlencoded", `username=${member.username}&password=${encodeURIComponent(member.password)}`],
      ["text/plain", JSON.stringify({ username: member.username, password: member.password })],
      ["multipart/form-data; boundary=x", `--x\r\nContent-Disposition: form-data; name="username"\r\n\r\n${member.username}\r\n--x--\r\n`],
    ];
    for (const [type, payload] of bodies) {
      const response = await t.request({ method: "POST", url: "/api/v1/sessions", headers: { "content-type": type! }, payload: payload! });
      expectError(response, 415, "unsupported_media_type");
      expect(sessionCookieOf(response), type).toBeUndefined();
    }
    const json = await signInApi(member.username, member.password, { "content-type": "application/json; charset=utf-8" });
    expect(json.statusCode, json.body).toBe(200);
    expect(sessionCookieOf(json)?.value).toBe(json.json().token);
  });

  it("refuses a body with no Content-Type, and lets a body-less POST or DELETE through", async () => {
    const noType = await t.request({ method: "POST", url: "/api/v1/accounts", payload: Buffer.from(`{"username":"${newName()}","password":"${PASSWORD}"}`) });
    expectError(noType, 415, "unsupported_media_type");
    const member = await signUp(t);
    const joined = await t.request({ method: "POST", url: `/api/v1/communities/${slug}/members`, token: member.token });
    expect(joined.statusCode, joined.body).toBe(201);
    const signedOut = await t.request({ method: "DELETE", url: "/api/v1/sessions/current", token: member.token });
    expect(signedOut.statusCode).toBe(204);
  });

  it("lets multipart through only on the uploads route (not built yet: 404, not 415)", async () => {
    const multipart = { "content-type": "multipart/form-data; boundary=x" };
    const upload = await t.request({ method: "POST", url: "/api/v1/uploads", token: owner.token, headers: multipart, payload: "--x--\r\n" });
    expectError(upload, 404, "not_found");
    const elsewhere = await t.request({ method: "POST", url: `/api/v1/communities/${slug}/members`, token: owner.token, headers: multipart, payload: "--x--\r\n" });
    expectError(elsewhere, 415, "unsupported_media_type");
  });
});

describe("sign-in and sign-up check where they came from", () => {
  it("refuses an API sign-in from another site's page or with Origin: null, and takes one from this site or from a program", async () => {
    const member = await signUp(t);
    for (const headers of [{ origin: "https://evil.example" }, { origin: "null" }, { origin: "http://hearth.test:8080" }, { "sec-fetch-site": "cross-site" }, { "sec-fetch-site": "same-site" }] as Headers[]) {
      const response = await signInApi(member.username, member.password, headers);
      expectError(response, 403, "forbidden");
      expect(sessionCookieOf(response), JSON.stringify(headers)).toBeUndefined();
    }
    // This site's page, and curl (no Origin, no Sec-Fetch-Site, no cookie): a program wanting its token.
    for (const headers of [{ origin: SITE, "sec-fetch-site": "same-origin" }, { "sec-fetch-site": "same-origin" }, {}] as Headers[]) {
      const response = await signInApi(member.username, member.password, headers);
      expect(response.statusCode, JSON.stringify(headers)).toBe(200);
      expect(response.json().token).toEqual(expect.any(String));
    }
  });

  it("makes no account for a sign-up posted from another site", async () => {
    const username = newName();
    const signUpAt = (origin: string) =>
      t.request({ method: "POST", url: "/api/v1/accounts", headers: { origin }, payload: { username, password: PASSWORD } });
    expectError(await signUpAt("https://evil.example"), 403, "forbidden");
    expect((await signInApi(username, PASSWORD)).statusCode).toBe(401);
    expect((await signUpAt(SITE)).statusCode).toBe(201);
    expect((await signInApi(username, PASSWORD)).statusCode).toBe(200);
  });

  it("refuses the sign-in form posted by another site, even with a valid token, and takes it from this site", async () => {
    const member = await signUp(t);
    const browser = await newBrowser(t);
    await browser.get("/signin");
    const fields = { username: member.username, password: member.password };
    for (const headers of [{ origin: "http://127.0.0.1:4000" }, { origin: "null" }, { "sec-fetch-site": "same-site" }] as Headers[]) {
      const forged = await browser.post("/signin", fields, { headers });
      expect(forged.statusCode, JSON.stringify(headers)).toBe(403);
      expect(browser.cookies.has("hearth_session")).toBe(false);
    }
    const own = await browser.post("/signin", fields);
    expect(own.statusCode, own.body).toBe(303);
    expect(browser.cookies.has("hearth_session")).toBe(true);
  });
});

describe("cookie-authenticated writes", () => {
  it("refuses Origin: null, a missing Origin and another site's Sec-Fetch-Site; takes this site's", async () => {
    const before = await nameOfCommunity();
    for (const headers of [{ origin: "null" }, {}, { "sec-fetch-site": "same-site" }, { origin: SITE, "sec-fetch-site": "cross-site" }, { origin: "https://hearth.test" }] as Headers[]) {
      expectError(await renameWithCookie("Forged", headers), 403, "forbidden");
    }
    expect(await nameOfCommunity()).toBe(before);
    expect((await renameWithCookie("By its owner, no Origin", { "sec-fetch-site": "same-origin" })).statusCode).toBe(200);
    expect(await nameOfCommunity()).toBe("By its owner, no Origin");
    expect((await renameWithCookie("By its owner", { origin: SITE })).statusCode).toBe(200);
    expect(await nameOfCommunity()).toBe("By its owner");
  });

  it("lets a bearer token through from anywhere: another site cannot attach one", async () => {
    const response = await t.request({ method: "PATCH", url: `/api/v1/communities/${slug}`, token: owner.token, headers: { origin: "https://evil.example" }, payload: { name: "Renamed by a script" } });
    expect(response.statusCode, response.body).toBe(200);
    expect(await nameOfCommunity()).toBe("Renamed by a script");
  });
});

describe("form tokens are bound to the session", () => {
  const postsIn = async () => (await t.request({ method: "GET", url: `/api/v1/communities/${slug}/spaces/general/threads` })).json().items.length as number;

  it("refuses a planted CSRF cookie repeated in the form (cookie tossing), and the attacker's own guest token", async () => {
    const victim = await newBrowser(t, owner);
    await victim.get(`/c/${slug}/s/general`);
    const attacker = await newBrowser(t);
    await attacker.get("/signin");
    const planted = attacker.cookies.get("hearth_csrf")!;
    victim.cookies.set("hearth_csrf", planted);
    const before = await postsIn();
    const thread = { title: "Forged thread", body: "Nobody wrote this." };
    for (const token of [planted, attacker.csrfToken()!]) {
      const forged = await victim.post(`/c/${slug}/s/general/threads`, { ...thread, _csrf: token });
      expect(forged.statusCode).toBe(403);
    }
    expect(await postsIn()).toBe(before);
    const own = await victim.post(`/c/${slug}/s/general/threads`, thread);
    expect(own.statusCode, own.body).toBe(303);
    expect(await postsIn()).toBe(before + 1);
  });

  it("gives a new token with a new session, and the old one stops working", async () => {
    const member = await signUp(t);
    const browser = await newBrowser(t);
    await browser.get("/signin");
    const guestToken = browser.csrfToken()!;
    await browser.post("/signin", { username: member.username, password: member.password });
    await browser.get("/");
    expect(browser.csrfToken()).not.toBe(guestToken);
    const stale = await browser.post("/signout", { _csrf: guestToken });
    expect(stale.statusCode).toBe(403);
    expect((await browser.post("/signout")).statusCode).toBe(303);
    expect(browser.cookies.has("hearth_session")).toBe(false);
  });
});

describe("the server secret", () => {
  it("is made once and kept in the database, so every process derives the same key; HEARTH_SECRET replaces it", async () => {
    const one = await new ServerSecretService(t.database.db, null).keyFor("csrf");
    const two = await new ServerSecretService(t.database.db, null).keyFor("csrf");
    expect(one.equals(two)).toBe(true);
    expect(one.equals(await new ServerSecretService(t.database.db, null).keyFor("other"))).toBe(false);
    const configured = await new ServerSecretService(t.database.db, "x".repeat(32)).keyFor("csrf");
    expect(configured.equals(one)).toBe(false);
    const rows = await t.database.db.selectFrom("server_secrets").select("name").execute();
    expect(rows.map((r) => r.name)).toEqual(["root"]);
  });

  it("refuses a HEARTH_SECRET that is short or has spaces, saying how to make one", () => {
    expect(() => loadConfig({ HEARTH_SECRET: "short" })).toThrow(ConfigError);
    expect(() => loadConfig({ HEARTH_SECRET: `${"a".repeat(32)} b` })).toThrow(/openssl rand/);
    expect(loadConfig({ HEARTH_SECRET: "a".repeat(32) }).secret).toBe("a".repeat(32));
  });
});

describe("behind https", () => {
  let secure: TestApp;
  beforeAll(async () => {
    secure = await createTestApp({ env: { HEARTH_PUBLIC_URL: "https://hearth.test" } });
  });
  afterAll(async () => secure?.close());

  it("names the cookies __Host- (Secure, Path=/, no Domain) and ignores a plain hearth_session", async () => {
    const member = await signUp(secure);
    const page = await secure.request({ method: "GET", url: "/signin" });
    const csrf = page.cookies.find((c) => c.name === "__Host-hearth_csrf");
    expect(csrf).toMatchObject({ secure: true, path: "/", httpOnly: true });
    expect(csrf?.domain).toBeUndefined();
    expect(page.cookies.find((c) => c.name === "hearth_csrf")).toBeUndefined();

    const session = await secure.request({ method: "POST", url: "/api/v1/sessions", payload: { username: member.username, password: member.password } });
    const cookie = session.cookies.find((c) => c.name === "__Host-hearth_session");
    expect(cookie).toMatchObject({ secure: true, path: "/", httpOnly: true, value: session.json().token });
    expect(cookie?.domain).toBeUndefined();

    const plain = await secure.request({ method: "GET", url: "/api/v1/me", cookies: { hearth_session: member.token } });
    expect(plain.statusCode).toBe(401);
    const prefixed = await secure.request({ method: "GET", url: "/api/v1/me", cookies: { "__Host-hearth_session": member.token } });
    expect(prefixed.statusCode).toBe(200);
  });

  it("takes only the https origin of HEARTH_PUBLIC_URL, not http on the same host", async () => {
    const community = await createCommunity(secure, await signUp(secure));
    const member = await signUp(secure);
    const join = (origin: string) =>
      secure.request({ method: "POST", url: `/api/v1/communities/${community.slug}/members`, cookies: { "__Host-hearth_session": member.token }, headers: { origin, host: "hearth.test" } });
    expectError(await join("http://hearth.test"), 403, "forbidden");
    expect((await join("https://hearth.test")).statusCode).toBe(201);
  });
});
