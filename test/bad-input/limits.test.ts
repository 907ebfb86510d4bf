/**
 * Every length limit has one source, src/shared/limits.ts (ADR 18): the API's schemas
 * (read back from the OpenAPI document it serves), the HTML forms and the services
 * agree, so a value one over the limit is refused by both doors naming the field and
 * one at the limit is taken by both. Forms without an API twin read their bodies with
 * schemas of their own (ADR 28): those are checked against the module directly.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LIMITS } from "../../src/shared/limits.ts";
import { createTestApp, type TestApp } from "../helpers/test-app.ts";
import { newBrowser } from "../helpers/browser-form.ts";
import { charter, createCommunity, signUp, startThread, type Member } from "../helpers/factories.ts";
import { JoinBody, SpaceEditBody } from "../../src/communities/communities.schemas.ts";
import { SignInCodeBody, TwoStepCheckBody } from "../../src/security/security.schemas.ts";
import { LinkAccountBody, LinkChoicesBody } from "../../src/external-identity/external-identity.schemas.ts";

let t: TestApp;
let owner: Member;
let community: { slug: string };
let thread: { id: string };
let openapi: { paths: Record<string, Record<string, any>> };

beforeAll(async () => {
  t = await createTestApp();
  owner = await signUp(t);
  community = await createCommunity(t, owner);
  thread = await startThread(t, owner, community.slug);
  openapi = (await t.request({ method: "GET", url: "/api/openapi.json" })).json();
});
afterAll(async () => t.close());

type Limit = keyof typeof LIMITS;

/** Where each limit appears in the API: operation, then a body field or "query:<name>". */
const IN_API: [Limit, string, string, string][] = [
  ["username", "post", "/api/v1/sessions", "username"],
  ["password", "post", "/api/v1/sessions", "password"],
  ["slug", "post", "/api/v1/communities", "slug"],
  ["communityName", "post", "/api/v1/communities", "name"],
  ["communityName", "patch", "/api/v1/communities/{slug}", "name"],
  ["purpose", "post", "/api/v1/communities", "purpose"],
  ["purpose", "patch", "/api/v1/communities/{slug}", "purpose"],
  ["slug", "post", "/api/v1/communities/{slug}/spaces", "slug"],
  ["spaceName", "post", "/api/v1/communities/{slug}/spaces", "name"],
  ["spaceDescription", "post", "/api/v1/communities/{slug}/spaces", "description"],
  ["threadTitle", "post", "/api/v1/communities/{slug}/spaces/{space}/threads", "title"],
  ["postBody", "post", "/api/v1/communities/{slug}/spaces/{space}/threads", "body"],
  ["postBody", "post", "/api/v1/threads/{id}/posts", "body"],
  ["postBody", "patch", "/api/v1/posts/{id}", "body"],
  ["displayName", "post", "/api/v1/personas", "displayName"],
  ["displayName", "patch", "/api/v1/personas/{id}", "displayName"],
  ["availability", "patch", "/api/v1/personas/{id}", "availability"],
  ["profession", "post", "/api/v1/clinician-verifications", "profession"],
  ["specialty", "post", "/api/v1/clinician-verifications", "specialty"],
  ["registrationNumber", "post", "/api/v1/clinician-verifications", "registrationNumber"],
  ["evidence", "post", "/api/v1/clinician-verifications", "evidence"],
  ["moderationReason", "post", "/api/v1/moderation/actions", "reason"],
  ["moderationReason", "post", "/api/v1/admin/break-glass", "reason"],
  ["flagNote", "post", "/api/v1/flags", "note"],
  ["searchQuery", "get", "/api/v1/search", "query:q"],
  ["email", "post", "/api/v1/me/email", "email"],
  ["password", "post", "/api/v1/me/email", "password"],
  ["password", "post", "/api/v1/me/recovery-codes", "password"],
  ["password", "post", "/api/v1/me/password", "current"],
  ["password", "post", "/api/v1/me/password", "new"],
  ["email", "post", "/api/v1/password-resets", "username"],
  ["linkToken", "post", "/api/v1/password-resets/confirm", "token"],
  ["password", "post", "/api/v1/password-resets/confirm", "newPassword"],
  ["username", "post", "/api/v1/password-resets/recovery", "username"],
  ["recoveryCode", "post", "/api/v1/password-resets/recovery", "code"],
  ["linkToken", "post", "/api/v1/me/email/verify", "token"],
  ["authenticatorCode", "post", "/api/v1/sessions", "code"],
  ["recoveryCode", "post", "/api/v1/sessions", "recoveryCode"],
  ["authenticatorCode", "post", "/api/v1/me/second-factor", "code"],
  ["recoveryCode", "post", "/api/v1/me/second-factor", "recoveryCode"],
  ["authenticatorCode", "post", "/api/v1/me/second-factor/confirm", "code"],
  ["password", "delete", "/api/v1/me/second-factor", "password"],
  ["recoveryCode", "delete", "/api/v1/me/second-factor", "recoveryCode"],
  ["moderationReason", "post", "/api/v1/admin/break-glass/{id}/decision", "reason"],
  ["pollQuestion", "post", "/api/v1/threads/{id}/poll", "question"],
];

type Body = { properties: Record<string, { maxLength?: number; anyOf?: { maxLength?: number }[] }> };

/** Where each limit appears in the body schemas of forms without an API twin (read straight from the schema; the OpenAPI document does not hold them). */
const IN_FORMS: [Limit, string, unknown, string][] = [
  ["joinMessage", "JoinBody", JoinBody, "message"],
  ["spaceName", "SpaceEditBody", SpaceEditBody, "name"],
  ["spaceDescription", "SpaceEditBody", SpaceEditBody, "description"],
  ["authenticatorCode", "SignInCodeBody", SignInCodeBody, "code"],
  ["recoveryCode", "SignInCodeBody", SignInCodeBody, "recoveryCode"],
  ["password", "TwoStepCheckBody", TwoStepCheckBody, "password"],
  ["recoveryCode", "TwoStepCheckBody", TwoStepCheckBody, "code"],
  ["username", "LinkAccountBody", LinkAccountBody, "username"],
  ["password", "LinkAccountBody", LinkAccountBody, "password"],
];

/** The maxLength the OpenAPI document gives a field, looking inside a nullable union. */
function maxLengthOf(method: string, path: string, field: string): number | undefined {
  const operation = openapi.paths[path]?.[method];
  expect(operation, `${method} ${path} is in the OpenAPI document`).toBeDefined();
  const schema = field.startsWith("query:")
    ? operation.parameters.find((p: any) => p.in === "query" && p.name === field.slice(6))?.schema
    : operation.requestBody.content["application/json"].schema.properties[field];
  return schema?.maxLength ?? schema?.anyOf?.find((s: any) => s.maxLength !== undefined)?.maxLength;
}

const formError = (html: string, field: string) => html.includes(`id="field-${field}-error"`);

describe("one source for every length limit", () => {
  it("gives each API field the maxLength of the limits module", () => {
    for (const [limit, method, path, field] of IN_API) expect(maxLengthOf(method, path, field), `${method} ${path} ${field}`).toBe(LIMITS[limit]);
  });

  it("gives each form-only body schema the maxLength of the limits module", () => {
    for (const [limit, name, schema, field] of IN_FORMS) {
      const property = (schema as Body).properties[field];
      expect(property?.maxLength ?? property?.anyOf?.find((s) => s.maxLength !== undefined)?.maxLength, `${name}.${field}`).toBe(LIMITS[limit]);
    }
    // Persona choices are ids, not typed text: bounded all the same.
    for (const field of ["namePersona", "picturePersona", "profileLinkPersona"]) expect((LinkChoicesBody as unknown as Body).properties[field]?.maxLength, field).toBeDefined();
  });

  it("space settings and join messages: the forms without an API twin take the limit and refuse one more", async () => {
    const browser = await newBrowser(t, owner);
    await browser.get(`/c/${community.slug}/spaces/general/settings`);
    for (const [field, limit] of [["name", LIMITS.spaceName], ["description", LIMITS.spaceDescription]] as const) {
      const fields = (length: number) => ({ name: "General", description: "", [field]: "s".repeat(length) });
      expect((await browser.post(`/c/${community.slug}/spaces/general/settings`, fields(limit))).statusCode, `${field} at the limit`).toBe(303);
      const form = await browser.post(`/c/${community.slug}/spaces/general/settings`, fields(limit + 1));
      expect(form.statusCode, field).toBe(400);
      expect(formError(form.body, field), field).toBe(true);
    }
    const asking = await createCommunity(t, owner, { joinPolicy: "approval" });
    const refused = await newBrowser(t, await signUp(t));
    await refused.get(`/c/${asking.slug}`);
    const over = await refused.post(`/c/${asking.slug}/join`, { message: "m".repeat(LIMITS.joinMessage + 1) });
    expect(over.statusCode).toBe(400);
    // The community page says it in its error summary, linked to the field.
    expect(over.body).toContain(`href="#field-message">Use at most ${LIMITS.joinMessage.toLocaleString("en-GB")} characters. This has ${(LIMITS.joinMessage + 1).toLocaleString("en-GB")}.`);
    const taken = await newBrowser(t, await signUp(t));
    await taken.get(`/c/${asking.slug}`);
    expect((await taken.post(`/c/${asking.slug}/join`, { message: "m".repeat(LIMITS.joinMessage) })).statusCode).toBe(303);
  });

  it("recovery codes: the API and the reset form both refuse one over the limit, naming the field", async () => {
    const code = (length: number) => "c".repeat(length);
    const api = await t.request({ method: "POST", url: "/api/v1/password-resets/recovery", payload: { username: owner.username, code: code(LIMITS.recoveryCode + 1), newPassword: "a brand new password here" } });
    expect(api.statusCode).toBe(400);
    expect(api.json().error.fields).toHaveProperty("code");
    const browser = await newBrowser(t);
    await browser.get("/forgot-password/code");
    const form = await browser.post("/forgot-password/code", { username: owner.username, code: code(LIMITS.recoveryCode + 1), newPassword: "a brand new password here" });
    expect(form.statusCode).toBe(400);
    expect(form.body).toContain(`Use at most ${LIMITS.recoveryCode} characters.`);
    // At the limit the form passes the code on: the service finds it wrong, as a code, not as too long.
    const atLimit = await browser.post("/forgot-password/code", { username: owner.username, code: code(LIMITS.recoveryCode), newPassword: "a brand new password here" });
    expect(atLimit.statusCode).toBe(400);
    expect(formError(atLimit.body, "code")).toBe(true);
    expect(atLimit.body).not.toContain("Use at most");
  });

  it("thread titles: the API and the form both take the limit and refuse one more", async () => {
    const at = "t".repeat(LIMITS.threadTitle);
    const over = `${at}t`;
    const api = (title: string) =>
      t.request({ method: "POST", url: `/api/v1/communities/${community.slug}/spaces/general/threads`, token: owner.token, payload: { title, body: "Hello" } });
    expect((await api(at)).statusCode).toBe(201);
    const refused = await api(over);
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.fields).toHaveProperty("title");
    const browser = await newBrowser(t, owner);
    await browser.get(`/c/${community.slug}/s/general`);
    expect((await browser.post(`/c/${community.slug}/s/general/threads`, { title: at, body: "Hello" })).statusCode).toBe(303);
    const form = await browser.post(`/c/${community.slug}/s/general/threads`, { title: over, body: "Hello" });
    expect(form.statusCode).toBe(400);
    expect(formError(form.body, "title")).toBe(true);
  });

  it("post bodies: the API and the form both take the limit and refuse one more", async () => {
    const at = "b".repeat(LIMITS.postBody);
    const api = (body: string) => t.request({ method: "POST", url: `/api/v1/threads/${thread.id}/posts`, token: owner.token, payload: { body } });
    expect((await api(at)).statusCode).toBe(201);
    const refused = await api(`${at}b`);
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.fields).toHaveProperty("body");
    const browser = await newBrowser(t, owner);
    await browser.get(`/t/${thread.id}`);
    expect((await browser.post(`/t/${thread.id}/replies`, { body: at })).statusCode).toBe(303);
    const form = await browser.post(`/t/${thread.id}/replies`, { body: `${at}b` });
    expect(form.statusCode).toBe(400);
    expect(formError(form.body, "body")).toBe(true);
  });

  it("community names, purposes and slugs: the API and the charter form agree", async () => {
    const browser = await newBrowser(t, owner);
    await browser.get("/communities/new");
    const c = charter();
    const formFields = (over: Record<string, string>) => ({
      visibility: "public",
      joinPolicy: "open",
      conditions: "COPD",
      rules: c.rules.join("\n"),
      funding: c.funding,
      businessModel: c.businessModel,
      dataUse: c.dataUse,
      conflictsOfInterest: c.conflictsOfInterest,
      ...over,
    });
    let n = 0;
    const slug = () => `lim-${Date.now().toString(36)}-${n++}`;
    for (const [field, limit] of [["name", LIMITS.communityName], ["purpose", LIMITS.purpose], ["slug", LIMITS.slug]] as const) {
      const value = (length: number) => (field === "slug" ? slug().padEnd(length - 1, "a") + "z" : "n".repeat(length));
      const base = { slug: slug(), name: "Limits", purpose: "Testing limits." };
      const api = (length: number) =>
        t.request({ method: "POST", url: "/api/v1/communities", token: owner.token, payload: { ...base, slug: slug(), visibility: "public", charter: c, [field]: value(length) } });
      expect((await api(limit)).statusCode, `${field} at the limit`).toBe(201);
      const refused = await api(limit + 1);
      expect(refused.statusCode, field).toBe(400);
      expect(refused.json().error.fields).toHaveProperty(field);
      expect((await browser.post("/communities/new", formFields({ ...base, slug: slug(), [field]: value(limit) }))).statusCode, `${field} form at the limit`).toBe(303);
      const form = await browser.post("/communities/new", formFields({ ...base, slug: slug(), [field]: value(limit + 1) }));
      expect(form.statusCode, field).toBe(400);
      expect(formError(form.body, field), field).toBe(true);
    }
  });

  it("space names and descriptions: the API and the space form agree", async () => {
    const browser = await newBrowser(t, owner);
    await browser.get(`/c/${community.slug}/spaces/new`);
    let n = 0;
    for (const [field, limit] of [["name", LIMITS.spaceName], ["description", LIMITS.spaceDescription]] as const) {
      const fields = (length: number) => ({ slug: `space-${field}-${n++}`, name: "Room", visibility: "members", [field]: "d".repeat(length) });
      const api = (length: number) => t.request({ method: "POST", url: `/api/v1/communities/${community.slug}/spaces`, token: owner.token, payload: fields(length) });
      expect((await api(limit)).statusCode, field).toBe(201);
      const refused = await api(limit + 1);
      expect(refused.statusCode).toBe(400);
      expect(refused.json().error.fields).toHaveProperty(field);
      expect((await browser.post(`/c/${community.slug}/spaces/new`, fields(limit))).statusCode, field).toBe(303);
      const form = await browser.post(`/c/${community.slug}/spaces/new`, fields(limit + 1));
      expect(form.statusCode).toBe(400);
      expect(formError(form.body, field), field).toBe(true);
    }
  });

  it("display names: the API and the persona form agree", async () => {
    const api = (displayName: string) => t.request({ method: "PATCH", url: `/api/v1/personas/${owner.personaId}`, token: owner.token, payload: { displayName } });
    expect((await api("a".repeat(LIMITS.displayName))).statusCode).toBe(200);
    const refused = await api("b".repeat(LIMITS.displayName + 1));
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.fields).toHaveProperty("displayName");
    const browser = await newBrowser(t, owner);
    await browser.get(`/settings/personas/${owner.personaId}`);
    expect((await browser.post(`/settings/personas/${owner.personaId}`, { displayName: "c".repeat(LIMITS.displayName) })).statusCode).toBe(303);
    const form = await browser.post(`/settings/personas/${owner.personaId}`, { displayName: "d".repeat(LIMITS.displayName + 1) });
    expect(form.statusCode).toBe(400);
    expect(formError(form.body, "displayName")).toBe(true);
  });

  it("searches: the API and the search page agree", async () => {
    expect((await t.request({ method: "GET", url: `/api/v1/search?q=${"q".repeat(LIMITS.searchQuery)}` })).statusCode).toBe(200);
    const refused = await t.request({ method: "GET", url: `/api/v1/search?q=${"q".repeat(LIMITS.searchQuery + 1)}` });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.fields).toHaveProperty("q");
    expect((await t.request({ method: "GET", url: `/search?q=${"q".repeat(LIMITS.searchQuery)}` })).statusCode).toBe(200);
    const page = await t.request({ method: "GET", url: `/search?q=${"q".repeat(LIMITS.searchQuery + 1)}` });
    expect(page.statusCode).toBe(400);
    expect(formError(page.body, "q")).toBe(true);
  });
});
