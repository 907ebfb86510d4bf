/** HTTP API for break-glass reveals (administrators) and each member's audit log. */
import type { FastifyInstance } from "fastify";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { RouteContext } from "../http/context.ts";
import { BreakGlassDecisionBody, BreakGlassRequestBody } from "./moderation.schemas.ts";
import { errors, Page, PageQuery, PersonaViewSchema } from "../http/schemas.ts";

const Status = Type.Union([Type.Literal("pending"), Type.Literal("approved"), Type.Literal("rejected")]);
const Username = Type.Object({ username: Type.String() });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);

const BreakGlassSchema = Type.Object({
  id: Type.String(),
  status: Status,
  persona: PersonaViewSchema,
  reason: Type.String(),
  requestedBy: Username,
  decidedBy: Nullable(Username),
  decisionReason: Nullable(Type.String()),
  createdAt: Type.String({ format: "date-time" }),
  decidedAt: Nullable(Type.String({ format: "date-time" })),
  revealUntil: Nullable(Type.String({ format: "date-time" })),
  mine: Type.Boolean({ description: "Whether you asked for it" }),
  account: Type.Optional(
    Type.Object({ id: Type.String(), username: Type.String() }, { description: "Only for the administrator who asked, once approved; each reading is audited" }),
  ),
});

const AuditEntrySchema = Type.Object({
  id: Type.String(),
  action: Type.String(),
  summary: Type.String(),
  date: Type.String({ description: "The day it was done (YYYY-MM-DD, UTC)" }),
  createdAt: Type.String({ format: "date-time", description: "To the millisecond for reveals; for moderation entries the day only (midnight UTC), as in the public log" }),
  actor: Nullable(Type.Object({ displayName: Type.String() }, { description: "The administrator, by the name of their personal persona" })),
  community: Nullable(Type.Object({ slug: Type.String(), name: Type.String() })),
  persona: Nullable(PersonaViewSchema),
  reason: Nullable(Type.String()),
  until: Nullable(Type.String()),
});

const Id = Type.Object({ id: Type.String({ maxLength: 100 }) });

export async function breakGlassRoutes(fastify: FastifyInstance, { services }: RouteContext) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ["break-glass"];

  app.post(
    "/api/v1/admin/break-glass",
    {
      schema: {
        tags,
        summary: "Ask to reveal the account behind a persona (administrators; a second administrator decides)",
        body: BreakGlassRequestBody,
        response: { 201: BreakGlassSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => reply.status(201).send(await services.breakGlass.request(request.viewer, request.body)),
  );

  app.get(
    "/api/v1/admin/break-glass",
    {
      schema: {
        tags,
        summary: "Break-glass requests by status, pending by default (administrators)",
        querystring: Type.Object({ status: Type.Optional(Status) }),
        response: { 200: Type.Object({ items: Type.Array(BreakGlassSchema), nextCursor: Type.Null() }), ...errors(400, 401, 403) },
      },
    },
    async (request) => services.breakGlass.list(request.viewer, request.query.status),
  );

  app.get(
    "/api/v1/admin/break-glass/:id",
    {
      schema: {
        tags,
        summary: "One request; the account is included only for the administrator who asked, once approved",
        params: Id,
        response: { 200: BreakGlassSchema, ...errors(401, 403, 404) },
      },
    },
    async (request) => services.breakGlass.get(request.viewer, request.params.id),
  );

  app.post(
    "/api/v1/admin/break-glass/:id/decision",
    {
      schema: {
        tags,
        summary: "Approve or turn down a request (an administrator other than the one who asked)",
        params: Id,
        body: BreakGlassDecisionBody,
        response: { 200: BreakGlassSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => services.breakGlass.decide(request.viewer, request.params.id, request.body.decision, request.body.reason),
  );

  app.get(
    "/api/v1/me/audit-log",
    {
      schema: {
        tags: ["accounts"],
        summary: "What was done about my account: reveals asked for, decided and read, and moderation",
        querystring: PageQuery,
        response: { 200: Page(AuditEntrySchema), ...errors(400, 401) },
      },
    },
    async (request) => services.auditLog.mine(request.viewer, request.query.cursor, request.query.limit, request.i18n),
  );
}
