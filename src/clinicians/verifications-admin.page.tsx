/**
 * /admin/verifications: the queue of clinician applications for administrators and
 * the verifiers they chose, with Approve and Reject (a reason is needed to reject),
 * and, for administrators, starting the server's clinicians' network.
 */
import { CsrfField, FieldError, FieldHint, Notice } from "../web/components.tsx";
import type { FormProblem } from "../web/form-body.ts";
import { FormErrorSummary, formTitle } from "../web/form-controls.tsx";
import { Layout, type PageContext } from "../web/layout.tsx";
import { ApplicationDates, registerName } from "./clinician-settings.page.tsx";
import { useT } from "../web/i18n.ts";
import type { NetworkStatus } from "./clinician-network.service.ts";
import type { ReviewView } from "./clinicians.presenter.ts";

export const VERIFICATIONS_PATH = "/admin/verifications";

export type QueueStatus = "pending" | "approved" | "rejected";
export const QUEUE_STATUSES: QueueStatus[] = ["pending", "approved", "rejected"];

const TAB_KEYS: Record<QueueStatus, string> = { pending: "clinicianSettings.statusPending", approved: "breakGlass.statusApproved", rejected: "clinicianSettings.statusRejected" };

/** The error of one application's form: its id, and the problem to show by its reason field. */
export type DecisionProblem = { applicationId: string; problem: FormProblem; reason: string };

export const reasonFieldId = (applicationId: string) => `reason-${applicationId}`;

function Details({ application }: { application: ReviewView }) {
  const t = useT();
  const register = registerName(t, application.register);
  return (
    <dl>
      <dt>{t.text("verifications.nameOnRegister")}</dt>
      <dd>{application.registerName ?? t.text("verifications.nameNotGiven")}</dd>
      {application.professionalPersona ? (
        <>
          <dt>{t.text("verifications.personaName")}</dt>
          <dd>
            {application.professionalPersona.name}
            {application.professionalPersona.awaitingReview ? ` ${t.text("verifications.personaChanged")}` : null}
          </dd>
        </>
      ) : null}
      <dt>{t.text("verifications.profession")}</dt>
      <dd>{application.profession}</dd>
      <dt>{t.text("verifications.specialty")}</dt>
      <dd>{application.specialty}</dd>
      <dt>{t.text("verifications.register")}</dt>
      <dd>
        {register} ({application.register})
      </dd>
      <dt>{t.text("clinicianSettings.numberLabel")}</dt>
      <dd>
        <code>{application.registrationNumber}</code>
        {application.registerSearchUrl ? (
          <>
            {" "}
            <a href={application.registerSearchUrl} rel="noopener noreferrer" target="_blank">
              {t.text("verifications.searchRegister", { register })}
            </a>
          </>
        ) : null}
      </dd>
      <dt>{t.text("verifications.evidence")}</dt>
      <dd class="pre-wrap">{application.evidence ?? t.text("verifications.noneGiven")}</dd>
      <ApplicationDates application={application} reasonTerm={t.text("breakGlass.reasonLabel")} />
    </dl>
  );
}

function DecisionForm({ ctx, application, failed }: { ctx: PageContext; application: ReviewView; failed?: DecisionProblem }) {
  const { t } = ctx;
  const id = reasonFieldId(application.id);
  const error = failed?.problem.fields?.[id];
  const named = { username: application.applicant.username };
  return (
    <form method="post" action={`${VERIFICATIONS_PATH}/${encodeURIComponent(application.id)}`} noValidate>
      <CsrfField token={ctx.csrfToken} />
      <div class={`field${error ? " field-error" : ""}`}>
        <label for={id}>{t.text("verifications.reasonLabel")}</label>
        <FieldHint id={id} hint={t.text("verifications.reasonHint")} />
        <FieldError id={id} error={error} />
        <textarea id={id} name="reason" rows={3} maxLength={2000} aria-describedby={error ? `${id}-hint ${id}-error` : `${id}-hint`} aria-invalid={error ? "true" : undefined}>
          {failed?.reason ?? ""}
        </textarea>
      </div>
      <p class="actions">
        <button type="submit" name="decision" value="approve">
          {t.text("verifications.approve", named)}
        </button>
        <button type="submit" name="decision" value="reject" class="secondary">
          {t.text("verifications.reject", named)}
        </button>
      </p>
    </form>
  );
}

function Application({ ctx, application, status, failed }: { ctx: PageContext; application: ReviewView; status: QueueStatus; failed?: DecisionProblem }) {
  const { t } = ctx;
  return (
    <li class="card" id={`application-${application.id}`}>
      <h3>
        {application.purpose === "name" ? t.text("verifications.newName", { username: application.applicant.username }) : application.applicant.username}
      </h3>
      {application.purpose === "name" ? <p>{t.text("verifications.renamed")}</p> : null}
      <Details application={application} />
      {status === "pending" ? <DecisionForm ctx={ctx} application={application} failed={failed?.applicationId === application.id ? failed : undefined} /> : null}
    </li>
  );
}

/** The network's state: running (a link to it), ready to start (the form), or off on this server. */
function NetworkState({ ctx, network }: { ctx: PageContext; network: NetworkStatus }) {
  const { t } = ctx;
  if (network.network) {
    return (
      <p>
        {t.text("verifications.networkRunning")} <a href={`/c/${encodeURIComponent(network.network.slug)}`}>{network.network.name}</a>
        {t.text("verifications.networkRunningAfter")}
      </p>
    );
  }
  if (!network.enabled) return <p>{t.text("verifications.networkOff")}</p>;
  return (
    <form method="post" action="/admin/clinician-network">
      <CsrfField token={ctx.csrfToken} />
      <p>{t.text("verifications.networkAbout")}</p>
      <button type="submit" class="secondary">
        {t.text("verifications.networkStart")}
      </button>
    </form>
  );
}

function ClinicianNetwork({ ctx, network }: { ctx: PageContext; network: NetworkStatus }) {
  return (
    <section aria-labelledby="network-heading">
      <h2 id="network-heading">{ctx.t.text("verifications.networkHeading")}</h2>
      <NetworkState ctx={ctx} network={network} />
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
  const { t } = ctx;
  const problem = failed?.problem ?? props.problem ?? null;
  return (
    <Layout ctx={ctx} title={formTitle(t.text("layout.navVerifications"), problem)}>
      <h1>{t.text("layout.navVerifications")}</h1>
      {decided ? <Notice>{t.text("verifications.decided")}</Notice> : null}
      <FormErrorSummary problem={problem} labels={failed ? { [reasonFieldId(failed.applicationId)]: t.text("breakGlass.reasonLabel") } : {}} />
      <p class="lead">{t.text("verifications.lead")}</p>
      <nav aria-label={t.text("verifications.tabsLabel")} class="tabs">
        <ul>
          {QUEUE_STATUSES.map((s) => (
            <li>
              <a href={s === "pending" ? VERIFICATIONS_PATH : `${VERIFICATIONS_PATH}?status=${s}`} aria-current={s === status ? "page" : undefined}>
                {t.text(TAB_KEYS[s])}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <section aria-labelledby="queue-heading">
        <h2 id="queue-heading">{t.text(TAB_KEYS[status])}</h2>
        {applications.length === 0 ? (
          <p>{t.text(status === "pending" ? "verifications.noneWaiting" : "verifications.noneYet")}</p>
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
