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
import { MAIL_KEPT } from "./account.pages.tsx";

export const FORGOT_PATH = "/forgot-password";
const CODE_PATH = `${FORGOT_PATH}/code`;
const LABELS = { login: "Username or email address", username: "Username", code: "Recovery code", newPassword: "New password" };
const NEW_PASSWORD_HINT = `At least ${MIN_PASSWORD_LENGTH} characters; a few words together work well. It must not contain your username.`;
const RETYPE = " For your safety, we do not keep the password when a form comes back. Please type it again.";
const CHOOSE_PASSWORD = "Choose a new password.";

/** The forgot-password form on the API's body: the one field takes a username or an email address, sent as `username`. */
const FORGOT_FORM = { login: { label: LABELS.login, path: "username", required: "Enter your username or your email address." } } satisfies FormSpec;
/** The reset-link form: the link's token (a hidden field) and the new password. */
const RESET_FORM = { token: { label: "Link" }, newPassword: { label: LABELS.newPassword, required: CHOOSE_PASSWORD } } satisfies FormSpec;
/** The recovery-code form, in the page's order. */
const CODE_FORM = {
  username: { label: LABELS.username, required: "Enter your username." },
  code: { label: LABELS.code, required: "Enter one of your recovery codes." },
  newPassword: { label: LABELS.newPassword, required: CHOOSE_PASSWORD },
} satisfies FormSpec;

function ForgotPage({ ctx, login, problem, mailDelivered }: { ctx: PageContext; login: string; problem?: FormProblem | null; mailDelivered: boolean }) {
  const errors = problem?.fields ?? {};
  return (
    <Layout ctx={ctx} title={formTitle("Forgot your password?", problem)}>
      <h1>Forgot your password?</h1>
      <FormErrorSummary problem={problem} labels={LABELS} />
      <h2>Get a link by email</h2>
      <p>If your account has an email address you have confirmed, we can send a link to it to choose a new password.</p>
      {mailDelivered ? null : <p class="notice">{MAIL_KEPT}</p>}
      <form method="post" action={FORGOT_PATH} class="form" noValidate>
        <CsrfField token={ctx.csrfToken} />
        <Field name="login" label={LABELS.login} value={login} error={errors.login} autocomplete="username" maxLength={LIMITS.email} />
        <button type="submit">Send me a link</button>
      </form>
      <h2>No email, or no access to it?</h2>
      <p>
        <a href={CODE_PATH}>Use a recovery code</a>: one of the codes you were shown when you joined, or made later on your Account page.
      </p>
      <p>
        <a href="/signin">Back to sign in</a>
      </p>
    </Layout>
  );
}

function LinkSentPage({ ctx }: { ctx: PageContext }) {
  return (
    <Layout ctx={ctx} title="Check your email">
      <h1>Check your email</h1>
      <p class="lead">
        If that username or email address belongs to an account with a confirmed email address, we have sent a link to it. The link works once,
        for {RESET_LINK_MINUTES} minutes.
      </p>
      <p>Nothing there after a few minutes? Look in your spam folder. The account may have no confirmed email address: then use a recovery code.</p>
      <ul>
        <li>
          <a href={CODE_PATH}>Use a recovery code</a>
        </li>
        <li>
          <a href="/signin">Back to sign in</a>
        </li>
      </ul>
    </Layout>
  );
}

function ResetPage({ ctx, token, usable, problem }: { ctx: PageContext; token: string; usable: boolean; problem?: FormProblem | null }) {
  const errors = problem?.fields ?? {};
  if (!usable) {
    return (
      <Layout ctx={ctx} title="Error: This link no longer works">
        <h1>This link no longer works</h1>
        <FormErrorSummary problem={problem ?? { message: "This link has expired or was already used. Links work once, for a limited time." }} labels={LABELS} />
        <p>
          <a href={FORGOT_PATH}>Ask for a new link</a>, or <a href={CODE_PATH}>use a recovery code</a>.
        </p>
      </Layout>
    );
  }
  return (
    <Layout ctx={ctx} title={formTitle("Choose a new password", problem)}>
      <h1>Choose a new password</h1>
      <FormErrorSummary problem={problem} labels={LABELS} />
      <p class="lead">Choosing a new password signs you out everywhere. Then you sign in with the new one.</p>
      <form method="post" action={RESET_PASSWORD_PATH} class="form" noValidate>
        <CsrfField token={ctx.csrfToken} />
        <input type="hidden" name="token" value={token} />
        <Field name="newPassword" label={LABELS.newPassword} type="password" hint={NEW_PASSWORD_HINT + (problem ? RETYPE : "")} error={errors.newPassword} autocomplete="new-password" maxLength={LIMITS.password} />
        <button type="submit">Set my new password</button>
      </form>
    </Layout>
  );
}

function CodePage({ ctx, username, problem }: { ctx: PageContext; username: string; problem?: FormProblem | null }) {
  const errors = problem?.fields ?? {};
  return (
    <Layout ctx={ctx} title={formTitle("Reset your password with a recovery code", problem)}>
      <h1>Reset your password with a recovery code</h1>
      <FormErrorSummary problem={problem} labels={LABELS} />
      <p class="lead">Each recovery code works once. Choosing a new password signs you out everywhere.</p>
      <form method="post" action={CODE_PATH} class="form" noValidate>
        <CsrfField token={ctx.csrfToken} />
        <Field name="username" label={LABELS.username} value={username} error={errors.username} autocomplete="username" maxLength={LIMITS.username} />
        <Field name="code" label={LABELS.code} hint="For example, k3xq-7mnd-a2pw-9rtv. Dashes and capitals do not matter." error={errors.code} autocomplete="off" maxLength={LIMITS.recoveryCode} />
        <Field name="newPassword" label={LABELS.newPassword} type="password" hint={NEW_PASSWORD_HINT + (problem ? RETYPE : "")} error={errors.newPassword} autocomplete="new-password" maxLength={LIMITS.password} />
        <button type="submit">Set my new password</button>
      </form>
      <p>
        <a href={FORGOT_PATH}>Go back</a>
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
    const form = readSchemaForm(request.body, PasswordResetRequestBody, FORGOT_FORM);
    const show = async (problem: FormProblem, status: number) => sendPage(reply, <ForgotPage ctx={await pageContext(request, services)} login={form.values.login} problem={problem} mailDelivered={mailDelivered} />, status);
    const problem = schemaProblem(form);
    if (problem || !form.input) return show(problem ?? { message: "Please check the form." }, 400);
    const login = form.input.username ?? "";
    const result = await attempt(() => recovery.requestPasswordReset(login, clientKey(request)));
    if (!result.ok) {
      retryAfter(reply, result.error);
      return show(problemFrom(result.error), result.error.status);
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
    const form = readSchemaForm(request.body, PasswordResetLinkBody, RESET_FORM);
    const show = async (problem: FormProblem, status: number, usable: boolean) =>
      sendPage(reply, <ResetPage ctx={await pageContext(request, services)} token={form.values.token} usable={usable} problem={problem} />, status);
    // A token the schema refuses (none, or far too long) was never a link of ours: the page says the link does not work.
    if (form.fields.token) return show({ message: LINK_EXPIRED }, 400, false);
    const problem = schemaProblem(form);
    if (problem || !form.input) return show(problem ?? { message: LINK_EXPIRED }, 400, await recovery.resetLinkUsable(form.values.token));
    const { token, newPassword } = form.input;
    const result = await attempt(() => recovery.resetWithLink(token, newPassword, clientKey(request)));
    if (!result.ok) {
      retryAfter(reply, result.error);
      const expired = result.error.code === "link_expired";
      return show(expired ? { message: result.error.message } : problemFrom(result.error), result.error.status, !expired);
    }
    return redirectAfterPost(reply, AFTER_RESET);
  });

  app.get(CODE_PATH, hide, async (request, reply) => sendPage(reply, <CodePage ctx={await pageContext(request, services)} username="" />));

  app.post(CODE_PATH, hide, async (request, reply) => {
    const form = readSchemaForm(request.body, PasswordResetCodeBody, CODE_FORM);
    const show = async (problem: FormProblem, status: number) => sendPage(reply, <CodePage ctx={await pageContext(request, services)} username={form.values.username} problem={problem} />, status);
    const problem = schemaProblem(form);
    if (problem || !form.input) return show(problem ?? { message: "Please check the form." }, 400);
    const input = form.input;
    const result = await attempt(() => recovery.resetWithRecoveryCode(input, clientKey(request)));
    if (!result.ok) {
      retryAfter(reply, result.error);
      return show(problemFrom(result.error), result.error.status);
    }
    return redirectAfterPost(reply, AFTER_RESET);
  });
}
