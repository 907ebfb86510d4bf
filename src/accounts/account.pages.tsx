/**
 * /account: the signed-in person's own account in one place: password, email (a new
 * address is verified by a link before it replaces the old one), password recovery
 * codes, two-step sign-in, signing out elsewhere, and the pages beside them. Each
 * change is a small page of its own, so every form has its own fields and errors.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { RouteContext } from "../http/context.ts";
import { clientKey } from "../http/session.ts";
import { RateLimitedError } from "../shared/rate-limits.ts";
import type { AppError } from "../shared/errors.ts";
import { isSignedIn } from "../shared/viewer.ts";
import { PASSWORD_SETTINGS_PATH, SECURITY_SETTINGS_PATH } from "../shared/second-factor.ts";
import { LIMITS } from "../shared/limits.ts";
import { CsrfField, Field, Notice } from "../web/components.tsx";
import { attempt, problemFrom, type FormProblem } from "../web/form-body.ts";
import { readSchemaForm, schemaProblem, type FormSpec } from "../web/schema-form.ts";
import { FormErrorSummary, formTitle } from "../web/form-controls.tsx";
import { Layout, type PageContext } from "../web/layout.tsx";
import { pageContext, redirectAfterPost, sendPage } from "../web/page-context.ts";
import type { EmailStatus } from "./recovery.service.ts";
import { LINK_EXPIRED, VERIFY_EMAIL_PATH } from "./account-links.ts";
import { EmailChangeBody, EmailVerifyBody, PasswordCheckBody } from "./accounts.schemas.ts";
import { RecoveryCodesList } from "./recovery.components.tsx";
import { sentToSignIn } from "../web/redirect-target.ts";

export const ACCOUNT_PATH = "/account";
const EMAIL_PATH = `${ACCOUNT_PATH}/email`;
const REMOVE_EMAIL_PATH = `${ACCOUNT_PATH}/email/remove`;
const CODES_PATH = `${ACCOUNT_PATH}/recovery-codes`;
const RESEND_PATH = `${ACCOUNT_PATH}/email/resend`;
const LABELS = { email: "Email address", password: "Your current password" };
const ENTER_PASSWORD = "Enter your current password.";

/** The email form on the API's body, in the page's order (ADR 28). */
const EMAIL_FORM = {
  email: { label: LABELS.email, required: "Enter your email address, for example name@example.org." },
  password: { label: LABELS.password, required: ENTER_PASSWORD },
} satisfies FormSpec;
/** The current password alone: removing the email address, making new recovery codes. */
const PASSWORD_FORM = { password: { label: LABELS.password, required: ENTER_PASSWORD } } satisfies FormSpec;
/** The confirmation button's hidden token. */
const VERIFY_FORM = { token: { label: "Link" } } satisfies FormSpec;

const DONE = {
  "email-sent": "We have sent a link to your new address. Open it to confirm the address; until then, nothing else changes.",
  "link-sent": "We have sent a new link. Open it to confirm your address.",
  "email-removed": "Your email address is removed. We will not write to you, and you can reset your password with a recovery code only.",
  "email-verified": "Your email address is confirmed. If you forget your password, we can send a reset link to it.",
} as const;

type AccountView = { email: EmailStatus; codesLeft: number; otherSessions: number; done: string | null; mailDelivered: boolean };

/** Said where email matters, on a server that keeps its mail as files (no SMTP_URL: trying Hearth, or the demo). */
export const MAIL_KEPT = "This server does not send email: it keeps each message in its own data folder. A link sent by email will not reach you here; recovery codes work.";

function AccountPage({ ctx, view }: { ctx: PageContext; view: AccountView }) {
  if (!isSignedIn(ctx.viewer)) return null;
  const { email } = view;
  return (
    <Layout ctx={ctx} title="Your account">
      <h1>Your account</h1>
      {view.done ? <Notice>{view.done}</Notice> : null}
      <p>
        You are signed in as <strong>{ctx.viewer.username}</strong>. Only you see your username; others see the names of your personas.
      </p>

      <h2>Password</h2>
      <p>
        <a href={PASSWORD_SETTINGS_PATH}>Change your password</a>. You give your current one first. Changing it signs you out
        everywhere else.
      </p>

      <h2>Email</h2>
      {email.email ? (
        <p>
          Your email address is <strong>{email.email}</strong>
          {email.verified ? " (confirmed)." : " (not confirmed yet)."}
        </p>
      ) : (
        <p>You have not given an email address. You do not need one: recovery codes can reset your password instead.</p>
      )}
      {email.pending && email.pending !== email.email ? (
        <p>
          We sent a link to <strong>{email.pending}</strong>. Until you open it, {email.email ? "your current address stays in use" : "it is not used"}.
        </p>
      ) : null}
      {(email.email && !email.verified) || email.pending ? (
        <form method="post" action={RESEND_PATH} class="form">
          <CsrfField token={ctx.csrfToken} />
          <p>Until you confirm it, we cannot send a password reset link to it.</p>
          <button type="submit" class="secondary">
            Send me a link to confirm it
          </button>
        </form>
      ) : null}
      <p>We use it only to send you a password reset link when you ask for one, and messages about communities you run. Nobody else sees it.</p>
      {view.mailDelivered ? null : <p class="notice">{MAIL_KEPT}</p>}
      <ul class="security-actions">
        <li>
          <a href={EMAIL_PATH}>{email.email || email.pending ? "Change your email address" : "Add an email address"}</a>
        </li>
        {email.email || email.pending ? (
          <li>
            <a href={REMOVE_EMAIL_PATH}>Remove your email address</a>
          </li>
        ) : null}
      </ul>

      <h2>Recovery codes</h2>
      <p>
        If you forget your password, a recovery code lets you choose a new one, with or without an email address. You have{" "}
        {view.codesLeft === 0 ? "no unused codes" : view.codesLeft === 1 ? "one unused code" : `${view.codesLeft} unused codes`}.
      </p>
      <p>
        <a href={CODES_PATH}>Make new recovery codes</a>. Your old codes stop working.
      </p>

      <h2>Two-step sign-in</h2>
      <p>
        <a href={SECURITY_SETTINGS_PATH}>Two-step sign-in settings</a>: a code from an app on your phone as well as your password.{" "}
        {ctx.viewer.secondFactor === "active" ? "It is on." : "It is off."}
      </p>

      <h2>Where you are signed in</h2>
      <p>
        {view.otherSessions === 0
          ? "You are signed in here only."
          : `Besides this one, you are signed in on ${view.otherSessions === 1 ? "one other browser or app" : `${view.otherSessions} other browsers or apps`}.`}
      </p>
      <form method="post" action={`${SECURITY_SETTINGS_PATH}/sign-out-others`} class="form">
        <CsrfField token={ctx.csrfToken} />
        <button type="submit">Sign out everywhere else</button>
      </form>

      <h2>More settings</h2>
      <ul>
        <li>
          <a href="/settings/personas">How you appear</a>: the names others see when you write.
        </li>
        <li>
          <a href="/notifications">Notifications</a>
        </li>
        {ctx.viewer.isAdmin || ctx.viewer.isVerifier ? (
          <li>
            <a href="/admin/verifications">Clinician applications</a>
          </li>
        ) : null}
        {ctx.viewer.isAdmin ? (
          <li>
            <a href="/admin/break-glass">Break-glass</a>
          </li>
        ) : null}
      </ul>

      <form method="post" action="/signout" class="form">
        <CsrfField token={ctx.csrfToken} />
        <button type="submit" class="secondary">
          Sign out
        </button>
      </form>
    </Layout>
  );
}

function EmailPage({ ctx, values, problem, current }: { ctx: PageContext; values: { email: string }; problem?: FormProblem | null; current: EmailStatus }) {
  const errors = problem?.fields ?? {};
  const title = current.email ? "Change your email address" : "Add an email address";
  return (
    <Layout ctx={ctx} title={formTitle(title, problem)}>
      <h1>{title}</h1>
      <FormErrorSummary problem={problem} labels={LABELS} />
      <p class="lead">
        We send a link to the new address. It becomes your address when you open the link{current.email ? "; until then we keep using the old one" : ""}.
      </p>
      <form method="post" action={EMAIL_PATH} class="form" noValidate>
        <CsrfField token={ctx.csrfToken} />
        <Field name="email" label={LABELS.email} type="email" hint="For example, name@example.org." value={values.email} error={errors.email} autocomplete="email" maxLength={LIMITS.email} />
        <Field name="password" label={LABELS.password} type="password" hint="So that nobody else using this browser can change it." error={errors.password} autocomplete="current-password" maxLength={LIMITS.password} />
        <button type="submit">Send the link</button>
      </form>
      <p>
        <a href={ACCOUNT_PATH}>Go back</a>
      </p>
    </Layout>
  );
}

function RemoveEmailPage({ ctx, problem, current }: { ctx: PageContext; problem?: FormProblem | null; current: EmailStatus }) {
  const errors = problem?.fields ?? {};
  return (
    <Layout ctx={ctx} title={formTitle("Remove your email address", problem)}>
      <h1>Remove your email address</h1>
      <FormErrorSummary problem={problem} labels={LABELS} />
      <p class="lead">
        We will forget {current.email ?? current.pending ?? "your address"} and stop writing to you. If you forget your password, only a recovery code
        will reset it.
      </p>
      <form method="post" action={REMOVE_EMAIL_PATH} class="form" noValidate>
        <CsrfField token={ctx.csrfToken} />
        <Field name="password" label={LABELS.password} type="password" error={errors.password} autocomplete="current-password" maxLength={LIMITS.password} />
        <button type="submit" class="danger">
          Remove my email address
        </button>
      </form>
      <p>
        <a href={ACCOUNT_PATH}>Go back</a>
      </p>
    </Layout>
  );
}

function NewCodesPage({ ctx, problem }: { ctx: PageContext; problem?: FormProblem | null }) {
  const errors = problem?.fields ?? {};
  return (
    <Layout ctx={ctx} title={formTitle("Make new recovery codes", problem)}>
      <h1>Make new recovery codes</h1>
      <FormErrorSummary problem={problem} labels={LABELS} />
      <p class="lead">You get ten new codes, shown once. Your old codes stop working at once.</p>
      <form method="post" action={CODES_PATH} class="form" noValidate>
        <CsrfField token={ctx.csrfToken} />
        <Field name="password" label={LABELS.password} type="password" error={errors.password} autocomplete="current-password" maxLength={LIMITS.password} />
        <button type="submit">Make new codes</button>
      </form>
      <p>
        <a href={ACCOUNT_PATH}>Go back</a>
      </p>
    </Layout>
  );
}

function CodesShownPage({ ctx, codes }: { ctx: PageContext; codes: string[] }) {
  return (
    <Layout ctx={ctx} title="Your new recovery codes">
      <h1>Your new recovery codes</h1>
      <Notice>Your old recovery codes no longer work.</Notice>
      <RecoveryCodesList codes={codes} />
      <p>
        <a class="button" href={ACCOUNT_PATH}>
          I have kept them safe
        </a>
      </p>
    </Layout>
  );
}

function VerifyEmailPage({ ctx, token, problem, verified }: { ctx: PageContext; token: string; problem?: FormProblem | null; verified?: string }) {
  if (verified) {
    return (
      <Layout ctx={ctx} title="Email address confirmed">
        <h1>Email address confirmed</h1>
        <Notice>{verified} is now your email address. If you forget your password, we can send a reset link to it.</Notice>
        <p>
          <a href={isSignedIn(ctx.viewer) ? ACCOUNT_PATH : "/signin"}>{isSignedIn(ctx.viewer) ? "Go to your account" : "Sign in"}</a>
        </p>
      </Layout>
    );
  }
  return (
    <Layout ctx={ctx} title={formTitle("Confirm your email address", problem)}>
      <h1>Confirm your email address</h1>
      <FormErrorSummary problem={problem} labels={{ token: "Link" }} />
      {problem ? (
        <p>
          {isSignedIn(ctx.viewer) ? (
            <>
              You can ask for a new link on <a href={EMAIL_PATH}>your account's email page</a>.
            </>
          ) : (
            <>
              <a href={`/signin?next=${encodeURIComponent(EMAIL_PATH)}`}>Sign in</a> to ask for a new link.
            </>
          )}
        </p>
      ) : (
        <>
          <p class="lead">Confirm that this address is yours, so that Hearth can send you a password reset link if you ever need one.</p>
          <form method="post" action={VERIFY_EMAIL_PATH} class="form">
            <CsrfField token={ctx.csrfToken} />
            <input type="hidden" name="token" value={token} />
            <button type="submit">Confirm my email address</button>
          </form>
        </>
      )}
    </Layout>
  );
}

function retryAfter(reply: FastifyReply, error: AppError) {
  if (error instanceof RateLimitedError) reply.header("Retry-After", String(error.retryAfterSeconds));
}

const queryValue = (request: FastifyRequest, name: string) => {
  const value = (request.query as Record<string, unknown> | undefined)?.[name];
  return typeof value === "string" ? value : "";
};

export async function accountPages(app: FastifyInstance, { services, config }: RouteContext) {
  const hide = { schema: { hide: true } };
  const recovery = services.accountRecovery;

  app.get(ACCOUNT_PATH, hide, async (request, reply) => {
    if (sentToSignIn(request, reply)) return reply;
    const done = queryValue(request, "done");
    const view: AccountView = {
      email: await recovery.emailStatus(request.viewer),
      codesLeft: await recovery.recoveryCodesLeft(request.viewer),
      otherSessions: await services.accounts.otherSessionCount(request.viewer, request.sessionToken),
      done: Object.hasOwn(DONE, done) ? DONE[done as keyof typeof DONE] : null,
      mailDelivered: config.smtpUrl !== null,
    };
    return sendPage(reply, <AccountPage ctx={await pageContext(request, services)} view={view} />);
  });

  const showEmail = async (request: FastifyRequest, reply: FastifyReply, email: string, problem?: FormProblem | null, status = 200) =>
    sendPage(reply, <EmailPage ctx={await pageContext(request, services)} values={{ email }} problem={problem ?? null} current={await recovery.emailStatus(request.viewer)} />, status);

  app.get(EMAIL_PATH, hide, async (request, reply) => (sentToSignIn(request, reply) ? reply : showEmail(request, reply, "")));

  app.post(EMAIL_PATH, hide, async (request, reply) => {
    if (sentToSignIn(request, reply)) return reply;
    const form = readSchemaForm(request.body, EmailChangeBody, EMAIL_FORM);
    const problem = schemaProblem(form);
    if (problem || !form.input) return showEmail(request, reply, form.values.email, problem, 400);
    const input = form.input;
    const result = await attempt(() => recovery.requestEmailChange(request.viewer, input));
    if (!result.ok) {
      retryAfter(reply, result.error);
      return showEmail(request, reply, form.values.email, problemFrom(result.error), result.error.status);
    }
    return redirectAfterPost(reply, `${ACCOUNT_PATH}?done=email-sent`);
  });

  app.post(RESEND_PATH, hide, async (request, reply) => {
    if (sentToSignIn(request, reply)) return reply;
    const result = await attempt(() => recovery.resendVerification(request.viewer));
    if (!result.ok) {
      retryAfter(reply, result.error);
      throw result.error; // only a rate limit: the error page says when to try again
    }
    return redirectAfterPost(reply, result.value ? `${ACCOUNT_PATH}?done=link-sent` : ACCOUNT_PATH);
  });

  const showRemove = async (request: FastifyRequest, reply: FastifyReply, problem?: FormProblem | null, status = 200) =>
    sendPage(reply, <RemoveEmailPage ctx={await pageContext(request, services)} problem={problem ?? null} current={await recovery.emailStatus(request.viewer)} />, status);

  app.get(REMOVE_EMAIL_PATH, hide, async (request, reply) => (sentToSignIn(request, reply) ? reply : showRemove(request, reply)));

  app.post(REMOVE_EMAIL_PATH, hide, async (request, reply) => {
    if (sentToSignIn(request, reply)) return reply;
    const form = readSchemaForm(request.body, PasswordCheckBody, PASSWORD_FORM);
    const problem = schemaProblem(form);
    if (problem || !form.input) return showRemove(request, reply, problem, 400);
    const input = form.input;
    const result = await attempt(() => recovery.removeEmail(request.viewer, input));
    if (!result.ok) {
      retryAfter(reply, result.error);
      return showRemove(request, reply, problemFrom(result.error), result.error.status);
    }
    return redirectAfterPost(reply, `${ACCOUNT_PATH}?done=email-removed`);
  });

  const showCodes = async (request: FastifyRequest, reply: FastifyReply, problem?: FormProblem | null, status = 200) =>
    sendPage(reply, <NewCodesPage ctx={await pageContext(request, services)} problem={problem ?? null} />, status);

  app.get(CODES_PATH, hide, async (request, reply) => (sentToSignIn(request, reply) ? reply : showCodes(request, reply)));

  // The codes are shown in the answer to this post, not after a redirect: they exist only now.
  app.post(CODES_PATH, hide, async (request, reply) => {
    if (sentToSignIn(request, reply)) return reply;
    const form = readSchemaForm(request.body, PasswordCheckBody, PASSWORD_FORM);
    const problem = schemaProblem(form);
    if (problem || !form.input) return showCodes(request, reply, problem, 400);
    const input = form.input;
    const result = await attempt(() => recovery.newRecoveryCodes(request.viewer, input));
    if (!result.ok) {
      retryAfter(reply, result.error);
      return showCodes(request, reply, problemFrom(result.error), result.error.status);
    }
    return sendPage(reply, <CodesShownPage ctx={await pageContext(request, services)} codes={result.value.recoveryCodes} />);
  });

  // The link opens a page with a button: a mail scanner that fetches links does not confirm anything.
  app.get(VERIFY_EMAIL_PATH, hide, async (request, reply) => {
    const token = queryValue(request, "token").slice(0, LIMITS.linkToken);
    return sendPage(reply, <VerifyEmailPage ctx={await pageContext(request, services)} token={token} />);
  });

  app.post(VERIFY_EMAIL_PATH, hide, async (request, reply) => {
    const form = readSchemaForm(request.body, EmailVerifyBody, VERIFY_FORM);
    // A token the schema refuses (none, or far too long) was never a link of ours.
    if (!form.input) return sendPage(reply, <VerifyEmailPage ctx={await pageContext(request, services)} token="" problem={{ message: LINK_EXPIRED }} />, 400);
    const { token } = form.input;
    const result = await attempt(() => recovery.verifyEmail(token, clientKey(request)));
    const ctx = await pageContext(request, services);
    if (!result.ok) {
      retryAfter(reply, result.error);
      return sendPage(reply, <VerifyEmailPage ctx={ctx} token="" problem={{ message: result.error.message }} />, result.error.status);
    }
    return sendPage(reply, <VerifyEmailPage ctx={ctx} token="" verified={result.value.email} />);
  });
}
