/**
 * A member's own audit log shows moderation entries by the day, as the public
 * moderation log does (issue 6, item 13): to the millisecond, a member could match
 * the entry to a moderator's activity. The cursor carries the day only too.
 */
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test/helpers/test-app.ts";
import { newBrowser } from "../../test/helpers/browser-form.ts";
import { createCommunity, join, reply, setRole, signUp, startThread, type Member } from "../../test/helpers/factories.ts";
import { moderate } from "../../test/helpers/moderation-fixtures.ts";
import { cursorTimes } from "../../test/anonymity/identities.ts";

let t: TestApp;
let author: Member;
let other: Member;
let slug: string;
let threadId: string;

type Entry = { id: string; action: string; date: string; createdAt: string; until: string | null };

beforeAll(async () => {
  t = await createTestApp();
  const owner = await signUp(t);
  const moderator = await signUp(t);
  author = await signUp(t);
  other = await signUp(t);
  slug = (await createCommunity(t, owner)).slug;
  for (const person of [moderator, author, other]) await join(t, person, slug);
  await setRole(t, owner, slug, moderator, "moderator");
  const thread = await startThread(t, owner, slug);
  threadId = thread.id;
  const post = await reply(t, author, thread.id, "Something off topic.");
  const until = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
  const actions = [
    { targetType: "post", targetId: post.id, action: "hide", reason: "Off topic." },
    { targetType: "persona", targetId: author.personaId, community: slug, action: "warn", reason: "Please keep to the topic." },
    { targetType: "persona", targetId: author.personaId, community: slug, action: "suspend", until, reason: "A short break." },
    { targetType: "persona", targetId: other.personaId, community: slug, action: "warn", reason: "Someone else's warning." },
  ];
  for (const payload of actions) expect((await moderate(t, moderator, payload)).statusCode).toBe(201);
});
afterAll(async () => t?.close());

const auditOf = (who: Member, query = "") => t.request({ method: "GET", url: `/api/v1/me/audit-log${query}`, token: who.token });

describe("a member's audit log", () => {
  it("shows moderation entries by the day only, though the database keeps the time", async () => {
    const items = (await auditOf(author)).json().items as Entry[];
    expect(items.map((e) => e.action)).toEqual(["moderation.suspend", "moderation.warn", "moderation.hide"]);
    const kept = await sql<{ at: Date }>`select created_at as at from audit_log where id in (${sql.join(items.map((e) => e.id))})`.execute(t.database.db);
    for (const { at } of kept.rows) {
      const entry = items.find((e) => e.date === at.toISOString().slice(0, 10));
      expect(entry, "an entry on the day it was written").toBeTruthy();
    }
    // Positive control: the stored times are times of day, so showing only midnight means they were cut.
    expect(kept.rows.some(({ at }) => at.toISOString().slice(11) !== "00:00:00.000Z")).toBe(true);
    for (const entry of items) {
      expect(entry.createdAt).toBe(`${entry.date}T00:00:00.000Z`);
      expect(entry.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
    expect(items[0]!.until).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it("pages with cursors that carry the day only, and still walks every entry once", async () => {
    const all = ((await auditOf(author)).json().items as Entry[]).map((e) => e.id);
    const seen: string[] = [];
    let query = "?limit=1";
    for (let i = 0; i < 5 && query; i++) {
      const page = await auditOf(author, query);
      expect(page.statusCode, page.body).toBe(200);
      seen.push(...(page.json().items as Entry[]).map((e) => e.id));
      const next = page.json().nextCursor as string | null;
      if (next) for (const at of cursorTimes(page.body)) expect(at).toMatch(/T00:00:00Z$/);
      query = next ? `?limit=1&cursor=${encodeURIComponent(next)}` : "";
    }
    expect(seen).toEqual(all);
    expect(seen).toHaveLength(3);
  });

  it("finds no place from another member's entry named in a cursor", async () => {
    const theirs = ((await auditOf(other)).json().items as Entry[])[0]!;
    const forged = Buffer.from(JSON.stringify([`${theirs.date}T00:00:00Z`, theirs.id])).toString("base64url");
    const page = await auditOf(author, `?cursor=${forged}`);
    expect(page.statusCode).toBe(200);
    expect(page.json().items).toEqual([]);
  });

  it("shows the day in words on the page, with no time of day", async () => {
    const page = await (await newBrowser(t, author)).get("/me/audit-log");
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("A moderator gave you a warning.");
    expect(page.body).not.toContain("<time");
    expect(page.body).not.toMatch(/\d{1,2}:\d{2}/);
  });
});

describe("the audit log and a suspension in the reader's language", () => {
  it("summarises each entry in Welsh for a Welsh reader, on the page and in the API, with the same actions", async () => {
    const browser = await newBrowser(t, author);
    browser.cookies.set("hearth_locale", "cy");
    const page = await browser.get("/me/audit-log");
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("Rhoddodd cymedrolwr rybudd i chi.");
    expect(page.body).not.toContain("A moderator gave you a warning.");
    const welsh = await t.request({ method: "GET", url: "/api/v1/me/audit-log", token: author.token, headers: { "accept-language": "cy" } });
    const english = (await auditOf(author)).json().items as (Entry & { summary: string })[];
    const welshItems = welsh.json().items as (Entry & { summary: string })[];
    expect(welshItems.map((e) => e.action)).toEqual(english.map((e) => e.action));
    expect(english.find((e) => e.action === "moderation.warn")?.summary).toBe("A moderator gave you a warning.");
    expect(welshItems.find((e) => e.action === "moderation.warn")?.summary).toBe("Rhoddodd cymedrolwr rybudd i chi.");
  });

  it("tells a suspended member in Welsh until when, the date in Welsh too, with the same code", async () => {
    const welsh = await t.request({ method: "POST", url: `/api/v1/threads/${threadId}/posts`, token: author.token, payload: { body: "Back again." }, headers: { "accept-language": "cy" } });
    expect(welsh.statusCode).toBe(403);
    expect(welsh.json().error.code).toBe("suspended");
    expect(welsh.json().error.message).toMatch(/^Rydych wedi'ch atal o'r gymuned hon tan \d{1,2} \S+ \d{4}\. Gallwch ddarllen o hyd/);
    const english = await t.request({ method: "POST", url: `/api/v1/threads/${threadId}/posts`, token: author.token, payload: { body: "Back again." } });
    expect(english.json().error.message).toMatch(/^You are suspended from this community until \d{1,2} [A-Z][a-z]+ \d{4}\. You can still read, and post in other communities\.$/);
  });
});
