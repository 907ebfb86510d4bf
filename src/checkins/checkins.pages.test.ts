/**
 * Check-ins in the browser without JavaScript: one press from the community page with the
 * questions already answered, a page of the member's own history — its chart valid SVG with
 * a text alternative, the same answers in a table, a CSV — and a form that comes back naming
 * what to change.
 */
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test/helpers/test-app.ts";
import { createCommunity, join, signUp, type Member } from "../../test/helpers/factories.ts";
import { newBrowser, type FormFields } from "../../test/helpers/browser-form.ts";

let t: TestApp;
let owner: Member;
let community: { slug: string; name: string };

const TEMPLATE = {
  fields: [
    { id: "breathlessness", label: "How breathless are you today?", type: "scale", min: 0, max: 10 },
    { id: "cough", label: "How is your cough?", type: "scale", min: 0, max: 10 },
    { id: "reliever", label: "Did you use your reliever more than usual?", type: "boolean" },
  ],
};

beforeAll(async () => {
  t = await createTestApp();
  owner = await signUp(t);
  community = await createCommunity(t, owner);
  const set = await t.request({ method: "PATCH", url: `/api/v1/communities/${community.slug}`, token: owner.token, payload: { charter: { checkinTemplate: TEMPLATE } } });
  expect(set.statusCode, set.body).toBe(200);
}, 120_000);
afterAll(() => t.close());

/** The radio that is checked in each of the page's groups, by field name. */
const checkedRadios = (html: string) =>
  Object.fromEntries([...html.matchAll(/<input type="radio" id="[^"]*" name="([^"]+)" value="([^"]*)" checked/g)].map((m) => [m[1], m[2]]));

/** What a browser sends when the person presses the form's button without changing anything. */
const asIs = (html: string): FormFields => ({ ...checkedRadios(html) });

describe("checking in from the community page", () => {
  it("is one press: every question already has an answer, and the press saves today's check-in", async () => {
    const member = await signUp(t);
    await join(t, member, community.slug);
    const browser = await newBrowser(t, member);
    const page = await browser.get(`/c/${community.slug}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("How breathless are you today?");
    expect(checkedRadios(page.body)).toEqual({ v_breathlessness: "5", v_cough: "5", v_reliever: "no" });
    const sent = await browser.post(`/c/${community.slug}/checkin`, asIs(page.body));
    expect(sent.statusCode).toBe(303);
    expect(sent.headers.location).toBe(`/c/${community.slug}/checkin?saved=new`);
    const after = await browser.get(sent.headers.location as string);
    expect(after.body).toContain("Thank you. Today’s check-in is saved.");
    // Tomorrow's form starts from today's answers; today's says it would replace them.
    const again = await browser.get(`/c/${community.slug}`);
    expect(again.body).toContain("Check in again");
    expect((await t.request({ method: "GET", url: `/api/v1/me/checkins?community=${community.slug}`, token: member.token })).json().items).toHaveLength(1);
  });

  it("is not offered to guests or to people who have not joined", async () => {
    const guestPage = await (await newBrowser(t)).get(`/c/${community.slug}`);
    expect(guestPage.body).not.toContain('action="/c/' + community.slug + '/checkin"');
    const outsider = await signUp(t);
    const theirs = await (await newBrowser(t, outsider)).get(`/c/${community.slug}`);
    expect(theirs.body).not.toContain('action="/c/' + community.slug + '/checkin"');
    const checkinPage = await (await newBrowser(t, outsider)).get(`/c/${community.slug}/checkin`);
    expect(checkinPage.body).toContain("Join this community to check in.");
  });

  it("sends a guest to sign in, and back", async () => {
    const response = await (await newBrowser(t)).get(`/c/${community.slug}/checkin`);
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(`/signin?next=${encodeURIComponent(`/c/${community.slug}/checkin`)}`);
  });

  it("comes back with 400 naming an answer out of range, keeping the others, and saves nothing", async () => {
    const member = await signUp(t);
    await join(t, member, community.slug);
    const browser = await newBrowser(t, member);
    await browser.get(`/c/${community.slug}/checkin`);
    const response = await browser.post(`/c/${community.slug}/checkin`, { v_breathlessness: "12", v_cough: "2", v_reliever: "yes" });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('href="#field-v_breathlessness"');
    expect(response.body).toContain("Choose a whole number from 0 to 10.");
    expect(checkedRadios(response.body)).toMatchObject({ v_cough: "2", v_reliever: "yes" });
    expect((await t.request({ method: "GET", url: `/api/v1/me/checkins?community=${community.slug}`, token: member.token })).json().items).toEqual([]);
  });
});

describe("the member's own history", () => {
  it("draws a chart per scale that parses as SVG, says its range in words, and has the answers in a table", async () => {
    const member = await signUp(t);
    await join(t, member, community.slug);
    // Three weeks of check-ins, with a missed day, written as if on those days.
    await sql`insert into checkins (id, community_id, account_id, day, answers)
      select 'h-' || ${member.id} || '-' || g, c.id, ${member.id}, current_date - g,
             jsonb_build_object('breathlessness', 2 + g % 5, 'cough', 1 + g % 3, 'reliever', g % 4 = 0)
      from generate_series(1, 21) g, communities c where c.slug = ${community.slug} and g <> 10`.execute(t.database.db);
    const page = await (await newBrowser(t, member)).get(`/c/${community.slug}/checkin`);
    expect(page.statusCode).toBe(200);
    const svgs = [...page.body.matchAll(/<svg[\s\S]*?<\/svg>/g)].map((m) => m[0]);
    expect(svgs).toHaveLength(2);
    for (const svg of svgs) {
      expect(XMLValidator.validate(svg)).toBe(true);
      const parsed = new XMLParser({ ignoreAttributes: false }).parse(svg).svg;
      expect(parsed["@_role"]).toBe("img");
      expect(parsed["@_aria-labelledby"]).toMatch(/^chart-\d-title chart-\d-desc$/);
      // A missed day breaks the line: two runs of days.
      expect(parsed.g[1].polyline).toHaveLength(2);
    }
    const titles = svgs.map((svg) => new XMLParser().parse(svg).svg.title);
    expect(titles).toEqual(["How breathless are you today?", "How is your cough?"]);
    const desc = new XMLParser().parse(svgs[0]!).svg.desc as string;
    expect(desc).toMatch(/^20 check-ins from .+ to .+, on a scale of 0 to 10: lowest 2, highest 6\. The table below has every answer\.$/);
    expect(page.body).toContain("<caption");
    expect(page.body).toContain("Your newest 20 of 20 check-ins");
    expect(page.body).toContain(`href="/c/${community.slug}/checkin/export.csv"`);
  });

  it("downloads as CSV from the page's link", async () => {
    const member = await signUp(t);
    await join(t, member, community.slug);
    const browser = await newBrowser(t, member);
    const page = await browser.get(`/c/${community.slug}/checkin`);
    await browser.post(`/c/${community.slug}/checkin`, asIs(page.body));
    const csv = await browser.get(`/c/${community.slug}/checkin/export.csv`);
    expect(csv.headers["content-type"]).toBe("text/csv; charset=utf-8");
    expect(csv.body.split("\r\n")[1]).toMatch(/^\d{4}-\d{2}-\d{2},5,5,No,No$/);
  });

  it("is in Welsh for a Welsh reader, the chart's words too", async () => {
    const member = await signUp(t);
    await join(t, member, community.slug);
    await sql`insert into checkins (id, community_id, account_id, day, answers)
      select 'cy-' || ${member.id}, c.id, ${member.id}, current_date - 1, '{"breathlessness": 3, "cough": 2, "reliever": true}'::jsonb
      from communities c where c.slug = ${community.slug}`.execute(t.database.db);
    const page = await t.request({ method: "GET", url: `/c/${community.slug}/checkin`, token: member.token, headers: { "accept-language": "cy" } });
    expect(page.body).toContain("Sut rydych chi heddiw?");
    expect(page.body).toContain("1 cofnod o ");
  });
});
