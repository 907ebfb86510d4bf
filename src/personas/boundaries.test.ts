/**
 * A clinician's boundaries (messages from patients, when they answer) belong to one
 * clinician persona: set on it, shown in its public view only, never on a personal
 * persona, never beside posts, and never copied to the same person's other persona.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test/helpers/test-app.ts";
import { createCommunity, join, signUp, type Member } from "../../test/helpers/factories.ts";
import { signedInAdmin, verifiedClinician, type VerifiedClinician } from "../../test/helpers/clinician-fixtures.ts";

let t: TestApp;
let clinician: VerifiedClinician;

beforeAll(async () => {
  t = await createTestApp();
  const admin = await signedInAdmin(t);
  clinician = await verifiedClinician(t, admin);
});
afterAll(async () => t?.close());

const patch = (who: Member, personaId: string, payload: object) => t.request({ method: "PATCH", url: `/api/v1/personas/${personaId}`, token: who.token, payload });
const publicView = (personaId: string) => t.request({ method: "GET", url: `/api/v1/personas/${personaId}` });

describe("boundaries of a clinician persona", () => {
  it("start closed: patients cannot message it and it has not said when it answers", async () => {
    for (const id of [clinician.professional.id, clinician.anonymous.id]) {
      const view = await publicView(id);
      expect(view.statusCode).toBe(200);
      expect(view.json().boundaries).toEqual({ acceptsPatientMessages: false, availability: null });
    }
  });

  it("are set per persona: changing the professional one leaves the anonymous one as it was", async () => {
    const changed = await patch(clinician, clinician.professional.id, { acceptsPatientMessages: true, availability: "  Answers on Tuesdays  " });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json().boundaries).toEqual({ acceptsPatientMessages: true, availability: "Answers on Tuesdays" });

    expect((await publicView(clinician.professional.id)).json().boundaries).toEqual({ acceptsPatientMessages: true, availability: "Answers on Tuesdays" });
    expect((await publicView(clinician.anonymous.id)).json().boundaries).toEqual({ acceptsPatientMessages: false, availability: null });

    const anonymous = await patch(clinician, clinician.anonymous.id, { availability: "Evenings, now and then" });
    expect(anonymous.json().boundaries).toEqual({ acceptsPatientMessages: false, availability: "Evenings, now and then" });
    expect((await publicView(clinician.professional.id)).json().boundaries.availability).toBe("Answers on Tuesdays");

    const mine = (await t.request({ method: "GET", url: "/api/v1/personas", token: clinician.token })).json().items as { kind: string; boundaries?: unknown }[];
    expect(mine.find((p) => p.kind === "personal")).not.toHaveProperty("boundaries");
    expect(mine.find((p) => p.kind === "professional")?.boundaries).toEqual({ acceptsPatientMessages: true, availability: "Answers on Tuesdays" });
  });

  it("clears the availability with an empty text or null, and refuses more than 200 characters without changing it", async () => {
    await patch(clinician, clinician.professional.id, { availability: "Mondays" });
    const tooLong = await patch(clinician, clinician.professional.id, { availability: "a".repeat(201) });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json().error.fields).toHaveProperty("availability");
    expect((await publicView(clinician.professional.id)).json().boundaries.availability).toBe("Mondays");

    expect((await patch(clinician, clinician.professional.id, { availability: "" })).json().boundaries.availability).toBeNull();
    await patch(clinician, clinician.professional.id, { availability: "Mondays" });
    expect((await patch(clinician, clinician.professional.id, { availability: null })).json().boundaries.availability).toBeNull();
  });

  it("are refused on a personal persona (400 naming the field) and its public view carries none", async () => {
    for (const payload of [{ acceptsPatientMessages: true }, { availability: "Answers on Tuesdays" }]) {
      const refused = await patch(clinician, clinician.personaId, payload);
      expect(refused.statusCode).toBe(400);
      expect(Object.keys(refused.json().error.fields)).toEqual(Object.keys(payload));
    }
    const view = await publicView(clinician.personaId);
    expect(view.json()).not.toHaveProperty("boundaries");
  });

  it("can be changed only by the persona's owner: for anyone else the persona is a 404", async () => {
    const stranger = await signUp(t);
    const response = await patch(stranger, clinician.anonymous.id, { acceptsPatientMessages: true });
    expect(response.statusCode).toBe(404);
    expect((await publicView(clinician.anonymous.id)).json().boundaries.acceptsPatientMessages).toBe(false);
    const guest = await t.request({ method: "PATCH", url: `/api/v1/personas/${clinician.anonymous.id}`, payload: { acceptsPatientMessages: true } });
    expect(guest.statusCode).toBe(401);
  });

  it("are never carried beside posts, threads lists or search hits", async () => {
    const owner = await signUp(t);
    const community = await createCommunity(t, owner);
    await join(t, clinician, community.slug);
    await patch(clinician, clinician.professional.id, { availability: "Answers on Tuesdays", acceptsPatientMessages: true });
    const started = await t.request({
      method: "POST",
      url: `/api/v1/communities/${community.slug}/spaces/general/threads`,
      token: clinician.token,
      payload: { title: "Breathing exercises lighthouse", body: "What helps you most?", personaId: clinician.professional.id },
    });
    expect(started.statusCode, started.body).toBe(201);
    const responses = [
      await t.request({ method: "GET", url: `/api/v1/threads/${started.json().id}` }),
      await t.request({ method: "GET", url: `/api/v1/communities/${community.slug}/spaces/general/threads` }),
      await t.request({ method: "GET", url: `/api/v1/search?q=lighthouse&community=${community.slug}` }),
    ];
    for (const response of responses) {
      expect(response.statusCode).toBe(200);
      expect(response.body).toContain(clinician.professional.displayName);
      expect(response.body).not.toContain("boundaries");
      expect(response.body).not.toContain("Answers on Tuesdays");
    }
  });
});
