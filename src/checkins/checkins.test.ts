/**
 * Check-ins over the API: the template (the community's, or the general one), checking in
 * once a day whatever is tapped, answers checked against the template, a history only its
 * member sees (JSON and CSV), and a weekly summary that never shows a number of fewer than
 * 5 members.
 */
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test/helpers/test-app.ts";
import { createCommunity, join, signUp, type Member } from "../../test/helpers/factories.ts";
import { requestsAs } from "../../test/helpers/requests.ts";

let t: TestApp;
let owner: Member;
let member: Member;
let outsider: Member;
let copd: { slug: string };
let general: { slug: string };
const { get, post } = requestsAs(() => t);

const COPD_TEMPLATE = {
  fields: [
    { id: "breathlessness", label: "How breathless are you today?", type: "scale", min: 0, max: 10 },
    { id: "reliever", label: "Did you use your reliever more than usual?", type: "boolean" },
    { id: "phlegm", label: "Phlegm colour", type: "choice", options: ["Clear", "White", "Yellow or green"] },
    { id: "note", label: "Anything else?", type: "text" },
  ],
};
const answers = (breathlessness = 4) => ({ breathlessness, reliever: false, phlegm: "Clear" });

const patchCharter = (slug: string, checkinTemplate: unknown) =>
  t.request({ method: "PATCH", url: `/api/v1/communities/${slug}`, token: owner.token, payload: { charter: { checkinTemplate } } });

beforeAll(async () => {
  t = await createTestApp();
  owner = await signUp(t);
  member = await signUp(t);
  outsider = await signUp(t);
  copd = await createCommunity(t, owner);
  general = await createCommunity(t, owner);
  await join(t, member, copd.slug);
  await join(t, member, general.slug);
  const set = await patchCharter(copd.slug, COPD_TEMPLATE);
  expect(set.statusCode, set.body).toBe(200);
}, 120_000);
afterAll(() => t.close());

describe("the check-in template", () => {
  it("is the community's own, set in its charter, or the general wellbeing one", async () => {
    const own = await get(null, `/api/v1/communities/${copd.slug}/checkin-template`);
    expect(own.json()).toMatchObject({ general: false, fields: COPD_TEMPLATE.fields });
    const fallback = await get(null, `/api/v1/communities/${general.slug}/checkin-template`);
    expect(fallback.json().general).toBe(true);
    expect(fallback.json().fields.map((f: { id: string }) => f.id)).toEqual(["wellbeing", "sleep", "energy", "note"]);
    const welsh = await t.request({ method: "GET", url: `/api/v1/communities/${general.slug}/checkin-template`, headers: { "accept-language": "cy" } });
    expect(welsh.json().fields[0].label).toBe("At ei gilydd, sut rydych chi heddiw?");
  });

  it.each([
    ["two questions with one id", { fields: [COPD_TEMPLATE.fields[0], { ...COPD_TEMPLATE.fields[1], id: "breathlessness" }] }, "charter.checkinTemplate.fields[1].id"],
    ["a choice with no options", { fields: [{ id: "mood", label: "Mood", type: "choice", options: [] }] }, "charter.checkinTemplate.fields[0].options"],
    ["a choice with an empty option", { fields: [{ id: "mood", label: "Mood", type: "choice", options: ["Good", " "] }] }, "charter.checkinTemplate.fields[0].options"],
    ["a scale upside down", { fields: [{ id: "pain", label: "Pain", type: "scale", min: 10, max: 0 }] }, "charter.checkinTemplate.fields[0].max"],
    ["no questions", { fields: [] }, "charter.checkinTemplate.fields"],
  ])("turns down %s with 400 naming the field, and keeps the template it had", async (_what, template, field) => {
    const response = await patchCharter(copd.slug, template);
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().error.fields).toHaveProperty([field]);
    expect((await get(null, `/api/v1/communities/${copd.slug}/checkin-template`)).json().fields).toEqual(COPD_TEMPLATE.fields);
  });
});

describe("checking in", () => {
  it("writes today's check-in for a member, and a second one the same day replaces it", async () => {
    const first = await post(member, `/api/v1/communities/${copd.slug}/checkins`, { values: answers(4) });
    expect(first.statusCode, first.body).toBe(201);
    const again = await post(member, `/api/v1/communities/${copd.slug}/checkins`, { values: { ...answers(6), note: "Windy walk." } });
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toMatchObject({ id: first.json().id, replaced: true });
    const mine = await get(member, `/api/v1/me/checkins?community=${copd.slug}`);
    expect(mine.json().items).toEqual([{ id: first.json().id, day: first.json().day, values: { ...answers(6), note: "Windy walk." }, shared: false }]);
  });

  it("counts ten taps at once as one check-in", async () => {
    const tapper = await signUp(t);
    await join(t, tapper, copd.slug);
    const taps = await Promise.all(Array.from({ length: 10 }, (_, i) => post(tapper, `/api/v1/communities/${copd.slug}/checkins`, { values: answers(i) })));
    expect(taps.map((r) => r.statusCode).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
    expect((await get(tapper, `/api/v1/me/checkins?community=${copd.slug}`)).json().items).toHaveLength(1);
  });

  it.each([
    ["a scale answer above its range", { ...answers(), breathlessness: 11 }, "values.breathlessness"],
    ["a scale answer that is not a number", { ...answers(), breathlessness: "bad" }, "values.breathlessness"],
    ["a yes-or-no given as a number", { ...answers(), reliever: 1 }, "values.reliever"],
    ["a choice that is not an option", { ...answers(), phlegm: "Purple" }, "values.phlegm"],
    ["a question the template does not ask", { ...answers(), mood: 3 }, "values.mood"],
    ["a scale left out", { reliever: false, phlegm: "Clear" }, "values.breathlessness"],
  ])("turns down %s with 400 naming it, and writes nothing", async (_what, values, field) => {
    const fresh = await signUp(t);
    await join(t, fresh, copd.slug);
    const response = await post(fresh, `/api/v1/communities/${copd.slug}/checkins`, { values });
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().error.fields).toHaveProperty([field]);
    expect((await get(fresh, `/api/v1/me/checkins?community=${copd.slug}`)).json().items).toEqual([]);
  });

  it("is for members: 401 signed out, 403 for someone who has not joined", async () => {
    expect((await post(null, `/api/v1/communities/${copd.slug}/checkins`, { values: answers() })).statusCode).toBe(401);
    const refused = await post(outsider, `/api/v1/communities/${copd.slug}/checkins`, { values: answers() });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.message).toBe("Join this community to check in.");
  });

  it("hides a hidden community's template and check-ins behind the same 404 as a missing one", async () => {
    const hidden = await createCommunity(t, owner, { visibility: "hidden" });
    for (const slug of [hidden.slug, "no-such-community"]) {
      expect((await get(outsider, `/api/v1/communities/${slug}/checkin-template`)).statusCode).toBe(404);
      expect((await post(outsider, `/api/v1/communities/${slug}/checkins`, { values: answers() })).statusCode).toBe(404);
      expect((await get(outsider, `/api/v1/me/checkins?community=${slug}`)).statusCode).toBe(404);
    }
  });
});

describe("a member's history", () => {
  it("is theirs alone: another member of the same community sees none of it", async () => {
    const other = await signUp(t);
    await join(t, other, copd.slug);
    expect((await get(member, `/api/v1/me/checkins?community=${copd.slug}`)).json().items).toHaveLength(1);
    expect((await get(other, `/api/v1/me/checkins?community=${copd.slug}`)).json().items).toEqual([]);
    expect((await get(owner, `/api/v1/me/checkins?community=${copd.slug}`)).json().items).toEqual([]);
    expect((await get(null, `/api/v1/me/checkins?community=${copd.slug}`)).statusCode).toBe(401);
  });

  it("downloads as CSV, oldest first, with a cell a spreadsheet would run kept as text", async () => {
    const writer = await signUp(t);
    await join(t, writer, copd.slug);
    await post(writer, `/api/v1/communities/${copd.slug}/checkins`, { values: { ...answers(3), note: "=HYPERLINK(\"x\")" } });
    const csv = await get(writer, `/api/v1/me/checkins?community=${copd.slug}&format=csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers["content-type"]).toBe("text/csv; charset=utf-8");
    const [header, row] = csv.body.trim().split("\r\n");
    expect(header).toBe("Day,How breathless are you today?,Did you use your reliever more than usual?,Phlegm colour,Anything else?,Shared in the weekly summary");
    expect(row).toMatch(/^\d{4}-\d{2}-\d{2},3,No,Clear,"'=HYPERLINK\(""x""\)",No$/);
  });
});

describe("the community's week", () => {
  /** `n` new members of `slug` who share today's check-in, each with an earlier shared one from `before` (a function of i). */
  async function sharers(slug: string, n: number, today: (i: number) => number, before?: (i: number) => number) {
    for (let i = 0; i < n; i++) {
      const m = await signUp(t);
      await join(t, m, slug);
      const done = await post(m, `/api/v1/communities/${slug}/checkins`, { values: answers(today(i)), share: true });
      expect(done.statusCode, done.body).toBe(201);
      if (before) {
        await sql`insert into checkins (id, community_id, account_id, day, answers, shared)
          select ${`old-${m.id}`}, community_id, account_id, day - 10, ${JSON.stringify(answers(before(i)))}::jsonb, true
          from checkins where account_id = ${m.id}`.execute(t.database.db);
      }
    }
  }

  it("shows nothing until 5 members share, and never anyone's answers", async () => {
    const few = await createCommunity(t, owner);
    await patchCharter(few.slug, COPD_TEMPLATE);
    await sharers(few.slug, 4, () => 7, () => 2);
    const summary = await get(owner, `/api/v1/communities/${few.slug}/checkins/summary`);
    expect(summary.statusCode, summary.body).toBe(200);
    expect(summary.json().members).toBeNull();
    expect(summary.json().fields.every((f: { up: unknown; down: unknown; yes: unknown }) => f.up === null && f.down === null && f.yes === null)).toBe(true);
    await sharers(few.slug, 1, () => 7);
    expect((await get(owner, `/api/v1/communities/${few.slug}/checkins/summary`)).json().members).toBe(5);
  });

  it("gives a count only when it counts at least 5 members and leaves at least 5 out", async () => {
    const many = await createCommunity(t, owner);
    await patchCharter(many.slug, COPD_TEMPLATE);
    // 11 share: 6 more breathless than last time, 5 the same; a member who did not share is not counted.
    await sharers(many.slug, 11, (i) => (i < 6 ? 8 : 3), () => 3);
    await join(t, member, many.slug);
    await post(member, `/api/v1/communities/${many.slug}/checkins`, { values: answers(10) });
    const summary = (await get(member, `/api/v1/communities/${many.slug}/checkins/summary`)).json();
    expect(summary.members).toBe(11);
    expect(summary.fields.find((f: { id: string }) => f.id === "breathlessness")).toEqual({
      id: "breathlessness",
      label: "How breathless are you today?",
      type: "scale",
      up: 6,
      down: null, // none went down: 0 is fewer than 5
      yes: null,
    });
    // Nobody said yes to the reliever question, and "no for 11" would be everyone: neither is shown.
    expect(summary.fields.find((f: { id: string }) => f.id === "reliever").yes).toBeNull();
  });

  it("is for members", async () => {
    expect((await get(outsider, `/api/v1/communities/${copd.slug}/checkins/summary`)).statusCode).toBe(403);
    expect((await get(null, `/api/v1/communities/${copd.slug}/checkins/summary`)).statusCode).toBe(401);
  });
});
