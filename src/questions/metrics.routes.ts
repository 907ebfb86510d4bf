/** HTTP API for a community's response times to questions (ADR 51): aggregates only, small numbers withheld in public. */
import type { FastifyInstance } from "fastify";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { RouteContext } from "../http/context.ts";
import { errors } from "../http/schemas.ts";

const FigureSchema = Type.Object(
  {
    value: Type.Union([Type.Number(), Type.Null()], { description: "Seconds (times) or a share from 0 to 1; null when withheld" }),
    basedOn: Type.Union([Type.Integer(), Type.Null()], { description: "How many questions it was made from; null when withheld" }),
    withheld: Type.Union([Type.Literal("fewer_than_5_questions"), Type.Literal("no_questions"), Type.Null()], {
      description: "fewer_than_5_questions: too few to show in public without telling questions apart; no_questions: nothing to measure",
    }),
  },
  { additionalProperties: false },
);

const FiguresSchema = Type.Object(
  {
    medianTimeToFirstAnswer: FigureSchema,
    p90TimeToFirstAnswer: FigureSchema,
    answeredWithin24h: FigureSchema,
    answeredWithin24hByClinicians: FigureSchema,
    answeredWithin24hByExpertPatients: FigureSchema,
  },
  { description: "Times to a first answer over the answered questions of the window; shares over its questions at least 24 hours old" },
);

const MetricsSchema = Type.Object({
  community: Type.Object({ slug: Type.String(), name: Type.String() }),
  window: Type.Object({ days: Type.Integer(), from: Type.String({ format: "date-time" }), to: Type.String({ format: "date-time" }) }),
  public: FiguresSchema,
  all: Type.Union([FiguresSchema, Type.Null()], { description: "Every space's questions: owners and moderators only (not withheld)" }),
  allNeedsSecondFactor: Type.Boolean({ description: "You run this community and see `all` once two-step sign-in is on" }),
});

export async function questionMetricsRoutes(fastify: FastifyInstance, { services }: RouteContext) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    "/api/v1/communities/:slug/questions/metrics",
    {
      schema: {
        tags: ["questions"],
        summary:
          "The community's response times to questions over the last 90 days: time to a first answer (median, 90th percentile) and the share answered within 24 hours, in all, by clinicians and by expert patients. Public spaces only, figures from fewer than 5 questions withheld; owners and moderators also get every space's",
        params: Type.Object({ slug: Type.String({ maxLength: 100 }) }),
        response: { 200: MetricsSchema, ...errors(404) },
      },
    },
    async (request) => services.questionMetrics.metrics(request.viewer, request.params.slug),
  );
}
