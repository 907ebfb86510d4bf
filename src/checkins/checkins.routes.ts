/** HTTP API for check-ins: the template, checking in, the member's own history (JSON or CSV) and the community's weekly summary. */
import type { FastifyInstance } from "fastify";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { RouteContext } from "../http/context.ts";
import { errors } from "../http/schemas.ts";
import { checkinsCsv, presentSummary, presentTemplate } from "./checkins.presenter.ts";
import { sendCheckinsCsv } from "./checkins-csv.ts";
import { CheckinBody, CheckinViewSchema, SummaryViewSchema, TemplateViewSchema } from "./checkins.schemas.ts";

export async function checkinsRoutes(fastify: FastifyInstance, { services }: RouteContext) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ["check-ins"];
  const Slug = Type.String({ maxLength: 100 });
  const params = Type.Object({ slug: Slug });

  app.get(
    "/api/v1/communities/:slug/checkin-template",
    { schema: { tags, summary: "The community's check-in questions (the general wellbeing ones when it has none of its own)", params, response: { 200: TemplateViewSchema, ...errors(404) } } },
    async (request) => presentTemplate(await services.checkins.template(request.viewer, request.params.slug), request.i18n),
  );

  app.post(
    "/api/v1/communities/:slug/checkins",
    {
      schema: {
        tags,
        summary: "Check in for today (201); checking in again the same day replaces it (200)",
        description: "Members only (403 `forbidden`). Each answer is checked against the template: 400 names `values.<id>`.",
        params,
        body: CheckinBody,
        response: { ...Object.fromEntries([200, 201].map((s) => [s, Type.Object({ id: Type.String(), day: Type.String(), replaced: Type.Boolean() })])), ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const written = await services.checkins.checkIn(request.viewer, request.params.slug, request.body);
      return reply.status(written.replaced ? 200 : 201).send(written);
    },
  );

  app.get(
    "/api/v1/me/checkins",
    {
      schema: {
        tags,
        summary: "My check-ins in a community, newest first (only ever mine); `format=csv` for a spreadsheet, oldest first",
        querystring: Type.Object({ community: Slug, format: Type.Optional(Type.Union([Type.Literal("json"), Type.Literal("csv")])) }, { additionalProperties: false }),
        response: { 200: Type.Union([Type.Object({ items: Type.Array(CheckinViewSchema) }), Type.String()]), ...errors(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const { template, items } = await services.checkins.history(request.viewer, request.query.community);
      if (request.query.format !== "csv") return { items };
      return sendCheckinsCsv(reply, request.query.community, checkinsCsv(presentTemplate(template, request.i18n), items, request.i18n));
    },
  );

  app.get(
    "/api/v1/communities/:slug/checkins/summary",
    {
      schema: {
        tags,
        summary: "The community's week, from the check-ins members shared: only numbers that count at least 5 members and leave at least 5 out (members only)",
        params,
        response: { 200: SummaryViewSchema, ...errors(401, 403, 404) },
      },
    },
    async (request) => presentSummary(await services.checkins.summary(request.viewer, request.params.slug), request.i18n),
  );
}
