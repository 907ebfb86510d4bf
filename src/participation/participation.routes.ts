/** HTTP API for the participation ladder (the viewer's own) and a community's welcome thread. */
import type { FastifyInstance } from "fastify";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { RouteContext } from "../http/context.ts";
import { errors } from "../http/schemas.ts";
import { LADDER } from "./ladder.ts";

const StepId = Type.String({ enum: [...LADDER], description: "read, react, checkin, reply, thread or helped" });

export async function participationRoutes(fastify: FastifyInstance, { services }: RouteContext) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ["participation"];

  app.get(
    "/api/v1/me/participation",
    {
      schema: {
        tags,
        summary: "My ladder of small steps (read, react, check in, reply, start a thread, be found helpful) and the next one; only ever mine",
        response: { 200: Type.Object({ steps: Type.Array(Type.Object({ id: StepId, done: Type.Boolean() })), next: Type.Union([StepId, Type.Null()]) }), ...errors(401) },
      },
    },
    async (request) => services.participation.ladder(request.viewer),
  );

  app.put(
    "/api/v1/communities/:slug/welcome-thread",
    {
      schema: {
        tags,
        summary: "Choose the thread where newcomers are asked to say hello (owners and moderators); threadId null for none",
        params: Type.Object({ slug: Type.String({ maxLength: 100 }) }),
        body: Type.Object({ threadId: Type.Union([Type.String({ maxLength: 100 }), Type.Null()]) }, { additionalProperties: false }),
        response: { 200: Type.Object({ threadId: Type.Union([Type.String(), Type.Null()]) }), ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => services.participation.setWelcomeThread(request.viewer, request.params.slug, request.body.threadId),
  );
}
