/**
 * /settings/security: two-step sign-in for the signed-in person. Turning it on is
 * three screens: the start button, the key to put into an authenticator app with a
 * code to prove it worked, and the recovery codes, shown once.
 */
import type { FastifyInstance, FastifyReply } from "fastify";
import type { RouteContext } from "../http/context.ts";
import { RateLimitedError } from "../shared/rate-limits.ts";
import type { AppError } from "../shared/errors.ts";
import type { Translator } from "../shared/i18n/translator.ts";
import { CsrfField, Field, Notice } from "../web/components.tsx";
import { attempt, CHECK_ANSWERS, sentence, type FormProblem } from "../web/form-body.ts";
import { readSchemaForm, type FormSpec } from "../web/schema-form.ts";
import { LIMITS } from "../shared/limits.ts";
import { SecondFactorConfirmBody, TwoStepCheckBody } from "./security.schemas.ts";
import { FormErrorSummary, formTitle } from "../web/form-controls.tsx";
import { Layout, type PageContext } from "../web/layout.tsx";
import { pageContext, redirectAfterPost, sendPage } from "../web/page-context.ts";
import type { Enrolment, SecondFactorStatus } from "./second-factor.service.ts";
import { SECURITY_SETTINGS_PATH } from "../shared/second-factor.ts";
import { groupsOfFour } from "./totp.ts";
import { endedFrom, endedSessionsWords, SessionsSection } from "./sessions.pages.tsx";
import { sentToSignIn } from "../web/redirect-target.ts";

const SETUP_PATH = `${SECURITY_SETTINGS_PATH}/two-step`;
const MOVE_PATH = `${SETUP_PATH}/move`;
const OFF_PATH = `${SETUP_PATH}/off`;
const labels = (t: Translator) => ({ password: t.text("accounts.password"), code: t.text("security.codeLabel"), recoveryCode: t.text("security.recoveryCodeLabel") });

/** Moving to a new phone and turning off: the password, and one field for either kind of code. */
const checkForm = (t: Translator) =>
  ({
    password: { label: t.text("accounts.password"), required: t.text("signin.passwordRequired") },
    code: { label: t.text("security.codeLabel"), required: t.text("security.enterEitherCode") },
  }) satisfies FormSpec;
/** Turning it on: the code the app shows, on the API's SecondFactorConfirmBody. */
const confirmForm = (t: Translator) => ({ code: { label: t.text("security.codeLabel"), required: t.text("security.enterSixDigits") } }) satisfies FormSpec;

const DONE = {
  off: "security.doneOff",
  password: "security.donePassword",
  "signed-out": "security.doneSignedOut",
} as const;

type Done = { kind: keyof typeof DONE; ended: number | null };

type SecurityPageProps = { ctx: PageContext; status: SecondFactorStatus; done: Done | null; otherSessions: number };

function SecurityPage({ ctx, status, done, otherSessions }: SecurityPageProps) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t.text("security.title")}>
      <h1>{t.text("security.title")}</h1>
      {done ? (
        <Notice>
          {t.text(DONE[done.kind])} {done.ended === null ? "" : endedSessionsWords(t, done.ended)}
        </Notice>
      ) : null}
      <h2>{t.text("security.twoStepHeading")}</h2>
      <p>{t.text("security.whatItIs")}</p>
      {status.enabled ? (
        <>
          <p>
            <strong>{t.text("security.isOn")}</strong> {t.text("security.codesLeft", { count: status.recoveryCodesLeft })}
          </p>
          {status.recoveryCodesLeft <= 3 ? <p>{t.text("security.runningOut")}</p> : null}
          <ul class="security-actions">
            <li>
              <a href={MOVE_PATH}>{t.text("security.moveLink")}</a>
            </li>
            {status.required ? null : (
              <li>
                <a href={OFF_PATH}>{t.text("security.offTitle")}</a>
              </li>
            )}
          </ul>
          {status.required ? <p>{t.text("security.requiredStaysOn")}</p> : null}
        </>
      ) : (
        <>
          <p>
            <strong>{t.text("security.isOff")}</strong>
          </p>
          {status.required ? <p class="notice">{t.text("security.requiredUntilOn")}</p> : null}
          <p>{t.text("security.needApp")}</p>
          <form method="post" action={SETUP_PATH} class="form">
            <CsrfField token={ctx.csrfToken} />
            <button type="submit">{t.text("security.setupTitle")}</button>
          </form>
        </>
      )}
      <SessionsSection ctx={ctx} otherSessions={otherSessions} />
    </Layout>
  );
}

type ReauthKind = "move" | "off";

const REAUTH = {
  move: { title: "security.moveTitle", lead: "security.moveLead", action: SETUP_PATH, button: "security.continue" },
  off: { title: "security.offTitle", lead: "security.offLead", action: OFF_PATH, button: "security.offTitle" },
} as const;

/** Password and a current code: what moving to a new phone and turning off both need. */
function ReauthPage({ ctx, kind, problem }: { ctx: PageContext; kind: ReauthKind; problem?: FormProblem | null }) {
  const { t } = ctx;
  const errors = problem?.fields ?? {};
  const text = REAUTH[kind];
  const title = t.text(text.title);
  const named = labels(t);
  return (
    <Layout ctx={ctx} title={formTitle(title, problem)}>
      <h1>{title}</h1>
      <FormErrorSummary problem={problem} labels={named} />
      <p class="lead">{t.text(text.lead)}</p>
      <form method="post" action={text.action} class="form" noValidate>
        <CsrfField token={ctx.csrfToken} />
        <Field name="password" label={named.password} type="password" error={errors.password} autocomplete="current-password" maxLength={LIMITS.password} />
        <Field
          name="code"
          label={named.code}
          hint={t.text("security.reauthCodeHint")}
          error={errors.code}
          autocomplete="one-time-code"
          maxLength={LIMITS.recoveryCode}
        />
        <button type="submit" class={kind === "off" ? "danger" : undefined}>
          {t.text(text.button)}
        </button>
      </form>
      <p>
        <a href={SECURITY_SETTINGS_PATH}>{t.text("security.goBack")}</a>
      </p>
    </Layout>
  );
}

function SetupPage({ ctx, enrolment, problem }: { ctx: PageContext; enrolment: Enrolment; problem?: FormProblem | null }) {
  const { t } = ctx;
  const errors = problem?.fields ?? {};
  const named = labels(t);
  return (
    <Layout ctx={ctx} title={formTitle(t.text("security.setupTitle"), problem)}>
      <h1>{t.text("security.setupTitle")}</h1>
      <FormErrorSummary problem={problem} labels={named} />
      <ol>
        <li>{t.text("security.stepOpen")}</li>
        <li>
          {t.text("security.stepType")}
          <p class="secret-key">
            <code>{groupsOfFour(enrolment.secret)}</code>
          </p>
          <p>{t.text("security.stepTimeBased")}</p>
          <p class="otpauth-uri">
            <code>{enrolment.otpauthUri}</code>
          </p>
        </li>
        <li>{t.text("security.stepCode")}</li>
      </ol>
      <p>{t.text("security.keepPrivate")}</p>
      <form method="post" action={`${SETUP_PATH}/confirm`} class="form" noValidate>
        <CsrfField token={ctx.csrfToken} />
        <Field name="code" label={named.code} hint={t.text("security.sixDigitsHint")} error={errors.code} autocomplete="one-time-code" maxLength={LIMITS.authenticatorCode} />
        <button type="submit">{t.text("security.turnOn")}</button>
      </form>
      <p>
        <a href={SECURITY_SETTINGS_PATH}>{t.text("security.notNow")}</a>
      </p>
    </Layout>
  );
}

function RecoveryCodesPage({ ctx, codes, ended }: { ctx: PageContext; codes: string[]; ended: number }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t.text("security.codesTitle")}>
      <h1>{t.text("security.codesTitle")}</h1>
      <Notice>
        {t.text("security.isOn")} {endedSessionsWords(t, ended)}
      </Notice>
      <p>
        {t.text("security.codesHowTo")} <strong>{t.text("recovery.notAgain")}</strong>
      </p>
      <ul class="recovery-codes" aria-label={t.text("welcome.codes")}>
        {codes.map((code) => (
          <li>
            <code>{code}</code>
          </li>
        ))}
      </ul>
      <p>
        <a class="button" href={SECURITY_SETTINGS_PATH}>
          {t.text("security.keptSafe")}
        </a>
      </p>
    </Layout>
  );
}

function retryAfter(reply: FastifyReply, error: AppError) {
  if (error instanceof RateLimitedError) reply.header("Retry-After", String(error.retryAfterSeconds));
}

/** A service's error as a form shows it: its field problems under the form's fields (one code field takes both kinds of code). */
function problemOf(error: AppError, t: Translator): FormProblem {
  const said = error.fieldsIn(t);
  const fields = said
    ? Object.fromEntries(Object.entries(said).map(([name, text]) => [name === "recoveryCode" ? "code" : name, sentence(text)]))
    : undefined;
  return { message: sentence(error.in(t)), ...(fields ? { fields } : {}) };
}

/** A code field that takes either six digits from the app or a recovery code. */
const proofFrom = (value: string) => (/^[\d\s]+$/.test(value) ? { code: value } : { recoveryCode: value });

/** Reads the password and code of a re-authentication form; field problems when either is missing or too long. */
function readReauth(body: unknown, t: Translator): { password: string; code: string; problem: FormProblem | null } {
  const spec = checkForm(t);
  const form = readSchemaForm(body, TwoStepCheckBody, spec, {}, t);
  if (form.input) return { ...form.input, problem: null };
  const missing = Object.values(form.fields).some((text) => text === spec.password.required || text === spec.code.required);
  return { ...form.values, problem: { message: missing ? t.text("security.fillBoth") : CHECK_ANSWERS, fields: form.fields } };
}

export async function securityPages(app: FastifyInstance, { services }: RouteContext) {
  const hide = { schema: { hide: true } };

  app.get(SECURITY_SETTINGS_PATH, hide, async (request, reply) => {
    if (sentToSignIn(request, reply)) return reply;
    const kind = (request.query as Record<string, unknown> | undefined)?.done;
    const done = typeof kind === "string" && Object.hasOwn(DONE, kind) ? { kind: kind as Done["kind"], ended: endedFrom(request) } : null;
    const status = await services.secondFactor.status(request.viewer);
    const otherSessions = await services.accounts.otherSessionCount(request.viewer, request.sessionToken);
    const ctx = await pageContext(request, services);
    return sendPage(reply, <SecurityPage ctx={ctx} status={status} done={done} otherSessions={otherSessions} />);
  });

  for (const kind of ["move", "off"] as const) {
    app.get(kind === "move" ? MOVE_PATH : OFF_PATH, hide, async (request, reply) => {
      if (sentToSignIn(request, reply)) return reply;
      const status = await services.secondFactor.status(request.viewer);
      if (!status.enabled || (kind === "off" && status.required)) return reply.redirect(SECURITY_SETTINGS_PATH, 303);
      return sendPage(reply, <ReauthPage ctx={await pageContext(request, services)} kind={kind} />);
    });
  }

  // Starts setting up; when it is on already (a new phone), the password and a code come too.
  app.post(SETUP_PATH, hide, async (request, reply) => {
    if (sentToSignIn(request, reply)) return reply;
    const status = await services.secondFactor.status(request.viewer);
    const showMove = async (problem: FormProblem, code: number) => sendPage(reply, <ReauthPage ctx={await pageContext(request, services)} kind="move" problem={problem} />, code);
    let reauth: Parameters<typeof services.secondFactor.start>[1];
    if (status.enabled) {
      const read = readReauth(request.body, request.i18n);
      if (read.problem) return showMove(read.problem, 400);
      reauth = { password: read.password, ...proofFrom(read.code) };
    }
    const result = await attempt(() => services.secondFactor.start(request.viewer, reauth));
    if (!result.ok) {
      retryAfter(reply, result.error);
      return showMove(problemOf(result.error, request.i18n), result.error.status);
    }
    return redirectAfterPost(reply, SETUP_PATH);
  });

  app.get(SETUP_PATH, hide, async (request, reply) => {
    if (sentToSignIn(request, reply)) return reply;
    const enrolment = await services.secondFactor.pendingEnrolment(request.viewer);
    if (!enrolment) return reply.redirect(SECURITY_SETTINGS_PATH, 303);
    return sendPage(reply, <SetupPage ctx={await pageContext(request, services)} enrolment={enrolment} />);
  });

  // The recovery codes are shown in the answer to this post, not after a redirect:
  // they exist only now, and only their hashes are kept.
  app.post(`${SETUP_PATH}/confirm`, hide, async (request, reply) => {
    if (sentToSignIn(request, reply)) return reply;
    const form = readSchemaForm(request.body, SecondFactorConfirmBody, confirmForm(request.i18n));
    const enrolment = await services.secondFactor.pendingEnrolment(request.viewer);
    if (!enrolment) return reply.redirect(SECURITY_SETTINGS_PATH, 303);
    const showSetup = async (problem: FormProblem, status: number) =>
      sendPage(reply, <SetupPage ctx={await pageContext(request, services)} enrolment={enrolment} problem={problem} />, status);
    if (!form.input) {
      const problem = form.fields.code ?? CHECK_ANSWERS;
      return showSetup({ message: problem, fields: form.fields }, 400);
    }
    const { code } = form.input;
    const result = await attempt(() => services.secondFactor.confirm(request.viewer, code, request.sessionToken));
    if (!result.ok) {
      retryAfter(reply, result.error);
      return showSetup(problemOf(result.error, request.i18n), result.error.status);
    }
    return sendPage(reply, <RecoveryCodesPage ctx={await pageContext(request, services)} codes={result.value.recoveryCodes} ended={result.value.endedSessions} />);
  });

  app.post(OFF_PATH, hide, async (request, reply) => {
    if (sentToSignIn(request, reply)) return reply;
    const showOff = async (problem: FormProblem, code: number) => sendPage(reply, <ReauthPage ctx={await pageContext(request, services)} kind="off" problem={problem} />, code);
    const read = readReauth(request.body, request.i18n);
    if (read.problem) return showOff(read.problem, 400);
    const result = await attempt(() => services.secondFactor.turnOff(request.viewer, { password: read.password, ...proofFrom(read.code) }, request.sessionToken));
    if (!result.ok) {
      retryAfter(reply, result.error);
      return showOff(problemOf(result.error, request.i18n), result.error.status);
    }
    return redirectAfterPost(reply, `${SECURITY_SETTINGS_PATH}?done=off&ended=${result.value.endedSessions}`);
  });
}
