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
import type { Translator } from "../shared/i18n/translator.ts";
import { useT } from "../web/i18n.ts";

export const CLINICIAN_SETTINGS_PATH = "/settings/clinician";

export const REGISTER_CODES = Object.keys(REGISTERS) as ClinicalRegister[];

export type ApplicationValues = { registerName: string; profession: string; register: string; registrationNumber: string; specialty: string; evidence: string };
export const EMPTY_APPLICATION: ApplicationValues = { registerName: "", profession: "", register: "", registrationNumber: "", specialty: "", evidence: "" };

/** The application form, in the page's order, on the API's ApplicationBody (ADR 28), in the reader's language. */
export const applicationForm = (t: Translator) => {
  const chooseRegister = t.text("clinicianSettings.registerRequired");
  return {
    registerName: { label: t.text("clinicianSettings.registerNameLabel"), required: t.text("clinicianSettings.registerNameRequired") },
    profession: { label: t.text("clinicianSettings.professionLabel"), required: t.text("clinicianSettings.professionRequired") },
    register: { label: t.text("clinicianSettings.registerLabel"), required: chooseRegister, choose: chooseRegister },
    registrationNumber: { label: t.text("clinicianSettings.numberLabel"), required: t.text("clinicianSettings.numberRequired") },
    specialty: { label: t.text("clinicianSettings.specialtyLabel"), required: t.text("clinicianSettings.specialtyRequired") },
    evidence: { label: t.text("clinicianSettings.evidenceLabel"), whenEmpty: "null" },
  } satisfies FormSpec;
};
const applicationLabels = (t: Translator) => labelsOf(applicationForm(t)) as Record<keyof ReturnType<typeof applicationForm>, string>;

const STATUS_KEYS: Record<VerificationView["status"], string> = {
  pending: "clinicianSettings.statusPending",
  approved: "breakGlass.statusApproved",
  rejected: "clinicianSettings.statusRejected",
  expired: "clinicianSettings.statusExpired",
};

const REGISTER_NAME_KEYS: Record<ClinicalRegister, string> = {
  GMC: "clinicianSettings.registerGMC",
  NMC: "clinicianSettings.registerNMC",
  HCPC: "clinicianSettings.registerHCPC",
  GDC: "clinicianSettings.registerGDC",
  GPhC: "clinicianSettings.registerGPhC",
  other: "clinicianSettings.registerOther",
};
const REGISTER_EXAMPLE_KEYS: Record<ClinicalRegister, string> = {
  GMC: "clinicianSettings.exampleGMC",
  NMC: "clinicianSettings.exampleNMC",
  HCPC: "clinicianSettings.exampleHCPC",
  GDC: "clinicianSettings.exampleGDC",
  GPhC: "clinicianSettings.exampleGPhC",
  other: "clinicianSettings.exampleOther",
};

/** A register's name in the reader's language; a code Hearth does not know, as it is. */
export const registerName = (t: Translator, register: string) =>
  Object.hasOwn(REGISTER_NAME_KEYS, register) ? t.text(REGISTER_NAME_KEYS[register as ClinicalRegister]) : register;

/** A day in words (no time of day: nothing to match against other activity). */
export const day = dayWords;

/**
 * When an application was made and decided, the reason given and when it lapses, as
 * rows of a <dl>: the applicant's own list and the reviewers' queue show the same.
 */
export function ApplicationDates({ application, reasonTerm }: { application: VerificationView; reasonTerm: string }) {
  const t = useT();
  return (
    <>
      <dt>{t.text("clinicianSettings.appliedOn")}</dt>
      <dd>{day(application.createdAt, t)}</dd>
      {application.decidedAt ? (
        <>
          <dt>{t.text("clinicianSettings.decidedOn")}</dt>
          <dd>{day(application.decidedAt, t)}</dd>
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
          <dt>{t.text("clinicianSettings.reverifyOn")}</dt>
          <dd>{day(application.expiresAt, t)}</dd>
        </>
      ) : null}
    </>
  );
}

function Standing({ applications, verified }: { applications: VerificationView[]; verified: boolean }) {
  const t = useT();
  const current = applications.find((a) => a.status === "approved");
  if (verified && current?.expiresAt) {
    return <p class="standing">{t.text("clinicianSettings.verifiedUntil", { day: day(current.expiresAt, t) })}</p>;
  }
  if (applications.some((a) => a.status === "pending")) {
    return <p class="standing">{t.text("clinicianSettings.standingPending")}</p>;
  }
  return <p class="standing">{t.text("clinicianSettings.notVerified")}</p>;
}

function ApplicationItem({ application }: { application: VerificationView }) {
  const t = useT();
  return (
    <li class="card">
      <h3>
        {application.profession}, {application.specialty}
      </h3>
      <dl>
        <dt>{t.text("breakGlass.status")}</dt>
        <dd>{t.text(STATUS_KEYS[application.status])}</dd>
        <dt>{t.text("clinicianSettings.registerAndNumber")}</dt>
        <dd>
          {registerName(t, application.register)} ({application.register}), {application.registrationNumber}
        </dd>
        <ApplicationDates application={application} reasonTerm={t.text("auditLog.reasonGiven")} />
      </dl>
    </li>
  );
}

function ApplicationForm({ ctx, values, problem }: { ctx: PageContext; values: ApplicationValues; problem?: FormProblem | null }) {
  const { t } = ctx;
  const labels = applicationLabels(t);
  const errors = problem?.fields ?? {};
  return (
    <form method="post" action={CLINICIAN_SETTINGS_PATH} noValidate>
      <CsrfField token={ctx.csrfToken} />
      <Field
        name="registerName"
        label={labels.registerName}
        hint={t.text("clinicianSettings.registerNameHint")}
        value={values.registerName}
        error={errors.registerName}
        maxLength={120}
        autocomplete="name"
      />
      <Field name="profession" label={labels.profession} hint={t.text("clinicianSettings.professionHint")} value={values.profession} error={errors.profession} maxLength={100} />
      <RadioGroup
        name="register"
        legend={labels.register}
        hint={t.text("clinicianSettings.registerHint")}
        value={values.register}
        error={errors.register}
        options={REGISTER_CODES.map((code) => ({
          value: code,
          label: code === "other" ? registerName(t, code) : t.text("clinicianSettings.registerOption", { code, name: registerName(t, code) }),
          hint: t.text("clinicianSettings.registerNumberHint", { example: t.text(REGISTER_EXAMPLE_KEYS[code]) }),
        }))}
      />
      <Field
        name="registrationNumber"
        label={labels.registrationNumber}
        hint={t.text("clinicianSettings.numberHint")}
        value={values.registrationNumber}
        error={errors.registrationNumber}
        maxLength={60}
        autocomplete="off"
      />
      <Field
        name="specialty"
        label={labels.specialty}
        hint={t.text("clinicianSettings.specialtyHint")}
        value={values.specialty}
        error={errors.specialty}
        maxLength={100}
      />
      <Field
        name="evidence"
        label={labels.evidence}
        hint={t.text("clinicianSettings.evidenceHint")}
        value={values.evidence}
        error={errors.evidence}
        multiline
        rows={4}
        maxLength={4000}
      />
      <button type="submit">{t.text("clinicianSettings.submit")}</button>
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
  const { t } = ctx;
  const pending = applications.some((a) => a.status === "pending");
  return (
    <Layout ctx={ctx} title={formTitle(t.text("clinicianSettings.title"), problem)}>
      <FormErrorSummary problem={problem} labels={applicationLabels(t)} />
      <h1>{t.text("clinicianSettings.title")}</h1>
      {applied ? <Notice>{t.text("clinicianSettings.applied")}</Notice> : null}
      <p class="lead">{t.text("clinicianSettings.lead")}</p>
      <Standing applications={applications} verified={verified} />
      <p>{t.text("clinicianSettings.privacy")}</p>
      {pending ? null : (
        <section aria-labelledby="apply-heading">
          <h2 id="apply-heading">{t.text(verified ? "clinicianSettings.renewHeading" : "clinicianSettings.applyHeading")}</h2>
          <ApplicationForm ctx={ctx} values={values} problem={problem} />
        </section>
      )}
      <section aria-labelledby="applications-heading">
        <h2 id="applications-heading">{t.text("clinicianSettings.yourApplications")}</h2>
        {applications.length === 0 ? (
          <p>{t.text("clinicianSettings.noneYet")}</p>
        ) : (
          <ul class="card-list">
            {applications.map((a) => (
              <ApplicationItem application={a} />
            ))}
          </ul>
        )}
      </section>
      <p>
        <a href="/settings/personas">{t.text("welcome.howYouAppearLink")}</a>
      </p>
    </Layout>
  );
}
