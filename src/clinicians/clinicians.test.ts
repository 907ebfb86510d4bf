import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test/helpers/test-app.ts";
import { signUp, type Member } from "../../test/helpers/factories.ts";
import { signedInAdmin } from "../../test/helpers/clinician-fixtures.ts";

let t: TestApp;
let admin: Member;

beforeAll(async () => {
  t = await createTestApp();
  admin = await signedInAdmin(t);
});
afterAll(async () => t?.close());

const application = { profession: "Nurse", register: "NMC", registrationNumber: "12a3456e", specialty: "Respiratory nurse" };

async function apply(member: Member, body: object = application) {
  return t.request({ method: "POST", url: "/api/v1/clinician-verifications", token: member.token, payload: body });
}

describe("clinician verification", () => {
  it("takes an application, which an administrator approves for a year", async () => {
    const clinician = await signUp(t);
    const applied = await apply(clinician);
    expect(applied.statusCode, applied.body).toBe(201);
    expect(applied.json()).toMatchObject({ status: "pending", registrationNumber: "12A3456E" });

    const queue = await t.request({ method: "GET", url: "/api/v1/admin/clinician-verifications?status=pending", token: admin.token });
    expect(queue.json().items.map((i: { id: string }) => i.id)).toContain(applied.json().id);

    const decided = await t.request({
      method: "POST",
      url: `/api/v1/admin/clinician-verifications/${applied.json().id}/decision`,
      token: admin.token,
      payload: { decision: "approve" },
    });
    expect(decided.statusCode, decided.body).toBe(200);
    expect(decided.json().status).toBe("approved");
    const days = (Date.parse(decided.json().expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(364);

    const me = await t.request({ method: "GET", url: "/api/v1/me", token: clinician.token });
    expect(me.json().roles).toContain("verified_clinician");
  });

  it("refuses a second application while one waits, and a number that cannot be on the register", async () => {
    const clinician = await signUp(t);
    expect((await apply(clinician)).statusCode).toBe(201);
    const twice = await apply(clinician);
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.code).toBe("already_pending");

    const other = await signUp(t);
    const bad = await apply(other, { ...application, register: "GMC", registrationNumber: "12" });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields).toHaveProperty("registrationNumber");
    const mine = await t.request({ method: "GET", url: "/api/v1/clinician-verifications", token: other.token });
    expect(mine.json().items).toEqual([]);
  });

  it("cannot decide twice, needs a reason to reject, and is closed to members who are not verifiers", async () => {
    const clinician = await signUp(t);
    const id = (await apply(clinician)).json().id;
    const noReason = await t.request({ method: "POST", url: `/api/v1/admin/clinician-verifications/${id}/decision`, token: admin.token, payload: { decision: "reject" } });
    expect(noReason.statusCode).toBe(400);
    const member = await signUp(t);
    const notAllowed = await t.request({ method: "POST", url: `/api/v1/admin/clinician-verifications/${id}/decision`, token: member.token, payload: { decision: "approve" } });
    expect(notAllowed.statusCode).toBe(403);
    const rejected = await t.request({
      method: "POST",
      url: `/api/v1/admin/clinician-verifications/${id}/decision`,
      token: admin.token,
      payload: { decision: "reject", reason: "The register shows a different name." },
    });
    expect(rejected.json()).toMatchObject({ status: "rejected", reason: "The register shows a different name." });
    const again = await t.request({ method: "POST", url: `/api/v1/admin/clinician-verifications/${id}/decision`, token: admin.token, payload: { decision: "approve" } });
    expect(again.statusCode).toBe(409);
    const me = await t.request({ method: "GET", url: "/api/v1/me", token: clinician.token });
    expect(me.json().roles).not.toContain("verified_clinician");
  });

  it("lets a delegated verifier review, but never their own application", async () => {
    const verifier = await signUp(t);
    const delegated = await t.request({ method: "PUT", url: `/api/v1/admin/verifiers/${verifier.username}`, token: admin.token, payload: { verifier: true } });
    expect(delegated.statusCode).toBe(204);
    const own = (await apply(verifier)).json().id;
    const self = await t.request({ method: "POST", url: `/api/v1/admin/clinician-verifications/${own}/decision`, token: verifier.token, payload: { decision: "approve" } });
    expect(self.statusCode).toBe(403);
    const clinician = await signUp(t);
    const theirs = (await apply(clinician)).json().id;
    const ok = await t.request({ method: "POST", url: `/api/v1/admin/clinician-verifications/${theirs}/decision`, token: verifier.token, payload: { decision: "approve" } });
    expect(ok.statusCode).toBe(200);
  });
});

describe("clinician personas", () => {
  it("needs a current verification, and an anonymous one shows only a generated name and the capacity its owner chose, never the verified specialty", async () => {
    const clinician = await signUp(t);
    const early = await t.request({ method: "POST", url: "/api/v1/personas", token: clinician.token, payload: { kind: "anonymous_professional" } });
    expect(early.statusCode).toBe(403);

    const id = (await apply(clinician)).json().id;
    await t.request({ method: "POST", url: `/api/v1/admin/clinician-verifications/${id}/decision`, token: admin.token, payload: { decision: "approve" } });
    // The capacity is a vocabulary key, for the anonymous persona only, and never one that repeats the verification's words.
    const post = (payload: object) => t.request({ method: "POST", url: "/api/v1/personas", token: clinician.token, payload });
    for (const [payload, field] of [
      [{ kind: "anonymous_professional", capacity: "Respiratory nurse" }, "capacity"],
      [{ kind: "anonymous_professional", capacity: "respiratory" }, "capacity"],
      [{ kind: "professional", displayName: "Dr Named", capacity: "nursing" }, "capacity"],
    ] as const) {
      const refused = await post(payload);
      expect(refused.statusCode, refused.body).toBe(400);
      expect(Object.keys(refused.json().error.fields ?? {})).toContain(field);
    }
    const created = await post({ kind: "anonymous_professional", capacity: "nursing" });
    expect(created.statusCode, created.body).toBe(201);
    const persona = created.json();
    expect(persona.displayName).toMatch(/^Clinician [0-9A-Z]{5}$/);
    expect(persona.capacityLabel).toBe("Verified clinician, anonymous · Nursing");
    expect(persona).toMatchObject({ specialty: null, chosenCapacity: "nursing" });

    const seen = await t.request({ method: "GET", url: `/api/v1/personas/${persona.id}` });
    expect(seen.statusCode).toBe(200);
    // The public view of a clinician persona also states its boundaries (src/personas/boundaries.test.ts); nothing of the account.
    expect(Object.keys(seen.json()).sort()).toEqual(["boundaries", "capacity", "capacityLabel", "displayName", "id", "kind"]);
    expect(seen.body).not.toContain(clinician.username);
    expect(seen.body).not.toContain(clinician.id);

    const mine = await t.request({ method: "GET", url: "/api/v1/personas", token: clinician.token });
    expect(mine.json().items.map((p: { kind: string }) => p.kind)).toEqual(["personal", "anonymous_professional"]);
  });
});

describe("a clinician application's refusals in the reader's language", () => {
  it("tells a Welsh reader in Welsh what is wrong with each field, with the same code, and an English reader word for word as before", async () => {
    const member = await signUp(t);
    const payload = { ...application, profession: " ", register: "GMC", registrationNumber: "12" };
    const welsh = await t.request({ method: "POST", url: "/api/v1/clinician-verifications", token: member.token, payload, headers: { "accept-language": "cy" } });
    const english = await t.request({ method: "POST", url: "/api/v1/clinician-verifications", token: member.token, payload });
    expect(welsh.statusCode).toBe(400);
    expect(welsh.json().error.code).toBe(english.json().error.code);
    expect(english.json().error.fields).toMatchObject({
      profession: "enter your profession, for example nurse or physiotherapist",
      registrationNumber: "that is not a General Medical Council number: expected 7 digits, such as 1234567",
    });
    expect(welsh.json().error.fields).toMatchObject({
      profession: "rhowch eich proffesiwn, er enghraifft nyrs neu ffisiotherapydd",
      registrationNumber: "nid yw hwnnw'n rhif y Cyngor Meddygol Cyffredinol: disgwylir 7 digid, fel 1234567",
    });
  });
});
