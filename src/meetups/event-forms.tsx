/**
 * The events' HTML forms, read with the API's own bodies (meetups.schemas.ts, ADR 28). A browser
 * sends times as wall-clock times ("2026-03-29T18:30") in the zone chosen beside them; these are
 * turned into instants in that zone before the schema reads them, so both doors refuse the same.
 */
import { msg } from "../shared/i18n/message.ts";
import type { Translator } from "../shared/i18n/translator.ts";
import { instantOfWallTime, isTimeZone, wallTimeOf } from "../shared/time-zones.ts";
import type { Converted, FormSpec } from "../web/schema-form.ts";
import { sentence } from "../web/form-body.ts";
import { DEFAULT_TIME_ZONE } from "./event-input.ts";
import { ACCESSIBILITY_KEYS, type AccessibilityKey } from "./meetups.schemas.ts";
import type { EventView } from "./meetups.presenter.ts";

/** "yes", "no", or "" (not known: left out). */
const fact = (text: string): Converted => (text === "yes" ? { value: true } : text === "no" ? { value: false } : { omit: true });

// Written out, key by key, so the catalogue check sees every key in use.
export const ACCESSIBILITY_LABELS: Record<AccessibilityKey, string> = {
  stepFree: "events.a11y.stepFree",
  accessibleToilet: "events.a11y.accessibleToilet",
  hearingLoop: "events.a11y.hearingLoop",
  quietRoom: "events.a11y.quietRoom",
  seating: "events.a11y.seating",
  parking: "events.a11y.parking",
  captions: "events.a11y.captions",
  carersFree: "events.a11y.carersFree",
};

export const eventForm = (t: Translator) =>
  ({
    title: { label: t.text("events.field.title"), required: sentence(t.say(msg("problem.events.title"))) },
    description: { label: t.text("events.field.description") },
    startsAt: { label: t.text("events.field.startsAt"), required: sentence(t.say(msg("problem.events.time"))) },
    endsAt: { label: t.text("events.field.endsAt"), required: sentence(t.say(msg("problem.events.time"))) },
    timeZone: { label: t.text("events.field.timeZone"), as: (text) => (isTimeZone(text.trim()) ? { value: text.trim() } : { problem: sentence(t.say(msg("problem.events.timeZone"))) }) },
    mode: { label: t.text("events.field.mode") },
    location: { label: t.text("events.field.location"), whenEmpty: "null" },
    directions: { label: t.text("events.field.directions"), whenEmpty: "null" },
    onlineUrl: { label: t.text("events.field.onlineUrl"), whenEmpty: "null" },
    capacity: { label: t.text("events.field.capacity"), as: "number", whenEmpty: "null" },
    ...Object.fromEntries(ACCESSIBILITY_KEYS.map((key) => [key, { label: t.text(ACCESSIBILITY_LABELS[key]), path: `accessibility.${key}`, as: fact }])),
    notes: { label: t.text("events.field.notes"), path: "accessibility.notes" },
  }) as FormSpec;

/** What the form shows: the event's values, or what was typed. */
export type EventDraft = Record<string, string>;

export function draftOf(event: EventView | null): EventDraft {
  if (!event) return { timeZone: DEFAULT_TIME_ZONE, mode: "in_person" };
  const draft: EventDraft = {
    title: event.title,
    description: event.description,
    startsAt: wallTimeOf(new Date(event.startsAt), event.timeZone),
    endsAt: wallTimeOf(new Date(event.endsAt), event.timeZone),
    timeZone: event.timeZone,
    mode: event.mode,
    location: event.location ?? "",
    directions: event.directions ?? "",
    onlineUrl: event.onlineUrl ?? "",
    capacity: event.capacity === null ? "" : String(event.capacity),
    notes: event.accessibility.notes ?? "",
  };
  for (const key of ACCESSIBILITY_KEYS) {
    const value = event.accessibility[key];
    draft[key] = value === true ? "yes" : value === false ? "no" : "";
  }
  return draft;
}

/**
 * The form's body with its wall-clock times made instants in the chosen zone. A time that is not
 * one (or a zone that is not known) is passed on as typed, for the schema to refuse by name.
 */
export function withInstants(body: unknown): Record<string, unknown> {
  const source = body && typeof body === "object" ? { ...(body as Record<string, unknown>) } : {};
  // An unknown zone is named by its own field; the times are read in the default meanwhile, so they are not blamed too.
  const given = typeof source.timeZone === "string" ? source.timeZone.trim() : "";
  const zone = given && isTimeZone(given) ? given : DEFAULT_TIME_ZONE;
  for (const name of ["startsAt", "endsAt"]) {
    const text = source[name];
    if (typeof text !== "string" || !text.trim()) continue;
    const at = instantOfWallTime(text.trim().slice(0, 16), zone);
    if (at) source[name] = at.toISOString();
  }
  return source;
}

/** The draft to show again: what was typed. */
export function typedDraft(body: unknown): EventDraft {
  const source = body && typeof body === "object" ? (body as Record<string, unknown>) : {};
  return Object.fromEntries(Object.entries(source).filter(([, v]) => typeof v === "string")) as EventDraft;
}
