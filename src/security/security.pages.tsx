/**
 * /settings/security: two-step sign-in for the signed-in person. Turning it on is
 * three screens: the start button, the key to put into an authenticator app with a
 * code to prove it worked, and the recovery codes, shown once.
 */
import type { FastifyInstance, FastifyReply } from "fastify";
import type { RouteContext } from "../http/context.ts";
import { RateLimitedError } from "../shared/rate-limits.ts";
import type { AppError } from "../shared/errors.ts";
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
const LABELS = { password: "Password", code: "Code from your app", recoveryCode: "Recovery code" };
const ENTER_PASSWORD = "Enter your password.";
const ENTER_EITHER_CODE = "Enter the code your app shows now, or a recovery code.";

/** Moving to a new phone and turning off: the password, and one field for either kind of code. */
const CHECK_FORM = {
  password: { label: LABELS.password, required: ENTER_PASSWORD },
  code: { label: LABELS.code, required: ENTER_EITHER_CODE },
} satisfies FormSpec;
/** Turning it on: the code the app shows, on the API's SecondFactorConfirmBody. */
const CONFIRM_FORM = { code: { label: LABELS.code, required: "Enter the six digits your app shows." } } satisfies FormSpec;

const WHAT_IT_IS =
  "Two-step sign-in asks for a code from an app on your phone as well as your password, so someone who learns your password still cannot get in.";

const DONE = {
  off: "Two-step sign-in is off. You now sign in with your password only.",
  password: "Your password is changed.",
  "signed-out": "Signed out everywhere else.",
} as const;

type Done = { kind: keyof typeof DONE; ended: number | null };

type SecurityPageProps = { ctx: PageContext; status: SecondFactorStatus; done: Done | null; otherSessions: number };

function SecurityPage({ ctx, status, done, otherSessions }: SecurityPageProps) {
  return (
    <Layout ctx={ctx} title="Sign-in and security">
      <h1>Sign-in and security</h1>
      {done ? (
        <Notice>
          {DONE[done.kind]} {done.ended === null ? "" : endedSessionsWords(done.ended)}
        </Notice>
      ) : null}
      <h2>Two-step sign-in</h2>
      <p>{WHAT_IT_IS}</p>
      {status.enabled ? (
        <>
          <p>
            <strong>Two-step sign-in is on.</strong> You have {status.recoveryCodesLeft} recovery {status.recoveryCodesLeft === 1 ? "code" : "codes"} left.
          </p>
          {status.recoveryCodesLeft <= 3 ? <p>You are running out of recovery codes. Setting up again on your phone gives you ten new ones.</p> : null}
          <ul class="security-actions">
            <li>
              <a href={MOVE_PATH}>Set up on a new phone, or get new recovery codes</a>
            </li>
            {status.required ? null : (
              <li>
                <a href={OFF_PATH}>Turn off two-step sign-in</a>
              </li>
            )}
          </ul>
          {status.required ? (
            <p>This server requires two-step sign-in for administrators, community moderators and verified clinicians, so it stays on for you.</p>
          ) : null}
        </>
      ) : (
        <>
          <p>
            <strong>Two-step sign-in is off.</strong>
          </p>
          {status.required ? (
            <p class="notice">
              This server asks administrators, community moderators and verified clinicians to use two-step sign-in. Until it is on, you can read and
              post as yourself, but not run a community, moderate, read what only moderators read (the flag queue, requests to join,
              carers' spaces you do not belong to as a carer) or write as a clinician.
            </p>
          ) : null}
          <p>You need an authenticator app on your phone, such as Google Authenticator, Microsoft Authenticator, Aegis or 2FAS. They are free.</p>
          <form method="post" action={SETUP_PATH} class="form">
            <CsrfField token={ctx.csrfToken} />
            <button type="submit">Set up two-step sign-in</button>
          </form>
        </>
      )}
      <SessionsSection ctx={ctx} otherSessions={otherSessions} />
    </Layout>
  );
}

type ReauthKind = "move" | "off";

const REAUTH = {
  move: {
    title: "Set up on a new phone",
    lead: "Your old app keeps working until the new one is on. You also get ten new recovery codes. First, show it is you.",
    action: SETUP_PATH,
    button: "Continue",
  },
  off: {
    title: "Turn off two-step sign-in",
    lead: "Turning it off makes your account easier to break into: your password alone will let anyone in. To turn it off, show it is you.",
    action: OFF_PATH,
    button: "Turn off two-step sign-in",
  },
} as const;

/** Password and a current code: what moving to a new phone and turning off both need. */
function ReauthPage({ ctx, kind, problem }: { ctx: PageContext; kind: ReauthKind; problem?: FormProblem | null }) {
  const errors = problem?.fields ?? {};
  const text = REAUTH[kind];
  return (
    <Layout ctx={ctx} title={formTitle(text.title, problem)}>
      <h1>{text.title}</h1>
      <FormErrorSummary problem={problem} labels={LABELS} />
      <p class="lead">{text.lead}</p>
      <form method="post" action={text.action} class="form" noValidate>
        <CsrfField token={ctx.csrfToken} />
        <Field name="password" label={LABELS.password} type="password" error={errors.password} autocomplete="current-password" maxLength={LIMITS.password} />
        <Field
          name="code"
          label={LABELS.code}
          hint="The six digits your app shows now. If you no longer have the app, type one of your recovery codes here instead."
          error={errors.code}
          autocomplete="one-time-code"
          maxLength={LIMITS.recoveryCode}
        />
        <button type="submit" class={kind === "off" ? "danger" : undefined}>
          {text.button}
        </button>
      </form>
      <p>
        <a href={SECURITY_SETTINGS_PATH}>Go back</a>
      </p>
    </Layout>
  );
}

function SetupPage({ ctx, enrolment, problem }: { ctx: PageContext; enrolment: Enrolment; problem?: FormProblem | null }) {
  const errors = problem?.fields ?? {};
  return (
    <Layout ctx={ctx} title={formTitle("Set up two-step sign-in", problem)}>
      <h1>Set up two-step sign-in</h1>
      <FormErrorSummary problem={problem} labels={LABELS} />
      <ol>
        <li>Open your authenticator app and choose to add an account. Choose to type a key rather than scan a code.</li>
        <li>
          Type this key. Spaces do not matter.
          <p class="secret-key">
            <code>{groupsOfFour(enrolment.secret)}</code>
          </p>
          <p>If your app asks, it is a time-based key with six digits. Some apps also take this link, which holds the same key:</p>
          <p class="otpauth-uri">
            <code>{enrolment.otpauthUri}</code>
          </p>
        </li>
        <li>Type the six-digit code the app now shows for Hearth, then choose “Turn on”.</li>
      </ol>
      <p>Keep this key private. Anyone who has it can make your codes.</p>
      <form method="post" action={`${SETUP_PATH}/confirm`} class="form" noValidate>
        <CsrfField token={ctx.csrfToken} />
        <Field name="code" label={LABELS.code} hint="Six digits, for example 123456." error={errors.code} autocomplete="one-time-code" maxLength={LIMITS.authenticatorCode} />
        <button type="submit">Turn on</button>
      </form>
      <p>
        <a href={SECURITY_SETTINGS_PATH}>Not now, go back</a>
      </p>
    </Layout>
  );
}

function RecoveryCodesPage({ ctx, codes, ended }: { ctx: PageContext; codes: string[]; ended: number }) {
  return (
    <Layout ctx={ctx} title="Keep these somewhere safe">
      <h1>Keep these somewhere safe</h1>
      <Notice>Two-step sign-in is on. {endedSessionsWords(ended)}</Notice>
      <p>
        If you lose your phone, each of these recovery codes lets you sign in once instead of a code from the app. Write them down or print
        this page, and keep them away from your phone. <strong>We will not show them again.</strong>
      </p>
      <ul class="recovery-codes" aria-label="Your recovery codes">
        {codes.map((code) => (
          <li>
            <code>{code}</code>
          </li>
        ))}
      </ul>
      <p>
        <a class="button" href={SECURITY_SETTINGS_PATH}>
          I have kept them safe
        </a>
      </p>
    </Layout>
  );
}

function retryAfter(reply: FastifyReply, error: AppError) {
  if (error instanceof RateLimitedError) reply.header("Retry-After", String(error.retryAfterSeconds));
}

/** A service's error as a form shows it: its field problems under the form's fields (one code field takes both kinds of code). */
function problemOf(error: AppError): FormProblem {
  const fields = error.fields
    ? Object.fromEntries(Object.entries(error.fields).map(([name, text]) => [name === "recoveryCode" ? "code" : name, sentence(text)]))
    : undefined;
  return { message: sentence(error.message), ...(fields ? { fields } : {}) };
}

/** A code field that takes either six digits from the app or a recovery code. */
const proofFrom = (value: string) => (/^[\d\s]+$/.test(value) ? { code: value } : { recoveryCode: value });

/** Reads the password and code of a re-authentication form; field problems when either is missing or too long. */
function readReauth(body: unknown): { password: string; code: string; problem: FormProblem | null } {
  const form = readSchemaForm(body, TwoStepCheckBody, CHECK_FORM);
  if (form.input) return { ...form.input, problem: null };
  const missing = Object.values(form.fields).some((text) => text === ENTER_PASSWORD || text === ENTER_EITHER_CODE);
  return { ...form.values, problem: { message: missing ? "Please fill in both your password and a code." : CHECK_ANSWERS, fields: form.fields } };
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
      const read = readReauth(request.body);
      if (read.problem) return showMove(read.problem, 400);
      reauth = { password: read.password, ...proofFrom(read.code) };
    }
    const result = await attempt(() => services.secondFactor.start(request.viewer, reauth));
    if (!result.ok) {
      retryAfter(reply, result.error);
      return showMove(problemOf(result.error), result.error.status);
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
    const form = readSchemaForm(request.body, SecondFactorConfirmBody, CONFIRM_FORM);
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
      return showSetup(problemOf(result.error), result.error.status);
    }
    return sendPage(reply, <RecoveryCodesPage ctx={await pageContext(request, services)} codes={result.value.recoveryCodes} ended={result.value.endedSessions} />);
  });

  app.post(OFF_PATH, hide, async (request, reply) => {
    if (sentToSignIn(request, reply)) return reply;
    const showOff = async (problem: FormProblem, code: number) => sendPage(reply, <ReauthPage ctx={await pageContext(request, services)} kind="off" problem={problem} />, code);
    const read = readReauth(request.body);
    if (read.problem) return showOff(read.problem, 400);
    const result = await attempt(() => services.secondFactor.turnOff(request.viewer, { password: read.password, ...proofFrom(read.code) }, request.sessionToken));
    if (!result.ok) {
      retryAfter(reply, result.error);
      return showOff(problemOf(result.error), result.error.status);
    }
    return redirectAfterPost(reply, `${SECURITY_SETTINGS_PATH}?done=off&ended=${result.value.endedSessions}`);
  });
}
