/**
 * Reminders of events (issue 13 part 4, ADR 47): queued as an event is made, held until a day
 * and two hours before it starts; run (here by making the held job due) they reach the people
 * going through notifications and a real SMTP server, except those who turned that reminder
 * off; a reminder queued for a start the event has moved from does nothing.
 */
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test/helpers/test-app.ts";
import { createCommunity, join, signUp, type Member } from "../../test/helpers/factories.ts";
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
const at = (hoursAway: number) => new Date(Math.floor((Date.now() + hoursAway * 3600_000) / 60_000) * 60_000);

async function member(): Promise<Mailed> {
  const email = `${Math.random().toString(36).slice(2, 10)}@example.org`;
  const made = { ...(await signUp(t, { email, emailVerified: true })), email };
  await join(t, made, slug);
  return made;
}

async function makeEvent(title: string, startsAt: Date) {
  const response = await call(organiser, "POST", `/api/v1/communities/${slug}/events`, {
    title,
    startsAt: startsAt.toISOString(),
    endsAt: new Date(startsAt.getTime() + 3600_000).toISOString(),
    timeZone: "Europe/London",
    mode: "in_person",
    location: "Riverside Park gates",
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().id as string;
}

async function answer(who: Member, id: string, status: string) {
  expect((await call(who, "POST", `/api/v1/events/${id}/rsvp`, { status })).statusCode).toBe(200);
}

type Held = { id: string; reminder: string; startsAt: string; start_after: Date; state: string };

/** The reminder jobs queued for an event. */
async function reminderJobs(eventId: string): Promise<Held[]> {
  const { rows } = await sql<Held>`select id, data->>'reminder' as reminder, data->>'startsAt' as "startsAt", start_after, state::text as state
    from pgboss.job where name = 'event.notify-event-reminder' and data->>'eventId' = ${eventId} order by start_after`.execute(t.database.db);
  return rows;
}

/** Makes these held jobs due now, and lets the worker run them. */
async function runNow(jobs: Held[]) {
  for (const job of jobs) await sql`update pgboss.job set start_after = now() where id = ${job.id}`.execute(t.database.db);
  await t.services.queue.settle();
  await new Promise((resolve) => setTimeout(resolve, 300));
}

async function reminders(who: Member, eventId: string) {
  const items = (await call(who, "GET", "/api/v1/notifications?limit=100")).json().items as { kind: string; event?: { id: string }; reminder: string | null }[];
  return items.filter((n) => n.kind === "event_reminder" && n.event?.id === eventId);
}

describe("reminders", () => {
  it("are on by default, and each can be turned off through the API and the settings page with JavaScript off", async () => {
    const who = await member();
    expect((await call(who, "GET", "/api/v1/me/preferences")).json().eventReminders).toEqual({ dayBefore: true, twoHoursBefore: true });
    const changed = await call(who, "PUT", "/api/v1/me/preferences", { eventReminders: { dayBefore: false } });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json().eventReminders).toEqual({ dayBefore: false, twoHoursBefore: true });
    expect((await call(who, "PUT", "/api/v1/me/preferences", { eventReminders: { weekBefore: true } })).statusCode).toBe(400);

    const browser = await newBrowser(t, who);
    const page = await browser.get("/notifications/settings");
    expect(page.body).toContain('name="dayBefore" value="on"/>');
    expect(page.body).toMatch(/name="twoHoursBefore" value="on" checked/);
    const saved = await browser.post("/notifications/settings/reminders", { dayBefore: "on" });
    expect(saved.statusCode).toBe(303);
    expect((await browser.get(saved.headers.location as string)).body).toContain("Only the reminders you ticked will come.");
    expect((await call(who, "GET", "/api/v1/me/preferences")).json().eventReminders).toEqual({ dayBefore: true, twoHoursBefore: false });
  });

  it("for an event three hours away: only the two-hour one is queued; run, it reaches those going who want it, by notification and mail", async () => {
    const startsAt = at(3);
    const id = await makeEvent("Singing for lung health", startsAt);
    const [going, off, maybe] = [await member(), await member(), await member()];
    await answer(going, id, "going");
    await answer(off, id, "going");
    await answer(maybe, id, "maybe");
    expect((await call(off, "PUT", "/api/v1/me/preferences", { eventReminders: { twoHoursBefore: false } })).statusCode).toBe(200);
    await t.services.queue.settle();

    const jobs = await reminderJobs(id);
    expect(jobs.map((j) => j.reminder)).toEqual(["hours"]);
    expect(jobs[0]!.state).toBe("created");
    expect(new Date(jobs[0]!.start_after).getTime()).toBe(startsAt.getTime() - 2 * 3600_000);
    expect(jobs[0]!.startsAt).toBe(startsAt.toISOString());
    // Held: nothing yet.
    expect(await reminders(going, id)).toEqual([]);

    await runNow(jobs);
    expect((await reminders(going, id)).map((n) => n.reminder)).toEqual(["hours"]);
    const [mail] = await inbox.waitFor(going.email, 1);
    expect(mail!.subject).toBe("A reminder of an event in Breathe Easy Leeds");
    expect(mail!.text).toContain("“Singing for lung health”, in Breathe Easy Leeds, starts in two hours.");
    expect(await reminders(off, id)).toEqual([]);
    expect(inbox.to(off.email)).toHaveLength(0);
    expect(await reminders(maybe, id)).toEqual([]);
    expect(inbox.to(maybe.email)).toHaveLength(0);

    // Run again (a retry): nobody is told twice.
    await t.services.notifications.events.noteEventReminder(id, "hours", startsAt.toISOString());
    expect(await reminders(going, id)).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(inbox.to(going.email)).toHaveLength(1);
  });

  it("queued for a start the event moved from, do nothing; those queued for the new start remind", async () => {
    const first = at(30);
    const id = await makeEvent("Coffee morning", first);
    const who = await member();
    await answer(who, id, "going");
    await t.services.queue.settle();
    const old = await reminderJobs(id);
    expect(old.map((j) => j.reminder)).toEqual(["day", "hours"]);

    const moved = at(50);
    expect((await call(organiser, "PATCH", `/api/v1/events/${id}`, { startsAt: moved.toISOString(), endsAt: new Date(moved.getTime() + 3600_000).toISOString() })).statusCode).toBe(200);
    await t.services.queue.settle();
    const all = await reminderJobs(id);
    const fresh = all.filter((j) => j.startsAt === moved.toISOString());
    expect(fresh.map((j) => j.reminder)).toEqual(["day", "hours"]);
    expect(new Date(fresh[0]!.start_after).getTime()).toBe(moved.getTime() - 24 * 3600_000);

    await runNow(old);
    expect((await reminderJobs(id)).filter((j) => old.some((o) => o.id === j.id)).map((j) => j.state)).toEqual(["completed", "completed"]);
    expect(await reminders(who, id)).toEqual([]);
    // The change of time itself was told (and mailed); no reminder was.
    const before = inbox.to(who.email).filter((m) => m.subject.startsWith("A reminder")).length;
    expect(before).toBe(0);

    await runNow(fresh);
    expect((await reminders(who, id)).map((n) => n.reminder).sort()).toEqual(["day", "hours"]);
    const mails = (await inbox.waitFor(who.email, 3)).filter((m) => m.subject.startsWith("A reminder"));
    expect(mails.map((m) => m.text.includes("starts tomorrow") || m.text.includes("starts in two hours"))).toEqual([true, true]);
  });

  it("of a cancelled event do nothing", async () => {
    const id = await makeEvent("Picnic", at(30));
    const who = await member();
    await answer(who, id, "going");
    await t.services.queue.settle();
    const jobs = await reminderJobs(id);
    expect((await call(organiser, "POST", `/api/v1/events/${id}/cancel`)).statusCode).toBe(200);
    await runNow(jobs);
    expect(await reminders(who, id)).toEqual([]);
  });
});
