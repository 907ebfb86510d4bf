/**
 * HTML forms checked by the API's own body schema (ADR 28). A form names, for each of
 * its fields in the order the page shows them, where the value goes in the API body and
 * how the form's text becomes it (a ticked box a boolean, "yes"/"no" a boolean, lines a
 * list); the body it builds is then validated by the route's TypeBox schema with the
 * route's Ajv set-up (http/ajv.ts). There is no second list of limits or choices: what
 * the API refuses, the form refuses, and every problem is found at once and said in
 * plain words beside its field.
 */
import type { ErrorObject, ValidateFunction } from "ajv";
import type { Static, TObject, TSchema } from "typebox";
import { makeAjv } from "../http/ajv.ts";
import type { AppError } from "../shared/errors.ts";
import { english, type Translator } from "../shared/i18n/translator.ts";
import { CHECK_ANSWERS, problemFrom, type FormProblem } from "./form-body.ts";

/** What a field's text turned into: a value for the body, nothing (left out), or a problem to show. */
export type Converted = { value: unknown } | { omit: true } | { problem: string };

/** A problem inside a field's value (an item of a list), for the field to say where. */
export type Inside = { rest: string[]; keyword: string; limit?: number; problem: string };

export type FormFieldSpec = {
  /** The question as the page labels it; the error summary names the field by it. */
  label: string;
  /** Where the value goes in the API body, dot-separated ("charter.funding"); the form field's name when left out. */
  path?: string;
  /**
   * How the text becomes the API's value: as it is (text), a ticked box (checkbox: true
   * when sent at all), "yes"/"no" (yesNo), a whole number, or a function of its own.
   */
  as?: "text" | "checkbox" | "yesNo" | "number" | ((text: string) => Converted);
  /**
   * What an empty answer sends: left out (the default where the schema does not require
   * the property), null, or "" (the default where it does, so the schema refuses it).
   */
  whenEmpty?: "omit" | "null" | "keep";
  /** Said when the field is left empty ("Enter your profession."). Set, the form asks for the field even where the API has a default. */
  required?: string;
  /** Said when the answer is not one of the choices the schema allows. */
  choose?: string;
  /** Rewords a problem found inside the value (a list's item or length), e.g. to name its line. */
  inside?: (at: Inside) => string;
};

export type FormSpec = Record<string, FormFieldSpec>;

export type SchemaFormRead<S extends TObject, K extends string> = {
  /** What was typed, field by field, to show the form again. */
  values: Record<K, string>;
  /** The API body, when every field passed; null otherwise. */
  input: Static<S> | null;
  /** Problems by form field, in form order. */
  fields: Record<string, string>;
};

const ajv = makeAjv(false);
const compiled = new WeakMap<TSchema, ValidateFunction>();
function validatorOf(schema: TSchema): ValidateFunction {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema as object);
    compiled.set(schema, validate);
  }
  return validate;
}

const pathOf = (name: string, spec: FormFieldSpec) => (spec.path ?? name).split(".");

/** Whether the schema requires the property at `path` (each object on the way included). */
function requiredIn(schema: TSchema, path: string[]): boolean {
  let node = schema as { required?: string[]; properties?: Record<string, TSchema> };
  for (const segment of path) {
    if (!node.required?.includes(segment)) return false;
    node = (node.properties?.[segment] ?? {}) as typeof node;
  }
  return true;
}

function setAt(target: Record<string, unknown>, path: string[], value: unknown) {
  let node = target;
  for (const segment of path.slice(0, -1)) {
    const next = node[segment];
    node = (next && typeof next === "object" ? next : (node[segment] = {})) as Record<string, unknown>;
  }
  node[path.at(-1)!] = value;
}

function valueAt(source: unknown, path: string[]): unknown {
  let node = source;
  for (const segment of path) node = node && typeof node === "object" ? (node as Record<string, unknown>)[segment] : undefined;
  return node;
}

const characters = (value: unknown) => (typeof value === "string" ? [...value].length : 0);
const count = (n: number) => n.toLocaleString("en-GB");

/** How much an error tells a person: the lower, the more specific (one problem is shown per field). */
function rank(error: ErrorObject): number {
  const underUnion = error.schemaPath.includes("/anyOf/");
  switch (error.keyword) {
    case "required":
      return 0;
    case "minLength":
      return 1;
    case "maxLength":
      return 2;
    case "maxItems":
    case "minItems":
      return 3;
    case "format":
    case "pattern":
      return 4;
    case "minimum":
    case "maximum":
      return 5;
    case "anyOf":
    case "enum":
      return 7;
    case "type":
    case "const":
      return underUnion ? 9 : 6;
    default:
      return 8;
  }
}

/** The plain-words sentence for one schema error of a field, in the reader's language. */
function say(error: ErrorObject, spec: FormFieldSpec, value: unknown, t: Translator): string {
  const limit = count((error.params as { limit?: number }).limit ?? 0);
  switch (error.keyword) {
    case "required":
      return spec.required ?? t.text("form.answer", { label: spec.label });
    case "minLength":
      if (characters(value) === 0) return spec.required ?? t.text("form.answer", { label: spec.label });
      return t.text("form.useAtLeast", { limit });
    case "maxLength":
      return t.text("form.useAtMost", { limit, count: count(characters(value)) });
    case "maxItems":
      return t.text("form.listAtMost", { limit, count: count(Array.isArray(value) ? value.length : 0) });
    case "minItems":
      return t.text("form.listAtLeast", { limit });
    case "format":
      return (error.params as { format?: string }).format === "email" ? t.text("form.email") : t.text("form.notExpected");
    case "minimum":
      return t.text("form.numberAtLeast", { limit });
    case "maximum":
      return t.text("form.numberAtMost", { limit });
    case "anyOf":
    case "enum":
    case "const":
      return spec.choose ?? t.text("form.chooseOption");
    case "type":
      return (error.params as { type?: string }).type === "integer" || (error.params as { type?: string }).type === "number"
        ? t.text("form.wholeNumber")
        : t.text("form.notExpected");
    default:
      return spec.choose ?? t.text("form.notExpected");
  }
}

/** The form field (and the rest of the path inside it) an API path belongs to. */
function fieldAt(spec: FormSpec, path: string[]): { name: string; rest: string[] } | null {
  let best: { name: string; rest: string[]; depth: number } | null = null;
  for (const [name, field] of Object.entries(spec)) {
    const own = pathOf(name, field);
    if (own.length > path.length || !own.every((segment, i) => path[i] === segment)) continue;
    if (!best || own.length > best.depth) best = { name, rest: path.slice(own.length), depth: own.length };
  }
  return best && { name: best.name, rest: best.rest };
}

function convert(spec: FormFieldSpec, text: string, t: Translator): Converted {
  const as = spec.as ?? "text";
  if (typeof as === "function") return as(text);
  switch (as) {
    case "checkbox":
      return { value: text !== "" };
    case "yesNo":
      if (text === "yes") return { value: true };
      if (text === "no") return { value: false };
      return { problem: spec.choose ?? t.text("form.yesNo") };
    case "number":
      return /^\s*-?\d+\s*$/.test(text) ? { value: Number(text) } : { problem: t.text("form.wholeNumber") };
    default:
      return { value: text };
  }
}

/**
 * Reads a form against the API's body schema: each field's text becomes its value at
 * its place in the body, the body is validated as the route validates it, and every
 * problem comes back by form field, in the form's order.
 */
export function readSchemaForm<S extends TObject, K extends string>(
  body: unknown,
  schema: S,
  spec: Record<K, FormFieldSpec>,
  /** Properties of the body the page sets itself, not the form (the kind of persona a form adds). */
  fixed: Record<string, unknown> = {},
  /** The reader's translator, for the problems the spec does not word itself. */
  t: Translator = english(),
): SchemaFormRead<S, K> {
  const source = body && typeof body === "object" ? (body as Record<string, unknown>) : {};
  const values = {} as Record<K, string>;
  const found: Record<string, string> = {};
  const input: Record<string, unknown> = { ...fixed };
  const names = Object.keys(spec) as K[];

  for (const name of names) {
    const field = spec[name];
    const raw = Object.prototype.hasOwnProperty.call(source, name) ? source[name] : undefined;
    let text = "";
    if (typeof raw === "string") text = raw;
    else if (Array.isArray(raw)) {
      text = raw.find((v): v is string => typeof v === "string") ?? "";
      found[name] = t.text("form.sentTwice");
    }
    values[name] = text;
    const path = pathOf(name, field);
    const as = field.as ?? "text";
    // A ticked box and a field read by its own function (a list, one item a line) decide for themselves what empty means.
    const empty = text.trim() === "" && as !== "checkbox" && typeof as !== "function";
    if (empty) {
      if (field.required) found[name] ??= field.required;
      const whenEmpty = field.whenEmpty ?? (field.required || requiredIn(schema, path) ? "keep" : "omit");
      if (whenEmpty === "null") setAt(input, path, null);
      else if (whenEmpty === "keep") setAt(input, path, as === "text" ? "" : undefined);
      continue;
    }
    const converted = convert(field, text, t);
    if ("problem" in converted) found[name] ??= converted.problem;
    else if ("value" in converted) setAt(input, path, converted.value);
  }

  const validate = validatorOf(schema);
  if (!validate(input)) {
    const best: Record<string, { rank: number; text: string }> = {};
    for (const error of validate.errors ?? []) {
      const path = error.instancePath
        .split("/")
        .slice(1)
        .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
      if (error.keyword === "required") path.push((error.params as { missingProperty: string }).missingProperty);
      const at = fieldAt(spec, path);
      const name = at?.name ?? names[0];
      if (!name || found[name]) continue;
      const field = spec[name as K];
      const r = rank(error);
      if (best[name] && best[name].rank <= r) continue;
      const inner = error.keyword === "required" ? path.slice(0, -1) : path;
      let text = say(error, at && at.rest.length > 0 && error.keyword === "required" ? { label: field.label } : field, valueAt(input, inner), t);
      if (at && field.inside && (at.rest.length > 0 || error.keyword === "maxItems" || error.keyword === "minItems")) {
        const limit = (error.params as { limit?: number }).limit;
        text = field.inside({ rest: at.rest, keyword: error.keyword, ...(limit !== undefined ? { limit } : {}), problem: text });
      }
      best[name] = { rank: r, text };
    }
    for (const [name, { text }] of Object.entries(best)) found[name] ??= text;
  }

  // In the form's order, so the error summary lists them as the page shows the fields.
  const fields: Record<string, string> = {};
  for (const name of names) if (found[name]) fields[name] = found[name];
  for (const [name, text] of Object.entries(found)) fields[name] ??= text;
  return { values, input: Object.keys(fields).length ? null : (input as Static<S>), fields };
}

/** The problem of a form read against its schema, or null when there is none. */
export function schemaProblem(read: { fields: Record<string, string> }, message = CHECK_ANSWERS): FormProblem | null {
  return Object.keys(read.fields).length ? { message, fields: read.fields } : null;
}

/**
 * A service's refusal on the form's fields: the service names API properties
 * ("charter.conditions[0].name", "displayName"), each put on the form field that holds
 * it, in form order; one the form has no field for goes to the summary sentence.
 * `t` says the service's problems in the reader's language.
 */
export function serviceProblem(spec: FormSpec, error: AppError, rename: Record<string, string> = {}, t: Translator = english()): FormProblem {
  const problem = problemFrom(error, (serviceField, text) => {
    const path = (rename[serviceField] ?? serviceField).replace(/\[(\d+)\]/g, ".$1").split(".");
    const at = fieldAt(spec, path);
    if (!at) return null;
    const inside = spec[at.name]?.inside;
    return { name: at.name, problem: inside && at.rest.length ? inside({ rest: at.rest, keyword: "service", problem: text }) : text };
  }, t);
  if (!problem.fields) return problem;
  const ordered: Record<string, string> = {};
  for (const name of Object.keys(spec)) if (problem.fields[name]) ordered[name] = problem.fields[name];
  return { ...problem, fields: ordered };
}

/** The labels of a form's fields, in form order, for the error summary. */
export const labelsOf = (spec: FormSpec): Record<string, string> => Object.fromEntries(Object.entries(spec).map(([name, field]) => [name, field.label]));
