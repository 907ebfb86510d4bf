/** HTTP API for getting back into an account: email and its verification, password resets, recovery codes (ADR 29). */
import type { FastifyInstance } from "fastify";
import { Type } from "typebox";
import type { RouteContext } from "../http/context.ts";
import { errors } from "../http/schemas.ts";
import { clientKey } from "../http/session.ts";
import { conflict, invalid } from "../shared/errors.ts";
import { msg } from "../shared/i18n/message.ts";
import { EmailChangeBody, EmailVerifyBody, PasswordCheckBody, PasswordResetCodeBody, PasswordResetLinkBody, PasswordResetRequestBody } from "./accounts.schemas.ts";

const EmailStatusSchema = Type.Object({
  email: Type.Union([Type.String(), Type.Null()], { description: "The address in use; null when there is none" }),
  verified: Type.Boolean({ description: "A link sent to `email` was followed: a password reset can be mailed to it" }),
  pending: Type.Union([Type.String(), Type.Null()], { description: "A new address waiting for its verification link to be followed" }),
});

/** The one answer to a reset request, whatever was asked for. */
export const RESET_REQUESTED = msg("account.resetRequested");

export async function recoveryRoutes(app: FastifyInstance, { services }: RouteContext) {
  const recovery = services.accountRecovery;

  app.post(
    "/api/v1/password-resets",
    {
      schema: {
        tags: ["accounts"],
        summary: "Forgot password: mails a reset link when the account has a verified email",
        description:
          "Give `username` or `email`. The answer is the same 202 whether or not such an account or address exists. " +
          "The link works once, for an hour. Accounts without a verified email reset with a recovery code (`/api/v1/password-resets/recovery`).",
        body: PasswordResetRequestBody,
        response: { 202: Type.Object({ message: Type.String() }), ...errors(400, 429) },
      },
    },
    async (request, reply) => {
      const body = request.body as { username?: string; email?: string };
      const login = (body.username ?? "").trim() || (body.email ?? "").trim();
      if (!login) throw invalid("username", msg("problem.account.loginMissing"));
      await recovery.requestPasswordReset(login, clientKey(request));
      return reply.status(202).send({ message: request.i18n.say(RESET_REQUESTED) });
    },
  );

  app.post(
    "/api/v1/password-resets/confirm",
    {
      schema: {
        tags: ["accounts"],
        summary: "Set a new password with the token of a reset link; every session of the account is signed out",
        description: "An expired or used token is 400 `link_expired`.",
        body: PasswordResetLinkBody,
        response: { 204: Type.Null(), ...errors(400, 429) },
      },
    },
    async (request, reply) => {
      const body = request.body as { token: string; newPassword: string };
      await recovery.resetWithLink(body.token, body.newPassword, clientKey(request));
      return reply.status(204).send(null);
    },
  );

  app.post(
    "/api/v1/password-resets/recovery",
    {
      schema: {
        tags: ["accounts"],
        summary: "Set a new password with a recovery code; the code is used up and every session is signed out",
        description: "A wrong, unknown or used code (or an unknown username) is the same 400 `wrong_recovery_code`.",
        body: PasswordResetCodeBody,
        response: { 204: Type.Null(), ...errors(400, 429) },
      },
    },
    async (request, reply) => {
      const body = request.body as { username: string; code: string; newPassword: string };
      await recovery.resetWithRecoveryCode(body, clientKey(request));
      return reply.status(204).send(null);
    },
  );

  app.get(
    "/api/v1/me/email",
    { schema: { tags: ["accounts"], summary: "My email address, whether it is verified, and any new one waiting", response: { 200: EmailStatusSchema, ...errors(401) } } },
    async (request) => recovery.emailStatus(request.viewer),
  );

  app.post(
    "/api/v1/me/email",
    {
      schema: {
        tags: ["accounts"],
        summary: "Add or change my email address: a link is mailed to it, and it replaces the old one when followed",
        description: "Needs the current `password` (400 `wrong_password`). Until the link is followed, the old address stays in use.",
        body: EmailChangeBody,
        response: { 202: EmailStatusSchema, ...errors(400, 401, 429) },
      },
    },
    async (request, reply) => {
      await recovery.requestEmailChange(request.viewer, request.body as { email: string; password: string });
      return reply.status(202).send(await recovery.emailStatus(request.viewer));
    },
  );

  app.delete(
    "/api/v1/me/email",
    {
      schema: {
        tags: ["accounts"],
        summary: "Remove my email address (and any new one waiting); password resets by email stop",
        body: PasswordCheckBody,
        response: { 204: Type.Null(), ...errors(400, 401, 429) },
      },
    },
    async (request, reply) => {
      await recovery.removeEmail(request.viewer, request.body as { password: string });
      return reply.status(204).send(null);
    },
  );

  app.post(
    "/api/v1/me/email/resend",
    {
      schema: {
        tags: ["accounts"],
        summary: "Mail a new verification link to my address waiting to be verified",
        description: "For an address given at sign-up (not verified until its link is followed), or a new one whose link was lost. 409 `nothing_to_verify` when there is none.",
        response: { 202: EmailStatusSchema, ...errors(401, 409, 429) },
      },
    },
    async (request, reply) => {
      if (!(await recovery.resendVerification(request.viewer))) throw conflict("nothing_to_verify", msg("error.account.nothingToVerify"));
      return reply.status(202).send(await recovery.emailStatus(request.viewer));
    },
  );

  app.post(
    "/api/v1/me/email/verify",
    {
      schema: {
        tags: ["accounts"],
        summary: "Verify an email address with the token of the link mailed to it (no sign-in needed; works once)",
        body: EmailVerifyBody,
        response: { 200: Type.Object({ email: Type.String() }), ...errors(400, 429) },
      },
    },
    async (request) => recovery.verifyEmail((request.body as { token: string }).token, clientKey(request)),
  );

  app.get(
    "/api/v1/me/recovery-codes",
    {
      schema: {
        tags: ["accounts"],
        summary: "How many of my password recovery codes are unused",
        response: { 200: Type.Object({ unused: Type.Integer() }), ...errors(401) },
      },
    },
    async (request) => ({ unused: await recovery.recoveryCodesLeft(request.viewer) }),
  );

  app.post(
    "/api/v1/me/recovery-codes",
    {
      schema: {
        tags: ["accounts"],
        summary: "Make new password recovery codes (shown once); the old ones stop working",
        description: "Needs the current `password` (400 `wrong_password`). These reset the password; two-step sign-in has its own codes.",
        body: PasswordCheckBody,
        response: { 201: Type.Object({ recoveryCodes: Type.Array(Type.String()) }), ...errors(400, 401, 429) },
      },
    },
    async (request, reply) => reply.status(201).send(await recovery.newRecoveryCodes(request.viewer, request.body as { password: string })),
  );
}
