/** HTTP API of expertise (ADR 49): your personas' expertise, endorsing an expert patient, a community's topic vocabulary. */
import type { FastifyInstance } from "fastify";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { RouteContext } from "../http/context.ts";
import { errors } from "../http/schemas.ts";
import { EndorseBody, ExpertiseBody, OwnExpertiseSchema, PublicExpertiseSchema, TopicBody, TopicViewSchema } from "./questions.schemas.ts";

export async function expertiseRoutes(fastify: FastifyInstance, { services }: RouteContext) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ["expertise"];
  const Slug = Type.String({ maxLength: 100 });
  const Id = Type.Object({ id: Type.String({ maxLength: 100 }) });

  app.get(
    "/api/v1/me/expertise",
    { schema: { tags, summary: "Each of your personas with the expertise it declared", response: { 200: Type.Object({ items: Type.Array(OwnExpertiseSchema) }), ...errors(401) } } },
    async (request) => ({ items: await services.expertise.mine(request.viewer) }),
  );

  app.put(
    "/api/v1/me/expertise",
    {
      schema: {
        tags,
        summary: "Declare one persona's expertise (the personal one unless personaId names another): topics, basis, whether questions are routed to it and how many a week",
        body: ExpertiseBody,
        response: { 200: OwnExpertiseSchema, ...errors(400, 401, 403) },
      },
    },
    async (request) => services.expertise.set(request.viewer, request.body),
  );

  app.delete(
    "/api/v1/me/expertise",
    {
      schema: { tags, summary: "Clear one persona's expertise", querystring: Type.Object({ personaId: Type.Optional(Type.String({ maxLength: 100 })) }), response: { 204: Type.Null(), ...errors(401, 403) } },
    },
    async (request, reply) => {
      await services.expertise.clear(request.viewer, request.query.personaId);
      return reply.status(204).send(null);
    },
  );

  app.get(
    "/api/v1/personas/:id/expertise",
    { schema: { tags, summary: "What a persona says it knows, and how many endorse it (never who)", params: Id, response: { 200: PublicExpertiseSchema, ...errors(404) } } },
    async (request) => {
      const view = await services.expertise.ofPersona(request.viewer, request.params.id);
      if (!view) return services.expertise.noExpertise();
      return view;
    },
  );

  app.post(
    "/api/v1/personas/:id/endorsements",
    {
      schema: { tags, summary: "Endorse an expert patient's persona (not your own), as one of your personas", params: Id, body: EndorseBody, response: { 201: PublicExpertiseSchema, ...errors(400, 401, 403, 404, 409) } },
    },
    async (request, reply) => reply.status(201).send(await services.expertise.endorse(request.viewer, request.params.id, request.body.personaId)),
  );

  app.delete(
    "/api/v1/personas/:id/endorsements",
    { schema: { tags, summary: "Take back your endorsement", params: Id, response: { 204: Type.Null(), ...errors(401, 404) } } },
    async (request, reply) => {
      await services.expertise.unendorse(request.viewer, request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    "/api/v1/communities/:slug/topics",
    {
      schema: {
        tags,
        summary: "The community's topic vocabulary, with synonyms",
        params: Type.Object({ slug: Slug }),
        response: { 200: Type.Object({ topics: Type.Array(TopicViewSchema), can: Type.Object({ manage: Type.Boolean() }) }), ...errors(404) },
      },
    },
    async (request) => services.expertise.vocabulary(request.viewer, request.params.slug),
  );

  app.put(
    "/api/v1/communities/:slug/topics/:key",
    {
      schema: { tags, summary: "Add or replace a topic and its synonyms (owners and moderators)", params: Type.Object({ slug: Slug, key: Type.String({ maxLength: 100 }) }), body: TopicBody, response: { 200: TopicViewSchema, ...errors(400, 401, 403, 404) } },
    },
    async (request) => services.expertise.setTopic(request.viewer, request.params.slug, request.params.key, request.body),
  );

  app.delete(
    "/api/v1/communities/:slug/topics/:key",
    { schema: { tags, summary: "Remove a topic (owners and moderators)", params: Type.Object({ slug: Slug, key: Type.String({ maxLength: 100 }) }), response: { 204: Type.Null(), ...errors(401, 403, 404) } } },
    async (request, reply) => {
      await services.expertise.removeTopic(request.viewer, request.params.slug, request.params.key);
      return reply.status(204).send(null);
    },
  );
}
