/**
 * The "check-ins and safety" form: the charter's check-in questions, content warnings,
 * crisis resources, "if you are in danger now" line and crisis phrases, as text boxes
 * of one item a line (ADR 42), read onto the API's CommunityPatchBody so the form refuses
 * what the API refuses. Each list's problems name the line they are on.
 */
import type { Charter } from "../db/schema.ts";
import type { AppError } from "../shared/errors.ts";
import type { CheckinField, CheckinTemplate } from "../shared/checkin-template.ts";
import { DEFAULT_CONTENT_WARNINGS, type CrisisResource } from "../shared/condition-content.ts";
import { english, type Translator } from "../shared/i18n/translator.ts";
import { CHECKIN_LIMITS, CONDITION_LIMITS } from "../shared/limits.ts";
import type { FormProblem } from "../web/form-body.ts";
import { readSchemaForm, schemaProblem, serviceProblem, type Converted, type FormSpec, type Inside } from "../web/schema-form.ts";
import { CommunityPatchBody } from "./communities.schemas.ts";
import type { CommunityPatch } from "./communities.service.ts";

export type CareFormValues = { checkinTemplate: string; contentWarnings: string; crisisResources: string; dangerNow: string; crisisPhrases: string };

/** Where each list item was typed: item i of a list is on line lines[field][i]. */
type Lines = Record<"checkinTemplate" | "contentWarnings" | "crisisResources" | "crisisPhrases", number[]>;

const SEPARATOR = " | ";
/** A choice's options are written on one line, apart by semicolons (options often hold commas). */
const OPTION_SEPARATOR = "; ";
const RESOURCE_PARTS = ["country", "name", "phone", "text", "url", "hours"] as const;
/** How a person may write a check-in question's type, to the type Hearth stores. */
const TYPE_WORDS: Record<string, CheckinField["type"]> = { scale: "scale", boolean: "boolean", "yes/no": "boolean", yesno: "boolean", choice: "choice", text: "text" };
const RANGE = /^(-?\d+)\s*(?:-|–|to)\s*(-?\d+)$/;

/** The most characters each box takes (its maxlength): every line at its longest. */
export const CARE_LIMITS = {
  checkinTemplate: CHECKIN_LIMITS.fields * (40 + CHECKIN_LIMITS.label + CHECKIN_LIMITS.options * (CHECKIN_LIMITS.option + 2) + 20),
  contentWarnings: CONDITION_LIMITS.warnings * (CONDITION_LIMITS.warning + 2),
  crisisResources: CONDITION_LIMITS.resources * (6 * (CONDITION_LIMITS.resourceField + 3)),
  dangerNow: CONDITION_LIMITS.dangerNow,
  crisisPhrases: CONDITION_LIMITS.phrases * (CONDITION_LIMITS.phrase + 2),
};

const splitLines = (text: string) => text.split(/\r\n|\r|\n/);
const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((item, i) => item === b[i]);

function fieldLine(field: CheckinField): string {
  const parts = [field.id, field.label, field.type];
  if (field.type === "scale" && (field.min !== undefined || field.max !== undefined)) parts.push(`${field.min ?? 0}-${field.max ?? 10}`);
  if (field.type === "choice") parts.push((field.options ?? []).join(OPTION_SEPARATOR));
  return parts.join(SEPARATOR);
}

function resourceLine(resource: CrisisResource): string {
  const parts = RESOURCE_PARTS.map((part) => resource[part] ?? "");
  while (parts.length > 2 && parts.at(-1) === "") parts.pop();
  return parts.join(SEPARATOR);
}

/** The charter's settings written out as the form shows them; the content warnings are the defaults when it lists none. */
export function careFormFromCharter(charter: Charter): CareFormValues {
  return {
    checkinTemplate: (charter.checkinTemplate?.fields ?? []).map(fieldLine).join("\n"),
    contentWarnings: (charter.contentWarnings ?? DEFAULT_CONTENT_WARNINGS).join("\n"),
    crisisResources: (charter.crisisResources ?? []).map(resourceLine).join("\n"),
    dangerNow: charter.dangerNow ?? "",
    crisisPhrases: (charter.crisisPhrases ?? []).join("\n"),
  };
}

type Parsed<T> = { value: T; lines: number[] } | { error: string };

/** "id | question | type | range or options" a line: "breathless | How breathless are you? | scale | 0-10". */
export function parseCheckinLines(text: string, t: Translator): Parsed<CheckinTemplate | null> {
  const fields: CheckinField[] = [];
  const lines: number[] = [];
  for (const [i, raw] of splitLines(text).entries()) {
    const line = raw.trim();
    if (!line) continue;
    const where = { line: String(i + 1) };
    const [id = "", label = "", typeWord = "", details = "", ...extra] = line.split("|").map((p) => p.trim());
    const type = TYPE_WORDS[typeWord.toLowerCase()];
    if (!label || extra.length) return { error: t.text("care.questionShape", where) };
    if (!type) return { error: t.text("care.questionType", { ...where, type: typeWord }) };
    const field: CheckinField = { id, label, type };
    if (type === "scale" && details) {
      const range = RANGE.exec(details);
      if (!range) return { error: t.text("care.questionRange", { ...where, range: details }) };
      field.min = Number(range[1]);
      field.max = Number(range[2]);
    } else if (type === "choice") field.options = details.split(";").map((o) => o.trim());
    else if (details) return { error: t.text("care.questionNoDetails", where) };
    fields.push(field);
    lines.push(i + 1);
  }
  // No questions: the general wellbeing check-in.
  return { value: fields.length ? { fields } : null, lines };
}

/** "country | name | phone | text | web address | hours" a line; the parts after the name may be left empty. */
export function parseResourceLines(text: string, t: Translator): Parsed<CrisisResource[]> {
  const resources: CrisisResource[] = [];
  const lines: number[] = [];
  for (const [i, raw] of splitLines(text).entries()) {
    const line = raw.trim();
    if (!line) continue;
    const parts = line.split("|").map((p) => p.trim());
    if (parts.length < 2 || parts.length > RESOURCE_PARTS.length) return { error: t.text("care.resourceShape", { line: String(i + 1) }) };
    const resource: CrisisResource = { country: parts[0]!, name: parts[1]! };
    for (const [at, part] of RESOURCE_PARTS.entries()) if (at >= 2 && parts[at]) resource[part as "phone" | "text" | "url" | "hours"] = parts[at];
    resources.push(resource);
    lines.push(i + 1);
  }
  return { value: resources, lines };
}

function parseItemLines(text: string): { value: string[]; lines: number[] } {
  const value: string[] = [];
  const lines: number[] = [];
  for (const [i, raw] of splitLines(text).entries()) {
    if (!raw.trim()) continue;
    value.push(raw.trim());
    lines.push(i + 1);
  }
  return { value, lines };
}

// The parts of an item the service names, as the form's words say them (keys written out for the catalogue check).
const PART_KEYS: Record<string, string> = {
  id: "care.partId",
  label: "care.partLabel",
  type: "care.partType",
  min: "care.partRange",
  max: "care.partRange",
  options: "care.partOptions",
  country: "care.partCountry",
  name: "care.partName",
  phone: "care.partPhone",
  text: "care.partText",
  url: "care.partUrl",
  hours: "care.partHours",
};

/** The care form on CommunityPatchBody, field by field in the page's order; `lines` is filled as the lists are read. */
export function careFormSpec(lines: Lines, t: Translator = english()): FormSpec {
  const onLine = (list: keyof Lines) => ({ rest, problem }: Inside) => {
    const index = rest.find((segment) => /^\d+$/.test(segment));
    if (index === undefined) return problem;
    const line = String(lines[list][Number(index)] ?? Number(index) + 1);
    const part = rest.at(-1) !== index ? PART_KEYS[rest.at(-1)!] : undefined;
    return part ? t.text("care.linePartProblem", { line, part: t.text(part), problem }) : t.text("charter.lineProblem", { line, problem });
  };
  const list = (name: keyof Lines, parse: (text: string) => Parsed<unknown>) => (text: string): Converted => {
    const parsed = parse(text);
    if ("error" in parsed) return { problem: parsed.error };
    lines[name].splice(0, lines[name].length, ...parsed.lines);
    return { value: parsed.value };
  };
  return {
    checkinTemplate: { label: t.text("care.questions"), path: "charter.checkinTemplate", as: list("checkinTemplate", (text) => parseCheckinLines(text, t)), inside: onLine("checkinTemplate") },
    contentWarnings: {
      label: t.text("care.contentWarnings"),
      path: "charter.contentWarnings",
      as: (text: string): Converted => {
        const parsed = parseItemLines(text);
        lines.contentWarnings.splice(0, lines.contentWarnings.length, ...parsed.lines);
        // Hearth's own list, unchanged, is left as it is: a community that never chose keeps following the defaults.
        return sameList(parsed.value, DEFAULT_CONTENT_WARNINGS) ? { omit: true } : { value: parsed.value };
      },
      inside: onLine("contentWarnings"),
    },
    crisisResources: { label: t.text("care.crisisResources"), path: "charter.crisisResources", as: list("crisisResources", (text) => parseResourceLines(text, t)), inside: onLine("crisisResources") },
    // Emptied, the line goes back to Hearth's own sentence ("" is what the service drops).
    dangerNow: { label: t.text("care.dangerNow"), path: "charter.dangerNow", whenEmpty: "keep" },
    crisisPhrases: { label: t.text("care.crisisPhrases"), path: "charter.crisisPhrases", as: list("crisisPhrases", parseItemLines), inside: onLine("crisisPhrases") },
  };
}

const noLines = (): Lines => ({ checkinTemplate: [], contentWarnings: [], crisisResources: [], crisisPhrases: [] });

export type ReadCareForm = { values: CareFormValues; patch: CommunityPatch | null; problem: FormProblem | null; lines: Lines };

/** Reads the form; `patch` is what to hand communities.update when the form holds no problem. */
export function readCareForm(body: unknown, t: Translator = english()): ReadCareForm {
  const lines = noLines();
  const read = readSchemaForm(body, CommunityPatchBody, careFormSpec(lines, t), {}, t);
  const values = read.values as CareFormValues;
  const problem = schemaProblem(read);
  if (problem || !read.input) return { values, patch: null, problem, lines };
  return { values, patch: read.input as CommunityPatch, problem: null, lines };
}

/** The service's refusal on the form's fields, each list's problem on its line. */
export function careProblem(error: AppError, lines: Lines, t: Translator = english()): FormProblem {
  return serviceProblem(careFormSpec(lines, t), error, {}, t);
}

/** The labels of the care form, in the page's order. */
export const careLabels = (t: Translator): Record<string, string> =>
  Object.fromEntries(Object.entries(careFormSpec(noLines(), t)).map(([name, field]) => [name, field.label]));
