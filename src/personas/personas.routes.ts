/** HTTP API for personas. */
import type { FastifyInstance } from "fastify";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { RouteContext } from "../http/context.ts";
import { errors, PersonaViewSchema } from "../http/schemas.ts";
import { CapacityKey, PersonaCreateBody, PersonaPatchBody } from "./personas.schemas.ts";

const OwnPersonaSchema = Type.Intersect([
  PersonaViewSchema,
  Type.Object({
    isCarer: Type.Boolean(),
    specialty: Type.Union([Type.String(), Type.Null()], { description: "The verified specialty, on the professional persona only" }),
    chosenCapacity: Type.Union([CapacityKey, Type.Null()], { description: "An anonymous clinician persona's capacity, chosen by its owner" }),
    verifiedUntil: Type.Union([Type.String({ format: "date-time" }), Type.Null()]),
  }),
]);

/** The public view, with what the owner chose to show from a linked account (see src/external-identity). */
const PublicPersonaSchema = Type.Intersect([
  PersonaViewSchema,
  Type.Object({
    profile: Type.Optional(
      Type.Object({
        name: Type.Optional(Type.String()),
        pictureUrl: Type.Optional(Type.String({ description: "Served by Hearth itself, never by a third party" })),
        profileLink: Type.Optional(Type.String()),
      }),
    ),
  }),
]);

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
        body: PersonaCreateBody,
        response: { 201: OwnPersonaSchema, ...errors(400, 401, 403, 409) },
      },
    },
    async (request, reply) => reply.status(201).send(await services.personas.create(request.viewer, request.body)),
  );

  app.get(
    "/api/v1/personas/:id",
    { schema: { tags, summary: "The public view of a persona", params: Type.Object({ id: Type.String({ maxLength: 100 }) }), response: { 200: PublicPersonaSchema, ...errors(404) } } },
    async (request) => services.personas.get(request.params.id),
  );

  app.patch(
    "/api/v1/personas/:id",
    {
      schema: {
        tags,
        summary: "Rename one of my personas, mark a personal one as a carer, set a clinician persona's boundaries or an anonymous one's capacity",
        params: Type.Object({ id: Type.String({ maxLength: 100 }) }),
        body: PersonaPatchBody,
        response: { 200: OwnPersonaSchema, ...errors(400, 401, 404) },
      },
    },
    async (request) => services.personas.update(request.viewer, request.params.id, request.body),
  );
}
