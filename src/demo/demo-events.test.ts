/** The demo's events: one coming up with its accessibility in words and places taken, one online, and one past with its follow-up thread. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test/helpers/test-app.ts";
import { DEMO_EVENTS } from "./demo-events.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  expect(await t.services.demo.seedIfEmpty()).toBe(true);
});
afterAll(async () => t?.close());

const words = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/&#x27;|&#39;/g, "'").replace(/\s+/g, " ");

describe("the demo's events", () => {
  it("shows a newcomer what is coming up on the community page, and the walk with its accessibility and places", async () => {
    const community = words((await t.request({ method: "GET", url: "/c/living-with-copd" })).body);
    expect(community).toContain("Coming up");
    expect(community).toContain(DEMO_EVENTS.coffee.title);
    expect(community).toContain(DEMO_EVENTS.walk.title);

    const upcoming = (await t.request({ method: "GET", url: "/api/v1/communities/living-with-copd/events" })).json().items;
    const walk = upcoming.find((e: { title: string }) => e.title === DEMO_EVENTS.walk.title);
    // Raj, and Sue with the person she cares for: three places of twelve.
    expect(walk).toMatchObject({ going: 3, placesLeft: 9, capacity: 12, waitlisted: 0 });
    const page = words((await t.request({ method: "GET", url: `/events/${walk.id}` })).body);
    expect(page).toContain("Step-free access all the way in Yes");
    expect(page).toContain("Hearing loop No");
    expect(page).toContain("Sign in and join this community to say whether you are going.");
    // A guest is not shown the coffee morning's link.
    const coffee = upcoming.find((e: { title: string }) => e.title === DEMO_EVENTS.coffee.title);
    expect((await t.request({ method: "GET", url: `/api/v1/events/${coffee.id}` })).json().onlineUrl).toBeNull();
  });

  it("lists the singing group as past, with the thread it opened afterwards", async () => {
    const past = (await t.request({ method: "GET", url: "/api/v1/communities/living-with-copd/events?when=past" })).json().items;
    expect(past.map((e: { title: string }) => e.title)).toEqual([DEMO_EVENTS.singing.title]);
    const singing = (await t.request({ method: "GET", url: `/api/v1/events/${past[0].id}` })).json();
    expect(singing).toMatchObject({ past: true, going: 3 });
    const thread = (await t.request({ method: "GET", url: `/api/v1/threads/${singing.followUpThreadId}` })).json();
    expect(thread.title).toBe(`After ${DEMO_EVENTS.singing.title}`);
  });
});

describe("the demo's fork proposal", () => {
  it("shows a member that members may fork it together, and a proposal one signature short", async () => {
    const { signUp, join } = await import("../../test/helpers/factories.ts");
    const { DEMO_PROPOSAL } = await import("./demo-content.ts");
    const newcomer = await signUp(t);
    await join(t, newcomer, "living-with-copd");
    const page = (await t.request({ method: "GET", url: "/c/living-with-copd", token: newcomer.token })).body;
    expect(page).toContain('href="/c/living-with-copd/fork-proposals"');
    const items = (await t.request({ method: "GET", url: "/api/v1/communities/living-with-copd/fork-proposals", token: newcomer.token })).json().items;
    expect(items).toEqual([expect.objectContaining({ name: DEMO_PROPOSAL.name, signatures: 2, needed: 3, signedByMe: false, fork: null, can: { sign: true } })]);
  });
});
