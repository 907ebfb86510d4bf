/**
 * An event's page: when and where in words, its accessibility up front, places, the viewer's
 * answer as a form (JavaScript off), the calendar download, and the organisers' tools.
 */
import type { PageContext } from "../web/layout.tsx";
import { Layout } from "../web/layout.tsx";
import { CsrfField, Notice, PersonaBadge } from "../web/components.tsx";
import { Checkbox, FormErrorSummary, formTitle, RadioGroup, Select } from "../web/form-controls.tsx";
import type { FormProblem } from "../web/form-body.ts";
import { Breadcrumb } from "../discussion/discussion.components.tsx";
import { isSignedIn } from "../shared/viewer.ts";
import type { Translator } from "../shared/i18n/translator.ts";
import { AccessibilityDetails, EventWhen, modeWords, myAnswerWords } from "./meetups.components.tsx";
import type { EventView } from "./meetups.presenter.ts";

export const eventTrail = (event: Pick<EventView, "community">, t: Translator) => [
  { href: `/c/${encodeURIComponent(event.community.slug)}`, label: event.community.name },
  { href: `/c/${encodeURIComponent(event.community.slug)}/events`, label: t.text("events.heading") },
];

function Places({ event, ctx }: { event: EventView; ctx: PageContext }) {
  const { t } = ctx;
  if (event.capacity === null) return <p>{t.text("events.goingCount", { going: event.going })}</p>;
  return <p>{t.text("events.placesCount", { going: event.going, left: event.placesLeft ?? 0, waiting: event.waitlisted })}</p>;
}

function RsvpForm({ event, ctx, problem, status }: { event: EventView; ctx: PageContext; problem?: FormProblem | undefined; status?: string | undefined }) {
  const { t, viewer } = ctx;
  if (!isSignedIn(viewer)) return null;
  const personas = viewer.personas.filter((p) => p.kind === "personal" || viewer.isVerifiedClinician);
  const chosen = event.myPersonaId ?? personas[0]?.id ?? "";
  return (
    <form method="post" action={`/events/${event.id}/rsvp`} class="rsvp" novalidate>
      <CsrfField token={ctx.csrfToken} />
      <RadioGroup
        name="status"
        legend={t.text("events.rsvpLegend")}
        error={problem?.fields?.status}
        value={status ?? (event.myStatus === "waitlisted" ? "going" : (event.myStatus ?? ""))}
        options={[
          { value: "going", label: t.text("events.answer.going"), ...(event.placesLeft === 0 && event.myStatus !== "going" ? { hint: t.text("events.answer.goingFull") } : {}) },
          { value: "maybe", label: t.text("events.answer.maybe") },
          { value: "not_going", label: t.text("events.answer.notGoing") },
        ]}
      />
      {personas.length > 1 ? (
        <Select id="field-personaId" name="personaId" label={t.text("events.answerAs")} value={chosen} options={personas.map((p) => ({ value: p.id, label: p.displayName }))} />
      ) : null}
      {event.can.bringPlusOne ? <Checkbox name="plusOne" label={t.text("events.plusOne")} hint={t.text("events.plusOneHint")} error={problem?.fields?.plusOne} checked={event.myPlusOne} /> : null}
      <p class="actions">
        <button type="submit">{t.text("events.saveAnswer")}</button>
      </p>
    </form>
  );
}

export function EventPage({ ctx, event, problem, saved }: { ctx: PageContext; event: EventView; problem?: FormProblem; saved?: boolean }) {
  const { t } = ctx;
  const answer = myAnswerWords(event, t);
  const trail = eventTrail(event, t);
  return (
    <Layout ctx={ctx} title={formTitle(event.title, problem)} community={event.community}>
      <FormErrorSummary problem={problem} labels={{ status: t.text("events.rsvpLegend"), plusOne: t.text("events.plusOne") }} />
      <Breadcrumb items={trail} />
      <article class="event" aria-labelledby="event-title">
        <h1 id="event-title" dir="auto">
          {event.title}
        </h1>
        {event.cancelled ? <Notice>{t.text("events.cancelledNotice")}</Notice> : null}
        {saved && answer ? <Notice>{t.text("events.answerSaved", { answer })}</Notice> : null}
        <dl class="facts event-facts">
          <div>
            <dt>{t.text("events.whenLabel")}</dt>
            <dd>
              <EventWhen event={event} />
            </dd>
          </div>
          <div>
            <dt>{t.text("events.howLabel")}</dt>
            <dd>{modeWords(event.mode, t)}</dd>
          </div>
          {event.location ? (
            <div>
              <dt>{t.text("events.whereLabel")}</dt>
              <dd dir="auto">{event.location}</dd>
            </div>
          ) : null}
          {event.directions ? (
            <div>
              <dt>{t.text("events.directionsLabel")}</dt>
              <dd dir="auto">{event.directions}</dd>
            </div>
          ) : null}
          {event.mode !== "in_person" ? (
            <div>
              <dt>{t.text("events.linkLabel")}</dt>
              <dd>{event.onlineUrl ? <a href={event.onlineUrl} rel="noopener noreferrer">{event.onlineUrl}</a> : t.text("events.linkForGoing")}</dd>
            </div>
          ) : null}
          <div>
            <dt>{t.text("events.organisersLabel")}</dt>
            <dd>
              <ul class="inline-list">
                {event.organisers.map((p) => (
                  <li>
                    <PersonaBadge persona={p} linked />
                  </li>
                ))}
              </ul>
            </dd>
          </div>
        </dl>
        <AccessibilityDetails accessibility={event.accessibility} />
        <section aria-labelledby="event-places-heading" id="rsvp">
          <h2 id="event-places-heading">{t.text("events.placesHeading")}</h2>
          <Places event={event} ctx={ctx} />
          {answer ? <p class="my-answer">{event.waitlistPosition ? t.text("events.waitingAt", { position: event.waitlistPosition }) : answer}</p> : null}
          {event.can.rsvp ? <RsvpForm event={event} ctx={ctx} problem={problem} /> : null}
          {!event.can.rsvp && !event.cancelled && !event.past ? <p>{isSignedIn(ctx.viewer) ? t.text("events.joinToAnswer") : t.text("events.signInToAnswer")}</p> : null}
          {event.past ? <p>{t.text("events.over")}</p> : null}
        </section>
        {event.descriptionHtml ? (
          <section aria-labelledby="event-about-heading">
            <h2 id="event-about-heading">{t.text("events.aboutHeading")}</h2>
            <div class="post-body" dir="auto" dangerouslySetInnerHTML={{ __html: event.descriptionHtml }} />
          </section>
        ) : null}
        <p>
          <a href={`/events/${event.id}.ics`} download>
            {t.text("events.addToCalendar")}
          </a>
        </p>
        {event.myStatus === "going" && event.past ? (
          <p>
            <a href={`/events/${event.id}/met`}>{t.text("events.met.link")}</a>
          </p>
        ) : null}
        {event.followUpThreadId ? (
          <p>
            <a href={`/t/${event.followUpThreadId}`}>{t.text("events.followUpLink")}</a>
          </p>
        ) : null}
        {event.can.edit ? (
          <nav aria-label={t.text("events.organiseNav")} class="manage">
            <ul>
              <li>
                <a href={`/events/${event.id}/edit`}>{t.text("events.editLink")}</a>
              </li>
              <li>
                <a href={`/events/${event.id}/attendees`}>{t.text("events.attendeesLink")}</a>
              </li>
            </ul>
          </nav>
        ) : null}
      </article>
    </Layout>
  );
}
