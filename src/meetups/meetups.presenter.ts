/**
 * The shapes in which events leave the server. The online link goes only to people going and
 * to the organisers; the list of who answered only to the organisers; counts to anyone who may
 * read the event. People are shown by the persona they answered as, never their account.
 */
import type { EventAccessibility, EventMode, RsvpStatus } from "../db/schema.ts";
import { presentPersona, type PersonaView } from "../personas/persona.presenter.ts";
import type { PersonaColumns } from "../db/persona-columns.ts";
import type { AttendeeRow, EventRow, RsvpRow, Tally } from "./meetups.repo.ts";

export type EventSummaryView = {
  id: string;
  community: { slug: string; name: string };
  space: { slug: string; name: string };
  title: string;
  startsAt: string;
  endsAt: string;
  timeZone: string;
  mode: EventMode;
  location: string | null;
  cancelled: boolean;
  past: boolean;
  capacity: number | null;
  going: number;
  waitlisted: number;
  placesLeft: number | null;
  accessibility: EventAccessibility;
  myStatus: RsvpStatus | null;
};

export type EventView = EventSummaryView & {
  description: string;
  descriptionHtml: string;
  directions: string | null;
  /** Only for people going and the organisers; null otherwise. */
  onlineUrl: string | null;
  maybe: number;
  organisers: PersonaView[];
  myPersonaId: string | null;
  myPlusOne: boolean;
  /** The viewer's place on the waitlist (1 is next), when they wait. */
  waitlistPosition: number | null;
  followUpThreadId: string | null;
  can: { rsvp: boolean; bringPlusOne: boolean; edit: boolean; seeAttendees: boolean };
};

export type AttendeeView = { persona: PersonaView; status: RsvpStatus; plusOne: boolean; position: number | null };

export type EventFacts = { tally: Tally; mine: RsvpRow | undefined; now: Date };

export function personaFrom(id: string, row: PersonaColumns<"p">): PersonaView {
  return presentPersona({
    id,
    kind: row.p_kind,
    display_name: row.p_name,
    is_carer: row.p_is_carer,
    specialty: row.p_specialty,
    capacity: row.p_capacity,
    verified_until: row.p_verified_until,
    verified_from: row.p_verified_from,
  });
}

export function presentEventSummary(row: EventRow, facts: EventFacts): EventSummaryView {
  const { tally } = facts;
  return {
    id: row.id,
    community: { slug: row.community_slug, name: row.community_name },
    space: { slug: row.space_slug, name: row.space_name },
    title: row.title,
    startsAt: row.starts_at.toISOString(),
    endsAt: row.ends_at.toISOString(),
    timeZone: row.time_zone,
    mode: row.mode,
    location: row.location,
    cancelled: row.cancelled_at !== null,
    past: row.ends_at <= facts.now,
    capacity: row.capacity,
    going: tally.going,
    waitlisted: tally.waitlisted,
    placesLeft: row.capacity === null ? null : Math.max(0, row.capacity - tally.going),
    accessibility: row.accessibility,
    myStatus: facts.mine?.status ?? null,
  };
}

export function presentEvent(
  row: EventRow,
  facts: EventFacts & { organisers: PersonaView[]; organises: boolean; mayAnswer: boolean; isCarer: boolean },
): EventView {
  const open = row.cancelled_at === null && row.ends_at > facts.now;
  const going = facts.mine?.status === "going";
  return {
    ...presentEventSummary(row, facts),
    description: row.description,
    descriptionHtml: row.description_html,
    directions: row.directions,
    onlineUrl: going || facts.organises ? row.online_url : null,
    maybe: facts.tally.maybe,
    organisers: facts.organisers,
    myPersonaId: facts.mine?.persona_id ?? null,
    myPlusOne: facts.mine?.plus_one ?? false,
    waitlistPosition: facts.mine?.position ?? null,
    followUpThreadId: row.follow_up_thread_id,
    can: { rsvp: open && facts.mayAnswer, bringPlusOne: open && facts.mayAnswer && facts.isCarer, edit: facts.organises, seeAttendees: facts.organises },
  };
}

export function presentAttendee(row: AttendeeRow): AttendeeView {
  return { persona: personaFrom(row.persona_id, row), status: row.status, plusOne: row.plus_one, position: row.position };
}
