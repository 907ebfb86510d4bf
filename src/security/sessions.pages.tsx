/**
 * The password and sessions part of /settings/security: changing the password, and
 * "Sign out everywhere else". Both end every other session of the account and say in
 * words how many they ended; the session doing it stays signed in.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { RouteContext } from "../http/context.ts";
import { RateLimitedError } from "../shared/rate-limits.ts";
import { isSignedIn } from "../shared/viewer.ts";
import { CsrfField, Field } from "../web/components.tsx";
import { attempt, problemFrom, readForm, type FormProblem } from "../web/form-body.ts";
import { FormErrorSummary, formTitle } from "../web/form-controls.tsx";
import { Layout, type PageContext } from "../web/layout.tsx";
import { pageContext, redirectAfterPost, sendPage } from "../web/page-context.ts";
import { SECURITY_SETTINGS_PATH } from "../shared/second-factor.ts";

export const PASSWORD_PATH = `${SECURITY_SETTINGS_PATH}/password`;
export const SIGN_OUT_OTHERS_PATH = `${SECURITY_SETTINGS_PATH}/sign-out-others`;
const LABELS = { current: "Current password", new: "New password" };

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
        <a href={PASSWORD_PATH}>Change your password</a>. Changing it signs you out everywhere else.
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

function PasswordPage({ ctx, problem }: { ctx: PageContext; problem?: FormProblem | null }) {
  const errors = problem?.fields ?? {};
  return (
    <Layout ctx={ctx} title={formTitle("Change your password", problem)}>
      <h1>Change your password</h1>
      <FormErrorSummary problem={problem} labels={LABELS} />
      <p class="lead">You stay signed in here. Every other browser or app signed in to your account is signed out.</p>
      <form method="post" action={PASSWORD_PATH} class="form" noValidate>
        <CsrfField token={ctx.csrfToken} />
        <Field name="current" label={LABELS.current} type="password" error={errors.current} autocomplete="current-password" maxLength={200} />
        <Field
          name="new"
          label={LABELS.new}
          hint="At least 10 characters; a few words together work well. It must not contain your username."
          type="password"
          error={errors.new}
          autocomplete="new-password"
          maxLength={200}
        />
        <button type="submit">Change password</button>
      </form>
      <p>
        <a href={SECURITY_SETTINGS_PATH}>Go back</a>
      </p>
    </Layout>
  );
}

function signInFirst(request: FastifyRequest, reply: FastifyReply): boolean {
  if (isSignedIn(request.viewer)) return false;
  reply.redirect(`/signin?next=${encodeURIComponent(SECURITY_SETTINGS_PATH)}`, 303);
  return true;
}

export async function sessionsPages(app: FastifyInstance, { services }: RouteContext) {
  const hide = { schema: { hide: true } };
  const show = async (request: FastifyRequest, reply: FastifyReply, problem?: FormProblem, status = 200) =>
    sendPage(reply, <PasswordPage ctx={await pageContext(request, services)} problem={problem ?? null} />, status);

  app.get(PASSWORD_PATH, hide, async (request, reply) => (signInFirst(request, reply) ? reply : show(request, reply)));

  app.post(PASSWORD_PATH, hide, async (request, reply) => {
    if (signInFirst(request, reply)) return reply;
    const form = readForm(request.body, { current: 200, new: 200 });
    const fields: Record<string, string> = { ...form.fields };
    if (!form.values.current) fields.current ??= "Enter your current password.";
    if (!form.values.new) fields.new ??= "Choose a new password.";
    if (Object.keys(fields).length) return show(request, reply, { message: "Please fill in both passwords.", fields }, 400);
    const result = await attempt(() => services.accounts.changePassword(request.viewer, { current: form.values.current, new: form.values.new }, request.sessionToken));
    if (!result.ok) {
      if (result.error instanceof RateLimitedError) reply.header("Retry-After", String(result.error.retryAfterSeconds));
      return show(request, reply, problemFrom(result.error), result.error.status);
    }
    return redirectAfterPost(reply, `${SECURITY_SETTINGS_PATH}?done=password&ended=${result.value.endedSessions}`);
  });

  app.post(SIGN_OUT_OTHERS_PATH, hide, async (request, reply) => {
    if (signInFirst(request, reply)) return reply;
    const { endedSessions } = await services.accounts.signOutOtherSessions(request.viewer, request.sessionToken);
    return redirectAfterPost(reply, `${SECURITY_SETTINGS_PATH}?done=signed-out&ended=${endedSessions}`);
  });
}
