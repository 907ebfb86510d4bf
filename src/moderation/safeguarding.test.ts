/**
 * Safeguarding alerts (ADR 39): crisis language in a thread or reply puts exactly one
 * alert in the community's queue (the job run again writes nothing), with an urgency,
 * ahead of members' reports; a post without it raises none; only the community's
 * moderators see alerts, over the API and on the Reports page; nothing blocks the post.
 */
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test/helpers/test-app.ts";
import { createCommunity, join, reply, setRole, signUp, startThread } from "../../test/helpers/factories.ts";
import { newBrowser } from "../../test/helpers/browser-form.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ work: true });
});
afterAll(async () => t?.close());

const alertsFor = async (postId: string) =>
  (await sql<{ urgency: string; reason: string; reporter_account_id: string | null }>`select urgency, reason, reporter_account_id from flags where target_id = ${postId} and alert_key is not null`.execute(t.database.db)).rows;

async function scene() {
  const owner = await signUp(t);
  const community = await createCommunity(t, owner, { visibility: "public" });
  const moderator = await signUp(t);
  const author = await signUp(t);
  const reader = await signUp(t);
  for (const m of [moderator, author, reader]) await join(t, m, community.slug);
  await setRole(t, owner, community.slug, moderator, "moderator");
  return { owner, community, moderator, author, reader };
}

describe("safeguarding alerts", () => {
  it("raise one high-urgency alert for words of intent, and rerunning the job writes nothing new", async () => {
    const { community, author } = await scene();
    const thread = await startThread(t, author, community.slug, "general", { title: "Tonight", body: "I can't breathe and honestly I want to die." });
    await t.services.queue.settle();
    expect(await alertsFor(thread.postId)).toEqual([{ urgency: "high", reason: "safeguarding", reporter_account_id: null }]);
    // The job again (a retry, a redelivery): nothing new.
    expect(await t.services.moderation.raiseSafeguardingAlert(thread.postId)).toBe(false);
    expect(await alertsFor(thread.postId)).toHaveLength(1);
  });

  it("raise none for a post without crisis language, and medium for despair without intent in a reply", async () => {
    const { community, author, reader } = await scene();
    const thread = await startThread(t, author, community.slug, "general", { title: "Mornings", body: "How do you get going on cold mornings?" });
    const answer = await reply(t, reader, thread.id, "Some weeks I feel there is no reason to live, but a warm drink helps.");
    await t.services.queue.settle();
    expect(await alertsFor(thread.postId)).toEqual([]);
    expect((await alertsFor(answer.id)).map((a) => a.urgency)).toEqual(["medium"]);
  });

  it("are listed first in the queue, high before medium, for moderators only (API and page)", async () => {
    const { community, author, reader, moderator } = await scene();
    const plain = await startThread(t, author, community.slug, "general", { title: "Lemons", body: "Lemons cure everything." });
    const report = await t.request({ method: "POST", url: "/api/v1/flags", token: reader.token, payload: { targetType: "post", targetId: plain.postId, reason: "medical_misinformation" } });
    expect(report.statusCode, report.body).toBe(201);
    const medium = await startThread(t, author, community.slug, "general", { title: "Low", body: "I have been thinking about self-harm again." });
    const high = await startThread(t, author, community.slug, "general", { title: "Done", body: "I am going to end it tonight, I want to kill myself." });
    await t.services.queue.settle();

    const queue = await t.request({ method: "GET", url: `/api/v1/communities/${community.slug}/moderation/queue`, token: moderator.token });
    expect(queue.statusCode).toBe(200);
    const items = queue.json().items as { target: { id: string }; urgency: string | null; reason: string }[];
    expect(items.map((i) => [i.target.id, i.urgency])).toEqual([
      [high.postId, "high"],
      [medium.postId, "medium"],
      [plain.postId, null],
    ]);

    // Not to the author, not to another member: the queue is the moderators'.
    for (const who of [author, reader]) {
      const refused = await t.request({ method: "GET", url: `/api/v1/communities/${community.slug}/moderation/queue`, token: who.token });
      expect(refused.statusCode).toBe(403);
      const page = await (await newBrowser(t, who)).get(`/c/${community.slug}/moderation/reports`);
      expect(page.statusCode).toBe(403);
      expect(page.body).not.toContain("Safeguarding alert");
      const thread = await (await newBrowser(t, who)).get(`/t/${high.id}`);
      expect(thread.body).not.toContain("Safeguarding alert");
    }
    const page = await (await newBrowser(t, moderator)).get(`/c/${community.slug}/moderation/reports`);
    expect(page.statusCode).toBe(200);
    const first = page.body.indexOf("Safeguarding alert, raised automatically");
    expect(first).toBeGreaterThan(0);
    expect(page.body.indexOf("Urgency: high")).toBeLessThan(page.body.indexOf("Urgency: medium"));
    expect(page.body).toContain("“kill myself”");
  });

  it("never hold the post back, and show the author the crisis resources on the page they land on", async () => {
    const { community, author, owner } = await scene();
    const charter = await t.request({
      method: "PATCH",
      url: `/api/v1/communities/${community.slug}`,
      token: owner.token,
      payload: { charter: { crisisResources: [{ country: "GB", name: "Samaritans", phone: "116 123", hours: "24 hours" }], dangerNow: "Call 999." } },
    });
    expect(charter.statusCode, charter.body).toBe(200);
    const browser = await newBrowser(t, author);
    const space = await browser.get(`/c/${community.slug}/s/general`);
    expect(space.body).toContain(`href="/c/${community.slug}/help"`);
    expect(space.body).toContain("If you are struggling, help is here");
    const posted = await browser.post(`/c/${community.slug}/s/general/threads`, { title: "Tonight", body: "I want to end it all." });
    expect(posted.statusCode).toBe(303);
    expect(posted.headers.location).toMatch(/^\/t\/[^?]+\?support=1$/);
    const landed = await browser.get(String(posted.headers.location));
    expect(landed.body).toContain("Thank you for sharing this");
    expect(landed.body).toContain('<a href="tel:116123">116 123</a>');
    expect(landed.body).toContain("Call 999.");
    const calm = await browser.post(`/c/${community.slug}/s/general/threads`, { title: "Mornings", body: "Cold mornings are hard on my chest." });
    expect(calm.headers.location).not.toContain("support=1");
  });
});
