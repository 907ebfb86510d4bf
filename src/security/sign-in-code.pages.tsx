/**
 * The second step of signing in, for accounts with two-step sign-in: after a right
 * password the sign-in page sends the browser here with only a random handle (an
 * HttpOnly cookie) of a pending sign-in the server keeps for ten minutes. No session
 * is opened until a code from the app, or a recovery code, is right.
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { RouteContext } from "../http/context.ts";
import { clientKey, setSessionCookie } from "../http/session.ts";
import { RateLimitedError } from "../shared/rate-limits.ts";
import { isSignedIn } from "../shared/viewer.ts";
import { CsrfField, Field } from "../web/components.tsx";
import { attempt, CHECK_ANSWERS, sentence, type FormProblem } from "../web/form-body.ts";
import { readSchemaForm, type FormSpec } from "../web/schema-form.ts";
import { LIMITS } from "../shared/limits.ts";
import type { Translator } from "../shared/i18n/translator.ts";
import { SignInCodeBody } from "./security.schemas.ts";
import { FormErrorSummary, formTitle } from "../web/form-controls.tsx";
import { Layout, type PageContext } from "../web/layout.tsx";
import { pageContext, redirectAfterPost, sendPage } from "../web/page-context.ts";
import { afterSignIn, formField, seeOther } from "../web/redirect-target.ts";
import { CODE_PATH, nextQuery, PENDING_SIGN_IN_COOKIE } from "../web/pending-sign-in.ts";

const labels = (t: Translator) => ({ code: t.text("security.codeLabel"), recoveryCode: t.text("security.recoveryCodeLabel") });

type Method = "app" | "recovery";

/** The one field each way of signing in asks for, on SignInCodeBody. */
const codeForms = (t: Translator) =>
  ({
    app: { code: { label: t.text("security.codeLabel"), required: t.text("signInCode.codeRequired") } },
    recovery: { recoveryCode: { label: t.text("security.recoveryCodeLabel"), required: t.text("signInCode.recoveryRequired") } },
  }) satisfies Record<Method, FormSpec>;

const withNext = (path: string, next: string) => `${path}${nextQuery(next)}`;


function SignInCodePage({ ctx, method, next, problem }: { ctx: PageContext; method: Method; next: string; problem?: FormProblem | null }) {
  const { t } = ctx;
  const named = labels(t);
  const errors = problem?.fields ?? {};
  const other = `${CODE_PATH}?${new URLSearchParams({ ...(method === "app" ? { method: "recovery" } : {}), ...(next !== "/" ? { next } : {}) })}`.replace(/\?$/, "");
  return (
    <Layout ctx={ctx} title={formTitle(t.text("signInCode.title"), problem)}>
      <h1>{t.text("signInCode.title")}</h1>
      <FormErrorSummary problem={problem} labels={named} />
      <p class="lead">{t.text(method === "app" ? "signInCode.leadApp" : "signInCode.leadRecovery")}</p>
      <form method="post" action={CODE_PATH} class="form" noValidate>
        <CsrfField token={ctx.csrfToken} />
        <input type="hidden" name="next" value={next} />
        <input type="hidden" name="method" value={method} />
        {method === "app" ? (
          <Field
            name="code"
            label={named.code}
            hint={t.text("signInCode.codeHint")}
            error={errors.code}
            autocomplete="one-time-code"
            maxLength={LIMITS.authenticatorCode}
          />
        ) : (
          <Field name="recoveryCode" label={named.recoveryCode} hint={t.text("signInCode.recoveryHint")} error={errors.recoveryCode} autocomplete="off" maxLength={LIMITS.recoveryCode} />
        )}
        <button type="submit">{t.text("layout.navSignIn")}</button>
      </form>
      <p>
        {method === "app" ? (
          <>
            {t.text("signInCode.lostPhone")} <a href={other}>{t.text("signInCode.useRecovery")}</a>
            {t.text("signInCode.useRecoveryAfter")}
          </>
        ) : (
          <a href={other}>{t.text("signInCode.useApp")}</a>
        )}
      </p>
      <p>
        {t.text("signInCode.notYou")} <a href={withNext("/signin", next)}>{t.text("signInCode.goBack")}</a>
        {t.text("signInCode.goBackAfter")}
      </p>
    </Layout>
  );
}

function StartAgainPage({ ctx, next, message }: { ctx: PageContext; next: string; message: string }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t.text("signInCode.againTitle")}>
      <h1>{t.text("signInCode.againTitle")}</h1>
      <p role="alert">{message}</p>
      <p>
        <a class="button" href={withNext("/signin", next)}>
          {t.text("layout.navSignIn")}
        </a>
      </p>
    </Layout>
  );
}

const methodOf = (request: FastifyRequest): Method => ((request.query as Record<string, unknown> | undefined)?.method === "recovery" ? "recovery" : "app");

export async function signInCodePages(app: FastifyInstance, { services, config }: RouteContext) {
  const hide = { schema: { hide: true } };

  app.get(CODE_PATH, hide, async (request, reply) => {
    const next = afterSignIn(formField(request.query, "next"), config.publicUrl);
    if (isSignedIn(request.viewer)) return seeOther(reply, next);
    if (!(await services.secondFactor.hasPendingSignIn(request.cookies[PENDING_SIGN_IN_COOKIE]))) return seeOther(reply, withNext("/signin", next));
    return sendPage(reply, <SignInCodePage ctx={await pageContext(request, services)} method={methodOf(request)} next={next} />);
  });

  app.post(CODE_PATH, hide, async (request, reply) => {
    // The target is checked first: a bad one is a 400 before the code is tried or a session opened.
    const next = afterSignIn(formField(request.body, "next"), config.publicUrl);
    // Which field the page showed: a hidden choice of form, not an answer ("recovery", or the app's code otherwise).
    const method: Method = formField(request.body, "method") === "recovery" ? "recovery" : "app";
    const form = readSchemaForm(request.body, SignInCodeBody, codeForms(request.i18n)[method] as FormSpec);
    const show = async (problem: FormProblem, status: number) =>
      sendPage(reply, <SignInCodePage ctx={await pageContext(request, services)} method={method} next={next} problem={problem} />, status);

    const field = method === "app" ? "code" : "recoveryCode";
    if (!form.input) {
      const problem = form.fields[field] ?? CHECK_ANSWERS;
      return show({ message: problem, fields: form.fields }, 400);
    }
    const proof = method === "app" ? { code: form.input.code } : { recoveryCode: form.input.recoveryCode };
    const result = await attempt(() => services.accounts.finishSignIn(request.cookies[PENDING_SIGN_IN_COOKIE], proof, clientKey(request)));
    if (!result.ok) {
      if (result.error instanceof RateLimitedError) reply.header("Retry-After", String(result.error.retryAfterSeconds));
      if (result.error.code === "sign_in_expired") {
        reply.clearCookie(PENDING_SIGN_IN_COOKIE, { path: "/signin" });
        return sendPage(reply, <StartAgainPage ctx={await pageContext(request, services)} next={next} message={result.error.in(request.i18n)} />, 401);
      }
      const message = sentence(result.error.in(request.i18n));
      const problem = result.error.code === "wrong_second_factor" ? { message, fields: { [field]: sentence(result.error.fieldsIn(request.i18n)?.code ?? message) } } : { message };
      return show(problem, result.error.status);
    }
    reply.clearCookie(PENDING_SIGN_IN_COOKIE, { path: "/signin" });
    // One browser holds one session, as on the sign-in page.
    if (request.authBy === "cookie" && request.sessionToken) await services.accounts.signOut(request.sessionToken);
    setSessionCookie(reply, result.value, config.publicUrl);
    return redirectAfterPost(reply, next);
  });
}
