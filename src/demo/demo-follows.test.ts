/**
 * The demo's newcomer has taken small steps: follows and a bookmark, seen on their own lists
 * only; and the newcomer who said hello was welcomed with one tap (ADR 41).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { createTestApp, type TestApp } from "../../test/helpers/test-app.ts";
import { DEMO_COMMUNITY, DEMO_PEOPLE, DEMO_WELCOME, DEMO_WELCOME_THREAD } from "./demo-content.ts";
import { isSignedIn } from "../shared/viewer.ts";
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

  it("has the newcomer who said hello welcomed with one tap, once, and their welcome told in the queue", async () => {
    const newcomer = await viewerOf(DEMO_PEOPLE[DEMO_WELCOME.newcomer].username);
    const welcomer = await viewerOf(DEMO_PEOPLE[DEMO_WELCOME.by].username);
    if (!isSignedIn(newcomer) || !isSignedIn(welcomer)) throw new Error("the demo people are signed in");
    const face = newcomer.personas.find((p) => p.kind === "personal")!;
    const rows = await t.database.db.selectFrom("welcomes").select(["welcomer_persona_id"]).where("newcomer_persona_id", "=", face.id).execute();
    expect(rows).toEqual([{ welcomer_persona_id: welcomer.personas.find((p) => p.kind === "personal")!.id }]);
    const { rows: jobs } = await sql<{ n: number }>`select count(*)::int as n from pgboss.job where name = 'event.notify-welcomed'`.execute(t.database.db);
    expect(jobs[0]!.n).toBe(1);
    // Seeding is idempotent: again, and the welcome itself again, write nothing more.
    expect(await t.services.demo.seedIfEmpty()).toBe(false);
    expect(await t.services.participation.welcome(welcomer, DEMO_COMMUNITY.slug, face.id)).toMatchObject({ created: false });
    expect(await t.database.db.selectFrom("welcomes").select("id").execute()).toHaveLength(1);
    // The welcomer sees it said on the welcome thread, where the others' hellos still offer a button.
    const hits = (await t.request({ method: "GET", url: `/api/v1/search?q=${encodeURIComponent("newcomer")}` })).json().items as { threadId: string; title: string }[];
    const threadId = hits.find((h) => h.title === DEMO_WELCOME_THREAD)!.threadId;
    const page = await t.services.participation.welcomeOffers(welcomer, DEMO_COMMUNITY.slug, threadId, (await t.services.discussion.getThread(welcomer, threadId)).posts.items);
    expect(Object.values(page ?? {}).find((o) => o.personaId === face.id)).toMatchObject({ welcomed: true });
  });
});
