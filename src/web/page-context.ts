/** Builds what every page needs from the request, and sends pages. */
import type { FastifyReply, FastifyRequest } from "fastify";
import type { VNode } from "preact";
import type { Services } from "../composition.ts";
import type { PageContext } from "./layout.tsx";
import { renderDocument } from "./render.ts";
import { isSignedIn } from "../shared/viewer.ts";

export async function pageContext(request: FastifyRequest, services: Services): Promise<PageContext> {
  return {
    viewer: request.viewer,
    csrfToken: request.csrfToken,
    showingDemo: await services.demo.isShowingDemo(),
    path: request.url,
    // One indexed query, for signed-in viewers only (src/notifications).
    ...(isSignedIn(request.viewer) ? { unreadNotifications: await services.notifications.unreadCount(request.viewer) } : {}),
  };
}

export function sendPage(reply: FastifyReply, page: VNode, status = 200) {
  return reply.status(status).type("text/html; charset=utf-8").header("cache-control", "no-store").send(renderDocument(page));
}

/** POST-redirect-GET: after a form, send the browser to a page it can reload safely. */
export function redirectAfterPost(reply: FastifyReply, location: string) {
  return reply.redirect(location, 303);
}

/** A local path to return to, never another site. */
export function safeNext(next: unknown, fallback = "/"): string {
  return typeof next === "string" && /^\/(?![/\\])/.test(next) ? next : fallback;
}
