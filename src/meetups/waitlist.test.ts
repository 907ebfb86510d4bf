/**
 * Places and the waitlist, decided in the database (issue 13, ADR 45): a hundred members answer
 * "going" at once for ten places; exactly ten go and ninety wait, in the order the database took
 * them; places given up go to whoever waits next, in that order. Runs on PGlite and on PostgreSQL.
 */
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test/helpers/test-app.ts";
import { createCommunity, join, signUp, type Member } from "../../test/helpers/factories.ts";

let t: TestApp;
let organiser: Member;
let slug: string;

beforeAll(async () => {
  t = await createTestApp();
  organiser = await signUp(t);
  slug = (await createCommunity(t, organiser)).slug;
}, 60_000);

afterAll(async () => {
  await t?.close();
});

const hours = (n: number) => new Date(Date.now() + n * 3600_000).toISOString();

async function makeEvent(fields: Record<string, unknown> = {}) {
  const response = await t.request({
    method: "POST",
    url: `/api/v1/communities/${slug}/events`,
    token: organiser.token,
    payload: { title: "Breathe easy walk", startsAt: hours(48), endsAt: hours(50), timeZone: "Europe/London", mode: "in_person", location: "Riverside Park gates", capacity: 10, ...fields },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().id as string;
}

const rsvp = (who: Member, id: string, payload: object) => t.request({ method: "POST", url: `/api/v1/events/${id}/rsvp`, token: who.token, payload });
const attendees = async (id: string) => (await t.request({ method: "GET", url: `/api/v1/events/${id}/attendees`, token: organiser.token })).json().items as { persona: { id: string }; status: string; position: number | null; plusOne: boolean }[];
const view = async (who: Member | null, id: string) => t.request({ method: "GET", url: `/api/v1/events/${id}`, ...(who ? { token: who.token } : {}) });

async function members(n: number, options: { carer?: boolean } = {}): Promise<Member[]> {
  const made: Member[] = [];
  for (let i = 0; i < n; i++) {
    const member = await signUp(t, options);
    await join(t, member, slug);
    made.push(member);
  }
  return made;
}

describe("a hundred answers at once for ten places", () => {
  let crowd: Member[];
  let eventId: string;
  beforeAll(async () => {
    crowd = await members(100);
    eventId = await makeEvent();
  }, 120_000);

  it("gives exactly ten places and waitlists ninety, in the order the database took them", async () => {
    const answers = await Promise.all(crowd.map((m) => rsvp(m, eventId, { status: "going" })));
    expect(answers.map((a) => a.statusCode)).toEqual(crowd.map(() => 200));
    const statuses = answers.map((a) => a.json().status as string);
    expect(statuses.filter((s) => s === "going")).toHaveLength(10);
    expect(statuses.filter((s) => s === "waitlisted")).toHaveLength(90);

    // Every place was given before anyone was made to wait: the ten going arrived first.
    const rows = await sql<{ status: string; arrival: string }>`select status, arrival from event_rsvps where event_id = ${eventId} order by arrival`.execute(t.database.db);
    expect(rows.rows.map((r) => r.status)).toEqual([...Array(10).fill("going"), ...Array(90).fill("waitlisted")]);

    const list = await attendees(eventId);
    expect(list.filter((a) => a.status === "waitlisted").map((a) => a.position)).toEqual(Array.from({ length: 90 }, (_, i) => i + 1));
    const event = (await view(organiser, eventId)).json();
    expect(event).toMatchObject({ going: 10, waitlisted: 90, placesLeft: 0, capacity: 10 });
  });

  it("tells each member their own answer and their place in the queue", async () => {
    const list = await attendees(eventId);
    const third = list.find((a) => a.position === 3)!;
    const member = crowd.find((m) => m.personaId === third.persona.id)!;
    expect((await view(member, eventId)).json()).toMatchObject({ myStatus: "waitlisted", waitlistPosition: 3 });
  });

  it("gives places freed by three cancellations, all at once, to the first three waiting, in order", async () => {
    const before = await attendees(eventId);
    const goingNow = before.filter((a) => a.status === "going").slice(0, 3).map((a) => crowd.find((m) => m.personaId === a.persona.id)!);
    const nextThree = before.filter((a) => a.status === "waitlisted").slice(0, 3).map((a) => a.persona.id);
    const fourth = before.find((a) => a.position === 4)!.persona.id;

    const answers = await Promise.all(goingNow.map((m) => rsvp(m, eventId, { status: "not_going" })));
    expect(answers.map((a) => a.json().status)).toEqual(["not_going", "not_going", "not_going"]);

    const after = await attendees(eventId);
    const going = after.filter((a) => a.status === "going").map((a) => a.persona.id);
    expect(going).toHaveLength(10);
    for (const id of nextThree) expect(going).toContain(id);
    expect(after.find((a) => a.persona.id === fourth)).toMatchObject({ status: "waitlisted", position: 1 });
    expect(after.filter((a) => a.status === "waitlisted")).toHaveLength(87);
  });
});

describe("places, a carer's +1 and the capacity", () => {
  it("counts a carer's +1 as a place, and refuses one for someone who is not a carer, naming the field", async () => {
    const eventId = await makeEvent({ capacity: 3 });
    const [carer] = await members(1, { carer: true });
    const [other] = await members(1);
    const refused = await rsvp(other!, eventId, { status: "going", plusOne: true });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.fields).toHaveProperty("plusOne");
    expect((await attendees(eventId))).toEqual([]);

    expect((await rsvp(carer!, eventId, { status: "going", plusOne: true })).json().status).toBe("going");
    expect((await view(organiser, eventId)).json()).toMatchObject({ going: 2, placesLeft: 1 });
    expect((await rsvp(other!, eventId, { status: "going" })).json().status).toBe("going");
    const [late] = await members(1);
    expect((await rsvp(late!, eventId, { status: "going" })).json().status).toBe("waitlisted");

    // The carer comes alone after all: their second place goes to whoever waits.
    expect((await rsvp(carer!, eventId, { status: "going", plusOne: false })).json().status).toBe("going");
    expect((await view(late!, eventId)).json()).toMatchObject({ myStatus: "going", going: 3, waitlisted: 0 });
  });

  it("raising the capacity promotes from the waitlist; lowering it below the places taken is a 400 naming capacity, and nothing changes", async () => {
    const eventId = await makeEvent({ capacity: 1 });
    const three = await members(3);
    for (const m of three) await rsvp(m, eventId, { status: "going" });
    expect((await view(organiser, eventId)).json()).toMatchObject({ going: 1, waitlisted: 2 });

    const raised = await t.request({ method: "PATCH", url: `/api/v1/events/${eventId}`, token: organiser.token, payload: { capacity: 2 } });
    expect(raised.statusCode, raised.body).toBe(200);
    expect(raised.json()).toMatchObject({ going: 2, waitlisted: 1, capacity: 2 });
    expect((await view(three[1]!, eventId)).json().myStatus).toBe("going");

    const lowered = await t.request({ method: "PATCH", url: `/api/v1/events/${eventId}`, token: organiser.token, payload: { capacity: 1, title: "A new title" } });
    expect(lowered.statusCode).toBe(400);
    expect(lowered.json().error.fields).toHaveProperty("capacity");
    expect((await view(organiser, eventId)).json()).toMatchObject({ capacity: 2, title: "Breathe easy walk", going: 2 });
  });

  it("lets an organiser move someone: to the back of the queue, or off the list, and the next in turn goes", async () => {
    const eventId = await makeEvent({ capacity: 1 });
    const [first, second, third] = await members(3);
    for (const m of [first!, second!, third!]) await rsvp(m, eventId, { status: "going" });
    const move = (m: Member, status: string) => t.request({ method: "PUT", url: `/api/v1/events/${eventId}/attendees/${m.personaId}`, token: organiser.token, payload: { status } });

    expect((await move(first!, "waitlisted")).statusCode).toBe(200);
    let list = await attendees(eventId);
    expect(list.map((a) => [a.persona.id, a.status, a.position])).toEqual([
      [second!.personaId, "going", null],
      [third!.personaId, "waitlisted", 1],
      [first!.personaId, "waitlisted", 2],
    ]);
    const full = await move(first!, "going");
    expect(full.statusCode).toBe(409);
    expect((await move(second!, "not_going")).statusCode).toBe(200);
    list = await attendees(eventId);
    expect(list.filter((a) => a.status === "going").map((a) => a.persona.id)).toEqual([third!.personaId]);

    // Only organisers: a member who answered gets a 403, a guest a 401.
    expect((await t.request({ method: "GET", url: `/api/v1/events/${eventId}/attendees`, token: third!.token })).statusCode).toBe(403);
    expect((await t.request({ method: "PUT", url: `/api/v1/events/${eventId}/attendees/${first!.personaId}`, token: third!.token, payload: { status: "going" } })).statusCode).toBe(403);
  });
});

describe("co-organisers", () => {
  it("lets the community's owner name members as co-organisers, who may then see the list; a member naming anyone is refused, and learns nothing of who is a member", async () => {
    const [helper, member] = await members(2);
    const outsider = await signUp(t);
    const made = await t.request({
      method: "POST",
      url: `/api/v1/communities/${slug}/events`,
      token: organiser.token,
      payload: { title: "Quiz night", startsAt: hours(30), endsAt: hours(32), mode: "in_person", location: "The café", organisers: [helper!.personaId] },
    });
    expect(made.statusCode, made.body).toBe(201);
    const id = made.json().id;
    expect((await view(helper!, id)).json().organisers.map((p: { id: string }) => p.id)).toEqual([organiser.personaId, helper!.personaId]);
    expect((await t.request({ method: "GET", url: `/api/v1/events/${id}/attendees`, token: helper!.token })).statusCode).toBe(200);

    // The owner naming someone who is not a member: a 400 naming organisers. A member naming anyone, member or not: the same 403.
    const notMember = await t.request({ method: "PATCH", url: `/api/v1/events/${id}`, token: organiser.token, payload: { organisers: [outsider.personaId] } });
    expect(notMember.statusCode).toBe(400);
    expect(notMember.json().error.fields).toHaveProperty("organisers");
    const byMember = (organisers: string[]) =>
      t.request({ method: "POST", url: `/api/v1/communities/${slug}/events`, token: member!.token, payload: { title: "Walk", startsAt: hours(30), endsAt: hours(31), mode: "in_person", location: "Gates", organisers } });
    const [aMember, aStranger] = [await byMember([helper!.personaId]), await byMember([outsider.personaId])];
    expect(aMember.statusCode).toBe(403);
    expect(aStranger.statusCode).toBe(403);
    expect(aMember.json()).toEqual(aStranger.json());
  });
});
