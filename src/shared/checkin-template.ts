/**
 * A community's check-in template (issue 11): the few questions a member answers when
 * checking in — a scale, a yes or no, a choice, a line of text — and the checks on a
 * template (in the charter) and on a check-in's answers against it. Shared because the
 * charter (src/communities) holds the template and check-ins (src/checkins) use it.
 */
import { invalid } from "./errors.ts";
import { msg } from "./i18n/message.ts";
import { findUnsafeText } from "./text.ts";
import { CHECKIN_LIMITS } from "./limits.ts";

export { CHECKIN_LIMITS } from "./limits.ts";

export type CheckinFieldType = "scale" | "boolean" | "choice" | "text";
export const CHECKIN_FIELD_TYPES: readonly CheckinFieldType[] = ["scale", "boolean", "choice", "text"];

export type CheckinField = {
  id: string;
  label: string;
  type: CheckinFieldType;
  /** A scale's lowest and highest answers (whole numbers; 0 and 10 when left out). */
  min?: number;
  max?: number;
  /** A choice's options. */
  options?: string[];
};
export type CheckinTemplate = { fields: CheckinField[] };
export type CheckinAnswer = number | boolean | string;
export type CheckinAnswers = Record<string, CheckinAnswer>;

const FIELD_ID = /^[a-z][a-z0-9_]{0,39}$/;

/**
 * For a community that has not written its own: a general wellbeing check-in. The labels
 * are written in the community's words when it has a template; this one is in the
 * catalogue's (`checkins.general.*`), looked up by the page.
 */
export const GENERAL_TEMPLATE: CheckinTemplate = {
  fields: [
    { id: "wellbeing", label: "Overall, how are you today?", type: "scale", min: 1, max: 5 },
    { id: "sleep", label: "How did you sleep?", type: "scale", min: 1, max: 5 },
    { id: "energy", label: "How is your energy?", type: "scale", min: 1, max: 5 },
    { id: "note", label: "Anything you want to remember about today?", type: "text" },
  ],
};

export const scaleOf = (field: CheckinField) => ({ min: field.min ?? 0, max: field.max ?? 10 });

/** A template as a community may write it, cleaned, or a 400 naming the field at fault. */
export function checkCheckinTemplate(template: CheckinTemplate, at = "charter.checkinTemplate"): CheckinTemplate {
  const unsafe = findUnsafeText(template, at);
  if (unsafe) throw invalid(unsafe.field, unsafe.problem);
  if (template.fields.length === 0) throw invalid(`${at}.fields`, msg("problem.checkin.noFields"));
  if (template.fields.length > CHECKIN_LIMITS.fields) throw invalid(`${at}.fields`, msg("problem.checkin.tooManyFields", { max: String(CHECKIN_LIMITS.fields) }));
  const seen = new Set<string>();
  const fields = template.fields.map((field, i): CheckinField => {
    const where = `${at}.fields[${i}]`;
    const id = field.id.trim();
    if (!FIELD_ID.test(id)) throw invalid(`${where}.id`, msg("problem.checkin.fieldId"));
    if (seen.has(id)) throw invalid(`${where}.id`, msg("problem.checkin.duplicateId", { id }));
    seen.add(id);
    const label = field.label.trim();
    if (!label) throw invalid(`${where}.label`, msg("problem.checkin.label"));
    if (label.length > CHECKIN_LIMITS.label) throw invalid(`${where}.label`, msg("problem.keepUnder", { max: String(CHECKIN_LIMITS.label) }));
    if (field.type === "scale") {
      const { min, max } = scaleOf(field);
      if (!Number.isInteger(min) || !Number.isInteger(max) || min >= max || max - min > CHECKIN_LIMITS.scaleSpan) {
        throw invalid(`${where}.max`, msg("problem.checkin.scale", { span: String(CHECKIN_LIMITS.scaleSpan) }));
      }
      return { id, label, type: "scale", min, max };
    }
    if (field.type === "choice") {
      const options = (field.options ?? []).map((o) => o.trim());
      if (options.length < 2 || options.some((o) => !o)) throw invalid(`${where}.options`, msg("problem.checkin.options"));
      if (options.length > CHECKIN_LIMITS.options) throw invalid(`${where}.options`, msg("problem.checkin.tooManyOptions", { max: String(CHECKIN_LIMITS.options) }));
      if (options.some((o) => o.length > CHECKIN_LIMITS.option)) throw invalid(`${where}.options`, msg("problem.keepUnder", { max: String(CHECKIN_LIMITS.option) }));
      if (new Set(options).size !== options.length) throw invalid(`${where}.options`, msg("problem.checkin.duplicateOption"));
      return { id, label, type: "choice", options };
    }
    return { id, label, type: field.type };
  });
  return { fields };
}

/**
 * A member's answers, checked against the template: every scale, yes-or-no and choice
 * answered (the form gives each a default), text optional; nothing the template does not
 * ask. A 400 names the answer at fault (`values.<id>`).
 */
export function checkCheckinAnswers(template: CheckinTemplate, values: Record<string, unknown>): CheckinAnswers {
  const unsafe = findUnsafeText(values, "values");
  if (unsafe) throw invalid(unsafe.field, unsafe.problem);
  const known = new Set(template.fields.map((f) => f.id));
  const unknown = Object.keys(values).find((key) => !known.has(key));
  if (unknown) throw invalid(`values.${unknown}`, msg("problem.checkin.unknownField"));
  const answers: CheckinAnswers = {};
  for (const field of template.fields) {
    const value = values[field.id];
    const at = `values.${field.id}`;
    if (field.type === "text") {
      if (value === undefined || value === null) continue;
      if (typeof value !== "string") throw invalid(at, msg("problem.checkin.text"));
      const text = value.trim();
      if (text.length > CHECKIN_LIMITS.text) throw invalid(at, msg("problem.keepUnder", { max: String(CHECKIN_LIMITS.text) }));
      if (text) answers[field.id] = text;
      continue;
    }
    if (value === undefined || value === null) throw invalid(at, msg("problem.checkin.answer"));
    if (field.type === "scale") {
      const { min, max } = scaleOf(field);
      if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
        throw invalid(at, msg("problem.checkin.outOfRange", { min: String(min), max: String(max) }));
      }
      answers[field.id] = value;
    } else if (field.type === "boolean") {
      if (typeof value !== "boolean") throw invalid(at, msg("problem.checkin.yesNo"));
      answers[field.id] = value;
    } else {
      if (typeof value !== "string" || !field.options!.includes(value)) throw invalid(at, msg("problem.checkin.choice", { options: field.options!.join(", ") }));
      answers[field.id] = value;
    }
  }
  return answers;
}
