/**
 * Routing is decided by the data alone (ADR 49): who is asked, who is skipped, and that passing
 * on and timed re-routing each reach the next candidate exactly once. Who was asked is seen only
 * by the person asked (GET /api/v1/questions/:id's `myRoute`); the asker sees the count.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test/helpers/test-app.ts";
import { createCommunity, join, signUp, type Member } from "../../test/helpers/factories.ts";
import { NURSE_APPLICATION, signedInAdmin, verifiedClinician } from "../../test/helpers/clinician-fixtures.ts";
import { answer, ask, declare, questionAs, setRouting } from "../../test/helpers/question-fixtures.ts";

let t: TestApp;
let admin: Member;
let owner: Member;

beforeAll(async () => {
  t = await createTestApp();
  admin = await signedInAdmin(t);
  owner = await signUp(t);
}, 60_000);
afterAll(async () => t?.close());

/** A community of its own for each test: routing loads are per account, so no test leans on another's. */
async function community(askPerRound: number) {
  const { slug } = await createCommunity(t, owner);
  await setRouting(t, owner, slug, askPerRound);
  return slug;
}

async function members(slug: string, n: number): Promise<Member[]> {
  const made: Member[] = [];
  for (let i = 0; i < n; i++) {
    const member = await signUp(t);
    await join(t, member, slug);
    made.push(member);
  }
  return made;
}

const viewerOf = async (member: Member) => t.services.accounts.viewerForAccount(member.id);

describe("who is asked", () => {
  it("asks a respiratory nurse with demonstrated COPD expertise before a dermatologist who declared more of the question's topics", async () => {
    const slug = await community(1);
    const nurse = await verifiedClinician(t, admin, { application: NURSE_APPLICATION, anonymous: false });
    const dermatologist = await verifiedClinician(t, admin, { anonymous: false, application: { profession: "Doctor", register: "GMC", registrationNumber: "7654321", specialty: "Dermatology" } });
    for (const clinician of [nurse, dermatologist]) await join(t, clinician, slug);
    await declare(t, nurse, ["COPD"], { basis: "clinical", personaId: nurse.professional.id });
    await declare(t, dermatologist, ["eczema", "copd", "itchy skin"], { basis: "clinical", personaId: dermatologist.professional.id });
    const [earlier, later, marker] = await members(slug, 3);

    // The nurse's accepted, helpful answer to an earlier COPD question is demonstrated expertise.
    const before = await ask(t, earlier!, slug, ["copd"]);
    const given = await answer(t, nurse, before.id, "Pursed-lip breathing, and a chair on the landing.", nurse.professional.id);
    expect((await t.request({ method: "POST", url: `/api/v1/answers/${given.id}/accept`, token: earlier!.token })).statusCode).toBe(200);
    expect((await t.request({ method: "POST", url: `/api/v1/posts/${given.id}/reactions`, token: marker!.token, payload: { kind: "helpful" } })).statusCode).toBe(201);
    // Both were active lately: the dermatologist answered too, neither accepted nor found helpful.
    await answer(t, dermatologist, before.id, "Ask your GP about a rescue pack.", dermatologist.professional.id);

    // The dermatologist matches two topics to the nurse's one: only demonstrated expertise puts the nurse first.
    const question = await ask(t, later!, slug, ["#Copd", "itchy skin"]);
    expect(question.routedCount).toBe(1);
    expect((await questionAs(t, nurse, question.id)).myRoute).toEqual({ personaId: nurse.professional.id, passed: false });
    expect((await questionAs(t, dermatologist, question.id)).myRoute).toBeNull();
    expect((await questionAs(t, later!, question.id)).asked).toEqual({ count: 1, nobodyLeft: false });
  });

  it("skips an expert already asked as many questions this week as they allow", async () => {
    const slug = await community(5);
    const [expert, other, asker] = await members(slug, 3);
    await declare(t, expert!, ["oxygen"], { weeklyLimit: 1 });
    await declare(t, other!, ["oxygen"]);
    const first = await ask(t, asker!, slug, ["oxygen"]);
    expect(first.routedCount).toBe(2);
    expect((await questionAs(t, expert!, first.id)).myRoute).not.toBeNull();

    const second = await ask(t, asker!, slug, ["oxygen"], { title: "Is a concentrator loud at night?" });
    expect(second.routedCount).toBe(1);
    expect((await questionAs(t, expert!, second.id)).myRoute).toBeNull();
    expect((await questionAs(t, other!, second.id)).myRoute).not.toBeNull();
  });

  it("never asks the asker, under any persona, nor a member who turned routing off", async () => {
    const slug = await community(5);
    const clinician = await verifiedClinician(t, admin, { professional: false });
    await join(t, clinician, slug);
    const [off, on] = await members(slug, 2);
    await declare(t, clinician, ["inhalers"], { basis: "clinical", personaId: clinician.anonymous.id });
    await declare(t, off!, ["inhalers"], { routing: false });
    await declare(t, on!, ["inhalers"]);

    // The clinician asks as their personal persona; their anonymous persona's matching expertise is still theirs.
    const question = await ask(t, clinician, slug, ["inhalers"]);
    expect(question.routedCount).toBe(1);
    expect((await questionAs(t, on!, question.id)).myRoute).not.toBeNull();
    expect((await questionAs(t, off!, question.id)).myRoute).toBeNull();
    expect((await questionAs(t, clinician, question.id)).myRoute).toBeNull();
  });

  it("respects office hours: not asked on a Saturday, asked on a Tuesday morning", async () => {
    const slug = await community(5);
    const clinician = await verifiedClinician(t, admin, { anonymous: false });
    await join(t, clinician, slug);
    await declare(t, clinician, ["spirometry"], { basis: "clinical", personaId: clinician.professional.id });
    const hours = { days: [1, 2, 3, 4, 5], from: "09:00", to: "17:00", timeZone: "Europe/London" };
    expect((await t.request({ method: "PUT", url: "/api/v1/me/preferences", token: clinician.token, payload: { officeHours: hours } })).statusCode).toBe(200);
    const [asker] = await members(slug, 1);
    const viewer = await viewerOf(asker!);

    const saturday = await t.services.questions.asOf(() => new Date("2026-12-05T12:00:00Z")).ask(viewer, slug, { title: "Spirometry on a bad day?", body: "Should I rebook?", topics: ["spirometry"] });
    expect(saturday.routedCount).toBe(0);
    expect((await questionAs(t, clinician, saturday.id)).myRoute).toBeNull();

    const tuesday = await t.services.questions.asOf(() => new Date("2026-12-08T10:00:00Z")).ask(viewer, slug, { title: "How long does spirometry take?", body: "I get anxious.", topics: ["spirometry"] });
    expect(tuesday.routedCount).toBe(1);
    expect((await questionAs(t, clinician, tuesday.id)).myRoute).toEqual({ personaId: clinician.professional.id, passed: false });
  });

  it("routes to an anonymous clinician persona's expertise without the account in anything the asker or the asked is sent", async () => {
    const slug = await community(5);
    const clinician = await verifiedClinician(t, admin);
    await join(t, clinician, slug);
    await declare(t, clinician, ["nebulisers"], { basis: "clinical", personaId: clinician.anonymous.id });
    const [asker] = await members(slug, 1);
    const question = await ask(t, asker!, slug, ["nebulisers"]);
    expect(question.routedCount).toBe(1);

    const asked = await t.request({ method: "GET", url: `/api/v1/questions/${question.id}`, token: clinician.token });
    expect(asked.json().myRoute.personaId).toBe(clinician.anonymous.id);
    const seenByAsker = await t.request({ method: "GET", url: `/api/v1/questions/${question.id}`, token: asker!.token });
    expect(seenByAsker.json().asked.count).toBe(1);
    for (const secret of [clinician.id, clinician.username, clinician.personaId, clinician.professional.id]) expect(asked.body).not.toContain(secret);
    for (const secret of [clinician.id, clinician.username, clinician.personaId, clinician.professional.id, clinician.anonymous.id]) expect(seenByAsker.body).not.toContain(secret);
  });
});

describe("asking the next person", () => {
  it("passing on asks the next candidate exactly once, and the asker is told when nobody is left", async () => {
    const slug = await community(1);
    const [x, y, asker] = await members(slug, 3);
    await declare(t, x!, ["pulmonary rehab"]);
    await declare(t, y!, ["Pulmonary  Rehab"]);
    const question = await ask(t, asker!, slug, ["pulmonary rehab"]);
    expect(question.routedCount).toBe(1);
    const [first, second] = (await questionAs(t, x!, question.id)).myRoute ? [x!, y!] : [y!, x!];
    expect((await questionAs(t, second, question.id)).myRoute).toBeNull();

    const passed = await t.request({ method: "POST", url: `/api/v1/questions/${question.id}/pass`, token: first.token });
    expect(passed.statusCode, passed.body).toBe(200);
    expect(passed.json().myRoute.passed).toBe(true);
    expect((await t.request({ method: "POST", url: `/api/v1/questions/${question.id}/pass`, token: first.token })).statusCode).toBe(409);
    expect((await questionAs(t, second, question.id)).myRoute?.passed).toBe(false);
    expect((await questionAs(t, asker!, question.id)).asked).toEqual({ count: 2, nobodyLeft: false });

    expect((await t.request({ method: "POST", url: `/api/v1/questions/${question.id}/pass`, token: second.token })).statusCode).toBe(200);
    expect((await questionAs(t, asker!, question.id)).asked).toEqual({ count: 2, nobodyLeft: true });
  });

  it("a timed re-route asks the next people once per round, stops once answered, and tells the asker when nobody is left", async () => {
    const slug = await community(1);
    const people = await members(slug, 3);
    for (const person of people) await declare(t, person, ["sleep"]);
    const [asker, answerer] = await members(slug, 2);
    const question = await ask(t, asker!, slug, ["sleep"]);
    const count = async () => (await questionAs(t, asker!, question.id)).asked;

    await t.services.questions.reroute(question.id, 1);
    await t.services.questions.reroute(question.id, 1); // the job again: its round is past
    expect(await count()).toEqual({ count: 2, nobodyLeft: false });
    await t.services.questions.reroute(question.id, 2);
    expect(await count()).toEqual({ count: 3, nobodyLeft: false });
    await t.services.questions.reroute(question.id, 3);
    expect(await count()).toEqual({ count: 3, nobodyLeft: true });
    const asked = await Promise.all(people.map(async (p) => (await questionAs(t, p, question.id)).myRoute !== null));
    expect(asked).toEqual([true, true, true]);

    // Another question, answered before its re-route: nobody more is asked.
    const answered = await ask(t, asker!, slug, ["sleep"], { title: "Propped up or flat?" });
    const reply = await answer(t, answerer!, answered.id);
    await t.services.questions.noteReply(reply.id);
    const before = (await questionAs(t, asker!, answered.id)).asked!.count;
    await t.services.questions.reroute(answered.id, 1);
    expect((await questionAs(t, asker!, answered.id)).asked).toEqual({ count: before, nobodyLeft: false });
  });
});
