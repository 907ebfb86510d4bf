/**
 * Break-glass for administrators: ask to reveal the account behind a persona, decide
 * on requests another administrator made, and (for the one who asked, once approved)
 * see the account. Every step is written to the member's audit log, which they read.
 */
import type { Translator } from "../shared/i18n/translator.ts";
import { CsrfField, Field, PersonaBadge, When } from "../web/components.tsx";
import type { FormProblem } from "../web/form-body.ts";
import { FormErrorSummary, formTitle } from "../web/form-controls.tsx";
import { useT } from "../web/i18n.ts";
import { Layout, type PageContext } from "../web/layout.tsx";
import { REVEAL_DAYS, type BreakGlassView } from "./break-glass.presenter.ts";

const STATUS_KEYS: Record<BreakGlassView["status"], string> = {
  pending: "breakGlass.statusPending",
  approved: "breakGlass.statusApproved",
  rejected: "breakGlass.statusRejected",
};

function RequestSummary({ request }: { request: BreakGlassView }) {
  const t = useT();
  const status = t.text(STATUS_KEYS[request.status]);
  return (
    <dl class="audit-log">
      <dt>{t.text("auditLog.persona")}</dt>
      <dd>
        <PersonaBadge persona={request.persona} /> <span class="hint">({request.persona.id})</span>
      </dd>
      <dt>{t.text("breakGlass.why")}</dt>
      <dd>{request.reason}</dd>
      <dt>{t.text("breakGlass.askedBy")}</dt>
      <dd>
        {request.mine ? t.text("breakGlass.you") : request.requestedBy.username}, <When iso={request.createdAt} />
      </dd>
      <dt>{t.text("breakGlass.status")}</dt>
      <dd>
        {request.decidedBy ? t.text("breakGlass.statusBy", { status, username: request.decidedBy.username }) : status}
        {request.decisionReason ? `: ${request.decisionReason}` : ""}
      </dd>
    </dl>
  );
}

function DecisionForm({ ctx, request }: { ctx: PageContext; request: BreakGlassView }) {
  const { t } = ctx;
  if (request.mine) return <p class="hint">{t.text("breakGlass.mineDecide")}</p>;
  const fieldId = `decision-reason-${request.id}`;
  const about = t.text("breakGlass.requestAbout", { name: request.persona.displayName });
  return (
    <form method="post" action={`/admin/break-glass/${encodeURIComponent(request.id)}/decision`}>
      <CsrfField token={ctx.csrfToken} />
      <div class="field">
        <label for={fieldId}>{t.text("breakGlass.decisionReasonLabel")}</label>
        <p class="hint" id={`${fieldId}-hint`}>
          {t.text("breakGlass.memberCanRead")}
        </p>
        <input type="text" id={fieldId} name="reason" maxLength={2000} aria-describedby={`${fieldId}-hint`} />
      </div>
      <p class="form-row">
        <button type="submit" name="decision" value="approve">
          {t.text("breakGlass.approve")}
          <span class="visually-hidden"> {about}</span>
        </button>
        <button type="submit" name="decision" value="reject" class="secondary">
          {t.text("breakGlass.turnDown")}
          <span class="visually-hidden"> {about}</span>
        </button>
      </p>
    </form>
  );
}

export type BreakGlassForm = { personaId: string; reason: string };

/** The ask form's labels, in the reader's language (the error summary names the fields by them). */
export const askLabels = (t: Translator) => ({ personaId: t.text("breakGlass.personaIdLabel"), reason: t.text("breakGlass.reasonLabel") });

export function BreakGlassPage(props: {
  ctx: PageContext;
  pending: BreakGlassView[];
  approvedForMe: BreakGlassView[];
  form: BreakGlassForm;
  problem?: FormProblem;
}) {
  const { ctx, pending, approvedForMe, form, problem } = props;
  const { t } = ctx;
  const labels = askLabels(t);
  return (
    <Layout ctx={ctx} title={formTitle(t.text("breakGlass.title"), problem)}>
      <FormErrorSummary problem={problem} labels={labels} />
      <h1>{t.text("breakGlass.title")}</h1>
      <p>{t.text("breakGlass.lead")}</p>
      <p>
        <a href="/admin/audit-log">{t.text("breakGlass.auditLogLink")}</a>
      </p>

      <section aria-labelledby="ask-heading">
        <h2 id="ask-heading">{t.text("breakGlass.askHeading")}</h2>
        <form method="post" action="/admin/break-glass" novalidate>
          <CsrfField token={ctx.csrfToken} />
          <Field
            name="personaId"
            label={labels.personaId}
            hint={t.text("breakGlass.personaIdHint")}
            value={form.personaId}
            error={problem?.fields?.personaId}
            required
          />
          <Field name="reason" label={labels.reason} hint={t.text("breakGlass.reasonHint")} multiline rows={3} value={form.reason} error={problem?.fields?.reason} required />
          <p class="hint">{t.text("breakGlass.nothingYet")}</p>
          <button type="submit">{t.text("breakGlass.askSubmit")}</button>
        </form>
      </section>

      <section aria-labelledby="pending-heading">
        <h2 id="pending-heading">{t.text("breakGlass.statusPending")}</h2>
        {pending.length === 0 ? (
          <p>{t.text("breakGlass.noneWaiting")}</p>
        ) : (
          <ul class="card-list">
            {pending.map((request) => (
              <li class="card">
                <RequestSummary request={request} />
                <DecisionForm ctx={ctx} request={request} />
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="approved-heading">
        <h2 id="approved-heading">{t.text("breakGlass.approvedHeading")}</h2>
        {approvedForMe.length === 0 ? (
          <p>{t.text("breakGlass.noneApproved")}</p>
        ) : (
          <ul class="card-list">
            {approvedForMe.map((request) => (
              <li class="card">
                <RequestSummary request={request} />
                <p>
                  <a href={`/admin/break-glass/${encodeURIComponent(request.id)}`}>
                    {t.text("breakGlass.seeAccount")}
                    <span class="visually-hidden"> {t.text("breakGlass.behind", { name: request.persona.displayName })}</span>
                  </a>{" "}
                  {t.text("breakGlass.eachViewing")}
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>
    </Layout>
  );
}

/** What each step did and what happens next, said on the request's page after the step (?done=…). */
const DONE: Record<string, (t: Translator) => { title: string; next: string[] }> = {
  asked: (t) => ({
    title: t.text("breakGlass.askedTitle"),
    next: [t.text("breakGlass.askedNothingYet"), t.text("breakGlass.askedMemberTold"), t.text("breakGlass.askedIfApproved", { days: REVEAL_DAYS })],
  }),
  approved: (t) => ({
    title: t.text("breakGlass.approvedTitle"),
    next: [t.text("breakGlass.approvedCanSee", { days: REVEAL_DAYS }), t.text("breakGlass.approvedMemberTold")],
  }),
  rejected: (t) => ({
    title: t.text("breakGlass.rejectedTitle"),
    next: [t.text("breakGlass.rejectedNothing")],
  }),
};

export function BreakGlassRequestPage({ ctx, request, done }: { ctx: PageContext; request: BreakGlassView; done?: string }) {
  const { t } = ctx;
  const step = done && Object.hasOwn(DONE, done) ? DONE[done]!(t) : undefined;
  return (
    <Layout ctx={ctx} title={step ? step.title : t.text("breakGlass.requestTitle")}>
      <p class="breadcrumb">
        <a href="/admin/break-glass">{t.text("breakGlass.back")}</a>
      </p>
      {step ? (
        <div class="notice" role="status">
          <h1>{step.title}</h1>
          <h2>{t.text("breakGlass.whatNext")}</h2>
          <ul>
            {step.next.map((line) => (
              <li>{line}</li>
            ))}
          </ul>
        </div>
      ) : (
        <h1>{t.text("breakGlass.requestTitle")}</h1>
      )}
      {step ? <h2>{t.text("breakGlass.theRequest")}</h2> : null}
      <RequestSummary request={request} />
      {request.account ? (
        <section class="reveal" aria-labelledby="reveal-heading">
          <h2 id="reveal-heading">{t.text("breakGlass.accountHeading")}</h2>
          <p>
            {t.text("breakGlass.username")} <strong>{request.account.username}</strong>
          </p>
          <p>
            {t.text("breakGlass.accountId")} <code>{request.account.id}</code>
          </p>
          <p class="hint">
            {t.text("breakGlass.viewingRecorded")}
            {request.revealUntil ? (
              <>
                {" "}
                {t.text("breakGlass.seeUntil")} <When iso={request.revealUntil} />
                {t.text("breakGlass.seeUntilEnd")}
              </>
            ) : null}
          </p>
        </section>
      ) : request.status === "pending" ? (
        <DecisionForm ctx={ctx} request={request} />
      ) : (
        <p>{t.text("breakGlass.shownOnlyTo")}</p>
      )}
    </Layout>
  );
}
