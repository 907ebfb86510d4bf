/** HTTP API for reactions: give one, take it back. Counts only; never who reacted. */
import type { FastifyInstance } from "fastify";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { RouteContext } from "../http/context.ts";
import { errors, ReactionCounts } from "../http/schemas.ts";
import { PersonaChoice, ReactionBody } from "./reactions.schemas.ts";


const ReactionsViewSchema = Type.Object({
  postId: Type.String(),
  reactions: ReactionCounts,
  myReactions: Type.Array(Type.String(), { description: "The kinds the viewer gave, as any of their personas" }),
});


export async function reactionsRoutes(fastify: FastifyInstance, { services }: RouteContext) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ["reactions"];

  app.post(
    "/api/v1/posts/:id/reactions",
    {
      schema: {
        tags,
        summary: "React to a post (201; 200 when that persona had already given this reaction)",
        params: Type.Object({ id: Type.String({ maxLength: 100 }) }),
        body: ReactionBody,
        response: { 200: ReactionsViewSchema, 201: ReactionsViewSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const { created, ...view } = await services.reactions.react(request.viewer, request.params.id, request.body);
      return reply.status(created ? 201 : 200).send(view);
    },
  );

  app.delete(
    "/api/v1/posts/:id/reactions/:kind",
    {
      schema: {
        tags,
        summary: "Take back a reaction given as personaId, or as your personal persona when left out (never another persona's)",
        params: Type.Object({ id: Type.String({ maxLength: 100 }), kind: Type.String({ maxLength: 40 }) }),
        querystring: Type.Object({ personaId: PersonaChoice }),
        response: { 204: Type.Null(), ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await services.reactions.unreact(request.viewer, request.params.id, request.params.kind, request.query.personaId);
      return reply.status(204).send(null);
    },
  );
}
