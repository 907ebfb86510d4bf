/**
 * Changing the password, from the security settings: the form reads its body with the
 * API's own PasswordChangeBody (ADR 28). A change ends every other session of the
 * account and the security page says in words how many; this one stays signed in.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { RouteContext } from "../http/context.ts";
import { LIMITS, MIN_PASSWORD_LENGTH } from "../shared/limits.ts";
import { RateLimitedError } from "../shared/rate-limits.ts";
import { PASSWORD_SETTINGS_PATH, SECURITY_SETTINGS_PATH } from "../shared/second-factor.ts";
import { CsrfField, Field } from "../web/components.tsx";
import { attempt, CHECK_ANSWERS, problemFrom, type FormProblem } from "../web/form-body.ts";
import { FormErrorSummary, formTitle } from "../web/form-controls.tsx";
import { Layout, type PageContext } from "../web/layout.tsx";
import { pageContext, redirectAfterPost, sendPage } from "../web/page-context.ts";
import { readSchemaForm, type FormSpec } from "../web/schema-form.ts";
import { PasswordChangeBody } from "./accounts.schemas.ts";
import { sentToSignIn } from "../web/redirect-target.ts";

const LABELS = { current: "Current password", new: "New password" };
const ENTER_CURRENT = "Enter your current password.";
const CHOOSE_NEW = "Choose a new password.";

/** The change-password form on the API's PasswordChangeBody, in the page's order. */
const PASSWORD_FORM = {
  current: { label: LABELS.current, required: ENTER_CURRENT },
  new: { label: LABELS.new, required: CHOOSE_NEW },
} satisfies FormSpec;

function PasswordPage({ ctx, problem }: { ctx: PageContext; problem?: FormProblem | null }) {
  const errors = problem?.fields ?? {};
  return (
    <Layout ctx={ctx} title={formTitle("Change your password", problem)}>
      <h1>Change your password</h1>
      <FormErrorSummary problem={problem} labels={LABELS} />
      <p class="lead">You stay signed in here. Every other browser or app signed in to your account is signed out.</p>
      <form method="post" action={PASSWORD_SETTINGS_PATH} class="form" noValidate>
        <CsrfField token={ctx.csrfToken} />
        <Field name="current" label={LABELS.current} type="password" error={errors.current} autocomplete="current-password" maxLength={LIMITS.password} />
        <Field
          name="new"
          label={LABELS.new}
          hint={`At least ${MIN_PASSWORD_LENGTH} characters; a few words together work well. It must not contain your username.`}
          type="password"
          error={errors.new}
          autocomplete="new-password"
          maxLength={LIMITS.password}
        />
        <button type="submit">Change password</button>
      </form>
      <p>
        <a href={SECURITY_SETTINGS_PATH}>Go back</a>
      </p>
    </Layout>
  );
}

export async function passwordPages(app: FastifyInstance, { services }: RouteContext) {
  const hide = { schema: { hide: true } };
  const show = async (request: FastifyRequest, reply: FastifyReply, problem?: FormProblem, status = 200) =>
    sendPage(reply, <PasswordPage ctx={await pageContext(request, services)} problem={problem ?? null} />, status);

  app.get(PASSWORD_SETTINGS_PATH, hide, async (request, reply) => (sentToSignIn(request, reply, SECURITY_SETTINGS_PATH) ? reply : show(request, reply)));

  app.post(PASSWORD_SETTINGS_PATH, hide, async (request, reply) => {
    if (sentToSignIn(request, reply, SECURITY_SETTINGS_PATH)) return reply;
    const form = readSchemaForm(request.body, PasswordChangeBody, PASSWORD_FORM);
    if (!form.input) {
      const missing = Object.values(form.fields).some((text) => text === ENTER_CURRENT || text === CHOOSE_NEW);
      return show(request, reply, { message: missing ? "Please fill in both passwords." : CHECK_ANSWERS, fields: form.fields }, 400);
    }
    const input = form.input;
    const result = await attempt(() => services.accounts.changePassword(request.viewer, input, request.sessionToken));
    if (!result.ok) {
      if (result.error instanceof RateLimitedError) reply.header("Retry-After", String(result.error.retryAfterSeconds));
      return show(request, reply, problemFrom(result.error), result.error.status);
    }
    return redirectAfterPost(reply, `${SECURITY_SETTINGS_PATH}?done=password&ended=${result.value.endedSessions}`);
  });
}
