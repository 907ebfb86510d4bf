/**
 * The event pages without JavaScript: organising one through the form (times typed as wall-clock
 * times in the zone chosen), its page with the accessibility details in words, answering, the
 * waitlist said in words, the organisers' list and message, and the bad-input cases named by field.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test/helpers/test-app.ts";
import { createCommunity, createSpace, join, signUp, type Member } from "../../test/helpers/factories.ts";
import { newBrowser } from "../../test/helpers/browser-form.ts";

let t: TestApp;
let organiser: Member;
let slug: string;

beforeAll(async () => {
  t = await createTestApp();
  organiser = await signUp(t);
  slug = (await createCommunity(t, organiser, { visibility: "public" } as never)).slug;
}, 60_000);
afterAll(async () => t?.close());

const words = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/&#x27;|&#39;/g, "'").replace(/\s+/g, " ");
const nextYear = new Date().getUTCFullYear() + 1;

const WALK = {
  title: "Breathe easy walk",
  description: "A slow loop of the park, with benches every 200 metres.",
  startsAt: `${nextYear}-03-29T18:30`,
  endsAt: `${nextYear}-03-29T20:00`,
  timeZone: "Europe/London",
  mode: "in_person",
  location: "Riverside Park gates",
  directions: "Bus 14 stops at the gates.",
  onlineUrl: "",
  capacity: "1",
  stepFree: "yes",
  accessibleToilet: "no",
  hearingLoop: "",
  seating: "yes",
  notes: "The path is tarmac all the way.",
};

async function organiseByForm(fields: Record<string, string> = WALK) {
  const browser = await newBrowser(t, organiser);
  expect((await browser.get(`/c/${slug}/events/new`)).statusCode).toBe(200);
  const sent = await browser.post(`/c/${slug}/events`, fields);
  expect(sent.statusCode, sent.body).toBe(303);
  return String(sent.headers.location).replace("/events/", "");
}

describe("organising an event with the form", () => {
  it("reads the times in the zone chosen, and shows the event with its accessibility in words", async () => {
    const id = await organiseByForm();
    const event = (await t.request({ method: "GET", url: `/api/v1/events/${id}`, token: organiser.token })).json();
    // 29 March is the day the clocks go forward in London: 18:30 there is 17:30 UTC.
    expect(event.startsAt).toBe(`${nextYear}-03-29T17:30:00.000Z`);
    expect(event.accessibility).toEqual({ stepFree: true, accessibleToilet: false, seating: true, notes: "The path is tarmac all the way." });

    const page = words((await (await newBrowser(t, organiser)).get(`/events/${id}`)).body);
    expect(page).toContain("18:30 to 20:00 (Europe/London time)");
    expect(page).toContain("Step-free access all the way in Yes");
    expect(page).toContain("Accessible toilet No");
    expect(page).toContain("Hearing loop Not sure");
    expect(page).toContain("The path is tarmac all the way.");
    expect(page).toContain("Change or cancel the event");
  });

  it("shows the form again naming every field at fault, with what was typed, and makes nothing", async () => {
    const browser = await newBrowser(t, organiser);
    await browser.get(`/c/${slug}/events/new`);
    const before = (await t.request({ method: "GET", url: `/api/v1/communities/${slug}/events`, token: organiser.token })).json().items.length;
    const sent = await browser.post(`/c/${slug}/events`, {
      ...WALK,
      title: "Kept title",
      endsAt: `${nextYear}-03-29T17:00`,
      timeZone: "Mars/Olympus",
      onlineUrl: "javascript:alert(1)",
      capacity: "-2",
    });
    expect(sent.statusCode).toBe(400);
    const body = words(sent.body);
    expect(body).toContain("There is a problem");
    expect(sent.body).toContain('href="#field-timeZone"');
    expect(sent.body).toContain('href="#field-capacity"');
    expect(sent.body).toContain('value="Kept title"');
    expect((await t.request({ method: "GET", url: `/api/v1/communities/${slug}/events`, token: organiser.token })).json().items.length).toBe(before);
  });
});

describe("answering on the event's page", () => {
  it("takes an answer without JavaScript, then says the waitlist place in words to the next person", async () => {
    const id = await organiseByForm({ ...WALK, title: "Tea after the clinic" });
    const [first, second] = [await signUp(t), await signUp(t)];
    await join(t, first, slug);
    await join(t, second, slug);

    const one = await newBrowser(t, first);
    expect((await one.get(`/events/${id}`)).body).toContain('name="status" value="going"');
    const answered = await one.post(`/events/${id}/rsvp`, { status: "going" });
    expect(answered.statusCode).toBe(303);
    expect(words((await one.get(String(answered.headers.location))).body)).toContain("Your answer was saved. You are going.");

    const two = await newBrowser(t, second);
    await two.get(`/events/${id}`);
    await two.post(`/events/${id}/rsvp`, { status: "going" });
    expect(words((await two.get(`/events/${id}`)).body)).toContain("You are on the waitlist: number 1.");

    // The organisers' list says it in words, and a move gives the place.
    const org = await newBrowser(t, organiser);
    const list = words((await org.get(`/events/${id}/attendees`)).body);
    expect(list).toContain("Waiting, number 1");
    await org.post(`/events/${id}/attendees/${first.personaId}`, { status: "not_going" });
    expect(words((await two.get(`/events/${id}`)).body)).toContain("You are going.");
  });

  it("refuses a +1 from someone who is not a carer, naming it, and keeps them off the list", async () => {
    const id = await organiseByForm({ ...WALK, title: "Singing for lung health" });
    const member = await signUp(t);
    await join(t, member, slug);
    const browser = await newBrowser(t, member);
    await browser.get(`/events/${id}`);
    const sent = await browser.post(`/events/${id}/rsvp`, { status: "going", plusOne: "yes" });
    expect(sent.statusCode).toBe(400);
    expect(words(sent.body)).toContain("I am bringing the person I care for: Only a carer can bring the person they care for.");
    expect((await t.request({ method: "GET", url: `/api/v1/events/${id}`, token: member.token })).json().myStatus).toBeNull();
  });

  it("shows a guest a public event without its answer form, and hides a members-only event as if it did not exist", async () => {
    const publicId = await organiseByForm({ ...WALK, title: "Open coffee morning" });
    const guest = await newBrowser(t);
    const page = await guest.get(`/events/${publicId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('name="status"');

    const privateSpace = await createSpace(t, organiser, slug, "members");
    const created = await t.request({
      method: "POST",
      url: `/api/v1/communities/${slug}/events`,
      token: organiser.token,
      payload: { title: "Members' circle", startsAt: `${nextYear}-05-01T10:00:00Z`, endsAt: `${nextYear}-05-01T11:00:00Z`, mode: "online", onlineUrl: "https://meet.example.org/circle", space: privateSpace.slug },
    });
    expect(created.statusCode, created.body).toBe(201);
    const hidden = created.json().id;
    expect((await guest.get(`/events/${hidden}`)).statusCode).toBe(404);
    expect((await t.request({ method: "GET", url: `/api/v1/events/${hidden}` })).statusCode).toBe(404);
    expect((await t.request({ method: "GET", url: "/api/v1/events/nothing-here" })).statusCode).toBe(404);
    // The members see it, and the link only once they are going.
    const member = await signUp(t);
    await join(t, member, slug);
    expect((await t.request({ method: "GET", url: `/api/v1/events/${hidden}`, token: member.token })).json().onlineUrl).toBeNull();
    await t.request({ method: "POST", url: `/api/v1/events/${hidden}/rsvp`, token: member.token, payload: { status: "going" } });
    expect((await t.request({ method: "GET", url: `/api/v1/events/${hidden}`, token: member.token })).json().onlineUrl).toBe("https://meet.example.org/circle");
  });
});

describe("bad input over the API", () => {
  const make = (payload: object) => t.request({ method: "POST", url: `/api/v1/communities/${slug}/events`, token: organiser.token, payload });
  const good = { title: "Walk", startsAt: `${nextYear}-06-01T10:00:00Z`, endsAt: `${nextYear}-06-01T11:00:00Z`, mode: "in_person", location: "The gates" };

  it.each([
    ["endsAt", { endsAt: `${nextYear}-06-01T09:00:00Z` }],
    ["timeZone", { timeZone: "Europe/Nowhere" }],
    ["timeZone", { timeZone: "+01:00" }],
    ["capacity", { capacity: -1 }],
    ["capacity", { capacity: 0 }],
    ["onlineUrl", { mode: "hybrid", onlineUrl: "ftp://files.example.org/x" }],
    ["location", { location: null }],
    ["startsAt", { startsAt: "tomorrow" }],
  ])("refuses a bad %s with a 400 naming it, and writes nothing", async (field, change) => {
    const response = await make({ ...good, ...change });
    expect(response.statusCode, response.body).toBe(400);
    expect(Object.keys(response.json().error.fields ?? {})).toContain(field);
  });

  it("refuses an answer to a past or cancelled event with a 409 naming status", async () => {
    const past = await t.services.meetups.create({ ...(await viewerOf(organiser)) }, slug, { ...good, startsAt: "2020-01-01T10:00:00Z", endsAt: "2020-01-01T11:00:00Z" });
    const member = await signUp(t);
    await join(t, member, slug);
    const late = await t.request({ method: "POST", url: `/api/v1/events/${past.id}/rsvp`, token: member.token, payload: { status: "going" } });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.fields).toHaveProperty("status");

    const id = (await make(good)).json().id;
    expect((await t.request({ method: "POST", url: `/api/v1/events/${id}/cancel`, token: organiser.token })).json().cancelled).toBe(true);
    const cancelled = await t.request({ method: "POST", url: `/api/v1/events/${id}/rsvp`, token: member.token, payload: { status: "going" } });
    expect(cancelled.statusCode).toBe(409);
  });
});

async function viewerOf(member: Member) {
  return t.services.accounts.viewerForAccount((await t.request({ method: "GET", url: "/api/v1/me", token: member.token })).json().id);
}
