/**
 * CSRF protection for HTML forms: a random token in an HttpOnly cookie that every
 * form repeats in a hidden `_csrf` field (double submit). SameSite=Lax cookies and
 * the Origin check in session.ts are the other two layers.
 */
import { randomBytes, timingSafeEqual } from "node:crypto";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { AppError } from "../shared/errors.ts";

export const CSRF_COOKIE = "hearth_csrf";
export const CSRF_FIELD = "_csrf";

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

export function installCsrf(app: FastifyInstance, secureCookies: boolean) {
  app.decorateRequest("csrfToken", "");
  app.addHook("onRequest", async (request, reply) => {
    if (request.url.startsWith("/api/") || request.url.startsWith("/assets/")) return;
    const existing = request.cookies[CSRF_COOKIE];
    if (existing && /^[A-Za-z0-9_-]{20,64}$/.test(existing)) {
      request.csrfToken = existing;
      return;
    }
    request.csrfToken = randomBytes(24).toString("base64url");
    reply.setCookie(CSRF_COOKIE, request.csrfToken, { path: "/", httpOnly: true, sameSite: "lax", secure: secureCookies });
  });
  app.addHook("preValidation", async (request: FastifyRequest) => {
    if (request.method !== "POST" || request.url.startsWith("/api/")) return;
    const sent = (request.body as Record<string, unknown> | undefined)?.[CSRF_FIELD];
    if (typeof sent !== "string" || !request.cookies[CSRF_COOKIE] || !same(sent, request.cookies[CSRF_COOKIE]!)) {
      throw new AppError("csrf_failed", 403, "This form has expired. Go back, reload the page and try again.");
    }
  });
}
