/**
 * The one Ajv set-up behind every check of a request body: the API's (validation.ts)
 * and the HTML forms' (web/schema-form.ts), so both doors apply the same schema with
 * the same rules (ADR 28). Bodies are strict: no type coercion, nothing removed.
 */
import { Ajv } from "ajv";
import addFormatsModule from "ajv-formats";

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

export function makeAjv(coerce: boolean) {
  const ajv = new Ajv({ coerceTypes: coerce ? "array" : false, removeAdditional: false, useDefaults: true, allErrors: true, strict: false });
  addFormats(ajv);
  return ajv;
}
