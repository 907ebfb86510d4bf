/** Pages for signing up, in and out. */
import { createHash } from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { RouteContext } from "../http/context.ts";
import { csrfTokenFor } from "../http/csrf.ts";
import { clearSessionCookie, clientKey, setSessionCookie } from "../http/session.ts";
import { RateLimitedError } from "../shared/rate-limits.ts";
import { isSignedIn } from "../shared/viewer.ts";
import { CsrfField, Field, Notice } from "../web/components.tsx";
import { RecoveryCodesList } from "./recovery.components.tsx";
import { attempt, CHECK_ANSWERS, sentence, ticked, type FormProblem } from "../web/form-body.ts";
import { labelsOf, readSchemaForm, schemaProblem, serviceProblem, type FormSpec } from "../web/schema-form.ts";
import { SignInBody, SignUpBody } from "./accounts.schemas.ts";
import { Checkbox, FormErrorSummary, formTitle } from "../web/form-controls.tsx";
import { Layout, type PageContext } from "../web/layout.tsx";
import { pageContext, redirectAfterPost, sendPage } from "../web/page-context.ts";
import { afterSignIn, formField, seeOther } from "../web/redirect-target.ts";
import type { AppError } from "../shared/errors.ts";
import type { Services } from "../composition.ts";
import type { Session } from "./accounts.service.ts";
import { MIN_PASSWORD_LENGTH } from "../shared/limits.ts";
import { suggestDisplayName } from "./display-names.ts";
import { askForSecondFactor } from "../web/pending-sign-in.ts";
import { LIMITS } from "../shared/limits.ts";
import type { JoinOnSignUp } from "../communities/communities.service.ts";
import type { Translator } from "../shared/i18n/translator.ts";

/** `join`: the community this sign-up also joins, in one step (from its page). */
type SignUpValues = { username: string; displayName: string; email: string; carer: boolean; next: string; join?: JoinOnSignUp | null };
type SignInValues = { username: string; next: string };

/** The sign-up form, field by field in the page's order, on the API's SignUpBody (ADR 28), in the reader's language. */
const signUpForm = (t: Translator) =>
  ({
    username: { label: t.text("accounts.username"), required: t.text("signup.usernameRequired") },
    // The form always offers a made-up name, so an empty one was cleared on purpose: ask for one.
    displayName: { label: t.text("signup.displayName"), required: t.text("signup.displayNameRequired") },
    password: { label: t.text("accounts.password"), required: t.text("signup.passwordRequired") },
    email: { label: t.text("signup.email") },
    carer: { label: t.text("signup.carer"), as: "checkbox" },
  }) satisfies FormSpec;
/** The sign-in form on the API's SignInBody. */
const signInForm = (t: Translator) =>
  ({
    username: { label: t.text("accounts.username"), required: t.text("signin.usernameRequired") },
    password: { label: t.text("accounts.password"), required: t.text("signin.passwordRequired") },
  }) satisfies FormSpec;

function SignUpPage({ ctx, values, problem }: { ctx: PageContext; values: SignUpValues; problem?: FormProblem | null }) {
  const { t } = ctx;
  const errors = problem?.fields ?? {};
  const join = values.join ?? null;
  const heading = join ? t.text("signup.headingJoin", { community: join.name }) : t.text("layout.navJoin");
  return (
    <Layout ctx={ctx} title={formTitle(heading, problem)} description={t.text("signup.description")}>
      <FormErrorSummary problem={problem} labels={labelsOf(signUpForm(t))} />
      <h1>{heading}</h1>
      <p class="lead">{t.text("signup.lead")}</p>
      <form method="post" action="/signup" class="form" noValidate>
        <CsrfField token={ctx.csrfToken} />
        <input type="hidden" name="next" value={values.next} />
        {join ? <input type="hidden" name="join" value={join.slug} /> : null}
        <Field
          name="username"
          label={t.text("accounts.username")}
          hint={t.text("signup.usernameHint")}
          value={values.username}
          error={errors.username}
          autocomplete="username"
          maxLength={LIMITS.username}
        />
        <Field
          name="displayName"
          label={t.text("signup.displayName")}
          hint={t.text("signup.displayNameHint")}
          value={values.displayName}
          error={errors.displayName}
          autocomplete="off"
          maxLength={LIMITS.displayName}
        />
        <Field
          name="password"
          label={t.text("accounts.password")}
          type="password"
          hint={`${t.text("signup.passwordHint", { min: MIN_PASSWORD_LENGTH })}${problem ? ` ${t.text("accounts.retype")}` : ""}`}
          error={errors.password}
          autocomplete="new-password"
          maxLength={LIMITS.password}
        />
        <Field
          name="email"
          label={t.text("signup.email")}
          type="email"
          hint={t.text("signup.emailHint")}
          value={values.email}
          error={errors.email}
          autocomplete="email"
          maxLength={LIMITS.email}
        />
        <Checkbox
          name="carer"
          label={t.text("signup.carer")}
          hint={t.text("signup.carerHint")}
          checked={values.carer}
          error={errors.carer}
        />
        {join?.joinPolicy === "approval" ? (
          <p class="hint">{t.text("signup.approvalHint", { community: join.name })}</p>
        ) : null}
        <button type="submit">
          {join
            ? t.text(join.joinPolicy === "approval" ? "signup.createAndAsk" : "signup.createAndJoin", { community: join.name })
            : t.text("signup.create")}
        </button>
      </form>
      <p>
        {t.text("signup.haveAccount")} <a href={`/signin${nextQuery(values.next)}`}>{t.text("layout.navSignIn")}</a>
      </p>
    </Layout>
  );
}

/** The page after "Create my account": the password recovery codes, shown this once. */
function WelcomeCodesPage({ ctx, codes, next, email }: { ctx: PageContext; codes: string[]; next: string; email: string | null }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t.text("welcome.title")}>
      <h1>{t.text("welcome.heading")}</h1>
      <h2>{t.text("welcome.codes")}</h2>
      <RecoveryCodesList codes={codes} />
      {email ? (
        <p>
          {t.text("welcome.emailBefore")} <strong>{email}</strong> {t.text("welcome.emailAfter")}
        </p>
      ) : null}
      <p>{t.text("welcome.newCodes")}</p>
      <p>
        <a class="button" href={next}>
          {t.text("welcome.continue")}
        </a>
      </p>
    </Layout>
  );
}

function SignInPage({ ctx, values, problem, oidcName, reset }: { ctx: PageContext; values: SignInValues; problem?: FormProblem | null; oidcName?: string | null; reset?: boolean }) {
  const { t } = ctx;
  const errors = problem?.fields ?? {};
  return (
    <Layout ctx={ctx} title={formTitle(t.text("layout.navSignIn"), problem)}>
      <FormErrorSummary problem={problem} labels={labelsOf(signInForm(t))} />
      <h1>{t.text("layout.navSignIn")}</h1>
      {reset && !problem ? <Notice>{t.text("signin.afterReset")}</Notice> : null}
      <form method="post" action="/signin" class="form" noValidate>
        <CsrfField token={ctx.csrfToken} />
        <input type="hidden" name="next" value={values.next} />
        <Field name="username" label={t.text("accounts.username")} value={values.username} error={errors.username} autocomplete="username" maxLength={LIMITS.username} />
        <Field
          name="password"
          label={t.text("accounts.password")}
          type="password"
          error={errors.password}
          autocomplete="current-password"
          maxLength={LIMITS.password}
          {...(problem ? { hint: t.text("accounts.retype") } : {})}
        />
        <button type="submit">{t.text("layout.navSignIn")}</button>
      </form>
      <p>
        <a href="/forgot-password">{t.text("signin.forgot")}</a>
      </p>
      {oidcName ? (
        // A link, not a form: the provider is another site, and forms here may only post to Hearth (CSP form-action).
        <p>
          <a class="button secondary" href="/auth/oidc/start?intent=signin">
            {t.text("signin.withProvider", { provider: oidcName })}
          </a>
        </p>
      ) : null}
      <p>
        {t.text("signin.newHere")} <a href={`/signup${nextQuery(values.next)}`}>{t.text("layout.navJoin")}</a>
        {t.text("signin.takesAMinute")}
      </p>
    </Layout>
  );
}

const nextQuery = (next: string) => (next && next !== "/" ? `?next=${encodeURIComponent(next)}` : "");

/** Where to go after signing in, from the address; a bad one is a 400 (redirect-target.ts). */
const queryNext = (request: FastifyRequest, publicUrl: string) => afterSignIn(formField(request.query, "next"), publicUrl);

/** Signs the browser in, ending the session it had before (so one browser holds one session). */
async function startSession(request: FastifyRequest, reply: FastifyReply, services: Services, session: Session, publicUrl: string) {
  if (request.authBy === "cookie" && request.sessionToken) await services.accounts.signOut(request.sessionToken);
  setSessionCookie(reply, session, publicUrl);
}

function rateLimitHeader(reply: FastifyReply, error: AppError) {
  if (error instanceof RateLimitedError) reply.header("Retry-After", String(error.retryAfterSeconds));
}

export async function accountsPages(app: FastifyInstance, { services, config }: RouteContext) {
  const hide = { schema: { hide: true } };

  /** The community named by `join` (signing up from its page): a 404 for one a guest cannot see. */
  const joinFrom = async (source: unknown) => {
    const slug = formField(source, "join");
    return typeof slug === "string" && slug ? services.communities.joinOnSignUp(slug) : null;
  };

  app.get("/signup", hide, async (request, reply) => {
    const next = queryNext(request, config.publicUrl);
    if (isSignedIn(request.viewer)) return seeOther(reply, next);
    const join = await joinFrom(request.query);
    return sendPage(reply, <SignUpPage ctx={await pageContext(request, services)} values={{ username: "", displayName: suggestDisplayName(), email: "", carer: false, next, join }} />);
  });

  app.post("/signup", hide, async (request, reply) => {
    // The target is checked first: a bad one is a 400 before any account is made.
    const next = afterSignIn(formField(request.body, "next"), config.publicUrl);
    const form = readSchemaForm(request.body, SignUpBody, signUpForm(request.i18n));
    const join = await joinFrom(request.body);
    const values: SignUpValues = { username: form.values.username, displayName: form.values.displayName, email: form.values.email, carer: ticked(form.values.carer), next, join };
    const show = async (problem: FormProblem, status: number) =>
      sendPage(reply, <SignUpPage ctx={await pageContext(request, services)} values={values} problem={problem} />, status);

    const problem = schemaProblem(form);
    if (problem || !form.input) return show(problem ?? { message: CHECK_ANSWERS }, 400);
    const input = form.input;

    const result = await attempt(async () => {
      const account = await services.accounts.signUp(input, clientKey(request));
      return { session: await services.accounts.openSession(account.id), recoveryCodes: account.recoveryCodes };
    });
    if (!result.ok) {
      rateLimitHeader(reply, result.error);
      return show(serviceProblem(signUpForm(request.i18n), result.error, {}, request.i18n), result.error.status);
    }
    await startSession(request, reply, services, result.value.session, config.publicUrl);
    // The one step's second half: join (or ask to); the community's welcome page, after the codes, says what happens next.
    let after = values.next;
    if (join) {
      await services.communities.join(await services.accounts.viewerForAccount(result.value.session.accountId), join.slug);
      after = `/c/${encodeURIComponent(join.slug)}/welcome`;
    }
    // The codes are shown in the answer to this post, not after a redirect: they exist only now.
    const ctx = await pageContext(request, services);
    // The page is already the new session's: its viewer, and its form token (for the Sign out button).
    const binding = `session:${createHash("sha256").update(result.value.session.token).digest("base64url")}`;
    const signedInCtx = {
      ...ctx,
      viewer: await services.accounts.viewerForToken(result.value.session.token),
      csrfToken: csrfTokenFor(await services.serverSecret.keyFor("csrf"), binding),
      unreadNotifications: 0,
    };
    return sendPage(reply, <WelcomeCodesPage ctx={signedInCtx} codes={result.value.recoveryCodes} next={after} email={values.email.trim() || null} />, 201);
  });

  app.get("/signin", hide, async (request, reply) => {
    const next = queryNext(request, config.publicUrl);
    if (isSignedIn(request.viewer)) return seeOther(reply, next);
    const reset = (request.query as Record<string, unknown> | undefined)?.done === "reset";
    return sendPage(reply, <SignInPage ctx={await pageContext(request, services)} values={{ username: "", next }} oidcName={services.externalIdentity.providerName} reset={reset} />);
  });

  app.post("/signin", hide, async (request, reply) => {
    // The target is checked first: a bad one is a 400 before any session is opened.
    const next = afterSignIn(formField(request.body, "next"), config.publicUrl);
    const form = readSchemaForm(request.body, SignInBody, signInForm(request.i18n));
    const values: SignInValues = { username: form.values.username, next };
    const show = async (problem: FormProblem, status: number) =>
      sendPage(reply, <SignInPage ctx={await pageContext(request, services)} values={values} problem={problem} oidcName={services.externalIdentity.providerName} />, status);

    const problem = schemaProblem(form);
    if (problem) return show(problem, 400);

    const result = await attempt(() => services.accounts.startSignIn(values.username, form.values.password, clientKey(request)));
    if (!result.ok) {
      rateLimitHeader(reply, result.error);
      return show({ message: sentence(result.error.in(request.i18n)) }, result.error.status);
    }
    // Two-step sign-in: no session yet; the code page finishes it.
    if ("pendingSignIn" in result.value) return askForSecondFactor(reply, result.value.pendingSignIn, values.next, config.publicUrl);
    await startSession(request, reply, services, result.value.session, config.publicUrl);
    return redirectAfterPost(reply, values.next);
  });

  app.post("/signout", hide, async (request, reply) => {
    if (request.sessionToken) await services.accounts.signOut(request.sessionToken);
    clearSessionCookie(reply, config.publicUrl);
    return redirectAfterPost(reply, "/");
  });
}
