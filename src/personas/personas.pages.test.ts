/**
 * The persona pages as a browser uses them: the person's own list and forms
 * (/settings/personas), the public page of one persona (/personas/:id), links to it
 * from threads and search, and the persona choice in the composers.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test/helpers/test-app.ts";
import { createCommunity, createSpace, join, signUp, startThread, type Member } from "../../test/helpers/factories.ts";
import { newBrowser } from "../../test/helpers/browser-form.ts";
import { NURSE_APPLICATION, signedInAdmin, verifiedClinician, type VerifiedClinician } from "../../test/helpers/clinician-fixtures.ts";

let t: TestApp;
let admin: Member;

beforeAll(async () => {
  t = await createTestApp();
  admin = await signedInAdmin(t);
});
afterAll(async () => t?.close());

const heading = (html: string) => {
  const all = [...html.matchAll(/<h1[^>]*>([\s\S]*?)<\/h1>/g)];
  expect(all).toHaveLength(1);
  return all[0]![1]!.replace(/<[^>]+>/g, "");
};

/** Every /personas/:id a page links to. */
const personaLinks = (html: string) => [...html.matchAll(/href="\/personas\/([^"#?]+)"/g)].map((m) => m[1]);

/** The id of the checked radio of the persona picker. */
const checkedPersona = (html: string) => html.match(/<input type="radio" name="personaId" value="([^"]+)" checked/)?.[1];

const personasOf = async (member: Member) =>
  (await t.request({ method: "GET", url: "/api/v1/personas", token: member.token })).json().items as { id: string; kind: string; displayName: string; capacity: string }[];

describe("/settings/personas", () => {
  it("sends a guest to sign in", async () => {
    const page = await (await newBrowser(t)).get("/settings/personas");
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toBe("/signin?next=%2Fsettings%2Fpersonas");
  });

  it("lists a member's personas, says nobody else can tell they belong together, and points an unverified member to verification", async () => {
    const member = await signUp(t);
    const page = await (await newBrowser(t, member)).get("/settings/personas");
    expect(page.statusCode).toBe(200);
    expect(heading(page.body)).toBe("How you appear");
    expect(page.body).toContain(member.username);
    expect(page.body).toContain("Other people cannot see which personas belong together.");
    expect(page.body).toContain('href="/settings/clinician"');
    expect(page.body).not.toContain("Add a professional persona");
    expect(page.body).not.toContain("Add an anonymous clinician persona");
  });

  it("adds a personal persona who looks after someone, and shows the form again with the problem when the name is missing", async () => {
    const member = await signUp(t);
    const browser = await newBrowser(t, member);
    await browser.get("/settings/personas");
    const empty = await browser.post("/settings/personas/personal", { personalName: "  ", carer: "yes" });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('id="field-personalName-error"');
    expect(empty.body).toMatch(/<input[^>]*id="field-carer"[^>]*checked/);
    expect(await personasOf(member)).toHaveLength(1);

    const added = await browser.post("/settings/personas/personal", { personalName: "Night owl", carer: "yes" });
    expect(added.statusCode, added.body).toBe(303);
    expect(added.headers.location).toMatch(/^\/settings\/personas\?notice=added#persona-/);
    const list = await browser.get(added.headers.location as string);
    expect(list.body).toContain("Your new persona is ready.");
    expect(list.body).toContain("Night owl");
    const nightOwl = (await personasOf(member)).find((p) => p.displayName === "Night owl");
    expect(nightOwl?.capacity).toBe("carer");
  });

  it("renames a personal persona on its own page, and treats another person's persona as missing", async () => {
    const member = await signUp(t);
    const browser = await newBrowser(t, member);
    const edit = await browser.get(`/settings/personas/${member.personaId}`);
    expect(edit.statusCode).toBe(200);
    expect(edit.body).not.toContain("Boundaries");
    const saved = await browser.post(`/settings/personas/${member.personaId}`, { displayName: "Morning person" });
    expect(saved.statusCode, saved.body).toBe(303);
    expect((await personasOf(member))[0]!.displayName).toBe("Morning person");

    const stranger = await newBrowser(t, await signUp(t));
    expect((await stranger.get(`/settings/personas/${member.personaId}`)).statusCode).toBe(404);
    expect((await stranger.post(`/settings/personas/${member.personaId}`, { displayName: "Taken over" })).statusCode).toBe(404);
    expect((await personasOf(member))[0]!.displayName).toBe("Morning person");
  });

  it("lets a verified clinician add an anonymous clinician persona and set its boundaries", async () => {
    const clinician = await verifiedClinician(t, admin, { application: NURSE_APPLICATION, professional: false, anonymous: false });
    const browser = await newBrowser(t, clinician);
    const list = await browser.get("/settings/personas");
    expect(list.body).toContain("Add a professional persona");
    // The named persona shows the verified specialty; the anonymous one offers only the vocabulary (ADR 20).
    expect(list.body).toContain("Verified clinician · Respiratory nurse");
    expect(list.body).not.toContain("anonymous · Respiratory");
    expect(list.body).toContain('<input type="radio" id="field-capacity-nursing" name="capacity" value="nursing"/>');

    // A capacity that repeats the specialty's words is refused, with the form shown again.
    const echoing = await browser.post("/settings/personas/anonymous", { capacity: "respiratory" });
    expect(echoing.statusCode).toBe(400);
    expect(echoing.body).toContain('id="field-capacity-error"');
    expect((await personasOf(clinician)).some((p) => p.kind === "anonymous_professional")).toBe(false);

    const added = await browser.post("/settings/personas/anonymous", { capacity: "nursing" });
    expect(added.statusCode, added.body).toBe(303);
    const anonymous = (await personasOf(clinician)).find((p) => p.kind === "anonymous_professional")!;
    expect(anonymous.displayName).toMatch(/^Clinician [0-9A-Z]{5}$/);
    expect((await t.request({ method: "GET", url: `/api/v1/personas/${anonymous.id}` })).json().capacityLabel).toBe("Verified clinician, anonymous · Nursing");
    expect((await browser.get("/settings/personas")).body).not.toContain("Add an anonymous clinician persona");

    const edit = await browser.get(`/settings/personas/${anonymous.id}`);
    expect(edit.body).toContain("It cannot be changed.");
    // No "patients can message you" choice until Hearth has messages (issue 8).
    expect(edit.body).not.toContain('name="acceptsPatientMessages"');
    expect(edit.body).not.toContain("message you");
    expect(edit.body).not.toContain('name="displayName"');
    const tooLong = await browser.post(`/settings/personas/${anonymous.id}`, { availability: "x".repeat(201) });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.body).toContain('id="field-availability-error"');
    expect(edit.body).toContain('id="field-capacity-nursing" name="capacity" value="nursing" checked');
    // A field the form no longer has changes nothing, even if sent.
    const saved = await browser.post(`/settings/personas/${anonymous.id}`, { acceptsPatientMessages: "yes", availability: "Answers on Tuesdays", capacity: "" });
    expect(saved.statusCode, saved.body).toBe(303);
    const view = (await t.request({ method: "GET", url: `/api/v1/personas/${anonymous.id}` })).json();
    expect(view.boundaries).toEqual({ acceptsPatientMessages: false, availability: "Answers on Tuesdays" });
    expect(view.capacityLabel).toBe("Verified clinician, anonymous");
  });
});

describe("/personas/:id, the page others see", () => {
  let clinician: VerifiedClinician;
  beforeAll(async () => {
    clinician = await verifiedClinician(t, admin, { professional: "Dr Imogen Hale", capacity: "allied_health" });
    await t.request({ method: "PATCH", url: `/api/v1/personas/${clinician.anonymous.id}`, token: clinician.token, payload: { availability: "Weekday evenings" } });
  });

  it("shows an anonymous clinician's badge, chosen field, boundaries and the separation statement, and nothing of the person's other personas", async () => {
    const page = await (await newBrowser(t)).get(`/personas/${clinician.anonymous.id}`);
    expect(page.statusCode).toBe(200);
    expect(heading(page.body)).toBe(clinician.anonymous.displayName);
    expect(page.body).toContain('class="badge badge-verified_clinician_anonymous"');
    expect(page.body).toContain("Verified clinician, anonymous · Allied health");
    expect(page.body).toContain("<dt>Field</dt><dd>Allied health</dd>");
    // The verified specialty is the named persona's, never the anonymous one's (ADR 20).
    expect(page.body).not.toContain("Respiratory");
    expect(page.body).not.toContain("Patients cannot message"); // hidden until messaging exists (issue 8)
    expect(page.body).toContain("Weekday evenings");
    expect(page.body).toContain("Personal and professional lives are kept apart");
    const named = await (await newBrowser(t)).get(`/personas/${clinician.professional.id}`);
    expect(named.body).toContain("<dt>Specialty</dt><dd>Respiratory physiotherapy</dd>");
    expect(named.body).not.toContain("Allied health");
    for (const secret of [clinician.username, clinician.id, clinician.personaId, clinician.professional.id, "Dr Imogen Hale"]) {
      expect(page.body).not.toContain(secret);
    }
    expect(personaLinks(page.body)).toEqual([]);
  });

  it("shows a personal persona without boundaries or a specialty", async () => {
    const page = await (await newBrowser(t)).get(`/personas/${clinician.personaId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("writes here as themselves");
    expect(page.body).not.toContain("Boundaries");
    expect(page.body).not.toContain("Specialty");
    expect(page.body).not.toContain("Respiratory");
    expect(page.body).not.toContain(clinician.anonymous.displayName);
  });

  it("is a 404 for an id that is not a persona", async () => {
    for (const id of ["nope", "AAAAAAAAAAAAAAAA", "x%3Cscript%3E"]) {
      expect((await (await newBrowser(t)).get(`/personas/${id}`)).statusCode).toBe(404);
    }
  });
});

describe("links and the persona choice in discussions", () => {
  let clinician: VerifiedClinician;
  let community: { slug: string };
  let cliniciansSpace: string;

  beforeAll(async () => {
    const owner = await signUp(t);
    community = await createCommunity(t, owner);
    cliniciansSpace = (await createSpace(t, owner, community.slug, "clinicians")).slug;
    clinician = await verifiedClinician(t, admin);
    await join(t, clinician, community.slug);
  });

  it("links each author on thread, space and search pages to that persona's page only", async () => {
    const started = await t.request({
      method: "POST",
      url: `/api/v1/communities/${community.slug}/spaces/general/threads`,
      token: clinician.token,
      payload: { title: "Pacing and the heron method", body: "Slow and steady.", personaId: clinician.anonymous.id },
    });
    expect(started.statusCode).toBe(201);
    const guest = await newBrowser(t);
    for (const url of [`/t/${started.json().id}`, `/c/${community.slug}/s/general`, `/search?q=heron&community=${community.slug}`]) {
      const page = await guest.get(url);
      expect(page.statusCode, url).toBe(200);
      expect(personaLinks(page.body), url).toEqual([clinician.anonymous.id]);
      expect(page.body, url).not.toContain(clinician.username);
    }
  });

  it("defaults to the personal persona in an open space and to the professional one in a clinicians' space", async () => {
    const browser = await newBrowser(t, clinician);
    const open = await browser.get(`/c/${community.slug}/s/general`);
    expect(open.body).toContain("Write as");
    expect(checkedPersona(open.body)).toBe(clinician.personaId);
    for (const id of [clinician.personaId, clinician.professional.id, clinician.anonymous.id]) expect(open.body).toContain(`value="${id}"`);

    const closed = await browser.get(`/c/${community.slug}/s/${cliniciansSpace}`);
    expect(checkedPersona(closed.body)).toBe(clinician.professional.id);
    const { id } = await startThread(t, clinician, community.slug, cliniciansSpace);
    const thread = await browser.get(`/t/${id}`);
    expect(checkedPersona(thread.body)).toBe(clinician.professional.id);
  });

  it("puts the audience line right above the button on the thread and reply forms", async () => {
    const browser = await newBrowser(t, clinician);
    const space = await browser.get(`/c/${community.slug}/s/${cliniciansSpace}`);
    expect(space.body).toMatch(/Only verified clinicians can read this\.<\/p><button type="submit">Start the thread<\/button>/);
    const { id } = await startThread(t, clinician, community.slug, "general");
    const thread = await browser.get(`/t/${id}`);
    expect(thread.body).toMatch(/Anyone on the internet can read this\.<\/p><button type="submit">Post reply<\/button>/);
  });

  it("shows no picker to someone with one persona", async () => {
    const member = await signUp(t);
    await join(t, member, community.slug);
    const page = await (await newBrowser(t, member)).get(`/c/${community.slug}/s/general`);
    expect(page.body).toContain("Start the thread");
    expect(page.body).not.toContain('name="personaId"');
  });
});

describe("in Welsh", () => {
  it("shows a person their personas, and a persona's public page, in Welsh", async () => {
    const member = await signUp(t);
    const browser = await newBrowser(t, member);
    browser.cookies.set("hearth_locale", "cy");
    const mine = await browser.get("/settings/personas");
    expect(mine.body).toContain("<h1>Sut rydych chi'n ymddangos</h1>");
    expect(mine.body).toContain("Ychwanegu persona personol");
    expect(mine.body).not.toContain("How you appear");
    const profile = await browser.get(`/personas/${member.personaId}`);
    expect(profile.body).toContain(`Mae ${member.displayName} yn ysgrifennu yma fel nhw eu hunain`);
    expect(profile.body).not.toContain("writes here as themselves");
  });
});
