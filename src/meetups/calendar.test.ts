/**
 * Calendars (issue 13 part 3, ADR 47), every one parsed back with ical.js: one event's .ics,
 * a community's feed and the personal feed at its secret address. Times are checked on either
 * side of a daylight-saving change in London (the spring change of 2027 falls on 28 March,
 * the autumn one on 31 October), the online link goes only to someone going, a members-only
 * event stays out of a guest's sight, and a wrong or reset feed token opens nothing.
 */
import ICAL from "ical.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test/helpers/test-app.ts";
import { createCommunity, createSpace, join, signUp, type Member } from "../../test/helpers/factories.ts";
import { newBrowser } from "../../test/helpers/browser-form.ts";

let t: TestApp;
let organiser: Member;
let member: Member;
let slug: string;
let membersSpace: string;
/** 18:30–20:00 in London on the day the clocks go forward (BST from 01:00 UTC): 17:30Z. */
let spring: string;
/** 10:00–11:30 in London after the clocks went back (GMT): 10:00Z. */
let autumn: string;
/** In the members-only space. */
let hidden: string;

const LINK = "https://meet.example.org/breathe-easy-8841";

async function makeEvent(fields: Record<string, unknown>) {
  const response = await t.request({
    method: "POST",
    url: `/api/v1/communities/${slug}/events`,
    token: organiser.token,
    payload: { title: "Breathe easy walk", description: "A gentle walk.", timeZone: "Europe/London", mode: "in_person", location: "Riverside Park gates", ...fields },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().id as string;
}

const get = (url: string, who?: Member) => t.request({ method: "GET", url, ...(who ? { token: who.token } : {}) });
const going = async (who: Member, id: string) => expect((await t.request({ method: "POST", url: `/api/v1/events/${id}/rsvp`, token: who.token, payload: { status: "going" } })).statusCode).toBe(200);

type Parsed = { calendar: ICAL.Component; events: ICAL.Event[]; byId: Map<string, ICAL.Event> };

/** Parses a calendar with ical.js, registering its VTIMEZONEs so times resolve in their zones. */
function parse(body: string): Parsed {
  const calendar = new ICAL.Component(ICAL.parse(body));
  for (const zone of calendar.getAllSubcomponents("vtimezone")) ICAL.TimezoneService.register(zone);
  const events = calendar.getAllSubcomponents("vevent").map((v) => new ICAL.Event(v));
  return { calendar, events, byId: new Map(events.map((e) => [e.uid.split("@")[0]!, e])) };
}

/** What a 404 page says (its sign-in link and form token name the address asked for). */
const said = (body: string) => /<main[^>]*>(.*)<\/main>/s.exec(body)?.[1];
const utc = (time: ICAL.Time) => time.toJSDate().toISOString();
const wall = (time: ICAL.Time) => `${String(time.hour).padStart(2, "0")}:${String(time.minute).padStart(2, "0")}`;

beforeAll(async () => {
  t = await createTestApp();
  organiser = await signUp(t);
  member = await signUp(t);
  slug = (await createCommunity(t, organiser)).slug;
  membersSpace = (await createSpace(t, organiser, slug, "members")).slug;
  await join(t, member, slug);
  spring = await makeEvent({
    title: "Spring walk",
    startsAt: "2027-03-28T17:30:00Z",
    endsAt: "2027-03-28T19:00:00Z",
    mode: "hybrid",
    onlineUrl: LINK,
    directions: "Meet by the blue gate; the path is flat.",
    accessibility: { stepFree: true, hearingLoop: false, notes: "Benches every 200 metres." },
  });
  autumn = await makeEvent({ title: "Autumn tea", startsAt: "2027-10-31T10:00:00Z", endsAt: "2027-10-31T11:30:00Z" });
  hidden = await makeEvent({ title: "Members' circle", space: membersSpace, startsAt: "2027-01-10T14:00:00Z", endsAt: "2027-01-10T15:00:00Z" });
  await going(member, spring);
  await going(member, hidden);
}, 60_000);

afterAll(async () => {
  await t?.close();
});

describe("one event's .ics", () => {
  it("is a calendar download with the event in London's time on the day the clocks go forward, and London's VTIMEZONE", async () => {
    const response = await get(`/events/${spring}.ics`);
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toBe("text/calendar; charset=utf-8");
    expect(response.headers["content-disposition"]).toBe(`attachment; filename="event-${spring}.ics"`);
    const { calendar, events } = parse(response.body);
    expect(events).toHaveLength(1);
    const event = events[0]!;
    expect(event.uid).toBe(`${spring}@hearth.test`);
    expect(event.summary).toBe("Spring walk");
    expect(event.component.getFirstProperty("dtstart")!.getParameter("tzid")).toBe("Europe/London");
    expect(event.startDate.zone?.tzid).toBe("Europe/London");
    expect(wall(event.startDate)).toBe("18:30");
    expect(utc(event.startDate)).toBe("2027-03-28T17:30:00.000Z");
    expect(wall(event.endDate)).toBe("20:00");
    expect(utc(event.endDate)).toBe("2027-03-28T19:00:00.000Z");
    const zones = calendar.getAllSubcomponents("vtimezone");
    expect(zones.map((z) => z.getFirstPropertyValue("tzid"))).toEqual(["Europe/London"]);
    expect(zones[0]!.getAllSubcomponents("daylight")).toHaveLength(1);
    expect(event.location).toBe("Riverside Park gates");
    expect(event.description).toContain("A gentle walk.");
    expect(event.description).toContain("Directions: Meet by the blue gate; the path is flat.");
    expect(event.description).toContain("Step-free access: yes");
    expect(event.description).toContain("Hearing loop: no");
    expect(event.description).toContain("Benches every 200 metres.");
    expect(event.component.getFirstPropertyValue("url")).toBe(`http://hearth.test/events/${spring}`);
    expect(event.component.getFirstPropertyValue("status")).toBe("CONFIRMED");
    expect(event.component.getFirstPropertyValue("sequence")).toBeGreaterThan(0);
  });

  it("gives 10:00 in London as 10:00Z after the clocks went back", async () => {
    const { events } = parse((await get(`/events/${autumn}.ics`)).body);
    expect(wall(events[0]!.startDate)).toBe("10:00");
    expect(utc(events[0]!.startDate)).toBe("2027-10-31T10:00:00.000Z");
    expect(utc(events[0]!.endDate)).toBe("2027-10-31T11:30:00.000Z");
  });

  it("carries the online link for someone going, and not for a guest or a member who has not answered", async () => {
    const forGoing = parse((await get(`/events/${spring}.ics`, member)).body).events[0]!;
    expect(forGoing.description).toContain(LINK);
    expect(forGoing.location).toContain(LINK);
    const stranger = await signUp(t);
    await join(t, stranger, slug);
    for (const response of [await get(`/events/${spring}.ics`), await get(`/events/${spring}.ics`, stranger)]) {
      expect(response.statusCode).toBe(200);
      expect(response.body).not.toContain("meet.example.org");
    }
  });

  it("is the same 404 for a members-only event as for none, to a guest; a member gets it", async () => {
    const guest = await get(`/events/${hidden}.ics`);
    const none = await get(`/events/AAAAAAAAAAAAAAAA.ics`);
    expect(guest.statusCode).toBe(404);
    expect(none.statusCode).toBe(404);
    expect(said(guest.body)).toBe(said(none.body));
    const seen = await get(`/events/${hidden}.ics`, member);
    expect(seen.statusCode).toBe(200);
    expect(parse(seen.body).events[0]!.summary).toBe("Members' circle");
  });

  it("says STATUS:CANCELLED once the event is cancelled, with a higher SEQUENCE", async () => {
    const id = await makeEvent({ title: "Picnic", startsAt: "2027-06-01T11:00:00Z", endsAt: "2027-06-01T13:00:00Z" });
    const before = parse((await get(`/events/${id}.ics`)).body).events[0]!;
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await t.request({ method: "POST", url: `/api/v1/events/${id}/cancel`, token: organiser.token })).statusCode).toBe(200);
    const after = parse((await get(`/events/${id}.ics`)).body).events[0]!;
    expect(after.component.getFirstPropertyValue("status")).toBe("CANCELLED");
    expect(after.uid).toBe(before.uid);
    expect(after.sequence).toBeGreaterThan(before.sequence);
    const feed = parse((await get(`/c/${slug}/events.ics`)).body);
    expect(feed.byId.get(id)!.component.getFirstPropertyValue("status")).toBe("CANCELLED");
  });
});

describe("the community's feed", () => {
  it("lists the public events in their zones, without any members-only one and never with the online link", async () => {
    const response = await get(`/c/${slug}/events.ics`);
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toBe("text/calendar; charset=utf-8");
    expect(response.headers["content-disposition"]).toBe(`attachment; filename="${slug}-events.ics"`);
    const feed = parse(response.body);
    expect(feed.byId.has(spring)).toBe(true);
    expect(feed.byId.has(autumn)).toBe(true);
    expect(feed.byId.has(hidden)).toBe(false);
    expect(response.body).not.toContain("Members' circle");
    expect(utc(feed.byId.get(spring)!.startDate)).toBe("2027-03-28T17:30:00.000Z");
    expect(utc(feed.byId.get(autumn)!.startDate)).toBe("2027-10-31T10:00:00.000Z");
    expect(feed.calendar.getAllSubcomponents("vtimezone").map((z) => z.getFirstPropertyValue("tzid"))).toEqual(["Europe/London"]);
    expect(response.body).not.toContain("meet.example.org");
    // Even asked by someone going, a feed's address is for sharing: no link.
    const asMember = await get(`/c/${slug}/events.ics`, member);
    expect(parse(asMember.body).byId.has(spring)).toBe(true);
    expect(asMember.body).not.toContain("meet.example.org");
  });

  it("is a 404 for a community that does not exist", async () => {
    expect((await get(`/c/no-such-community-here/events.ics`)).statusCode).toBe(404);
  });
});

describe("the personal feed at a secret address", () => {
  const path = (url: string) => new URL(url).pathname;

  it("has no address until made; made, it lists only what you are going to, with the online link", async () => {
    expect((await get("/api/v1/me/calendar-feed")).statusCode).toBe(401);
    expect((await get("/api/v1/me/calendar-feed", member)).json()).toEqual({ url: null });
    const made = await t.request({ method: "POST", url: "/api/v1/me/calendar-feed", token: member.token });
    expect(made.statusCode).toBe(201);
    const { url } = made.json() as { url: string };
    expect(url).toMatch(/^http:\/\/hearth\.test\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
    expect((await get("/api/v1/me/calendar-feed", member)).json()).toEqual({ url });

    // A calendar app asks with no session at all.
    const response = await get(path(url));
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toBe("text/calendar; charset=utf-8");
    expect(response.headers["cache-control"]).toBe("private, no-store");
    const feed = parse(response.body);
    expect([...feed.byId.keys()].sort()).toEqual([spring, hidden].sort());
    expect(feed.byId.get(spring)!.description).toContain(LINK);
    expect(utc(feed.byId.get(spring)!.startDate)).toBe("2027-03-28T17:30:00.000Z");

    // Someone else's feed is theirs: the organiser, going nowhere, has an empty one.
    const theirs = (await t.request({ method: "POST", url: "/api/v1/me/calendar-feed", token: organiser.token })).json().url as string;
    expect(theirs).not.toBe(url);
    expect(parse((await get(path(theirs))).body).events).toHaveLength(0);
  });

  it("refuses a wrong token, a malformed one and an old one after a reset, all with the same 404", async () => {
    const url = (await get("/api/v1/me/calendar-feed", member)).json().url as string;
    expect((await get(path(url))).statusCode).toBe(200);
    const token = /\/calendar\/(.+)\.ics$/.exec(url)![1]!;
    const wrong = `${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}`;
    const answers = [await get(`/calendar/${wrong}.ics`), await get(`/calendar/short.ics`), await get(`/calendar/${"A".repeat(43)}.ics`)];
    for (const answer of answers) {
      expect(answer.statusCode).toBe(404);
      expect(said(answer.body)).toBe("<h1>Page not found</h1><p>There is no calendar at this address.</p><p><a href=\"/\">Go to the list of communities</a></p>");
    }
    const reset = await t.request({ method: "POST", url: "/api/v1/me/calendar-feed", token: member.token });
    expect(reset.statusCode).toBe(201);
    const fresh = reset.json().url as string;
    expect(fresh).not.toBe(url);
    const old = await get(path(url));
    expect(old.statusCode).toBe(404);
    expect(said(old.body)).toBe(said(answers[0]!.body));
    expect((await get(path(fresh))).statusCode).toBe(200);
    expect((await get("/api/v1/me/calendar-feed", member)).json()).toEqual({ url: fresh });
  });

  it("can be made and reset from /settings/calendar with JavaScript off, linked from the notification settings", async () => {
    const someone = await signUp(t);
    await join(t, someone, slug);
    await going(someone, autumn);
    const browser = await newBrowser(t, someone);
    const settings = await browser.get("/notifications/settings");
    expect(settings.body).toContain('href="/settings/calendar"');
    const empty = await browser.get("/settings/calendar");
    expect(empty.statusCode).toBe(200);
    expect(empty.body).toContain("You have no calendar address yet.");
    expect((await browser.post("/settings/calendar", {}, { csrf: false })).statusCode).toBe(403);

    const made = await browser.post("/settings/calendar");
    expect(made.statusCode).toBe(303);
    const shown = await browser.get(made.headers.location as string);
    expect(shown.body).toContain("Your calendar address is ready.");
    const first = /value="(http:\/\/hearth\.test\/calendar\/[A-Za-z0-9_-]{43}\.ics)"/.exec(shown.body)![1]!;
    expect(parse((await get(path(first))).body).byId.has(autumn)).toBe(true);

    const reset = await browser.post("/settings/calendar");
    const again = await browser.get(reset.headers.location as string);
    expect(again.body).toContain("The old one no longer works.");
    const second = /value="(http:\/\/hearth\.test\/calendar\/[A-Za-z0-9_-]{43}\.ics)"/.exec(again.body)![1]!;
    expect(second).not.toBe(first);
    expect((await get(path(first))).statusCode).toBe(404);
    expect((await get(path(second))).statusCode).toBe(200);

    const guest = await newBrowser(t);
    expect((await guest.get("/settings/calendar")).statusCode).toBe(303);
  });
});
