/** Pages for signing up, in and out. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { RouteContext } from "../http/context.ts";
import { clearSessionCookie, clientKey, setSessionCookie } from "../http/session.ts";
import { RateLimitedError } from "../shared/rate-limits.ts";
import { isSignedIn } from "../shared/viewer.ts";
import { CsrfField, Field } from "../web/components.tsx";
import { attempt, fieldProblem, problemFrom, readForm, sentence, ticked, type FormProblem } from "../web/form-body.ts";
import { Checkbox, FormErrorSummary, formTitle } from "../web/form-controls.tsx";
import { Layout, type PageContext } from "../web/layout.tsx";
import { pageContext, redirectAfterPost, sendPage } from "../web/page-context.ts";
import { afterSignIn, formField, seeOther } from "../web/redirect-target.ts";
import type { AppError } from "../shared/errors.ts";
import type { Services } from "../composition.ts";
import { MIN_PASSWORD_LENGTH, type Session } from "./accounts.service.ts";
import { suggestDisplayName } from "./display-names.ts";
import { askForSecondFactor } from "../security/sign-in-code.pages.tsx";
import { LIMITS } from "../shared/limits.ts";
import type { JoinOnSignUp } from "../communities/communities.service.ts";

/** `join`: the community this sign-up also joins, in one step (from its page). */
type SignUpValues = { username: string; displayName: string; email: string; carer: boolean; next: string; join?: JoinOnSignUp | null };
type SignInValues = { username: string; next: string };

const SIGN_UP_LABELS = { username: "Username", displayName: "Your name here", password: "Password", email: "Email (optional)", carer: "I look after someone (a carer)" };
const SIGN_IN_LABELS = { username: "Username", password: "Password" };

/** Passwords are never sent back into a page; when a form returns, the person types theirs again. */
const RETYPE = "For your safety, we do not keep the password when a form comes back. Please type it again.";

function SignUpPage({ ctx, values, problem }: { ctx: PageContext; values: SignUpValues; problem?: FormProblem | null }) {
  const errors = problem?.fields ?? {};
  const join = values.join ?? null;
  const heading = join ? `Join Hearth and ${join.name}` : "Join Hearth";
  return (
    <Layout ctx={ctx} title={formTitle(heading, problem)} description="Make an account on Hearth. All you need is a username and a password.">
      <h1>{heading}</h1>
      <FormErrorSummary problem={problem} labels={SIGN_UP_LABELS} />
      <p class="lead">All you need is a username, a name for others to see, and a password. Nobody here needs your real name.</p>
      <form method="post" action="/signup" class="form" noValidate>
        <CsrfField token={ctx.csrfToken} />
        <input type="hidden" name="next" value={values.next} />
        {join ? <input type="hidden" name="join" value={join.slug} /> : null}
        <Field
          name="username"
          label="Username"
          hint="You sign in with it; nobody else ever sees it. Use 3 to 30 letters, numbers or underscores."
          value={values.username}
          error={errors.username}
          autocomplete="username"
          maxLength={LIMITS.username}
        />
        <Field
          name="displayName"
          label="Your name here"
          hint="Others see this name on everything you write, never your username. We made one up for you: keep it, or choose your own. You can change it later."
          value={values.displayName}
          error={errors.displayName}
          autocomplete="off"
          maxLength={LIMITS.displayName}
        />
        <Field
          name="password"
          label="Password"
          type="password"
          hint={`At least ${MIN_PASSWORD_LENGTH} characters. A few ordinary words together work well.${problem ? ` ${RETYPE}` : ""}`}
          error={errors.password}
          autocomplete="new-password"
          maxLength={LIMITS.password}
        />
        <Field
          name="email"
          label="Email (optional)"
          type="email"
          hint="Only for messages about your account, such as someone asking to join a community you run. Nobody else sees it."
          value={values.email}
          error={errors.email}
          autocomplete="email"
          maxLength={LIMITS.email}
        />
        <Checkbox
          name="carer"
          label="I look after someone (a carer)"
          hint="Tick this if you care for a family member or friend. Your posts will say you look after someone, and you can read spaces kept for carers."
          checked={values.carer}
          error={errors.carer}
        />
        {join?.joinPolicy === "approval" ? (
          <p class="hint">{join.name} approves each new member: this sends your request to join, and an owner or moderator looks at it.</p>
        ) : null}
        <button type="submit">{join ? `${join.joinPolicy === "approval" ? "Create my account and ask to join" : "Create my account and join"} ${join.name}` : "Create my account"}</button>
      </form>
      <p>
        Already have an account? <a href={`/signin${nextQuery(values.next)}`}>Sign in</a>
      </p>
    </Layout>
  );
}

function SignInPage({ ctx, values, problem, oidcName }: { ctx: PageContext; values: SignInValues; problem?: FormProblem | null; oidcName?: string | null }) {
  const errors = problem?.fields ?? {};
  return (
    <Layout ctx={ctx} title={formTitle("Sign in", problem)}>
      <h1>Sign in</h1>
      <FormErrorSummary problem={problem} labels={SIGN_IN_LABELS} />
      <form method="post" action="/signin" class="form" noValidate>
        <CsrfField token={ctx.csrfToken} />
        <input type="hidden" name="next" value={values.next} />
        <Field name="username" label="Username" value={values.username} error={errors.username} autocomplete="username" maxLength={LIMITS.username} />
        <Field
          name="password"
          label="Password"
          type="password"
          error={errors.password}
          autocomplete="current-password"
          maxLength={LIMITS.password}
          {...(problem ? { hint: RETYPE } : {})}
        />
        <button type="submit">Sign in</button>
      </form>
      {oidcName ? (
        // A link, not a form: the provider is another site, and forms here may only post to Hearth (CSP form-action).
        <p>
          <a class="button secondary" href="/auth/oidc/start?intent=signin">
            Sign in with {oidcName}
          </a>
        </p>
      ) : null}
      <p>
        New here? <a href={`/signup${nextQuery(values.next)}`}>Join Hearth</a>. It takes a minute.
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
    const form = readForm(request.body, { username: LIMITS.username, displayName: LIMITS.displayName, password: LIMITS.password, email: LIMITS.email, carer: 10 });
    const join = await joinFrom(request.body);
    const values: SignUpValues = { username: form.values.username, displayName: form.values.displayName, email: form.values.email, carer: ticked(form.values.carer), next, join };
    const show = async (problem: FormProblem, status: number) =>
      sendPage(reply, <SignUpPage ctx={await pageContext(request, services)} values={values} problem={problem} />, status);

    if (!form.values.username.trim()) form.fields.username ??= "Choose a username.";
    if (!form.values.displayName.trim()) form.fields.displayName ??= "Choose the name others will see. The one we suggested is fine.";
    if (!form.values.password) form.fields.password ??= "Choose a password.";
    const problem = fieldProblem(form.fields);
    if (problem) return show(problem, 400);

    const result = await attempt(async () => {
      const account = await services.accounts.signUp(
        { username: values.username, displayName: values.displayName, password: form.values.password, email: values.email || null, carer: values.carer },
        clientKey(request),
      );
      return services.accounts.openSession(account.id);
    });
    if (!result.ok) {
      rateLimitHeader(reply, result.error);
      return show(problemFrom(result.error), result.error.status);
    }
    await startSession(request, reply, services, result.value, config.publicUrl);
    if (join) {
      // The one step's second half: join (or ask to), then the community's welcome page says what happens next.
      await services.communities.join(await services.accounts.viewerForAccount(result.value.accountId), join.slug);
      return redirectAfterPost(reply, `/c/${encodeURIComponent(join.slug)}/welcome`);
    }
    return redirectAfterPost(reply, values.next);
  });

  app.get("/signin", hide, async (request, reply) => {
    const next = queryNext(request, config.publicUrl);
    if (isSignedIn(request.viewer)) return seeOther(reply, next);
    return sendPage(reply, <SignInPage ctx={await pageContext(request, services)} values={{ username: "", next }} oidcName={services.externalIdentity.providerName} />);
  });

  app.post("/signin", hide, async (request, reply) => {
    // The target is checked first: a bad one is a 400 before any session is opened.
    const next = afterSignIn(formField(request.body, "next"), config.publicUrl);
    const form = readForm(request.body, { username: LIMITS.username, password: LIMITS.password });
    const values: SignInValues = { username: form.values.username, next };
    const show = async (problem: FormProblem, status: number) =>
      sendPage(reply, <SignInPage ctx={await pageContext(request, services)} values={values} problem={problem} oidcName={services.externalIdentity.providerName} />, status);

    if (!form.values.username.trim()) form.fields.username ??= "Enter your username.";
    if (!form.values.password) form.fields.password ??= "Enter your password.";
    const problem = fieldProblem(form.fields);
    if (problem) return show(problem, 400);

    const result = await attempt(() => services.accounts.startSignIn(values.username, form.values.password, clientKey(request)));
    if (!result.ok) {
      rateLimitHeader(reply, result.error);
      return show({ message: sentence(result.error.message) }, result.error.status);
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
