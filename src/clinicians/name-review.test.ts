/**
 * Verified names stay verified (issue 8, ADR 31): the reviewer sees the name on the
 * register and a link to the register's search; renaming a verified professional persona
 * pauses its badge and sends the name back for review, while the anonymous persona's badge
 * does not move; a name another clinician uses is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test/helpers/test-app.ts";
import { signUp, type Member } from "../../test/helpers/factories.ts";
import { APPLICATION, applyAsClinician, decideApplication, signedInAdmin, verifiedClinician } from "../../test/helpers/clinician-fixtures.ts";

let t: TestApp;
let admin: Member;

beforeAll(async () => {
  t = await createTestApp({ work: true });
  admin = await signedInAdmin(t);
}, 60_000);
afterAll(async () => t?.close());

const persona = async (id: string) => (await t.request({ method: "GET", url: `/api/v1/personas/${id}` })).json() as { capacity: string; capacityLabel: string; displayName: string };
const rename = (member: Member, id: string, displayName: string) => t.request({ method: "PATCH", url: `/api/v1/personas/${id}`, token: member.token, payload: { displayName } });
type Review = { id: string; purpose: string; applicant: { username: string }; registerName: string | null; registerSearchUrl: string | null; professionalPersona: { name: string; awaitingReview: boolean } | null };
const pending = async (): Promise<Review[]> => {
  await t.services.queue.settle();
  return (await t.request({ method: "GET", url: "/api/v1/admin/clinician-verifications?status=pending", token: admin.token })).json().items;
};

describe("the reviewer's view of an application", () => {
  it("shows the name as on the register and links to the register's public search", async () => {
    const applicant = await signUp(t);
    await applyAsClinician(t, applicant, { ...APPLICATION, registerName: "Priya Raman" });
    const review = (await pending()).find((r) => r.applicant.username === applicant.username)!;
    expect(review).toMatchObject({ purpose: "application", registerName: "Priya Raman", registerSearchUrl: "https://www.hcpc-uk.org/check-the-register/" });
    const page = await t.request({ method: "GET", url: "/admin/verifications", headers: { authorization: `Bearer ${admin.token}` } });
    expect(page.body).toContain("Priya Raman");
    expect(page.body).toContain('href="https://www.hcpc-uk.org/check-the-register/"');
  });
});

describe("renaming a verified professional persona", () => {
  it("pauses its badge until a reviewer confirms the name; the anonymous persona's badge does not change; approval shows it again", async () => {
    const clinician = await verifiedClinician(t, admin, { professional: "Dr Sam Okafor" });
    const anonymousBefore = await persona(clinician.anonymous.id);
    expect((await persona(clinician.professional.id)).capacity).toBe("verified_clinician");

    const renamed = await rename(clinician, clinician.professional.id, "Dr Samuel Okafor");
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(await persona(clinician.professional.id)).toMatchObject({ displayName: "Dr Samuel Okafor", capacity: "clinician_unverified" });
    expect(await persona(clinician.anonymous.id)).toEqual(anonymousBefore);
    const page = await t.request({ method: "GET", url: `/personas/${clinician.professional.id}` });
    expect(page.body).toContain("The verified badge is paused until a reviewer confirms the new name.");

    const review = (await pending()).find((r) => r.applicant.username === clinician.username)!;
    expect(review).toMatchObject({ purpose: "name", professionalPersona: { name: "Dr Samuel Okafor", awaitingReview: true } });
    // Another rename while it waits opens no second review.
    expect((await rename(clinician, clinician.professional.id, "Dr S. Okafor")).statusCode).toBe(200);
    expect((await pending()).filter((r) => r.applicant.username === clinician.username)).toHaveLength(1);

    await decideApplication(t, admin, review.id, "approve");
    expect((await persona(clinician.professional.id)).capacity).toBe("verified_clinician");
    expect(await persona(clinician.anonymous.id)).toEqual(anonymousBefore);
    expect((await t.request({ method: "GET", url: `/personas/${clinician.professional.id}` })).body).not.toContain("badge is paused");

    await t.services.queue.settle();
    const told = (await t.request({ method: "GET", url: "/api/v1/notifications", token: clinician.token })).json().items as { kind: string }[];
    expect(told.map((n) => n.kind)).toContain("name_approved");
  });

  it("a rejected name keeps the badge paused and tells the clinician why", async () => {
    const clinician = await verifiedClinician(t, admin, { anonymous: false });
    expect((await rename(clinician, clinician.professional.id, "Nurse Lee")).statusCode).toBe(200);
    const review = (await pending()).find((r) => r.applicant.username === clinician.username)!;
    await decideApplication(t, admin, review.id, "reject", "The register lists a different name.");
    expect((await persona(clinician.professional.id)).capacity).toBe("clinician_unverified");
    await t.services.queue.settle();
    const told = (await t.request({ method: "GET", url: "/api/v1/notifications", token: clinician.token })).json().items as { kind: string; reason: string }[];
    expect(told.find((n) => n.kind === "name_rejected")).toMatchObject({ reason: "The register lists a different name." });
  });

  it("a personal persona's rename changes no badge and opens no review", async () => {
    const member = await signUp(t);
    expect((await rename(member, member.personaId, `Someone ${member.username.slice(2)}`)).statusCode).toBe(200);
    expect((await pending()).filter((r) => r.applicant.username === member.username)).toEqual([]);
  });
});

describe("a name that imitates a verified clinician", () => {
  it("is refused, whatever the case or spacing, with nothing changed; the clinician's own account may use it", async () => {
    await verifiedClinician(t, admin, { professional: "Dr Ada Nwosu", anonymous: false });
    const imitator = await signUp(t);
    const refused = await rename(imitator, imitator.personaId, "dr  ada NWOSU");
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.fields.displayName).toBe("a verified clinician on Hearth already uses this name; choose another");
    expect((await persona(imitator.personaId)).displayName).toBe(imitator.displayName);
  });
});
