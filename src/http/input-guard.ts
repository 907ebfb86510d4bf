/**
 * The one gate for text entering over HTTP (ADR 18): path parameters and the query
 * string when the request arrives, and the parsed body (JSON or form) before
 * validation, are walked for NUL, lone surrogates and control characters. Anything
 * found is a 400 invalid_input naming the field, before any route or service work;
 * PostgreSQL would otherwise refuse it mid-request with a 500.
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import { AppError } from "../shared/errors.ts";
import { findUnsafeText } from "../shared/text.ts";
import type { Message } from "../shared/i18n/message.ts";

const WHERE = { params: "address", query: "query", body: "request" } as const;

function refuse(part: keyof typeof WHERE, found: { field: string; problem: Message }): AppError {
  return new AppError("invalid_input", 400, (t) => t.text("error.problemIn", { where: WHERE[part], field: found.field, problem: t.say(found.problem) }), { [found.field]: found.problem });
}

function check(part: keyof typeof WHERE, value: unknown): void {
  const found = findUnsafeText(value);
  if (found) throw refuse(part, found);
}

/** Installs the guard: onRequest for the address and query, preValidation for the body. */
export function installInputGuard(app: FastifyInstance) {
  app.addHook("onRequest", async (request: FastifyRequest) => {
    check("params", request.params);
    check("query", request.query);
  });
  app.addHook("preValidation", async (request: FastifyRequest) => {
    check("body", request.body);
  });
}
