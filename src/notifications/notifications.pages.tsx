/**
 * The notifications page: what happened, newest first, each with a link that marks it
 * read on the way (GET /notifications/open/:id, ADR 31); and the email settings page.
 */
import type { FastifyInstance } from "fastify";
import type { RouteContext } from "../http/context.ts";
import { isSignedIn } from "../shared/viewer.ts";
import { Layout, type PageContext } from "../web/layout.tsx";
import { CsrfField, ErrorSummary, Notice, PersonaBadge, When } from "../web/components.tsx";
import { pageContext, redirectAfterPost, sendPage } from "../web/page-context.ts";
import { seeOther, sendToSignIn } from "../web/redirect-target.ts";
import type { Page } from "../shared/cursor.ts";
import { isOutcome, NOTIFICATION_SETTINGS_PATH, NOTIFICATIONS_OPEN_PATH, type NotificationView, type OutcomeNotificationView, type PostNotificationView } from "./notifications.presenter.ts";


const hide = { schema: { hide: true } };

export const NOTIFICATIONS_PATH = "/notifications";

const openPath = (n: NotificationView) => `${NOTIFICATIONS_OPEN_PATH}/${encodeURIComponent(n.id)}`;

function what(n: PostNotificationView): string {
  switch (n.kind) {
    case "reply":
      return "replied to your thread";
    case "mention":
      return "mentioned you in";
    case "thread_activity":
      return "posted in";
  }
}

/** The reason as the page shows it: a moderator's is "Reason given", as on the public log. */
function OutcomeItem({ n }: { n: OutcomeNotificationView }) {
  return (
    <li class={n.read ? "notification" : "notification notification-unread"}>
      <p>
        {n.read ? null : <strong class="notification-new">New: </strong>}
        <a href={openPath(n)}>{n.message}</a>
      </p>
      {n.reason ? <p class="notification-reason">Reason given: {n.reason}</p> : null}
      <p class="notification-meta">
        {n.persona ? (
          <>
            To you as <PersonaBadge persona={n.persona} /> ·{" "}
          </>
        ) : null}
        <When iso={n.createdAt} />
      </p>
    </li>
  );
}

function NotificationItem({ n }: { n: NotificationView }) {
  if (isOutcome(n)) return <OutcomeItem n={n} />;
  return (
    <li class={n.read ? "notification" : "notification notification-unread"}>
      <p>
        {n.read ? null : <strong class="notification-new">New: </strong>}
        <PersonaBadge persona={n.actor} /> {what(n)}{" "}
        <a href={openPath(n)}>“{n.thread.title}”</a> in {n.community.name}.
      </p>
      <p class="notification-meta">
        To you as <PersonaBadge persona={n.persona} /> · <When iso={n.createdAt} />
      </p>
    </li>
  );
}

export function NotificationsPage({ ctx, page, cursor }: { ctx: PageContext; page: Page<NotificationView>; cursor?: string }) {
  const unread = page.items.some((n) => !n.read) || (ctx.unreadNotifications ?? 0) > 0;
  return (
    <Layout ctx={ctx} title="Notifications">
      <h1>Notifications</h1>
      <p class="lead">
        When someone replies to a thread you started or mentions you, and when something is decided about you (a request to join, a clinician application, a
        moderator's action), it shows here. Only you can see this page. <a href={NOTIFICATION_SETTINGS_PATH}>Email settings</a>
      </p>
      {unread ? (
        <form method="post" action={`${NOTIFICATIONS_PATH}/read`}>
          <CsrfField token={ctx.csrfToken} />
          <button type="submit" class="secondary">
            Mark all as read
          </button>
        </form>
      ) : null}
      {page.items.length === 0 ? (
        <p>{cursor ? "There are no older notifications." : "Nothing yet. When someone replies to you, mentions you or decides something about you, you will see it here."}</p>
      ) : (
        <ul class="notifications">
          {page.items.map((n) => (
            <NotificationItem n={n} />
          ))}
        </ul>
      )}
      {page.nextCursor ? (
        <nav class="pagination" aria-label="Older notifications">
          <a href={`${NOTIFICATIONS_PATH}?cursor=${encodeURIComponent(page.nextCursor)}`}>Older notifications</a>
        </nav>
      ) : null}
    </Layout>
  );
}

const CHOOSE = "Choose whether we email you about decisions.";

export function NotificationSettingsPage(props: { ctx: PageContext; settings: { outcomeEmails: boolean; hasEmail: boolean }; saved?: boolean; problem?: boolean }) {
  const { ctx, settings, saved, problem } = props;
  return (
    <Layout ctx={ctx} title={problem ? "Error: Email settings" : "Email settings"}>
      <h1>Email settings</h1>
      {problem ? <ErrorSummary message="The setting was not saved." fields={{ "outcome-emails-on": CHOOSE }} /> : null}
      {saved ? <Notice>Saved. {settings.outcomeEmails ? "We will email you when something is decided about you." : "We will not email you about decisions."}</Notice> : null}
      <p class="lead">
        Hearth can email you when something is decided about you: a request to join approved or turned down, a clinician application decided, a moderator's
        warning or hidden post. The email says what kind of thing happened and links here; it never names your personas or carries the reason.
      </p>
      {settings.hasEmail ? null : <p class="notice">Your account has no email address, so nothing is emailed. Your notifications still show on the notifications page.</p>}
      <form method="post" action={NOTIFICATION_SETTINGS_PATH}>
        <CsrfField token={ctx.csrfToken} />
        <fieldset class={problem ? "field-error" : undefined} aria-describedby={problem ? "outcome-emails-error" : undefined}>
          <legend>Email me about decisions</legend>
          {problem ? (
            <p class="error" id="outcome-emails-error">
              {CHOOSE}
            </p>
          ) : null}
          <div class="radio">
            <input type="radio" id="field-outcome-emails-on" name="outcomeEmails" value="on" checked={settings.outcomeEmails} />
            <label for="field-outcome-emails-on">Yes, email me</label>
          </div>
          <div class="radio">
            <input type="radio" id="field-outcome-emails-off" name="outcomeEmails" value="off" checked={!settings.outcomeEmails} />
            <label for="field-outcome-emails-off">No, only show them on the notifications page</label>
          </div>
        </fieldset>
        <button type="submit">Save email settings</button>
      </form>
      <p>
        <a href={NOTIFICATIONS_PATH}>Back to your notifications</a>
      </p>
    </Layout>
  );
}

export async function notificationsPages(app: FastifyInstance, { services }: RouteContext) {
  app.get<{ Querystring: { cursor?: unknown } }>(NOTIFICATIONS_PATH, hide, async (request, reply) => {
    if (!isSignedIn(request.viewer)) return sendToSignIn(reply, NOTIFICATIONS_PATH);
    const cursor = typeof request.query.cursor === "string" && request.query.cursor ? request.query.cursor : undefined;
    const page = await services.notifications.list(request.viewer, cursor);
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
    const settings = await services.notifications.emailSettings(request.viewer);
    return sendPage(reply, <NotificationSettingsPage ctx={await pageContext(request, services)} settings={settings} saved={request.query.saved === "1"} />);
  });

  app.post<{ Body: { outcomeEmails?: unknown } }>(NOTIFICATION_SETTINGS_PATH, hide, async (request, reply) => {
    if (!isSignedIn(request.viewer)) return sendToSignIn(reply, NOTIFICATION_SETTINGS_PATH);
    const choice = (request.body as { outcomeEmails?: unknown } | undefined)?.outcomeEmails;
    if (choice !== "on" && choice !== "off") {
      const settings = await services.notifications.emailSettings(request.viewer);
      return sendPage(reply, <NotificationSettingsPage ctx={await pageContext(request, services)} settings={settings} problem />, 400);
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
