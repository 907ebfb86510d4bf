import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test/helpers/test-app.ts";
import { charter, createCommunity, join, setRole, signUp, type Member } from "../../test/helpers/factories.ts";
import { signedInAdmin } from "../../test/helpers/clinician-fixtures.ts";
import { requestsAs } from "../../test/helpers/requests.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ env: { HEARTH_RATE_LIMITS: "off" } });
});
afterAll(async () => t?.close());

const slugOf = (prefix = "c") => `${prefix}-${Math.random().toString(36).slice(2, 10)}`;

function communityPayload(overrides: Record<string, unknown> = {}) {
  return { slug: slugOf(), name: "Breathing easier", purpose: "People living with COPD, and those who look after them.", visibility: "public", charter: charter(), ...overrides };
}

const { post, get, spaceSlugs } = requestsAs(() => t);

/** Every slug the viewer is shown in the list of communities, walking all pages. */
async function listedSlugs(member: Member | null, limit = 100): Promise<string[]> {
  const slugs: string[] = [];
  let cursor: string | null = null;
  do {
    const response = await get(member, `/api/v1/communities?limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
    expect(response.statusCode, response.body).toBe(200);
    const page = response.json() as { items: { slug: string }[]; nextCursor: string | null };
    slugs.push(...page.items.map((c) => c.slug));
    cursor = page.nextCursor;
  } while (cursor);
  return slugs;
}


describe("starting a community", () => {
  it("starts a public community with its charter, its founder as owner and, when the founder chooses, a General space anyone can read", async () => {
    const owner = await signUp(t);
    const payload = communityPayload({ firstSpace: "public" });
    const response = await post(owner, "/api/v1/communities", payload);
    expect(response.statusCode, response.body).toBe(201);
    const community = response.json();
    expect(community).toMatchObject({
      slug: payload.slug,
      name: payload.name,
      purpose: payload.purpose,
      visibility: "public",
      joinPolicy: "open",
      isDemo: false,
      charter: charter(),
      myMembership: { role: "owner", status: "member" },
    });
    expect(typeof community.id).toBe("string");
    expect(community.spaces).toEqual([expect.objectContaining({ slug: "general", visibility: "public", audience: "Anyone on the internet can read this." })]);

    const asGuest = await get(null, `/api/v1/communities/${payload.slug}`);
    expect(asGuest.statusCode).toBe(200);
    expect(asGuest.json()).toMatchObject({ slug: payload.slug, charter: charter(), myMembership: null });
    expect(asGuest.json().spaces.map((s: { slug: string }) => s.slug)).toEqual(["general"]);
  });

  it("shows the honest-broker declaration exactly as it was written", async () => {
    const owner = await signUp(t);
    const declaration = {
      ...charter(),
      funding: "A grant from the Lung Health Trust (2025–2027).",
      businessModel: "No adverts, no paid tiers.",
      dataUse: "Posts stay on this server; nothing is sold or shared with funders.",
      conflictsOfInterest: "One moderator is a respiratory nurse employed by the NHS.",
    };
    const created = await post(owner, "/api/v1/communities", communityPayload({ charter: declaration }));
    expect(created.statusCode, created.body).toBe(201);
    const read = (await get(null, `/api/v1/communities/${created.json().slug}`)).json();
    for (const field of ["funding", "businessModel", "dataUse", "conflictsOfInterest"] as const) {
      expect(read.charter[field]).toBe(declaration[field]);
    }
  });

  it("keeps ICD-10 and SNOMED CT codes it recognises, in their usual case", async () => {
    const owner = await signUp(t);
    const conditions = [
      { name: "Chronic obstructive pulmonary disease", code: "j44.9", system: "icd-10" },
      { name: "Asthma", code: "195967001", system: "snomed-ct" },
      { name: "Bronchiectasis" },
    ];
    const response = await post(owner, "/api/v1/communities", communityPayload({ charter: { ...charter(), conditions } }));
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json().charter.conditions).toEqual([
      { name: "Chronic obstructive pulmonary disease", code: "J44.9", system: "icd-10" },
      { name: "Asthma", code: "195967001", system: "snomed-ct" },
      { name: "Bronchiectasis" },
    ]);
  });

  it("takes the FHIR system URIs as well as the short names, and stores the short name", async () => {
    const owner = await signUp(t);
    const conditions = [
      { name: "Chronic obstructive pulmonary disease", code: "j44.9", system: "http://hl7.org/fhir/sid/icd-10" },
      { name: "Asthma", code: "195967001", system: "http://snomed.info/sct" },
    ];
    const payload = communityPayload({ charter: { ...charter(), conditions } });
    const response = await post(owner, "/api/v1/communities", payload);
    expect(response.statusCode, response.body).toBe(201);
    const stored = [
      { name: "Chronic obstructive pulmonary disease", code: "J44.9", system: "icd-10" },
      { name: "Asthma", code: "195967001", system: "snomed-ct" },
    ];
    expect(response.json().charter.conditions).toEqual(stored);
    expect((await get(null, `/api/v1/communities/${payload.slug}`)).json().charter.conditions).toEqual(stored);
  });

  it.each([
    ["an ICD-10 code sent with the ICD-10 URI", { name: "COPD", code: "44.9J", system: "http://hl7.org/fhir/sid/icd-10" }, '"44.9J" is not a icd-10 code'],
    ["an ICD-10 code sent with the SNOMED CT URI", { name: "COPD", code: "J44.9", system: "http://snomed.info/sct" }, '"J44.9" is not a snomed-ct code'],
  ])("checks the code's shape whichever spelling names the system: %s", async (_what, condition, message) => {
    const owner = await signUp(t);
    const payload = communityPayload({ charter: { ...charter(), conditions: [condition] } });
    const response = await post(owner, "/api/v1/communities", payload);
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().error.fields["charter.conditions[0].code"]).toBe(message);
    expect((await get(owner, `/api/v1/communities/${payload.slug}`)).statusCode).toBe(404);
  });

  it("names the allowed coding systems when a condition's system is not one of them", async () => {
    const owner = await signUp(t);
    const payload = communityPayload({ charter: { ...charter(), conditions: [{ name: "COPD", code: "J44.9", system: "icd-11" }] } });
    const response = await post(owner, "/api/v1/communities", payload);
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().error.fields["charter.conditions[0].system"]).toBe(
      "must be one of: snomed-ct, icd-10, http://snomed.info/sct, http://hl7.org/fhir/sid/icd-10",
    );
    expect(response.json().error.message).toContain("charter.conditions[0].system must be one of: snomed-ct, icd-10, http://snomed.info/sct");
  });

  it.each([
    ["an ICD-10 code that is not one", { name: "COPD", code: "44.9J", system: "icd-10" }, "charter.conditions[0].code"],
    ["a SNOMED CT code with letters", { name: "COPD", code: "J44.9", system: "snomed-ct" }, "charter.conditions[0].code"],
    ["a code without its coding system", { name: "COPD", code: "J44.9" }, "charter.conditions[0].system"],
    ["a coding system Hearth does not know", { name: "COPD", code: "J44.9", system: "icd-11" }, "charter.conditions[0].system"],
    ["a condition without a name", { name: "   " }, "charter.conditions[0].name"],
  ])("refuses %s, naming the field", async (_what, condition, field) => {
    const owner = await signUp(t);
    const payload = communityPayload({ charter: { ...charter(), conditions: [condition] } });
    const response = await post(owner, "/api/v1/communities", payload);
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().error.fields).toHaveProperty([field]);
    expect((await get(owner, `/api/v1/communities/${payload.slug}`)).statusCode).toBe(404);
  });

  it.each([
    ["no charter", (p: Record<string, unknown>) => ({ ...p, charter: undefined }), "charter"],
    ["no word on funding", (p: Record<string, unknown>) => ({ ...p, charter: { ...charter(), funding: undefined } }), "charter.funding"],
    ["a blank data-use declaration", (p: Record<string, unknown>) => ({ ...p, charter: { ...charter(), dataUse: "   " } }), "charter.dataUse"],
    ["a blank conflicts-of-interest declaration", (p: Record<string, unknown>) => ({ ...p, charter: { ...charter(), conflictsOfInterest: "\n" } }), "charter.conflictsOfInterest"],
    ["a blank name", (p: Record<string, unknown>) => ({ ...p, name: "  " }), "name"],
    ["a visibility that does not exist", (p: Record<string, unknown>) => ({ ...p, visibility: "secret" }), "visibility"],
    ["an address with capitals and spaces", (p: Record<string, unknown>) => ({ ...p, slug: "Breathing Easier" }), "slug"],
    ["an address the site keeps for itself", (p: Record<string, unknown>) => ({ ...p, slug: "admin" }), "slug"],
  ])("refuses a community with %s, naming the field", async (_what, change, field) => {
    const owner = await signUp(t);
    const payload = JSON.parse(JSON.stringify(change(communityPayload())));
    const response = await post(owner, "/api/v1/communities", payload);
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().error.fields).toHaveProperty([field]);
  });

  it("refuses an address another community has, and keeps the first community as it was", async () => {
    const owner = await signUp(t);
    const first = await createCommunity(t, owner);
    const someoneElse = await signUp(t);
    const response = await post(someoneElse, "/api/v1/communities", communityPayload({ slug: first.slug, name: "Impostor" }));
    expect(response.statusCode).toBe(409);
    expect(response.json().error).toMatchObject({ code: "slug_taken", fields: { slug: expect.any(String) } });
    expect((await get(null, `/api/v1/communities/${first.slug}`)).json().name).toBe(first.name);
  });

  it("checks every other field before the address, so a hidden community's address answers a bad request like a free one", async () => {
    const owner = await signUp(t);
    const hidden = await createCommunity(t, owner, { visibility: "hidden" });
    const prober = await signUp(t);
    const badFields = [
      { name: "  " },
      { purpose: "" },
      { charter: { ...charter(), funding: " " } },
      { charter: { ...charter(), conditions: [{ name: "COPD", code: "not-a-code", system: "icd-10" }] } },
    ];
    for (const bad of badFields) {
      const taken = await post(prober, "/api/v1/communities", communityPayload({ ...bad, slug: hidden.slug }));
      const free = await post(prober, "/api/v1/communities", communityPayload({ ...bad, slug: slugOf() }));
      expect(taken.statusCode, taken.body).toBe(400);
      expect(taken.body).toBe(free.body);
      expect(Object.keys(taken.json().error.fields)).not.toContain("slug");
    }
    // Every wrong field at once, each named.
    const many = await post(prober, "/api/v1/communities", communityPayload({ slug: "A", name: " ", purpose: " " }));
    expect(many.statusCode).toBe(400);
    expect(Object.keys(many.json().error.fields).sort()).toEqual(["name", "purpose", "slug"]);
    // Positive control: a request right in every other way learns that the address is taken (slugs are not secret).
    const valid = await post(prober, "/api/v1/communities", communityPayload({ slug: hidden.slug }));
    expect(valid.statusCode).toBe(409);
    expect(valid.json().error.code).toBe("slug_taken");
    expect((await get(prober, `/api/v1/communities/${hidden.slug}`)).statusCode).toBe(404);
  });

  it("checks a new space's name before its address", async () => {
    const owner = await signUp(t);
    const community = await createCommunity(t, owner);
    const taken = await post(owner, `/api/v1/communities/${community.slug}/spaces`, { slug: "general", name: " ", visibility: "members" });
    const free = await post(owner, `/api/v1/communities/${community.slug}/spaces`, { slug: slugOf("s"), name: " ", visibility: "members" });
    expect(taken.statusCode, taken.body).toBe(400);
    expect(taken.body).toBe(free.body);
    expect(taken.json().error.fields).toEqual({ name: expect.any(String) });
    const valid = await post(owner, `/api/v1/communities/${community.slug}/spaces`, { slug: "general", name: "Another general", visibility: "members" });
    expect(valid.statusCode).toBe(409);
  });

  it("asks a guest to sign in before starting one", async () => {
    const response = await post(null, "/api/v1/communities", communityPayload());
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe("not_signed_in");
  });

  it("makes a hidden community approve its members unless told otherwise, and gives it a members-only General space", async () => {
    const owner = await signUp(t);
    const response = await post(owner, "/api/v1/communities", communityPayload({ visibility: "hidden" }));
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ visibility: "hidden", joinPolicy: "approval" });
    expect(response.json().spaces).toEqual([expect.objectContaining({ slug: "general", visibility: "members" })]);
  });

  it("lets only administrators start communities when HEARTH_COMMUNITY_CREATION is admins", async () => {
    const strict = await createTestApp({ env: { HEARTH_RATE_LIMITS: "off", HEARTH_COMMUNITY_CREATION: "admins" } });
    try {
      const member = await signUp(strict);
      const refused = await strict.request({ method: "POST", url: "/api/v1/communities", token: member.token, payload: communityPayload() });
      expect(refused.statusCode).toBe(403);
      const admin = await signedInAdmin(strict);
      const allowed = await strict.request({ method: "POST", url: "/api/v1/communities", token: admin.token, payload: communityPayload() });
      expect(allowed.statusCode, allowed.body).toBe(201);
    } finally {
      await strict.close();
    }
  });
});

describe("changing a community", () => {
  it("lets its owner change the charter, and keeps every version of it", async () => {
    const owner = await signUp(t);
    const community = await createCommunity(t, owner);
    const response = await t.request({
      method: "PATCH",
      url: `/api/v1/communities/${community.slug}`,
      token: owner.token,
      payload: { purpose: "A new purpose.", charter: { funding: "A grant from the Lung Health Trust." } },
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ purpose: "A new purpose.", charter: { ...charter(), funding: "A grant from the Lung Health Trust." } });

    const read = (await get(null, `/api/v1/communities/${community.slug}`)).json();
    expect(read.charter).toEqual({ ...charter(), funding: "A grant from the Lung Health Trust." });
    expect(Date.parse(read.updatedAt)).toBeGreaterThanOrEqual(Date.parse(read.createdAt));

    const revisions = await t.database.db
      .selectFrom("charter_revisions")
      .select(["snapshot", "editor_account_id"])
      .where("community_id", "=", community.id)
      .orderBy("created_at")
      .execute();
    expect(revisions.map((r) => (r.snapshot as { funding: string }).funding)).toEqual([charter().funding, "A grant from the Lung Health Trust."]);
    expect(revisions.map((r) => r.editor_account_id)).toEqual([owner.id, owner.id]);
  });

  it("lets a moderator change it too", async () => {
    const owner = await signUp(t);
    const moderator = await signUp(t);
    const community = await createCommunity(t, owner);
    await join(t, moderator, community.slug);
    await setRole(t, owner, community.slug, moderator, "moderator");
    const response = await t.request({ method: "PATCH", url: `/api/v1/communities/${community.slug}`, token: moderator.token, payload: { name: "Renamed by a moderator" } });
    expect(response.statusCode, response.body).toBe(200);
    expect((await get(null, `/api/v1/communities/${community.slug}`)).json().name).toBe("Renamed by a moderator");
  });

  it("refuses a member who does not run it (403) and a guest (401), and changes nothing", async () => {
    const owner = await signUp(t);
    const member = await signUp(t);
    const community = await createCommunity(t, owner);
    await join(t, member, community.slug);
    const byMember = await t.request({ method: "PATCH", url: `/api/v1/communities/${community.slug}`, token: member.token, payload: { name: "Taken over" } });
    expect(byMember.statusCode).toBe(403);
    expect(byMember.json().error.code).toBe("forbidden");
    const byOutsider = await t.request({ method: "PATCH", url: `/api/v1/communities/${community.slug}`, token: (await signUp(t)).token, payload: { name: "Taken over" } });
    expect(byOutsider.statusCode).toBe(403);
    const byGuest = await t.request({ method: "PATCH", url: `/api/v1/communities/${community.slug}`, payload: { name: "Taken over" } });
    expect(byGuest.statusCode).toBe(401);
    expect((await get(null, `/api/v1/communities/${community.slug}`)).json().name).toBe(community.name);
  });

  it("answers an outsider who patches a hidden community with 404, as if it did not exist", async () => {
    const owner = await signUp(t);
    const outsider = await signUp(t);
    const hidden = await createCommunity(t, owner, { visibility: "hidden" });
    const patched = await t.request({ method: "PATCH", url: `/api/v1/communities/${hidden.slug}`, token: outsider.token, payload: { name: "Found you" } });
    expect(patched.statusCode).toBe(404);
    const missing = await t.request({ method: "PATCH", url: `/api/v1/communities/no-such-${hidden.slug}`, token: outsider.token, payload: { name: "Found you" } });
    expect(patched.json()).toEqual(missing.json());
    expect((await get(owner, `/api/v1/communities/${hidden.slug}`)).json().name).toBe(hidden.name);
  });

  it("checks a changed charter as strictly as a new one, and keeps the old one when it is refused", async () => {
    const owner = await signUp(t);
    const community = await createCommunity(t, owner);
    const response = await t.request({
      method: "PATCH",
      url: `/api/v1/communities/${community.slug}`,
      token: owner.token,
      payload: { charter: { conditions: [{ name: "COPD", code: "not a code", system: "icd-10" }], dataUse: " " } },
    });
    expect(response.statusCode).toBe(400);
    expect((await get(null, `/api/v1/communities/${community.slug}`)).json().charter).toEqual(charter());
    const count = await t.database.db.selectFrom("charter_revisions").select((eb) => eb.fn.countAll<number>().as("n")).where("community_id", "=", community.id).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
  });

  it("refuses fields a community does not have", async () => {
    const owner = await signUp(t);
    const community = await createCommunity(t, owner);
    const response = await t.request({ method: "PATCH", url: `/api/v1/communities/${community.slug}`, token: owner.token, payload: { slug: "a-new-address" } });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.fields).toHaveProperty("slug");
  });
});

describe("finding communities", () => {
  it("lists public and members-only communities to everyone, and hidden ones only to their members", async () => {
    const owner = await signUp(t);
    const member = await signUp(t);
    const outsider = await signUp(t);
    const open = await createCommunity(t, owner, { visibility: "public" });
    const membersOnly = await createCommunity(t, owner, { visibility: "members" });
    const hidden = await createCommunity(t, owner, { visibility: "hidden", joinPolicy: "open" });
    // Members of a hidden community are let in by its owner: here it was open while people joined.
    await t.request({ method: "PATCH", url: `/api/v1/communities/${hidden.slug}`, token: owner.token, payload: { visibility: "public" } });
    await join(t, member, hidden.slug);
    await t.request({ method: "PATCH", url: `/api/v1/communities/${hidden.slug}`, token: owner.token, payload: { visibility: "hidden" } });

    for (const viewer of [null, outsider]) {
      const slugs = await listedSlugs(viewer);
      expect(slugs).toContain(open.slug);
      expect(slugs).toContain(membersOnly.slug);
      expect(slugs).not.toContain(hidden.slug);
      expect((await get(viewer, `/api/v1/communities/${hidden.slug}`)).statusCode).toBe(404);
    }
    for (const viewer of [owner, member]) {
      expect(await listedSlugs(viewer)).toContain(hidden.slug);
      expect((await get(viewer, `/api/v1/communities/${hidden.slug}`)).statusCode).toBe(200);
    }
  });

  it("shows a members-only community's charter to everyone, but none of its spaces to outsiders", async () => {
    const owner = await signUp(t);
    const membersOnly = await createCommunity(t, owner, { visibility: "members" });
    const asGuest = await get(null, `/api/v1/communities/${membersOnly.slug}`);
    expect(asGuest.statusCode).toBe(200);
    expect(asGuest.json().charter).toEqual(charter());
    expect(asGuest.json().spaces).toEqual([]);
    expect(await spaceSlugs(null, membersOnly.slug)).toEqual([]);
  });

  it("counts members in the list", async () => {
    const owner = await signUp(t);
    const community = await createCommunity(t, owner);
    await join(t, await signUp(t), community.slug);
    const listed = (await t.request({ method: "GET", url: "/api/v1/communities?limit=100" })).json();
    let found = listed.items.find((c: { slug: string }) => c.slug === community.slug);
    let cursor = listed.nextCursor;
    while (!found && cursor) {
      const page = (await t.request({ method: "GET", url: `/api/v1/communities?limit=100&cursor=${encodeURIComponent(cursor)}` })).json();
      found = page.items.find((c: { slug: string }) => c.slug === community.slug);
      cursor = page.nextCursor;
    }
    expect(found?.memberCount).toBe(2);
  });

  it("shows each person their own membership in the list", async () => {
    const owner = await signUp(t);
    const applicant = await signUp(t);
    const outsider = await signUp(t);
    const community = await createCommunity(t, owner, { joinPolicy: "approval" });
    await join(t, applicant, community.slug);
    const mine = async (viewer: Member | null) => {
      const response = await get(viewer, "/api/v1/communities?limit=100");
      let page = response.json();
      for (;;) {
        const found = page.items.find((c: { slug: string }) => c.slug === community.slug);
        if (found || !page.nextCursor) return found?.myMembership;
        page = (await get(viewer, `/api/v1/communities?limit=100&cursor=${encodeURIComponent(page.nextCursor)}`)).json();
      }
    };
    expect(await mine(owner)).toEqual({ role: "owner", status: "member" });
    expect(await mine(applicant)).toEqual({ role: "member", status: "pending" });
    expect(await mine(outsider)).toBeNull();
    expect(await mine(null)).toBeNull();
  });

  it("pages through the list without repeating or skipping a community", async () => {
    const owner = await signUp(t);
    const made: string[] = [];
    for (let i = 0; i < 5; i++) made.push((await createCommunity(t, owner)).slug);
    const all = await listedSlugs(null, 2);
    expect(new Set(all).size).toBe(all.length);
    // Oldest first, so the five new ones come last, in the order they were made.
    expect(all.slice(-5)).toEqual(made);
    expect(await listedSlugs(null, 100)).toEqual(all);
  });

  it("answers 404 for a community that does not exist, and 400 for a cursor it did not give out", async () => {
    expect((await get(null, "/api/v1/communities/no-such-community")).statusCode).toBe(404);
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
    for (const cursor of ["not-a-cursor", encode(["1 2", "x"]), encode(["2030-02-31T00:00:00Z", "x"]), encode(["0000-01-01T00:00:00Z", "x"]), encode({ at: 1 })]) {
      const tampered = await get(null, `/api/v1/communities?cursor=${cursor}`);
      expect(tampered.statusCode, cursor).toBe(400);
      expect(tampered.json().error.fields).toHaveProperty("cursor");
    }
  });
});
