/** Table types for events and meet-ups (migrations/0030, ADR 45). Part of schema.ts, which lists every table in Database. */
import type { ColumnType, Generated } from "kysely";
import type { Optional, RequiredTimestamp, Timestamp } from "./schema-columns.ts";

export type EventMode = "in_person" | "online" | "hybrid";
export type RsvpStatus = "going" | "waitlisted" | "maybe" | "not_going";

/** The accessibility details an organiser gives; each true, false or unknown (left out), and notes in words. */
export type EventAccessibility = {
  stepFree?: boolean;
  accessibleToilet?: boolean;
  hearingLoop?: boolean;
  quietRoom?: boolean;
  seating?: boolean;
  parking?: boolean;
  captions?: boolean;
  carersFree?: boolean;
  notes?: string;
};

export interface EventsTable {
  id: string;
  community_id: string;
  space_id: string;
  organiser_persona_id: string;
  title: string;
  description: string;
  description_html: string;
  starts_at: RequiredTimestamp;
  ends_at: RequiredTimestamp;
  time_zone: string;
  mode: EventMode;
  location: Optional<string>;
  directions: Optional<string>;
  online_url: Optional<string>;
  capacity: Optional<number>;
  accessibility: ColumnType<EventAccessibility, string | undefined, string>;
  cancelled_at: Optional<Date>;
  follow_up_thread_id: Optional<string>;
  follow_up_claimed_at: Optional<Date>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface EventOrganisersTable {
  event_id: string;
  persona_id: string;
}

export interface EventRsvpsTable {
  event_id: string;
  account_id: string;
  persona_id: string;
  status: RsvpStatus;
  plus_one: Generated<boolean>;
  arrival: Generated<string>;
  answered_at: Timestamp;
}

export interface EventMessagesTable {
  id: string;
  event_id: string;
  persona_id: string;
  body: string;
  created_at: Timestamp;
}

/** A member's personal calendar feed (migrations/0032, ADR 47): the secret token kept only as its SHA-256. */
export interface CalendarFeedsTable {
  account_id: string;
  token_sha256: string;
  created_at: Timestamp;
}

/** One person's word that they met another at an event (a connection once both said it; migrations/0033). */
export interface EventConnectionsTable {
  event_id: string;
  from_account_id: string;
  from_persona_id: string;
  to_persona_id: string;
  created_at: Timestamp;
}
