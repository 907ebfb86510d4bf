/**
 * Questions over the API (ADR 49): asking with topics, answering, accepting, closing, expertise,
 * endorsements and the vocabulary; and every bad input a clear 4xx with nothing written.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test/helpers/test-app.ts";
import { createCommunity, createSpace, join, signUp, startThread, type Member } from "../../test/helpers/factories.ts";
import { signedInAdmin, verifiedClinician } from "../../test/helpers/clinician-fixtures.ts";
import { answer, ask, declare, questionAs } from "../../test/helpers/question-fixtures.ts";

let t: TestApp;
let admin: Member;
let owner: Member;
let asker: Member;
let helper: Member;
let slug: string;

beforeAll(async () => {
  t = await createTestApp();
  admin = await signedInAdmin(t);
  owner = await signUp(t);
  slug = (await createCommunity(t, owner)).slug;
  asker = await signUp(t);
  helper = await signUp(t);
  for (const m of [asker, helper]) await join(t, m, slug);
}, 60_000);
afterAll(async () => t?.close());

const call = (who: Member | null, method: "GET" | "POST" | "PUT" | "DELETE" | "PATCH", url: string, payload?: object) =>
  t.request({ method, url, ...(who ? { token: who.token } : {}), ...(payload ? { payload } : {}) });
const questionCount = async () => (await call(owner, "GET", `/api/v1/communities/${slug}/questions`)).json().items.length as number;

describe("a question's life", () => {
  it("is asked with topics, answered, accepted, and listed with its state", async () => {
    const question = await ask(t, asker, slug, ["COPD", "Inhalers"], { title: "Which spacer do you use?" });
    const seen = await call(null, "GET", `/api/v1/questions/${question.id}`);
    expect(seen.statusCode).toBe(200);
    expect(seen.json()).toMatchObject({ topics: [{ key: "copd", label: "copd" }, { key: "inhalers", label: "inhalers" }], status: "open", acceptedPostId: null, asked: null, myRoute: null });
    expect((await call(null, "GET", `/api/v1/threads/${question.id}`)).json().title).toBe("Which spacer do you use?");

    const reply = await answer(t, helper, question.id);
    expect((await questionAs(t, helper, question.id)).can.accept).toBe(false);
    const accepted = await call(asker, "POST", `/api/v1/answers/${reply.id}/accept`);
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json().acceptedPostId).toBe(reply.id);

    const listed = (await call(null, "GET", `/api/v1/communities/${slug}/questions`)).json().items.find((q: { threadId: string }) => q.threadId === question.id);
    expect(listed).toMatchObject({ title: "Which spacer do you use?", accepted: true, status: "open", replyCount: 1 });

    const unaccepted = await call(asker, "DELETE", `/api/v1/answers/${reply.id}/accept`);
    expect(unaccepted.json().acceptedPostId).toBeNull();
  });

  it("closes to answers by the API and by a plain reply, and reopens", async () => {
    const question = await ask(t, asker, slug, ["stairs"]);
    expect((await call(helper, "POST", `/api/v1/questions/${question.id}/close`)).statusCode).toBe(403);
    const closed = await call(asker, "POST", `/api/v1/questions/${question.id}/close`);
    expect(closed.json()).toMatchObject({ status: "closed", can: { reopen: true, close: false } });
    const refused = await call(helper, "POST", `/api/v1/questions/${question.id}/answers`, { body: "Late, but: take a rest halfway." });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe("question_closed");
    expect((await call(helper, "POST", `/api/v1/threads/${question.id}/posts`, { body: "A plain reply." })).statusCode).toBe(409);
    expect((await call(null, "GET", `/api/v1/threads/${question.id}`)).json().replyCount).toBe(0);
    expect((await call(owner, "POST", `/api/v1/questions/${question.id}/reopen`)).json().status).toBe("open");
    await answer(t, helper, question.id);
  });

  it("a thread that is no question, and a question in a space the viewer cannot read, are the same 404", async () => {
    const thread = await startThread(t, asker, slug);
    const membersSpace = await createSpace(t, owner, slug, "members");
    const hidden = await ask(t, asker, slug, ["oxygen"], { space: membersSpace.slug });
    const outsider = await signUp(t);
    const [plain, unseen] = await Promise.all([call(outsider, "GET", `/api/v1/questions/${thread.id}`), call(outsider, "GET", `/api/v1/questions/${hidden.id}`)]);
    expect(plain.statusCode).toBe(404);
    expect(unseen.statusCode).toBe(404);
    expect(unseen.json()).toEqual(plain.json());
    expect((await call(asker, "GET", `/api/v1/questions/${hidden.id}`)).statusCode).toBe(200);
  });
});

describe("expertise and endorsements", () => {
  it("declares expertise per persona; clinical needs a clinician persona; endorsements are counts", async () => {
    const clinician = await verifiedClinician(t, admin);
    const patient = await signUp(t);
    const mine = await declare(t, patient, ["COPD", "  pulmonary   rehab "], { basis: "lived" });
    expect(mine.expertise).toEqual({ topics: ["copd", "pulmonary rehab"], basis: "lived", routing: true, weeklyLimit: 3 });

    const notClinician = await call(patient, "PUT", "/api/v1/me/expertise", { topics: ["copd"], basis: "clinical" });
    expect(notClinician.statusCode).toBe(400);
    expect(Object.keys(notClinician.json().error.fields)).toEqual(["basis"]);
    const onPersonal = await call(clinician, "PUT", "/api/v1/me/expertise", { topics: ["copd"], basis: "clinical" });
    expect(onPersonal.statusCode).toBe(400);
    await declare(t, clinician, ["copd"], { basis: "both", personaId: clinician.anonymous.id });
    // The anonymous persona's expertise is its own: the clinician's other personas hold none.
    const all = (await call(clinician, "GET", "/api/v1/me/expertise")).json().items as { persona: { id: string }; expertise: unknown }[];
    expect(all.filter((p) => p.expertise !== null).map((p) => p.persona.id)).toEqual([clinician.anonymous.id]);

    const byClinician = await call(clinician, "POST", `/api/v1/personas/${patient.personaId}/endorsements`, { personaId: clinician.anonymous.id });
    expect(byClinician.statusCode, byClinician.body).toBe(201);
    const byMember = await call(helper, "POST", `/api/v1/personas/${patient.personaId}/endorsements`, {});
    expect(byMember.json().endorsements).toEqual({ members: 1, clinicians: 1 });
    expect((await call(helper, "POST", `/api/v1/personas/${patient.personaId}/endorsements`, {})).statusCode).toBe(409);
    const shown = await call(null, "GET", `/api/v1/personas/${patient.personaId}/expertise`);
    expect(shown.json()).toMatchObject({ topics: ["copd", "pulmonary rehab"], basis: "lived", endorsements: { members: 1, clinicians: 1 }, can: { endorse: false } });
    expect(shown.body).not.toContain(helper.personaId);
    expect(shown.body).not.toContain(clinician.anonymous.id);
    expect((await call(helper, "DELETE", `/api/v1/personas/${patient.personaId}/endorsements`)).statusCode).toBe(204);
    expect((await call(null, "GET", `/api/v1/personas/${helper.personaId}/expertise`)).statusCode).toBe(404);
  });

  it("a community's vocabulary gathers synonyms under one topic, for questions and expertise alike", async () => {
    const set = await call(owner, "PUT", `/api/v1/communities/${slug}/topics/copd`, { label: "COPD", synonyms: ["Chronic obstructive pulmonary disease", "emphysema"], conditionCode: "J44.9" });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json()).toEqual({ key: "copd", label: "COPD", conditionCode: "J44.9", synonyms: ["chronic obstructive pulmonary disease", "emphysema"] });
    expect((await call(helper, "PUT", `/api/v1/communities/${slug}/topics/asthma`, { label: "Asthma" })).statusCode).toBe(403);
    const clash = await call(owner, "PUT", `/api/v1/communities/${slug}/topics/emphysema`, { label: "Emphysema" });
    expect(clash.statusCode).toBe(400);

    const expert = await signUp(t);
    await join(t, expert, slug);
    await declare(t, expert, ["emphysema"]);
    const question = await ask(t, asker, slug, ["Chronic obstructive pulmonary disease"]);
    expect((await questionAs(t, null, question.id)).topics).toEqual([{ key: "copd", label: "COPD" }]);
    expect((await questionAs(t, expert, question.id)).myRoute).not.toBeNull();
  });
});

describe("bad input: a clear 4xx, nothing written", () => {
  it("refuses empty, repeated, over-long or too many topics on a question, and writes no thread", async () => {
    const threadsBefore = (await call(owner, "GET", `/api/v1/communities/${slug}/spaces/general/threads`)).json().items.length;
    const before = await questionCount();
    const cases: [unknown[], string][] = [
      [[], "topics"],
      [["  "], "topics[0]"],
      [["copd", "COPD "], "topics[1]"],
      [["x".repeat(41)], "topics[0]"],
      [["a\u200bb"], "topics[0]"],
    ];
    for (const [topics, field] of cases) {
      const response = await call(asker, "POST", `/api/v1/communities/${slug}/questions`, { title: "A title", body: "A body", topics });
      expect(response.statusCode, JSON.stringify(topics)).toBe(400);
      expect(Object.keys(response.json().error.fields ?? {})).toContain(field);
    }
    expect((await call(asker, "POST", `/api/v1/communities/${slug}/questions`, { title: "A title", body: "A body", topics: ["a", "b", "c", "d", "e", "f"] })).statusCode).toBe(400);
    expect(await questionCount()).toBe(before);
    expect((await call(owner, "GET", `/api/v1/communities/${slug}/spaces/general/threads`)).json().items.length).toBe(threadsBefore);
  });

  it("refuses bad expertise, endorsing yourself, accepting for someone else, and answering your own question", async () => {
    const before = (await call(helper, "GET", "/api/v1/me/expertise")).json();
    for (const payload of [{ topics: [], basis: "lived" }, { topics: ["copd", "copd"], basis: "lived" }, { topics: ["y".repeat(41)], basis: "lived" }, { topics: ["copd"], basis: "lived", weeklyLimit: 0 }]) {
      expect((await call(helper, "PUT", "/api/v1/me/expertise", payload)).statusCode, JSON.stringify(payload)).toBe(400);
    }
    expect((await call(helper, "GET", "/api/v1/me/expertise")).json()).toEqual(before);

    await declare(t, helper, ["stairs"]);
    const self = await call(helper, "POST", `/api/v1/personas/${helper.personaId}/endorsements`, {});
    expect(self.statusCode).toBe(400);
    expect((await call(null, "GET", `/api/v1/personas/${helper.personaId}/expertise`)).json().endorsements).toEqual({ members: 0, clinicians: 0 });

    const question = await ask(t, asker, slug, ["stairs"]);
    const reply = await answer(t, helper, question.id);
    const someoneElse = await call(helper, "POST", `/api/v1/answers/${reply.id}/accept`);
    expect(someoneElse.statusCode).toBe(403);
    expect((await call(asker, "POST", `/api/v1/answers/${question.postId}/accept`)).statusCode).toBe(400);
    expect((await call(asker, "POST", "/api/v1/answers/nonexistent0000/accept")).statusCode).toBe(404);
    expect((await questionAs(t, asker, question.id)).acceptedPostId).toBeNull();
    expect((await call(asker, "POST", `/api/v1/questions/${question.id}/answers`, { body: "Answering myself" })).statusCode).toBe(400);
    expect((await call(owner, "POST", `/api/v1/questions/${question.id}/pass`)).json().error.code).toBe("not_asked");
  });
});
