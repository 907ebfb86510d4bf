/** The organisers' list of who answered, with a move for each person, and a message to everyone coming. */
import type { PageContext } from "../web/layout.tsx";
import { Layout } from "../web/layout.tsx";
import { CsrfField, Field, Notice, PersonaBadge } from "../web/components.tsx";
import { FormErrorSummary, formTitle } from "../web/form-controls.tsx";
import type { FormProblem } from "../web/form-body.ts";
import { Breadcrumb } from "../discussion/discussion.components.tsx";
import { LIMITS } from "../shared/limits.ts";
import type { Translator } from "../shared/i18n/translator.ts";
import type { AttendeeView, EventView } from "./meetups.presenter.ts";
import { eventTrail } from "./event.page.tsx";

const STATUS_KEYS = { going: "events.status.going", waitlisted: "events.status.waitlisted", maybe: "events.status.maybe", not_going: "events.status.notGoing" } as const;

function statusWords(a: AttendeeView, t: Translator): string {
  const base = a.status === "waitlisted" && a.position ? t.text("events.status.waitingAt", { position: a.position }) : t.text(STATUS_KEYS[a.status]);
  return a.plusOne ? `${base} ${t.text("events.status.withPlusOne")}` : base;
}

function MoveButton({ ctx, event, attendee, to, label }: { ctx: PageContext; event: EventView; attendee: AttendeeView; to: string; label: string }) {
  return (
    <form method="post" action={`/events/${event.id}/attendees/${attendee.persona.id}`} class="inline-form">
      <CsrfField token={ctx.csrfToken} />
      <input type="hidden" name="status" value={to} />
      <button type="submit" class="secondary">
        {label}
      </button>
    </form>
  );
}

export function AttendeesPage({ ctx, event, attendees, problem, sent }: { ctx: PageContext; event: EventView; attendees: AttendeeView[]; problem?: FormProblem; sent?: boolean }) {
  const { t } = ctx;
  const heading = t.text("events.attendeesHeading", { title: event.title });
  return (
    <Layout ctx={ctx} title={formTitle(heading, problem)} community={event.community}>
      <FormErrorSummary problem={problem} labels={{ body: t.text("events.messageLabel"), status: t.text("events.moveLabel") }} />
      <Breadcrumb items={[...eventTrail(event, t), { href: `/events/${event.id}`, label: event.title }]} />
      <h1>{heading}</h1>
      {sent ? <Notice>{t.text("events.messageSent")}</Notice> : null}
      <p>{event.capacity === null ? t.text("events.goingCount", { going: event.going }) : t.text("events.placesCount", { going: event.going, left: event.placesLeft ?? 0, waiting: event.waitlisted })}</p>
      {attendees.length === 0 ? (
        <p>{t.text("events.nobodyYet")}</p>
      ) : (
        <table class="attendees">
          <caption>{t.text("events.attendeesCaption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t.text("events.col.person")}</th>
              <th scope="col">{t.text("events.col.answer")}</th>
              <th scope="col">{t.text("events.col.move")}</th>
            </tr>
          </thead>
          <tbody>
            {attendees.map((a) => (
              <tr>
                <td>
                  <PersonaBadge persona={a.persona} />
                </td>
                <td>{statusWords(a, t)}</td>
                <td>
                  {a.status !== "going" ? <MoveButton ctx={ctx} event={event} attendee={a} to="going" label={t.text("events.move.going", { name: a.persona.displayName })} /> : null}
                  {a.status === "going" || a.status === "waitlisted" ? (
                    <MoveButton ctx={ctx} event={event} attendee={a} to="waitlisted" label={t.text("events.move.waitlisted", { name: a.persona.displayName })} />
                  ) : null}
                  {a.status !== "not_going" ? <MoveButton ctx={ctx} event={event} attendee={a} to="not_going" label={t.text("events.move.notGoing", { name: a.persona.displayName })} /> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <section aria-labelledby="message-heading">
        <h2 id="message-heading">{t.text("events.messageHeading")}</h2>
        <form method="post" action={`/events/${event.id}/messages`} novalidate>
          <CsrfField token={ctx.csrfToken} />
          <Field name="body" multiline rows={4} label={t.text("events.messageLabel")} hint={t.text("events.messageHint")} error={problem?.fields?.body} maxLength={LIMITS.eventMessage} />
          <p class="actions">
            <button type="submit">{t.text("events.messageSend")}</button>
          </p>
        </form>
      </section>
    </Layout>
  );
}
