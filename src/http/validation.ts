/**
 * Request validation. Bodies are checked strictly (no type coercion: "5" is not 5,
 * unknown fields are refused); query strings and path parameters arrive as text,
 * so there numbers and booleans are coerced.
 */
import { Ajv } from "ajv";
import addFormatsModule from "ajv-formats";
import type { FastifyInstance } from "fastify";

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

function makeAjv(coerce: boolean) {
  const ajv = new Ajv({ coerceTypes: coerce ? "array" : false, removeAdditional: false, useDefaults: true, allErrors: true, strict: false });
  addFormats(ajv);
  return ajv;
}

export function installValidation(app: FastifyInstance) {
  const strict = makeAjv(false);
  const coercing = makeAjv(true);
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === "body" ? strict : coercing).compile(schema));
}
