/** HTTP API for accounts and sessions: parse, call the service, present. */
import type { FastifyInstance } from "fastify";
import { Type, type Static } from "typebox";
import type { RouteContext } from "../http/context.ts";
import { errors, PersonaViewSchema } from "../http/schemas.ts";
import { clearSessionCookie, clientKey, setSessionCookie } from "../http/session.ts";
import { notSignedIn } from "../shared/errors.ts";
import { isSignedIn } from "../shared/viewer.ts";
import { presentMe } from "./me.presenter.ts";
import { LocaleBody, PasswordChangeBody, SignInBody, SignUpBody } from "./accounts.schemas.ts";

const AccountSchema = Type.Object({ id: Type.String(), username: Type.String() });

const MeSchema = Type.Object({
  id: Type.String(),
  username: Type.String(),
  /** The language the account chose; null: pages follow the browser's Accept-Language. */
  locale: Type.Union([Type.String(), Type.Null()]),
  roles: Type.Array(Type.String()),
  personas: Type.Array(Type.Intersect([PersonaViewSchema, Type.Object({ isCarer: Type.Boolean() })])),
  memberships: Type.Array(Type.Object({ community: Type.Object({ slug: Type.String(), name: Type.String() }), role: Type.String(), status: Type.String() })),
});

export async function accountsRoutes(app: FastifyInstance, { services, config }: RouteContext) {
  app.post(
    "/api/v1/accounts",
    {
      schema: {
        tags: ["accounts"],
        summary: "Create an account (a personal persona comes with it)",
        body: SignUpBody,
        description:
          "`recoveryCodes` are shown this once (only their hashes are kept): each resets the password once, for an account without a verified email. " +
          "An `email` given here stays unverified until its owner asks for a link from the Account page (POST /api/v1/me/email/resend) and follows it; then it can receive password resets.",
        response: {
          201: Type.Object({ id: Type.String(), username: Type.String(), recoveryCodes: Type.Array(Type.String()) }),
          ...errors(400, 409, 413, 429),
        },
      },
    },
    async (request, reply) => {
      const account = await services.accounts.signUp(request.body as never, clientKey(request));
      return reply.status(201).send(account);
    },
  );

  app.post(
    "/api/v1/sessions",
    {
      schema: {
        tags: ["accounts"],
        summary: "Sign in: returns a bearer token and sets the session cookie",
        description:
          "For an account with two-step sign-in, also send `code` (from the authenticator app) or `recoveryCode`; " +
          "without one the answer is 401 `second_factor_required`, with a wrong or already used one 401 `wrong_second_factor`.",
        body: SignInBody,
        response: { 200: Type.Object({ token: Type.String(), account: AccountSchema }), ...errors(400, 401, 429) },
      },
    },
    async (request, reply) => {
      const { username, password, code, recoveryCode } = request.body as { username: string; password: string; code?: string; recoveryCode?: string };
      const session = await services.accounts.signIn(username, password, clientKey(request), { code, recoveryCode });
      setSessionCookie(reply, session, config.publicUrl);
      const viewer = await services.accounts.viewerForToken(session.token);
      return { token: session.token, account: { id: session.accountId, username: isSignedIn(viewer) ? viewer.username : username } };
    },
  );

  app.delete(
    "/api/v1/sessions/current",
    { schema: { tags: ["accounts"], summary: "Sign out", response: { 204: Type.Null(), ...errors(401) } } },
    async (request, reply) => {
      if (!isSignedIn(request.viewer) || !request.sessionToken) throw notSignedIn();
      await services.accounts.signOut(request.sessionToken);
      clearSessionCookie(reply, config.publicUrl);
      return reply.status(204).send(null);
    },
  );

  app.post(
    "/api/v1/me/password",
    {
      schema: {
        tags: ["accounts"],
        summary: "Change my password; every other session of the account is signed out",
        description: "The session making the request stays signed in. A wrong `current` is 400 `wrong_password`.",
        body: PasswordChangeBody,
        response: { 204: Type.Null(), ...errors(400, 401, 429) },
      },
    },
    async (request, reply) => {
      const body = request.body as { current: string; new: string };
      await services.accounts.changePassword(request.viewer, body, request.sessionToken);
      return reply.status(204).send(null);
    },
  );

  app.post(
    "/api/v1/me/sessions/sign-out-others",
    {
      schema: {
        tags: ["accounts"],
        summary: "Sign out everywhere else: ends every session of the account but the one making the request",
        response: { 204: Type.Null(), ...errors(401) },
      },
    },
    async (request, reply) => {
      await services.accounts.signOutOtherSessions(request.viewer, request.sessionToken);
      return reply.status(204).send(null);
    },
  );

  app.get(
    "/api/v1/me",
    { schema: { tags: ["accounts"], summary: "The signed-in account, its personas and memberships", response: { 200: MeSchema, ...errors(401) } } },
    async (request) => {
      const viewer = request.viewer;
      if (!isSignedIn(viewer)) throw notSignedIn();
      return presentMe(viewer, await services.communities.membershipsOf(viewer));
    },
  );

  app.put(
    "/api/v1/me/locale",
    {
      schema: {
        tags: ["accounts"],
        summary: "Choose the language Hearth speaks to this account in (pages, and the API's error messages)",
        body: LocaleBody,
        response: { 200: LocaleBody, ...errors(400, 401) },
      },
    },
    async (request) => {
      const { locale } = request.body as Static<typeof LocaleBody>;
      await services.accounts.setLocale(request.viewer, locale);
      return { locale };
    },
  );
}
