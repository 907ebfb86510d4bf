/**
 * The inputs the review found giving 500s, and the names and titles that slipped
 * past trim() and the reserved-name guard: each is now a 400 invalid_input naming
 * the field, before anything is written (ADR 18).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../helpers/test-app.ts";
import { newBrowser } from "../helpers/browser-form.ts";
import { charter, createCommunity, signUp, startThread, type Member } from "../helpers/factories.ts";

let t: TestApp;
let owner: Member;
let community: { slug: string };

beforeAll(async () => {
  t = await createTestApp();
  owner = await signUp(t);
  community = await createCommunity(t, owner);
});
afterAll(async () => t.close());

const cursorWith = (id: string) => Buffer.from(JSON.stringify(["2024-01-01T00:00:00.000000Z", id])).toString("base64url");

function expectRefused(response: { statusCode: number; body: string; json: () => any }, field: string) {
  expect(response.statusCode, response.body).toBe(400);
  const { error } = response.json();
  expect(error.code).toBe("invalid_input");
  expect(Object.keys(error.fields)).toContain(field);
}

describe("text that cannot be stored is refused in one place", () => {
  it("answers a NUL in a query string, an address or a cursor with 400, not 500", async () => {
    expectRefused(await t.request({ method: "GET", url: "/api/v1/search?q=%00" }), "q");
    expectRefused(await t.request({ method: "GET", url: "/api/v1/communities/a%00b" }), "slug");
    expectRefused(await t.request({ method: "GET", url: `/api/v1/communities?cursor=${cursorWith("abc\u0000defghijklmn")}` }), "cursor");
    expectRefused(await t.request({ method: "GET", url: `/api/v1/communities?cursor=${cursorWith("x")}` }), "cursor");
    // A real cursor still works: the positive control for the shape check.
    const first = await t.request({ method: "GET", url: "/api/v1/communities?limit=1", token: owner.token });
    await createCommunity(t, owner);
    const again = await t.request({ method: "GET", url: "/api/v1/communities?limit=1", token: owner.token });
    const cursor = again.json().nextCursor as string;
    expect(first.statusCode).toBe(200);
    expect((await t.request({ method: "GET", url: `/api/v1/communities?cursor=${cursor}` })).statusCode).toBe(200);
  });

  it("shows a 400 page to browsers for the same, not a 500", async () => {
    for (const url of ["/search?q=%00", "/c/%00", `/c/${community.slug}/s/general?cursor=${cursorWith("a\u0000")}`]) {
      const page = await t.request({ method: "GET", url });
      expect(page.statusCode, url).toBe(400);
      expect(page.headers["content-type"]).toContain("text/html");
    }
  });

  it("refuses NUL and lone surrogates in JSON bodies, keys too, naming the dotted path", async () => {
    expectRefused(await t.request({ method: "POST", url: "/api/v1/sessions", payload: { username: "a\u0000", password: "whatever it is" } }), "username");
    const thread = await t.request({
      method: "POST",
      url: `/api/v1/communities/${community.slug}/spaces/general/threads`,
      token: owner.token,
      payload: { title: "a\u0000b", body: "Hello" },
    });
    expectRefused(thread, "title");
    const rule = await t.request({
      method: "PATCH",
      url: `/api/v1/communities/${community.slug}`,
      token: owner.token,
      payload: JSON.stringify({ charter: { rules: ["fine", "a\ud800"] } }).replace("a\\ud800", "a\\ud800"),
      headers: { "content-type": "application/json" },
    });
    expectRefused(rule, "charter.rules.1");
    const key = await t.request({ method: "POST", url: "/api/v1/sessions", payload: '{"username":"ann","pass\\u0000":"x"}', headers: { "content-type": "application/json" } });
    expect(key.statusCode).toBe(400);
    expect(key.json().error.code).toBe("invalid_input");
  });

  it("refuses them in form bodies and writes nothing", async () => {
    const browser = await newBrowser(t, owner);
    await browser.get(`/c/${community.slug}/s/general`);
    const before = await t.request({ method: "GET", url: `/api/v1/communities/${community.slug}/spaces/general/threads`, token: owner.token });
    const posted = await browser.post(`/c/${community.slug}/s/general/threads`, { title: "Fine", body: "a\u0000b" });
    expect(posted.statusCode).toBe(400);
    const after = await t.request({ method: "GET", url: `/api/v1/communities/${community.slug}/spaces/general/threads`, token: owner.token });
    expect(after.json().items.length).toBe(before.json().items.length);
  });

  it("still takes tabs, line breaks and emoji in posts", async () => {
    const thread = await startThread(t, owner, community.slug, "general", { title: "Breathing 😀", body: "Line one\n\tindented\r\nline two 👨‍👩‍👧" });
    const read = await t.request({ method: "GET", url: `/api/v1/threads/${thread.id}`, token: owner.token });
    expect(read.json().posts.items[0].body).toContain("👨‍👩‍👧");
  });
});

describe("names and titles", () => {
  const persona = (displayName: string) => t.request({ method: "POST", url: "/api/v1/personas", token: owner.token, payload: { kind: "personal", displayName } });

  it("refuses zero-width and bidi characters in names and titles", async () => {
    expectRefused(await persona("Ann\u200bie"), "displayName");
    expectRefused(await persona("\u202eeinnA"), "displayName");
    const title = await t.request({ method: "POST", url: `/api/v1/communities/${community.slug}/spaces/general/threads`, token: owner.token, payload: { title: "   \u200b ", body: "Hello" } });
    expectRefused(title, "title");
    const name = await t.request({ method: "PATCH", url: `/api/v1/communities/${community.slug}`, token: owner.token, payload: { name: "Living\u2066 with COPD" } });
    expectRefused(name, "name");
    const space = await t.request({ method: "POST", url: `/api/v1/communities/${community.slug}/spaces`, token: owner.token, payload: { slug: "zw-space", name: "\ufeffCarers", visibility: "members" } });
    expectRefused(space, "name");
  });

  it("runs the reserved-name guard on the normalised name", async () => {
    for (const name of ["Clinician 7QF4K", "Ｃｌｉｎｉｃｉａｎ 7QF4K", "Сlinician 7QF4K", "Clinician\u00a07QF4K", "clinician  7qf4k"]) {
      expectRefused(await persona(name), "displayName");
    }
  });

  it("stores names NFKC-normalised and still takes ordinary ones", async () => {
    const made = await persona("Ｍａｒｙ ﬁne");
    expect(made.statusCode, made.body).toBe(201);
    expect(made.json().displayName).toBe("Mary fine");
    const patched = await t.request({ method: "PATCH", url: `/api/v1/communities/${community.slug}`, token: owner.token, payload: { name: "Vivre avec la BPCO — Zoë" } });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json().name).toBe("Vivre avec la BPCO — Zoë");
  });
});

describe("condition-aware content (ADR 39)", () => {
  it("refuses a glossary term twice, a content warning outside the community's list and a crisis line in no country, naming the field", async () => {
    const glossary = `/api/v1/communities/${community.slug}/glossary`;
    expect((await t.request({ method: "POST", url: glossary, token: owner.token, payload: { term: "Exacerbation", definition: "A flare-up." } })).statusCode).toBe(201);
    expectRefused(await t.request({ method: "POST", url: glossary, token: owner.token, payload: { term: "EXACERBATION", definition: "Again." } }), "term");
    expect((await t.request({ method: "GET", url: glossary })).json().terms).toHaveLength(1);
    expectRefused(
      await t.request({ method: "POST", url: `/api/v1/communities/${community.slug}/spaces/general/threads`, token: owner.token, payload: { title: "Hard news", body: "Words.", contentWarnings: ["not a warning here"] } }),
      "contentWarnings",
    );
    const refused = await t.request({ method: "PATCH", url: `/api/v1/communities/${community.slug}`, token: owner.token, payload: { charter: { crisisResources: [{ country: "XX", name: "Line", phone: "1" }] } } });
    expectRefused(refused, "charter.crisisResources[0].country");
    expect((await t.request({ method: "GET", url: `/api/v1/communities/${community.slug}` })).json().charter.crisisResources).toBeUndefined();
  });
});
