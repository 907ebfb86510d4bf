/**
 * `/api/` takes request bodies as `application/json` only (API.md). A page on another
 * site can make a browser send a form (urlencoded, multipart) or `text/plain` without
 * asking first, but not JSON: refusing everything else with 415, before the body is
 * read, closes login CSRF through the API for browsers too old to send `Origin`.
 * A request without a body and without a Content-Type (a DELETE, a join) is fine.
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import { AppError } from "../shared/errors.ts";
import { msg, type Message } from "../shared/i18n/message.ts";

const JSON_TYPE = /^application\/json\s*(;|$)/i;
const MULTIPART_TYPE = /^multipart\/form-data\s*;/i;

/**
 * The routes that take `multipart/form-data` instead ("METHOD /path" as registered).
 * Only uploads (API.md: POST /api/v1/uploads, not built yet); the Origin check applies
 * to them as to any other write.
 */
export const MULTIPART_ROUTES: ReadonlySet<string> = new Set(["POST /api/v1/uploads"]);

const routeOf = (request: FastifyRequest) => `${request.method} ${request.routeOptions.url ?? request.url.split("?")[0]}`;

function hasBody(request: FastifyRequest): boolean {
  const length = request.headers["content-length"];
  return request.headers["transfer-encoding"] !== undefined || (length !== undefined && length !== "0");
}

/** Why the request's body may not be read, or null. */
function mediaTypeProblem(request: FastifyRequest): Message | null {
  if (!request.url.startsWith("/api/") || request.method === "GET" || request.method === "HEAD" || request.method === "OPTIONS") return null;
  const type = request.headers["content-type"];
  if (type === undefined) return hasBody(request) ? msg("error.mediaType.noContentType") : null;
  if (JSON_TYPE.test(type)) return null;
  if (MULTIPART_TYPE.test(type) && MULTIPART_ROUTES.has(routeOf(request))) return null;
  return msg("error.mediaType.jsonOnly");
}

/** Refuses, with 415 `unsupported_media_type`, an API body that is not JSON. */
export function installApiMediaType(app: FastifyInstance) {
  app.addHook("onRequest", async (request) => {
    const problem = mediaTypeProblem(request);
    if (problem) throw new AppError("unsupported_media_type", 415, problem);
  });
}
