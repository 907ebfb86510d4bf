/** HTTP API for linked accounts (the sign-in itself is a browser redirect: see external-identity.pages.tsx). */
import type { FastifyInstance } from "fastify";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { RouteContext } from "../http/context.ts";
import { errors } from "../http/schemas.ts";

const ProfileFieldName = Type.Union([Type.Literal("name"), Type.Literal("picture"), Type.Literal("profile_link")]);

const LinkedAccountSchema = Type.Object({
  id: Type.String(),
  providerName: Type.String({ description: "What the provider is called, e.g. NHS login" }),
  subject: Type.String({ description: "The provider's id for you; only ever shown to you" }),
  linkedAt: Type.String({ format: "date", description: "The day it was linked" }),
  fields: Type.Array(
    Type.Object({
      field: ProfileFieldName,
      personaId: Type.String({ description: "The persona that shows it" }),
      value: Type.String({ description: "What is shown; for a picture, the address Hearth serves its own copy from" }),
    }),
  ),
});

export async function externalIdentityRoutes(fastify: FastifyInstance, { services }: RouteContext) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ["linked accounts"];

  app.get(
    "/api/v1/me/linked-accounts",
    {
      schema: {
        tags,
        summary: "My accounts at an OpenID Connect provider, and which persona shows each detail drawn from them",
        response: { 200: Type.Object({ items: Type.Array(LinkedAccountSchema), nextCursor: Type.Null() }), ...errors(401) },
      },
    },
    async (request) => services.externalIdentity.mine(request.viewer),
  );

  app.delete(
    "/api/v1/me/linked-accounts/:id",
    {
      schema: {
        tags,
        summary: "Unlink an account; what was drawn from it goes too",
        params: Type.Object({ id: Type.String({ maxLength: 100 }) }),
        response: { 204: Type.Null(), ...errors(401, 404) },
      },
    },
    async (request, reply) => {
      await services.externalIdentity.unlink(request.viewer, request.params.id);
      return reply.status(204).send(null);
    },
  );
}
