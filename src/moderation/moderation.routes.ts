/** HTTP API for moderation: actions, the public log, flags and the moderators' queue. */
import type { FastifyInstance } from "fastify";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { RouteContext } from "../http/context.ts";
import { errors, Page, PageQuery, PersonaViewSchema } from "../http/schemas.ts";
import { Action, FlagBody, FlagReason, ModerationActionBody, TargetType } from "./moderation.schemas.ts";

const L = Type.Literal;
const Day = Type.String({ format: "date" });

/** The target as a persona view: never an account id or a username. */
const TargetSchema = Type.Object({ type: TargetType, id: Type.String(), persona: PersonaViewSchema });

export const LogEntrySchema = Type.Object({
  id: Type.String(),
  action: Action,
  reason: Type.String(),
  date: Type.String({ format: "date", description: "The day it was done (UTC)" }),
  until: Type.Union([Day, Type.Null()], { description: "For a suspension: the day it ends" }),
  community: Type.Object({ slug: Type.String(), name: Type.String() }),
  target: TargetSchema,
});

const FlagSchema = Type.Object({
  id: Type.String(),
  reason: FlagReason,
  note: Type.Union([Type.String(), Type.Null()]),
  date: Day,
  target: TargetSchema,
  urgency: Type.Union([Type.Literal("high"), Type.Literal("medium"), Type.Null()], {
    description: "A safeguarding alert the system raised because a post holds crisis language (high: words of intent); null for a member's report. The queue lists alerts first, high before medium.",
  }),
});

const Slug = Type.Object({ slug: Type.String({ maxLength: 100 }) });

export async function moderationRoutes(fastify: FastifyInstance, { services }: RouteContext) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ["moderation"];

  app.post(
    "/api/v1/moderation/actions",
    {
      schema: {
        tags,
        summary: "Take a moderation action (the community's owners and moderators)",
        description:
          "hide/unhide a post or thread; warn, suspend (until a date) or ban a persona, or the author of a post or thread; " +
          "unsuspend lifts what was issued against that persona; dismiss closes a flag. A sanction reaches the account " +
          "behind the persona in that community, whichever persona it writes as, without the moderator learning the account.",
        body: ModerationActionBody,
        response: { 201: LogEntrySchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => reply.status(201).send(await services.moderation.act(request.viewer, request.body)),
  );

  app.get(
    "/api/v1/communities/:slug/moderation/log",
    {
      schema: {
        tags,
        summary: "The community's public moderation log, newest first",
        params: Slug,
        querystring: PageQuery,
        response: { 200: Page(LogEntrySchema), ...errors(400, 404) },
      },
    },
    async (request) => services.moderation.log(request.viewer, request.params.slug, request.query.cursor, request.query.limit),
  );

  app.get(
    "/api/v1/communities/:slug/moderation/queue",
    {
      schema: {
        tags,
        summary: "Open flags: safeguarding alerts first (high, then medium), then reports oldest first (the community's owners and moderators)",
        params: Slug,
        querystring: PageQuery,
        response: { 200: Page(FlagSchema), ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => services.moderation.queue(request.viewer, request.params.slug, request.query.cursor, request.query.limit),
  );

  app.post(
    "/api/v1/flags",
    {
      schema: {
        tags,
        summary: "Flag a post, thread or persona for the community's moderators",
        body: FlagBody,
        response: { 201: Type.Object({ id: Type.String() }), ...errors(400, 401, 404) },
      },
    },
    async (request, reply) => reply.status(201).send(await services.moderation.flag(request.viewer, request.body)),
  );
}
