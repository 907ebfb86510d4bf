/** The demo's poll: asked in its thread by the thread's author, with three votes, counts only. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test/helpers/test-app.ts";
import { DEMO_PEOPLE } from "./demo-content.ts";
import { DEMO_POLL } from "./demo-polls.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

describe("the demo's poll", () => {
  it("shows the meet-up question in its thread, open for voting, without naming who voted", async () => {
    expect(await t.services.demo.seedIfEmpty()).toBe(true);
    const hits = (await t.request({ method: "GET", url: `/api/v1/search?q=${encodeURIComponent("cold mornings")}` })).json().items as { threadId: string }[];
    const threadId = hits[0]!.threadId;
    const poll = (await t.request({ method: "GET", url: `/api/v1/threads/${threadId}/poll` })).json();
    expect(poll).toMatchObject({ question: DEMO_POLL.question, closed: false, myVote: null, options: DEMO_POLL.options.map((label) => ({ label })) });
    expect(new Date(poll.closesAt).getTime()).toBeGreaterThan(Date.now());
    const { rows } = await t.database.pool.query<{ n: number }>(`select count(*)::int as n from poll_votes where poll_id = $1`, [poll.id]);
    expect(rows[0]!.n).toBe(DEMO_POLL.votes.length);
    const page = await t.request({ method: "GET", url: `/t/${threadId}` });
    expect(page.body).toContain(DEMO_POLL.question);
    expect(page.body).toContain("Sign in to vote");
    const section = page.body.slice(page.body.indexOf('id="poll"'), page.body.indexOf("</section>", page.body.indexOf('id="poll"')));
    expect(section).toContain("Tuesday, late morning");
    for (const vote of DEMO_POLL.votes) expect(section).not.toContain(DEMO_PEOPLE[vote.person]!.displayName);
  });
});
