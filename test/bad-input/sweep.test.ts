/**
 * The bad-input sweep (issue 6): every registered route, signed in as a member who
 * runs a community so writes are reachable, gets NUL, lone surrogates, control
 * characters, bidi and zero-width characters and over-long values in every path
 * parameter, query parameter, cursor and body field (from the OpenAPI document for
 * the API, from the pages' own forms for HTML). It fails on any 5xx, and on any 4xx
 * that changed a row of a user table (nothing half-written).
 */
import { sql } from "kysely";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../helpers/test-app.ts";
import { newBrowser } from "../helpers/browser-form.ts";
import { createCommunity, reply, signUp, startThread, type Member } from "../helpers/factories.ts";
import { formPlans, formsOf, jsonBodyPlans, pathPlans, plausibleBody, queryPlans, registeredRoutes, fillPath, type Fixtures, type Form, type Planned } from "./sweep-plan.ts";

let t: TestApp;
let owner: Member;
let fixtures: Fixtures;

beforeAll(async () => {
  t = await createTestApp();
  owner = await signUp(t);
  const member = await signUp(t);
  const community = await createCommunity(t, owner);
  const thread = await startThread(t, owner, community.slug);
  await reply(t, owner, thread.id);
  // A poll in a thread of its own, so the main thread still offers its author the Add a poll form.
  const polled = await startThread(t, owner, community.slug);
  const poll = await t.request({ method: "POST", url: `/api/v1/threads/${polled.id}/poll`, token: owner.token, payload: { question: "Which day?", options: ["Tuesday", "Thursday"] } });
  fixtures = { slug: community.slug, space: "general", threadId: thread.id, postId: thread.postId, personaId: owner.personaId, username: member.username, password: owner.password, pollId: poll.json().id };
});
afterAll(async () => t.close());

// Signing out would end the session the rest of the sweep runs in; nothing there reads text.
const SKIPPED = new Set(["POST /signout", "DELETE /api/v1/sessions/current"]);
// Query parameters HTML pages read; the API's come from its OpenAPI document.
const PAGE_QUERY = ["q", "cursor", "next", "back", "community", "status", "notice", "intent", "method", "done", "personaId"];
// Pages declare no query schema, so each guessed name gets one value of each kind (the API's get them all), to keep the run short.
const PAGE_QUERY_VALUES = ["nul", "highSurrogate", "bell", "bidiOverride", "zeroWidth"];

/** One query over every user table: row counts and a hash of every row, so any insert, update or delete shows. */
async function checksumQuery(): Promise<string> {
  const tables = await sql<{ table_name: string }>`
    select table_name from information_schema.tables
    where table_schema = 'public' and table_type = 'BASE TABLE' and table_name <> 'schema_migrations' order by table_name`.execute(t.database.db);
  const parts = tables.rows.map((r) => `(select count(*) || '/' || coalesce(sum(hashtext(x::text)), 0) from public.${r.table_name} x)`);
  parts.push("(select count(*)::text from pgboss.job)");
  return `select ${parts.join(" || ',' || ")} as sum`;
}

type ApiOperation = { requestBody?: { content: Record<string, { schema: never }> }; parameters?: { in: string; name: string }[] };

function apiPlans(openapi: { paths: Record<string, Record<string, ApiOperation>> }, method: string, path: string): Planned[] {
  const operation = openapi.paths[path.replace(/:([A-Za-z]+)/g, "{$1}")]?.[method.toLowerCase()];
  if (!operation) return [];
  const schema = operation.requestBody?.content["application/json"]?.schema;
  const query = (operation.parameters ?? []).filter((p) => p.in === "query").map((p) => p.name);
  return [
    ...pathPlans(method, path, fixtures, () => plausibleBody(schema, fixtures), "json"),
    ...queryPlans(method, path, fixtures, query),
    ...(schema ? jsonBodyPlans(method, path, schema, fixtures) : []),
  ];
}

/** The HTML plans: bad addresses and queries for every page, bad fields for every form the pages show. */
async function pagePlans(routes: [string, string][], csrf: string, get: (url: string) => Promise<string>): Promise<Planned[]> {
  const plans: Planned[] = [];
  const forms = new Map<string, Form>();
  for (const [method, path] of routes) {
    if (method !== "GET") continue;
    plans.push(...pathPlans(method, path, fixtures, () => undefined, "form"), ...queryPlans(method, path, fixtures, PAGE_QUERY, PAGE_QUERY_VALUES));
    for (const form of formsOf(await get(fillPath(path, fixtures)))) forms.set(`${form.action} ${Object.keys(form.fields).join(",")}`, form);
  }
  for (const form of forms.values()) if (!SKIPPED.has(`POST ${form.action.split("?")[0]}`)) plans.push(...formPlans(form, csrf));
  for (const [method, path] of routes) {
    if (method === "GET") continue;
    plans.push(...pathPlans(method, path, fixtures, () => `_csrf=${csrf}`, "form"));
  }
  return plans;
}

it("answers every bad input with a 4xx that wrote nothing, never a 5xx", { timeout: 600_000 }, async () => {
  const openapi = (await t.request({ method: "GET", url: "/api/openapi.json" })).json();
  const routes = registeredRoutes(t.app).filter(([method, path]) => !SKIPPED.has(`${method} ${path}`) && !path.startsWith("/assets/") && path !== "/api/openapi.json" && path !== "/healthz");
  const api = routes.filter(([, path]) => path.startsWith("/api/"));
  const pages = routes.filter(([, path]) => !path.startsWith("/api/"));
  const browser = await newBrowser(t, owner);
  await browser.get("/");
  // The form token is bound to the session (ADR 19): read it from a page, as a browser's form carries it.
  const csrf = browser.csrfToken()!;
  expect(csrf, "the pages gave a form token").toBeTruthy();
  const plans = [...api.flatMap(([method, path]) => apiPlans(openapi, method, path)), ...(await pagePlans(pages, csrf, async (url) => (await browser.get(url)).body))];

  const checksum = await checksumQuery();
  const state = async () => (await sql<{ sum: string }>`${sql.raw(checksum)}`.execute(t.database.db)).rows[0]!.sum;
  // The next transaction id moves only when a transaction wrote (or tried to): the full checksum is needed only then.
  const nextXid = async () => (await sql<{ x: string }>`select pg_snapshot_xmax(pg_current_snapshot())::text as x`.execute(t.database.db)).rows[0]!.x;
  let xid = await nextXid();
  const guestCookie = browser.cookies.get("hearth_csrf");
  const cookie = `hearth_session=${owner.token}${guestCookie ? `; hearth_csrf=${guestCookie}` : ""}`;
  const failures: string[] = [];
  const statuses = new Map<number, number>();
  let before = await state();
  for (const plan of plans) {
    const headers: Record<string, string> = { origin: t.config.publicUrl, "sec-fetch-site": "same-origin" };
    if (plan.form !== undefined) Object.assign(headers, { cookie, "content-type": "application/x-www-form-urlencoded" });
    else Object.assign(headers, { authorization: `Bearer ${owner.token}`, ...(plan.json !== undefined ? { "content-type": "application/json" } : {}) });
    const response = await t.app.inject({ method: plan.method as "GET", url: plan.url, headers, ...(plan.json !== undefined ? { payload: JSON.stringify(plan.json) } : plan.form !== undefined ? { payload: plan.form } : {}) });
    statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
    const xidNow = await nextXid();
    const after = xidNow === xid ? before : await state();
    xid = xidNow;
    if (response.statusCode >= 500) failures.push(`${plan.label}: ${response.statusCode} ${response.body.slice(0, 200)}`);
    else if (response.statusCode >= 400 && after !== before) failures.push(`${plan.label}: ${response.statusCode} but the database changed`);
    before = after;
  }
  console.log(`bad-input sweep: ${plans.length} requests over ${api.length} API and ${pages.length} page routes; statuses ${JSON.stringify(Object.fromEntries(statuses))}`);
  // Positive control: the sweep reached the services, not only the gate (writes that were fine did happen).
  expect(statuses.get(400) ?? 0).toBeGreaterThan(plans.length / 4);
  expect([...statuses.keys()].some((status) => status >= 200 && status < 400)).toBe(true);
  expect(failures).toEqual([]);
});
