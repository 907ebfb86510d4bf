/**
 * The "check-ins and safety" form (ADR 42), without JavaScript: a community's owner writes
 * its check-in questions, content warnings, crisis services and phrases one a line; members
 * see them at once; a line the API would refuse is named by its number, and nothing changes.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test/helpers/test-app.ts";
import { createCommunity, join, signUp } from "../../test/helpers/factories.ts";
import { newBrowser } from "../../test/helpers/browser-form.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

const charterOf = async (slug: string) => (await t.request({ method: "GET", url: `/api/v1/communities/${slug}` })).json().charter;

async function scene(visibility = "public") {
  const owner = await signUp(t);
  const member = await signUp(t);
  const community = await createCommunity(t, owner, { visibility });
  if (visibility !== "hidden") await join(t, member, community.slug);
  const path = `/c/${community.slug}/settings/care`;
  const browser = await newBrowser(t, owner);
  await browser.get(path); // as a person would: the form first
  return { owner, member, community, path, browser };
}

const FORM = {
  checkinTemplate: "breathless | How breathless are you today? | scale | 0-10\ncough | Coughing more than usual? | yes/no\nsputum | Phlegm colour | choice | Clear; White; Yellow or green\nnotes | Anything else | text",
  contentWarnings: "bereavement\nend of life",
  crisisResources: "GB | Samaritans | 116 123 | | https://www.samaritans.org | 24 hours, every day\nie | Pieta | 1800 247 247",
  dangerNow: "Call 999 or go to A&E.",
  crisisPhrases: "can't go on",
};

describe("the check-ins and safety form", () => {
  it("shows Hearth's content warnings to a community that chose none, and leaves them as the defaults when saved unchanged", async () => {
    const { community, path, browser } = await scene();
    const page = await browser.get(path);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("bereavement\nend of life");
    const untouched = Object.fromEntries([...page.body.matchAll(/<textarea[^>]*name="(\w+)"[^>]*>([^<]*)<\/textarea>/g)].map((m) => [m[1], m[2]!.replace(/&amp;/g, "&")]));
    expect((await browser.post(path, { ...untouched, dangerNow: "" })).statusCode).toBe(303);
    expect((await charterOf(community.slug)).contentWarnings).toBeUndefined();
  });

  it("writes the questions, warnings, services and phrases, and members check in on the new questions", async () => {
    const { member, community, path, browser } = await scene();
    const saved = await browser.post(path, FORM);
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe(`${path}?saved=1`);
    expect((await browser.get(`${path}?saved=1`)).body).toContain("Saved. Members see the changes now.");

    const charter = await charterOf(community.slug);
    expect(charter.checkinTemplate.fields).toEqual([
      { id: "breathless", label: "How breathless are you today?", type: "scale", min: 0, max: 10 },
      { id: "cough", label: "Coughing more than usual?", type: "boolean" },
      { id: "sputum", label: "Phlegm colour", type: "choice", options: ["Clear", "White", "Yellow or green"] },
      { id: "notes", label: "Anything else", type: "text" },
    ]);
    expect(charter.contentWarnings).toEqual(["bereavement", "end of life"]);
    expect(charter.crisisResources).toEqual([
      { country: "GB", name: "Samaritans", phone: "116 123", url: "https://www.samaritans.org", hours: "24 hours, every day" },
      { country: "IE", name: "Pieta", phone: "1800 247 247" },
    ]);
    expect(charter.dangerNow).toBe("Call 999 or go to A&E.");
    expect(charter.crisisPhrases).toEqual(["can't go on"]);

    const checkin = await t.request({ method: "POST", url: `/api/v1/communities/${community.slug}/checkins`, token: member.token, payload: { values: { breathless: 6, cough: true, sputum: "White", notes: "" } } });
    expect(checkin.statusCode).toBe(201);
    const help = await (await newBrowser(t)).get(`/c/${community.slug}/help`);
    expect(help.body).toContain("Call 999 or go to A&amp;E.");
    expect(help.body).toContain("Pieta");

    // The form shows what it saved, line for line, so saving it again changes nothing.
    const again = await browser.get(path);
    expect(again.body).toContain("sputum | Phlegm colour | choice | Clear; White; Yellow or green");
    expect(again.body).toContain("IE | Pieta | 1800 247 247");
    expect((await browser.post(path, FORM)).statusCode).toBe(303);
    expect(await charterOf(community.slug)).toEqual(charter);
  });

  it("goes back to the general check-in and Hearth's danger line when those boxes are emptied", async () => {
    const { community, path, browser } = await scene();
    expect((await browser.post(path, FORM)).statusCode).toBe(303);
    expect((await charterOf(community.slug)).dangerNow).toBe("Call 999 or go to A&E.");
    expect((await browser.post(path, { ...FORM, checkinTemplate: "", dangerNow: "" })).statusCode).toBe(303);
    const charter = await charterOf(community.slug);
    expect(charter.checkinTemplate).toBeUndefined();
    expect(charter.dangerNow).toBeUndefined();
    const template = (await t.request({ method: "GET", url: `/api/v1/communities/${community.slug}/checkin-template` })).json();
    expect(template.fields.map((f: { id: string }) => f.id)).toContain("wellbeing");
  });

  it("names the line at fault, keeps what was typed, and changes nothing", async () => {
    const { community, path, browser } = await scene();
    expect((await browser.post(path, FORM)).statusCode).toBe(303);
    const before = await charterOf(community.slug);
    const cases: [Record<string, string>, string][] = [
      [{ checkinTemplate: "mood | Mood | scale\nmood | Mood again | scale" }, "Line 2, the id: another question already has the id “mood”"],
      [{ checkinTemplate: "mood | Mood | slider" }, "Line 1 has the type “slider”".replace(/[“”]/g, "&quot;")],
      [{ checkinTemplate: "\nmood | Mood | choice | Good" }, "Line 2, the options: give a choice at least two options, none of them empty"],
      [{ checkinTemplate: "mood | Mood | scale | low to high" }, "Line 1 gives the scale as &quot;low to high&quot;"],
      [{ crisisResources: "GB | Samaritans | 116 123\nZZ | Nowhere | 1" }, "Line 2, the country: give the country as its two-letter ISO 3166-1 code"],
      [{ crisisResources: "GB | Samaritans" }, "Line 1, the phone number: give a phone number, a text number or a web address"],
      [{ crisisResources: "GB | Samaritans | | | http://example.org" }, "Line 1, the web address: give a web address that starts with https://"],
    ];
    for (const [change, problem] of cases) {
      const refused = await browser.post(path, { ...FORM, ...change });
      expect({ change, status: refused.statusCode }).toEqual({ change, status: 400 });
      expect(refused.body).toContain(problem);
      expect(refused.body).toContain(Object.values(change)[0]!.split("\n").at(-1)!.replace(/&/g, "&amp;"));
    }
    expect(await charterOf(community.slug)).toEqual(before);
  });

  it("is for the people who run the community: a member is refused, a guest is sent to sign in, an outsider of a hidden one finds nothing", async () => {
    const { member, path } = await scene();
    const asMember = await newBrowser(t, member);
    expect((await asMember.get(path)).statusCode).toBe(403);
    expect((await asMember.post(path, FORM)).statusCode).toBe(403);
    const guest = await (await newBrowser(t)).get(path);
    expect(guest.statusCode).toBe(303);
    expect(guest.headers.location).toMatch(/^\/signin\?next=/);

    const hidden = await scene("hidden");
    const outsider = await newBrowser(t, await signUp(t));
    expect((await outsider.get(hidden.path)).statusCode).toBe(404);
    expect((await outsider.get("/c/no-such-place-here/settings/care")).statusCode).toBe(404);
  });

  it("is linked from the community page for its owners only", async () => {
    const { member, community, browser } = await scene();
    expect((await browser.get(`/c/${community.slug}`)).body).toContain(`href="/c/${community.slug}/settings/care"`);
    expect((await (await newBrowser(t, member)).get(`/c/${community.slug}`)).body).not.toContain("/settings/care");
  });
});
