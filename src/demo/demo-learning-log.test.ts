/**
 * The demo clinician's learning log (ADR 50): on, with their anonymous answer in it and a
 * reflection written, whether or not the job queue has run; the job running afterwards adds nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test/helpers/test-app.ts";
import { DEMO_CLINICIAN } from "./demo-content.ts";
import { DEMO_REFLECTION } from "./demo-learning-log.ts";
import { DEMO_QUESTIONS } from "./demo-questions.ts";

let t: TestApp;
beforeAll(async () => {
  // No worker: the entry must be there without the post.created job.
  t = await createTestApp();
}, 60_000);
afterAll(async () => t?.close());

async function clinicianViewer() {
  const id = await t.services.accounts.accountIdOf(DEMO_CLINICIAN.username);
  return t.services.accounts.viewerForAccount(id!);
}

describe("the demo clinician's learning log", () => {
  it("is on and holds their reply with a reflection, and the question they answered, each once", async () => {
    expect(await t.services.demo.seedIfEmpty()).toBe(true);
    const viewer = await clinicianViewer();
    expect((await t.services.learningLog.settings(viewer)).enabled).toBe(true);
    const { items: both } = await t.services.learningLog.list(viewer);
    expect(both).toHaveLength(2);
    expect(both.find((e) => e.kind === "question_answered")).toMatchObject({ title: DEMO_QUESTIONS.answered.title, minutesSource: "estimated" });
    const items = both.filter((e) => e.kind === "thread_engaged");
    expect(items[0]).toMatchObject({
      kind: "thread_engaged",
      title: DEMO_CLINICIAN.replyTo,
      minutes: DEMO_REFLECTION.minutes,
      minutesSource: "self_reported",
      reflection: { whatHappened: DEMO_REFLECTION.whatHappened, whatLearned: DEMO_REFLECTION.whatLearned, whatNext: DEMO_REFLECTION.whatNext },
    });
    expect(items[0]!.link).toMatch(/^\/t\//);

    // The job, when it runs for that reply, writes nothing more.
    for (const { post_id } of await t.database.db.selectFrom("learning_log_entries").select("post_id").execute()) {
      expect(await t.services.learningLog.recordReply(post_id!)).toBe(false);
    }
    expect((await t.services.learningLog.list(viewer)).items).toHaveLength(2);
  });

  it("is on nobody else's account", async () => {
    const accounts = await t.database.db.selectFrom("learning_log_settings").select("account_id").execute();
    expect(accounts.map((a) => a.account_id)).toEqual([await t.services.accounts.accountIdOf(DEMO_CLINICIAN.username)]);
  });
});
