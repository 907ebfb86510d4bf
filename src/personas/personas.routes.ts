/** HTTP API for personas. */
import type { FastifyInstance } from "fastify";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { RouteContext } from "../http/context.ts";
import { errors, PersonaViewSchema } from "../http/schemas.ts";

const OwnPersonaSchema = Type.Intersect([
  PersonaViewSchema,
  Type.Object({
    isCarer: Type.Boolean(),
    specialty: Type.Union([Type.String(), Type.Null()]),
    verifiedUntil: Type.Union([Type.String({ format: "date-time" }), Type.Null()]),
  }),
]);

const Kind = Type.Union([Type.Literal("personal"), Type.Literal("professional"), Type.Literal("anonymous_professional")]);

export async function personasRoutes(fastify: FastifyInstance, { services }: RouteContext) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ["personas"];

  app.get(
    "/api/v1/personas",
    { schema: { tags, summary: "My personas", response: { 200: Type.Object({ items: Type.Array(OwnPersonaSchema), nextCursor: Type.Null() }), ...errors(401) } } },
    async (request) => services.personas.mine(request.viewer),
  );

  app.post(
    "/api/v1/personas",
    {
      schema: {
        tags,
        summary: "Add a persona; clinician personas need an approved, current verification",
        body: Type.Object(
          { kind: Kind, displayName: Type.Optional(Type.String({ maxLength: 200 })), carer: Type.Optional(Type.Boolean()) },
          { additionalProperties: false },
        ),
        response: { 201: OwnPersonaSchema, ...errors(400, 401, 403, 409) },
      },
    },
    async (request, reply) => reply.status(201).send(await services.personas.create(request.viewer, request.body)),
  );

  app.get(
    "/api/v1/personas/:id",
    { schema: { tags, summary: "The public view of a persona", params: Type.Object({ id: Type.String({ maxLength: 100 }) }), response: { 200: PersonaViewSchema, ...errors(404) } } },
    async (request) => services.personas.get(request.params.id),
  );

  app.patch(
    "/api/v1/personas/:id",
    {
      schema: {
        tags,
        summary: "Rename one of my personas, or mark a personal one as a carer",
        params: Type.Object({ id: Type.String({ maxLength: 100 }) }),
        body: Type.Object({ displayName: Type.Optional(Type.String({ maxLength: 200 })), carer: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
        response: { 200: OwnPersonaSchema, ...errors(400, 401, 404) },
      },
    },
    async (request) => services.personas.update(request.viewer, request.params.id, request.body),
  );
}
