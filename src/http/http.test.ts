import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test/helpers/test-app.ts";
import { createCommunity, signUp, startThread, type Member } from "../../test/helpers/factories.ts";

let t: TestApp;
let member: Member;
let address = 0;
/** Each request that counts against a rate limit comes from its own address, unless a test wants otherwise. */
const nextAddress = () => `10.1.${Math.floor(++address / 250)}.${address % 250}`;

beforeAll(async () => {
  t = await createTestApp({ env: { HEARTH_RATE_LIMITS: "on" } });
  member = await signUp(t);
});
afterAll(async () => t?.close());

/** Every error is {"error":{"code","message","fields"?}} with a snake_case code and a sentence. */
function expectError(response: { statusCode: number; headers: Record<string, unknown>; json: () => any }, status: number, code?: string) {
  expect(response.statusCode).toBe(status);
  expect(String(response.headers["content-type"])).toMatch(/^application\/json/);
  const body = response.json();
  expect(Object.keys(body)).toEqual(["error"]);
  expect(Object.keys(body.error).filter((k) => !["code", "message", "fields"].includes(k))).toEqual([]);
  expect(body.error.code).toMatch(/^[a-z]+(_[a-z]+)*$/);
  expect(body.error.message).toMatch(/^[A-Z"].{8,}[.!?]$/s);
  if (code) expect(body.error.code).toBe(code);
  return body.error as { code: string; message: string; fields?: Record<string, string> };
}

describe("errors a client can act on", () => {
  it("answers malformed JSON with 400 malformed_json", async () => {
    for (const payload of ['{"username": "someone",', "{'single': 'quotes'}", "not json at all"]) {
      const response = await t.request({ method: "POST", url: "/api/v1/accounts", headers: { "content-type": "application/json" }, payload });
      expectError(response, 400, "malformed_json");
    }
  });

  it("answers an empty JSON body where one is needed with 400 naming the body", async () => {
    const response = await t.request({ method: "POST", url: "/api/v1/sessions", headers: { "content-type": "application/json" }, payload: "" });
    expect(expectError(response, 400, "invalid_input").fields).toHaveProperty("body");
  });

  it("takes an empty JSON body on a route that needs none, as some clients send one", async () => {
    const session = await t.request({ method: "POST", url: "/api/v1/sessions", remoteAddress: nextAddress(), payload: { username: member.username, password: member.password } });
    const response = await t.request({ method: "DELETE", url: "/api/v1/sessions/current", token: session.json().token, headers: { "content-type": "application/json" }, payload: "" });
    expect(response.statusCode).toBe(204);
  });

  it("refuses a body that tries to set __proto__", async () => {
    const response = await t.request({ method: "POST", url: "/api/v1/sessions", headers: { "content-type": "application/json" }, payload: '{"username":"a","password":"b","__proto__":{"isAdmin":true}}' });
    expectError(response, 400, "malformed_json");
  });

  it("refuses a body that tries to set constructor.prototype, at any depth", async () => {
    for (const payload of [
      '{"username":"a","password":"b","constructor":{"prototype":{"isAdmin":true}}}',
      '{"username":"a","password":"b","extra":[{"constructor":{"prototype":{"isAdmin":true}}}]}',
      '{"username":"a","password":"b","nested":{"__proto__":{"isAdmin":true}}}',
    ]) {
      const response = await t.request({ method: "POST", url: "/api/v1/sessions", headers: { "content-type": "application/json" }, payload });
      expectError(response, 400, "malformed_json");
    }
    // Positive control: a "constructor" key without a prototype is ordinary data, so this body is parsed and reaches validation.
    const response = await t.request({ method: "POST", url: "/api/v1/sessions", headers: { "content-type": "application/json" }, payload: '{"username":"a","password":"b","settings":{"constructor":{"name":"x"}}}' });
    expect(expectError(response, 400, "invalid_input").fields).toHaveProperty("settings");
  });

  it("names an unknown field called constructor, like any other unknown field", async () => {
    const response = await t.request({ method: "POST", url: "/api/v1/sessions", headers: { "content-type": "application/json" }, payload: '{"username":"a","password":"b","constructor":"x"}' });
    expect(Object.keys(expectError(response, 400, "invalid_input").fields!)).toEqual(["constructor"]);
  });

  it("answers fields of the wrong type with 400 naming each field", async () => {
    const response = await t.request({ method: "POST", url: "/api/v1/accounts", payload: { username: 5, password: ["a", "list"], carer: "yes" } });
    const error = expectError(response, 400, "invalid_input");
    expect(Object.keys(error.fields!).sort()).toEqual(["carer", "password", "username"]);
    expect(error.fields!.username).toMatch(/string/);
    expect(error.fields!.carer).toMatch(/boolean/);
  });

  it("does not turn a string into a number or a boolean in a JSON body", async () => {
    const owner = await signUp(t);
    const community = await createCommunity(t, owner);
    const response = await t.request({ method: "POST", url: "/api/v1/accounts", payload: { username: "stringly", password: "long enough password", carer: "true" } });
    expect(expectError(response, 400).fields).toHaveProperty("carer");
    const nested = await t.request({ method: "PATCH", url: `/api/v1/communities/${community.slug}`, token: owner.token, payload: { charter: { rules: "Be kind" } } });
    expect(expectError(nested, 400).fields).toHaveProperty(["charter.rules"]);
  });

  it("answers a field the request does not take with 400 naming it, and changes nothing", async () => {
    const username = `extra_${Math.random().toString(36).slice(2, 8)}`;
    const response = await t.request({ method: "POST", url: "/api/v1/accounts", remoteAddress: nextAddress(), payload: { username, password: "correct horse battery", isAdmin: true } });
    const error = expectError(response, 400, "invalid_input");
    expect(error.fields).toEqual({ isAdmin: expect.any(String) });
    const signIn = await t.request({ method: "POST", url: "/api/v1/sessions", remoteAddress: nextAddress(), payload: { username, password: "correct horse battery" } });
    expect(signIn.statusCode).toBe(401);
  });

  it("answers a missing field with 400 naming it", async () => {
    const error = expectError(await t.request({ method: "POST", url: "/api/v1/sessions", payload: { username: "someone" } }), 400, "invalid_input");
    expect(error.fields).toHaveProperty("password");
  });

  it("answers a query parameter of the wrong kind with 400 naming it", async () => {
    for (const limit of ["lots", "0", "1000", "2.5"]) {
      const error = expectError(await t.request({ method: "GET", url: `/api/v1/communities?limit=${limit}` }), 400, "invalid_input");
      expect(error.fields, limit).toHaveProperty("limit");
    }
  });

  it("answers a body over the size limit with 413, never 500", async () => {
    const huge = JSON.stringify({ username: "big", password: "x".repeat(200 * 1024) });
    expectError(await t.request({ method: "POST", url: "/api/v1/accounts", headers: { "content-type": "application/json" }, payload: huge }), 413, "body_too_large");
  });

  it("answers a post longer than the longest allowed with 400 naming the body", async () => {
    const owner = await signUp(t);
    const community = await createCommunity(t, owner);
    const response = await t.request({
      method: "POST",
      url: `/api/v1/communities/${community.slug}/spaces/general/threads`,
      token: owner.token,
      payload: { title: "Long", body: "word ".repeat(9000) },
    });
    expect(expectError(response, 400).fields).toHaveProperty("body");
  });

  it("answers a body that is not JSON with a 4xx saying what is wrong, never 500", async () => {
    const plain = await t.request({ method: "POST", url: "/api/v1/sessions", headers: { "content-type": "text/plain" }, payload: "username=a&password=b" });
    // Only JSON bodies: text/plain is what another site's page can send without asking (ADR 19).
    expectError(plain, 415, "unsupported_media_type");
    const xml = await t.request({ method: "POST", url: "/api/v1/sessions", headers: { "content-type": "application/xml" }, payload: "<a/>" });
    expectError(xml, 415, "unsupported_media_type");
  });

  it("answers an unknown API route with 404 JSON, whatever the method", async () => {
    for (const [method, url] of [
      ["GET", "/api/v1/nothing-here"],
      ["POST", "/api/v1/communities/x/y/z"],
      ["DELETE", "/api/v1/communities"],
      ["GET", "/api/v2/communities"],
    ] as const) {
      expectError(await t.request({ method, url }), 404, "not_found");
    }
  });

  it.each([
    ["too short", "abc"],
    ["full of punctuation", "%21%40%23%24"],
    ["broken %-escapes", "%E0%A4%A"],
    ["longer than any id", "A".repeat(150)],
  ])("answers an id that is %s with 404 JSON", async (_what, id) => {
    for (const url of [`/api/v1/threads/${id}`, `/api/v1/posts/${id}`, `/api/v1/communities/${id}`, `/api/v1/personas/${id}`]) {
      const response = await t.request({ method: "GET", url });
      expect(response.statusCode, url).toBe(404);
      expectError(response, 404, "not_found");
    }
  });

  it("answers with 401 when a route needs someone signed in", async () => {
    for (const [method, url] of [
      ["GET", "/api/v1/me"],
      ["POST", "/api/v1/communities"],
      ["DELETE", "/api/v1/sessions/current"],
    ] as const) {
      const response = await t.request({ method, url, ...(method === "POST" ? { payload: { slug: "x", name: "x", purpose: "x", visibility: "public", charter: { conditions: [], rules: [], funding: "a", businessModel: "a", dataUse: "a", conflictsOfInterest: "a" } } } : {}) });
      expectError(response, 401, "not_signed_in");
    }
    expectError(await t.request({ method: "GET", url: "/api/v1/me", headers: { authorization: "Bearer not-a-real-token" } }), 401, "not_signed_in");
  });

  it("answers a browser that asks for an unknown page with an HTML page, not JSON", async () => {
    const response = await t.request({ method: "GET", url: "/no/such/page", headers: { accept: "text/html" } });
    expect(response.statusCode).toBe(404);
    expect(String(response.headers["content-type"])).toMatch(/^text\/html/);
  });
});

describe("rate limits", () => {
  it("answers the eleventh sign-in attempt within the window with 429 and Retry-After", async () => {
    const remoteAddress = nextAddress();
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      const response = await t.request({ method: "POST", url: "/api/v1/sessions", remoteAddress, payload: { username: `guess_${i}`, password: "a wrong password" } });
      statuses.push(response.statusCode);
      if (response.statusCode === 429) {
        expectError(response, 429, "rate_limited");
        const retryAfter = Number(response.headers["retry-after"]);
        expect(Number.isInteger(retryAfter)).toBe(true);
        expect(retryAfter).toBeGreaterThan(0);
        expect(retryAfter).toBeLessThanOrEqual(15 * 60);
      }
    }
    expect(statuses).toEqual([...Array(10).fill(401), 429]);
  });
});

describe("cross-site requests", () => {
  it("refuses an HTML form post without its CSRF token", async () => {
    const response = await t.request({
      method: "POST",
      url: "/signin",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      payload: `username=${member.username}&password=${encodeURIComponent(member.password)}`,
    });
    expect(response.statusCode).toBe(403);
    expect(response.cookies.find((c) => c.name === "hearth_session")).toBeUndefined();
  });

  it("refuses an API write carried by the session cookie from another site's page, and accepts one from this site", async () => {
    const owner = await signUp(t);
    const community = await createCommunity(t, owner);
    const session = await t.request({ method: "POST", url: "/api/v1/sessions", remoteAddress: nextAddress(), payload: { username: owner.username, password: owner.password } });
    const cookie = session.cookies.find((c) => c.name === "hearth_session")!.value;
    const patch = (origin: string) =>
      t.request({ method: "PATCH", url: `/api/v1/communities/${community.slug}`, cookies: { hearth_session: cookie }, headers: { origin }, payload: { name: `From ${origin}` } });
    expectError(await patch("https://evil.example"), 403, "forbidden");
    expect((await patch("http://hearth.test")).statusCode).toBe(200);
    const read = await t.request({ method: "GET", url: `/api/v1/communities/${community.slug}` });
    expect(read.json().name).toBe("From http://hearth.test");
  });
});

describe("security headers", () => {
  it("sends a strict Content-Security-Policy and the usual protections on pages and API answers", async () => {
    for (const url of ["/", "/api/v1/communities", "/healthz", "/api/v1/nothing-here"]) {
      const response = await t.request({ method: "GET", url });
      const csp = String(response.headers["content-security-policy"] ?? "");
      const directives = Object.fromEntries(
        csp.split(";").map((d) => d.trim()).filter(Boolean).map((d) => {
          const [name, ...values] = d.split(/\s+/);
          return [name!, values];
        }),
      );
      expect(directives["default-src"], url).toEqual(["'self'"]);
      expect(directives["script-src"], url).toBeDefined();
      expect(directives["script-src"], url).not.toContain("'unsafe-inline'");
      expect(directives["script-src"], url).not.toContain("'unsafe-eval'");
      expect(directives["script-src"]!.every((source: string) => source === "'self'" || source.startsWith("'nonce-") || source.startsWith("'sha")), url).toBe(true);
      expect(directives["object-src"], url).toEqual(["'none'"]);
      expect(directives["frame-ancestors"], url).toEqual(["'none'"]);
      expect(response.headers["x-content-type-options"], url).toBe("nosniff");
      expect(response.headers["referrer-policy"], url).toBe("same-origin");
      expect(response.headers["x-powered-by"], url).toBeUndefined();
      // Served over plain HTTP here, so no HSTS (it would lock browsers out of a test server).
      expect(response.headers["strict-transport-security"], url).toBeUndefined();
    }
  });
});

describe("health", () => {
  it("answers /healthz with 200 {status: ok} when the database answers", async () => {
    const response = await t.request({ method: "GET", url: "/healthz" });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: "ok" });
  });
});

/** Every route Fastify has, as "METHOD /path" with :params, read from its route tree. */
function registeredRoutes(tree: string): string[] {
  const routes: string[] = [];
  const stack: string[] = [];
  for (const line of tree.split("\n")) {
    const match = /^([│ ]*)[└├]── (\S+)(?: \(([^)]*)\))?/.exec(line);
    if (!match) continue;
    const depth = match[1]!.length / 4;
    const path = (stack[depth - 1] ?? "") + match[2]!;
    stack[depth] = path;
    stack.length = depth + 1;
    for (const method of match[3]?.split(",").map((m) => m.trim()) ?? []) {
      if (method !== "HEAD" && method !== "OPTIONS") routes.push(`${method} ${path.replace(/\/{2,}/g, "/")}`);
    }
  }
  return routes;
}

describe("the API description", () => {
  it("is an OpenAPI 3 document describing every /api/v1 route and nothing else", async () => {
    const response = await t.request({ method: "GET", url: "/api/openapi.json" });
    expect(response.statusCode).toBe(200);
    const document = response.json() as { openapi: string; info: { title: string }; paths: Record<string, Record<string, unknown>> };
    expect(document.openapi).toMatch(/^3\.\d+\.\d+$/);
    expect(document.info.title).toBeTruthy();

    const described = Object.entries(document.paths)
      .flatMap(([path, operations]) =>
        Object.keys(operations)
          .filter((key) => ["get", "put", "post", "patch", "delete"].includes(key))
          .map((method) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ":$1")}`),
      )
      .sort();
    const registered = registeredRoutes(t.app.printRoutes({ commonPrefix: false }))
      .filter((route) => route.split(" ")[1]!.startsWith("/api/v1/"))
      .sort();

    // The parser found the routes this file knows exist, so the comparison below means something.
    for (const route of ["POST /api/v1/accounts", "GET /api/v1/threads/:id", "DELETE /api/v1/posts/:id", "PATCH /api/v1/communities/:slug", "GET /api/v1/search"]) {
      expect(registered).toContain(route);
    }
    expect(described).toEqual(registered);
    expect(Object.keys(document.paths).filter((path) => !path.startsWith("/api/v1/"))).toEqual([]);
  });

  it("describes the responses and errors of each operation", async () => {
    const document = (await t.request({ method: "GET", url: "/api/openapi.json" })).json() as { paths: Record<string, Record<string, { responses?: Record<string, unknown> }>> };
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        if (!["get", "put", "post", "patch", "delete"].includes(method)) continue;
        const statuses = Object.keys(operation.responses ?? {});
        expect(statuses.some((s) => s.startsWith("2")), `${method} ${path}`).toBe(true);
      }
    }
  });

  it("can be used to find a thread's route and its answers", async () => {
    const owner = await signUp(t);
    const community = await createCommunity(t, owner);
    const { id } = await startThread(t, owner, community.slug);
    const document = (await t.request({ method: "GET", url: "/api/openapi.json" })).json();
    const operation = document.paths["/api/v1/threads/{id}"].get;
    expect(operation.responses["200"]).toBeDefined();
    expect(operation.responses["404"]).toBeDefined();
    expect((await t.request({ method: "GET", url: `/api/v1/threads/${id}` })).statusCode).toBe(200);
  });
});
