/** HTTP API for polls in threads: ask one (the thread's author), vote once, read the anonymous tally. */
import type { FastifyInstance } from "fastify";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { RouteContext } from "../http/context.ts";
import { errors } from "../http/schemas.ts";
import { notFound } from "../shared/errors.ts";
import { msg } from "../shared/i18n/message.ts";
import { PollBody, VoteBody } from "./polls.schemas.ts";

const PollViewSchema = Type.Object({
  id: Type.String(),
  threadId: Type.String(),
  question: Type.String(),
  options: Type.Array(
    Type.Object({
      label: Type.String(),
      votes: Type.Optional(Type.Integer({ description: "Left out until the results may be shown to this viewer (resultsShown)" })),
    }),
  ),
  multiple: Type.Boolean(),
  resultsShown: Type.String({ description: "after_voting or after_closing" }),
  closesAt: Type.Union([Type.String(), Type.Null()]),
  closed: Type.Boolean(),
  myVote: Type.Union([Type.Array(Type.Integer()), Type.Null()], { description: "The indexes the viewer's account chose; null when it has not voted" }),
  voters: Type.Optional(Type.Integer({ description: "How many accounts voted; only where the votes are shown" })),
  can: Type.Object({ vote: Type.Boolean() }),
});

const IdParams = Type.Object({ id: Type.String({ maxLength: 100 }) });

export async function pollsRoutes(fastify: FastifyInstance, { services }: RouteContext) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ["polls"];

  app.post(
    "/api/v1/threads/:id/poll",
    {
      schema: {
        tags,
        summary: "Add a poll to a thread (its author only; one poll per thread, a second is 409)",
        params: IdParams,
        body: PollBody,
        response: { 201: Type.Object({ id: Type.String() }), ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => reply.status(201).send(await services.polls.createPoll(request.viewer, request.params.id, request.body)),
  );

  app.get(
    "/api/v1/threads/:id/poll",
    {
      schema: { tags, summary: "The thread's poll (404 when it has none)", params: IdParams, response: { 200: PollViewSchema, ...errors(404) } },
    },
    async (request) => {
      const { poll } = await services.polls.pollOfThread(request.viewer, request.params.id);
      if (!poll) throw notFound(msg("error.notFound.poll"));
      return poll;
    },
  );

  app.get(
    "/api/v1/polls/:id",
    { schema: { tags, summary: "A poll with its anonymous tally, as the viewer may see it", params: IdParams, response: { 200: PollViewSchema, ...errors(404) } } },
    async (request) => services.polls.getPoll(request.viewer, request.params.id),
  );

  app.post(
    "/api/v1/polls/:id/votes",
    {
      schema: {
        tags,
        summary: "Vote (once per account, whichever persona; a second vote or a closed poll is 409)",
        params: IdParams,
        body: VoteBody,
        response: { 201: PollViewSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => reply.status(201).send(await services.polls.vote(request.viewer, request.params.id, request.body)),
  );
}
