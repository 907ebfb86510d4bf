/**
 * Notifications of events (issue 13 part 4, ADR 47), over a real SMTP server: a place given
 * from the waitlist, a change of time (said in words), a cancellation and the organisers'
 * message each reach the right people's notifications and mailboxes, once, and a mail quotes
 * no one's words nor names a members-only event.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test/helpers/test-app.ts";
import { createCommunity, createSpace, join, signUp, type Member } from "../../test/helpers/factories.ts";
import { startSmtpInbox, type SmtpInbox } from "../../test/helpers/smtp-inbox.ts";
import { newBrowser } from "../../test/helpers/browser-form.ts";

let t: TestApp;
let inbox: SmtpInbox;
let organiser: Member;
let slug: string;

type Mailed = Member & { email: string };

beforeAll(async () => {
  inbox = await startSmtpInbox();
  t = await createTestApp({ work: true, env: { SMTP_URL: inbox.url } });
  organiser = await signUp(t);
  slug = (await createCommunity(t, organiser, { name: "Breathe Easy Leeds" })).slug;
}, 60_000);

afterAll(async () => {
  await t?.close();
  await inbox?.close();
});

const call = (who: Member, method: "GET" | "POST" | "PATCH" | "PUT", url: string, payload?: object) => t.request({ method, url, token: who.token, ...(payload ? { payload } : {}) });

async function member(): Promise<Mailed> {
  const email = `${Math.random().toString(36).slice(2, 10)}@example.org`;
  const made = { ...(await signUp(t, { email, emailVerified: true })), email };
  await join(t, made, slug);
  return made;
}

const hours = (n: number) => new Date(Date.now() + n * 3600_000).toISOString();

async function makeEvent(fields: Record<string, unknown> = {}) {
  const response = await call(organiser, "POST", `/api/v1/communities/${slug}/events`, {
    title: "Breathe easy walk",
    startsAt: hours(72),
    endsAt: hours(74),
    timeZone: "Europe/London",
    mode: "in_person",
    location: "Riverside Park gates",
    ...fields,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().id as string;
}

async function answer(who: Member, id: string, status: string) {
  const response = await call(who, "POST", `/api/v1/events/${id}/rsvp`, { status });
  expect(response.statusCode, response.body).toBe(200);
  return response.json().status as string;
}

type Told = { id: string; kind: string; event: { id: string; title: string }; changes: string[]; message: string | null; persona: { id: string } | null; actor: { id: string } | null };

/** The member's notifications about this event. */
async function toldAbout(who: Member, eventId: string): Promise<Told[]> {
  const items = (await call(who, "GET", "/api/v1/notifications?limit=100")).json().items as Told[];
  return items.filter((n) => n.event?.id === eventId);
}

async function settle() {
  await t.services.queue.settle();
  await new Promise((resolve) => setTimeout(resolve, 200));
}

describe("a place given from the waitlist", () => {
  it("tells the promoted member, in notifications and by mail, and nobody else", async () => {
    const id = await makeEvent({ title: "Singing for lung health", capacity: 1 });
    const first = await member();
    const waiting = await member();
    expect(await answer(first, id, "going")).toBe("going");
    expect(await answer(waiting, id, "going")).toBe("waitlisted");
    expect(await answer(first, id, "not_going")).toBe("not_going");
    await settle();

    const told = await toldAbout(waiting, id);
    expect(told.map((n) => n.kind)).toEqual(["event_promoted"]);
    expect(told[0]!.event.title).toBe("Singing for lung health");
    expect(told[0]!.persona!.id).toBe(waiting.personaId);
    expect(await toldAbout(first, id)).toEqual([]);

    const [mail] = await inbox.waitFor(waiting.email, 1);
    expect(mail!.subject).toBe("You have a place at an event in Breathe Easy Leeds");
    expect(mail!.text).toContain("A place came free at “Singing for lung health”, in Breathe Easy Leeds, and it is yours");
    expect(mail!.text).not.toContain(waiting.displayName);
    expect(inbox.to(first.email)).toHaveLength(0);

    // The notification opens the event's page.
    const browser = await newBrowser(t, waiting);
    const opened = await browser.get(`/notifications/open/${told[0]!.id}`);
    expect(opened.statusCode).toBe(303);
    expect(opened.headers.location).toBe(`/events/${id}`);
    const page = await browser.get("/notifications");
    expect(page.body).toContain("A place came free and it is yours: you are going to");
  });

  it("tells nobody twice when the job runs again", async () => {
    const id = await makeEvent({ capacity: 1 });
    const first = await member();
    const waiting = await member();
    await answer(first, id, "going");
    await answer(waiting, id, "going");
    await answer(first, id, "not_going");
    await settle();
    expect((await toldAbout(waiting, id)).map((n) => n.kind)).toEqual(["event_promoted"]);
    // A run of the job (its id is the same on every retry) tells them once, however often it runs.
    await t.services.notifications.events.noteEventPromoted(id, waiting.id, "job-run-again");
    await t.services.notifications.events.noteEventPromoted(id, waiting.id, "job-run-again");
    expect((await toldAbout(waiting, id)).map((n) => n.kind)).toEqual(["event_promoted", "event_promoted"]);
  });
});

describe("a change of time", () => {
  it("tells everyone who answered, going, waiting, maybe or not, that the time changed, and not those who turned events off", async () => {
    const id = await makeEvent({ title: "Pulmonary rehab taster", capacity: 1 });
    const [going, waiting, maybe, notGoing, quiet] = [await member(), await member(), await member(), await member(), await member()];
    await answer(going, id, "going");
    await answer(waiting, id, "going");
    await answer(maybe, id, "maybe");
    await answer(notGoing, id, "not_going");
    await answer(quiet, id, "maybe");
    expect((await call(quiet, "PUT", "/api/v1/me/preferences", { notifications: { events: false } })).statusCode).toBe(200);
    await settle();

    const moved = await call(organiser, "PATCH", `/api/v1/events/${id}`, { startsAt: hours(96), endsAt: hours(98) });
    expect(moved.statusCode, moved.body).toBe(200);
    await settle();

    for (const who of [going, waiting, maybe, notGoing]) {
      const told = (await toldAbout(who, id)).filter((n) => n.kind === "event_changed");
      expect(told).toHaveLength(1);
      expect(told[0]!.changes).toEqual(["time"]);
      const mails = await inbox.waitFor(who.email, 1);
      const mail = mails.find((m) => m.subject === "An event you answered in Breathe Easy Leeds changed")!;
      expect(mail.text).toContain("The time of “Pulmonary rehab taster”, in Breathe Easy Leeds, changed.");
    }
    expect(await toldAbout(quiet, id)).toEqual([]);
    expect(inbox.to(quiet.email)).toHaveLength(0);
    expect(await toldAbout(organiser, id)).toEqual([]);

    const page = await (await newBrowser(t, maybe)).get("/notifications");
    expect(page.body).toContain("The time of");
    expect(page.body).toContain("Pulmonary rehab taster");
  });

  it("says the time and the place when both changed", async () => {
    const id = await makeEvent();
    const who = await member();
    await answer(who, id, "going");
    await settle();
    expect((await call(organiser, "PATCH", `/api/v1/events/${id}`, { startsAt: hours(100), endsAt: hours(101), location: "The library, Room 2" })).statusCode).toBe(200);
    await settle();
    const told = (await toldAbout(who, id)).filter((n) => n.kind === "event_changed");
    expect(told[0]!.changes).toEqual(["time", "place"]);
    const mails = await inbox.waitFor(who.email, 1);
    expect(mails.some((m) => m.text.includes("The time and place of “Breathe easy walk”"))).toBe(true);
  });
});

describe("a cancellation", () => {
  it("tells everyone who answered, once", async () => {
    const id = await makeEvent({ title: "Coffee morning" });
    const [going, maybe] = [await member(), await member()];
    await answer(going, id, "going");
    await answer(maybe, id, "maybe");
    expect((await call(organiser, "POST", `/api/v1/events/${id}/cancel`)).statusCode).toBe(200);
    await settle();
    await t.services.notifications.events.noteEventCancelled(id);
    for (const who of [going, maybe]) {
      expect((await toldAbout(who, id)).map((n) => n.kind)).toEqual(["event_cancelled"]);
      const [mail] = await inbox.waitFor(who.email, 1);
      expect(mail!.subject).toBe("An event you answered in Breathe Easy Leeds is cancelled");
      expect(mail!.text).toContain("“Coffee morning”, in Breathe Easy Leeds, is cancelled.");
    }
    expect(inbox.to(going.email)).toHaveLength(1);
  });
});

describe("an organisers' message", () => {
  it("shows the words to everyone going, waiting or maybe, never to those not going or to its writer, and the mail quotes nothing", async () => {
    const space = (await createSpace(t, organiser, slug, "members")).slug;
    const id = await makeEvent({ title: "Members' picnic", space, capacity: 1 });
    const [going, waiting, maybe, notGoing] = [await member(), await member(), await member(), await member()];
    await answer(going, id, "going");
    await answer(waiting, id, "going");
    await answer(maybe, id, "maybe");
    await answer(notGoing, id, "not_going");
    // A co-organising owner who answered going and writes the message is not told of their own words.
    await answer(organiser, id, "maybe");
    const words = "Bring a blanket; the ramp is at the north gate.";
    const sent = await call(organiser, "POST", `/api/v1/events/${id}/messages`, { body: words });
    expect(sent.statusCode, sent.body).toBe(201);
    await settle();

    for (const who of [going, waiting, maybe]) {
      const told = (await toldAbout(who, id)).filter((n) => n.kind === "event_message");
      expect(told).toHaveLength(1);
      expect(told[0]!.message).toBe(words);
      expect(told[0]!.actor!.id).toBe(organiser.personaId);
      const [mail] = await inbox.waitFor(who.email, 1);
      expect(mail!.subject).toBe("The organisers of an event in Breathe Easy Leeds wrote to you");
      expect(mail!.text).toContain("This email does not quote what they wrote.");
      expect(mail!.raw).not.toContain("blanket");
      // Members only: the mail does not name the event.
      expect(mail!.raw).not.toContain("picnic");
    }
    expect(await toldAbout(notGoing, id)).toEqual([]);
    expect(inbox.to(notGoing.email)).toHaveLength(0);
    expect((await toldAbout(organiser, id)).filter((n) => n.kind === "event_message")).toEqual([]);

    const page = await (await newBrowser(t, maybe)).get("/notifications");
    expect(page.body).toContain("organising");
    expect(page.body).toContain("Bring a blanket; the ramp is at the north gate.");
  });
});
