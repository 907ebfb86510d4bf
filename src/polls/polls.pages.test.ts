import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test/helpers/test-app.ts";
import { createCommunity, join, signUp, startThread } from "../../test/helpers/factories.ts";
import { newBrowser } from "../../test/helpers/browser-form.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

async function threadWithMember() {
  const owner = await signUp(t);
  const community = await createCommunity(t, owner);
  const member = await signUp(t);
  await join(t, member, community.slug);
  const thread = await startThread(t, owner, community.slug);
  return { owner, community, member, thread };
}

const QUESTION = "Which time suits you for the online meet-up?";
const MEET_UP_FORM = { question: QUESTION, option1: "Tuesday morning", option2: "", option3: "Thursday evening", option4: "Saturday afternoon", resultsShown: "after_voting" };

/** What a page says, without its markup. */
const words = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");

async function pollByForm(threadId: string, author: { token: string }, fields: Record<string, string | string[]> = MEET_UP_FORM) {
  const browser = await newBrowser(t, author);
  await browser.get(`/t/${threadId}/poll/new`);
  const sent = await browser.post(`/t/${threadId}/poll`, fields);
  expect(sent.statusCode, sent.body).toBe(303);
  expect(sent.headers.location).toBe(`/t/${threadId}#poll`);
  return (await t.request({ method: "GET", url: `/api/v1/threads/${threadId}/poll` })).json().id as string;
}

describe("adding a poll from the thread page", () => {
  it("offers the thread's author an Add a poll page, and the poll then shows as a form of radio buttons", async () => {
    const { owner, member, thread } = await threadWithMember();
    const own = await newBrowser(t, owner);
    expect((await own.get(`/t/${thread.id}`)).body).toContain(`href="/t/${thread.id}/poll/new"`);
    expect((await (await newBrowser(t, member)).get(`/t/${thread.id}`)).body).not.toContain("/poll/new");
    const form = await own.get(`/t/${thread.id}/poll/new`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('<label for="field-question">Question</label>');
    expect(form.body).toContain('type="datetime-local"');

    await pollByForm(thread.id, owner);
    const page = await (await newBrowser(t, member)).get(`/t/${thread.id}`);
    expect(page.body).toMatch(/<legend class="poll-question" dir="auto">Which time suits you for the online meet-up\?<\/legend>/);
    const radios = [...page.body.matchAll(/<input type="radio" id="[^"]+" name="options" value="(\d)"/g)].map((m) => m[1]);
    expect(radios).toEqual(["0", "1", "2"]); // the blank box was left out
    expect(words(page.body)).toContain("Tuesday morning");
    expect(words(page.body)).not.toContain("Add a poll");
  });

  it("shows the form again with every problem and what was typed, and adds nothing", async () => {
    const { owner, thread } = await threadWithMember();
    const browser = await newBrowser(t, owner);
    await browser.get(`/t/${thread.id}/poll/new`);
    const sent = await browser.post(`/t/${thread.id}/poll`, { question: "", option1: "Only this one", resultsShown: "after_voting" });
    expect(sent.statusCode).toBe(400);
    expect(sent.body).toContain('class="error-summary"');
    expect(sent.body).toContain('href="#field-question"');
    expect(sent.body).toContain('href="#field-options"');
    expect(words(sent.body)).toContain("Give between 2 and 10 options");
    expect(sent.body).toContain('value="Only this one"');
    const twice = await browser.post(`/t/${thread.id}/poll`, { question: QUESTION, option1: "Tuesday", option2: "tuesday", resultsShown: "after_voting" });
    expect(twice.statusCode).toBe(400);
    expect(words(twice.body)).toContain("is there twice");
    expect((await t.request({ method: "GET", url: `/api/v1/threads/${thread.id}/poll` })).statusCode).toBe(404);
  });

  it("lets no one but the thread's author open the Add a poll page", async () => {
    const { owner, member, thread } = await threadWithMember();
    expect((await (await newBrowser(t, member)).get(`/t/${thread.id}/poll/new`)).statusCode).toBe(403);
    await pollByForm(thread.id, owner);
    expect((await (await newBrowser(t, owner)).get(`/t/${thread.id}/poll/new`)).statusCode).toBe(409);
  });
});

describe("voting from the thread page without JavaScript", () => {
  it("counts the vote, comes back to the poll and shows the results in words with the voter's choice", async () => {
    const { owner, member, thread } = await threadWithMember();
    const pollId = await pollByForm(thread.id, owner);
    const browser = await newBrowser(t, member);
    await browser.get(`/t/${thread.id}`);
    const sent = await browser.post(`/polls/${pollId}/votes`, { options: "2" });
    expect(sent.statusCode, sent.body).toBe(303);
    expect(sent.headers.location).toBe(`/t/${thread.id}#poll`);
    const page = words((await browser.get(`/t/${thread.id}`)).body);
    expect(page).toContain("Saturday afternoon (your choice) 1 vote, 100%");
    expect(page).toContain("Tuesday morning 0 votes, 0%");
    expect(page).toContain("One person has voted.");
    expect(page).toContain("Thank you: your vote is counted.");
    expect(page).not.toContain(">Vote<");
  });

  it("asks again when nothing was chosen, and says so when the vote was already counted", async () => {
    const { owner, member, thread } = await threadWithMember();
    const pollId = await pollByForm(thread.id, owner);
    const browser = await newBrowser(t, member);
    await browser.get(`/t/${thread.id}`);
    const empty = await browser.post(`/polls/${pollId}/votes`, {});
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('href="#field-options"');
    expect(words(empty.body)).toContain("Choose an option");
    expect(empty.body).toContain('type="radio"');
    expect((await browser.post(`/polls/${pollId}/votes`, { options: "0" })).statusCode).toBe(303);
    const again = await browser.post(`/polls/${pollId}/votes`, { options: "1" });
    expect(again.statusCode).toBe(409);
    expect(words(again.body)).toContain("You have already voted in this poll.");
  });

  it("takes several ticked boxes on a multiple-choice poll", async () => {
    const { owner, member, thread } = await threadWithMember();
    const pollId = await pollByForm(thread.id, owner, { ...MEET_UP_FORM, multiple: "yes" });
    const browser = await newBrowser(t, member);
    const page = await browser.get(`/t/${thread.id}`);
    expect(page.body).toContain('type="checkbox" id="field-options" name="options" value="0"');
    expect((await browser.post(`/polls/${pollId}/votes`, { options: ["0", "2"] })).statusCode).toBe(303);
    const poll = (await t.request({ method: "GET", url: `/api/v1/polls/${pollId}`, token: member.token })).json();
    expect(poll.myVote).toEqual([0, 2]);
  });

  it("shows a guest a sign-in link and no counts before closing, and the results in Welsh once it closed", async () => {
    const { owner, member, thread } = await threadWithMember();
    const pollId = await pollByForm(thread.id, owner, { ...MEET_UP_FORM, resultsShown: "after_closing", closesAt: "2099-03-01T18:30" });
    await t.request({ method: "POST", url: `/api/v1/polls/${pollId}/votes`, token: member.token, payload: { options: [0] } });
    const guest = await t.request({ method: "GET", url: `/t/${thread.id}` });
    expect(guest.body).toContain(`href="/signin?next=${encodeURIComponent(`/t/${thread.id}#poll`)}"`);
    expect(words(guest.body)).toContain("Closes on 1 March 2099 at 18:30 (UTC).");
    expect(words(guest.body)).toContain("The results are shown when the poll closes.");
    expect(guest.body).not.toContain("poll-count");

    await t.database.db.updateTable("polls").set({ closes_at: new Date("2026-01-05T09:00:00Z") }).where("id", "=", pollId).execute();
    const welsh = words((await t.request({ method: "GET", url: `/t/${thread.id}`, headers: { "accept-language": "cy" } })).body);
    expect(welsh).toContain("Wedi cau ar 5 Ionawr 2026");
    expect(welsh).toContain("Tuesday morning 1 bleidlais, 100%");
    expect(welsh).toContain("Mae un person wedi pleidleisio.");
    expect(welsh).not.toContain("Mewngofnodwch i bleidleisio");
  });
});
