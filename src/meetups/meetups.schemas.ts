/**
 * The bodies the events API takes, shared by its routes and the event pages' forms, which
 * validate with these same schemas (ADR 28).
 */
import { Type } from "typebox";
import { EVENT_LIMITS, LIMITS } from "../shared/limits.ts";

export const EVENT_MODES = ["in_person", "online", "hybrid"] as const;
export const RSVP_ANSWERS = ["going", "maybe", "not_going"] as const;
/** Where an organiser may move someone on the list. */
export const ATTENDEE_MOVES = ["going", "waitlisted", "not_going"] as const;

/** The accessibility facts, in the order pages show them. */
export const ACCESSIBILITY_KEYS = ["stepFree", "accessibleToilet", "hearingLoop", "quietRoom", "seating", "parking", "captions", "carersFree"] as const;
export type AccessibilityKey = (typeof ACCESSIBILITY_KEYS)[number];

const fact = (description: string) => Type.Optional(Type.Boolean({ description }));

export const AccessibilityBody = Type.Object(
  {
    stepFree: fact("Step-free access all the way in"),
    accessibleToilet: fact("An accessible toilet"),
    hearingLoop: fact("A hearing loop"),
    quietRoom: fact("A quiet room to step away to"),
    seating: fact("Seating for everyone, with backs and arms"),
    parking: fact("Accessible parking close by"),
    captions: fact("Captions (online or on screen)"),
    carersFree: fact("Carers come free and do not take a place of their own"),
    notes: Type.Optional(Type.String({ maxLength: LIMITS.eventNotes, description: "Anything else, in words" })),
  },
  { additionalProperties: false, description: "Each fact true or false, or left out when not known" },
);

const editable = {
  title: Type.String({ maxLength: LIMITS.eventTitle }),
  description: Type.Optional(Type.String({ maxLength: LIMITS.eventDescription, description: "Markdown" })),
  startsAt: Type.String({ format: "date-time", maxLength: 40, description: "ISO 8601 with an offset" }),
  endsAt: Type.String({ format: "date-time", maxLength: 40, description: "ISO 8601 with an offset; after startsAt" }),
  timeZone: Type.Optional(Type.String({ maxLength: 64, description: "IANA time zone the event is shown in (default Europe/London)" })),
  mode: Type.Enum([...EVENT_MODES], { type: "string" }),
  location: Type.Optional(Type.Union([Type.String({ maxLength: LIMITS.eventLocation }), Type.Null()], { description: "The address; needed in person and hybrid" })),
  directions: Type.Optional(Type.Union([Type.String({ maxLength: LIMITS.eventDirections }), Type.Null()])),
  onlineUrl: Type.Optional(
    Type.Union([Type.String({ maxLength: LIMITS.eventUrl }), Type.Null()], { description: "An http(s) link; needed online and hybrid; shown only to people going" }),
  ),
  capacity: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: EVENT_LIMITS.capacity }), Type.Null()], { description: "Places (a carer's +1 takes one); null for no limit" })),
  accessibility: Type.Optional(AccessibilityBody),
  organisers: Type.Optional(
    Type.Array(Type.String({ maxLength: 100 }), { maxItems: EVENT_LIMITS.organisers, description: "Personas of members who organise it too" }),
  ),
};

export const EventBody = Type.Object(
  { ...editable, space: Type.Optional(Type.String({ maxLength: LIMITS.slug, description: "The space it belongs to (default: the community's first)" })) },
  { additionalProperties: false },
);

export const EventPatch = Type.Partial(Type.Object(editable), { additionalProperties: false });

export const RsvpBody = Type.Object(
  {
    status: Type.Enum([...RSVP_ANSWERS], { type: "string" }),
    personaId: Type.Optional(Type.String({ maxLength: 100, description: "Which of your personas answers (the others going see it); the personal one by default" })),
    plusOne: Type.Optional(Type.Boolean({ description: "A carer bringing the person they care for (one more place)" })),
  },
  { additionalProperties: false },
);

export const MoveBody = Type.Object({ status: Type.Enum([...ATTENDEE_MOVES], { type: "string" }) }, { additionalProperties: false });

export const MessageBody = Type.Object({ body: Type.String({ maxLength: LIMITS.eventMessage }) }, { additionalProperties: false });

export const MetBody = Type.Object({ personaId: Type.String({ maxLength: 100, description: "The persona someone answered as, who was going too" }) }, { additionalProperties: false });
