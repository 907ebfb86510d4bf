/**
 * The notifications page: what happened, newest first, each with a link that marks it
 * read on the way (GET /notifications/open/:id, ADR 31); and the email settings page.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { RouteContext } from "../http/context.ts";
import { isSignedIn } from "../shared/viewer.ts";
import { Layout, type PageContext } from "../web/layout.tsx";
import { CsrfField, ErrorSummary, Notice, PersonaBadge, When } from "../web/components.tsx";
import { pageContext, redirectAfterPost, sendPage } from "../web/page-context.ts";
import { seeOther, sendToSignIn } from "../web/redirect-target.ts";
import type { Page } from "../shared/cursor.ts";
import { useT } from "../web/i18n.ts";
import type { Translator } from "../shared/i18n/translator.ts";
import type { NotificationTypes } from "./notification-types.ts";
import type { EventReminders } from "./notifications.service.ts";
import { EMAIL_CHOICES, NOTIFICATION_TYPES, type EmailChoices } from "./notification-types.ts";
import { withParts } from "../web/message-parts.tsx";
import { attempt, problemFrom, type FormProblem } from "../web/form-body.ts";
import { OFFICE_HOURS_PATH, OfficeHoursForm, officeHoursProblem, officeHoursValues, readOfficeHoursForm, type OfficeHoursFormValues } from "./office-hours.form.tsx";
import {
  changeWords,
  isEventNotification,
  isOutcome,
  isQuestionNotification,
  NOTIFICATION_SETTINGS_PATH,
  NOTIFICATIONS_OPEN_PATH,
  type EventNotificationView,
  type NotificationView,
  type OutcomeNotificationView,
  type PostNotificationView,
  type QuestionNotificationView,
} from "./notifications.presenter.ts";


const hide = { schema: { hide: true } };

export const NOTIFICATIONS_PATH = "/notifications";

const openPath = (n: NotificationView) => `${NOTIFICATIONS_OPEN_PATH}/${encodeURIComponent(n.id)}`;

/** The reason as the page shows it: a moderator's is "Reason given", as on the public log. */
function OutcomeItem({ n }: { n: OutcomeNotificationView }) {
  const t = useT();
  return (
    <li class={n.read ? "notification" : "notification notification-unread"}>
      <p>
        {n.read ? null : <strong class="notification-new">{t.text("notifications.new")} </strong>}
        <a href={openPath(n)}>{n.message}</a>
      </p>
      {n.reason ? <p class="notification-reason">{t.text("notifications.reasonGiven", { reason: n.reason })}</p> : null}
      <p class="notification-meta">
        {n.persona ? (
          <>
            {withParts(t, "notifications.toYouAs", {}, { persona: <PersonaBadge persona={n.persona} /> })} ·{" "}
          </>
        ) : null}
        <When iso={n.createdAt} />
      </p>
    </li>
  );
}

// Written out, key by key, so the catalogue check sees every key in use.
const EVENT_KEYS: Record<string, string> = {
  event_promoted: "events.notified.promoted",
  event_changed: "events.notified.changed",
  event_cancelled: "events.notified.cancelled",
  event_message: "events.notified.message",
  event_reminder: "events.notified.reminder",
};

/** The sentence of a notification about an event (ADR 47); an organisers' message follows it, in their words. */
function EventHappened({ t, n }: { t: Translator; n: EventNotificationView }) {
  const event = <a href={openPath(n)}>“{n.event.title}”</a>;
  const values = { changes: changeWords(n.changes.join(","), t), reminder: n.reminder ?? "hours", community: n.community.name };
  const parts = n.kind === "event_message" && n.actor ? { event, actor: <PersonaBadge persona={n.actor} /> } : { event, actor: <>{t.text("events.notified.theOrganisers")}</> };
  return <>{withParts(t, EVENT_KEYS[n.kind]!, values, parts)}</>;
}

/**
 * The sentence of a notification of the edge network (ADR 51). A routed question says only that
 * it may be yours to answer: never who asked or who else was asked; "To you as" names the persona asked.
 */
function QuestionHappened({ t, n }: { t: Translator; n: QuestionNotificationView }) {
  const thread = <a href={openPath(n)}>“{n.thread.title}”</a>;
  if (n.kind === "answer_accepted") {
    const actor = n.actor ? <PersonaBadge persona={n.actor} /> : <>{t.text("questions.notified.theAsker")}</>;
    return <>{withParts(t, "questions.notified.accepted", { community: n.community.name }, { thread, actor })}</>;
  }
  const key = n.kind === "question_routed" ? "questions.notified.routed" : "questions.notified.unanswered";
  return <>{withParts(t, key, { community: n.community.name }, { thread })}</>;
}

/** The sentence of a notification about a post, a follower, reactions, a poll's closing or a welcome, its people as persona badges. */
function happenedIn(t: Translator, n: Exclude<NotificationView, OutcomeNotificationView>) {
  if (isEventNotification(n)) return <EventHappened t={t} n={n} />;
  if (isQuestionNotification(n)) return <QuestionHappened t={t} n={n} />;
  if (n.kind === "new_follower") return withParts(t, "follows.notifiedFollower", {}, { actor: <a href={openPath(n)}>{n.actor.displayName}</a> });
  if (n.kind === "welcome") {
    const link = <a href={openPath(n)}>{n.community.name}</a>;
    return withParts(t, "welcome.notified", {}, { actor: <PersonaBadge persona={n.actor} />, link });
  }
  if (n.kind === "poll_closed") {
    const results = <a href={openPath(n)}>{t.text("polls.seeResults")}</a>;
    return withParts(t, "polls.notifiedClosed", { question: n.question }, { results, thread: <>“{n.thread.title}”</> });
  }
  const thread = <a href={openPath(n)}>“{n.thread.title}”</a>;
  if (n.kind === "reactions") {
    const word = t.text(REACTION_WORD_KEYS[n.reaction] ?? "reactions.thanks");
    return withParts(t, "follows.notifiedReactions", { count: n.count, word, community: n.community.name }, { thread });
  }
  const actor = <PersonaBadge persona={n.actor} />;
  const key = n.kind === "reply" || n.kind === "mention" || n.kind === "thread_activity" ? "notifications.postEvent" : "follows.notifiedPost";
  return withParts(t, key, { kind: n.kind, community: n.community.name }, { actor, thread });
}

// Written out, key by key, so the catalogue check sees every key in use.
const REACTION_WORD_KEYS: Record<string, string> = { thanks: "reactions.thanks", me_too: "reactions.me_too", hug: "reactions.hug", helpful: "reactions.helpful" };

function NotificationItem({ n }: { n: NotificationView }) {
  const t = useT();
  if (isOutcome(n)) return <OutcomeItem n={n} />;
  const happened = happenedIn(t, n);
  return (
    <li class={n.read ? "notification" : "notification notification-unread"}>
      <p>
        {n.read ? null : <strong class="notification-new">{t.text("notifications.new")} </strong>}
        {happened}
      </p>
      {isEventNotification(n) && n.message ? <blockquote class="notification-message">{n.message}</blockquote> : null}
      <p class="notification-meta">
        {n.persona ? <>{withParts(t, "notifications.toYouAs", {}, { persona: <PersonaBadge persona={n.persona} /> })} · </> : null}
        <When iso={n.createdAt} />
      </p>
    </li>
  );
}

export function NotificationsPage({ ctx, page, cursor }: { ctx: PageContext; page: Page<NotificationView>; cursor?: string }) {
  const { t } = ctx;
  const unread = page.items.some((n) => !n.read) || (ctx.unreadNotifications ?? 0) > 0;
  return (
    <Layout ctx={ctx} title={t.text("notifications.title")}>
      <h1>{t.text("notifications.title")}</h1>
      <p class="lead">
        {t.text("notifications.lead")} <a href={NOTIFICATION_SETTINGS_PATH}>{t.text("emailSettings.title")}</a>
      </p>
      {unread ? (
        <form method="post" action={`${NOTIFICATIONS_PATH}/read`}>
          <CsrfField token={ctx.csrfToken} />
          <button type="submit" class="secondary">
            {t.text("notifications.markAllRead")}
          </button>
        </form>
      ) : null}
      {page.items.length === 0 ? (
        <p>{t.text(cursor ? "notifications.noOlder" : "notifications.none")}</p>
      ) : (
        <ul class="notifications">
          {page.items.map((n) => (
            <NotificationItem n={n} />
          ))}
        </ul>
      )}
      {page.nextCursor ? (
        <nav class="pagination" aria-label={t.text("notifications.older")}>
          <a href={`${NOTIFICATIONS_PATH}?cursor=${encodeURIComponent(page.nextCursor)}`}>{t.text("notifications.older")}</a>
        </nav>
      ) : null}
    </Layout>
  );
}

// Written out, key by key, so the catalogue check sees every key in use.
const TYPE_KEYS: Record<string, string> = {
  replies: "notificationTypes.replies",
  mentions: "notificationTypes.mentions",
  follows: "notificationTypes.follows",
  followers: "notificationTypes.followers",
  reactions: "notificationTypes.reactions",
  polls: "notificationTypes.polls",
  welcomes: "notificationTypes.welcomes",
  events: "notificationTypes.events",
  questions: "notificationTypes.questions",
};

/** Which types of notification are written: one checkbox each, works without JavaScript (ADR 35). */
function NotificationTypesForm({ ctx, types, saved }: { ctx: PageContext; types: NotificationTypes; saved?: boolean }) {
  const { t } = ctx;
  return (
    <section aria-labelledby="types-title">
      <h2 id="types-title">{t.text("notificationTypes.title")}</h2>
      {saved ? <Notice>{t.text("notificationTypes.saved")}</Notice> : null}
      <p>{t.text("notificationTypes.lead")}</p>
      <form method="post" action={`${NOTIFICATION_SETTINGS_PATH}/types`}>
        <CsrfField token={ctx.csrfToken} />
        <fieldset>
          <legend>{t.text("notificationTypes.legend")}</legend>
          {NOTIFICATION_TYPES.map((type) => (
            <div class="radio">
              <input type="checkbox" id={`field-type-${type}`} name={type} value="on" checked={types[type]} />
              <label for={`field-type-${type}`}>{t.text(TYPE_KEYS[type]!)}</label>
            </div>
          ))}
        </fieldset>
        <button type="submit">{t.text("notificationTypes.save")}</button>
      </form>
    </section>
  );
}

/** Event reminders (ADR 47): two boxes, works without JavaScript. */
function EventRemindersForm({ ctx, reminders, saved }: { ctx: PageContext; reminders: EventReminders; saved?: boolean }) {
  const { t } = ctx;
  return (
    <section aria-labelledby="event-reminders-title">
      <h2 id="event-reminders-title">{t.text("eventReminders.title")}</h2>
      {saved ? <Notice>{t.text("eventReminders.saved")}</Notice> : null}
      <p>{t.text("eventReminders.lead")}</p>
      <form method="post" action={`${NOTIFICATION_SETTINGS_PATH}/reminders`}>
        <CsrfField token={ctx.csrfToken} />
        <fieldset>
          <legend>{t.text("eventReminders.legend")}</legend>
          <div class="radio">
            <input type="checkbox" id="field-reminder-day" name="dayBefore" value="on" checked={reminders.dayBefore} />
            <label for="field-reminder-day">{t.text("eventReminders.dayBefore")}</label>
          </div>
          <div class="radio">
            <input type="checkbox" id="field-reminder-hours" name="twoHoursBefore" value="on" checked={reminders.twoHoursBefore} />
            <label for="field-reminder-hours">{t.text("eventReminders.twoHoursBefore")}</label>
          </div>
        </fieldset>
        <button type="submit">{t.text("eventReminders.save")}</button>
      </form>
    </section>
  );
}

// Written out, key by key, so the catalogue check sees every key in use.
const CHOICE_KEYS: Record<string, string> = { off: "emailTypes.off", immediate: "emailTypes.immediate", daily: "emailTypes.daily", weekly: "emailTypes.weekly" };

/** Each type's email: one group of radios per type, works without JavaScript (ADR 38). */
function EmailChoicesForm({ ctx, email, hasEmail, saved }: { ctx: PageContext; email: EmailChoices; hasEmail: boolean; saved?: boolean }) {
  const { t } = ctx;
  return (
    <section aria-labelledby="email-types-title">
      <h2 id="email-types-title">{t.text("emailTypes.title")}</h2>
      {saved ? <Notice>{t.text("emailTypes.saved")}</Notice> : null}
      <p>{t.text("emailTypes.lead")}</p>
      {hasEmail ? null : <p class="notice">{t.text("emailTypes.noEmail")}</p>}
      <form method="post" action={`${NOTIFICATION_SETTINGS_PATH}/email`}>
        <CsrfField token={ctx.csrfToken} />
        {NOTIFICATION_TYPES.map((type) => (
          <fieldset>
            <legend>{t.text(TYPE_KEYS[type]!)}</legend>
            {EMAIL_CHOICES.map((choice) => (
              <div class="radio">
                <input type="radio" id={`field-email-${type}-${choice}`} name={`email-${type}`} value={choice} checked={email[type] === choice} />
                <label for={`field-email-${type}-${choice}`}>{t.text(CHOICE_KEYS[choice]!)}</label>
              </div>
            ))}
          </fieldset>
        ))}
        <button type="submit">{t.text("emailTypes.save")}</button>
      </form>
    </section>
  );
}

export function NotificationSettingsPage(props: {
  ctx: PageContext;
  settings: { outcomeEmails: boolean; hasEmail: boolean };
  types: NotificationTypes;
  email: EmailChoices;
  reminders: EventReminders;
  remindersSaved?: boolean;
  saved?: boolean;
  typesSaved?: boolean;
  emailSaved?: boolean;
  problem?: boolean;
  /** For an account with a clinician persona only: when its digests may arrive. */
  officeHours?: { values: OfficeHoursFormValues; isSet: boolean; problem?: FormProblem | null; saved?: boolean } | null;
  /** Why office hours sent by an account that may not set them were refused (it has no form to show it beside). */
  officeHoursRefused?: string | null;
}) {
  const { ctx, settings, saved, problem } = props;
  const { t } = ctx;
  const title = t.text("emailSettings.title");
  const choose = t.text("emailSettings.choose");
  return (
    <Layout ctx={ctx} title={problem ? t.text("form.errorTitle", { title }) : title}>
      <h1>{title}</h1>
      {problem ? <ErrorSummary message={t.text("emailSettings.notSaved")} fields={{ "outcome-emails-on": choose }} /> : null}
      {props.officeHoursRefused ? <ErrorSummary message={props.officeHoursRefused} /> : null}
      {saved ? <Notice>{t.text("emailSettings.saved", { outcomeEmails: settings.outcomeEmails ? "on" : "off" })}</Notice> : null}
      <p class="lead">{t.text("emailSettings.lead")}</p>
      {settings.hasEmail ? null : <p class="notice">{t.text("emailSettings.noEmail")}</p>}
      <form method="post" action={NOTIFICATION_SETTINGS_PATH}>
        <CsrfField token={ctx.csrfToken} />
        <fieldset class={problem ? "field-error" : undefined} aria-describedby={problem ? "outcome-emails-error" : undefined}>
          <legend>{t.text("emailSettings.legend")}</legend>
          {problem ? (
            <p class="error" id="outcome-emails-error">
              {choose}
            </p>
          ) : null}
          <div class="radio">
            <input type="radio" id="field-outcome-emails-on" name="outcomeEmails" value="on" checked={settings.outcomeEmails} />
            <label for="field-outcome-emails-on">{t.text("emailSettings.yes")}</label>
          </div>
          <div class="radio">
            <input type="radio" id="field-outcome-emails-off" name="outcomeEmails" value="off" checked={!settings.outcomeEmails} />
            <label for="field-outcome-emails-off">{t.text("emailSettings.no")}</label>
          </div>
        </fieldset>
        <button type="submit">{t.text("emailSettings.save")}</button>
      </form>
      <NotificationTypesForm ctx={ctx} types={props.types} saved={props.typesSaved} />
      <EmailChoicesForm ctx={ctx} email={props.email} hasEmail={settings.hasEmail} saved={props.emailSaved} />
      <EventRemindersForm ctx={ctx} reminders={props.reminders} saved={props.remindersSaved} />
      {props.officeHours ? <OfficeHoursForm ctx={ctx} {...props.officeHours} /> : null}
      <p>
        <a href="/settings/calendar">{t.text("calendarSettings.link")}</a>
      </p>
      <p>
        <a href={NOTIFICATIONS_PATH}>{t.text("emailSettings.back")}</a>
      </p>
    </Layout>
  );
}

export async function notificationsPages(app: FastifyInstance, { services }: RouteContext) {
  type Shown = { saved?: boolean; typesSaved?: boolean; emailSaved?: boolean; remindersSaved?: boolean; problem?: boolean };
  type HoursShown = { values?: OfficeHoursFormValues; problem?: FormProblem; saved?: boolean };
  /** The settings page, with what each of its forms shows; office hours only for an account with a clinician persona. */
  const showSettings = async (request: FastifyRequest, reply: FastifyReply, shown: Shown, hours: HoursShown, status = 200) => {
    const { viewer } = request;
    const settings = await services.notifications.emailSettings(viewer);
    const types = await services.notifications.notificationTypes(viewer);
    const email = await services.notificationEmail.emailChoices(viewer);
    const reminders = await services.notifications.eventReminders(viewer);
    const clinician = services.notificationEmail.mayHaveOfficeHours(viewer);
    const set = clinician ? await services.notificationEmail.officeHours(viewer) : null;
    const officeHours = clinician ? { values: hours.values ?? officeHoursValues(set), isSet: set !== null, problem: hours.problem ?? null, saved: hours.saved ?? false } : null;
    const refused = !clinician && hours.problem ? Object.values(hours.problem.fields ?? {}).join(" ") || (hours.problem.message ?? null) : null;
    return sendPage(
      reply,
      <NotificationSettingsPage ctx={await pageContext(request, services)} settings={settings} types={types} email={email} reminders={reminders} {...shown} officeHours={officeHours} officeHoursRefused={refused} />,
      status,
    );
  };

  // Office hours: saved, or cleared with the second button. A field at fault is shown beside it, with what was typed.
  app.post(OFFICE_HOURS_PATH, hide, async (request, reply) => {
    if (!isSignedIn(request.viewer)) return sendToSignIn(reply, NOTIFICATION_SETTINGS_PATH);
    const clear = (request.body as { action?: unknown } | undefined)?.action === "clear";
    const form = readOfficeHoursForm(request.body);
    const result = await attempt(() => services.notificationEmail.setOfficeHours(request.viewer, clear ? null : form.hours));
    if (!result.ok) return showSettings(request, reply, {}, { values: form.values, problem: officeHoursProblem(problemFrom(result.error, undefined, request.i18n)) }, result.error.status);
    return redirectAfterPost(reply, `${NOTIFICATION_SETTINGS_PATH}?saved=office-hours#office-hours-title`);
  });

  app.get<{ Querystring: { cursor?: unknown } }>(NOTIFICATIONS_PATH, hide, async (request, reply) => {
    if (!isSignedIn(request.viewer)) return sendToSignIn(reply, NOTIFICATIONS_PATH);
    const cursor = typeof request.query.cursor === "string" && request.query.cursor ? request.query.cursor : undefined;
    const page = await services.notifications.list(request.viewer, cursor, undefined, request.i18n);
    return sendPage(reply, <NotificationsPage ctx={await pageContext(request, services)} page={page} cursor={cursor} />);
  });

  // Opening a notification marks it read, then goes where it points. A GET that changes
  // state: only the viewer's own read mark, the way Discourse and Mastodon do it (ADR 31).
  app.get<{ Params: { id: string } }>(`${NOTIFICATIONS_OPEN_PATH}/:id`, hide, async (request, reply) => {
    if (!isSignedIn(request.viewer)) return sendToSignIn(reply, `${NOTIFICATIONS_OPEN_PATH}/${encodeURIComponent(request.params.id)}`);
    const { target } = await services.notifications.open(request.viewer, request.params.id);
    return seeOther(reply, target);
  });

  app.get<{ Querystring: { saved?: unknown } }>(NOTIFICATION_SETTINGS_PATH, hide, async (request, reply) => {
    if (!isSignedIn(request.viewer)) return sendToSignIn(reply, NOTIFICATION_SETTINGS_PATH);
    const saved = request.query.saved;
    return showSettings(request, reply, { saved: saved === "1", typesSaved: saved === "types", emailSaved: saved === "email", remindersSaved: saved === "reminders" }, { saved: saved === "office-hours" });
  });

  // One radio group per type; a type no radio was sent for stays as it was. A value that is not a choice is a 400 naming it.
  app.post(`${NOTIFICATION_SETTINGS_PATH}/email`, hide, async (request, reply) => {
    if (!isSignedIn(request.viewer)) return sendToSignIn(reply, NOTIFICATION_SETTINGS_PATH);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const choices = Object.fromEntries(NOTIFICATION_TYPES.filter((type) => body[`email-${type}`] !== undefined).map((type) => [type, body[`email-${type}`]]));
    await services.notificationEmail.setEmailChoices(request.viewer, choices);
    return redirectAfterPost(reply, `${NOTIFICATION_SETTINGS_PATH}?saved=email`);
  });

  // Event reminders (ADR 47): a box ticked is on, one left unticked is off.
  app.post(`${NOTIFICATION_SETTINGS_PATH}/reminders`, hide, async (request, reply) => {
    if (!isSignedIn(request.viewer)) return sendToSignIn(reply, NOTIFICATION_SETTINGS_PATH);
    const body = (request.body ?? {}) as Record<string, unknown>;
    await services.notifications.setEventReminders(request.viewer, { dayBefore: body.dayBefore === "on", twoHoursBefore: body.twoHoursBefore === "on" });
    return redirectAfterPost(reply, `${NOTIFICATION_SETTINGS_PATH}?saved=reminders#event-reminders-title`);
  });

  // Each box ticked is on; one left unticked is sent by no browser, so it is off.
  app.post(`${NOTIFICATION_SETTINGS_PATH}/types`, hide, async (request, reply) => {
    if (!isSignedIn(request.viewer)) return sendToSignIn(reply, NOTIFICATION_SETTINGS_PATH);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const types = Object.fromEntries(NOTIFICATION_TYPES.map((type) => [type, body[type] === "on"])) as NotificationTypes;
    await services.notifications.setNotificationTypes(request.viewer, types);
    return redirectAfterPost(reply, `${NOTIFICATION_SETTINGS_PATH}?saved=types`);
  });

  app.post<{ Body: { outcomeEmails?: unknown } }>(NOTIFICATION_SETTINGS_PATH, hide, async (request, reply) => {
    if (!isSignedIn(request.viewer)) return sendToSignIn(reply, NOTIFICATION_SETTINGS_PATH);
    const choice = (request.body as { outcomeEmails?: unknown } | undefined)?.outcomeEmails;
    if (choice !== "on" && choice !== "off") {
      return showSettings(request, reply, { problem: true }, {}, 400);
    }
    await services.notifications.setOutcomeEmails(request.viewer, choice === "on");
    return redirectAfterPost(reply, `${NOTIFICATION_SETTINGS_PATH}?saved=1`);
  });

  app.post(`${NOTIFICATIONS_PATH}/read`, hide, async (request, reply) => {
    if (!isSignedIn(request.viewer)) return sendToSignIn(reply, NOTIFICATIONS_PATH);
    await services.notifications.markRead(request.viewer);
    return redirectAfterPost(reply, NOTIFICATIONS_PATH);
  });
}
