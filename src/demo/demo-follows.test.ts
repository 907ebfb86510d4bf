/** The demo's newcomer has taken small steps: follows and a bookmark, seen on their own lists only. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { createTestApp, type TestApp } from "../../test/helpers/test-app.ts";
import { DEMO_PEOPLE } from "./demo-content.ts";
import { DEMO_FOLLOWS } from "./demo-follows.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

const viewerOf = async (username: string) => {
  const { id } = (await sql<{ id: string }>`select id from accounts where username = ${username}`.execute(t.database.db)).rows[0]!;
  return t.services.accounts.viewerForAccount(id);
};

describe("the demo's follows and bookmarks", () => {
  it("has the newcomer follow the welcome thread, a space and a steward, and keep a bookmark", async () => {
    expect(await t.services.demo.seedIfEmpty()).toBe(true);
    const newcomer = await viewerOf(DEMO_PEOPLE[DEMO_FOLLOWS.newcomer].username);
    const follows = (await t.services.follows.listFollows(newcomer)).items;
    expect(follows.map((f) => f.type).sort()).toEqual(["persona", "space", "thread"]);
    expect(follows.find((f) => f.type === "thread")).toMatchObject({ thread: { title: DEMO_FOLLOWS.thread } });
    expect((await t.services.follows.listBookmarks(newcomer)).items.map((b) => b.thread.title)).toEqual([DEMO_FOLLOWS.bookmark]);
    // Nobody else sees them.
    const steward = await viewerOf(DEMO_PEOPLE[DEMO_FOLLOWS.steward].username);
    expect((await t.services.follows.listBookmarks(steward)).items).toEqual([]);
  });
});
