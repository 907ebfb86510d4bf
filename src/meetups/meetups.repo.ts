/**
 * Every query about events: the event with its community's and space's facts, answers and the
 * waitlist, organisers and their messages. Who goes and who waits is decided here, in SQL,
 * under the event row's lock (ADR 45): simultaneous answers queue on that lock and are decided
 * one after another, in the order the database took them.
 */
import { sql } from "kysely";
import type { Db } from "../db/connection.ts";
import { personaColumns, type PersonaColumns } from "../db/persona-columns.ts";
import type { CommunityVisibility, EventAccessibility, EventMode, RsvpStatus, SpaceVisibility } from "../db/schema.ts";

export type EventRow = {
  id: string;
  community_id: string;
  space_id: string;
  organiser_persona_id: string;
  title: string;
  description: string;
  description_html: string;
  starts_at: Date;
  ends_at: Date;
  time_zone: string;
  mode: EventMode;
  location: string | null;
  directions: string | null;
  online_url: string | null;
  capacity: number | null;
  accessibility: EventAccessibility;
  cancelled_at: Date | null;
  follow_up_thread_id: string | null;
  community_slug: string;
  community_name: string;
  community_visibility: CommunityVisibility;
  space_slug: string;
  space_name: string;
  space_visibility: SpaceVisibility;
};

export type NewEventRow = Omit<EventRow, "community_slug" | "community_name" | "community_visibility" | "space_slug" | "space_name" | "space_visibility" | "cancelled_at" | "follow_up_thread_id">;

const EVENT_COLUMNS = [
  "e.id",
  "e.community_id",
  "e.space_id",
  "e.organiser_persona_id",
  "e.title",
  "e.description",
  "e.description_html",
  "e.starts_at",
  "e.ends_at",
  "e.time_zone",
  "e.mode",
  "e.location",
  "e.directions",
  "e.online_url",
  "e.capacity",
  "e.accessibility",
  "e.cancelled_at",
  "e.follow_up_thread_id",
  "c.slug as community_slug",
  "c.name as community_name",
  "c.visibility as community_visibility",
  "s.slug as space_slug",
  "s.name as space_name",
  "s.visibility as space_visibility",
] as const;

function events(db: Db) {
  return db.selectFrom("events as e").innerJoin("communities as c", "c.id", "e.community_id").innerJoin("spaces as s", "s.id", "e.space_id").select(EVENT_COLUMNS);
}

export async function findEvent(db: Db, id: string): Promise<EventRow | undefined> {
  return events(db).where("e.id", "=", id).executeTakeFirst() as Promise<EventRow | undefined>;
}

export async function insertEvent(db: Db, row: NewEventRow, coOrganisers: string[]): Promise<void> {
  await db
    .insertInto("events")
    .values({ ...row, accessibility: JSON.stringify(row.accessibility) })
    .execute();
  await setCoOrganisers(db, row.id, coOrganisers);
}

export type EventChange = Partial<Omit<NewEventRow, "id" | "community_id" | "space_id" | "organiser_persona_id">>;

export async function updateEvent(db: Db, id: string, change: EventChange): Promise<void> {
  const { accessibility, ...rest } = change;
  await db
    .updateTable("events")
    .set({ ...rest, ...(accessibility ? { accessibility: JSON.stringify(accessibility) } : {}), updated_at: new Date() })
    .where("id", "=", id)
    .execute();
}

export async function cancelEvent(db: Db, id: string, at: Date): Promise<boolean> {
  const row = await db.updateTable("events").set({ cancelled_at: at, updated_at: at }).where("id", "=", id).where("cancelled_at", "is", null).returning("id").executeTakeFirst();
  return row !== undefined;
}

export async function setCoOrganisers(db: Db, eventId: string, personaIds: string[]): Promise<void> {
  await db.deleteFrom("event_organisers").where("event_id", "=", eventId).execute();
  if (personaIds.length > 0) await db.insertInto("event_organisers").values(personaIds.map((persona_id) => ({ event_id: eventId, persona_id }))).execute();
}

export type OrganiserRow = { persona_id: string } & PersonaColumns<"p">;

/**
 * The shown columns of the given personas, by id: one look-up through the personas' key, apart
 * from the rows that name them, so a list of an event's people never reads the personas table whole.
 */
async function facesOf(db: Db, ids: string[]): Promise<Map<string, PersonaColumns<"p">>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  // One look-up by key for each (offset 0 keeps the planner from folding it into a join that reads the table whole).
  const rows = await sql<{ id: string } & PersonaColumns<"p">>`
    select p.* from unnest(${sql.val(unique)}::text[]) as ids(id)
    cross join lateral (
      select pp.id, pp.kind as p_kind, pp.display_name as p_name, pp.is_carer as p_is_carer, pp.specialty as p_specialty,
        pp.capacity as p_capacity, pp.verified_until as p_verified_until, pp.verified_from as p_verified_from
      from personas pp where pp.id = ids.id offset 0
    ) p`.execute(db);
  return new Map(rows.rows.map((r) => [r.id, r]));
}

/** Rows with their persona's columns joined on, dropping any whose persona is gone. */
async function withFaces<R extends { persona_id: string }>(db: Db, rows: R[]): Promise<(R & PersonaColumns<"p">)[]> {
  const faces = await facesOf(db, rows.map((r) => r.persona_id));
  return rows.flatMap((r) => {
    const face = faces.get(r.persona_id);
    return face ? [{ ...r, ...face }] : [];
  });
}

/** The organisers as shown: the one who made it first, then the others by name. */
export async function organisersOf(db: Db, eventId: string): Promise<OrganiserRow[]> {
  const ids = await sql<{ persona_id: string; first: boolean }>`
    select organiser_persona_id as persona_id, true as first from events where id = ${eventId}
    union all select persona_id, false from event_organisers where event_id = ${eventId}`.execute(db);
  const rows = await withFaces(db, ids.rows);
  return rows.sort((x, y) => Number(y.first) - Number(x.first) || x.p_name.localeCompare(y.p_name) || x.persona_id.localeCompare(y.persona_id));
}

/** The accounts behind the organisers (to decide what the viewer may do; never sent out). */
export async function organiserAccounts(db: Db, eventId: string): Promise<string[]> {
  const rows = await db
    .selectFrom("personas as p")
    .select("p.account_id")
    .where((eb) =>
      eb.or([
        eb("p.id", "in", eb.selectFrom("events").select("organiser_persona_id").where("id", "=", eventId)),
        eb("p.id", "in", eb.selectFrom("event_organisers").select("persona_id").where("event_id", "=", eventId)),
      ]),
    )
    .execute();
  return [...new Set(rows.map((r) => r.account_id))];
}

/**
 * A community's events in the given spaces: upcoming (not ended; soonest start first, a sort of
 * the upcoming ones only) or past (latest end first, read backwards through events_community_ends_idx).
 */
export async function listEvents(db: Db, communityId: string, spaceIds: string[], when: "upcoming" | "past", now: Date, limit: number): Promise<EventRow[]> {
  if (spaceIds.length === 0) return [];
  const query = events(db).where("e.community_id", "=", communityId).where("e.space_id", "in", spaceIds);
  const ordered =
    when === "upcoming"
      ? query.where("e.ends_at", ">", now).orderBy("e.starts_at", "asc").orderBy("e.id", "asc")
      : query.where("e.ends_at", "<=", now).orderBy("e.ends_at", "desc").orderBy("e.id", "desc");
  return ordered.limit(limit).execute() as Promise<EventRow[]>;
}

export type Tally = { going: number; waitlisted: number; maybe: number };

/** Places taken (a +1 takes one more), people waiting, and maybes, for each event. */
export async function tallies(db: Db, eventIds: string[]): Promise<Map<string, Tally>> {
  const result = new Map<string, Tally>(eventIds.map((id) => [id, { going: 0, waitlisted: 0, maybe: 0 }]));
  if (eventIds.length === 0) return result;
  // Each event's answers counted through its key: a list of 100 events never reads every answer of the server.
  const rows = await sql<{ event_id: string } & Tally>`
    select ids.id as event_id, t.going, t.waitlisted, t.maybe
    from unnest(${sql.val(eventIds)}::text[]) as ids(id)
    cross join lateral (
      select coalesce(sum(case when r.status = 'going' then (case when r.plus_one then 2 else 1 end) end), 0)::int as going,
        (count(*) filter (where r.status = 'waitlisted'))::int as waitlisted,
        (count(*) filter (where r.status = 'maybe'))::int as maybe
      from event_rsvps r where r.event_id = ids.id
    ) t`.execute(db);
  for (const row of rows.rows) result.set(row.event_id, { going: Number(row.going), waitlisted: Number(row.waitlisted), maybe: Number(row.maybe) });
  return result;
}

export type RsvpRow = { status: RsvpStatus; persona_id: string; plus_one: boolean; position: number | null };

/** The account's answer, with its place on the waitlist (1 first) when it waits. */
export async function rsvpOf(db: Db, eventId: string, accountId: string): Promise<RsvpRow | undefined> {
  const row = await sql<RsvpRow>`
    select r.status, r.persona_id, r.plus_one,
      case when r.status = 'waitlisted' then (select count(*)::int from event_rsvps w
        where w.event_id = r.event_id and w.status = 'waitlisted' and w.arrival <= r.arrival) end as position
    from event_rsvps r where r.event_id = ${eventId} and r.account_id = ${accountId}`.execute(db);
  return row.rows[0];
}

/** Takes the event's row lock for the rest of the transaction: answers to one event are decided one at a time. */
export async function lockEvent(db: Db, eventId: string): Promise<void> {
  await sql`select id from events where id = ${eventId} for update`.execute(db);
}

const SEATS = sql`case when plus_one then 2 else 1 end`;

/**
 * A "going" from an account that was not going or waiting: going when its places fit and
 * nobody waits (a newcomer never passes the queue), else waitlisted, at the back. Answers what
 * the database decided. Call with the event locked.
 */
export async function answerGoing(db: Db, row: { eventId: string; accountId: string; personaId: string; plusOne: boolean }): Promise<RsvpStatus> {
  const seats = row.plusOne ? 2 : 1;
  const result = await sql<{ status: RsvpStatus }>`
    insert into event_rsvps as r (event_id, account_id, persona_id, status, plus_one, arrival, answered_at)
    select e.id, ${row.accountId}, ${row.personaId},
      case when not exists (select 1 from event_rsvps w where w.event_id = e.id and w.status = 'waitlisted')
        and (e.capacity is null or (select coalesce(sum(${SEATS}), 0) from event_rsvps g
          where g.event_id = e.id and g.status = 'going' and g.account_id <> ${row.accountId}) + ${seats} <= e.capacity)
      then 'going' else 'waitlisted' end,
      ${row.plusOne}, nextval('event_rsvp_arrivals'), now()
    from events e where e.id = ${row.eventId}
    on conflict (event_id, account_id) do update
      set persona_id = excluded.persona_id, plus_one = excluded.plus_one, status = excluded.status,
          arrival = excluded.arrival, answered_at = excluded.answered_at
    returning status`.execute(db);
  return result.rows[0]!.status;
}

/**
 * Changes a going or waiting answer's persona or +1, keeping its place. A +1 added while going
 * must fit (false when it does not, and nothing changes). Call with the event locked.
 */
export async function keepPlace(db: Db, row: { eventId: string; accountId: string; personaId: string; plusOne: boolean }): Promise<boolean> {
  const seats = row.plusOne ? 2 : 1;
  const result = await sql`
    update event_rsvps r set persona_id = ${row.personaId}, plus_one = ${row.plusOne}, answered_at = now()
    from events e
    where e.id = r.event_id and r.event_id = ${row.eventId} and r.account_id = ${row.accountId}
      and (r.status = 'waitlisted' or e.capacity is null
        or (select coalesce(sum(${SEATS}), 0) from event_rsvps g where g.event_id = e.id and g.status = 'going' and g.account_id <> ${row.accountId}) + ${seats} <= e.capacity)
    returning r.account_id`.execute(db);
  return result.rows.length > 0;
}

/** A maybe or a not going (or an organiser's "not going" for someone): the answer is kept, its place given up. */
export async function answerNotGoing(db: Db, row: { eventId: string; accountId: string; personaId: string; status: "maybe" | "not_going" }): Promise<void> {
  await sql`
    insert into event_rsvps as r (event_id, account_id, persona_id, status, plus_one, answered_at)
    values (${row.eventId}, ${row.accountId}, ${row.personaId}, ${row.status}, false, now())
    on conflict (event_id, account_id) do update
      set persona_id = excluded.persona_id, status = excluded.status, plus_one = false, answered_at = excluded.answered_at`.execute(db);
}

/**
 * Promotes from the waitlist, in arrival order, everyone whose places fit in what is free,
 * stopping at the first who does not fit (nobody is passed over). Answers the promoted. Call
 * with the event locked.
 */
export async function promoteFromWaitlist(db: Db, eventId: string): Promise<{ account_id: string; persona_id: string }[]> {
  const result = await sql<{ account_id: string; persona_id: string }>`
    with free as (
      select case when e.capacity is null then 2147483647
        else e.capacity - (select coalesce(sum(${SEATS}), 0) from event_rsvps g where g.event_id = e.id and g.status = 'going') end as places
      from events e where e.id = ${eventId}
    ), queue as (
      select account_id, sum(${SEATS}) over (order by arrival) as needed
      from event_rsvps where event_id = ${eventId} and status = 'waitlisted'
    )
    update event_rsvps r set status = 'going'
    from queue q, free f
    where r.event_id = ${eventId} and r.account_id = q.account_id and q.needed <= f.places
    returning r.account_id, r.persona_id`.execute(db);
  return result.rows;
}

/** An organiser's move of someone to going, over the queue: only when their places fit. Call with the event locked. */
export async function moveToGoing(db: Db, eventId: string, accountId: string): Promise<boolean> {
  const result = await sql`
    update event_rsvps r set status = 'going'
    from events e
    where e.id = r.event_id and r.event_id = ${eventId} and r.account_id = ${accountId} and r.status <> 'going'
      and (e.capacity is null or (select coalesce(sum(${SEATS}), 0) from event_rsvps g where g.event_id = e.id and g.status = 'going')
        + (case when r.plus_one then 2 else 1 end) <= e.capacity)
    returning r.account_id`.execute(db);
  return result.rows.length > 0;
}

/** An organiser's move of someone to the back of the waitlist. */
export async function moveToWaitlist(db: Db, eventId: string, accountId: string): Promise<void> {
  await sql`update event_rsvps set status = 'waitlisted', arrival = nextval('event_rsvp_arrivals') where event_id = ${eventId} and account_id = ${accountId}`.execute(db);
}

/** Places taken now (for refusing a capacity below them). */
export async function placesTaken(db: Db, eventId: string): Promise<number> {
  const row = await sql<{ n: number }>`select coalesce(sum(${SEATS}), 0)::int as n from event_rsvps where event_id = ${eventId} and status = 'going'`.execute(db);
  return Number(row.rows[0]?.n ?? 0);
}

export type AttendeeRow = { account_id: string; persona_id: string; status: RsvpStatus; plus_one: boolean; position: number | null } & PersonaColumns<"p">;

/** Everyone who answered, for the organisers: going, then the waitlist in order, then maybe, then not going. */
export async function attendees(db: Db, eventId: string): Promise<AttendeeRow[]> {
  const rows = await sql<Omit<AttendeeRow, keyof PersonaColumns<"p">>>`
    select r.account_id, r.persona_id, r.status, r.plus_one,
      case when r.status = 'waitlisted' then row_number() over (partition by r.status = 'waitlisted' order by r.arrival)::int end as position
    from event_rsvps r
    where r.event_id = ${eventId}
    order by case r.status when 'going' then 0 when 'waitlisted' then 1 when 'maybe' then 2 else 3 end, r.arrival`.execute(db);
  return withFaces(db, rows.rows);
}

/** The accounts that answered (any answer), or only those going, with the persona each answered as. */
export async function audience(db: Db, eventId: string, who: "answered" | "going"): Promise<{ account_id: string; persona_id: string; status: RsvpStatus }[]> {
  let query = db.selectFrom("event_rsvps").select(["account_id", "persona_id", "status"]).where("event_id", "=", eventId);
  if (who === "going") query = query.where("status", "=", "going");
  return query.orderBy("arrival").execute();
}

export async function insertMessage(db: Db, row: { id: string; event_id: string; persona_id: string; body: string }): Promise<void> {
  await db.insertInto("event_messages").values(row).execute();
}

export async function findMessage(db: Db, id: string): Promise<{ id: string; event_id: string; persona_id: string; body: string; created_at: Date } | undefined> {
  return db.selectFrom("event_messages").select(["id", "event_id", "persona_id", "body", "created_at"]).where("id", "=", id).executeTakeFirst();
}

/** Events an account is going to, soonest first, from `since` (its personal calendar). */
export async function goingEventsOf(db: Db, accountId: string, since: Date): Promise<EventRow[]> {
  return events(db)
    .innerJoin("event_rsvps as r", (join) => join.onRef("r.event_id", "=", "e.id").on("r.account_id", "=", accountId).on("r.status", "=", "going"))
    .where("e.ends_at", ">", since)
    .orderBy("e.starts_at")
    .limit(500)
    .execute() as Promise<EventRow[]>;
}

/** Claims the opening of the follow-up thread: true for the one run that may open it. */
export async function claimFollowUp(db: Db, eventId: string): Promise<boolean> {
  const row = await db.updateTable("events").set({ follow_up_claimed_at: new Date() }).where("id", "=", eventId).where("follow_up_claimed_at", "is", null).returning("id").executeTakeFirst();
  return row !== undefined;
}

export async function releaseFollowUp(db: Db, eventId: string): Promise<void> {
  await db.updateTable("events").set({ follow_up_claimed_at: null }).where("id", "=", eventId).where("follow_up_thread_id", "is", null).execute();
}

export async function setFollowUpThread(db: Db, eventId: string, threadId: string): Promise<boolean> {
  const row = await db.updateTable("events").set({ follow_up_thread_id: threadId }).where("id", "=", eventId).where("follow_up_thread_id", "is", null).returning("id").executeTakeFirst();
  return row !== undefined;
}

/** The account's answer by persona: whether that persona answered "going" (for "we met"). */
export async function goingPersona(db: Db, eventId: string, personaId: string): Promise<{ account_id: string } | undefined> {
  return db.selectFrom("event_rsvps").select("account_id").where("event_id", "=", eventId).where("persona_id", "=", personaId).where("status", "=", "going").executeTakeFirst();
}

/** Records one person's word that they met another; saying it twice changes nothing. */
export async function insertConnection(db: Db, row: { event_id: string; from_account_id: string; from_persona_id: string; to_persona_id: string }): Promise<void> {
  await db.insertInto("event_connections").values(row).onConflict((oc) => oc.columns(["event_id", "from_account_id", "to_persona_id"]).doNothing()).execute();
}

export type MetRow = { persona_id: string; i_said: boolean; they_said: boolean } & PersonaColumns<"p">;

/**
 * The others who were going, as the persona each answered as, with whether the viewer said they
 * met and whether they said they met the viewer's persona there.
 */
export async function peopleAtEvent(db: Db, eventId: string, accountId: string, myPersonaId: string): Promise<MetRow[]> {
  const rows = await sql<Omit<MetRow, keyof PersonaColumns<"p">>>`
    select r.persona_id,
      exists (select 1 from event_connections c where c.event_id = r.event_id and c.from_account_id = ${accountId} and c.to_persona_id = r.persona_id) as i_said,
      exists (select 1 from event_connections c where c.event_id = r.event_id and c.from_persona_id = r.persona_id and c.to_persona_id = ${myPersonaId}) as they_said
    from event_rsvps r
    where r.event_id = ${eventId} and r.status = 'going' and r.account_id <> ${accountId}`.execute(db);
  const people = await withFaces(db, rows.rows);
  return people.sort((x, y) => x.p_name.localeCompare(y.p_name) || x.persona_id.localeCompare(y.persona_id));
}

export type ConnectionRow = { persona_id: string; my_persona_id: string; event_id: string; event_title: string; starts_at: Date } & PersonaColumns<"p">;

/** The account's connections: both said they met, each by the persona they answered as. Newest event first. */
export async function connectionsOf(db: Db, accountId: string): Promise<ConnectionRow[]> {
  // Two look-ups through indexes: the account's own words, then the words said of its personas; mutual where both are there.
  const mine = await db
    .selectFrom("event_connections")
    .select(["to_persona_id as persona_id", "from_persona_id as my_persona_id", "event_id"])
    .where("from_account_id", "=", accountId)
    .limit(500)
    .execute();
  const myPersonas = [...new Set(mine.map((r) => r.my_persona_id))];
  const saidOfMe = myPersonas.length
    ? await db.selectFrom("event_connections").select(["event_id", "from_persona_id", "to_persona_id"]).where("to_persona_id", "in", myPersonas).execute()
    : [];
  const back = new Set(saidOfMe.map((r) => `${r.event_id} ${r.from_persona_id} ${r.to_persona_id}`));
  const rows = { rows: mine.filter((r) => back.has(`${r.event_id} ${r.persona_id} ${r.my_persona_id}`)) };
  const ids = [...new Set(rows.rows.map((r) => r.event_id))];
  const found = ids.length ? await db.selectFrom("events").select(["id", "title", "starts_at"]).where("id", "in", ids).execute() : [];
  const byId = new Map(found.map((e) => [e.id, e]));
  const people = await withFaces(db, rows.rows);
  return people
    .flatMap((r) => {
      const event = byId.get(r.event_id);
      return event ? [{ ...r, event_title: event.title, starts_at: event.starts_at }] : [];
    })
    .sort((x, y) => y.starts_at.getTime() - x.starts_at.getTime() || x.p_name.localeCompare(y.p_name));
}
