/** The notifications page: what happened, newest first, each with a link to the post. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { RouteContext } from "../http/context.ts";
import { isSignedIn } from "../shared/viewer.ts";
import { Layout, type PageContext } from "../web/layout.tsx";
import { CsrfField, PersonaBadge, When } from "../web/components.tsx";
import { pageContext, redirectAfterPost, sendPage } from "../web/page-context.ts";
import type { Page } from "../shared/cursor.ts";
import type { NotificationView } from "./notifications.presenter.ts";

const hide = { schema: { hide: true } };

export const NOTIFICATIONS_PATH = "/notifications";

function what(n: NotificationView): string {
  switch (n.kind) {
    case "reply":
      return "replied to your thread";
    case "mention":
      return "mentioned you in";
    case "thread_activity":
      return "posted in";
  }
}

function NotificationItem({ n }: { n: NotificationView }) {
  return (
    <li class={n.read ? "notification" : "notification notification-unread"}>
      <p>
        {n.read ? null : <strong class="notification-new">New: </strong>}
        <PersonaBadge persona={n.actor} /> {what(n)}{" "}
        <a href={`/t/${n.thread.id}#post-${n.postId}`}>“{n.thread.title}”</a> in {n.community.name}.
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
      <p class="lead">When someone replies to a thread you started, or mentions you, it shows here. Only you can see this page.</p>
      {unread ? (
        <form method="post" action={`${NOTIFICATIONS_PATH}/read`}>
          <CsrfField token={ctx.csrfToken} />
          <button type="submit" class="secondary">
            Mark all as read
          </button>
        </form>
      ) : null}
      {page.items.length === 0 ? (
        <p>{cursor ? "There are no older notifications." : "Nothing yet. When someone replies to you or mentions you, you will see it here."}</p>
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

function signInFirst(request: FastifyRequest, reply: FastifyReply) {
  return reply.redirect(`/signin?next=${encodeURIComponent(NOTIFICATIONS_PATH)}`, 303);
}

export async function notificationsPages(app: FastifyInstance, { services }: RouteContext) {
  app.get<{ Querystring: { cursor?: unknown } }>(NOTIFICATIONS_PATH, hide, async (request, reply) => {
    if (!isSignedIn(request.viewer)) return signInFirst(request, reply);
    const cursor = typeof request.query.cursor === "string" && request.query.cursor ? request.query.cursor : undefined;
    const page = await services.notifications.list(request.viewer, cursor);
    return sendPage(reply, <NotificationsPage ctx={await pageContext(request, services)} page={page} cursor={cursor} />);
  });

  app.post(`${NOTIFICATIONS_PATH}/read`, hide, async (request, reply) => {
    if (!isSignedIn(request.viewer)) return signInFirst(request, reply);
    await services.notifications.markRead(request.viewer);
    return redirectAfterPost(reply, NOTIFICATIONS_PATH);
  });
}
