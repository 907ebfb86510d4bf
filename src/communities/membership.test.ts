import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test/helpers/test-app.ts";
import { createCommunity, createSpace, decide, join, setRole, signUp, startThread, type Member } from "../../test/helpers/factories.ts";
import { requestsAs } from "../../test/helpers/requests.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ env: { HEARTH_RATE_LIMITS: "off" } });
});
afterAll(async () => t?.close());

const { post, get, spaceSlugs } = requestsAs(() => t);


describe("membership", () => {
  it("lets someone join an open community at once, and joining twice changes nothing", async () => {
    const owner = await signUp(t);
    const member = await signUp(t);
    const community = await createCommunity(t, owner);
    const first = await post(member, `/api/v1/communities/${community.slug}/members`);
    expect(first.statusCode).toBe(201);
    expect(first.json()).toEqual({ status: "member" });
    const second = await post(member, `/api/v1/communities/${community.slug}/members`);
    expect(second.statusCode).toBe(200);
    expect(second.json()).toEqual({ status: "member" });
    expect((await get(member, `/api/v1/communities/${community.slug}`)).json().myMembership).toEqual({ role: "member", status: "member" });
  });

  it("makes a request to join where members are approved, and lets it in once a moderator approves", async () => {
    const owner = await signUp(t);
    const applicant = await signUp(t);
    const community = await createCommunity(t, owner, { joinPolicy: "approval" });
    await createSpace(t, owner, community.slug, "members", "inside");

    const asked = await post(applicant, `/api/v1/communities/${community.slug}/members`);
    expect(asked.statusCode).toBe(201);
    expect(asked.json()).toEqual({ status: "pending" });
    expect((await get(applicant, `/api/v1/communities/${community.slug}/spaces/inside/threads`)).statusCode).toBe(404);

    const pending = await get(owner, `/api/v1/communities/${community.slug}/members?status=pending`);
    expect(pending.statusCode).toBe(200);
    expect(pending.json().items).toEqual([
      expect.objectContaining({ persona: expect.objectContaining({ id: applicant.personaId, displayName: applicant.displayName }), status: "pending" }),
    ]);

    expect(await decide(t, owner, community.slug, applicant, "approve")).toEqual({ status: "member" });
    expect((await get(applicant, `/api/v1/communities/${community.slug}/spaces/inside/threads`)).statusCode).toBe(200);
    const me = (await get(applicant, "/api/v1/me")).json();
    expect(me.memberships).toContainEqual({ community: { slug: community.slug, name: community.name }, role: "member", status: "member" });
    expect((await get(owner, `/api/v1/communities/${community.slug}/members?status=pending`)).json().items).toEqual([]);
  });

  it("lets a moderator turn a request down, after which the person may ask again", async () => {
    const owner = await signUp(t);
    const applicant = await signUp(t);
    const community = await createCommunity(t, owner, { joinPolicy: "approval" });
    await join(t, applicant, community.slug);
    expect(await decide(t, owner, community.slug, applicant, "reject")).toEqual({ status: "rejected" });
    expect((await get(applicant, "/api/v1/me")).json().memberships).toEqual([]);
    const again = await post(applicant, `/api/v1/communities/${community.slug}/members`);
    expect(again.json()).toEqual({ status: "pending" });
  });

  it("lets only owners and moderators decide on requests", async () => {
    const owner = await signUp(t);
    const member = await signUp(t);
    const applicant = await signUp(t);
    const community = await createCommunity(t, owner, { joinPolicy: "approval" });
    await join(t, member, community.slug);
    await decide(t, owner, community.slug, member, "approve");
    await join(t, applicant, community.slug);
    const url = `/api/v1/communities/${community.slug}/members/${applicant.personaId}/decision`;
    expect((await post(member, url, { decision: "approve" })).statusCode).toBe(403);
    expect((await post(applicant, url, { decision: "approve" })).statusCode).toBe(403);
    expect((await get(member, `/api/v1/communities/${community.slug}/members?status=pending`)).statusCode).toBe(403);
    expect((await get(applicant, `/api/v1/communities/${community.slug}`)).json().myMembership).toEqual({ role: "member", status: "pending" });
  });

  it("asks a guest to sign in before seeing requests, deciding on them or changing roles", async () => {
    const owner = await signUp(t);
    const applicant = await signUp(t);
    const community = await createCommunity(t, owner, { joinPolicy: "approval" });
    await join(t, applicant, community.slug);
    expect((await get(null, `/api/v1/communities/${community.slug}/members?status=pending`)).statusCode).toBe(401);
    expect((await post(null, `/api/v1/communities/${community.slug}/members/${applicant.personaId}/decision`, { decision: "approve" })).statusCode).toBe(401);
    const role = await t.request({ method: "PUT", url: `/api/v1/communities/${community.slug}/members/${owner.personaId}/role`, payload: { role: "member" } });
    expect(role.statusCode).toBe(401);
    expect((await get(applicant, `/api/v1/communities/${community.slug}`)).json().myMembership).toEqual({ role: "member", status: "pending" });
  });

  it("answers 404 to a decision about someone who did not ask", async () => {
    const owner = await signUp(t);
    const stranger = await signUp(t);
    const community = await createCommunity(t, owner, { joinPolicy: "approval" });
    expect((await post(owner, `/api/v1/communities/${community.slug}/members/${stranger.personaId}/decision`, { decision: "approve" })).statusCode).toBe(404);
    expect((await post(owner, `/api/v1/communities/${community.slug}/members/not-an-id/decision`, { decision: "approve" })).statusCode).toBe(404);
    expect((await get(stranger, `/api/v1/communities/${community.slug}`)).json().myMembership).toBeNull();
  });

  it("lets a member leave, after which members-only spaces are closed to them", async () => {
    const owner = await signUp(t);
    const member = await signUp(t);
    const community = await createCommunity(t, owner);
    await createSpace(t, owner, community.slug, "members", "inside");
    await join(t, member, community.slug);
    expect((await get(member, `/api/v1/communities/${community.slug}/spaces/inside/threads`)).statusCode).toBe(200);
    const left = await t.request({ method: "DELETE", url: `/api/v1/communities/${community.slug}/members/me`, token: member.token });
    expect(left.statusCode).toBe(204);
    expect((await get(member, `/api/v1/communities/${community.slug}/spaces/inside/threads`)).statusCode).toBe(404);
    expect((await get(member, "/api/v1/me")).json().memberships).toEqual([]);
    const again = await t.request({ method: "DELETE", url: `/api/v1/communities/${community.slug}/members/me`, token: member.token });
    expect(again.statusCode).toBe(409);
  });

  it("keeps the last owner from leaving, until someone else is an owner", async () => {
    const owner = await signUp(t);
    const successor = await signUp(t);
    const community = await createCommunity(t, owner);
    const refused = await t.request({ method: "DELETE", url: `/api/v1/communities/${community.slug}/members/me`, token: owner.token });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe("last_owner");
    expect((await get(owner, `/api/v1/communities/${community.slug}`)).json().myMembership).toEqual({ role: "owner", status: "member" });

    await join(t, successor, community.slug);
    await setRole(t, owner, community.slug, successor, "owner");
    const left = await t.request({ method: "DELETE", url: `/api/v1/communities/${community.slug}/members/me`, token: owner.token });
    expect(left.statusCode).toBe(204);
    const stillRun = await t.request({ method: "PATCH", url: `/api/v1/communities/${community.slug}`, token: successor.token, payload: { name: "Handed over" } });
    expect(stillRun.statusCode).toBe(200);
  });

  it("asks a guest to sign in before joining, and answers an outsider who tries a hidden community with 404", async () => {
    const owner = await signUp(t);
    const open = await createCommunity(t, owner);
    const hidden = await createCommunity(t, owner, { visibility: "hidden" });
    expect((await post(null, `/api/v1/communities/${open.slug}/members`)).statusCode).toBe(401);
    const outsider = await signUp(t);
    expect((await post(outsider, `/api/v1/communities/${hidden.slug}/members`)).statusCode).toBe(404);
    expect((await get(outsider, "/api/v1/me")).json().memberships).toEqual([]);
  });
});

describe("spaces", () => {
  it("lets owners and moderators add spaces, and nobody else", async () => {
    const owner = await signUp(t);
    const moderator = await signUp(t);
    const member = await signUp(t);
    const community = await createCommunity(t, owner);
    await join(t, moderator, community.slug);
    await join(t, member, community.slug);
    await setRole(t, owner, community.slug, moderator, "moderator");
    const url = `/api/v1/communities/${community.slug}/spaces`;

    const byOwner = await post(owner, url, { slug: "newly-diagnosed", name: "Newly diagnosed", visibility: "members" });
    expect(byOwner.statusCode, byOwner.body).toBe(201);
    expect(byOwner.json()).toMatchObject({ slug: "newly-diagnosed", name: "Newly diagnosed", visibility: "members", audience: `Only members of ${community.name} can read this.` });
    expect((await post(moderator, url, { slug: "carers-corner", name: "Carers' corner", visibility: "carers" })).statusCode).toBe(201);
    expect((await post(member, url, { slug: "my-own", name: "Mine", visibility: "public" })).statusCode).toBe(403);
    expect((await post(null, url, { slug: "guests", name: "Guests", visibility: "public" })).statusCode).toBe(401);

    const taken = await post(owner, url, { slug: "newly-diagnosed", name: "Again", visibility: "public" });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error.fields).toHaveProperty("slug");
    const badVisibility = await post(owner, url, { slug: "odd", name: "Odd", visibility: "everyone" });
    expect(badVisibility.statusCode).toBe(400);
    expect(badVisibility.json().error.fields).toHaveProperty("visibility");

    expect(await spaceSlugs(owner, community.slug)).toEqual(["carers-corner", "general", "newly-diagnosed"]);
  });

  it("shows each viewer only the spaces they may read: public, members, carers and clinicians", async () => {
    const owner = await signUp(t);
    const moderator = await signUp(t);
    const member = await signUp(t);
    const carer = await signUp(t, { carer: true });
    const outsider = await signUp(t);
    const carerOutsider = await signUp(t, { carer: true });
    const community = await createCommunity(t, owner);
    for (const visibility of ["members", "carers", "clinicians"]) await createSpace(t, owner, community.slug, visibility, `${visibility}-only`);
    for (const person of [moderator, member, carer]) await join(t, person, community.slug);
    await setRole(t, owner, community.slug, moderator, "moderator");

    const expected: [string, Member | null, string[]][] = [
      ["a guest", null, ["general"]],
      ["a signed-in non-member", outsider, ["general"]],
      ["a carer who is not a member", carerOutsider, ["general"]],
      ["a member", member, ["general", "members-only"]],
      ["a carer member", carer, ["carers-only", "general", "members-only"]],
      ["a moderator", moderator, ["carers-only", "general", "members-only"]],
      ["the owner", owner, ["carers-only", "general", "members-only"]],
    ];
    for (const [who, viewer, slugs] of expected) {
      expect(await spaceSlugs(viewer, community.slug), who).toEqual(slugs);
      const read = (await get(viewer, `/api/v1/communities/${community.slug}`)).json();
      expect(read.spaces.map((s: { slug: string }) => s.slug).sort(), who).toEqual(slugs);
      for (const space of ["general", "members-only", "carers-only", "clinicians-only"]) {
        const threads = await get(viewer, `/api/v1/communities/${community.slug}/spaces/${space}/threads`);
        expect(threads.statusCode, `${who} reading ${space}`).toBe(slugs.includes(space) ? 200 : 404);
      }
    }
  });

  it("keeps every space of a members-only community closed to people who are not members", async () => {
    const owner = await signUp(t);
    const member = await signUp(t);
    const community = await createCommunity(t, owner, { visibility: "members" });
    await createSpace(t, owner, community.slug, "public", "front-room");
    await join(t, member, community.slug);
    const { id } = await startThread(t, owner, community.slug, "front-room");
    expect(await spaceSlugs(null, community.slug)).toEqual([]);
    expect(await spaceSlugs(await signUp(t), community.slug)).toEqual([]);
    expect(await spaceSlugs(member, community.slug)).toEqual(["front-room", "general"]);
    expect((await get(null, `/api/v1/threads/${id}`)).statusCode).toBe(404);
    expect((await get(member, `/api/v1/threads/${id}`)).statusCode).toBe(200);
  });

  it("says in words who can read each space", async () => {
    const owner = await signUp(t);
    const community = await createCommunity(t, owner, { name: "Breathe Together" });
    for (const visibility of ["members", "carers", "clinicians"]) await createSpace(t, owner, community.slug, visibility, `${visibility}-only`);
    const spaces = (await get(owner, `/api/v1/communities/${community.slug}/spaces`)).json().items as { slug: string; audience: string }[];
    const audience = Object.fromEntries(spaces.map((s) => [s.slug, s.audience]));
    expect(audience.general).toBe("Anyone on the internet can read this.");
    expect(audience["members-only"]).toBe("Only members of Breathe Together can read this.");
    expect(audience["carers-only"]).toMatch(/carers/);
  });
});
