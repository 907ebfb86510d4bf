/** HTTP API for a community's glossary: read it (anyone who may see the community), add and remove terms (owners and moderators). */
import type { FastifyInstance } from "fastify";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { RouteContext } from "../http/context.ts";
import { errors } from "../http/schemas.ts";
import { GlossaryTermBody, GlossaryTermSchema, GlossaryViewSchema } from "./glossary.schemas.ts";

export async function glossaryRoutes(fastify: FastifyInstance, { services }: RouteContext) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ["glossary"];
  const Slug = Type.String({ maxLength: 100 });

  app.get(
    "/api/v1/communities/:slug/glossary",
    { schema: { tags, summary: "The community's glossary: terms with plain-language definitions, alphabetical", params: Type.Object({ slug: Slug }), response: { 200: GlossaryViewSchema, ...errors(404) } } },
    async (request) => services.glossary.glossary(request.viewer, request.params.slug),
  );

  app.post(
    "/api/v1/communities/:slug/glossary",
    {
      schema: {
        tags,
        summary: "Add a term (owners and moderators); a term the glossary has, ignoring case and spacing, is a 400 naming `term`",
        params: Type.Object({ slug: Slug }),
        body: GlossaryTermBody,
        response: { 201: GlossaryTermSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => reply.status(201).send(await services.glossary.addTerm(request.viewer, request.params.slug, request.body)),
  );

  app.delete(
    "/api/v1/communities/:slug/glossary/:id",
    {
      schema: {
        tags,
        summary: "Remove a term (owners and moderators)",
        params: Type.Object({ slug: Slug, id: Type.String({ maxLength: 100 }) }),
        response: { 204: Type.Null(), ...errors(401, 403, 404) },
      },
    },
    async (request, reply) => {
      await services.glossary.removeTerm(request.viewer, request.params.slug, request.params.id);
      return reply.status(204).send(null);
    },
  );
}
