/**
 * Checking what an organiser gives for an event: every field's problem named at once, before
 * anything is looked up or written. Times come as instants (ISO 8601 with an offset) and a zone
 * to show them in; the zone must be an IANA name this server knows.
 */
import type { EventAccessibility, EventMode } from "../db/schema.ts";
import { checkAll, invalid } from "../shared/errors.ts";
import { msg } from "../shared/i18n/message.ts";
import { EVENT_LIMITS, LIMITS } from "../shared/limits.ts";
import { checkSafeText, normaliseTitle } from "../shared/text.ts";
import { isTimeZone } from "../shared/time-zones.ts";
import { ACCESSIBILITY_KEYS, EVENT_MODES } from "./meetups.schemas.ts";

export const DEFAULT_TIME_ZONE = "Europe/London";

export type EventInput = {
  title: string;
  description?: string;
  startsAt: string;
  endsAt: string;
  timeZone?: string;
  mode: string;
  location?: string | null;
  directions?: string | null;
  onlineUrl?: string | null;
  capacity?: number | null;
  accessibility?: Record<string, unknown>;
  organisers?: string[];
};

export type CheckedEvent = {
  title: string;
  description: string;
  startsAt: Date;
  endsAt: Date;
  timeZone: string;
  mode: EventMode;
  location: string | null;
  directions: string | null;
  onlineUrl: string | null;
  capacity: number | null;
  accessibility: EventAccessibility;
};

/** Checks a whole event (creating one, or an edit merged onto the event as it is). */
export function checkEvent(input: EventInput): CheckedEvent {
  const checked = checkAll({
    title: () => normaliseTitle("title", input.title, { max: LIMITS.eventTitle, empty: msg("problem.events.title") }),
    description: () => optionalText("description", input.description ?? "", LIMITS.eventDescription) ?? "",
    startsAt: () => instant("startsAt", input.startsAt),
    endsAt: () => instant("endsAt", input.endsAt),
    timeZone: () => zone(input.timeZone ?? DEFAULT_TIME_ZONE),
    mode: () => mode(input.mode),
    location: () => optionalText("location", input.location, LIMITS.eventLocation),
    directions: () => optionalText("directions", input.directions, LIMITS.eventDirections),
    onlineUrl: () => onlineUrl(input.onlineUrl),
    capacity: () => capacity(input.capacity),
    accessibility: () => accessibility(input.accessibility ?? {}),
  });
  // What depends on two fields, once each is well formed on its own.
  checkAll({
    endsAt: () => {
      if (checked.endsAt.getTime() <= checked.startsAt.getTime()) throw invalid("endsAt", msg("problem.events.endBeforeStart"));
    },
    location: () => {
      if (checked.mode !== "online" && !checked.location) throw invalid("location", msg("problem.events.locationNeeded"));
    },
    onlineUrl: () => {
      if (checked.mode !== "in_person" && !checked.onlineUrl) throw invalid("onlineUrl", msg("problem.events.linkNeeded"));
    },
  });
  return checked;
}

function instant(field: string, value: string): Date {
  const at = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value) || Number.isNaN(at.getTime())) throw invalid(field, msg("problem.events.time"));
  return at;
}

function zone(value: string): string {
  if (!isTimeZone(value)) throw invalid("timeZone", msg("problem.events.timeZone"));
  return value;
}

function mode(value: string): EventMode {
  if (!(EVENT_MODES as readonly string[]).includes(value)) throw invalid("mode", msg("problem.mustBeOneOf", { options: EVENT_MODES.join(", ") }));
  return value as EventMode;
}

function optionalText(field: string, value: string | null | undefined, max: number): string | null {
  if (value === undefined || value === null) return null;
  const trimmed = checkSafeText(field, value).trim();
  if (trimmed.length > max) throw invalid(field, msg("problem.text.tooLong", { max: String(max) }));
  return trimmed || null;
}

function onlineUrl(value: string | null | undefined): string | null {
  const text = optionalText("onlineUrl", value, LIMITS.eventUrl);
  if (text === null) return null;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw invalid("onlineUrl", msg("problem.events.link"));
  }
  if ((url.protocol !== "https:" && url.protocol !== "http:") || !url.hostname) throw invalid("onlineUrl", msg("problem.events.link"));
  return url.toString();
}

function capacity(value: number | null | undefined): number | null {
  if (value === undefined || value === null) return null;
  if (!Number.isInteger(value) || value < 1 || value > EVENT_LIMITS.capacity) throw invalid("capacity", msg("problem.events.capacity", { max: String(EVENT_LIMITS.capacity) }));
  return value;
}

function accessibility(value: Record<string, unknown>): EventAccessibility {
  const result: EventAccessibility = {};
  for (const [key, given] of Object.entries(value)) {
    if (key === "notes") {
      const notes = optionalText("accessibility.notes", given as string, LIMITS.eventNotes);
      if (notes) result.notes = notes;
    } else if ((ACCESSIBILITY_KEYS as readonly string[]).includes(key) && typeof given === "boolean") {
      result[key as (typeof ACCESSIBILITY_KEYS)[number]] = given;
    } else {
      throw invalid(`accessibility.${key}`, msg("problem.events.accessibility"));
    }
  }
  return result;
}
