/** HTTP API for moderation: actions, the public log, flags and the moderators' queue. */
import type { FastifyInstance } from "fastify";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { RouteContext } from "../http/context.ts";
import { LIMITS } from "../shared/limits.ts";
import { errors, Page, PageQuery, PersonaViewSchema } from "../http/schemas.ts";

const L = Type.Literal;
const TargetType = Type.Union([L("post"), L("thread"), L("persona")]);
const Action = Type.Union([L("dismiss"), L("hide"), L("unhide"), L("warn"), L("suspend"), L("unsuspend"), L("ban")]);
const FlagReason = Type.Union([L("medical_misinformation"), L("harassment"), L("spam"), L("safeguarding"), L("identifying"), L("other")]);
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
});

const Slug = Type.Object({ slug: Type.String({ maxLength: 100 }) });
const Id = Type.String({ maxLength: 100 });

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
        body: Type.Object(
          {
            flagId: Type.Optional(Type.Union([Id, Type.Null()])),
            targetType: TargetType,
            targetId: Id,
            action: Action,
            reason: Type.String({ minLength: 1, maxLength: LIMITS.moderationReason }),
            community: Type.Optional(Type.Union([Type.String({ maxLength: 100, description: "The community's address; needed when the target is a persona" }), Type.Null()])),
            until: Type.Optional(Type.Union([Type.String({ maxLength: 40, description: "When a suspension ends: 2030-01-31 or a date and time" }), Type.Null()])),
            alsoHideThread: Type.Optional(Type.Boolean({ description: "With hide on the opening post of a thread: hide the thread too (its own log entry)" })),
          },
          { additionalProperties: false },
        ),
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
        summary: "Open flags, oldest first (the community's owners and moderators)",
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
        body: Type.Object(
          {
            targetType: Type.Union([L("post"), L("thread"), L("persona"), L("event")]),
            targetId: Id,
            reason: FlagReason,
            note: Type.Optional(Type.Union([Type.String({ maxLength: LIMITS.flagNote }), Type.Null()])),
            community: Type.Optional(Type.Union([Type.String({ maxLength: 100, description: "The community's address; needed when flagging a persona" }), Type.Null()])),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Object({ id: Type.String() }), ...errors(400, 401, 404) },
      },
    },
    async (request, reply) => reply.status(201).send(await services.moderation.flag(request.viewer, request.body)),
  );
}
