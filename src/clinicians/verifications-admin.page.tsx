/**
 * /admin/verifications: the queue of clinician applications for administrators and
 * the verifiers they chose, with Approve and Reject (a reason is needed to reject),
 * and, for administrators, starting the server's clinicians' network.
 */
import type { ClinicalRegister } from "../db/schema.ts";
import { CsrfField, FieldError, FieldHint, Notice } from "../web/components.tsx";
import type { FormProblem } from "../web/form-body.ts";
import { FormErrorSummary, formTitle } from "../web/form-controls.tsx";
import { Layout, type PageContext } from "../web/layout.tsx";
import { ApplicationDates } from "./clinician-settings.page.tsx";
import type { NetworkStatus } from "./clinician-network.service.ts";
import type { ReviewView } from "./clinicians.presenter.ts";
import { REGISTERS } from "./registers.ts";

export const VERIFICATIONS_PATH = "/admin/verifications";

export type QueueStatus = "pending" | "approved" | "rejected";
export const QUEUE_STATUSES: QueueStatus[] = ["pending", "approved", "rejected"];

const TAB_WORDS: Record<QueueStatus, string> = { pending: "Waiting for review", approved: "Approved", rejected: "Not approved" };

/** The error of one application's form: its id, and the problem to show by its reason field. */
export type DecisionProblem = { applicationId: string; problem: FormProblem; reason: string };

export const reasonFieldId = (applicationId: string) => `reason-${applicationId}`;

function Details({ application }: { application: ReviewView }) {
  const register = REGISTERS[application.register as ClinicalRegister];
  return (
    <dl>
      <dt>Name on the register</dt>
      <dd>{application.registerName ?? "Not given (applied before Hearth asked for it)."}</dd>
      {application.professionalPersona ? (
        <>
          <dt>Name their professional persona shows</dt>
          <dd>
            {application.professionalPersona.name}
            {application.professionalPersona.awaitingReview ? " (changed since it was verified: its badge is paused until you decide)" : null}
          </dd>
        </>
      ) : null}
      <dt>Profession</dt>
      <dd>{application.profession}</dd>
      <dt>Specialty</dt>
      <dd>{application.specialty}</dd>
      <dt>Register</dt>
      <dd>
        {register?.name ?? application.register} ({application.register})
      </dd>
      <dt>Registration number</dt>
      <dd>
        <code>{application.registrationNumber}</code>
        {application.registerSearchUrl ? (
          <>
            {" "}
            <a href={application.registerSearchUrl} rel="noopener noreferrer" target="_blank">
              Search the {register?.name ?? application.register} register (opens in a new tab)
            </a>
          </>
        ) : null}
      </dd>
      <dt>Evidence</dt>
      <dd class="pre-wrap">{application.evidence ?? "None given."}</dd>
      <ApplicationDates application={application} reasonTerm="Reason" />
    </dl>
  );
}

function DecisionForm({ ctx, application, failed }: { ctx: PageContext; application: ReviewView; failed?: DecisionProblem }) {
  const id = reasonFieldId(application.id);
  const error = failed?.problem.fields?.[id];
  return (
    <form method="post" action={`${VERIFICATIONS_PATH}/${encodeURIComponent(application.id)}`} noValidate>
      <CsrfField token={ctx.csrfToken} />
      <div class={`field${error ? " field-error" : ""}`}>
        <label for={id}>Reason (needed to reject)</label>
        <FieldHint id={id} hint="The applicant sees it. Say what to fix, for example “The register shows a different name”." />
        <FieldError id={id} error={error} />
        <textarea id={id} name="reason" rows={3} maxLength={2000} aria-describedby={error ? `${id}-hint ${id}-error` : `${id}-hint`} aria-invalid={error ? "true" : undefined}>
          {failed?.reason ?? ""}
        </textarea>
      </div>
      <p class="actions">
        <button type="submit" name="decision" value="approve">
          Approve {application.applicant.username}
        </button>
        <button type="submit" name="decision" value="reject" class="secondary">
          Reject {application.applicant.username}
        </button>
      </p>
    </form>
  );
}

function Application({ ctx, application, status, failed }: { ctx: PageContext; application: ReviewView; status: QueueStatus; failed?: DecisionProblem }) {
  return (
    <li class="card" id={`application-${application.id}`}>
      <h3>
        {application.applicant.username}
        {application.purpose === "name" ? ": new name to confirm" : null}
      </h3>
      {application.purpose === "name" ? (
        <p>
          This verified clinician renamed their professional persona. Check the new name against the register entry, then approve to show the badge again, or
          reject with a reason.
        </p>
      ) : null}
      <Details application={application} />
      {status === "pending" ? <DecisionForm ctx={ctx} application={application} failed={failed?.applicationId === application.id ? failed : undefined} /> : null}
    </li>
  );
}

function ClinicianNetwork({ ctx, network }: { ctx: PageContext; network: NetworkStatus }) {
  return (
    <section aria-labelledby="network-heading">
      <h2 id="network-heading">Clinicians' network</h2>
      {network.network ? (
        <p>
          The clinicians' network is running: <a href={`/c/${encodeURIComponent(network.network.slug)}`}>{network.network.name}</a>. Only verified clinicians can
          join it and read its spaces.
        </p>
      ) : network.enabled ? (
        <form method="post" action="/admin/clinician-network">
          <CsrfField token={ctx.csrfToken} />
          <p>
            A community of practice for verified clinicians from every community on this server. Anyone can read its charter; only verified clinicians can join
            and read its spaces. Its spaces can be paired with a patient community. You become its first owner.
          </p>
          <button type="submit" class="secondary">
            Start the clinicians' network
          </button>
        </form>
      ) : (
        <p>The clinicians' network is off on this server. To offer one, the host sets HEARTH_CLINICIAN_NETWORK=1 and restarts Hearth.</p>
      )}
    </section>
  );
}

export function VerificationsAdminPage(props: {
  ctx: PageContext;
  status: QueueStatus;
  applications: ReviewView[];
  network: NetworkStatus | null;
  failed?: DecisionProblem;
  problem?: FormProblem | null;
  decided?: boolean;
}) {
  const { ctx, status, applications, network, failed, decided } = props;
  const problem = failed?.problem ?? props.problem ?? null;
  return (
    <Layout ctx={ctx} title={formTitle("Clinician applications", problem)}>
      <h1>Clinician applications</h1>
      {decided ? <Notice>Done. The applicant can see your decision.</Notice> : null}
      <FormErrorSummary problem={problem} labels={failed ? { [reasonFieldId(failed.applicationId)]: "Reason" } : {}} />
      <p class="lead">
        Check each name and registration number on the register's own website before you approve. Nobody can decide on their own application.
      </p>
      <nav aria-label="Applications by status" class="tabs">
        <ul>
          {QUEUE_STATUSES.map((s) => (
            <li>
              <a href={s === "pending" ? VERIFICATIONS_PATH : `${VERIFICATIONS_PATH}?status=${s}`} aria-current={s === status ? "page" : undefined}>
                {TAB_WORDS[s]}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <section aria-labelledby="queue-heading">
        <h2 id="queue-heading">{TAB_WORDS[status]}</h2>
        {applications.length === 0 ? (
          <p>{status === "pending" ? "No applications are waiting." : "There are none yet."}</p>
        ) : (
          <ul class="card-list">
            {applications.map((application) => (
              <Application ctx={ctx} application={application} status={status} failed={failed} />
            ))}
          </ul>
        )}
      </section>
      {network ? <ClinicianNetwork ctx={ctx} network={network} /> : null}
    </Layout>
  );
}
