/**
 * Every HTML form with an API twin checks what it is sent with the API's own body
 * schema (ADR 28): a value over a limit, or a choice the API does not offer, is refused
 * by both doors, each naming the field, and nothing is made. The form also answers
 * every problem at once, in the order the page shows the fields.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHECKIN_LIMITS, CONDITION_LIMITS, LIMITS } from "../../src/shared/limits.ts";
import { createTestApp, type TestApp } from "../helpers/test-app.ts";
import { newBrowser, type FormFields } from "../helpers/browser-form.ts";
import { charter, createCommunity, signUp, startThread, type Member } from "../helpers/factories.ts";
import { APPLICATION } from "../helpers/clinician-fixtures.ts";

let t: TestApp;
let owner: Member;
let community: { slug: string };
let thread: { id: string; postId: string };

beforeAll(async () => {
  t = await createTestApp();
  owner = await signUp(t);
  community = await createCommunity(t, owner);
  thread = await startThread(t, owner, community.slug);
});
afterAll(async () => t.close());

const over = (limit: number) => "x".repeat(limit + 1);
let n = 0;
const unique = (prefix: string) => `${prefix}${Date.now().toString(36)}${n++}`;

/** The check-ins and safety form's fields, each box as a person would leave it. */
const careForm = (fields: Record<string, string>): FormFields => ({ checkinTemplate: "", contentWarnings: "bereavement", crisisResources: "", dangerNow: "", crisisPhrases: "", ...fields });

/** The charter form's fields, all answered, as the API's charter. */
function charterForm(fields: Record<string, string>): FormFields {
  const c = charter();
  return {
    name: "Matching",
    purpose: "Testing both doors.",
    visibility: "public",
    joinPolicy: "open",
    conditions: "COPD",
    rules: c.rules.join("\n"),
    funding: c.funding,
    businessModel: c.businessModel,
    dataUse: c.dataUse,
    conflictsOfInterest: c.conflictsOfInterest,
    ...fields,
  };
}

type Case = {
  /** What is refused, in words. */
  what: string;
  /** The API request (as the owner unless `guest`) and the field its 400 must name. */
  api: { method: "POST" | "PATCH"; url: string; payload: Record<string, unknown>; field: string; guest?: boolean };
  /** The form: a page to load first (for its CSRF field), where it posts, and the field its 400 must mark. */
  form: { page: string; url: string; fields: FormFields; field: string; guest?: boolean };
};

const cases = (): Case[] => {
  const c = charter();
  const communityBody = (over: Record<string, unknown>) => ({ slug: unique("m-"), name: "Matching", purpose: "Testing.", visibility: "public", charter: c, ...over });
  const spaceBody = (over: Record<string, unknown>) => ({ slug: unique("s-"), name: "Room", visibility: "members", ...over });
  return [
    {
      what: "sign-up: a username one over the limit",
      api: { method: "POST", url: "/api/v1/accounts", payload: { username: over(LIMITS.username), password: "a long enough password" }, field: "username", guest: true },
      form: { page: "/signup", url: "/signup", fields: { username: over(LIMITS.username), displayName: "Kind Neighbour", password: "a long enough password" }, field: "username", guest: true },
    },
    {
      what: "sign-up: an email one over the limit",
      api: { method: "POST", url: "/api/v1/accounts", payload: { username: unique("u_"), password: "a long enough password", email: over(LIMITS.email) }, field: "email", guest: true },
      form: { page: "/signup", url: "/signup", fields: { username: unique("u_"), displayName: "Kind Neighbour", password: "a long enough password", email: over(LIMITS.email) }, field: "email", guest: true },
    },
    {
      what: "sign-in: a password one over the limit",
      api: { method: "POST", url: "/api/v1/sessions", payload: { username: owner.username, password: over(LIMITS.password) }, field: "password", guest: true },
      form: { page: "/signin", url: "/signin", fields: { username: owner.username, password: over(LIMITS.password) }, field: "password", guest: true },
    },
    {
      what: "a community: a web address one over the limit",
      api: { method: "POST", url: "/api/v1/communities", payload: communityBody({ slug: over(LIMITS.slug) }), field: "slug" },
      form: { page: "/communities/new", url: "/communities/new", fields: charterForm({ slug: over(LIMITS.slug) }), field: "slug" },
    },
    {
      what: "a community: a visibility the API does not offer",
      api: { method: "POST", url: "/api/v1/communities", payload: communityBody({ visibility: "secret" }), field: "visibility" },
      form: { page: "/communities/new", url: "/communities/new", fields: charterForm({ slug: unique("m-"), visibility: "secret" }), field: "visibility" },
    },
    {
      what: "a community: a funding answer one over the limit",
      api: { method: "POST", url: "/api/v1/communities", payload: communityBody({ charter: { ...c, funding: over(LIMITS.declaration) } }), field: "charter.funding" },
      form: { page: "/communities/new", url: "/communities/new", fields: charterForm({ slug: unique("m-"), funding: over(LIMITS.declaration) }), field: "funding" },
    },
    {
      what: "a charter edit: a rule one over the limit",
      api: { method: "PATCH", url: `/api/v1/communities/${community.slug}`, payload: { charter: { rules: [over(LIMITS.rule)] } }, field: "charter.rules[0]" },
      form: { page: `/c/${community.slug}/settings`, url: `/c/${community.slug}/settings`, fields: charterForm({ rules: over(LIMITS.rule) }), field: "rules" },
    },
    {
      what: "check-ins and safety: a check-in question one over the limit",
      api: { method: "PATCH", url: `/api/v1/communities/${community.slug}`, payload: { charter: { checkinTemplate: { fields: [{ id: "mood", label: over(CHECKIN_LIMITS.label), type: "text" }] } } }, field: "charter.checkinTemplate.fields[0].label" },
      form: { page: `/c/${community.slug}/settings/care`, url: `/c/${community.slug}/settings/care`, fields: careForm({ checkinTemplate: `mood | ${over(CHECKIN_LIMITS.label)} | text` }), field: "checkinTemplate" },
    },
    {
      what: "check-ins and safety: a danger line one over the limit",
      api: { method: "PATCH", url: `/api/v1/communities/${community.slug}`, payload: { charter: { dangerNow: over(CONDITION_LIMITS.dangerNow) } }, field: "charter.dangerNow" },
      form: { page: `/c/${community.slug}/settings/care`, url: `/c/${community.slug}/settings/care`, fields: careForm({ dangerNow: over(CONDITION_LIMITS.dangerNow) }), field: "dangerNow" },
    },
    {
      what: "a space: a web address one over the limit",
      api: { method: "POST", url: `/api/v1/communities/${community.slug}/spaces`, payload: spaceBody({ slug: over(LIMITS.slug) }), field: "slug" },
      form: { page: `/c/${community.slug}/spaces/new`, url: `/c/${community.slug}/spaces/new`, fields: { ...spaceBody({ slug: over(LIMITS.slug) }) } as FormFields, field: "slug" },
    },
    {
      what: "a space: a visibility the API does not offer",
      api: { method: "POST", url: `/api/v1/communities/${community.slug}/spaces`, payload: spaceBody({ visibility: "everyone" }), field: "visibility" },
      form: { page: `/c/${community.slug}/spaces/new`, url: `/c/${community.slug}/spaces/new`, fields: { ...spaceBody({ visibility: "everyone" }) } as FormFields, field: "visibility" },
    },
    {
      what: "a thread: a title one over the limit",
      api: { method: "POST", url: `/api/v1/communities/${community.slug}/spaces/general/threads`, payload: { title: over(LIMITS.threadTitle), body: "Hello" }, field: "title" },
      form: { page: `/c/${community.slug}/s/general`, url: `/c/${community.slug}/s/general/threads`, fields: { title: over(LIMITS.threadTitle), body: "Hello" }, field: "title" },
    },
    {
      what: "a reply: a body one over the limit",
      api: { method: "POST", url: `/api/v1/threads/${thread.id}/posts`, payload: { body: over(LIMITS.postBody) }, field: "body" },
      form: { page: `/t/${thread.id}`, url: `/t/${thread.id}/replies`, fields: { body: over(LIMITS.postBody) }, field: "body" },
    },
    {
      what: "a post edit: a body one over the limit",
      api: { method: "PATCH", url: `/api/v1/posts/${thread.postId}`, payload: { body: over(LIMITS.postBody) }, field: "body" },
      form: { page: `/p/${thread.postId}/edit`, url: `/p/${thread.postId}/edit`, fields: { body: over(LIMITS.postBody) }, field: "body" },
    },
    {
      what: "a persona: a name one over the limit",
      api: { method: "PATCH", url: `/api/v1/personas/${owner.personaId}`, payload: { displayName: over(LIMITS.displayName) }, field: "displayName" },
      form: { page: `/settings/personas/${owner.personaId}`, url: `/settings/personas/${owner.personaId}`, fields: { displayName: over(LIMITS.displayName) }, field: "displayName" },
    },
    {
      what: "a new personal persona: a name one over the limit",
      api: { method: "POST", url: "/api/v1/personas", payload: { kind: "personal", displayName: over(LIMITS.displayName) }, field: "displayName" },
      form: { page: "/settings/personas", url: "/settings/personas/personal", fields: { personalName: over(LIMITS.displayName) }, field: "personalName" },
    },
    {
      what: "a clinician application: a profession one over the limit",
      api: { method: "POST", url: "/api/v1/clinician-verifications", payload: { ...APPLICATION, profession: over(LIMITS.profession) }, field: "profession" },
      form: { page: "/settings/clinician", url: "/settings/clinician", fields: { ...APPLICATION, profession: over(LIMITS.profession) }, field: "profession" },
    },
    {
      what: "a clinician application: a register the API does not know",
      api: { method: "POST", url: "/api/v1/clinician-verifications", payload: { ...APPLICATION, register: "XYZ" }, field: "register" },
      form: { page: "/settings/clinician", url: "/settings/clinician", fields: { ...APPLICATION, register: "XYZ" }, field: "register" },
    },
    {
      what: "a moderation action: a reason one over the limit",
      api: { method: "POST", url: "/api/v1/moderation/actions", payload: { targetType: "post", targetId: thread.postId, action: "hide", reason: over(LIMITS.moderationReason) }, field: "reason" },
      form: {
        page: `/moderation/act?targetType=post&targetId=${thread.postId}&action=hide`,
        url: "/moderation/actions",
        fields: { targetType: "post", targetId: thread.postId, action: "hide", reason: over(LIMITS.moderationReason) },
        field: "reason",
      },
    },
    {
      what: "a moderation action: an action the API does not offer",
      api: { method: "POST", url: "/api/v1/moderation/actions", payload: { targetType: "post", targetId: thread.postId, action: "delete", reason: "Spam" }, field: "action" },
      form: { page: `/moderation/act?targetType=post&targetId=${thread.postId}`, url: "/moderation/actions", fields: { targetType: "post", targetId: thread.postId, action: "delete", reason: "Spam" }, field: "action" },
    },
    {
      what: "a poll: a question one over the limit",
      api: { method: "POST", url: `/api/v1/threads/${thread.id}/poll`, payload: { question: over(LIMITS.pollQuestion), options: ["Yes", "No"] }, field: "question" },
      form: { page: `/t/${thread.id}/poll/new`, url: `/t/${thread.id}/poll`, fields: { question: over(LIMITS.pollQuestion), option1: "Yes", option2: "No", resultsShown: "after_voting" }, field: "question" },
    },
    {
      what: "a poll: a time for its results the API does not offer",
      api: { method: "POST", url: `/api/v1/threads/${thread.id}/poll`, payload: { question: "When?", options: ["Yes", "No"], resultsShown: "never" }, field: "resultsShown" },
      form: { page: `/t/${thread.id}/poll/new`, url: `/t/${thread.id}/poll`, fields: { question: "When?", option1: "Yes", option2: "No", resultsShown: "never" }, field: "resultsShown" },
    },
  ];
};

describe("forms and the API refuse the same values", () => {
  it("refuses each over-limit or unknown value at both doors, naming the field", async () => {
    const all = cases();
    expect(all.length).toBeGreaterThanOrEqual(15);
    for (const { what, api, form } of all) {
      const answer = await t.request({ method: api.method, url: api.url, payload: api.payload, ...(api.guest ? {} : { token: owner.token }) });
      expect(answer.statusCode, `${what}: API`).toBe(400);
      expect(Object.keys(answer.json().error.fields ?? {}), `${what}: API names the field`).toContain(api.field);

      const browser = await newBrowser(t, form.guest ? undefined : owner);
      expect((await browser.get(form.page)).statusCode, `${what}: the form's page`).toBe(200);
      const page = await browser.post(form.url, form.fields);
      expect(page.statusCode, `${what}: form`).toBe(400);
      expect(page.body, `${what}: the field says what is wrong`).toContain(`id="field-${form.field}-error"`);
      expect(page.body, `${what}: the summary links to the field`).toContain(`href="#field-${form.field}"`);
    }
    // Nothing was made by any refused request: the thread still has its one post, unhidden and unchanged.
    const after = (await t.request({ method: "GET", url: `/api/v1/threads/${thread.id}`, token: owner.token })).json();
    expect(after.posts.items).toHaveLength(1);
    expect(after.posts.items[0].hidden).toBe(false);
    expect(after.posts.items[0].body).toBe("How do you get going on cold mornings?");
    expect((await t.request({ method: "GET", url: `/api/v1/threads/${thread.id}/poll` })).statusCode, "no poll was added").toBe(404);
  });

  it("takes the same values at both doors once they fit", async () => {
    const browser = await newBrowser(t, owner);
    await browser.get(`/c/${community.slug}/spaces/new`);
    const at = "d".repeat(LIMITS.spaceDescription);
    const api = await t.request({
      method: "POST",
      url: `/api/v1/communities/${community.slug}/spaces`,
      token: owner.token,
      payload: { slug: unique("s-"), name: "Room", visibility: "carers", description: at },
    });
    expect(api.statusCode).toBe(201);
    const form = await browser.post(`/c/${community.slug}/spaces/new`, { slug: unique("s-"), name: "Room", visibility: "carers", description: at });
    expect(form.statusCode).toBe(303);
  });

  it("lists every problem of a form at once, in the order the page shows the fields, with specific words", async () => {
    const browser = await newBrowser(t, owner);
    await browser.get("/communities/new");
    const page = await browser.post(
      "/communities/new",
      charterForm({ slug: over(LIMITS.slug), name: "", visibility: "secret", rules: Array.from({ length: LIMITS.rules + 1 }, (_, i) => `Rule ${i}`).join("\n"), dataUse: "" }),
    );
    expect(page.statusCode).toBe(400);
    const summary = /<div class="error-summary"[^>]*>([\s\S]*?)<\/div>/.exec(page.body)?.[1] ?? "";
    const links = [...summary.matchAll(/href="#field-([^"]+)">([^<]*)</g)].map((m) => [m[1], m[2]]);
    expect(links.map(([field]) => field)).toEqual(["name", "slug", "visibility", "rules", "dataUse"]);
    expect(links).toContainEqual(["name", "Name: Give the community a name."]);
    expect(links).toContainEqual(["slug", `Web address: Use at most ${LIMITS.slug} characters. This has ${LIMITS.slug + 1}.`]);
    expect(links).toContainEqual(["rules", `Rules: List at most ${LIMITS.rules} rules. There are ${LIMITS.rules + 1}.`]);
    expect(links.find(([field]) => field === "dataUse")?.[1]).toMatch(/^What happens to members' data: Say what happens to members' data, even if the answer is/);
    // The API answers the same body with every field at fault too.
    const c = charter();
    const api = await t.request({
      method: "POST",
      url: "/api/v1/communities",
      token: owner.token,
      payload: { slug: over(LIMITS.slug), name: "", purpose: "Testing.", visibility: "secret", charter: { ...c, rules: Array.from({ length: LIMITS.rules + 1 }, (_, i) => `Rule ${i}`), dataUse: "" } },
    });
    expect(api.statusCode).toBe(400);
    expect(Object.keys(api.json().error.fields)).toEqual(expect.arrayContaining(["slug", "name", "visibility", "charter.rules", "charter.dataUse"]));
  });
});
