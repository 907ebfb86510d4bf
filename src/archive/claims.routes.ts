/** HTTP API for claiming portable personas (ADR 46): `POST /api/v1/claims {code}`. */
import type { FastifyInstance } from "fastify";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { RouteContext } from "../http/context.ts";
import { errors } from "../http/schemas.ts";

/** The body of a claim, for the API and the /claim form alike. */
export const ClaimBody = Type.Object({ code: Type.String({ maxLength: 200, description: "The claim code the community's old host sent you" }) }, { additionalProperties: false });

const ClaimedSchema = Type.Object({
  communities: Type.Array(
    Type.Object({
      slug: Type.String(),
      name: Type.String(),
      role: Type.Union([Type.Literal("owner"), Type.Literal("moderator"), Type.Literal("member")], { description: "Your role in it now" }),
      personas: Type.Array(Type.Object({ id: Type.String(), displayName: Type.String(), kind: Type.String() }), { description: "The personas the code made yours" }),
    }),
  ),
});

export async function claimsRoutes(fastify: FastifyInstance, { services }: RouteContext) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.post(
    "/api/v1/claims",
    {
      schema: {
        tags: ["archives"],
        summary: "Claim the portable personas a code from a community's old host opens: they become personas of your account, and their posts yours. A wrong or used code is the same 400.",
        body: ClaimBody,
        response: { 200: ClaimedSchema, ...errors(400, 401, 429) },
      },
    },
    async (request) => services.archive.claim(request.viewer, request.body.code),
  );
}
