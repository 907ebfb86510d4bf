/**
 * Who is asking: a bearer token (API clients) or the session cookie (browsers).
 * Every request gets `request.viewer`; guests are a viewer too.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { AccountsService, Session } from "../accounts/accounts.service.ts";
import { forbidden } from "../shared/errors.ts";
import { GUEST, type Viewer } from "../shared/viewer.ts";

export const SESSION_COOKIE = "hearth_session";
const SESSION_MAX_AGE = 30 * 24 * 3600;

declare module "fastify" {
  interface FastifyRequest {
    viewer: Viewer;
    sessionToken: string | null;
    /** How the session came: a cookie can be sent by another site's form, a bearer token cannot. */
    authBy: "cookie" | "bearer" | null;
  }
}

const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export function installSessions(app: FastifyInstance, accounts: AccountsService, publicUrl: string) {
  const expectedHost = new URL(publicUrl).host;
  app.decorateRequest("viewer", null as never);
  app.decorateRequest("sessionToken", null);
  app.decorateRequest("authBy", null);
  app.addHook("onRequest", async (request) => {
    request.viewer = GUEST;
    if (request.url.startsWith("/assets/")) return;
    const header = request.headers.authorization;
    if (header?.startsWith("Bearer ")) {
      request.sessionToken = header.slice(7).trim();
      request.authBy = "bearer";
    } else if (request.cookies[SESSION_COOKIE]) {
      request.sessionToken = request.cookies[SESSION_COOKIE]!;
      request.authBy = "cookie";
    }
    if (request.sessionToken) request.viewer = await accounts.viewerForToken(request.sessionToken);
    // A cookie-carrying write from another site's page is refused outright (CSRF defence in depth).
    if (request.authBy === "cookie" && UNSAFE.has(request.method)) {
      const origin = request.headers.origin;
      if (origin && origin !== "null") {
        let host: string | null = null;
        try {
          host = new URL(origin).host;
        } catch {
          host = null;
        }
        if (host !== expectedHost && host !== request.headers.host) throw forbidden("This request came from another site, so it was refused.");
      }
    }
  });
}

export function setSessionCookie(reply: FastifyReply, session: Session, publicUrl: string) {
  reply.setCookie(SESSION_COOKIE, session.token, {
    path: "/",
    httpOnly: true,
    sameSite: "lax",
    secure: publicUrl.startsWith("https:"),
    maxAge: SESSION_MAX_AGE,
  });
}

export function clearSessionCookie(reply: FastifyReply) {
  reply.clearCookie(SESSION_COOKIE, { path: "/" });
}

/** The caller's address, for rate limits. */
export const clientKey = (request: FastifyRequest) => `ip:${request.ip}`;
