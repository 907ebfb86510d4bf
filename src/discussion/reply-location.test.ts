/**
 * Where a reply lands: the redirect after a reply opens the thread page that shows it,
 * and finding that page costs the same few queries in a thread of 10 posts or 1,000.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test/helpers/test-app.ts";
import { createCommunity, join, signUp, startThread, type Member } from "../../test/helpers/factories.ts";
import { newBrowser } from "../../test/helpers/browser-form.ts";
import { newId } from "../shared/ids.ts";
import { THREAD_PAGE_SIZE } from "./discussion.service.ts";

let t: TestApp;
let owner: Member;
let member: Member;
let slug: string;
beforeAll(async () => {
  t = await createTestApp();
  owner = await signUp(t);
  slug = (await createCommunity(t, owner)).slug;
  member = await signUp(t);
  await join(t, member, slug);
});
afterAll(async () => t?.close());

const postIds = (html: string) => [...html.matchAll(/<article class="post" id="post-([^"]+)"/g)].map((m) => m[1]);

/** A thread of `total` posts (the opening one included), the rest written straight into the table a minute apart. */
async function threadOf(total: number): Promise<string> {
  const thread = await startThread(t, owner, slug);
  const { db } = t.database;
  const { community_id } = await db.selectFrom("threads").select("community_id").where("id", "=", thread.id).executeTakeFirstOrThrow();
  const start = Date.now() - total * 60_000;
  // The opening post comes first, as it would have when the thread began.
  await db.updateTable("posts").set({ created_at: new Date(start) }).where("thread_id", "=", thread.id).execute();
  const rows = Array.from({ length: total - 1 }, (_, i) => ({
    id: newId(),
    community_id,
    thread_id: thread.id,
    author_persona_id: owner.personaId,
    body: `Reply number ${i + 1}`,
    html: `<p>Reply number ${i + 1}</p>`,
    created_at: new Date(start + (i + 1) * 60_000),
  }));
  for (let i = 0; i < rows.length; i += 500) await db.insertInto("posts").values(rows.slice(i, i + 500)).execute();
  await db.updateTable("threads").set({ reply_count: total - 1 }).where("id", "=", thread.id).execute();
  return thread.id;
}

/** Replies through the page as `member` would, counting the queries the request runs. */
async function replyCounting(threadId: string) {
  const browser = await newBrowser(t, member);
  await browser.get(`/t/${threadId}`); // the form token comes from a page, as in a browser
  const queries: string[] = [];
  const stop = t.database.onQuery((sql) => queries.push(sql));
  try {
    const posted = await browser.post(`/t/${threadId}/replies`, { body: "Late to this, sorry." });
    expect(posted.statusCode).toBe(303);
    return { browser, location: posted.headers.location as string, queries };
  } finally {
    stop();
  }
}

describe("where a reply lands", () => {
  it("sends a reply in a thread of 1,000 posts to the page that shows it", async () => {
    const threadId = await threadOf(1000);
    const { browser, location } = await replyCounting(threadId);
    const [path, anchor] = location.split("#");
    expect(path).toContain("?cursor=");
    const page = await browser.get(path!);
    expect(page.statusCode).toBe(200);
    const ids = postIds(page.body);
    // Post 1,001 opens the 21st page of 50: it is alone there, and the page says where the thread starts.
    expect(ids).toEqual([anchor!.replace("post-", "")]);
    expect(page.body).toContain("Late to this, sorry.");
    expect(page.body).toContain("Back to the start of the thread");
    expect(page.body).not.toContain("Later replies");
  });

  it("lands on the page that also shows the posts before it when the page is not new", async () => {
    const threadId = await threadOf(1000 - 10); // the reply is post 991: page 20, after posts 951 to 990
    const { browser, location } = await replyCounting(threadId);
    const [path, anchor] = location.split("#");
    const page = await browser.get(path!);
    const ids = postIds(page.body);
    expect(ids).toHaveLength(41);
    expect(ids.at(-1)).toBe(anchor!.replace("post-", ""));
    expect(ids[0]).toBeDefined();
    expect(page.body).toContain("<p>Reply number 950</p>"); // post 951, the first on page 20
    expect(page.body).not.toContain("<p>Reply number 949</p>");
  });

  it("keeps a reply on the first page in a short thread", async () => {
    const threadId = await threadOf(10);
    const { browser, location } = await replyCounting(threadId);
    expect(location).toMatch(new RegExp(`^/t/${threadId}#post-`));
    const page = await browser.get(location.split("#")[0]!);
    expect(postIds(page.body)).toHaveLength(11);
    expect(postIds(page.body).at(-1)).toBe(location.split("#post-")[1]);
  });

  it("costs the same number of queries in a thread of 10 posts and of 1,000", async () => {
    const short = await replyCounting(await threadOf(10));
    const long = await replyCounting(await threadOf(1000));
    expect(short.queries.length).toBeGreaterThan(0); // the hook does see the request's queries
    expect(long.queries.length).toBe(short.queries.length);
    expect(long.queries.length).toBeLessThanOrEqual(20);
    // No query in the reply loads the thread's posts with their reactions (the old redirect did, twice).
    expect(long.queries.filter((q) => /from "reactions"|from reactions/i.test(q))).toEqual([]);
    expect(THREAD_PAGE_SIZE).toBe(50);
  });
});
