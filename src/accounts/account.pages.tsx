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
import type { Translator } from "../shared/i18n/translator.ts";
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
const labels = (t: Translator) => ({ email: t.text("account.emailLabel"), password: t.text("account.currentPasswordLabel") });

/** The email form on the API's body, in the page's order (ADR 28). */
const emailForm = (t: Translator) =>
  ({
    email: { label: t.text("account.emailLabel"), required: t.text("account.emailRequired") },
    password: { label: t.text("account.currentPasswordLabel"), required: t.text("account.currentPasswordRequired") },
  }) satisfies FormSpec;
/** The current password alone: removing the email address, making new recovery codes. */
const passwordForm = (t: Translator) => ({ password: { label: t.text("account.currentPasswordLabel"), required: t.text("account.currentPasswordRequired") } }) satisfies FormSpec;
/** The confirmation button's hidden token. */
const verifyForm = (t: Translator) => ({ token: { label: t.text("account.linkLabel") } }) satisfies FormSpec;

const DONE = {
  "email-sent": "account.doneEmailSent",
  "link-sent": "account.doneLinkSent",
  "email-removed": "account.doneEmailRemoved",
  "email-verified": "account.doneEmailVerified",
} as const;

type AccountView = { email: EmailStatus; codesLeft: number; otherSessions: number; done: keyof typeof DONE | null; mailDelivered: boolean };

/** Said where email matters, on a server that keeps its mail as files (no SMTP_URL: trying Hearth, or the demo). */
export const mailKept = (t: Translator) => t.text("account.mailKept");

function AccountPage({ ctx, view }: { ctx: PageContext; view: AccountView }) {
  if (!isSignedIn(ctx.viewer)) return null;
  const { t } = ctx;
  const { email } = view;
  return (
    <Layout ctx={ctx} title={t.text("account.title")}>
      <h1>{t.text("account.title")}</h1>
      {view.done ? <Notice>{t.text(DONE[view.done])}</Notice> : null}
      <p>
        {t.text("account.signedInAs")} <strong>{ctx.viewer.username}</strong>
        {t.text("account.signedInAsAfter")}
      </p>

      <h2>{t.text("accounts.password")}</h2>
      <p>
        <a href={PASSWORD_SETTINGS_PATH}>{t.text("sessions.changePassword")}</a>
        {t.text("account.passwordAfter")}
      </p>

      <h2>{t.text("account.emailHeading")}</h2>
      {email.email ? (
        <p>
          {t.text("account.emailIs")} <strong>{email.email}</strong>
          {t.text("account.emailState", { verified: email.verified ? "yes" : "no" })}
        </p>
      ) : (
        <p>{t.text("account.noEmail")}</p>
      )}
      {email.pending && email.pending !== email.email ? (
        <p>
          {t.text("account.pendingBefore")} <strong>{email.pending}</strong>
          {t.text("account.pendingAfter", { current: email.email ? "yes" : "no" })}
        </p>
      ) : null}
      {(email.email && !email.verified) || email.pending ? (
        <form method="post" action={RESEND_PATH} class="form">
          <CsrfField token={ctx.csrfToken} />
          <p>{t.text("account.untilConfirmed")}</p>
          <button type="submit" class="secondary">
            {t.text("account.resend")}
          </button>
        </form>
      ) : null}
      <p>{t.text("account.emailUse")}</p>
      {view.mailDelivered ? null : <p class="notice">{mailKept(t)}</p>}
      <ul class="security-actions">
        <li>
          <a href={EMAIL_PATH}>{t.text(email.email || email.pending ? "account.changeEmail" : "account.addEmail")}</a>
        </li>
        {email.email || email.pending ? (
          <li>
            <a href={REMOVE_EMAIL_PATH}>{t.text("account.removeEmail")}</a>
          </li>
        ) : null}
      </ul>

      <h2>{t.text("account.codesHeading")}</h2>
      <p>{t.text("account.codesLead", { count: view.codesLeft })}</p>
      <p>
        <a href={CODES_PATH}>{t.text("account.newCodesTitle")}</a>
        {t.text("account.newCodesAfter")}
      </p>

      <h2>{t.text("security.twoStepHeading")}</h2>
      <p>
        <a href={SECURITY_SETTINGS_PATH}>{t.text("account.twoStepLink")}</a>
        {t.text("account.twoStepAfter")} {t.text("account.twoStepState", { on: ctx.viewer.secondFactor === "active" ? "yes" : "no" })}
      </p>

      <h2>{t.text("sessions.whereHeading")}</h2>
      <p>{t.text("sessions.signedInOn", { count: view.otherSessions })}</p>
      <form method="post" action={`${SECURITY_SETTINGS_PATH}/sign-out-others`} class="form">
        <CsrfField token={ctx.csrfToken} />
        <button type="submit">{t.text("sessions.signOutOthers")}</button>
      </form>

      <h2>{t.text("account.moreSettings")}</h2>
      <ul>
        <li>
          <a href="/settings/personas">{t.text("welcome.howYouAppearLink")}</a>
          {t.text("account.howYouAppearAfter")}
        </li>
        <li>
          <a href="/settings/expertise">{t.text("expertise.heading")}</a>
        </li>
        <li>
          <a href="/notifications">{t.text("layout.navNotifications")}</a>
        </li>
        <li>
          <a href="/following">{t.text("following.title")}</a>
        </li>
        <li>
          <a href="/bookmarks">{t.text("bookmarks.title")}</a>
        </li>
        <li>
          <a href="/settings/forks">{t.text("forks.settingsTitle")}</a>
        </li>
        <li>
          <a href="/claim">{t.text("claim.title")}</a>
        </li>
        <li>
          <a href="/me/learning-log">{t.text("learningLog.pageTitle")}</a>
        </li>
        {ctx.viewer.isAdmin || ctx.viewer.isVerifier ? (
          <li>
            <a href="/admin/verifications">{t.text("layout.navVerifications")}</a>
          </li>
        ) : null}
        {ctx.viewer.isAdmin ? (
          <li>
            <a href="/admin/break-glass">{t.text("layout.navBreakGlass")}</a>
          </li>
        ) : null}
      </ul>

      <form method="post" action="/signout" class="form">
        <CsrfField token={ctx.csrfToken} />
        <button type="submit" class="secondary">
          {t.text("layout.signOut")}
        </button>
      </form>
    </Layout>
  );
}

function EmailPage({ ctx, values, problem, current }: { ctx: PageContext; values: { email: string }; problem?: FormProblem | null; current: EmailStatus }) {
  const { t } = ctx;
  const named = labels(t);
  const errors = problem?.fields ?? {};
  const title = t.text(current.email ? "account.changeEmail" : "account.addEmail");
  return (
    <Layout ctx={ctx} title={formTitle(title, problem)}>
      <h1>{title}</h1>
      <FormErrorSummary problem={problem} labels={named} />
      <p class="lead">{t.text("account.emailLead", { current: current.email ? "yes" : "no" })}</p>
      <form method="post" action={EMAIL_PATH} class="form" noValidate>
        <CsrfField token={ctx.csrfToken} />
        <Field name="email" label={named.email} type="email" hint={t.text("account.emailHint")} value={values.email} error={errors.email} autocomplete="email" maxLength={LIMITS.email} />
        <Field name="password" label={named.password} type="password" hint={t.text("account.passwordHint")} error={errors.password} autocomplete="current-password" maxLength={LIMITS.password} />
        <button type="submit">{t.text("account.sendLink")}</button>
      </form>
      <p>
        <a href={ACCOUNT_PATH}>{t.text("security.goBack")}</a>
      </p>
    </Layout>
  );
}

function RemoveEmailPage({ ctx, problem, current }: { ctx: PageContext; problem?: FormProblem | null; current: EmailStatus }) {
  const { t } = ctx;
  const named = labels(t);
  const errors = problem?.fields ?? {};
  return (
    <Layout ctx={ctx} title={formTitle(t.text("account.removeEmail"), problem)}>
      <h1>{t.text("account.removeEmail")}</h1>
      <FormErrorSummary problem={problem} labels={named} />
      <p class="lead">{t.text("account.removeLead", { address: current.email ?? current.pending ?? t.text("account.yourAddress") })}</p>
      <form method="post" action={REMOVE_EMAIL_PATH} class="form" noValidate>
        <CsrfField token={ctx.csrfToken} />
        <Field name="password" label={named.password} type="password" error={errors.password} autocomplete="current-password" maxLength={LIMITS.password} />
        <button type="submit" class="danger">
          {t.text("account.removeSubmit")}
        </button>
      </form>
      <p>
        <a href={ACCOUNT_PATH}>{t.text("security.goBack")}</a>
      </p>
    </Layout>
  );
}

function NewCodesPage({ ctx, problem }: { ctx: PageContext; problem?: FormProblem | null }) {
  const { t } = ctx;
  const named = labels(t);
  const errors = problem?.fields ?? {};
  return (
    <Layout ctx={ctx} title={formTitle(t.text("account.newCodesTitle"), problem)}>
      <h1>{t.text("account.newCodesTitle")}</h1>
      <FormErrorSummary problem={problem} labels={named} />
      <p class="lead">{t.text("account.newCodesLead")}</p>
      <form method="post" action={CODES_PATH} class="form" noValidate>
        <CsrfField token={ctx.csrfToken} />
        <Field name="password" label={named.password} type="password" error={errors.password} autocomplete="current-password" maxLength={LIMITS.password} />
        <button type="submit">{t.text("account.newCodesSubmit")}</button>
      </form>
      <p>
        <a href={ACCOUNT_PATH}>{t.text("security.goBack")}</a>
      </p>
    </Layout>
  );
}

function CodesShownPage({ ctx, codes }: { ctx: PageContext; codes: string[] }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t.text("account.codesShownTitle")}>
      <h1>{t.text("account.codesShownTitle")}</h1>
      <Notice>{t.text("account.oldCodesGone")}</Notice>
      <RecoveryCodesList codes={codes} />
      <p>
        <a class="button" href={ACCOUNT_PATH}>
          {t.text("security.keptSafe")}
        </a>
      </p>
    </Layout>
  );
}

function VerifyEmailPage({ ctx, token, problem, verified }: { ctx: PageContext; token: string; problem?: FormProblem | null; verified?: string }) {
  const { t } = ctx;
  if (verified) {
    return (
      <Layout ctx={ctx} title={t.text("account.confirmedTitle")}>
        <h1>{t.text("account.confirmedTitle")}</h1>
        <Notice>{t.text("account.confirmedNotice", { email: verified })}</Notice>
        <p>
          <a href={isSignedIn(ctx.viewer) ? ACCOUNT_PATH : "/signin"}>{t.text(isSignedIn(ctx.viewer) ? "account.goToAccount" : "layout.navSignIn")}</a>
        </p>
      </Layout>
    );
  }
  return (
    <Layout ctx={ctx} title={formTitle(t.text("account.confirmTitle"), problem)}>
      <h1>{t.text("account.confirmTitle")}</h1>
      <FormErrorSummary problem={problem} labels={{ token: t.text("account.linkLabel") }} />
      {problem ? (
        <p>
          {isSignedIn(ctx.viewer) ? (
            <>
              {t.text("account.askNewLinkOn")} <a href={EMAIL_PATH}>{t.text("account.emailPageLink")}</a>
              {t.text("account.askNewLinkOnAfter")}
            </>
          ) : (
            <>
              <a href={`/signin?next=${encodeURIComponent(EMAIL_PATH)}`}>{t.text("layout.navSignIn")}</a> {t.text("account.toAskNewLink")}
            </>
          )}
        </p>
      ) : (
        <>
          <p class="lead">{t.text("account.confirmLead")}</p>
          <form method="post" action={VERIFY_EMAIL_PATH} class="form">
            <CsrfField token={ctx.csrfToken} />
            <input type="hidden" name="token" value={token} />
            <button type="submit">{t.text("account.confirmSubmit")}</button>
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
      done: Object.hasOwn(DONE, done) ? (done as keyof typeof DONE) : null,
      mailDelivered: config.smtpUrl !== null,
    };
    return sendPage(reply, <AccountPage ctx={await pageContext(request, services)} view={view} />);
  });

  const showEmail = async (request: FastifyRequest, reply: FastifyReply, email: string, problem?: FormProblem | null, status = 200) =>
    sendPage(reply, <EmailPage ctx={await pageContext(request, services)} values={{ email }} problem={problem ?? null} current={await recovery.emailStatus(request.viewer)} />, status);

  app.get(EMAIL_PATH, hide, async (request, reply) => (sentToSignIn(request, reply) ? reply : showEmail(request, reply, "")));

  app.post(EMAIL_PATH, hide, async (request, reply) => {
    if (sentToSignIn(request, reply)) return reply;
    const form = readSchemaForm(request.body, EmailChangeBody, emailForm(request.i18n));
    const problem = schemaProblem(form);
    if (problem || !form.input) return showEmail(request, reply, form.values.email, problem, 400);
    const input = form.input;
    const result = await attempt(() => recovery.requestEmailChange(request.viewer, input));
    if (!result.ok) {
      retryAfter(reply, result.error);
      return showEmail(request, reply, form.values.email, problemFrom(result.error, undefined, request.i18n), result.error.status);
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
    const form = readSchemaForm(request.body, PasswordCheckBody, passwordForm(request.i18n));
    const problem = schemaProblem(form);
    if (problem || !form.input) return showRemove(request, reply, problem, 400);
    const input = form.input;
    const result = await attempt(() => recovery.removeEmail(request.viewer, input));
    if (!result.ok) {
      retryAfter(reply, result.error);
      return showRemove(request, reply, problemFrom(result.error, undefined, request.i18n), result.error.status);
    }
    return redirectAfterPost(reply, `${ACCOUNT_PATH}?done=email-removed`);
  });

  const showCodes = async (request: FastifyRequest, reply: FastifyReply, problem?: FormProblem | null, status = 200) =>
    sendPage(reply, <NewCodesPage ctx={await pageContext(request, services)} problem={problem ?? null} />, status);

  app.get(CODES_PATH, hide, async (request, reply) => (sentToSignIn(request, reply) ? reply : showCodes(request, reply)));

  // The codes are shown in the answer to this post, not after a redirect: they exist only now.
  app.post(CODES_PATH, hide, async (request, reply) => {
    if (sentToSignIn(request, reply)) return reply;
    const form = readSchemaForm(request.body, PasswordCheckBody, passwordForm(request.i18n));
    const problem = schemaProblem(form);
    if (problem || !form.input) return showCodes(request, reply, problem, 400);
    const input = form.input;
    const result = await attempt(() => recovery.newRecoveryCodes(request.viewer, input));
    if (!result.ok) {
      retryAfter(reply, result.error);
      return showCodes(request, reply, problemFrom(result.error, undefined, request.i18n), result.error.status);
    }
    return sendPage(reply, <CodesShownPage ctx={await pageContext(request, services)} codes={result.value.recoveryCodes} />);
  });

  // The link opens a page with a button: a mail scanner that fetches links does not confirm anything.
  app.get(VERIFY_EMAIL_PATH, hide, async (request, reply) => {
    const token = queryValue(request, "token").slice(0, LIMITS.linkToken);
    return sendPage(reply, <VerifyEmailPage ctx={await pageContext(request, services)} token={token} />);
  });

  app.post(VERIFY_EMAIL_PATH, hide, async (request, reply) => {
    const form = readSchemaForm(request.body, EmailVerifyBody, verifyForm(request.i18n));
    // A token the schema refuses (none, or far too long) was never a link of ours.
    if (!form.input) return sendPage(reply, <VerifyEmailPage ctx={await pageContext(request, services)} token="" problem={{ message: request.i18n.say(LINK_EXPIRED) }} />, 400);
    const { token } = form.input;
    const result = await attempt(() => recovery.verifyEmail(token, clientKey(request)));
    const ctx = await pageContext(request, services);
    if (!result.ok) {
      retryAfter(reply, result.error);
      return sendPage(reply, <VerifyEmailPage ctx={ctx} token="" problem={{ message: result.error.in(request.i18n) }} />, result.error.status);
    }
    return sendPage(reply, <VerifyEmailPage ctx={ctx} token="" verified={result.value.email} />);
  });
}
