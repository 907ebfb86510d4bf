/**
 * Who is asking: a bearer token (API clients) or the session cookie (browsers).
 * Every request gets `request.viewer`; guests are a viewer too. Whether an unsafe
 * request may come from where it came from is origin-check.ts (ADR 19).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { AccountsService, Session } from "../accounts/accounts.service.ts";
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

const isHttps = (publicUrl: string) => publicUrl.startsWith("https:");

/**
 * A cookie's name on this server. Behind https it carries the `__Host-` prefix: the
 * browser then keeps it only when Secure, Path=/ and without Domain, so a sibling
 * origin (another subdomain or port) cannot plant or overwrite it. Plain http (trying
 * Hearth on one machine, tests) keeps the plain name, since `__Host-` needs Secure.
 */
export const cookieName = (base: string, publicUrl: string) => (isHttps(publicUrl) ? `__Host-${base}` : base);

/** Decorates every request with its viewer, from the bearer token or the session cookie. */
export function installSessions(app: FastifyInstance, accounts: AccountsService, publicUrl: string) {
  const sessionCookie = cookieName(SESSION_COOKIE, publicUrl);
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
    } else if (request.cookies[sessionCookie]) {
      request.sessionToken = request.cookies[sessionCookie]!;
      request.authBy = "cookie";
    }
    if (request.sessionToken) request.viewer = await accounts.viewerForToken(request.sessionToken);
  });
}

/** Gives the browser its session cookie (HttpOnly, SameSite=Lax, and Secure with `__Host-` behind https). */
export function setSessionCookie(reply: FastifyReply, session: Session, publicUrl: string) {
  reply.setCookie(cookieName(SESSION_COOKIE, publicUrl), session.token, {
    path: "/",
    httpOnly: true,
    sameSite: "lax",
    secure: isHttps(publicUrl),
    maxAge: SESSION_MAX_AGE,
  });
}

/** Takes the session cookie away (with the same attributes, or a `__Host-` cookie would not be cleared). */
export function clearSessionCookie(reply: FastifyReply, publicUrl: string) {
  reply.clearCookie(cookieName(SESSION_COOKIE, publicUrl), { path: "/", httpOnly: true, sameSite: "lax", secure: isHttps(publicUrl) });
}

/** The caller's address, for rate limits. */
export const clientKey = (request: FastifyRequest) => `ip:${request.ip}`;
