/** Pieces of the event pages: when it is (in its own time zone, in words), its accessibility in words, and a list item. */
import type { Translator } from "../shared/i18n/translator.ts";
import { useT } from "../web/i18n.ts";
import { ACCESSIBILITY_LABELS } from "./event-forms.tsx";
import { ACCESSIBILITY_KEYS } from "./meetups.schemas.ts";
import type { EventSummaryView } from "./meetups.presenter.ts";

/** "Sunday 29 March 2026, 18:30 to 20:00 (Europe/London time)": the times where the event is. */
export function whenWords(event: Pick<EventSummaryView, "startsAt" | "endsAt" | "timeZone">, t: Translator): string {
  const start = new Date(event.startsAt);
  const end = new Date(event.endsAt);
  const day = (d: Date) => t.date(d, { weekday: "long", day: "numeric", month: "long", year: "numeric", timeZone: event.timeZone });
  const time = (d: Date) => t.date(d, { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: event.timeZone });
  const sameDay = day(start) === day(end);
  return t.text(sameDay ? "events.whenSameDay" : "events.whenSpanning", {
    day: day(start),
    start: time(start),
    endDay: day(end),
    end: time(end),
    zone: event.timeZone,
  });
}

export function EventWhen({ event }: { event: Pick<EventSummaryView, "startsAt" | "endsAt" | "timeZone"> }) {
  const t = useT();
  return <time dateTime={event.startsAt}>{whenWords(event, t)}</time>;
}

const MODE_KEYS = { in_person: "events.mode.inPerson", online: "events.mode.online", hybrid: "events.mode.hybrid" } as const;
export const modeWords = (mode: EventSummaryView["mode"], t: Translator) => t.text(MODE_KEYS[mode]);

/** Every accessibility fact in words: yes, no, or not stated (never an icon alone). */
export function AccessibilityDetails({ accessibility, headingLevel = 2 }: { accessibility: EventSummaryView["accessibility"]; headingLevel?: 2 | 3 }) {
  const t = useT();
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <section class="event-accessibility" aria-labelledby="event-accessibility-heading">
      <Heading id="event-accessibility-heading">{t.text("events.accessibilityHeading")}</Heading>
      <dl class="facts">
        {ACCESSIBILITY_KEYS.map((key) => {
          const value = accessibility[key];
          return (
            <div>
              <dt>{t.text(ACCESSIBILITY_LABELS[key])}</dt>
              <dd>{t.text(value === true ? "events.a11y.yes" : value === false ? "events.a11y.no" : "events.a11y.unknown")}</dd>
            </div>
          );
        })}
      </dl>
      {accessibility.notes ? <p class="event-accessibility-notes">{accessibility.notes}</p> : null}
    </section>
  );
}

/** What the viewer answered, in words. */
export function myAnswerWords(event: Pick<EventSummaryView, "myStatus">, t: Translator): string | null {
  switch (event.myStatus) {
    case "going":
      return t.text("events.youAreGoing");
    case "waitlisted":
      return t.text("events.youAreWaiting");
    case "maybe":
      return t.text("events.youSaidMaybe");
    case "not_going":
      return t.text("events.youSaidNo");
    default:
      return null;
  }
}

/** One event in a list: its title as a link, when, how, places, and the viewer's own answer. */
export function EventListItem({ event }: { event: EventSummaryView }) {
  const t = useT();
  const answer = myAnswerWords(event, t);
  return (
    <li class="event-item">
      <h3>
        <a href={`/events/${event.id}`}>{event.title}</a>
      </h3>
      <p>
        <EventWhen event={event} />
      </p>
      <p>
        {modeWords(event.mode, t)}
        {event.location ? ` · ${event.location}` : ""}
      </p>
      <p>
        {event.cancelled
          ? t.text("events.cancelledShort")
          : event.placesLeft === null
            ? t.text("events.goingCount", { going: event.going })
            : t.text("events.placesCount", { going: event.going, left: event.placesLeft, waiting: event.waitlisted })}
        {answer ? ` · ${answer}` : ""}
      </p>
    </li>
  );
}

/** The community page's next events: up to three, and the way to all of them. */
export function ComingUp({ slug, events }: { slug: string; events: EventSummaryView[] }) {
  const t = useT();
  return (
    <section class="coming-up" aria-labelledby="coming-up-heading">
      <h2 id="coming-up-heading">{t.text("events.comingUpHeading")}</h2>
      {events.length === 0 ? <p>{t.text("events.noneComing")}</p> : <ul class="event-list">{events.map((e) => <EventListItem event={e} />)}</ul>}
      <p>
        <a href={`/c/${slug}/events`}>{t.text("events.allLink")}</a>
      </p>
    </section>
  );
}
