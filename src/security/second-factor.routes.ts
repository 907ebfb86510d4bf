/** HTTP API for two-step sign-in (TOTP and recovery codes) of the signed-in account. */
import type { FastifyInstance } from "fastify";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { RouteContext } from "../http/context.ts";
import { errors } from "../http/schemas.ts";
import { SecondFactorConfirmBody, SecondFactorOffBody, SecondFactorStartBody } from "./security.schemas.ts";


const StatusSchema = Type.Object({
  enabled: Type.Boolean(),
  recoveryCodesLeft: Type.Integer(),
  required: Type.Boolean({ description: "The host requires two-step sign-in for this account's roles (HEARTH_REQUIRE_2FA)" }),
});

const EnrolmentSchema = Type.Object({
  secret: Type.String({ description: "The key in base32, to type into an authenticator app" }),
  otpauthUri: Type.String({ description: "The same key as an otpauth:// address (what a QR code holds)" }),
});

export async function secondFactorRoutes(fastify: FastifyInstance, { services }: RouteContext) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ["accounts"];

  app.get(
    "/api/v1/me/second-factor",
    { schema: { tags, summary: "Whether two-step sign-in is on, and whether this server requires it of me", response: { 200: StatusSchema, ...errors(401) } } },
    async (request) => {
      const { enabled, recoveryCodesLeft, required } = await services.secondFactor.status(request.viewer);
      return { enabled, recoveryCodesLeft, required };
    },
  );

  app.post(
    "/api/v1/me/second-factor",
    {
      // A first setup sends no body at all; the schema then sees an empty object.
      preValidation: async (request) => {
        request.body ??= {};
      },
      schema: {
        tags,
        summary: "Start setting up an authenticator app (not in force until confirmed)",
        description: "When two-step sign-in is already on (moving to a new phone), send the password and a current `code` or `recoveryCode`.",
        body: SecondFactorStartBody,
        response: { 201: EnrolmentSchema, ...errors(400, 401, 409, 429) },
      },
    },
    async (request, reply) => reply.status(201).send(await services.secondFactor.start(request.viewer, request.body)),
  );

  app.post(
    "/api/v1/me/second-factor/confirm",
    {
      schema: {
        tags,
        summary: "Turn two-step sign-in on with a code from the app; returns ten recovery codes, shown only this once",
        description: "Every other session of the account is signed out; the one making the request stays signed in.",
        body: SecondFactorConfirmBody,
        response: { 200: Type.Object({ recoveryCodes: Type.Array(Type.String()) }), ...errors(400, 401, 409, 429) },
      },
    },
    async (request) => {
      const { recoveryCodes } = await services.secondFactor.confirm(request.viewer, request.body.code, request.sessionToken);
      return { recoveryCodes };
    },
  );

  app.delete(
    "/api/v1/me/second-factor",
    {
      schema: {
        tags,
        summary: "Turn two-step sign-in off (needs the password and a code; refused while the host requires it)",
        description: "Every other session of the account is signed out; the one making the request stays signed in.",
        body: SecondFactorOffBody,
        response: { 204: Type.Null(), ...errors(400, 401, 403, 409, 429) },
      },
    },
    async (request, reply) => {
      await services.secondFactor.turnOff(request.viewer, request.body, request.sessionToken);
      return reply.status(204).send(null);
    },
  );
}
