/**
 * Where an unsafe request (POST, PUT, PATCH, DELETE) may come from (ADR 19). Every one
 * not authenticated by a bearer token is checked, sign-in and sign-up included, because
 * a browser's cookies (or the lack of them: login CSRF) are what another page rides on:
 *
 * 1. `Sec-Fetch-Site`, when sent (every current browser sends it), must be `same-origin`:
 *    another port or subdomain of this host is "same-site", and refused all the same.
 * 2. `Origin`, when sent, must be this server's origin (HEARTH_PUBLIC_URL); `null` (sent
 *    after a cross-origin redirect, from sandboxed frames and files) never is.
 * 3. No `Origin` at all: a request carrying the session cookie is refused unless the
 *    browser said `Sec-Fetch-Site: same-origin`. Without a session cookie and without
 *    any Sec-Fetch header it is a program (curl, a script signing in for its token),
 *    which another site cannot make a browser impersonate; the JSON-only rule of
 *    api-media-type.ts and the form token of csrf.ts cover old browsers.
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import { forbidden } from "../shared/errors.ts";
import { msg, type Message } from "../shared/i18n/message.ts";

const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

const REFUSED = msg("error.origin.refused");

const header = (request: FastifyRequest, name: string): string | undefined => {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/**
 * Whether `origin` is this server. Over plain http (a server tried on one machine, which
 * people open as localhost or 127.0.0.1 alike) the address the browser used, the Host
 * header, counts too; behind https only HEARTH_PUBLIC_URL does, scheme included.
 */
function isOwnOrigin(origin: string, request: FastifyRequest, publicOrigin: string): boolean {
  if (origin === publicOrigin) return true;
  return publicOrigin.startsWith("http:") && request.headers.host !== undefined && origin === `http://${request.headers.host}`;
}

/** Why this request must be refused, or null when it may go on. Exported for the tests of the rule. */
export function originProblem(request: FastifyRequest, publicOrigin: string): Message | null {
  if (!UNSAFE.has(request.method) || request.authBy === "bearer") return null;
  const site = header(request, "sec-fetch-site");
  const origin = header(request, "origin");
  if (site !== undefined && site !== "same-origin") return REFUSED;
  if (origin !== undefined) return isOwnOrigin(origin, request, publicOrigin) ? null : REFUSED;
  if (site === "same-origin") return null;
  return request.authBy === "cookie" ? REFUSED : null;
}

/** Refuses, with 403 `forbidden`, every unsafe request that another page may have started. */
export function installOriginCheck(app: FastifyInstance, publicUrl: string) {
  const publicOrigin = new URL(publicUrl).origin;
  app.addHook("onRequest", async (request) => {
    const problem = originProblem(request, publicOrigin);
    if (problem) throw forbidden(problem);
  });
}
