/** HTTP API for events and meet-ups: make one, read it, answer, and the organisers' list, moves and messages (ADR 45). */
import type { FastifyInstance } from "fastify";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { RouteContext } from "../http/context.ts";
import { errors } from "../http/schemas.ts";
import { AccessibilityBody, EventBody, EventPatch, MessageBody, MetBody, MoveBody, RsvpBody } from "./meetups.schemas.ts";

const Persona = Type.Object({}, { additionalProperties: true, description: "A persona as shown (never the account)" });
const Status = Type.String({ description: "going, waitlisted, maybe or not_going" });

const Summary = {
  id: Type.String(),
  community: Type.Object({ slug: Type.String(), name: Type.String() }),
  space: Type.Object({ slug: Type.String(), name: Type.String() }),
  title: Type.String(),
  startsAt: Type.String(),
  endsAt: Type.String(),
  timeZone: Type.String(),
  mode: Type.String(),
  location: Type.Union([Type.String(), Type.Null()]),
  cancelled: Type.Boolean(),
  past: Type.Boolean(),
  capacity: Type.Union([Type.Integer(), Type.Null()]),
  going: Type.Integer({ description: "Places taken (a carer's +1 takes one)" }),
  waitlisted: Type.Integer(),
  placesLeft: Type.Union([Type.Integer(), Type.Null()]),
  accessibility: AccessibilityBody,
  myStatus: Type.Union([Status, Type.Null()]),
};

const EventSummarySchema = Type.Object(Summary);

const EventViewSchema = Type.Object({
  ...Summary,
  description: Type.String(),
  descriptionHtml: Type.String(),
  directions: Type.Union([Type.String(), Type.Null()]),
  onlineUrl: Type.Union([Type.String(), Type.Null()], { description: "Only for people going and the organisers" }),
  maybe: Type.Integer(),
  organisers: Type.Array(Persona),
  myPersonaId: Type.Union([Type.String(), Type.Null()]),
  myPlusOne: Type.Boolean(),
  waitlistPosition: Type.Union([Type.Integer(), Type.Null()]),
  followUpThreadId: Type.Union([Type.String(), Type.Null()]),
  can: Type.Object({ rsvp: Type.Boolean(), bringPlusOne: Type.Boolean(), edit: Type.Boolean(), seeAttendees: Type.Boolean() }),
});

const AttendeeSchema = Type.Object({ persona: Persona, status: Status, plusOne: Type.Boolean(), position: Type.Union([Type.Integer(), Type.Null()]) });

const IdParams = Type.Object({ id: Type.String({ maxLength: 100 }) });
const SlugParams = Type.Object({ slug: Type.String({ maxLength: 100 }) });
const AttendeeParams = Type.Object({ id: Type.String({ maxLength: 100 }), personaId: Type.String({ maxLength: 100 }) });

export async function meetupsRoutes(fastify: FastifyInstance, { services }: RouteContext) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ["events"];

  app.post(
    "/api/v1/communities/:slug/events",
    {
      schema: {
        tags,
        summary: "Make an event in a space you may post in (creating it does not answer for you)",
        params: SlugParams,
        body: EventBody,
        response: { 201: Type.Object({ id: Type.String() }), ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => reply.status(201).send(await services.meetups.create(request.viewer, request.params.slug, request.body)),
  );

  app.get(
    "/api/v1/communities/:slug/events",
    {
      schema: {
        tags,
        summary: "A community's events you may read: upcoming (soonest first) or past (newest first)",
        params: SlugParams,
        querystring: Type.Object({ when: Type.Optional(Type.Union([Type.Literal("upcoming"), Type.Literal("past")])) }, { additionalProperties: false }),
        response: { 200: Type.Object({ items: Type.Array(EventSummarySchema) }), ...errors(404) },
      },
    },
    async (request) => ({ items: await services.meetups.list(request.viewer, request.params.slug, request.query.when ?? "upcoming") }),
  );

  app.get(
    "/api/v1/events/:id",
    { schema: { tags, summary: "An event, as you may see it", params: IdParams, response: { 200: EventViewSchema, ...errors(404) } } },
    async (request) => services.meetups.get(request.viewer, request.params.id),
  );

  app.patch(
    "/api/v1/events/:id",
    {
      schema: {
        tags,
        summary: "Change an event (organisers); a change of time, place or link is told to everyone who answered",
        params: IdParams,
        body: EventPatch,
        response: { 200: EventViewSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => services.meetups.update(request.viewer, request.params.id, request.body),
  );

  app.post(
    "/api/v1/events/:id/cancel",
    { schema: { tags, summary: "Cancel an event (organisers); everyone who answered is told", params: IdParams, response: { 200: EventViewSchema, ...errors(401, 403, 404) } } },
    async (request) => services.meetups.cancel(request.viewer, request.params.id),
  );

  app.post(
    "/api/v1/events/:id/rsvp",
    {
      schema: {
        tags,
        summary: "Answer going, maybe or not going; a going that does not fit is waitlisted, and promoted in turn",
        params: IdParams,
        body: RsvpBody,
        response: { 200: Type.Object({ status: Status }), ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => services.meetups.rsvp(request.viewer, request.params.id, request.body),
  );

  app.get(
    "/api/v1/events/:id/attendees",
    {
      schema: {
        tags,
        summary: "Everyone who answered (organisers): going, the waitlist in order, maybe, not going",
        params: IdParams,
        response: { 200: Type.Object({ items: Type.Array(AttendeeSchema) }), ...errors(401, 403, 404) },
      },
    },
    async (request) => ({ items: await services.meetups.attendees(request.viewer, request.params.id) }),
  );

  app.put(
    "/api/v1/events/:id/attendees/:personaId",
    {
      schema: {
        tags,
        summary: "Move someone who answered (organisers): to going where it fits, to the back of the waitlist, or to not going",
        params: AttendeeParams,
        body: MoveBody,
        response: { 200: Type.Object({ items: Type.Array(AttendeeSchema) }), ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => ({ items: await services.meetups.move(request.viewer, request.params.id, request.params.personaId, request.body.status) }),
  );

  app.post(
    "/api/v1/events/:id/messages",
    {
      schema: {
        tags,
        summary: "Write to everyone going, waiting or maybe (organisers); each is told in their notifications",
        params: IdParams,
        body: MessageBody,
        response: { 201: Type.Object({ id: Type.String() }), ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => reply.status(201).send(await services.meetups.message(request.viewer, request.params.id, request.body)),
  );

  const PersonAtEvent = Type.Object({ persona: Persona, iSaid: Type.Boolean(), theySaid: Type.Boolean(), connected: Type.Boolean() });

  app.get(
    "/api/v1/events/:id/people",
    {
      schema: {
        tags,
        summary: "The others who were going, for someone who went, once it started: whom you said you met, and who said it of you",
        params: IdParams,
        response: { 200: Type.Object({ items: Type.Array(PersonAtEvent) }), ...errors(401, 403, 404) },
      },
    },
    async (request) => ({ items: (await services.meetups.peopleAt(request.viewer, request.params.id)).people }),
  );

  app.post(
    "/api/v1/events/:id/met",
    {
      schema: {
        tags,
        summary: "Say you met someone there (both of you were going); a connection once they say it too, seen only by the two of you",
        params: IdParams,
        body: MetBody,
        response: { 200: Type.Object({ connected: Type.Boolean() }), ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => services.meetups.sayWeMet(request.viewer, request.params.id, request.body.personaId),
  );

  app.get(
    "/api/v1/me/met",
    {
      schema: {
        tags,
        summary: "The people you met at events, both of you having said so: by the persona each used there",
        response: {
          200: Type.Object({
            items: Type.Array(Type.Object({ persona: Persona, asPersonaId: Type.String(), event: Type.Object({ id: Type.String(), title: Type.String(), startsAt: Type.String() }) })),
          }),
          ...errors(401),
        },
      },
    },
    async (request) => ({ items: await services.meetups.connections(request.viewer) }),
  );
}
