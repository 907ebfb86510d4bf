import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test/helpers/test-app.ts";
import { createCommunity, createSpace, join, reply, signUp, startThread, type Member } from "../../test/helpers/factories.ts";
import type { AccountId } from "../shared/ids.ts";
import { GUEST, type Viewer } from "../shared/viewer.ts";
import type { SearchPaths } from "./search-paths.ts";
import { sql } from "kysely";
import { countRecentMatches, searchReadable, type SearchQuery } from "./search.repo.ts";

let t: TestApp;
let owner: Member;
let member: Member;
let carer: Member;
let outsider: Member;
let community: { id: string; slug: string; name: string };

beforeAll(async () => {
  t = await createTestApp();
  owner = await signUp(t);
  member = await signUp(t);
  carer = await signUp(t, { carer: true });
  outsider = await signUp(t);
  community = await createCommunity(t, owner, { name: "Breathe Together" });
  await createSpace(t, owner, community.slug, "members", "inside");
  await createSpace(t, owner, community.slug, "carers", "carers-corner");
  for (const person of [member, carer]) await join(t, person, community.slug);
});
afterAll(async () => t?.close());

/** A made-up word no other test uses, so each test finds only what it wrote. */
/** A search over what is indexed in English (everything these tests write). */
const inEnglish = (words: string, communitySlug: string | null = null): SearchQuery => ({ words, configs: ["english"], communitySlug });
const word = () => `zq${Array.from({ length: 9 }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))).join("")}`;

type Hit = {
  type: "thread" | "post";
  threadId: string;
  postId: string | null;
  title: string;
  snippet: string;
  segments: { text: string; match: boolean }[];
  snippetHtml: string;
  author: { id: string; displayName: string };
  community: { slug: string; name: string };
  space: { slug: string; name: string };
};

async function search(who: Member | null, query: string): Promise<{ items: Hit[]; nextCursor: string | null }> {
  const response = await t.request({ method: "GET", url: `/api/v1/search?${query}`, ...(who ? { token: who.token } : {}) });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

describe("search", () => {
  it("finds a thread by a word of its title and a post by a word of its body", async () => {
    const inTitle = word();
    const inBody = word();
    const { id, postId } = await startThread(t, member, community.slug, "general", { title: `Pacing and ${inTitle}`, body: `I tried ${inBody} breathing this week and it helped.` });

    const byTitle = await search(null, `q=${inTitle}`);
    expect(byTitle.items).toEqual([
      expect.objectContaining({
        type: "thread",
        threadId: id,
        postId: null,
        title: `Pacing and ${inTitle}`,
        author: expect.objectContaining({ id: member.personaId }),
        community: { slug: community.slug, name: "Breathe Together" },
        space: { slug: "general", name: "General" },
      }),
    ]);

    const byBody = await search(null, `q=${inBody}`);
    expect(byBody.items).toHaveLength(1);
    expect(byBody.items[0]).toMatchObject({ type: "post", threadId: id, postId, title: `Pacing and ${inTitle}` });
    expect(byBody.items[0]!.snippet).toContain(`${inBody} breathing`);
    expect(byBody.items[0]!.snippetHtml).toContain(`<mark>${inBody}</mark>`);
    expect(byBody.nextCursor).toBeNull();
  });

  it("matches other forms of a word", async () => {
    const { id } = await startThread(t, member, community.slug, "general", { title: word(), body: `My nebulisers arrived from ${word()}.` });
    const hits = await search(null, "q=nebuliser");
    expect(hits.items.map((h) => h.threadId)).toContain(id);
  });

  it("finds the author's new reply at once", async () => {
    const fresh = word();
    const { id } = await startThread(t, member, community.slug);
    const { id: postId } = await reply(t, carer, id, `Just now: ${fresh}`);
    const hits = await search(carer, `q=${fresh}`);
    expect(hits.items.map((h) => h.postId)).toEqual([postId]);
  });

  it("finds a post by its new words once edited, and no longer by its old ones; a deleted post not at all", async () => {
    const before = word();
    const after = word();
    const { postId } = await startThread(t, member, community.slug, "general", { title: "Edits", body: `Written as ${before}` });
    await t.request({ method: "PATCH", url: `/api/v1/posts/${postId}`, token: member.token, payload: { body: `Rewritten as ${after}` } });
    expect((await search(null, `q=${before}`)).items).toEqual([]);
    expect((await search(null, `q=${after}`)).items.map((h) => h.postId)).toEqual([postId]);

    await t.request({ method: "DELETE", url: `/api/v1/posts/${postId}`, token: member.token });
    expect((await search(null, `q=${after}`)).items).toEqual([]);
  });

  it("shows guests and non-members only what is public, members what their spaces hold, carers their own space", async () => {
    const secret = word();
    await startThread(t, member, community.slug, "general", { title: `Open ${secret}`, body: "Anyone may read this." });
    await startThread(t, member, community.slug, "inside", { title: `Members ${secret}`, body: "For members." });
    await startThread(t, carer, community.slug, "carers-corner", { title: `Carers ${secret}`, body: "For carers." });

    const titles = async (who: Member | null) => [...new Set((await search(who, `q=${secret}`)).items.map((h) => h.title))].sort();
    expect(await titles(null)).toEqual([`Open ${secret}`]);
    expect(await titles(outsider)).toEqual([`Open ${secret}`]);
    expect(await titles(member)).toEqual([`Members ${secret}`, `Open ${secret}`]);
    expect(await titles(carer)).toEqual([`Carers ${secret}`, `Members ${secret}`, `Open ${secret}`]);
    expect(await titles(owner)).toEqual([`Carers ${secret}`, `Members ${secret}`, `Open ${secret}`]);
  });

  it("keeps members-only and hidden communities out of outsiders' results", async () => {
    const secret = word();
    const membersOnly = await createCommunity(t, owner, { visibility: "members" });
    const hidden = await createCommunity(t, owner, { visibility: "hidden" });
    await startThread(t, owner, membersOnly.slug, "general", { title: `Members-only ${secret}` });
    await startThread(t, owner, hidden.slug, "general", { title: `Hidden ${secret}` });
    expect((await search(null, `q=${secret}`)).items).toEqual([]);
    expect((await search(outsider, `q=${secret}`)).items).toEqual([]);
    expect((await search(owner, `q=${secret}`)).items.map((h) => h.title).sort()).toEqual([`Hidden ${secret}`, `Members-only ${secret}`]);
  });

  it("narrows the search to one community with community=", async () => {
    const shared = word();
    const other = await createCommunity(t, owner);
    await startThread(t, member, community.slug, "general", { title: `Here ${shared}` });
    await startThread(t, owner, other.slug, "general", { title: `There ${shared}` });
    expect((await search(null, `q=${shared}`)).items.map((h) => h.community.slug).sort()).toEqual([community.slug, other.slug].sort());
    const narrowed = await search(null, `q=${shared}&community=${other.slug}`);
    expect(narrowed.items.map((h) => h.title)).toEqual([`There ${shared}`]);
  });

  it("answers 404 for a community filter the viewer may not see, as for one that does not exist", async () => {
    const hidden = await createCommunity(t, owner, { visibility: "hidden" });
    const refused = await t.request({ method: "GET", url: `/api/v1/search?q=anything&community=${hidden.slug}`, token: outsider.token });
    const missing = await t.request({ method: "GET", url: `/api/v1/search?q=anything&community=no-such-place`, token: outsider.token });
    expect(refused.statusCode).toBe(404);
    expect(refused.json()).toEqual(missing.json());
  });

  it("pages through many hits without repeats", async () => {
    const common = word();
    const { id } = await startThread(t, member, community.slug, "general", { title: "Many", body: `${common} 0` });
    for (let i = 1; i < 5; i++) await reply(t, member, id, `${common} ${i}`);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { items: Hit[]; nextCursor: string | null } = await search(null, `q=${common}&limit=2${cursor ? `&cursor=${cursor}` : ""}`);
      seen.push(...page.items.map((h) => h.postId!));
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
    expect(pages).toBe(3);
  });

  it("finds the same hits in the same order whichever way it reads them; the probe counts only what the viewer may read", async () => {
    const often = word();
    const { id } = await startThread(t, member, community.slug, "general", { title: `Often ${often}`, body: `${often} from the start` });
    for (let i = 0; i < 6; i++) await reply(t, member, id, `${often} again (${i})${i % 2 ? `, and ${often}` : ""}`);
    await startThread(t, member, community.slug, "inside", { title: "Inside", body: `${often} for members` });
    const gone = await reply(t, member, id, `${often}, soon deleted`);
    await t.request({ method: "DELETE", url: `/api/v1/posts/${gone.id}`, token: member.token });
    const asMember: Viewer = {
      kind: "account",
      accountId: member.id as AccountId,
      username: member.username,
      isAdmin: false,
      isVerifier: false,
      isCarer: false,
      isVerifiedClinician: false,
      personas: [],
      secondFactor: "not_needed",
    };
    const db = t.database.db;
    const ways: SearchPaths[] = [
      { threads: "index", posts: "index" },
      { threads: "recent", posts: "recent" },
      { threads: "index", posts: "recent" },
      { threads: "recent", posts: "index" },
    ];
    // Windows from any date: the newest matches since then, and the older ones only when
    // those were too few to fill the candidates — the same hits in the same order whatever
    // the date (the candidates here are all of them, so every window needs the older ones too).
    const dates = (await sql<{ created_at: Date }>`select created_at from posts where search @@ websearch_to_tsquery('english', ${often}) order by created_at`.execute(db)).rows.map((r) => r.created_at);
    for (const since of [dates[0]!, dates[3]!, dates[dates.length - 1]!, new Date(Date.now() + 60_000)]) {
      ways.push({ threads: { index: "since", since }, posts: { index: "since", since } }, { threads: "recent", posts: { index: "since", since } });
    }
    for (const [viewer, hits] of [[GUEST, 8], [asMember, 9]] as const) {
      const read = async (paths: SearchPaths, offset: number, limit: number) =>
        (await searchReadable(db, viewer, inEnglish(often), offset, limit, paths)).map((r) => `${r.type} ${r.post_id ?? r.thread_id}`);
      const all = await read(ways[0]!, 0, 20);
      expect(all).toHaveLength(hits); // the title, the readable posts; never the deleted one
      for (const paths of ways) {
        expect(await read(paths, 0, 20), JSON.stringify(paths)).toEqual(all);
        // Pages of 3 (each asks for one more, to know whether another page follows).
        for (const offset of [0, 3, 6]) expect(await read(paths, offset, 3), `${JSON.stringify(paths)} from ${offset}`).toEqual(all.slice(offset, offset + 4));
      }
    }
    expect(await countRecentMatches(db, GUEST, inEnglish(often))).toMatchObject({ threads: { matches: 1 }, posts: { matches: 7 } });
    expect(await countRecentMatches(db, asMember, inEnglish(often))).toMatchObject({ threads: { matches: 1 }, posts: { matches: 8 } });
    expect(await countRecentMatches(db, GUEST, inEnglish(often, "no-such-community"))).toMatchObject({ threads: { matches: 0 }, posts: { matches: 0 } });
  });

  it.each([
    ["letters", "bm90LWEtbnVtYmVy"],
    ["a negative offset", Buffer.from("-20").toString("base64url")],
    ["a fraction", Buffer.from("2.5").toString("base64url")],
    ["a huge offset", Buffer.from("99999999").toString("base64url")],
  ])("refuses a tampered cursor (%s) with 400 naming the cursor", async (_what, cursor) => {
    const response = await t.request({ method: "GET", url: `/api/v1/search?q=anything&cursor=${cursor}` });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.fields).toHaveProperty("cursor");
  });

  it("asks for words to search for", async () => {
    for (const q of ["", "%20%20"]) {
      const response = await t.request({ method: "GET", url: `/api/v1/search?q=${q}` });
      expect(response.statusCode).toBe(400);
      expect(response.json().error.fields).toHaveProperty("q");
    }
    const none = await t.request({ method: "GET", url: "/api/v1/search" });
    expect(none.statusCode).toBe(400);
    expect(none.json().error.fields).toHaveProperty("q");
  });

  it("takes punctuation and search operators without failing", async () => {
    for (const q of ['"unclosed quote', "a & b | !c", "-", "(((", "' or 1=1 --", ":*"]) {
      const response = await t.request({ method: "GET", url: `/api/v1/search?q=${encodeURIComponent(q)}` });
      expect(response.statusCode, q).toBe(200);
    }
  });

  it("escapes what members wrote in the highlighted snippet", async () => {
    const marker = word();
    await startThread(t, member, community.slug, "general", { title: "Markup", body: `When 1 < 2 & ${marker} "works" 3 > 2` });
    const [hit] = (await search(null, `q=${marker}`)).items;
    expect(hit!.snippet).toContain(`1 < 2 & ${marker} "works`);
    expect(hit!.snippetHtml).toContain(`1 &lt; 2 &amp; <mark>${marker}</mark> &quot;works`);
    expect(hit!.snippetHtml.replaceAll("<mark>", "").replaceAll("</mark>", "")).not.toMatch(/[<>"]/);
  });

  it("returns a script tag a member wrote as plain text segments, with the match marked", async () => {
    const marker = word();
    // ts_headline drops what its parser sees as whole tags; an unfinished one reaches the snippet as text.
    await startThread(t, member, community.slug, "general", { title: "Scripts", body: `Before <script>alert(1)</script ${marker} after` });
    const [hit] = (await search(null, `q=${marker}`)).items;
    expect(hit!.segments.filter((s) => s.match)).toEqual([{ text: marker, match: true }]);
    expect(hit!.segments.map((s) => s.text).join("")).toBe(hit!.snippet);
    expect(hit!.snippet).toContain(`alert(1)</script ${marker} after`);
    expect(hit!.snippetHtml).toContain(`alert(1)&lt;/script <mark>${marker}</mark> after`);
    expect(hit!.snippetHtml).not.toContain("</script");
    expect(hit!.snippetHtml).not.toContain("<script");
  });
});
