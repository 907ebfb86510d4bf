/** HTTP API for the participation ladder (the viewer's own) and a community's welcome thread. */
import type { FastifyInstance } from "fastify";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { RouteContext } from "../http/context.ts";
import { errors } from "../http/schemas.ts";
import { LADDER } from "./ladder.ts";
import { WelcomeBody } from "./participation.schemas.ts";

const StepId = Type.String({ enum: [...LADDER], description: "read, react, checkin, reply, thread, event or helped" });

export async function participationRoutes(fastify: FastifyInstance, { services }: RouteContext) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ["participation"];

  app.get(
    "/api/v1/me/participation",
    {
      schema: {
        tags,
        summary: "My ladder of small steps (read, react, check in, reply, start a thread, come to an event, be found helpful) and the next one; only ever mine",
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

  const Welcomed = Type.Object({
    personaId: Type.String({ description: "The newcomer's persona welcomed" }),
    asPersonaId: Type.String({ description: "Your persona the welcome is from (the first one you welcomed them as, on a second tap)" }),
  });

  app.post(
    "/api/v1/communities/:slug/members/:personaId/welcome",
    {
      schema: {
        tags,
        summary:
          "Welcome a newcomer with one tap (members only): a persona that said hello in the welcome thread in the last 30 days. 201, or 200 when you had already welcomed them (as any persona); yourself is a 400, anyone else a 404",
        params: Type.Object({ slug: Type.String({ maxLength: 100 }), personaId: Type.String({ maxLength: 100 }) }),
        body: WelcomeBody,
        response: { 200: Welcomed, 201: Welcomed, ...errors(400, 401, 403, 404) },
      },
      // No body at all is {}: welcome as the personal persona.
      preValidation: async (request) => {
        request.body ??= {};
      },
    },
    async (request, reply) => {
      const { created, ...given } = await services.participation.welcome(request.viewer, request.params.slug, request.params.personaId, request.body);
      return reply.status(created ? 201 : 200).send(given);
    },
  );
}
