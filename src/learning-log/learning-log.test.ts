/**
 * The learning log through its API, with the job queue running (issue 14 part 5, ADR 50): an entry
 * appears once for a question answered, a second reply adds nothing, a log that is off records
 * nothing, the owner edits minutes and reflection, and nobody else can see any of it.
 * Questions are asked and answered through the questions API (src/questions).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test/helpers/test-app.ts";
import { createCommunity, join, reply, signUp, startThread, type Member } from "../../test/helpers/factories.ts";
import { makeClinician, signedInAdmin, type Clinician } from "../../test/helpers/clinician-fixtures.ts";
import { LEARNING_LOG_LIMITS } from "../shared/limits.ts";

let t: TestApp;
let asker: Member;
let clinician: Clinician;
let slug: string;
let communityName: string;

beforeAll(async () => {
  t = await createTestApp({ work: true });
  const admin = await signedInAdmin(t);
  asker = await signUp(t);
  clinician = await makeClinician(t, admin);
  const community = await createCommunity(t, asker, { name: "Breathe Easy Leeds" });
  slug = community.slug;
  communityName = community.name;
  await join(t, clinician, slug);
}, 60_000);

afterAll(async () => {
  await t?.close();
});

type Entry = { id: string; kind: string; title: string; community: { name: string; slug: string } | null; link: string | null; date: string; minutes: number; minutesSource: string; reflection: Record<string, string | null> };

const call = (who: { token: string } | null, method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE", url: string, payload?: object) =>
  t.request({ method, url, ...(who ? { token: who.token } : {}), ...(payload ? { payload } : {}) });

async function settle() {
  await t.services.queue.settle();
  await new Promise((resolve) => setTimeout(resolve, 200));
}

async function turnLog(who: Member, enabled: boolean) {
  const response = await call(who, "PUT", "/api/v1/me/learning-log/settings", { enabled });
  expect(response.statusCode, response.body).toBe(200);
}

async function entries(who: Member): Promise<Entry[]> {
  const response = await call(who, "GET", "/api/v1/me/learning-log?limit=100");
  expect(response.statusCode, response.body).toBe(200);
  return response.json().items as Entry[];
}

/** A question, asked through the questions API. */
async function askQuestion(title: string) {
  const response = await call(asker, "POST", `/api/v1/communities/${slug}/questions`, { title, body: "I get breathless on the stairs in the morning. Is that something to mention to my nurse?", topics: ["copd"] });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string; postId: string };
}

/** An answer through the questions API, as the clinician's anonymous persona. */
async function answerAsAnonymous(threadId: string, body: string) {
  const response = await call(clinician, "POST", `/api/v1/questions/${threadId}/answers`, { body, personaId: clinician.anonymousPersonaId });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string };
}

describe("entries made by the job", () => {
  it("records a question answered once, from an anonymous persona's reply, with an estimate of at least 5 minutes", async () => {
    await turnLog(clinician, true);
    const question = await askQuestion("Breathless on the stairs");
    await answerAsAnonymous(question.id, "Speaking generally: yes, tell your own nurse, and note when it happens.");
    await settle();
    const made = (await entries(clinician)).filter((e) => e.link === `/t/${question.id}`);
    expect(made).toHaveLength(1);
    expect(made[0]).toMatchObject({ kind: "question_answered", title: "Breathless on the stairs", community: { name: communityName, slug }, minutesSource: "estimated" });
    expect(made[0]!.minutes).toBeGreaterThanOrEqual(5);

    // A second reply in the same thread, and the job run again for the first, add nothing.
    const second = await answerAsAnonymous(question.id, "One more thought: a diary of good and bad days helps too.");
    await settle();
    expect(await t.services.learningLog.recordReply(second.id)).toBe(false);
    expect((await entries(clinician)).filter((e) => e.link === `/t/${question.id}`)).toHaveLength(1);
  });

  it("estimates longer for a longer answer", async () => {
    const question = await askQuestion("Pulmonary rehab: what happens there?");
    await answerAsAnonymous(question.id, "word ".repeat(400));
    await settle();
    const [made] = (await entries(clinician)).filter((e) => e.link === `/t/${question.id}`);
    // 400 words at 20 a minute is 20 minutes of writing, and a little reading.
    expect(made!.minutes).toBe(21);
  });

  it("calls a reply to an ordinary thread taking part, and the asker's own reply to their question too", async () => {
    await turnLog(asker, true);
    const ordinary = await startThread(t, asker, slug, "general", { title: "Cold mornings" });
    await reply(t, clinician, ordinary.id);
    const question = await askQuestion("Inhaler spacers");
    await reply(t, asker, question.id, "To add: I use a blue one.");
    await settle();
    expect((await entries(clinician)).find((e) => e.link === `/t/${ordinary.id}`)?.kind).toBe("thread_engaged");
    expect((await entries(asker)).find((e) => e.link === `/t/${question.id}`)?.kind).toBe("thread_engaged");
  });

  it("records nothing while the log is off, and nothing for someone who never turned it on", async () => {
    const never = await signUp(t);
    await join(t, never, slug);
    await turnLog(clinician, false);
    const question = await askQuestion("Oxygen at night");
    await answerAsAnonymous(question.id, "Your own team can tell you whether you need it.");
    await reply(t, never, question.id);
    await settle();
    expect((await entries(clinician)).some((e) => e.link === `/t/${question.id}`)).toBe(false);
    expect(await entries(never)).toEqual([]);
    await turnLog(clinician, true);
  });

  it("keeps an entry, without its link, when the thread is deleted", async () => {
    const thread = await startThread(t, clinician, slug, "general", { title: "A thread I will take down" });
    const myReply = await reply(t, clinician, thread.id, "A note to myself here.");
    await settle();
    const before = (await entries(clinician)).find((e) => e.link === `/t/${thread.id}`);
    expect(before).toBeDefined();
    for (const postId of [myReply.id, thread.postId]) {
      const deleted = await call(clinician, "DELETE", `/api/v1/posts/${postId}`);
      expect(deleted.statusCode, deleted.body).toBe(204);
    }
    expect(await t.database.db.selectFrom("threads").select("id").where("id", "=", thread.id).executeTakeFirst()).toBeUndefined();
    const after = (await entries(clinician)).find((e) => e.id === before!.id);
    expect(after).toMatchObject({ title: "A thread I will take down", link: null, community: { name: communityName } });
  });
});

describe("the owner's changes", () => {
  it("replaces the estimate with the owner's minutes and writes the reflection", async () => {
    const [entry] = await entries(clinician);
    const changed = await call(clinician, "PATCH", `/api/v1/me/learning-log/${entry!.id}`, { minutes: 25, reflection: { whatHappened: "  Answered a question about breathlessness.  ", whatLearned: "Ask about the stairs." } });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ minutes: 25, minutesSource: "self_reported", reflection: { whatHappened: "Answered a question about breathlessness.", whatLearned: "Ask about the stairs.", whatNext: null } });
    // A heading left out stays; null clears one.
    const cleared = await call(clinician, "PATCH", `/api/v1/me/learning-log/${entry!.id}`, { reflection: { whatLearned: null, whatNext: "Mention a diary sooner." } });
    expect(cleared.json().reflection).toEqual({ whatHappened: "Answered a question about breathlessness.", whatLearned: null, whatNext: "Mention a diary sooner." });
    expect(cleared.json().minutes).toBe(25);
  });

  it("adds a manual entry for work done elsewhere, and deletes it", async () => {
    const added = await call(clinician, "POST", "/api/v1/me/learning-log", { title: "Asthma update course", date: "2026-11-20", minutes: 90, reflection: { whatLearned: "New inhaler guidance." } });
    expect(added.statusCode, added.body).toBe(201);
    expect(added.json()).toMatchObject({ kind: "other", title: "Asthma update course", community: null, link: null, minutes: 90, minutesSource: "self_reported", date: "2026-11-20T12:00:00.000Z" });
    const id = added.json().id as string;
    expect((await call(clinician, "DELETE", `/api/v1/me/learning-log/${id}`)).statusCode).toBe(204);
    expect((await call(clinician, "GET", `/api/v1/me/learning-log/${id}`)).statusCode).toBe(404);
  });

  it("pages the list newest first with a cursor", async () => {
    const first = await call(clinician, "GET", "/api/v1/me/learning-log?limit=2");
    expect(first.json().items).toHaveLength(2);
    expect(first.json().nextCursor).toEqual(expect.any(String));
    const rest = await call(clinician, "GET", `/api/v1/me/learning-log?limit=100&cursor=${encodeURIComponent(first.json().nextCursor)}`);
    const all = await entries(clinician);
    expect([...first.json().items, ...rest.json().items].map((e: Entry) => e.id)).toEqual(all.map((e) => e.id));
    const dates = all.map((e) => e.date);
    expect([...dates].sort().reverse()).toEqual(dates);
  });
});

describe("bad input: a clear 400, and nothing written", () => {
  const bad: [string, object, string][] = [
    ["minutes of 0", { minutes: 0 }, "minutes"],
    ["minutes over a day", { minutes: LEARNING_LOG_LIMITS.maxMinutes + 1 }, "minutes"],
    ["minutes that are not whole", { minutes: 2.5 }, "minutes"],
    ["minutes as text", { minutes: "10" }, "minutes"],
    ["an empty reflection heading", { reflection: { whatHappened: "" } }, "reflection.whatHappened"],
    ["a blank reflection heading", { reflection: { whatLearned: "   " } }, "reflection.whatLearned"],
    ["an over-long reflection", { reflection: { whatNext: "x".repeat(LEARNING_LOG_LIMITS.reflection + 1) } }, "reflection.whatNext"],
    ["nothing to change", {}, "minutes"],
    ["an unknown heading", { reflection: { whatElse: "x" } }, "reflection"],
  ];
  it.each(bad)("refuses %s", async (_, payload, field) => {
    const [entry] = await entries(clinician);
    const response = await call(clinician, "PATCH", `/api/v1/me/learning-log/${entry!.id}`, payload);
    expect(response.statusCode, response.body).toBe(400);
    expect(JSON.stringify(response.json().error)).toContain(field);
    const [after] = await entries(clinician);
    expect(after).toEqual(entry);
  });

  it("refuses a manual entry without a title, with a date in the future or not a date, and writes none", async () => {
    const before = (await entries(clinician)).length;
    for (const [payload, field] of [
      [{ title: " ", minutes: 10 }, "title"],
      [{ title: "Course", minutes: 10, date: "2999-01-01" }, "date"],
      [{ title: "Course", minutes: 10, date: "2026-02-31" }, "date"],
      [{ title: "Course", minutes: 0 }, "minutes"],
    ] as const) {
      const response = await call(clinician, "POST", "/api/v1/me/learning-log", payload);
      expect(response.statusCode, response.body).toBe(400);
      expect(JSON.stringify(response.json().error)).toContain(field);
    }
    expect(await entries(clinician)).toHaveLength(before);
  });

  it("answers an unknown id and someone else's id with the same 404", async () => {
    const [entry] = await entries(clinician);
    const unknown = await call(clinician, "PATCH", "/api/v1/me/learning-log/AAAAAAAAAAAAAAAA", { minutes: 10 });
    const others = await call(asker, "PATCH", `/api/v1/me/learning-log/${entry!.id}`, { minutes: 10 });
    expect(unknown.statusCode).toBe(404);
    expect(others.statusCode).toBe(404);
    expect(others.json()).toEqual(unknown.json());
    expect((await entries(clinician))[0]).toEqual(entry);
  });
});

describe("privacy: the log is its owner's alone", () => {
  it("gives another member a 404 for every door to an entry, and an empty list of their own", async () => {
    const stranger = await signUp(t);
    const [entry] = await entries(clinician);
    for (const [method, payload] of [["GET"], ["PATCH", { minutes: 9 }], ["DELETE"]] as const) {
      const response = await call(stranger, method, `/api/v1/me/learning-log/${entry!.id}`, payload);
      expect(response.statusCode, `${method}: ${response.body}`).toBe(404);
    }
    expect(await entries(stranger)).toEqual([]);
    expect((await call(stranger, "GET", "/api/v1/me/learning-log?format=csv")).body).not.toContain(entry!.title);
    expect((await entries(clinician))[0]).toEqual(entry);
  });

  it("answers a guest 401 on the API", async () => {
    const [entry] = await entries(clinician);
    for (const [method, url] of [
      ["GET", "/api/v1/me/learning-log"],
      ["GET", "/api/v1/me/learning-log?format=csv"],
      ["GET", `/api/v1/me/learning-log/${entry!.id}`],
      ["GET", "/api/v1/me/learning-log/settings"],
    ] as const) {
      expect((await call(null, method, url)).statusCode, url).toBe(401);
    }
  });

  it("shows nothing of the log on the answerer's public persona page", async () => {
    const page = await call(asker, "GET", `/api/v1/personas/${clinician.anonymousPersonaId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toMatch(/learning/i);
  });
});
