/** HTTP API for the clinicians' network. */
import type { FastifyInstance } from "fastify";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { RouteContext } from "../http/context.ts";
import { CommunityViewSchema, errors } from "../http/schemas.ts";

export async function clinicianNetworkRoutes(fastify: FastifyInstance, { services }: RouteContext) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ["clinicians"];

  app.get(
    "/api/v1/clinician-network",
    {
      schema: {
        tags,
        summary: "Whether this server can have a clinicians' network, and where it is once started",
        response: {
          200: Type.Object({
            enabled: Type.Boolean({ description: "The host turned it on (HEARTH_CLINICIAN_NETWORK=1)" }),
            network: Type.Union([Type.Object({ slug: Type.String(), name: Type.String() }), Type.Null()]),
          }),
        },
      },
    },
    async () => services.clinicianNetwork.status(),
  );

  app.post(
    "/api/v1/admin/clinician-network",
    {
      schema: {
        tags,
        summary: "Start the server's clinicians' network (administrators, once; needs HEARTH_CLINICIAN_NETWORK=1)",
        response: { 201: CommunityViewSchema, ...errors(401, 403, 404, 409) },
      },
    },
    async (request, reply) => reply.status(201).send(await services.clinicianNetwork.enable(request.viewer)),
  );
}
