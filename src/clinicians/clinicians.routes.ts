/** HTTP API for clinician verification and verifiers. */
import type { FastifyInstance } from "fastify";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { RouteContext } from "../http/context.ts";
import { errors } from "../http/schemas.ts";
import { ApplicationBody, VerificationDecisionBody } from "./clinicians.schemas.ts";


const VerificationSchema = Type.Object({
  id: Type.String(),
  status: Type.Union([Type.Literal("pending"), Type.Literal("approved"), Type.Literal("rejected"), Type.Literal("expired")]),
  profession: Type.String(),
  register: Type.String(),
  registrationNumber: Type.String(),
  specialty: Type.String(),
  registerName: Type.Union([Type.String(), Type.Null()], { description: "The name as it appears on the register" }),
  purpose: Type.Union([Type.Literal("application"), Type.Literal("name")], { description: "name: a renamed professional persona's new name to confirm" }),
  evidence: Type.Union([Type.String(), Type.Null()]),
  reason: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: "date-time" }),
  decidedAt: Type.Union([Type.String({ format: "date-time" }), Type.Null()]),
  expiresAt: Type.Union([Type.String({ format: "date-time" }), Type.Null(), ], { description: "The re-verification date" }),
});

const ReviewSchema = Type.Intersect([
  VerificationSchema,
  Type.Object({
    applicant: Type.Object({ username: Type.String() }),
    registerSearchUrl: Type.Union([Type.String(), Type.Null()], { description: "The register's public search" }),
    professionalPersona: Type.Union([Type.Object({ name: Type.String(), awaitingReview: Type.Boolean() }), Type.Null()]),
  }),
]);

export async function cliniciansRoutes(fastify: FastifyInstance, { services }: RouteContext) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ["clinicians"];

  app.post(
    "/api/v1/clinician-verifications",
    {
      schema: {
        tags,
        summary: "Apply to be verified as a clinician",
        body: ApplicationBody,
        response: { 201: VerificationSchema, ...errors(400, 401, 409) },
      },
    },
    async (request, reply) => reply.status(201).send(await services.clinicians.apply(request.viewer, request.body as never)),
  );

  app.get(
    "/api/v1/clinician-verifications",
    { schema: { tags, summary: "My applications, newest first", response: { 200: Type.Object({ items: Type.Array(VerificationSchema), nextCursor: Type.Null() }), ...errors(401) } } },
    async (request) => services.clinicians.mine(request.viewer),
  );

  app.get(
    "/api/v1/admin/clinician-verifications",
    {
      schema: {
        tags,
        summary: "Applications to review (administrators and verifiers)",
        querystring: Type.Object({ status: Type.Optional(Type.Union([Type.Literal("pending"), Type.Literal("approved"), Type.Literal("rejected")])) }),
        response: { 200: Type.Object({ items: Type.Array(ReviewSchema), nextCursor: Type.Null() }), ...errors(400, 401, 403) },
      },
    },
    async (request) => services.clinicians.queue(request.viewer, request.query.status),
  );

  app.post(
    "/api/v1/admin/clinician-verifications/:id/decision",
    {
      schema: {
        tags,
        summary: "Approve or reject an application (a reason is needed to reject)",
        params: Type.Object({ id: Type.String({ maxLength: 100 }) }),
        body: VerificationDecisionBody,
        response: { 200: VerificationSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => services.clinicians.decide(request.viewer, request.params.id, request.body.decision, request.body.reason),
  );

  app.put(
    "/api/v1/admin/verifiers/:username",
    {
      schema: {
        tags,
        summary: "Make an account a verifier of clinician applications, or stop it (administrators)",
        params: Type.Object({ username: Type.String({ maxLength: 60 }) }),
        body: Type.Object({ verifier: Type.Boolean() }, { additionalProperties: false }),
        response: { 204: Type.Null(), ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await services.clinicians.setVerifier(request.viewer, request.params.username, request.body.verifier);
      return reply.status(204).send(null);
    },
  );
}
