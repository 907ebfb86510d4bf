/**
 * The clinicians' network: started once by an administrator when the host allows it,
 * public to find and read about, joined only by verified clinicians, with spaces only
 * for them, some paired with a patient community (the "dumbbell").
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test/helpers/test-app.ts";
import { createCommunity, join, signUp, type Member } from "../../test/helpers/factories.ts";
import { newBrowser } from "../../test/helpers/browser-form.ts";
import { pendingClinician, signedInAdmin, verifiedClinician } from "../../test/helpers/clinician-fixtures.ts";
import { ClinicianNetworkService } from "./clinician-network.service.ts";

const NETWORK = "clinicians-network";

let t: TestApp;
let admin: Member;

beforeAll(async () => {
  t = await createTestApp({ env: { HEARTH_CLINICIAN_NETWORK: "1" } });
  admin = await signedInAdmin(t);
});
afterAll(async () => t?.close());

const start = (token?: string) => t.request({ method: "POST", url: "/api/v1/admin/clinician-network", ...(token ? { token } : {}) });

function addSpace(token: string, slug: string, body: Record<string, unknown>) {
  return t.request({ method: "POST", url: `/api/v1/communities/${slug}/spaces`, token, payload: { name: "Respiratory", ...body } });
}

describe("starting the clinicians' network", () => {
  it("is for administrators only, and only when the host turned it on", async () => {
    expect((await start()).statusCode).toBe(401);
    const member = await signUp(t);
    const notAdmin = await start(member.token);
    expect(notAdmin.statusCode).toBe(403);

    // The same use case on a server whose host left HEARTH_CLINICIAN_NETWORK off.
    const off = new ClinicianNetworkService(t.database.db, t.services.events, t.services.communities, false);
    const adminViewer = await t.services.accounts.viewerForAccount(admin.id);
    await expect(off.enable(adminViewer)).rejects.toMatchObject({ status: 404, message: expect.stringContaining("HEARTH_CLINICIAN_NETWORK=1") });
    const status = await t.request({ method: "GET", url: "/api/v1/clinician-network" });
    expect(status.json()).toEqual({ enabled: true, network: null });
  });

  it("creates one public community of kind clinician_network whose spaces only verified clinicians can read, and refuses a second", async () => {
    const created = await start(admin.token);
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({
      slug: NETWORK,
      name: "Clinicians' network",
      visibility: "public",
      kind: "clinician_network",
      myMembership: { role: "owner", status: "member" },
    });
    // The administrator runs it but is not a clinician, so cannot read its spaces.
    expect(created.json().spaces).toEqual([]);

    const again = await start(admin.token);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe("clinician_network_exists");

    const asGuest = await t.request({ method: "GET", url: `/api/v1/communities/${NETWORK}` });
    expect(asGuest.statusCode).toBe(200);
    expect(asGuest.json().charter.dataUse).toContain("only by verified clinicians");
    expect(asGuest.json().spaces).toEqual([]);
    const listed = await t.request({ method: "GET", url: "/api/v1/communities?limit=100" });
    expect(listed.json().items.map((c: { slug: string }) => c.slug)).toContain(NETWORK);

    const clinician = await verifiedClinician(t, admin);
    const seen = await t.request({ method: "GET", url: `/api/v1/communities/${NETWORK}`, token: clinician.token });
    expect(seen.json().spaces).toEqual([expect.objectContaining({ slug: "general", visibility: "clinicians", audience: "Only verified clinicians can read this." })]);
    expect((await t.request({ method: "GET", url: "/api/v1/clinician-network" })).json()).toEqual({ enabled: true, network: { slug: NETWORK, name: "Clinicians' network" } });
  });

  it("keeps the address for itself: nobody can start an ordinary community at clinicians-network", async () => {
    const member = await signUp(t);
    const response = await t.request({
      method: "POST",
      url: "/api/v1/communities",
      token: member.token,
      payload: { slug: NETWORK, name: "Not the network", purpose: "Squatting.", visibility: "public", charter: { conditions: [], rules: [], funding: "x", businessModel: "x", dataUse: "x", conflictsOfInterest: "x" } },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.fields).toHaveProperty("slug");
  });
});

describe("joining and running the network", () => {
  it("lets only verified clinicians join; others are told why", async () => {
    for (const person of [await signUp(t), await pendingClinician(t)]) {
      const refused = await t.request({ method: "POST", url: `/api/v1/communities/${NETWORK}/members`, token: person.token });
      expect(refused.statusCode).toBe(403);
      expect(refused.json().error.message).toContain("Only verified clinicians can join");
      const me = (await t.request({ method: "GET", url: "/api/v1/me", token: person.token })).json();
      expect(me.memberships.map((m: { slug: string }) => m.slug)).not.toContain(NETWORK);
    }
    const clinician = await verifiedClinician(t, admin);
    expect(await join(t, clinician, NETWORK)).toEqual({ status: "member" });
  });

  it("refuses a space that is not for clinicians, and stays public", async () => {
    const members = await addSpace(admin.token, NETWORK, { slug: "members-chat", visibility: "members" });
    expect(members.statusCode).toBe(400);
    expect(members.json().error.fields).toHaveProperty("visibility");
    const publicSpace = await addSpace(admin.token, NETWORK, { slug: "open-chat", visibility: "public" });
    expect(publicSpace.statusCode).toBe(400);

    const hide = await t.request({ method: "PATCH", url: `/api/v1/communities/${NETWORK}`, token: admin.token, payload: { visibility: "members" } });
    expect(hide.statusCode).toBe(400);
    expect(hide.json().error.fields).toHaveProperty("visibility");
    expect((await t.request({ method: "GET", url: `/api/v1/communities/${NETWORK}` })).json().visibility).toBe("public");
  });
});

describe("the dumbbell: a network space paired with a patient community", () => {
  it("pairs a clinicians' space with a patient community, whose page points to it while non-clinicians get a 404 there", async () => {
    const patientOwner = await signUp(t);
    const patients = await createCommunity(t, patientOwner, { name: "Living with bronchiectasis" });
    const paired = await addSpace(admin.token, NETWORK, { slug: "supporting-bronchiectasis", name: "Supporting bronchiectasis", visibility: "clinicians", pairedCommunity: patients.slug });
    expect(paired.statusCode, paired.body).toBe(201);
    expect(paired.json()).toMatchObject({ visibility: "clinicians", pairedCommunity: { slug: patients.slug, name: "Living with bronchiectasis" } });

    const patientView = await t.request({ method: "GET", url: `/api/v1/communities/${patients.slug}` });
    expect(patientView.json().pairedClinicianSpaces).toEqual([
      { community: { slug: NETWORK, name: "Clinicians' network" }, space: { slug: "supporting-bronchiectasis", name: "Supporting bronchiectasis" }, audience: "Only verified clinicians can read this." },
    ]);

    const guestPage = await (await newBrowser(t)).get(`/c/${patients.slug}`);
    expect(guestPage.body).toContain("Clinicians who support this community talk in");
    expect(guestPage.body).toContain(`href="/c/${NETWORK}/s/supporting-bronchiectasis"`);

    const patient = await signUp(t);
    await join(t, patient, patients.slug);
    for (const token of [undefined, patient.token]) {
      const api = await t.request({ method: "GET", url: `/api/v1/communities/${NETWORK}/spaces/supporting-bronchiectasis/threads`, ...(token ? { token } : {}) });
      expect(api.statusCode).toBe(404);
    }
    const page = await (await newBrowser(t, patient)).get(`/c/${NETWORK}/s/supporting-bronchiectasis`);
    expect(page.statusCode).toBe(404);

    const clinician = await verifiedClinician(t, admin);
    const read = await t.request({ method: "GET", url: `/api/v1/communities/${NETWORK}/spaces/supporting-bronchiectasis/threads`, token: clinician.token });
    expect(read.statusCode).toBe(200);
    const listed = (await t.request({ method: "GET", url: `/api/v1/communities/${NETWORK}/spaces`, token: clinician.token })).json();
    expect(listed.items.find((s: { slug: string }) => s.slug === "supporting-bronchiectasis").pairedCommunity).toEqual({ slug: patients.slug, name: "Living with bronchiectasis" });
  });

  it("pairs only network spaces, only with a community anyone can find, and writes nothing when refused", async () => {
    const owner = await signUp(t);
    const ordinary = await createCommunity(t, owner);
    const hidden = await createCommunity(t, owner, { visibility: "hidden" });
    const outside = await addSpace(owner.token, ordinary.slug, { slug: "paired-outside", visibility: "clinicians", pairedCommunity: hidden.slug });
    expect(outside.statusCode).toBe(400);
    expect(outside.json().error.fields).toHaveProperty("pairedCommunity");

    for (const target of [hidden.slug, "no-such-community", NETWORK]) {
      const refused = await addSpace(admin.token, NETWORK, { slug: "paired-badly", visibility: "clinicians", pairedCommunity: target });
      expect(refused.statusCode, target).toBe(400);
      expect(refused.json().error.fields).toHaveProperty("pairedCommunity");
    }
    const clinician = await verifiedClinician(t, admin);
    const spaces = (await t.request({ method: "GET", url: `/api/v1/communities/${NETWORK}/spaces`, token: clinician.token })).json().items.map((s: { slug: string }) => s.slug);
    expect(spaces).not.toContain("paired-badly");
    expect((await t.request({ method: "GET", url: `/api/v1/communities/${hidden.slug}`, token: owner.token })).json().pairedClinicianSpaces).toBeUndefined();
  });

  it("lets only the network's managers add paired spaces", async () => {
    const clinician = await verifiedClinician(t, admin);
    await join(t, clinician, NETWORK);
    const owner = await signUp(t);
    const patients = await createCommunity(t, owner);
    const response = await addSpace(clinician.token, NETWORK, { slug: "not-mine-to-add", visibility: "clinicians", pairedCommunity: patients.slug });
    expect(response.statusCode).toBe(403);
  });
});
