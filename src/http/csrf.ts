/**
 * CSRF protection for HTML forms (ADR 19). Every form carries a hidden `_csrf` token
 * that is an HMAC-SHA256, under a key derived from the server secret, of what ties
 * the form to this browser:
 * - signed in (a session cookie): the SHA-256 of the session token;
 * - a guest: a random pre-session value in an HttpOnly cookie (`hearth_csrf`).
 * The token is never a cookie's value, so a cookie planted by a sibling origin (cookie
 * tossing) is not a valid token, and a signed-in person's token cannot be made without
 * their session. The Origin check (origin-check.ts) and SameSite=Lax are the other layers.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { AppError } from "../shared/errors.ts";
import { msg } from "../shared/i18n/message.ts";
import { cookieName } from "./session.ts";

export const CSRF_COOKIE = "hearth_csrf";
export const CSRF_FIELD = "_csrf";

const PRE_SESSION = /^[A-Za-z0-9_-]{20,64}$/;

declare module "fastify" {
  interface FastifyRequest {
    csrfToken: string;
  }
}

function same(a: string, b: string) {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** What the token is bound to: the session when there is one, else the guest's pre-session cookie. */
function bindingOf(request: FastifyRequest, preSession: string | undefined): string | null {
  if (request.sessionToken) return `session:${createHash("sha256").update(request.sessionToken).digest("base64url")}`;
  return preSession ? `guest:${preSession}` : null;
}

/** The form token for a binding: HMAC-SHA256 under the CSRF key. */
export const csrfTokenFor = (key: Buffer, binding: string) => createHmac("sha256", key).update(binding).digest("base64url");

/**
 * Gives every page its token (making a guest's pre-session cookie when missing) and
 * refuses a form POST outside `/api/` whose `_csrf` is not the token for this browser.
 */
export function installCsrf(app: FastifyInstance, options: { publicUrl: string; key: () => Promise<Buffer> }) {
  const secure = options.publicUrl.startsWith("https:");
  const preSessionCookie = cookieName(CSRF_COOKIE, options.publicUrl);
  const preSessionOf = (request: FastifyRequest) => {
    const value = request.cookies[preSessionCookie];
    return value && PRE_SESSION.test(value) ? value : undefined;
  };
  app.decorateRequest("csrfToken", "");
  app.addHook("onRequest", async (request, reply) => {
    if (request.url.startsWith("/api/") || request.url.startsWith("/assets/")) return;
    let preSession = preSessionOf(request);
    if (!preSession && !request.sessionToken) {
      preSession = randomBytes(24).toString("base64url");
      reply.setCookie(preSessionCookie, preSession, { path: "/", httpOnly: true, sameSite: "lax", secure });
    }
    request.csrfToken = csrfTokenFor(await options.key(), bindingOf(request, preSession)!);
  });
  app.addHook("preValidation", async (request: FastifyRequest) => {
    if (request.method !== "POST" || request.url.startsWith("/api/")) return;
    // One-click unsubscribe (RFC 8058) comes from a mail client, with no session: its signed token is the credential (ADR 38).
    if (request.url.startsWith("/unsubscribe/")) return;
    const sent = (request.body as Record<string, unknown> | undefined)?.[CSRF_FIELD];
    const binding = bindingOf(request, preSessionOf(request));
    if (typeof sent !== "string" || !binding || !same(sent, csrfTokenFor(await options.key(), binding))) {
      throw new AppError("csrf_failed", 403, msg("error.csrf.expired"));
    }
  });
}
