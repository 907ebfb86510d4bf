/**
 * Members forking together (issue 12, ADR 48): where the charter sets forkSignatures, a member
 * proposes a fork; the signature that reaches the number makes it, with the proposer as owner,
 * the authors' consent deciding what travels as for any fork. Without the setting, only its
 * managers fork it; a proposal is seen and signed by the community's members alone.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test/helpers/test-app.ts";
import { createCommunity, join, signUp, startThread, type Member } from "../../test/helpers/factories.ts";

let t: TestApp;
let owner: Member;
let slug: string;
const members: Member[] = [];

beforeAll(async () => {
  t = await createTestApp();
  owner = await signUp(t);
  slug = (await createCommunity(t, owner)).slug;
  for (let i = 0; i < 4; i++) {
    const m = await signUp(t);
    await join(t, m, slug);
    members.push(m);
  }
  await t.request({ method: "PUT", url: "/api/v1/me/preferences", token: members[0]!.token, payload: { travelWithForks: "yes" } });
  await startThread(t, members[0]!, slug, "general", { title: "Carers' corner", body: "Words that may travel." });
}, 60_000);
afterAll(async () => t?.close());

const call = (who: Member | null, method: "GET" | "POST" | "PATCH", url: string, payload?: object) => t.request({ method, url, ...(who ? { token: who.token } : {}), ...(payload ? { payload } : {}) });
const propose = (who: Member, fields: object = {}) => call(who, "POST", `/api/v1/communities/${slug}/fork-proposals`, { slug: `${slug}-carers`, name: "Carers together", spaces: ["general"], ...fields });

describe("members forking together", () => {
  it("is refused while the charter does not allow it, and nothing is proposed", async () => {
    const refused = await propose(members[0]!);
    expect(refused.statusCode).toBe(403);
    expect((await call(members[1]!, "GET", `/api/v1/communities/${slug}/fork-proposals`)).json().items).toEqual([]);
  });

  it("makes the fork at the third signature, with the proposer as its owner and the consenting author's words", async () => {
    const set = await call(owner, "PATCH", `/api/v1/communities/${slug}`, { charter: { forkSignatures: 3 } });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json().charter.forkSignatures).toBe(3);

    const proposed = await propose(members[0]!);
    expect(proposed.statusCode, proposed.body).toBe(201);
    expect(proposed.json()).toMatchObject({ signatures: 1, needed: 3, signedByMe: true, fork: null, can: { sign: false } });
    const id = proposed.json().id;

    const second = await call(members[1]!, "POST", `/api/v1/fork-proposals/${id}/signatures`);
    expect(second.json()).toMatchObject({ signatures: 2, fork: null });
    // Signing twice counts once.
    expect((await call(members[1]!, "POST", `/api/v1/fork-proposals/${id}/signatures`)).json().signatures).toBe(2);
    expect((await call(null, "GET", `/api/v1/communities/${slug}-carers`)).statusCode).toBe(404);

    const third = await call(members[2]!, "POST", `/api/v1/fork-proposals/${id}/signatures`);
    expect(third.statusCode, third.body).toBe(200);
    expect(third.json()).toMatchObject({ signatures: 3, fork: { slug: `${slug}-carers`, name: "Carers together" } });

    const fork = (await call(members[0]!, "GET", `/api/v1/communities/${slug}-carers`)).json();
    expect(fork.myMembership).toMatchObject({ role: "owner", status: "member" });
    const lineage = (await call(null, "GET", `/api/v1/communities/${slug}-carers/lineage`)).json();
    expect(lineage.parent).toMatchObject({ slug });
    const found = (await call(null, "GET", `/api/v1/search?q=${encodeURIComponent("travel")}&community=${slug}-carers`)).json();
    expect(found.items.length).toBeGreaterThan(0);

    // Done: no more signing.
    expect((await call(members[3]!, "POST", `/api/v1/fork-proposals/${id}/signatures`)).statusCode).toBe(409);
  });

  it("checks a proposal as a fork is checked, and hides proposals from anyone not a member", async () => {
    const badSlug = await propose(members[3]!, { slug: "x" });
    expect(badSlug.statusCode).toBe(400);
    expect(Object.keys(badSlug.json().error.fields)).toEqual(["slug"]);
    const badSpaces = await propose(members[3]!, { slug: `${slug}-elsewhere`, spaces: ["nowhere"] });
    expect(badSpaces.statusCode).toBe(400);
    expect(Object.keys(badSpaces.json().error.fields)).toEqual(["spaces"]);
    const taken = await propose(members[3]!, { slug });
    expect(taken.statusCode).toBe(409);

    const open = await propose(members[3]!, { slug: `${slug}-quiet`, name: "Quiet corner" });
    expect(open.statusCode).toBe(201);
    const stranger = await signUp(t);
    expect((await call(stranger, "GET", `/api/v1/communities/${slug}/fork-proposals`)).json().items).toEqual([]);
    expect((await call(stranger, "POST", `/api/v1/fork-proposals/${open.json().id}/signatures`)).statusCode).toBe(404);
    expect((await call(stranger, "POST", `/api/v1/fork-proposals/no-such-proposal/signatures`)).statusCode).toBe(404);
    expect((await call(stranger, "POST", `/api/v1/communities/${slug}/fork-proposals`, { slug: `${slug}-x`, name: "X", spaces: ["general"] })).statusCode).toBe(403);
  });
});

describe("forking together from the pages, without JavaScript", () => {
  it("proposes with the form, signs with a button, and the last signature lands on the fork", async () => {
    const { newBrowser } = await import("../../test/helpers/browser-form.ts");
    const proposer = await newBrowser(t, members[1]!);
    const community = (await proposer.get(`/c/${slug}`)).body;
    expect(community).toContain(`href="/c/${slug}/fork-proposals"`);
    expect((await proposer.get(`/c/${slug}/fork-proposals/new`)).statusCode).toBe(200);
    const sent = await proposer.post(`/c/${slug}/fork-proposals`, { name: "Walkers", slug: `${slug}-walkers`, spaces: ["general"] });
    expect(sent.statusCode, sent.body).toBe(303);
    const list = (await proposer.get(String(sent.headers.location))).body;
    expect(list).toContain("1 of 3 signatures");
    const id = (await call(members[1]!, "GET", `/api/v1/communities/${slug}/fork-proposals`)).json().items.find((p: { name: string }) => p.name === "Walkers").id;

    for (const [who, lands] of [
      [members[2]!, `/c/${slug}/fork-proposals?signed=1`],
      [members[3]!, `/c/${slug}-walkers`],
    ] as const) {
      const browser = await newBrowser(t, who);
      expect((await browser.get(`/c/${slug}/fork-proposals`)).body).toContain(`/c/${slug}/fork-proposals/${id}/sign`);
      const signed = await browser.post(`/c/${slug}/fork-proposals/${id}/sign`, {});
      expect(signed.statusCode).toBe(303);
      expect(signed.headers.location).toBe(lands);
    }
  });
});
