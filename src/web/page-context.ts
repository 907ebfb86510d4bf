/** Builds what every page needs from the request, and sends pages. */
import type { FastifyReply, FastifyRequest } from "fastify";
import type { VNode } from "preact";
import type { Services } from "../composition.ts";
import type { PageContext } from "./layout.tsx";
import { renderDocument } from "./render.ts";
import { isSignedIn } from "../shared/viewer.ts";
import { seeOther } from "./redirect-target.ts";

export async function pageContext(request: FastifyRequest, services: Services): Promise<PageContext> {
  return {
    viewer: request.viewer,
    csrfToken: request.csrfToken,
    showingDemo: await services.demo.isShowingDemo(),
    path: request.url,
    t: request.i18n,
    // One indexed query, for signed-in viewers only (src/notifications).
    ...(isSignedIn(request.viewer) ? { unreadNotifications: await services.notifications.unreadCount(request.viewer) } : {}),
  };
}

export function sendPage(reply: FastifyReply, page: VNode, status = 200) {
  return reply.status(status).type("text/html; charset=utf-8").header("cache-control", "no-store").send(renderDocument(page, reply.request.i18n));
}

/**
 * POST-redirect-GET: after a form, send the browser to a page it can reload safely.
 * Only a path of this site (seeOther checks); a target a request named must have been
 * read with redirectTarget (src/web/redirect-target.ts) before the work was done.
 */
export function redirectAfterPost(reply: FastifyReply, location: string) {
  return seeOther(reply, location);
}
