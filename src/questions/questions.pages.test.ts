/**
 * The edge network's pages without JavaScript (ADR 49): asking through the form, what the asker
 * and the person asked each see on the thread page, accepting and passing on with small forms,
 * declaring expertise, endorsing from a persona's page, and the community's topics.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test/helpers/test-app.ts";
import { createCommunity, join, signUp, type Member } from "../../test/helpers/factories.ts";
import { newBrowser } from "../../test/helpers/browser-form.ts";
import { answer, declare, questionAs } from "../../test/helpers/question-fixtures.ts";

let t: TestApp;
let owner: Member;
let asker: Member;
let expert: Member;
let slug: string;

beforeAll(async () => {
  t = await createTestApp();
  owner = await signUp(t);
  slug = (await createCommunity(t, owner)).slug;
  asker = await signUp(t);
  expert = await signUp(t);
  for (const m of [asker, expert]) await join(t, m, slug);
  await declare(t, expert, ["breathlessness"]);
}, 60_000);
afterAll(async () => t?.close());

const text = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");

describe("asking and answering on the pages", () => {
  it("asks through the form; the asker sees how many were asked, the expert that they were, and nobody else either", async () => {
    const browser = await newBrowser(t, asker);
    const form = await browser.get(`/c/${slug}/questions/new`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('name="topics"');

    const sent = await browser.post(`/c/${slug}/questions`, { title: "Breathless after showering", body: "Is that usual?", topics: "Breathlessness, showers", space: "general" });
    expect(sent.statusCode, sent.body).toBe(303);
    const threadPath = sent.headers.location as string;
    const threadId = threadPath.split("/")[2]!;
    const asPoster = text((await browser.get(threadPath)).body);
    expect(asPoster).toContain("We asked one person whose experience matches. We do not say who.");
    expect(asPoster).toContain("breathlessness");
    expect(asPoster).toContain("Close this question");

    const expertBrowser = await newBrowser(t, expert);
    const asExpert = text((await expertBrowser.get(threadPath)).body);
    expect(asExpert).toContain("You were asked this question");
    expect(asExpert).toContain("Not my area — pass it on");
    expect(asExpert).not.toContain("We asked");

    const guest = text((await (await newBrowser(t)).get(threadPath)).body);
    expect(guest).not.toContain("We asked");
    expect(guest).not.toContain("You were asked");

    // The expert answers; the asker accepts with the button under the answer.
    const reply = await answer(t, expert, threadId);
    const page = await browser.get(threadPath);
    expect(page.body).toContain(`action="/p/${reply.id}/accept"`);
    const accepted = await browser.post(`/p/${reply.id}/accept`, {});
    expect(accepted.statusCode).toBe(303);
    expect(accepted.headers.location).toBe(`/t/${threadId}#post-${reply.id}`);
    expect(text((await expertBrowser.get(threadPath)).body)).toContain("Accepted answer");
    expect((await questionAs(t, null, threadId)).acceptedPostId).toBe(reply.id);

    const list = text((await (await newBrowser(t)).get(`/c/${slug}/questions`)).body);
    expect(list).toContain("Breathless after showering");
    expect(list).toContain("Answer accepted");
  });

  it("a form with a repeated topic comes back with the problem by the topics box and the words kept", async () => {
    const browser = await newBrowser(t, asker);
    await browser.get(`/c/${slug}/questions/new`);
    const sent = await browser.post(`/c/${slug}/questions`, { title: "Oxygen on holiday", body: "Any tips?", topics: "oxygen, Oxygen", space: "general" });
    expect(sent.statusCode).toBe(400);
    expect(sent.body).toContain("There is a problem");
    expect(sent.body).toContain("is there twice");
    expect(sent.body).toContain("Oxygen on holiday");
    expect(sent.body).toContain('aria-invalid="true"');
  });

  it("passes a question on from the thread page", async () => {
    const other = await signUp(t);
    await join(t, other, slug);
    await declare(t, other, ["nebuliser"]);
    const browser = await newBrowser(t, asker);
    await browser.get(`/c/${slug}/questions/new`);
    const sent = await browser.post(`/c/${slug}/questions`, { title: "Cleaning a nebuliser", body: "How often?", topics: "nebuliser", space: "general" });
    const threadId = (sent.headers.location as string).split("/")[2]!;
    const otherBrowser = await newBrowser(t, other);
    await otherBrowser.get(`/t/${threadId}`);
    const passed = await otherBrowser.post(`/t/${threadId}/question/pass`, {});
    expect(passed.statusCode).toBe(303);
    expect(text((await otherBrowser.get(`/t/${threadId}`)).body)).toContain("You passed this question on");
    expect(text((await browser.get(`/t/${threadId}`)).body)).toContain("Nobody suitable is left to ask.");
  });
});

describe("expertise and topics on the pages", () => {
  it("declares expertise on the settings page, and an endorsement shows as a count on the persona's page", async () => {
    const patient = await signUp(t);
    const browser = await newBrowser(t, patient);
    expect((await browser.get("/settings/expertise")).statusCode).toBe(200);
    const bad = await browser.post("/settings/expertise", { personaId: patient.personaId, topics: "copd, ", basis: "clinical", routing: "on", weeklyLimit: "3" });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain("There is a problem");
    const saved = await browser.post("/settings/expertise", { personaId: patient.personaId, topics: "COPD, oxygen", basis: "lived", routing: "on", weeklyLimit: "2" });
    expect(saved.statusCode, saved.body).toBe(303);
    expect((await t.request({ method: "GET", url: "/api/v1/me/expertise", token: patient.token })).json().items[0].expertise).toEqual({ topics: ["copd", "oxygen"], basis: "lived", routing: true, weeklyLimit: 2 });

    const fan = await newBrowser(t, asker);
    const profile = `/personas/${patient.personaId}`;
    expect(text((await fan.get(profile)).body)).toContain("Endorsed by no members and no verified clinicians.");
    expect((await fan.post(`${profile}/endorse`, {})).statusCode).toBe(303);
    expect(text((await fan.get(profile)).body)).toContain("Endorsed by one member and no verified clinicians.");
    // Their own page offers no endorsement of themselves.
    expect((await browser.get(profile)).body).not.toContain(`${profile}/endorse"`);
  });

  it("the community's managers add a topic with synonyms on the topics page; members read it", async () => {
    const browser = await newBrowser(t, owner);
    await browser.get(`/c/${slug}/topics`);
    const sent = await browser.post(`/c/${slug}/topics`, { key: "Breathlessness", synonyms: "shortness of breath, dyspnoea", conditionCode: "" });
    expect(sent.statusCode, sent.body).toBe(303);
    const page = text((await (await newBrowser(t, asker)).get(`/c/${slug}/topics`)).body);
    expect(page).toContain("Also called: dyspnoea, shortness of breath");
    expect(page).not.toContain("Add topic");
  });
});
