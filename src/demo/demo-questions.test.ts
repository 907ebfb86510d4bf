/** The demo's edge network: a question answered by the anonymous nurse and an expert patient, one accepted; an endorsed expert patient; the topics. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test/helpers/test-app.ts";
import { DEMO_QUESTIONS } from "./demo-questions.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  expect(await t.services.demo.seedIfEmpty()).toBe(true);
});
afterAll(async () => t?.close());

const words = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/&#x27;|&#39;/g, "'").replace(/\s+/g, " ");
const get = (url: string) => t.request({ method: "GET", url });

describe("the demo's questions", () => {
  it("lists an accepted question and one waiting, reachable from the community page", async () => {
    expect((await get("/c/living-with-copd")).body).toContain('href="/c/living-with-copd/questions"');
    const items = (await get("/api/v1/communities/living-with-copd/questions")).json().items as { title: string; accepted: boolean; topics: { label: string }[] }[];
    const answered = items.find((q) => q.title === DEMO_QUESTIONS.answered.title)!;
    expect(answered.accepted).toBe(true);
    expect(answered.topics.map((x) => x.label)).toEqual(["COPD", "Pulmonary rehab"]);
    expect(items.find((q) => q.title === DEMO_QUESTIONS.waiting.title)).toMatchObject({ accepted: false, topics: [{ label: "Inhalers" }] });
    expect(words((await get("/c/living-with-copd/questions")).body)).toContain("Waiting for an answer");
  });

  it("shows the anonymous nurse's accepted answer and the expert patient's helpful one, and who was asked to nobody", async () => {
    const items = (await get("/api/v1/communities/living-with-copd/questions")).json().items as { threadId: string; title: string }[];
    const id = items.find((q) => q.title === DEMO_QUESTIONS.answered.title)!.threadId;
    const thread = (await get(`/api/v1/threads/${id}`)).json();
    const [, nurse, patient] = thread.posts.items;
    expect(nurse.author.capacity).toBe("verified_clinician_anonymous");
    expect(patient.reactions.helpful).toBe(1);
    const question = (await get(`/api/v1/questions/${id}`)).json();
    expect(question).toMatchObject({ acceptedPostId: nurse.id, asked: null, myRoute: null });
    expect(words((await get(`/t/${id}`)).body)).toContain("Accepted answer");

    // The expert patient's page: lived experience, endorsed by two members and one verified clinician.
    const profile = words((await get(`/personas/${patient.author.id}`)).body);
    expect(profile).toContain("Lived experience (an expert patient)");
    expect(profile).toContain("Endorsed by 2 members and one verified clinician.");
    expect(words((await get("/c/living-with-copd/topics")).body)).toContain("Also called: chronic obstructive pulmonary disease, emphysema");
  });
});
