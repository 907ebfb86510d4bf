/**
 * The verification pages as a browser uses them: applying at /settings/clinician,
 * reviewing at /admin/verifications, and starting and finding the clinicians'
 * network.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test/helpers/test-app.ts";
import { createCommunity, signUp, type Member } from "../../test/helpers/factories.ts";
import { newBrowser } from "../../test/helpers/browser-form.ts";
import { signedInAdmin, verifiedClinician } from "../../test/helpers/clinician-fixtures.ts";

let t: TestApp;
let admin: Member;

beforeAll(async () => {
  t = await createTestApp({ env: { HEARTH_CLINICIAN_NETWORK: "1" } });
  admin = await signedInAdmin(t);
});
afterAll(async () => t?.close());

const APPLICATION = { registerName: "Alex Morgan", profession: "Nurse", register: "NMC", registrationNumber: "12 a3456 e", specialty: "Respiratory nurse", evidence: "Ward 7, St Elsewhere" };

const applicationsOf = async (member: Member) =>
  (await t.request({ method: "GET", url: "/api/v1/clinician-verifications", token: member.token })).json().items as { id: string; status: string }[];

describe("/settings/clinician", () => {
  it("sends a guest to sign in, at both the application and the review pages", async () => {
    const guest = await newBrowser(t);
    expect((await guest.get("/settings/clinician")).headers.location).toBe("/signin?next=%2Fsettings%2Fclinician");
    expect((await guest.get("/admin/verifications")).headers.location).toBe("/signin?next=%2Fadmin%2Fverifications");
  });

  it("offers each register with the shape of its numbers, and turns down a number that cannot be on it, keeping what was typed", async () => {
    const member = await signUp(t);
    const browser = await newBrowser(t, member);
    const form = await browser.get("/settings/clinician");
    expect(form.statusCode).toBe(200);
    for (const register of ["GMC", "NMC", "HCPC", "GDC", "GPhC", "other"]) expect(form.body).toContain(`value="${register}"`);
    expect(form.body).toContain("Number: 7 digits, such as 1234567.");
    expect(form.body).toContain("Number: a PIN such as 12A3456E.");

    const noRegister = await browser.post("/settings/clinician", { ...APPLICATION, register: "" });
    expect(noRegister.statusCode).toBe(400);
    expect(noRegister.body).toContain('id="field-register-error"');

    // The name on the register is asked for, so the reviewer can find the entry (issue 8).
    expect(form.body).toContain("Your name as it appears on the register");
    const noName = await browser.post("/settings/clinician", { ...APPLICATION, registerName: "" });
    expect(noName.statusCode).toBe(400);
    expect(noName.body).toContain("Enter your name as it appears on the register.");

    const badNumber = await browser.post("/settings/clinician", { ...APPLICATION, register: "GMC", registrationNumber: "12" });
    expect(badNumber.statusCode).toBe(400);
    expect(badNumber.body).toContain('id="field-registrationNumber-error"');
    expect(badNumber.body).toContain("7 digits, such as 1234567");
    expect(badNumber.body).toContain('value="Respiratory nurse"');
    expect(await applicationsOf(member)).toEqual([]);
  });

  it("takes an application, which an administrator rejects with a reason and then approves, each shown to the applicant", async () => {
    const member = await signUp(t);
    const browser = await newBrowser(t, member);
    await browser.get("/settings/clinician");
    const applied = await browser.post("/settings/clinician", APPLICATION);
    expect(applied.statusCode, applied.body).toBe(303);
    const waiting = await browser.get(applied.headers.location as string);
    expect(waiting.body).toContain("Your application is waiting for review.");
    expect(waiting.body).toContain("12A3456E");
    expect(waiting.body).not.toContain("Send my application");
    const [first] = await applicationsOf(member);

    const reviewer = await newBrowser(t, admin);
    const queue = await reviewer.get("/admin/verifications");
    expect(queue.statusCode).toBe(200);
    expect(queue.body).toContain(member.username);
    expect(queue.body).toContain("Ward 7, St Elsewhere");

    const noReason = await reviewer.post(`/admin/verifications/${first!.id}`, { decision: "reject", reason: "" });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.body).toContain(`id="reason-${first!.id}-error"`);
    expect((await applicationsOf(member))[0]!.status).toBe("pending");

    const rejected = await reviewer.post(`/admin/verifications/${first!.id}`, { decision: "reject", reason: "The register shows a different name." });
    expect(rejected.statusCode, rejected.body).toBe(303);
    const told = await browser.get("/settings/clinician");
    expect(told.body).toContain("Not approved");
    expect(told.body).toContain("The register shows a different name.");
    expect(told.body).toContain("Send my application");

    await browser.post("/settings/clinician", APPLICATION);
    const [second] = await applicationsOf(member);
    const approved = await reviewer.post(`/admin/verifications/${second!.id}`, { decision: "approve", reason: "" });
    expect(approved.statusCode, approved.body).toBe(303);
    const verified = await browser.get("/settings/clinician");
    expect(verified.body).toContain("You are a verified clinician until");
    expect(verified.body).toContain("Re-verification date");
    expect(verified.body).toContain("Renew your verification");
    const approvedTab = await reviewer.get("/admin/verifications?status=approved");
    expect(approvedTab.body).toContain(member.username);
  });
});

describe("/admin/verifications", () => {
  it("is closed to members who do not review, and a decision on a missing application is a 404", async () => {
    const member = await signUp(t);
    const applicant = await signUp(t);
    const applying = await newBrowser(t, applicant);
    await applying.get("/settings/clinician");
    expect((await applying.post("/settings/clinician", APPLICATION)).statusCode).toBe(303);
    const [application] = await applicationsOf(applicant);
    const browser = await newBrowser(t, member);
    await browser.get("/settings/clinician");
    expect((await browser.get("/admin/verifications")).statusCode).toBe(403);
    expect((await browser.post(`/admin/verifications/${application!.id}`, { decision: "approve" })).statusCode).toBe(403);
    expect((await applicationsOf(applicant))[0]!.status).toBe("pending");
    const reviewer = await newBrowser(t, admin);
    await reviewer.get("/admin/verifications");
    expect((await reviewer.post("/admin/verifications/AAAAAAAAAAAAAAAA", { decision: "approve" })).statusCode).toBe(404);
  });

  it("lets a delegated verifier review others but not themselves, and shows the network only to administrators", async () => {
    const verifier = await signUp(t);
    await t.request({ method: "PUT", url: `/api/v1/admin/verifiers/${verifier.username}`, token: admin.token, payload: { verifier: true } });
    const browser = await newBrowser(t, verifier);
    await browser.get("/settings/clinician");
    expect((await browser.post("/settings/clinician", APPLICATION)).statusCode).toBe(303);
    const [own] = await applicationsOf(verifier);
    const page = await browser.get("/admin/verifications");
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('href="/admin/verifications"');
    expect(page.body).not.toContain("Clinicians' network</h2>");
    const self = await browser.post(`/admin/verifications/${own!.id}`, { decision: "approve" });
    expect(self.statusCode).toBe(403);
    expect(self.body).toContain("Someone else must review your own application.");
  });
});

describe("starting and finding the clinicians' network", () => {
  it("is one button for an administrator; the network's page then tells non-clinicians it is not for them", async () => {
    const reviewer = await newBrowser(t, admin);
    const before = await reviewer.get("/admin/verifications");
    expect(before.body).toContain("Start the clinicians' network");
    const started = await reviewer.post("/admin/clinician-network", {});
    expect(started.statusCode, started.body).toBe(303);
    expect(started.headers.location).toBe("/c/clinicians-network");
    expect((await reviewer.get("/admin/verifications")).body).toContain("The clinicians' network is running");
    const again = await reviewer.post("/admin/clinician-network", {});
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain("already has a clinicians' network");

    const member = await newBrowser(t, await signUp(t));
    const asMember = await member.get("/c/clinicians-network");
    expect(asMember.statusCode).toBe(200);
    expect(asMember.body).toContain("Only verified clinicians can join this network");
    expect(asMember.body).not.toContain("Join this community");
    expect(asMember.body).toContain("What is written here is only for verified clinicians.");
    const refused = await member.post("/c/clinicians-network/join", {});
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain("Only verified clinicians can join the clinicians' network.");

    const clinician = await newBrowser(t, await verifiedClinician(t, admin));
    const asClinician = await clinician.get("/c/clinicians-network");
    expect(asClinician.body).toContain("Join this community");
    expect((await clinician.post("/c/clinicians-network/join", {})).statusCode).toBe(303);
  });

  it("adds a paired space with the space form, offering only spaces for clinicians", async () => {
    const owner = await signUp(t);
    const patients = await createCommunity(t, owner, { name: "Breathe easy together" });
    const reviewer = await newBrowser(t, admin);
    const form = await reviewer.get("/c/clinicians-network/spaces/new");
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('value="clinicians"');
    expect(form.body).not.toContain('value="members"');
    expect(form.body).toContain('name="pairedCommunity"');
    const wrong = await reviewer.post("/c/clinicians-network/spaces/new", { name: "Nowhere", slug: "nowhere", visibility: "clinicians", pairedCommunity: "no-such-place" });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('id="field-pairedCommunity-error"');
    const added = await reviewer.post("/c/clinicians-network/spaces/new", { name: "Supporting Breathe easy", slug: "breathe-easy", visibility: "clinicians", pairedCommunity: patients.slug });
    expect(added.statusCode, added.body).toBe(303);
    const patientPage = await (await newBrowser(t)).get(`/c/${patients.slug}`);
    expect(patientPage.body).toMatch(/Clinicians who support this community talk in <a href="\/c\/clinicians-network\/s\/breathe-easy">Supporting Breathe easy<\/a> \(clinicians only\)/);
  });
});
