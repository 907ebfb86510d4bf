/** HTTP API of questions (ADR 49): ask, read, answer, accept, close and reopen, pass on. */
import type { FastifyInstance } from "fastify";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { RouteContext } from "../http/context.ts";
import { errors } from "../http/schemas.ts";
import { AnswerBody, AskedSchema, QuestionBody, QuestionSummarySchema, QuestionViewSchema } from "./questions.schemas.ts";

export async function questionsRoutes(fastify: FastifyInstance, { services }: RouteContext) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ["questions"];
  const Slug = Type.String({ maxLength: 100 });
  const Id = Type.Object({ id: Type.String({ maxLength: 100 }) });

  app.post(
    "/api/v1/communities/:slug/questions",
    {
      schema: {
        tags,
        summary: "Ask a question with topics: it is routed to the members whose expertise matches (how many, never who, is returned)",
        params: Type.Object({ slug: Slug }),
        body: QuestionBody,
        response: { 201: AskedSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => reply.status(201).send(await services.questions.ask(request.viewer, request.params.slug, request.body)),
  );

  app.get(
    "/api/v1/communities/:slug/questions",
    { schema: { tags, summary: "The community's newest questions, in the spaces you read", params: Type.Object({ slug: Slug }), response: { 200: Type.Object({ items: Type.Array(QuestionSummarySchema) }), ...errors(404) } } },
    async (request) => services.questions.list(request.viewer, request.params.slug),
  );

  app.get(
    "/api/v1/questions/:id",
    { schema: { tags, summary: "A question: its topics, status, accepted answer and what you may do (its thread is GET /api/v1/threads/:id)", params: Id, response: { 200: QuestionViewSchema, ...errors(404) } } },
    async (request) => services.questions.get(request.viewer, request.params.id),
  );

  app.post(
    "/api/v1/questions/:id/answers",
    {
      schema: {
        tags,
        summary: "Answer a question (a reply in its thread); not your own question, not a closed one",
        params: Id,
        body: AnswerBody,
        response: { 201: Type.Object({ id: Type.String(), pageCursor: Type.Union([Type.String(), Type.Null()]) }), ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => reply.status(201).send(await services.questions.answer(request.viewer, request.params.id, request.body)),
  );

  app.post(
    "/api/v1/answers/:id/accept",
    { schema: { tags, summary: "Accept an answer to your question (one at a time)", params: Id, response: { 200: QuestionViewSchema, ...errors(400, 401, 403, 404, 409) } } },
    async (request) => services.questions.accept(request.viewer, request.params.id),
  );

  app.delete(
    "/api/v1/answers/:id/accept",
    { schema: { tags, summary: "Take the mark off your accepted answer", params: Id, response: { 200: QuestionViewSchema, ...errors(401, 403, 404, 409) } } },
    async (request) => services.questions.unaccept(request.viewer, request.params.id),
  );

  for (const [action, summary] of [
    ["close", "Close a question (its asker or a moderator): no more answers or routing"],
    ["reopen", "Reopen a closed question"],
    ["pass", "Not my area — pass it on: you were asked, and the next suitable person is asked instead"],
  ] as const) {
    app.post(
      `/api/v1/questions/:id/${action}`,
      { schema: { tags, summary, params: Id, response: { 200: QuestionViewSchema, ...errors(401, 403, 404, 409) } } },
      async (request) => {
        const { id } = request.params;
        if (action === "close") return services.questions.close(request.viewer, id);
        if (action === "reopen") return services.questions.reopen(request.viewer, id);
        return services.questions.passOn(request.viewer, id);
      },
    );
  }
}
