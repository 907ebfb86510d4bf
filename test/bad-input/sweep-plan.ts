/**
 * Builds the bad-input sweep's requests from what the app itself says it serves:
 * every registered route (Fastify's route tree), the OpenAPI document for the API's
 * bodies and query strings, and the forms its own pages render for the HTML posts.
 * Each request carries exactly one bad value; everything else is a plausible value.
 */
import type { FastifyInstance } from "fastify";

/** The values every text slot gets, one at a time. Over-long values are added per slot. */
export const BAD_VALUES: Record<string, string> = {
  nul: "a\u0000b",
  highSurrogate: "a\ud800b",
  lowSurrogate: "a\udc00b",
  bell: "a\u0007b",
  escape: "a\u001b[31mb",
  bidiOverride: "a\u202eb",
  isolate: "\u2066a\u2069",
  zeroWidth: "\u200b",
  byteOrderMark: "a\ufeffb",
};

export type Fixtures = { slug: string; space: string; threadId: string; postId: string; personaId: string; username: string; password: string; pollId?: string };

export type Planned = { label: string; method: string; url: string; json?: unknown; form?: string };

/** Every route as [method, path], read from `printRoutes` (children are their parent's path plus their own text). */
export function registeredRoutes(app: FastifyInstance): [string, string][] {
  const stack: string[] = [];
  const routes: [string, string][] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split("\n")) {
    const match = /^(.*?)(?:└── |├── )(.+?) \(([A-Z, ]+)\)\s*$/.exec(line);
    if (!match) continue;
    const depth = Math.floor(match[1]!.length / 4);
    stack.length = depth;
    const full = depth === 0 ? match[2]! : `${stack[depth - 1]!}${match[2]!}`;
    stack[depth] = full;
    for (const method of match[3]!.split(",").map((m) => m.trim())) if (method !== "HEAD") routes.push([method, full]);
  }
  return routes;
}

/** Percent-encodes text, lone surrogates included (as the bytes a careless client would send). */
export function encode(value: string): string {
  let out = "";
  for (const char of value) {
    const code = char.codePointAt(0)!;
    if (code >= 0xd800 && code <= 0xdfff) out += code < 0xdc00 ? "%ED%A0%80" : "%ED%B0%80";
    else out += encodeURIComponent(char);
  }
  return out;
}

/** A cursor in the server's own format whose id part is `id`. */
const cursorWith = (id: string) => Buffer.from(JSON.stringify(["2024-01-01T00:00:00.000000Z", id])).toString("base64url");

/** Cursors that look like the server's own but hide bad input inside. */
export const BAD_CURSORS: Record<string, string> = Object.fromEntries([
  ...Object.entries(BAD_VALUES).map(([name, value]) => [`cursor id ${name}`, cursorWith(`AAAAAAAAAAAAAAA${value}`)]),
  ["cursor id too long", cursorWith("A".repeat(5000))],
  ["cursor id not an id", cursorWith("not-an-id")],
  ["cursor not json", Buffer.from("[\u0000").toString("base64url")],
]);

/** The value a path parameter gets when it is not the one under test. */
export function paramValue(path: string, name: string, f: Fixtures): string {
  if (name === "slug") return f.slug;
  if (name === "space") return f.space;
  if (name === "personaId") return f.personaId;
  if (name === "username") return f.username;
  if (name === "kind") return "thanks";
  if (/\/(t|threads)\/:id/.test(path)) return f.threadId;
  if (/personas\/:id/.test(path)) return f.personaId;
  if (/polls\/:id/.test(path) && f.pollId) return f.pollId;
  return f.postId;
}

/** Fills a route's path, with `bad` in place of parameter `target`. */
export function fillPath(path: string, f: Fixtures, target?: string, bad?: string): string {
  return path.replace(/:([A-Za-z]+)/g, (_, name: string) => (name === target ? encode(bad!) : encode(paramValue(path, name, f))));
}

const paramsOf = (path: string) => [...path.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]!);

/** Requests with one bad path parameter each. */
export function pathPlans(method: string, path: string, f: Fixtures, body: () => Planned["json" | "form"] | undefined, kind: "json" | "form"): Planned[] {
  const plans: Planned[] = [];
  for (const name of paramsOf(path)) {
    const values = { ...BAD_VALUES, overLong: "A".repeat(3000) };
    for (const [label, value] of Object.entries(values)) {
      const payload = body();
      plans.push({ label: `${method} ${path} :${name} ${label}`, method, url: fillPath(path, f, name, value), ...(payload === undefined ? {} : { [kind]: payload }) });
    }
  }
  return plans;
}

/** Requests with one bad query parameter each (cursors get bad cursors too). */
export function queryPlans(method: string, path: string, f: Fixtures, names: string[], only?: string[]): Planned[] {
  const plans: Planned[] = [];
  const url = fillPath(path, f);
  const bad = only ? Object.fromEntries(Object.entries(BAD_VALUES).filter(([label]) => only.includes(label))) : BAD_VALUES;
  for (const name of names) {
    const values: Record<string, string> = { ...bad, overLong: "q".repeat(5000), ...(name === "cursor" ? BAD_CURSORS : {}) };
    for (const [label, value] of Object.entries(values)) {
      const encoded = label.startsWith("cursor") ? value : encode(value);
      plans.push({ label: `${method} ${path} ?${name} ${label}`, method, url: `${url}?${name}=${encoded}` });
    }
  }
  return plans;
}

type Schema = { type?: string | string[]; properties?: Record<string, Schema>; items?: Schema; anyOf?: Schema[]; enum?: unknown[]; const?: unknown; maxLength?: number; format?: string };

/** The non-null branch of a nullable union. */
const solid = (schema: Schema): Schema => schema.anyOf?.find((s) => s.type !== "null") ?? schema;

/** A plausible value for a body field, by its schema and name. */
function plausible(schema: Schema, name: string, f: Fixtures): unknown {
  const s = solid(schema);
  const choices = s.anyOf?.map((a) => a.const).filter((c) => c !== undefined);
  if (choices?.length) return choices[0];
  if (s.const !== undefined) return s.const;
  if (s.enum) return s.enum[0];
  if (s.type === "boolean") return false;
  if (s.type === "integer" || s.type === "number") return 1;
  if (s.type === "array") return [];
  if (s.type === "object" || s.properties) {
    return Object.fromEntries(Object.entries(s.properties ?? {}).map(([key, value]) => [key, plausible(value, key, f)]));
  }
  const named: Record<string, string> = { slug: `sweep-${Math.random().toString(36).slice(2, 8)}`, personaId: f.personaId, targetId: f.postId, community: f.slug, username: f.username, password: f.password, until: "2030-01-31" };
  return named[name] ?? "Plain words";
}

type Slot = { path: string; maxLength: number | undefined; set: (body: Record<string, unknown>, value: string) => void };

/** Every text slot of a body schema, nested objects and the first item of arrays included. */
function slots(schema: Schema, f: Fixtures, prefix = ""): Slot[] {
  const s = solid(schema);
  const found: Slot[] = [];
  for (const [key, child] of Object.entries(s.properties ?? {})) {
    const c = solid(child);
    const path = prefix ? `${prefix}.${key}` : key;
    if (c.type === "string" || c.anyOf?.some((a) => a.const !== undefined)) {
      found.push({ path, maxLength: c.maxLength, set: (body, value) => void (body[key] = value) });
    } else if (c.type === "object" || c.properties) {
      for (const inner of slots(c, f, path)) found.push({ ...inner, set: (body, value) => inner.set(body[key] as Record<string, unknown>, value) });
    } else if (c.type === "array" && c.items) {
      const item = solid(c.items);
      if (item.type === "string") found.push({ path: `${path}.0`, maxLength: item.maxLength, set: (body, value) => void (body[key] = [value]) });
      else {
        for (const inner of slots(item, f, `${path}.0`)) {
          found.push({ ...inner, set: (body, value) => { const first = plausible(item, key, f) as Record<string, unknown>; inner.set(first, value); body[key] = [first]; } });
        }
      }
    }
  }
  return found;
}

/** Requests with one bad JSON body field each. */
export function jsonBodyPlans(method: string, path: string, schema: Schema, f: Fixtures): Planned[] {
  const plans: Planned[] = [];
  for (const slot of slots(schema, f)) {
    const values = { ...BAD_VALUES, overLong: "x".repeat((slot.maxLength ?? 30_000) + 1) };
    for (const [label, value] of Object.entries(values)) {
      const body = plausible(schema, "", f) as Record<string, unknown>;
      slot.set(body, value);
      plans.push({ label: `${method} ${path} body.${slot.path} ${label}`, method, url: fillPath(path, f), json: body });
    }
  }
  return plans;
}

/** A plausible JSON body for a route's schema, for the path parameter sweeps. */
export const plausibleBody = (schema: Schema | undefined, f: Fixtures) => (schema ? plausible(schema, "", f) : undefined);

export type Form = { action: string; fields: Record<string, string> };

const unescape = (text: string) => text.replace(/&quot;/g, '"').replace(/&#x27;|&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");

/** The post forms of a page: their action and each field's first value (hidden values kept). */
export function formsOf(html: string): Form[] {
  const forms: Form[] = [];
  for (const match of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
    const attributes = match[1]!;
    if (!/method="post"/i.test(attributes)) continue;
    const action = /action="([^"]*)"/.exec(attributes)?.[1];
    if (!action?.startsWith("/")) continue;
    const fields: Record<string, string> = {};
    for (const control of match[2]!.matchAll(/<(input|textarea|select)\b([^>]*)>/g)) {
      const name = /\bname="([^"]+)"/.exec(control[2]!)?.[1];
      if (!name || name === "_csrf" || name in fields) continue;
      const value = /\bvalue="([^"]*)"/.exec(control[2]!)?.[1];
      const checkbox = /type="checkbox"/.test(control[2]!);
      fields[name] = checkbox ? "" : value !== undefined ? unescape(value) : "Plain words";
    }
    forms.push({ action: unescape(action), fields });
  }
  return forms;
}

/** Encodes form fields by hand, so lone surrogates reach the server as a careless client sends them. */
export const formBody = (fields: Record<string, string>, csrf: string) =>
  [...Object.entries(fields), ["_csrf", csrf]].map(([name, value]) => `${encode(name!)}=${encode(value!)}`).join("&");

/** Requests with one bad form field each. */
export function formPlans(form: Form, csrf: string): Planned[] {
  const plans: Planned[] = [];
  for (const name of Object.keys(form.fields)) {
    for (const [label, value] of Object.entries({ ...BAD_VALUES, overLong: "x".repeat(30_000) })) {
      plans.push({ label: `POST ${form.action} form.${name} ${label}`, method: "POST", url: form.action, form: formBody({ ...form.fields, [name]: value }, csrf) });
    }
  }
  return plans;
}
