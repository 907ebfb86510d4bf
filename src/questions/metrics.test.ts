/**
 * A community's response times to questions (issue 14 part 4, ADR 51), through the API and the
 * public health page: real medians, percentiles and shares; figures from fewer than 5 questions
 * withheld in public (never their count); a members-only space's questions never in the public
 * figures, yet in the moderators'; and a hidden community the same 404 as none.
 *
 * Most questions are threads made through the API with their `questions` rows written here as
 * fixture set-up, so they are asked and first answered at chosen times, by clinicians and expert
 * patients; one test asks and answers through the questions API itself.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test/helpers/test-app.ts";
import { createCommunity, createSpace, join, setRole, signUp, startThread, type Member } from "../../test/helpers/factories.ts";
import { newBrowser } from "../../test/helpers/browser-form.ts";
import { sql } from "kysely";
import type { FirstAnswerBy } from "../db/schema.ts";

let t: TestApp;
let owner: Member;

const HOUR = 3600_000;

beforeAll(async () => {
  // With the job queue working: the questions core notes a first answer in a subscriber of post.created.
  t = await createTestApp({ work: true });
  owner = await signUp(t);
}, 60_000);

afterAll(async () => {
  await t?.close();
});

type Figure = { value: number | null; basedOn: number | null; withheld: string | null };
type Figures = Record<"medianTimeToFirstAnswer" | "p90TimeToFirstAnswer" | "answeredWithin24h" | "answeredWithin24hByClinicians" | "answeredWithin24hByExpertPatients", Figure>;
type Metrics = { community: { slug: string }; window: { days: number }; public: Figures; all: Figures | null; allNeedsSecondFactor: boolean };

async function metricsOf(slug: string, who?: Member): Promise<Metrics> {
  const response = await t.request({ method: "GET", url: `/api/v1/communities/${slug}/questions/metrics`, ...(who ? { token: who.token } : {}) });
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as Metrics;
}

type Asked = { hoursAgo?: number; answeredAfter?: number; by?: FirstAnswerBy; space?: string };

/** A question thread asked `hoursAgo` (72 unless said), first answered `answeredAfter` hours later by `by`, or never. */
async function ask(community: { id: string; slug: string }, question: Asked = {}) {
  const thread = await startThread(t, owner, community.slug, question.space ?? "general", { title: "How do you pace yourself?" });
  const created = new Date(Date.now() - (question.hoursAgo ?? 72) * HOUR);
  const answered = question.answeredAfter === undefined ? null : new Date(created.getTime() + question.answeredAfter * HOUR);
  await t.database.db
    .insertInto("questions")
    .values({ thread_id: thread.id, community_id: community.id, created_at: created, first_answer_at: answered, first_answer_by: answered ? (question.by ?? "member") : null })
    .execute();
  return thread;
}

/** Six questions: answered after 1 h and 2 h by clinicians, 3 h by an expert patient, 4 h and 30 h by members, and one never. */
async function sixQuestions(community: { id: string; slug: string }, space = "general") {
  for (const [answeredAfter, by] of [[1, "clinician"], [2, "clinician"], [3, "expert_patient"], [4, "member"], [30, "member"]] as const) await ask(community, { answeredAfter, by, space });
  await ask(community, { space });
}

describe("the figures", () => {
  it("gives the median and 90th percentile of the time to a first answer, and the shares answered within 24 hours", async () => {
    const community = await createCommunity(t, owner, { name: "Breathe Easy Leeds" });
    await sixQuestions(community);
    const { public: figures } = await metricsOf(community.slug);
    // Over the five answered: 1, 2, 3, 4 and 30 hours. The median is 3 h; the 90th percentile is 4 h + 0.6 × 26 h.
    expect(figures.medianTimeToFirstAnswer).toEqual({ value: 3 * 3600, basedOn: 5, withheld: null });
    expect(figures.p90TimeToFirstAnswer).toEqual({ value: 19.6 * 3600, basedOn: 5, withheld: null });
    // Of the six, four were answered within a day: two first by clinicians, one by an expert patient.
    expect(figures.answeredWithin24h).toEqual({ value: 0.6667, basedOn: 6, withheld: null });
    expect(figures.answeredWithin24hByClinicians).toEqual({ value: 0.3333, basedOn: 6, withheld: null });
    expect(figures.answeredWithin24hByExpertPatients).toEqual({ value: 0.1667, basedOn: 6, withheld: null });

    const page = await t.request({ method: "GET", url: `/c/${community.slug}/health` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("<h1>Community health</h1>");
    expect(page.body).toMatch(/<caption[^>]*>Response times to questions in public spaces, last 90 days<\/caption>/);
    for (const shown of ["3 hours", "19.6 hours", "67%", "33%", "17%", "5 questions", "6 questions"]) expect(page.body).toContain(`<td>${shown}</td>`);
    // Nobody but its moderators sees the second table.
    expect(page.body).not.toContain("Response times to questions in every space");
  });

  it("counts the last 90 days only, leaves questions under a day old out of the shares, and never counts a hidden one", async () => {
    const community = await createCommunity(t, owner);
    await sixQuestions(community);
    await ask(community, { hoursAgo: 100 * 24, answeredAfter: 1 });
    // Asked two hours ago and answered after one: in the times, not in the shares.
    await ask(community, { hoursAgo: 2, answeredAfter: 1 });
    const hidden = await ask(community, { answeredAfter: 100 });
    await t.database.db.updateTable("threads").set({ hidden_at: new Date() }).where("id", "=", hidden.id).execute();

    const { public: figures } = await metricsOf(community.slug);
    expect(figures.medianTimeToFirstAnswer).toEqual({ value: 2.5 * 3600, basedOn: 6, withheld: null });
    expect(figures.answeredWithin24h).toEqual({ value: 0.6667, basedOn: 6, withheld: null });
  });
});

describe("questions asked and answered through the questions API", () => {
  it("counts each first answer the questions core records, as a member's", async () => {
    const community = await createCommunity(t, owner);
    const answerer = await signUp(t);
    await join(t, answerer, community.slug);
    for (let i = 0; i < 5; i++) {
      const asked = await t.request({ method: "POST", url: `/api/v1/communities/${community.slug}/questions`, token: owner.token, payload: { title: `Oxygen at night ${i}`, body: "Is a concentrator loud?", topics: ["Oxygen"] } });
      expect(asked.statusCode, asked.body).toBe(201);
      const answered = await t.request({ method: "POST", url: `/api/v1/questions/${asked.json().id}/answers`, token: answerer.token, payload: { body: "Mine hums quietly." } });
      expect(answered.statusCode, answered.body).toBe(201);
    }
    await t.services.queue.settle();
    // Asked a moment ago: in the times (answered within seconds), not yet in the shares.
    const now = await metricsOf(community.slug);
    expect(now.public.medianTimeToFirstAnswer.basedOn).toBe(5);
    expect(now.public.medianTimeToFirstAnswer.value).toBeLessThan(60);
    expect(now.public.answeredWithin24h.withheld).toBe("fewer_than_5_questions");
    // Two days on (the rows moved back in time), all five count, each answered first by a member.
    await t.database.db
      .updateTable("questions")
      .set((eb) => ({ created_at: sql<Date>`${eb.ref("created_at")} - interval '2 days'`, first_answer_at: sql<Date>`${eb.ref("first_answer_at")} - interval '2 days'` }))
      .where("community_id", "=", community.id)
      .execute();
    const later = await metricsOf(community.slug);
    expect(later.public.answeredWithin24h).toEqual({ value: 1, basedOn: 5, withheld: null });
    expect(later.public.answeredWithin24hByClinicians).toEqual({ value: 0, basedOn: 5, withheld: null });
    expect(later.public.answeredWithin24hByExpertPatients).toEqual({ value: 0, basedOn: 5, withheld: null });
  });
});

describe("small numbers", () => {
  it("withholds every figure made from 4 questions, saying why and never how many, and shows them at 5", async () => {
    const community = await createCommunity(t, owner);
    for (const hours of [1, 2, 3, 4]) await ask(community, { answeredAfter: hours, by: "clinician" });
    const four = await metricsOf(community.slug);
    for (const figure of Object.values(four.public)) expect(figure).toEqual({ value: null, basedOn: null, withheld: "fewer_than_5_questions" });
    const page = await t.request({ method: "GET", url: `/c/${community.slug}/health` });
    expect(page.body).toContain("fewer than 5 questions — not shown");
    expect(page.body).not.toMatch(/4 questions|4 question\b/);

    await ask(community, { answeredAfter: 5, by: "expert_patient" });
    const five = await metricsOf(community.slug);
    expect(five.public.medianTimeToFirstAnswer).toEqual({ value: 3 * 3600, basedOn: 5, withheld: null });
    expect(five.public.answeredWithin24hByClinicians).toEqual({ value: 0.8, basedOn: 5, withheld: null });
    expect(five.public.answeredWithin24hByExpertPatients).toEqual({ value: 0.2, basedOn: 5, withheld: null });
  });

  it("withholds the times, but not the shares, when fewer than 5 of the questions were answered", async () => {
    const community = await createCommunity(t, owner);
    for (const hours of [1, 2, 3, 4]) await ask(community, { answeredAfter: hours });
    await ask(community);
    const { public: figures } = await metricsOf(community.slug);
    expect(figures.medianTimeToFirstAnswer.withheld).toBe("fewer_than_5_questions");
    expect(figures.p90TimeToFirstAnswer.withheld).toBe("fewer_than_5_questions");
    expect(figures.answeredWithin24h).toEqual({ value: 0.8, basedOn: 5, withheld: null });
  });
});

describe("who sees what", () => {
  it("never counts a members-only space's questions in public, while its owners and moderators see every space", async () => {
    const community = await createCommunity(t, owner);
    const space = (await createSpace(t, owner, community.slug, "members")).slug;
    await sixQuestions(community);
    // Three more, members only, all answered within the hour by clinicians.
    for (let i = 0; i < 3; i++) await ask(community, { space, answeredAfter: 0.5, by: "clinician" });
    const member = await signUp(t);
    await join(t, member, community.slug);
    const moderator = await signUp(t);
    await join(t, moderator, community.slug);
    await setRole(t, owner, community.slug, moderator, "moderator");

    for (const viewer of [undefined, member, moderator, owner]) {
      const seen = await metricsOf(community.slug, viewer);
      expect(seen.public.answeredWithin24h).toEqual({ value: 0.6667, basedOn: 6, withheld: null });
      expect(seen.public.answeredWithin24hByClinicians).toEqual({ value: 0.3333, basedOn: 6, withheld: null });
    }
    expect((await metricsOf(community.slug)).all).toBeNull();
    expect((await metricsOf(community.slug, member)).all).toBeNull();
    for (const runner of [moderator, owner]) {
      const all = (await metricsOf(community.slug, runner)).all!;
      expect(all.answeredWithin24h).toEqual({ value: 0.7778, basedOn: 9, withheld: null });
      expect(all.answeredWithin24hByClinicians).toEqual({ value: 0.5556, basedOn: 9, withheld: null });
      expect(all.medianTimeToFirstAnswer).toEqual({ value: 1.5 * 3600, basedOn: 8, withheld: null });
    }

    const page = await (await newBrowser(t, moderator)).get(`/c/${community.slug}/health`);
    expect(page.body).toMatch(/<caption[^>]*>Response times to questions in every space, last 90 days<\/caption>/);
    expect(page.body).toContain("<td>9 questions</td>");
    const asMember = await (await newBrowser(t, member)).get(`/c/${community.slug}/health`);
    expect(asMember.body).not.toContain("9 questions");
    expect(asMember.body).not.toContain("Response times to questions in every space");
  });

  it("shows a moderator's figures without withholding small numbers", async () => {
    const community = await createCommunity(t, owner);
    const space = (await createSpace(t, owner, community.slug, "members")).slug;
    await ask(community, { space, answeredAfter: 2, by: "expert_patient" });
    const seen = await metricsOf(community.slug, owner);
    expect(seen.public.answeredWithin24h.withheld).toBe("fewer_than_5_questions");
    expect(seen.all!.answeredWithin24hByExpertPatients).toEqual({ value: 1, basedOn: 1, withheld: null });
    expect(seen.all!.medianTimeToFirstAnswer).toEqual({ value: 7200, basedOn: 1, withheld: null });
  });

  it("answers a hidden community's page and figures to an outsider as it answers a community that does not exist", async () => {
    const hidden = await createCommunity(t, owner, { visibility: "hidden" });
    await sixQuestions(hidden);
    const outsider = await signUp(t);
    for (const who of [undefined, outsider]) {
      const token = who ? { token: who.token } : {};
      const api = await t.request({ method: "GET", url: `/api/v1/communities/${hidden.slug}/questions/metrics`, ...token });
      const none = await t.request({ method: "GET", url: "/api/v1/communities/no-such-place/questions/metrics", ...token });
      expect(api.statusCode).toBe(404);
      expect(api.body).toBe(none.body);
      const page = await t.request({ method: "GET", url: `/c/${hidden.slug}/health`, ...token });
      expect(page.statusCode).toBe(404);
    }
    // Its members see it; a hidden community has no public spaces, so the public figures are withheld.
    const seen = await metricsOf(hidden.slug, owner);
    expect(seen.public.answeredWithin24h.withheld).toBe("fewer_than_5_questions");
    expect(seen.all!.answeredWithin24h).toEqual({ value: 0.6667, basedOn: 6, withheld: null });
  });

  it("is linked from the community page", async () => {
    const community = await createCommunity(t, owner);
    const page = await t.request({ method: "GET", url: `/c/${community.slug}` });
    expect(page.body).toContain(`href="/c/${community.slug}/health"`);
  });

  it("says it in Welsh", async () => {
    const community = await createCommunity(t, owner);
    await sixQuestions(community);
    const page = await t.request({ method: "GET", url: `/c/${community.slug}/health`, headers: { "accept-language": "cy" } });
    expect(page.body).toContain("<h1>Iechyd y gymuned</h1>");
    expect(page.body).toContain("<td>3 awr</td>");
  });
});
