/**
 * Request validation. Bodies are checked strictly (no type coercion: "5" is not 5,
 * unknown fields are refused); query strings and path parameters arrive as text,
 * so there numbers and booleans are coerced. HTML forms use the same Ajv set-up (ajv.ts).
 */
import type { FastifyInstance } from "fastify";
import secureJson from "secure-json-parse";
import { makeAjv } from "./ajv.ts";

export function installValidation(app: FastifyInstance) {
  const strict = makeAjv(false);
  const coercing = makeAjv(true);
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === "body" ? strict : coercing).compile(schema));
}

/**
 * JSON bodies: parsed by secure-json-parse (the parser Fastify's own uses) with both
 * prototype-poisoning shapes refused — a `__proto__` key, and `constructor.prototype` —
 * and an empty body read as no body at all: some clients send Content-Type: application/json on a DELETE.
 */
export function installJsonParser(app: FastifyInstance) {
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "string" }, (_request, body, done) => {
    const text = (body as string).trim();
    if (text === "") return done(null, undefined);
    try {
      done(null, secureJson.parse(text, null, { protoAction: "error", constructorAction: "error" }));
    } catch {
      done(Object.assign(new Error("The request body is not valid JSON."), { code: "FST_ERR_CTP_INVALID_JSON_BODY", statusCode: 400 }), undefined);
    }
  });
}
