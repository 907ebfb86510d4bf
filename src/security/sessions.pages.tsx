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
import type { Translator } from "../shared/i18n/translator.ts";
import { redirectAfterPost } from "../web/page-context.ts";
import { PASSWORD_SETTINGS_PATH, SECURITY_SETTINGS_PATH } from "../shared/second-factor.ts";
import { sentToSignIn } from "../web/redirect-target.ts";

export const SIGN_OUT_OTHERS_PATH = `${SECURITY_SETTINGS_PATH}/sign-out-others`;

/** How many other sessions ended, in words a person reads once. */
export function endedSessionsWords(t: Translator, ended: number): string {
  return t.text("sessions.ended", { count: ended });
}

/** The count of ended sessions a redirect carried back (?ended=N), or null when it carried none. */
export function endedFrom(request: FastifyRequest): number | null {
  const value = (request.query as Record<string, unknown> | undefined)?.ended;
  return typeof value === "string" && /^\d{1,6}$/.test(value) ? Number(value) : null;
}

/** The section of the security page about where the account is signed in. */
export function SessionsSection({ ctx, otherSessions }: { ctx: PageContext; otherSessions: number }) {
  const { t } = ctx;
  return (
    <>
      <h2>{t.text("accounts.password")}</h2>
      <p>
        <a href={PASSWORD_SETTINGS_PATH}>{t.text("sessions.changePassword")}</a>
        {t.text("sessions.changePasswordAfter")}
      </p>
      <h2>{t.text("sessions.whereHeading")}</h2>
      <p>
        {t.text("sessions.signedInOn", { count: otherSessions })} {t.text("sessions.sharedComputer")}
      </p>
      <form method="post" action={SIGN_OUT_OTHERS_PATH} class="form">
        <CsrfField token={ctx.csrfToken} />
        <button type="submit">{t.text("sessions.signOutOthers")}</button>
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
