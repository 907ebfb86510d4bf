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
import type { Translator } from "../shared/i18n/translator.ts";

const labels = (t: Translator) => ({ current: t.text("password.currentLabel"), new: t.text("reset.newPasswordLabel") });

/** The change-password form on the API's PasswordChangeBody, in the page's order. */
const passwordForm = (t: Translator) =>
  ({
    current: { label: t.text("password.currentLabel"), required: t.text("account.currentPasswordRequired") },
    new: { label: t.text("reset.newPasswordLabel"), required: t.text("reset.chooseNew") },
  }) satisfies FormSpec;

function PasswordPage({ ctx, problem }: { ctx: PageContext; problem?: FormProblem | null }) {
  const { t } = ctx;
  const named = labels(t);
  const errors = problem?.fields ?? {};
  return (
    <Layout ctx={ctx} title={formTitle(t.text("sessions.changePassword"), problem)}>
      <h1>{t.text("sessions.changePassword")}</h1>
      <FormErrorSummary problem={problem} labels={named} />
      <p class="lead">{t.text("password.lead")}</p>
      <form method="post" action={PASSWORD_SETTINGS_PATH} class="form" noValidate>
        <CsrfField token={ctx.csrfToken} />
        <Field name="current" label={named.current} type="password" error={errors.current} autocomplete="current-password" maxLength={LIMITS.password} />
        <Field
          name="new"
          label={named.new}
          hint={t.text("reset.newPasswordHint", { min: MIN_PASSWORD_LENGTH })}
          type="password"
          error={errors.new}
          autocomplete="new-password"
          maxLength={LIMITS.password}
        />
        <button type="submit">{t.text("password.submit")}</button>
      </form>
      <p>
        <a href={SECURITY_SETTINGS_PATH}>{t.text("security.goBack")}</a>
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
    const spec = passwordForm(request.i18n);
    const form = readSchemaForm(request.body, PasswordChangeBody, spec, {}, request.i18n);
    if (!form.input) {
      const missing = Object.values(form.fields).some((text) => text === spec.current.required || text === spec.new.required);
      return show(request, reply, { message: missing ? request.i18n.text("password.fillBoth") : CHECK_ANSWERS, fields: form.fields }, 400);
    }
    const input = form.input;
    const result = await attempt(() => services.accounts.changePassword(request.viewer, input, request.sessionToken));
    if (!result.ok) {
      if (result.error instanceof RateLimitedError) reply.header("Retry-After", String(result.error.retryAfterSeconds));
      return show(request, reply, problemFrom(result.error, undefined, request.i18n), result.error.status);
    }
    return redirectAfterPost(reply, `${SECURITY_SETTINGS_PATH}?done=password&ended=${result.value.endedSessions}`);
  });
}
