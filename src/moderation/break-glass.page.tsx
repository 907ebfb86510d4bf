/**
 * Break-glass for administrators: ask to reveal the account behind a persona, decide
 * on requests another administrator made, and (for the one who asked, once approved)
 * see the account. Every step is written to the member's audit log, which they read.
 */
import { CsrfField, Field, PersonaBadge, When } from "../web/components.tsx";
import type { FormProblem } from "../web/form-body.ts";
import { FormErrorSummary, formTitle } from "../web/form-controls.tsx";
import { Layout, type PageContext } from "../web/layout.tsx";
import { REVEAL_DAYS, type BreakGlassView } from "./break-glass.presenter.ts";

const STATUS_WORDS: Record<BreakGlassView["status"], string> = { pending: "Waiting for a second administrator", approved: "Approved", rejected: "Turned down" };

function RequestSummary({ request }: { request: BreakGlassView }) {
  return (
    <dl class="audit-log">
      <dt>Persona</dt>
      <dd>
        <PersonaBadge persona={request.persona} /> <span class="hint">({request.persona.id})</span>
      </dd>
      <dt>Why</dt>
      <dd>{request.reason}</dd>
      <dt>Asked by</dt>
      <dd>
        {request.mine ? "You" : request.requestedBy.username}, <When iso={request.createdAt} />
      </dd>
      <dt>Status</dt>
      <dd>
        {STATUS_WORDS[request.status]}
        {request.decidedBy ? ` by ${request.decidedBy.username}` : ""}
        {request.decisionReason ? `: ${request.decisionReason}` : ""}
      </dd>
    </dl>
  );
}

function DecisionForm({ ctx, request }: { ctx: PageContext; request: BreakGlassView }) {
  if (request.mine) return <p class="hint">You asked for this, so another administrator must decide.</p>;
  const fieldId = `decision-reason-${request.id}`;
  return (
    <form method="post" action={`/admin/break-glass/${encodeURIComponent(request.id)}/decision`}>
      <CsrfField token={ctx.csrfToken} />
      <div class="field">
        <label for={fieldId}>Your reason (optional)</label>
        <p class="hint" id={`${fieldId}-hint`}>
          The member will be able to read it.
        </p>
        <input type="text" id={fieldId} name="reason" maxLength={2000} aria-describedby={`${fieldId}-hint`} />
      </div>
      <p class="form-row">
        <button type="submit" name="decision" value="approve">
          Approve<span class="visually-hidden"> the request about {request.persona.displayName}</span>
        </button>
        <button type="submit" name="decision" value="reject" class="secondary">
          Turn down<span class="visually-hidden"> the request about {request.persona.displayName}</span>
        </button>
      </p>
    </form>
  );
}

export type BreakGlassForm = { personaId: string; reason: string };

export const ASK_LABELS = { personaId: "The persona's address or id", reason: "Reason" };

export function BreakGlassPage(props: {
  ctx: PageContext;
  pending: BreakGlassView[];
  approvedForMe: BreakGlassView[];
  form: BreakGlassForm;
  problem?: FormProblem;
}) {
  const { ctx, pending, approvedForMe, form, problem } = props;
  return (
    <Layout ctx={ctx} title={formTitle("Break-glass: revealing who is behind a persona", problem)}>
      <FormErrorSummary problem={problem} labels={ASK_LABELS} />
      <h1>Break-glass: revealing who is behind a persona</h1>
      <p>
        Personas keep people's lives apart. Seeing which account is behind one is only for serious reasons, such as a safeguarding concern or a
        legal duty. One administrator asks, with a reason; a different administrator decides. The member can read every step in their account's
        record, with your names.
      </p>
      <p>
        <a href="/admin/audit-log">Audit log of this server: every reveal and moderation action</a>
      </p>

      <section aria-labelledby="ask-heading">
        <h2 id="ask-heading">Ask to reveal an account</h2>
        <form method="post" action="/admin/break-glass" novalidate>
          <CsrfField token={ctx.csrfToken} />
          <Field
            name="personaId"
            label={ASK_LABELS.personaId}
            hint="Copy the address of the persona's page (it ends in /personas/ and its id), or just its id."
            value={form.personaId}
            error={problem?.fields?.personaId}
            required
          />
          <Field name="reason" label={ASK_LABELS.reason} hint="Why this must be revealed. The member will be able to read it." multiline rows={3} value={form.reason} error={problem?.fields?.reason} required />
          <p class="hint">Nothing is revealed yet: a second administrator must approve first.</p>
          <button type="submit">Ask a second administrator to approve</button>
        </form>
      </section>

      <section aria-labelledby="pending-heading">
        <h2 id="pending-heading">Waiting for a second administrator</h2>
        {pending.length === 0 ? (
          <p>No requests are waiting.</p>
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
        <h2 id="approved-heading">Approved for you</h2>
        {approvedForMe.length === 0 ? (
          <p>Nothing has been approved for you to see.</p>
        ) : (
          <ul class="card-list">
            {approvedForMe.map((request) => (
              <li class="card">
                <RequestSummary request={request} />
                <p>
                  <a href={`/admin/break-glass/${encodeURIComponent(request.id)}`}>
                    See the account<span class="visually-hidden"> behind {request.persona.displayName}</span>
                  </a>{" "}
                  (each viewing is recorded)
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
const DONE: Record<string, { title: string; next: string[] }> = {
  asked: {
    title: "Your request is sent",
    next: [
      "Nothing is revealed yet. A second administrator must approve it; you cannot approve your own request.",
      "The member is told: this request and your reason are in their account's record now, and so will be the decision and every viewing.",
      `If it is approved, you can see the account on this page for ${REVEAL_DAYS} days.`,
    ],
  },
  approved: {
    title: "You approved the request",
    next: [
      `The administrator who asked can now see the account behind this persona, for ${REVEAL_DAYS} days. You cannot.`,
      "The member is told: your approval and your reason are in their account's record, with your name.",
    ],
  },
  rejected: {
    title: "You turned down the request",
    next: ["Nothing is revealed. The member is told: the request and that you turned it down are in their account's record, with your name."],
  },
};

export function BreakGlassRequestPage({ ctx, request, done }: { ctx: PageContext; request: BreakGlassView; done?: string }) {
  const step = done ? DONE[done] : undefined;
  return (
    <Layout ctx={ctx} title={step ? step.title : "Break-glass request"}>
      <p class="breadcrumb">
        <a href="/admin/break-glass">Back to break-glass</a>
      </p>
      {step ? (
        <div class="notice" role="status">
          <h1>{step.title}</h1>
          <h2>What happens next</h2>
          <ul>
            {step.next.map((line) => (
              <li>{line}</li>
            ))}
          </ul>
        </div>
      ) : (
        <h1>Break-glass request</h1>
      )}
      {step ? <h2>The request</h2> : null}
      <RequestSummary request={request} />
      {request.account ? (
        <section class="reveal" aria-labelledby="reveal-heading">
          <h2 id="reveal-heading">The account behind this persona</h2>
          <p>
            Username: <strong>{request.account.username}</strong>
          </p>
          <p>
            Account id: <code>{request.account.id}</code>
          </p>
          <p class="hint">
            This viewing has been recorded in the member's account record.
            {request.revealUntil ? (
              <>
                {" "}
                You can see it until <When iso={request.revealUntil} />.
              </>
            ) : null}
          </p>
        </section>
      ) : request.status === "pending" ? (
        <DecisionForm ctx={ctx} request={request} />
      ) : (
        <p>The account is shown only to the administrator who asked, once a second administrator has approved, for a few days.</p>
      )}
    </Layout>
  );
}
