/**
 * Signing in with, and linking, an OpenID Connect provider, against a real provider
 * (oidc-provider) on 127.0.0.1: Hearth redirects there, the test plays the browser at
 * the provider (sign-in and consent pages, its cookies), and brings the provider's
 * redirect back to Hearth with the browser's Hearth cookies.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateTOTP } from "@oslojs/otp";
import { decodeBase32IgnorePadding } from "@oslojs/encoding";
import { createTestApp, type TestApp } from "../../test/helpers/test-app.ts";
import { signUp, type Member } from "../../test/helpers/factories.ts";
import { addPersona, makeClinician, signedInAdmin } from "../../test/helpers/clinician-fixtures.ts";
import { newBrowser, type Browser, type FormFields } from "../../test/helpers/browser-form.ts";
import { startTestProvider, TINY_PNG, type TestProvider } from "../../test/helpers/oidc-provider.ts";

const PUBLIC_URL = "http://hearth.test";
let provider: TestProvider;
let t: TestApp;

beforeAll(async () => {
  provider = await startTestProvider({ redirectUri: `${PUBLIC_URL}/auth/oidc/callback` });
  t = await createTestApp({
    env: {
      HEARTH_PUBLIC_URL: PUBLIC_URL,
      HEARTH_OIDC_ISSUER: provider.issuer,
      HEARTH_OIDC_CLIENT_ID: provider.clientId,
      HEARTH_OIDC_CLIENT_SECRET: provider.clientSecret,
      HEARTH_OIDC_NAME: "Test ID",
    },
  });
});
afterAll(async () => {
  await t?.close();
  await provider?.close();
});

const newSubject = (claims: { name?: string; picture?: string; profile?: string } = {}) => {
  const subject = `sub-${randomBytes(5).toString("hex")}`;
  provider.setProfile(subject, claims);
  return subject;
};
const pathOf = (url: string) => {
  const parsed = new URL(url);
  return parsed.pathname + parsed.search;
};

/** Starts at Hearth, signs in at the provider as `subject`, and returns the provider's redirect back. */
async function viaProvider(browser: Browser, intent: "signin" | "link", subject: string): Promise<string> {
  const started = await browser.get(`/auth/oidc/start?intent=${intent}`);
  expect(started.statusCode, started.body).toBe(303);
  const location = started.headers.location as string;
  expect(location.startsWith(provider.issuer)).toBe(true);
  const query = new URL(location).searchParams;
  expect(query.get("code_challenge_method")).toBe("S256");
  expect(query.get("state")).toBeTruthy();
  expect(query.get("nonce")).toBeTruthy();
  return provider.signIn(location, subject);
}

/** The whole link: provider, back to Hearth, the choices page, and the choices sent. */
async function link(member: Member, subject: string, fields: FormFields = {}) {
  const browser = await newBrowser(t, member);
  const back = await browser.get(pathOf(await viaProvider(browser, "link", subject)));
  expect(back.statusCode, back.body).toBe(303);
  expect(back.headers.location).toBe("/auth/oidc/link");
  const page = await browser.get("/auth/oidc/link");
  expect(page.statusCode, page.body).toBe(200);
  const saved = await browser.post("/auth/oidc/link", fields);
  return { browser, page, saved };
}

async function linkedAccounts(member: Member) {
  const response = await t.request({ method: "GET", url: "/api/v1/me/linked-accounts", token: member.token });
  expect(response.statusCode, response.body).toBe(200);
  return response.json().items as { id: string; providerName: string; subject: string; linkedAt: string; fields: { field: string; personaId: string; value: string }[] }[];
}

async function publicPersona(id: string) {
  const response = await t.request({ method: "GET", url: `/api/v1/personas/${id}` });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

describe("linking a provider account", () => {
  it("links the sign-in only when nothing is ticked, and draws nothing across", async () => {
    const member = await signUp(t);
    const subject = newSubject({ name: "Ann Example", profile: "https://example.org/ann" });
    const { page, saved } = await link(member, subject);

    expect(page.body).toContain("Choose what to show from Test ID");
    expect(page.body).toContain("Ann Example");
    expect(page.body).not.toMatch(/type="checkbox"[^>]*checked/);
    expect(saved.statusCode, saved.body).toBe(303);
    expect(saved.headers.location).toBe("/settings/linked-accounts?done=linked");

    const [linked, ...others] = await linkedAccounts(member);
    expect(others).toEqual([]);
    expect(linked).toMatchObject({ providerName: "Test ID", subject, fields: [] });
    expect(linked!.linkedAt).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const persona = await publicPersona(member.personaId);
    expect(persona.profile).toBeUndefined();
    expect(JSON.stringify(persona)).not.toContain("Ann Example");
  });

  it("shows a chosen name on the chosen persona and on no other", async () => {
    const member = await signUp(t);
    const other = await addPersona(t, member, "personal", `Walker ${randomBytes(3).toString("hex")}`);
    const subject = newSubject({ name: "Ann Example" });
    const { saved } = await link(member, subject, { name: "yes", name_persona: other.id });
    expect(saved.statusCode, saved.body).toBe(303);

    expect((await publicPersona(other.id)).profile).toEqual({ name: "Ann Example" });
    const first = await publicPersona(member.personaId);
    expect(first.profile).toBeUndefined();
    expect(JSON.stringify(first)).not.toContain("Ann Example");
    expect((await linkedAccounts(member))[0]!.fields).toEqual([{ field: "name", personaId: other.id, value: "Ann Example" }]);
  });

  it("keeps Hearth's own copy of a chosen picture, links the profile page as a member's link, and unlinking takes both away", async () => {
    const member = await signUp(t);
    const subject = newSubject({ picture: `${provider.pictures}/ann.png`, profile: "https://example.org/ann" });
    const { browser, saved } = await link(member, subject, {
      picture: "yes",
      picture_persona: member.personaId,
      profile_link: "yes",
      profile_link_persona: member.personaId,
    });
    expect(saved.statusCode, saved.body).toBe(303);

    const { profile } = await publicPersona(member.personaId);
    expect(profile.profileLink).toBe("https://example.org/ann");
    expect(profile.pictureUrl).toMatch(/^\/assets\/persona-pictures\/[A-Za-z0-9_-]{16}$/);
    const picture = await t.request({ method: "GET", url: profile.pictureUrl });
    expect(picture.statusCode).toBe(200);
    expect(picture.headers["content-type"]).toBe("image/png");
    expect(picture.headers["set-cookie"]).toBeUndefined();
    expect(Buffer.from(picture.rawPayload).equals(TINY_PNG)).toBe(true);

    const settings = await browser.get("/settings/linked-accounts");
    expect(settings.statusCode).toBe(200);
    expect(settings.body).toContain('<a href="https://example.org/ann" rel="nofollow ugc noopener">');
    expect(settings.body).not.toContain(provider.pictures);

    const [linked] = await linkedAccounts(member);
    const unlinked = await browser.post(`/settings/linked-accounts/${linked!.id}/unlink`);
    expect(unlinked.statusCode, unlinked.body).toBe(303);
    expect(await linkedAccounts(member)).toEqual([]);
    expect((await publicPersona(member.personaId)).profile).toBeUndefined();
    expect((await t.request({ method: "GET", url: profile.pictureUrl })).statusCode).toBe(404);
  });

  it("refuses a picture over 1 MB with a sentence and links nothing, then links once it is unticked", async () => {
    const member = await signUp(t);
    const subject = newSubject({ picture: `${provider.pictures}/huge.png` });
    const { browser, saved } = await link(member, subject, { picture: "yes", picture_persona: member.personaId });
    expect(saved.statusCode).toBe(400);
    expect(saved.body).toContain("larger than 1 MB");
    expect(await linkedAccounts(member)).toEqual([]);

    const again = await browser.post("/auth/oidc/link", {});
    expect(again.statusCode, again.body).toBe(303);
    expect((await linkedAccounts(member)).map((l) => l.fields)).toEqual([[]]);
  });

  it("never offers an anonymous clinician persona, and refuses one sent anyway", async () => {
    const clinician = await makeClinician(t, await signedInAdmin(t));
    const anonymousId = clinician.anonymousPersonaId;
    const stranger = await signUp(t);

    const subject = newSubject({ name: "Dr Ann Example" });
    const { browser, page, saved } = await link(clinician, subject, { name: "yes", name_persona: anonymousId });
    expect(page.body).toContain(clinician.personaId);
    expect(page.body).not.toContain(anonymousId);
    expect(saved.statusCode).toBe(400);
    expect(saved.body).toContain("anonymous clinician persona cannot show anything from another account");

    const othersPersona = await browser.post("/auth/oidc/link", { name: "yes", name_persona: stranger.personaId });
    expect(othersPersona.statusCode).toBe(400);
    expect(othersPersona.body).toContain("Choose one of your own personas");

    expect(await linkedAccounts(clinician)).toEqual([]);
    expect((await publicPersona(anonymousId)).profile).toBeUndefined();
    expect((await publicPersona(stranger.personaId)).profile).toBeUndefined();
  });

  it("answers 409 when the provider account is linked to another Hearth account", async () => {
    const first = await signUp(t);
    const second = await signUp(t);
    const subject = newSubject({ name: "Ann Example" });
    expect((await link(first, subject)).saved.statusCode).toBe(303);

    const browser = await newBrowser(t, second);
    const back = await browser.get(pathOf(await viaProvider(browser, "link", subject)));
    expect(back.statusCode).toBe(409);
    expect(back.body).toContain("This Test ID account is already linked to another Hearth account.");
    expect(await linkedAccounts(second)).toEqual([]);
    expect((await linkedAccounts(first)).map((l) => l.subject)).toEqual([subject]);
  });
});

describe("signing in with a provider account", () => {
  it("opens a session for the account a provider account is linked to", async () => {
    const member = await signUp(t);
    const subject = newSubject({ name: "Ann Example" });
    await link(member, subject);

    const browser = await newBrowser(t);
    const back = await browser.get(pathOf(await viaProvider(browser, "signin", subject)));
    expect(back.statusCode, back.body).toBe(303);
    expect(back.headers.location).toBe("/");
    expect(browser.cookies.has("hearth_session")).toBe(true);
    const me = await browser.get("/api/v1/me");
    expect(me.statusCode).toBe(200);
    expect(me.json().username).toBe(member.username);
  });

  it("asks for the code of an account with two-step sign-in before opening a session", async () => {
    const member = await signUp(t);
    const setup = await t.request({ method: "POST", url: "/api/v1/me/second-factor", token: member.token, payload: {} });
    expect(setup.statusCode, setup.body).toBe(201);
    const code = generateTOTP(decodeBase32IgnorePadding(setup.json().secret), 30, 6);
    const confirmed = await t.request({ method: "POST", url: "/api/v1/me/second-factor/confirm", token: member.token, payload: { code } });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    const subject = newSubject();
    await link(member, subject);

    const browser = await newBrowser(t);
    const back = await browser.get(pathOf(await viaProvider(browser, "signin", subject)));
    expect(back.statusCode).toBe(303);
    expect(back.headers.location).toMatch(/^\/signin\/code/);
    expect(browser.cookies.has("hearth_session")).toBe(false);
    expect((await browser.get("/api/v1/me")).statusCode).toBe(401);
  });

  it("offers a new account with a username of the person's choosing when nothing is linked, taking nothing from the provider", async () => {
    const subject = newSubject({ name: "Zed Provider-Name" });
    const browser = await newBrowser(t);
    const back = await browser.get(pathOf(await viaProvider(browser, "signin", subject)));
    expect(back.statusCode, back.body).toBe(303);
    expect(back.headers.location).toBe("/auth/oidc/new");
    const page = await browser.get("/auth/oidc/new");
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("No Hearth account is linked to this Test ID account yet");
    expect(browser.cookies.has("hearth_session")).toBe(false);

    const username = `new_${randomBytes(4).toString("hex")}`;
    const created = await browser.post("/auth/oidc/new/account", { new_username: username, new_password: "a long new password here" });
    expect(created.statusCode, created.body).toBe(303);
    expect(created.headers.location).toBe("/auth/oidc/link");
    expect((await browser.post("/auth/oidc/link", {})).statusCode).toBe(303);

    const me = (await browser.get("/api/v1/me")).json();
    expect(me.username).toBe(username);
    expect(JSON.stringify(me)).not.toContain("Zed Provider-Name");

    const later = await newBrowser(t);
    await later.get(pathOf(await viaProvider(later, "signin", subject)));
    expect((await later.get("/api/v1/me")).json().username).toBe(username);
  });

  it("links to an existing account once its password is given", async () => {
    const member = await signUp(t);
    const subject = newSubject();
    const browser = await newBrowser(t);
    await browser.get(pathOf(await viaProvider(browser, "signin", subject)));

    const wrong = await browser.post("/auth/oidc/new/existing", { username: member.username, password: "not the password at all" });
    expect(wrong.statusCode).toBe(401);
    expect(browser.cookies.has("hearth_session")).toBe(false);

    const right = await browser.post("/auth/oidc/new/existing", { username: member.username, password: member.password });
    expect(right.statusCode, right.body).toBe(303);
    expect(right.headers.location).toBe("/auth/oidc/link");
    expect((await browser.post("/auth/oidc/link", {})).statusCode).toBe(303);
    expect((await linkedAccounts(member)).map((l) => l.subject)).toEqual([subject]);
  });
});

describe("the state of a sign-in", () => {
  it("refuses a tampered state with a sentence, opens no session and links nothing", async () => {
    const member = await signUp(t);
    const subject = newSubject({ name: "Ann Example" });
    await link(member, subject);

    const guest = await newBrowser(t);
    const callback = new URL(await viaProvider(guest, "signin", subject));
    const tampered = new URL(callback);
    tampered.searchParams.set("state", "x".repeat(43));
    const refused = await guest.get(pathOf(tampered.href));
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain("does not belong to the sign-in this browser started");
    expect(guest.cookies.has("hearth_session")).toBe(false);
    expect((await guest.get("/api/v1/me")).statusCode).toBe(401);

    const other = await signUp(t);
    const linking = await newBrowser(t, other);
    const linkCallback = new URL(await viaProvider(linking, "link", newSubject()));
    linkCallback.searchParams.delete("state");
    expect((await linking.get(pathOf(linkCallback.href))).statusCode).toBe(400);
    expect((await linking.get("/auth/oidc/link")).statusCode).toBe(400);
    expect(await linkedAccounts(other)).toEqual([]);
  });

  it("refuses a state used a second time, and one that was never started in this browser", async () => {
    const member = await signUp(t);
    const subject = newSubject();
    await link(member, subject);

    const browser = await newBrowser(t);
    const callback = await viaProvider(browser, "signin", subject);
    const key = browser.cookies.get("hearth_oidc")!;
    expect((await browser.get(pathOf(callback))).statusCode).toBe(303);

    const replay = await newBrowser(t);
    replay.cookies.set("hearth_oidc", key);
    const again = await replay.get(pathOf(callback));
    expect(again.statusCode).toBe(400);
    expect(again.body).toContain("has already been used");
    expect(replay.cookies.has("hearth_session")).toBe(false);

    const stranger = await newBrowser(t);
    const missing = await stranger.get(pathOf(callback));
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain("was not started in this browser");
  });

  it("refuses a sign-in that took too long", async () => {
    const member = await signUp(t);
    const subject = newSubject();
    await link(member, subject);
    const browser = await newBrowser(t);
    const callback = await viaProvider(browser, "signin", subject);
    // Ten minutes pass before the browser comes back.
    await t.database.db.updateTable("oidc_login_states").set({ expires_at: new Date(Date.now() - 1000) }).where("consumed_at", "is", null).execute();
    const late = await browser.get(pathOf(callback));
    expect(late.statusCode).toBe(400);
    expect(late.body).toContain("took too long");
    expect(browser.cookies.has("hearth_session")).toBe(false);
  });
});

describe("pages", () => {
  it("offers the provider on the sign-in page and the linked accounts page", async () => {
    const signin = await (await newBrowser(t)).get("/signin");
    expect(signin.body).toContain('href="/auth/oidc/start?intent=signin"');
    expect(signin.body).toContain("Sign in with Test ID");
    const member = await signUp(t);
    const settings = await (await newBrowser(t, member)).get("/settings/linked-accounts");
    expect(settings.statusCode).toBe(200);
    expect(settings.body).toContain("Link a Test ID account");
    expect(settings.body).toContain("No accounts are linked.");
    const guest = await (await newBrowser(t)).get("/settings/linked-accounts");
    expect(guest.statusCode).toBe(303);
  });
});

describe("signing in with the provider, in the reader's language", () => {
  it("tells a Welsh reader in Welsh that the sign-in was not started in this browser", async () => {
    const stranger = await newBrowser(t);
    stranger.cookies.set("hearth_locale", "cy");
    const missing = await stranger.get("/auth/oidc/callback?code=x&state=y");
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain("yn y porwr hwn, neu mae wedi dod i ben. Dechreuwch eto.");
    expect(missing.body).not.toContain("was not started in this browser");
  });
});
