/**
 * iCalendar (RFC 5545) for events (issue 13 part 3, ADR 47), written by ical-generator. Times
 * are given in the event's own zone (DTSTART;TZID=Europe/London:…), with that zone's VTIMEZONE
 * from timezones-ical-library, so a calendar shows the right hour on either side of a
 * daylight-saving change. Luxon turns an instant into the zone's wall time for ical-generator
 * (a plain Date would be written in the server's own zone).
 *
 * What goes in is an EventView, already shaped for its viewer: the online link is there only
 * when the presenter gave it (someone going, or organising), and a feed for anyone drops it.
 */
import ical, { ICalCalendarMethod, ICalEventStatus, ICalEventTransparency } from "ical-generator";
import { DateTime } from "luxon";
import { tzlib_get_ical_block } from "timezones-ical-library";
import type { Translator } from "../shared/i18n/translator.ts";
import { ACCESSIBILITY_KEYS } from "./meetups.schemas.ts";
import type { EventView } from "./meetups.presenter.ts";

/** An event as a calendar carries it: its view, and when it last changed (SEQUENCE, LAST-MODIFIED). */
export type CalendarEvent = { view: EventView; updatedAt: Date };

/** The calendar's VTIMEZONE for a zone; null when the library has none (the times are then written in UTC). */
function vtimezone(zone: string): string | null {
  const block = tzlib_get_ical_block(zone);
  return Array.isArray(block) && typeof block[0] === "string" && block[0].startsWith("BEGIN:VTIMEZONE") ? block[0] : null;
}

/** A changed event's SEQUENCE must grow: seconds since 2020 of its last change do, and fit in an integer for a century. */
const EPOCH = Date.UTC(2020, 0, 1);
const sequenceOf = (updatedAt: Date) => Math.max(0, Math.floor((updatedAt.getTime() - EPOCH) / 1000));

// Written out, key by key, so the catalogue check sees every key in use.
const ACCESSIBILITY_WORDS: Record<string, string> = {
  stepFree: "calendar.accessibility.stepFree",
  accessibleToilet: "calendar.accessibility.accessibleToilet",
  hearingLoop: "calendar.accessibility.hearingLoop",
  quietRoom: "calendar.accessibility.quietRoom",
  seating: "calendar.accessibility.seating",
  parking: "calendar.accessibility.parking",
  captions: "calendar.accessibility.captions",
  carersFree: "calendar.accessibility.carersFree",
};

/** The event's description in plain text: the organiser's words, then directions, the link (when given) and accessibility, in words. */
function descriptionOf(view: EventView, page: string, t: Translator): string {
  const parts = [view.description.trim()];
  if (view.directions) parts.push(t.text("calendar.directions", { directions: view.directions }));
  if (view.onlineUrl) parts.push(t.text("calendar.onlineLink", { url: view.onlineUrl }));
  const facts = ACCESSIBILITY_KEYS.filter((key) => typeof view.accessibility[key] === "boolean").map((key) =>
    t.text(ACCESSIBILITY_WORDS[key]!, { answer: view.accessibility[key] ? "yes" : "no" }),
  );
  if (facts.length > 0 || view.accessibility.notes) {
    parts.push([t.text("calendar.accessibility"), ...facts.map((f) => `- ${f}`), ...(view.accessibility.notes ? [view.accessibility.notes] : [])].join("\n"));
  }
  if (view.cancelled) parts.unshift(t.text("calendar.cancelled"));
  parts.push(t.text("calendar.page", { url: page }));
  return parts.filter((p) => p.length > 0).join("\n\n");
}

/**
 * A calendar of events. `name` is the calendar's name in a calendar app; `publicUrl` makes each
 * event's page address and, by its host, each event's stable UID (`<event id>@<host>`).
 */
export function calendarOf(events: CalendarEvent[], options: { name: string; publicUrl: string; t: Translator }): string {
  const host = new URL(options.publicUrl).host;
  const calendar = ical({
    name: options.name,
    prodId: { company: "Hearth", product: "Hearth", language: options.t.locale.toUpperCase() },
    method: ICalCalendarMethod.PUBLISH,
    timezone: { name: null, generator: (zone: string) => vtimezone(zone) },
  });
  for (const { view, updatedAt } of events) {
    const zone = vtimezone(view.timeZone) ? view.timeZone : "UTC";
    const at = (iso: string) => DateTime.fromISO(iso, { zone });
    const page = `${options.publicUrl}/events/${encodeURIComponent(view.id)}`;
    const where = [view.location, view.onlineUrl].filter((w): w is string => !!w).join(" · ");
    calendar.createEvent({
      id: `${view.id}@${host}`,
      sequence: sequenceOf(updatedAt),
      lastModified: updatedAt,
      stamp: updatedAt,
      start: at(view.startsAt),
      end: at(view.endsAt),
      timezone: zone === "UTC" ? null : zone,
      summary: view.title,
      description: descriptionOf(view, page, options.t),
      location: where || null,
      url: page,
      status: view.cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
      transparency: ICalEventTransparency.OPAQUE,
    });
  }
  return calendar.toString();
}
