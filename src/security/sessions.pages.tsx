/**
 * The password and sessions part of /settings/security: the link to changing the
 * password (accounts/password.pages.tsx), and "Sign out everywhere else". Both end every
 * other session of the account and say in words how many they ended; the session doing
 * it stays signed in.
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { RouteContext } from "../http/context.ts";
import { CsrfField } from "../web/components.tsx";
import type { PageContext } from "../web/layout.tsx";
import { redirectAfterPost } from "../web/page-context.ts";
import { PASSWORD_SETTINGS_PATH, SECURITY_SETTINGS_PATH } from "../shared/second-factor.ts";
import { sentToSignIn } from "../web/redirect-target.ts";

export const SIGN_OUT_OTHERS_PATH = `${SECURITY_SETTINGS_PATH}/sign-out-others`;

/** How many other sessions ended, in words a person reads once. */
export function endedSessionsWords(ended: number): string {
  if (ended === 0) return "You were not signed in anywhere else.";
  if (ended === 1) return "You were signed in on one other browser or app; it is signed out now.";
  return `You were signed in on ${ended} other browsers or apps; they are all signed out now.`;
}

/** The count of ended sessions a redirect carried back (?ended=N), or null when it carried none. */
export function endedFrom(request: FastifyRequest): number | null {
  const value = (request.query as Record<string, unknown> | undefined)?.ended;
  return typeof value === "string" && /^\d{1,6}$/.test(value) ? Number(value) : null;
}

/** The section of the security page about where the account is signed in. */
export function SessionsSection({ ctx, otherSessions }: { ctx: PageContext; otherSessions: number }) {
  return (
    <>
      <h2>Password</h2>
      <p>
        <a href={PASSWORD_SETTINGS_PATH}>Change your password</a>. Changing it signs you out everywhere else.
      </p>
      <h2>Where you are signed in</h2>
      <p>
        {otherSessions === 0
          ? "You are signed in here only."
          : `Besides this one, you are signed in on ${otherSessions === 1 ? "one other browser or app" : `${otherSessions} other browsers or apps`}.`}{" "}
        If you signed in on a shared computer, or think someone else is using your account, sign out everywhere else.
      </p>
      <form method="post" action={SIGN_OUT_OTHERS_PATH} class="form">
        <CsrfField token={ctx.csrfToken} />
        <button type="submit">Sign out everywhere else</button>
      </form>
    </>
  );
}

export async function sessionsPages(app: FastifyInstance, { services }: RouteContext) {
  const hide = { schema: { hide: true } };
  app.post(SIGN_OUT_OTHERS_PATH, hide, async (request, reply) => {
    if (sentToSignIn(request, reply, SECURITY_SETTINGS_PATH)) return reply;
    const { endedSessions } = await services.accounts.signOutOtherSessions(request.viewer, request.sessionToken);
    return redirectAfterPost(reply, `${SECURITY_SETTINGS_PATH}?done=signed-out&ended=${endedSessions}`);
  });
}
