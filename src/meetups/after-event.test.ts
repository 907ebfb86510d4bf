/**
 * After an event (issue 13 part 5): its follow-up thread opens by itself when it ends, coming is
 * a step on the ladder, and "we met" connections are mutual, between people who were both
 * going, and seen only by the two (each by the persona they answered as).
 */
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test/helpers/test-app.ts";
import { createCommunity, join, signUp, type Member } from "../../test/helpers/factories.ts";

let t: TestApp;
let organiser: Member;
let slug: string;

beforeAll(async () => {
  t = await createTestApp({ work: true });
  organiser = await signUp(t);
  slug = (await createCommunity(t, organiser)).slug;
}, 60_000);
afterAll(async () => t?.close());

const call = (who: Member | null, method: "GET" | "POST", url: string, payload?: object) => t.request({ method, url, ...(who ? { token: who.token } : {}), ...(payload ? { payload } : {}) });

async function member(): Promise<Member> {
  const m = await signUp(t);
  await join(t, m, slug);
  return m;
}

/** An event that started an hour ago and ends in a moment, with these members going. */
async function endingEvent(going: Member[], notGoing: Member[] = []): Promise<string> {
  const created = await call(organiser, "POST", `/api/v1/communities/${slug}/events`, {
    title: "Tea and a talk on pacing",
    startsAt: new Date(Date.now() - 3600_000).toISOString(),
    endsAt: new Date(Date.now() + 1500).toISOString(),
    mode: "in_person",
    location: "The library",
  });
  expect(created.statusCode, created.body).toBe(201);
  const id = created.json().id as string;
  for (const m of going) expect((await call(m, "POST", `/api/v1/events/${id}/rsvp`, { status: "going" })).json().status).toBe("going");
  for (const m of notGoing) await call(m, "POST", `/api/v1/events/${id}/rsvp`, { status: "not_going" });
  return id;
}

async function letItEnd() {
  await new Promise((resolve) => setTimeout(resolve, 1800));
  await t.services.queue.settle();
}

describe("when an event ends", () => {
  it("opens one follow-up thread in its space, linked from the event, and marks coming on the ladder of those who went", async () => {
    const [ana, ben] = [await member(), await member()];
    const id = await endingEvent([ana], [ben]);
    expect((await call(ana, "GET", `/api/v1/events/${id}`)).json().followUpThreadId).toBeNull();
    await letItEnd();

    const event = (await call(ana, "GET", `/api/v1/events/${id}`)).json();
    expect(event.followUpThreadId).toEqual(expect.any(String));
    const thread = (await call(ana, "GET", `/api/v1/threads/${event.followUpThreadId}`)).json();
    expect(thread.title).toBe("After Tea and a talk on pacing");
    expect(thread.posts.items[0].body).toContain(`/events/${id}`);
    expect((await call(ana, "GET", `/events/${id}`)).body).toContain(`href="/t/${event.followUpThreadId}"`);

    const steps = async (m: Member) => (await call(m, "GET", "/api/v1/me/participation")).json().steps.find((s: { id: string }) => s.id === "event");
    expect(await steps(ana)).toEqual({ id: "event", done: true });
    expect(await steps(ben)).toEqual({ id: "event", done: false });

    // A second run of the job (a retry) opens no second thread.
    await t.services.meetups.openFollowUp(id);
    const threads = await sql<{ n: number }>`select count(*)::int as n from threads where title = 'After Tea and a talk on pacing'`.execute(t.database.db);
    expect(Number(threads.rows[0]!.n)).toBe(1);
  });

  it("opens no thread for a cancelled event", async () => {
    const id = await endingEvent([]);
    await call(organiser, "POST", `/api/v1/events/${id}/cancel`);
    await letItEnd();
    expect((await call(organiser, "GET", `/api/v1/events/${id}`)).json().followUpThreadId).toBeNull();
  });
});

describe("we met", () => {
  let ana: Member, ben: Member, cal: Member, dee: Member;
  let id: string;
  beforeAll(async () => {
    [ana, ben, cal, dee] = [await member(), await member(), await member(), await member()];
    id = await endingEvent([ana, ben, cal], [dee]);
  });

  it("connects two people only once both say it, and shows it to each of them alone", async () => {
    expect((await call(ana, "POST", `/api/v1/events/${id}/met`, { personaId: ben.personaId })).json()).toEqual({ connected: false });
    const benSees = (await call(ben, "GET", `/api/v1/events/${id}/people`)).json().items;
    expect(benSees.find((p: { persona: { id: string } }) => p.persona.id === ana.personaId)).toMatchObject({ iSaid: false, theySaid: true, connected: false });
    expect((await call(ana, "GET", "/api/v1/me/met")).json().items).toEqual([]);

    expect((await call(ben, "POST", `/api/v1/events/${id}/met`, { personaId: ana.personaId })).json()).toEqual({ connected: true });
    const anaMet = (await call(ana, "GET", "/api/v1/me/met")).json().items;
    expect(anaMet.map((c: { persona: { id: string }; event: { id: string } }) => [c.persona.id, c.event.id])).toEqual([[ben.personaId, id]]);
    expect((await call(ben, "GET", "/api/v1/me/met")).json().items.map((c: { persona: { id: string } }) => c.persona.id)).toEqual([ana.personaId]);
    // Someone else who was there sees nothing of it.
    expect((await call(cal, "GET", "/api/v1/me/met")).json().items).toEqual([]);
    const calSees = (await call(cal, "GET", `/api/v1/events/${id}/people`)).json().items;
    expect(calSees.every((p: { iSaid: boolean; theySaid: boolean }) => !p.iSaid && !p.theySaid)).toBe(true);
    expect((await call(ana, "GET", "/met")).body).toContain(ben.displayName);
  });

  it("refuses someone who was not going, naming personaId, and anyone who did not go themselves", async () => {
    const refused = await call(ana, "POST", `/api/v1/events/${id}/met`, { personaId: dee.personaId });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.fields).toHaveProperty("personaId");
    expect((await call(ana, "POST", `/api/v1/events/${id}/met`, { personaId: ana.personaId })).statusCode).toBe(400);
    expect((await call(dee, "POST", `/api/v1/events/${id}/met`, { personaId: ana.personaId })).statusCode).toBe(403);
    expect((await call(dee, "GET", `/api/v1/events/${id}/people`)).statusCode).toBe(403);
    expect((await call(null, "GET", `/api/v1/events/${id}/people`)).statusCode).toBe(401);
    const rows = await sql<{ n: number }>`select count(*)::int as n from event_connections where event_id = ${id} and to_persona_id = ${dee.personaId}`.execute(t.database.db);
    expect(Number(rows.rows[0]!.n)).toBe(0);
  });
});
