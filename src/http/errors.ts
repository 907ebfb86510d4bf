/**
 * Turns every error into what the caller can act on: JSON in the shape of API.md
 * for /api routes, an error page for browsers. What a client sent wrong is a 4xx
 * naming the field; only our own faults are 500s, and they are logged.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { AppError, isDatabaseUnreachable } from "../shared/errors.ts";
import { RateLimitedError } from "../shared/rate-limits.ts";
import { english, type Translator } from "../shared/i18n/translator.ts";

type ErrorBody = { error: { code: string; message: string; fields?: Record<string, string> } };

export type ErrorPageRenderer = (request: FastifyRequest, status: number, body: ErrorBody["error"]) => string;

type AjvError = { instancePath: string; keyword: string; message?: string; params: Record<string, unknown> };

function fieldName(error: AjvError): string {
  const base = error.instancePath.replace(/^\//, "").replace(/\/(\d+)(?=\/|$)/g, "[$1]").replace(/\//g, ".");
  const child = (error.params.missingProperty ?? error.params.additionalProperty) as string | undefined;
  return [base, child].filter(Boolean).join(".") || "body";
}

/**
 * What may go at the place an enum or union-of-literals error points to. Ajv gives an enum
 * its list, but reports a union of literals as one `const` error per branch (then `anyOf`),
 * so the list is gathered from the sibling errors at the same place.
 */
function allowedValues(error: AjvError, all: AjvError[]): string[] {
  if (Array.isArray(error.params.allowedValues)) return error.params.allowedValues.map(String);
  const consts = all.filter((e) => e.instancePath === error.instancePath && e.keyword === "const" && "allowedValue" in e.params);
  return [...new Set(consts.map((e) => String(e.params.allowedValue)))];
}

function describe(error: AjvError, all: AjvError[], t: Translator): string {
  switch (error.keyword) {
    case "required":
      return t.text("validation.required");
    case "additionalProperties":
      return t.text("validation.notAField");
    case "type":
      return error.params.type === "integer" ? t.text("validation.mustBeWholeNumber") : t.text("validation.mustBeType", { type: String(error.params.type) });
    case "minLength":
      return error.params.limit === 1 ? t.text("validation.cannotBeEmpty") : t.text("validation.atLeast", { limit: Number(error.params.limit) });
    case "maxLength":
      return t.text("validation.atMost", { limit: Number(error.params.limit) });
    case "enum":
    case "const":
    case "anyOf": {
      const values = allowedValues(error, all);
      return values.length ? t.text("validation.oneOf", { values: values.join(", ") }) : t.text("validation.oneOfAllowed");
    }
    default:
      return error.message ?? t.text("validation.notValid");
  }
}

const notFoundBody = (t: Translator) => ({ code: "not_found", message: t.text("error.nothingHere") });

/** Maps any thrown error to a status and an error body, its message in the reader's language (English without one). */
export function toErrorBody(error: FastifyError | AppError | Error, t: Translator = english()): { status: number; body: ErrorBody["error"] } {
  if (error instanceof AppError) {
    return { status: error.status, body: { code: error.code, message: error.in(t), ...(error.fields ? { fields: error.fieldsIn(t) } : {}) } };
  }
  const fe = error as FastifyError & { validation?: AjvError[]; validationContext?: string };
  if (fe.validation && fe.validationContext === "params") {
    // A malformed id or slug in the address is an address with nothing at it.
    return { status: 404, body: notFoundBody(t) };
  }
  if (fe.validation) {
    const fields: Record<string, string> = {};
    // Own properties only: a field named "constructor" must not find Object.prototype's and be skipped.
    for (const v of fe.validation) if (!Object.hasOwn(fields, fieldName(v))) fields[fieldName(v)] = describe(v, fe.validation, t);
    const [first] = Object.entries(fields);
    const where = fe.validationContext === "querystring" ? "query" : fe.validationContext === "params" ? "address" : "request";
    return {
      status: 400,
      body: { code: "invalid_input", message: first ? t.text("error.problemIn", { where, field: first[0], problem: first[1] }) : t.text("error.requestInvalid"), fields },
    };
  }
  switch (fe.code) {
    case "FST_ERR_CTP_INVALID_JSON_BODY":
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
      return { status: 400, body: { code: "malformed_json", message: t.text("error.malformedJson") } };
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return { status: 413, body: { code: "body_too_large", message: t.text("error.bodyTooLarge") } };
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
      return { status: 415, body: { code: "unsupported_media_type", message: t.text("error.unsupportedMediaType") } };
  }
  if (typeof fe.statusCode === "number" && fe.statusCode >= 400 && fe.statusCode < 500) {
    return { status: fe.statusCode, body: { code: "bad_request", message: fe.message } };
  }
  if (isDatabaseUnreachable(error)) {
    return { status: 503, body: { code: "database_unavailable", message: t.text("error.databaseUnavailable") } };
  }
  return { status: 500, body: { code: "internal_error", message: t.text("error.internal") } };
}

const wantsJson = (request: FastifyRequest) => request.url.startsWith("/api/") || request.url === "/healthz";

/** The reader's translator; English for an error raised before the locale hook ran (a malformed request line, say). */
const readerOf = (request: FastifyRequest): Translator => request.i18n ?? english();

function sendError(renderErrorPage: ErrorPageRenderer, request: FastifyRequest, reply: FastifyReply, status: number, body: ErrorBody["error"]) {
  if (wantsJson(request)) return reply.status(status).type("application/json").send({ error: body });
  return reply.status(status).type("text/html; charset=utf-8").send(renderErrorPage(request, status, body));
}

/** Installs the error and not-found handlers. */
export function installErrorHandlers(app: FastifyInstance, renderErrorPage: ErrorPageRenderer) {
  app.setErrorHandler((error, request, reply) => {
    const { status, body } = toErrorBody(error as FastifyError, readerOf(request));
    if (status >= 500) request.log.error({ err: error }, "request failed");
    if (error instanceof RateLimitedError) reply.header("Retry-After", String(error.retryAfterSeconds));
    return sendError(renderErrorPage, request, reply, status, body);
  });
  app.setNotFoundHandler((request, reply) => sendError(renderErrorPage, request, reply, 404, notFoundBody(readerOf(request))));
}

/**
 * For Fastify's `frameworkErrors` option: the router's own refusals (an address with
 * broken %-escapes, or a part longer than any id) are addresses with nothing at them,
 * answered as 404 in the usual shape rather than Fastify's 400/414.
 */
export function answerFrameworkError(renderErrorPage: ErrorPageRenderer) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    if (error.code === "FST_ERR_BAD_URL" || error.code === "FST_ERR_MAX_PARAM_LENGTH") {
      return sendError(renderErrorPage, request, reply, 404, notFoundBody(readerOf(request)));
    }
    const { status, body } = toErrorBody(error, readerOf(request));
    if (status >= 500) request.log.error({ err: error }, "request failed");
    return sendError(renderErrorPage, request, reply, status, body);
  };
}
