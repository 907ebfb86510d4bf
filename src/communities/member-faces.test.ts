import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test/helpers/test-app.ts";
import { createCommunity, join, signUp, startThread, type Member } from "../../test/helpers/factories.ts";

let t: TestApp;
let admin: Member;

beforeAll(async () => {
  t = await createTestApp();
  await t.services.accounts.createAdmin("faces_admin", "a long admin password");
  const session = await t.request({ method: "POST", url: "/api/v1/sessions", payload: { username: "faces_admin", password: "a long admin password" } });
  admin = { id: "", username: "faces_admin", password: "a long admin password", token: session.json().token, personaId: "" };
});
afterAll(async () => t?.close());

async function verifiedClinicianWithAnonymousPersona(): Promise<Member & { anonymousId: string }> {
  const clinician = await signUp(t);
  const applied = await t.request({
    method: "POST",
    url: "/api/v1/clinician-verifications",
    token: clinician.token,
    payload: { profession: "Nurse", register: "NMC", registrationNumber: "12A3456E", specialty: "Respiratory nurse" },
  });
  await t.request({ method: "POST", url: `/api/v1/admin/clinician-verifications/${applied.json().id}/decision`, token: admin.token, payload: { decision: "approve" } });
  const anonymous = await t.request({ method: "POST", url: "/api/v1/personas", token: clinician.token, payload: { kind: "anonymous_professional" } });
  return { ...clinician, anonymousId: anonymous.json().id };
}

describe("the persona a community sees its members by", () => {
  it("answers a moderator's role change only for the persona the member list shows, never for an anonymous one", async () => {
    const owner = await signUp(t);
    const community = await createCommunity(t, owner);
    const clinician = await verifiedClinicianWithAnonymousPersona();
    await join(t, clinician, community.slug);
    await startThread(t, clinician, community.slug, "general");

    // The owner has seen the anonymous persona in a thread; trying it as a member id must tell them nothing.
    const byAnonymous = await t.request({
      method: "PUT",
      url: `/api/v1/communities/${community.slug}/members/${clinician.anonymousId}/role`,
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
    expect(members.body).not.toContain(clinician.anonymousId);
    const byFace = await t.request({
      method: "PUT",
      url: `/api/v1/communities/${community.slug}/members/${clinician.personaId}/role`,
      token: owner.token,
      payload: { role: "moderator" },
    });
    expect(byFace.statusCode).toBe(204);
  });
});
