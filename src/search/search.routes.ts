/** HTTP API for search. */
import type { FastifyInstance } from "fastify";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { RouteContext } from "../http/context.ts";
import { errors, Page, SearchHitSchema } from "../http/schemas.ts";
import { LIMITS } from "../shared/limits.ts";

export async function searchRoutes(fastify: FastifyInstance, { services }: RouteContext) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    "/api/v1/search",
    {
      schema: {
        tags: ["search"],
        summary: "Threads and posts the viewer may read that match the words",
        querystring: Type.Object({
          q: Type.String({ maxLength: LIMITS.searchQuery }),
          community: Type.Optional(Type.String({ maxLength: 100 })),
          cursor: Type.Optional(Type.String({ maxLength: 50 })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })),
        }),
        response: { 200: Page(SearchHitSchema), ...errors(400, 404) },
      },
    },
    async (request) => services.search.search(request.viewer, request.query),
  );
}
