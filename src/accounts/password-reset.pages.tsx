/**
 * Forgot password, from the sign-in page (ADR 29): a reset link by email for an account
 * with a verified address, or a recovery code. Asking for a link always answers with
 * the same page; a reset of either kind signs the account out everywhere and sends
 * the person to sign in with the new password (two-step sign-in, when on, still asks
 * for its code).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { RouteContext } from "../http/context.ts";
import { clientKey } from "../http/session.ts";
import { RateLimitedError } from "../shared/rate-limits.ts";
import type { AppError } from "../shared/errors.ts";
import { LIMITS } from "../shared/limits.ts";
import { CsrfField, Field } from "../web/components.tsx";
import { attempt, problemFrom, type FormProblem } from "../web/form-body.ts";
import { readSchemaForm, schemaProblem, type FormSpec } from "../web/schema-form.ts";
import { FormErrorSummary, formTitle } from "../web/form-controls.tsx";
import { Layout, type PageContext } from "../web/layout.tsx";
import { pageContext, redirectAfterPost, sendPage } from "../web/page-context.ts";
import { LINK_EXPIRED, RESET_LINK_MINUTES, RESET_PASSWORD_PATH } from "./account-links.ts";
import { PasswordResetCodeBody, PasswordResetLinkBody, PasswordResetRequestBody } from "./accounts.schemas.ts";
import { MIN_PASSWORD_LENGTH } from "../shared/limits.ts";
import { mailKept } from "./account.pages.tsx";
import type { Translator } from "../shared/i18n/translator.ts";

export const FORGOT_PATH = "/forgot-password";
const CODE_PATH = `${FORGOT_PATH}/code`;
const labels = (t: Translator) => ({
  login: t.text("reset.loginLabel"),
  username: t.text("accounts.username"),
  code: t.text("security.recoveryCodeLabel"),
  newPassword: t.text("reset.newPasswordLabel"),
});
/** The new password's hint, and when the form comes back, why it is empty. */
const newPasswordHint = (t: Translator, retype: boolean) =>
  `${t.text("reset.newPasswordHint", { min: MIN_PASSWORD_LENGTH })}${retype ? ` ${t.text("accounts.retype")}` : ""}`;

/** The forgot-password form on the API's body: the one field takes a username or an email address, sent as `username`. */
const forgotForm = (t: Translator) => ({ login: { label: t.text("reset.loginLabel"), path: "username", required: t.text("reset.loginRequired") } }) satisfies FormSpec;
/** The reset-link form: the link's token (a hidden field) and the new password. */
const resetForm = (t: Translator) =>
  ({ token: { label: t.text("account.linkLabel") }, newPassword: { label: t.text("reset.newPasswordLabel"), required: t.text("reset.chooseNew") } }) satisfies FormSpec;
/** The recovery-code form, in the page's order. */
const codeForm = (t: Translator) =>
  ({
    username: { label: t.text("accounts.username"), required: t.text("signin.usernameRequired") },
    code: { label: t.text("security.recoveryCodeLabel"), required: t.text("signInCode.recoveryRequired") },
    newPassword: { label: t.text("reset.newPasswordLabel"), required: t.text("reset.chooseNew") },
  }) satisfies FormSpec;

function ForgotPage({ ctx, login, problem, mailDelivered }: { ctx: PageContext; login: string; problem?: FormProblem | null; mailDelivered: boolean }) {
  const { t } = ctx;
  const named = labels(t);
  const errors = problem?.fields ?? {};
  return (
    <Layout ctx={ctx} title={formTitle(t.text("signin.forgot"), problem)}>
      <h1>{t.text("signin.forgot")}</h1>
      <FormErrorSummary problem={problem} labels={named} />
      <h2>{t.text("reset.byEmailHeading")}</h2>
      <p>{t.text("reset.byEmailLead")}</p>
      {mailDelivered ? null : <p class="notice">{mailKept(t)}</p>}
      <form method="post" action={FORGOT_PATH} class="form" noValidate>
        <CsrfField token={ctx.csrfToken} />
        <Field name="login" label={named.login} value={login} error={errors.login} autocomplete="username" maxLength={LIMITS.email} />
        <button type="submit">{t.text("reset.sendLink")}</button>
      </form>
      <h2>{t.text("reset.noEmailHeading")}</h2>
      <p>
        <a href={CODE_PATH}>{t.text("reset.useCode")}</a>
        {t.text("reset.useCodeAfter")}
      </p>
      <p>
        <a href="/signin">{t.text("reset.backToSignIn")}</a>
      </p>
    </Layout>
  );
}

function LinkSentPage({ ctx }: { ctx: PageContext }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t.text("reset.checkEmail")}>
      <h1>{t.text("reset.checkEmail")}</h1>
      <p class="lead">{t.text("reset.sentLead", { minutes: RESET_LINK_MINUTES })}</p>
      <p>{t.text("reset.nothingThere")}</p>
      <ul>
        <li>
          <a href={CODE_PATH}>{t.text("reset.useCode")}</a>
        </li>
        <li>
          <a href="/signin">{t.text("reset.backToSignIn")}</a>
        </li>
      </ul>
    </Layout>
  );
}

function ResetPage({ ctx, token, usable, problem }: { ctx: PageContext; token: string; usable: boolean; problem?: FormProblem | null }) {
  const { t } = ctx;
  const named = labels(t);
  const errors = problem?.fields ?? {};
  if (!usable) {
    return (
      <Layout ctx={ctx} title={t.text("form.errorTitle", { title: t.text("reset.noLongerWorks") })}>
        <h1>{t.text("reset.noLongerWorks")}</h1>
        <FormErrorSummary problem={problem ?? { message: t.text("reset.linkExpiredShort") }} labels={named} />
        <p>
          <a href={FORGOT_PATH}>{t.text("reset.askNewLink")}</a>
          {t.text("reset.or")} <a href={CODE_PATH}>{t.text("reset.useCodeLower")}</a>
          {t.text("reset.orAfter")}
        </p>
      </Layout>
    );
  }
  return (
    <Layout ctx={ctx} title={formTitle(t.text("reset.chooseTitle"), problem)}>
      <h1>{t.text("reset.chooseTitle")}</h1>
      <FormErrorSummary problem={problem} labels={named} />
      <p class="lead">{t.text("reset.chooseLead")}</p>
      <form method="post" action={RESET_PASSWORD_PATH} class="form" noValidate>
        <CsrfField token={ctx.csrfToken} />
        <input type="hidden" name="token" value={token} />
        <Field name="newPassword" label={named.newPassword} type="password" hint={newPasswordHint(t, !!problem)} error={errors.newPassword} autocomplete="new-password" maxLength={LIMITS.password} />
        <button type="submit">{t.text("reset.setSubmit")}</button>
      </form>
    </Layout>
  );
}

function CodePage({ ctx, username, problem }: { ctx: PageContext; username: string; problem?: FormProblem | null }) {
  const { t } = ctx;
  const named = labels(t);
  const errors = problem?.fields ?? {};
  return (
    <Layout ctx={ctx} title={formTitle(t.text("reset.codeTitle"), problem)}>
      <h1>{t.text("reset.codeTitle")}</h1>
      <FormErrorSummary problem={problem} labels={named} />
      <p class="lead">{t.text("reset.codeLead")}</p>
      <form method="post" action={CODE_PATH} class="form" noValidate>
        <CsrfField token={ctx.csrfToken} />
        <Field name="username" label={named.username} value={username} error={errors.username} autocomplete="username" maxLength={LIMITS.username} />
        <Field name="code" label={named.code} hint={t.text("reset.codeHint")} error={errors.code} autocomplete="off" maxLength={LIMITS.recoveryCode} />
        <Field name="newPassword" label={named.newPassword} type="password" hint={newPasswordHint(t, !!problem)} error={errors.newPassword} autocomplete="new-password" maxLength={LIMITS.password} />
        <button type="submit">{t.text("reset.setSubmit")}</button>
      </form>
      <p>
        <a href={FORGOT_PATH}>{t.text("security.goBack")}</a>
      </p>
    </Layout>
  );
}

function retryAfter(reply: FastifyReply, error: AppError) {
  if (error instanceof RateLimitedError) reply.header("Retry-After", String(error.retryAfterSeconds));
}

const queryToken = (request: FastifyRequest) => {
  const value = (request.query as Record<string, unknown> | undefined)?.token;
  return typeof value === "string" ? value.slice(0, LIMITS.linkToken) : "";
};

/** Where a finished reset sends the person: the sign-in page, which says the password changed. */
export const AFTER_RESET = "/signin?done=reset";

export async function passwordResetPages(app: FastifyInstance, { services, config }: RouteContext) {
  const mailDelivered = config.smtpUrl !== null;
  const hide = { schema: { hide: true } };
  const recovery = services.accountRecovery;

  app.get(FORGOT_PATH, hide, async (request, reply) => sendPage(reply, <ForgotPage ctx={await pageContext(request, services)} login="" mailDelivered={mailDelivered} />));

  app.post(FORGOT_PATH, hide, async (request, reply) => {
    const form = readSchemaForm(request.body, PasswordResetRequestBody, forgotForm(request.i18n));
    const show = async (problem: FormProblem, status: number) => sendPage(reply, <ForgotPage ctx={await pageContext(request, services)} login={form.values.login} problem={problem} mailDelivered={mailDelivered} />, status);
    const problem = schemaProblem(form);
    if (problem || !form.input) return show(problem ?? { message: request.i18n.text("reset.checkForm") }, 400);
    const login = form.input.username ?? "";
    const result = await attempt(() => recovery.requestPasswordReset(login, clientKey(request)));
    if (!result.ok) {
      retryAfter(reply, result.error);
      return show(problemFrom(result.error, undefined, request.i18n), result.error.status);
    }
    // The same page whatever was typed, shown in answer to the post (nothing in the address to compare).
    return sendPage(reply, <LinkSentPage ctx={await pageContext(request, services)} />);
  });

  app.get(RESET_PASSWORD_PATH, hide, async (request, reply) => {
    const token = queryToken(request);
    const usable = await recovery.resetLinkUsable(token);
    return sendPage(reply, <ResetPage ctx={await pageContext(request, services)} token={token} usable={usable} />, usable ? 200 : 400);
  });

  app.post(RESET_PASSWORD_PATH, hide, async (request, reply) => {
    const form = readSchemaForm(request.body, PasswordResetLinkBody, resetForm(request.i18n));
    const show = async (problem: FormProblem, status: number, usable: boolean) =>
      sendPage(reply, <ResetPage ctx={await pageContext(request, services)} token={form.values.token} usable={usable} problem={problem} />, status);
    // A token the schema refuses (none, or far too long) was never a link of ours: the page says the link does not work.
    if (form.fields.token) return show({ message: request.i18n.say(LINK_EXPIRED) }, 400, false);
    const problem = schemaProblem(form);
    if (problem || !form.input) return show(problem ?? { message: request.i18n.say(LINK_EXPIRED) }, 400, await recovery.resetLinkUsable(form.values.token));
    const { token, newPassword } = form.input;
    const result = await attempt(() => recovery.resetWithLink(token, newPassword, clientKey(request)));
    if (!result.ok) {
      retryAfter(reply, result.error);
      const expired = result.error.code === "link_expired";
      return show(expired ? { message: result.error.in(request.i18n) } : problemFrom(result.error, undefined, request.i18n), result.error.status, !expired);
    }
    return redirectAfterPost(reply, AFTER_RESET);
  });

  app.get(CODE_PATH, hide, async (request, reply) => sendPage(reply, <CodePage ctx={await pageContext(request, services)} username="" />));

  app.post(CODE_PATH, hide, async (request, reply) => {
    const form = readSchemaForm(request.body, PasswordResetCodeBody, codeForm(request.i18n));
    const show = async (problem: FormProblem, status: number) => sendPage(reply, <CodePage ctx={await pageContext(request, services)} username={form.values.username} problem={problem} />, status);
    const problem = schemaProblem(form);
    if (problem || !form.input) return show(problem ?? { message: request.i18n.text("reset.checkForm") }, 400);
    const input = form.input;
    const result = await attempt(() => recovery.resetWithRecoveryCode(input, clientKey(request)));
    if (!result.ok) {
      retryAfter(reply, result.error);
      return show(problemFrom(result.error, undefined, request.i18n), result.error.status);
    }
    return redirectAfterPost(reply, AFTER_RESET);
  });
}
