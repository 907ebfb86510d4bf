import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test/helpers/test-app.ts";
import { createCommunity, join, signUp, startThread, type Member } from "../../test/helpers/factories.ts";
import { makeClinician, signedInAdmin } from "../../test/helpers/clinician-fixtures.ts";

let t: TestApp;
let admin: Member;

beforeAll(async () => {
  t = await createTestApp();
  admin = await signedInAdmin(t);
});
afterAll(async () => t?.close());

describe("the persona a community sees its members by", () => {
  it("answers a moderator's role change only for the persona the member list shows, never for an anonymous one", async () => {
    const owner = await signUp(t);
    const community = await createCommunity(t, owner);
    const clinician = await makeClinician(t, admin);
    await join(t, clinician, community.slug);
    await startThread(t, clinician, community.slug, "general");

    // The owner has seen the anonymous persona in a thread; trying it as a member id must tell them nothing.
    const byAnonymous = await t.request({
      method: "PUT",
      url: `/api/v1/communities/${community.slug}/members/${clinician.anonymousPersonaId}/role`,
      token: owner.token,
      payload: { role: "moderator" },
    });
    expect(byAnonymous.statusCode).toBe(404);
    const unknown = await t.request({
      method: "PUT",
      url: `/api/v1/communities/${community.slug}/members/AAAAAAAAAAAAAAAA/role`,
      token: owner.token,
      payload: { role: "moderator" },
    });
    expect(byAnonymous.json()).toEqual(unknown.json());

    const members = await t.request({ method: "GET", url: `/api/v1/communities/${community.slug}/members`, token: owner.token });
    expect(members.body).not.toContain(clinician.anonymousPersonaId);
    const byFace = await t.request({
      method: "PUT",
      url: `/api/v1/communities/${community.slug}/members/${clinician.personaId}/role`,
      token: owner.token,
      payload: { role: "moderator" },
    });
    expect(byFace.statusCode).toBe(204);
  });
});
