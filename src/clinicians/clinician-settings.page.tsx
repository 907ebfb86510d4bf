/** /settings/clinician: applying to be verified as a clinician, and what became of each application. */
import type { ClinicalRegister } from "../db/schema.ts";
import { CsrfField, Field, Notice } from "../web/components.tsx";
import type { FormProblem } from "../web/form-body.ts";
import { FormErrorSummary, formTitle, RadioGroup } from "../web/form-controls.tsx";
import { labelsOf, type FormSpec } from "../web/schema-form.ts";
import { Layout, type PageContext } from "../web/layout.tsx";
import type { VerificationView } from "./clinicians.presenter.ts";
import { REGISTERS } from "./registers.ts";
import { dayWords } from "../shared/dates.ts";

export const CLINICIAN_SETTINGS_PATH = "/settings/clinician";

export const REGISTER_CODES = Object.keys(REGISTERS) as ClinicalRegister[];

export type ApplicationValues = { registerName: string; profession: string; register: string; registrationNumber: string; specialty: string; evidence: string };
export const EMPTY_APPLICATION: ApplicationValues = { registerName: "", profession: "", register: "", registrationNumber: "", specialty: "", evidence: "" };

/** The application form, in the page's order, on the API's ApplicationBody (ADR 28). */
export const APPLICATION_FORM = {
  registerName: { label: "Your name as it appears on the register", required: "Enter your name as it appears on the register." },
  profession: { label: "Your profession", required: "Enter your profession, for example nurse or physiotherapist." },
  register: { label: "The register you are on", required: "Choose the register you are on.", choose: "Choose the register you are on." },
  registrationNumber: { label: "Registration number", required: "Enter your registration number." },
  specialty: { label: "Your specialty", required: "Enter your specialty, for example respiratory medicine." },
  evidence: { label: "Anything that helps the reviewer (optional)", whenEmpty: "null" },
} satisfies FormSpec;
export const APPLICATION_LABELS = labelsOf(APPLICATION_FORM) as Record<keyof typeof APPLICATION_FORM, string>;

const STATUS_WORDS: Record<VerificationView["status"], string> = {
  pending: "Waiting for review",
  approved: "Approved",
  rejected: "Not approved",
  expired: "Expired: apply again to renew",
};

/** A day in words (no time of day: nothing to match against other activity). */
export const day = dayWords;

/**
 * When an application was made and decided, the reason given and when it lapses, as
 * rows of a <dl>: the applicant's own list and the reviewers' queue show the same.
 */
export function ApplicationDates({ application, reasonTerm }: { application: VerificationView; reasonTerm: string }) {
  return (
    <>
      <dt>Applied on</dt>
      <dd>{day(application.createdAt)}</dd>
      {application.decidedAt ? (
        <>
          <dt>Decided on</dt>
          <dd>{day(application.decidedAt)}</dd>
        </>
      ) : null}
      {application.reason ? (
        <>
          <dt>{reasonTerm}</dt>
          <dd>{application.reason}</dd>
        </>
      ) : null}
      {application.expiresAt ? (
        <>
          <dt>Re-verification date</dt>
          <dd>{day(application.expiresAt)}</dd>
        </>
      ) : null}
    </>
  );
}

function Standing({ applications, verified }: { applications: VerificationView[]; verified: boolean }) {
  const current = applications.find((a) => a.status === "approved");
  if (verified && current?.expiresAt) {
    return (
      <p class="standing">
        You are a verified clinician until {day(current.expiresAt)}. Before then, apply again with your current registration to renew it; otherwise your
        clinician badges lapse on that day.
      </p>
    );
  }
  if (applications.some((a) => a.status === "pending")) {
    return <p class="standing">Your application is waiting for review. An administrator or a verifier will look at it, never you yourself.</p>;
  }
  return <p class="standing">You are not verified as a clinician.</p>;
}

function ApplicationItem({ application }: { application: VerificationView }) {
  return (
    <li class="card">
      <h3>
        {application.profession}, {application.specialty}
      </h3>
      <dl>
        <dt>Status</dt>
        <dd>{STATUS_WORDS[application.status]}</dd>
        <dt>Register and number</dt>
        <dd>
          {REGISTERS[application.register as ClinicalRegister]?.name ?? application.register} ({application.register}), {application.registrationNumber}
        </dd>
        <ApplicationDates application={application} reasonTerm="Reason given" />
      </dl>
    </li>
  );
}

function ApplicationForm({ ctx, values, problem }: { ctx: PageContext; values: ApplicationValues; problem?: FormProblem | null }) {
  const errors = problem?.fields ?? {};
  return (
    <form method="post" action={CLINICIAN_SETTINGS_PATH} noValidate>
      <CsrfField token={ctx.csrfToken} />
      <Field
        name="registerName"
        label={APPLICATION_LABELS.registerName}
        hint="Exactly as your register lists you, so the reviewer can find your entry. Only you and the reviewers see it."
        value={values.registerName}
        error={errors.registerName}
        maxLength={120}
        autocomplete="name"
      />
      <Field name="profession" label={APPLICATION_LABELS.profession} hint="For example nurse, doctor, physiotherapist or pharmacist." value={values.profession} error={errors.profession} maxLength={100} />
      <RadioGroup
        name="register"
        legend={APPLICATION_LABELS.register}
        hint="Each register writes its numbers its own way; the format is under each one."
        value={values.register}
        error={errors.register}
        options={REGISTER_CODES.map((code) => ({
          value: code,
          label: code === "other" ? REGISTERS[code].name : `${code}: ${REGISTERS[code].name}`,
          hint: `Number: ${REGISTERS[code].example}.`,
        }))}
      />
      <Field
        name="registrationNumber"
        label={APPLICATION_LABELS.registrationNumber}
        hint="As it appears on the register. Spaces do not matter."
        value={values.registrationNumber}
        error={errors.registrationNumber}
        maxLength={60}
        autocomplete="off"
      />
      <Field
        name="specialty"
        label={APPLICATION_LABELS.specialty}
        hint="Shown beside your clinician personas, for example “Respiratory nurse”."
        value={values.specialty}
        error={errors.specialty}
        maxLength={100}
      />
      <Field
        name="evidence"
        label={APPLICATION_LABELS.evidence}
        hint="For example a link to your entry on the register, or where you work. Only the people who review applications see it."
        value={values.evidence}
        error={errors.evidence}
        multiline
        rows={4}
        maxLength={4000}
      />
      <button type="submit">Send my application</button>
    </form>
  );
}

export function ClinicianSettingsPage(props: {
  ctx: PageContext;
  applications: VerificationView[];
  verified: boolean;
  values: ApplicationValues;
  problem?: FormProblem | null;
  applied?: boolean;
}) {
  const { ctx, applications, verified, values, problem, applied } = props;
  const pending = applications.some((a) => a.status === "pending");
  return (
    <Layout ctx={ctx} title={formTitle("Clinician verification", problem)}>
      <FormErrorSummary problem={problem} labels={APPLICATION_LABELS} />
      <h1>Clinician verification</h1>
      {applied ? (
        <Notice>
          Thank you. Your application is waiting for review. What happens next: a reviewer checks your name and number on the register, usually within a few days.
          You will see their decision on your notifications page (and by email, if your account has one), and here.
        </Notice>
      ) : null}
      <p class="lead">
        If you are a registered clinician, Hearth can check your registration. Once verified, you can write as a named professional or as an anonymous clinician,
        and read spaces kept for clinicians.
      </p>
      <Standing applications={applications} verified={verified} />
      <p>
        Your registration details are seen only by you and by the people who review applications. They are never shown beside your personas. A verification
        lasts a year.
      </p>
      {pending ? null : (
        <section aria-labelledby="apply-heading">
          <h2 id="apply-heading">{verified ? "Renew your verification" : "Apply to be verified"}</h2>
          <ApplicationForm ctx={ctx} values={values} problem={problem} />
        </section>
      )}
      <section aria-labelledby="applications-heading">
        <h2 id="applications-heading">Your applications</h2>
        {applications.length === 0 ? (
          <p>You have not applied yet.</p>
        ) : (
          <ul class="card-list">
            {applications.map((a) => (
              <ApplicationItem application={a} />
            ))}
          </ul>
        )}
      </section>
      <p>
        <a href="/settings/personas">How you appear</a>
      </p>
    </Layout>
  );
}
