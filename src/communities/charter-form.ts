/**
 * The charter form as text fields and back: reading what was typed (conditions one
 * per line, "Name" or "Name | code | system"), and naming the line at fault when the
 * service turns a condition down.
 */
import type { Charter } from "../db/schema.ts";
import type { AppError } from "../shared/errors.ts";
import type { FormProblem } from "../web/form-body.ts";
import { readSchemaForm, schemaProblem, serviceProblem, type Converted, type FormSpec, type Inside } from "../web/schema-form.ts";
import { LIMITS as TEXT } from "../shared/limits.ts";
import type { CommunityInput } from "./communities.service.ts";
import type { CommunityView } from "./communities.presenter.ts";
import { ACCEPTED_SYSTEMS, CODE_SYSTEMS, SYSTEM_URIS, type CodeSystem } from "./charter.ts";
import { CommunityBody, CommunityPatchBody } from "./communities.schemas.ts";
import { english, type Translator } from "../shared/i18n/translator.ts";

export type CharterFormValues = {
  slug: string;
  name: string;
  purpose: string;
  visibility: string;
  joinPolicy: string;
  /** Only when starting a community: who reads its first space. */
  firstSpace: string;
  conditions: string;
  rules: string;
  funding: string;
  businessModel: string;
  dataUse: string;
  conflictsOfInterest: string;
  /** The community's default language; "" for none of its own (the server's). */
  language: string;
};

/**
 * The most characters a field's box takes (its maxlength), from src/shared/limits.ts.
 * The form is checked by the API's schema (CommunityBody), not by these; conditions and
 * rules are one a line, so their boxes have room for every line at its longest.
 */
export const LIMITS = {
  slug: TEXT.slug,
  name: TEXT.communityName,
  purpose: TEXT.purpose,
  conditions: TEXT.conditions * (TEXT.conditionName + TEXT.conditionCode + 20),
  rules: TEXT.rules * (TEXT.rule + 2),
  funding: TEXT.declaration,
  businessModel: TEXT.declaration,
  dataUse: TEXT.declaration,
  conflictsOfInterest: TEXT.declaration,
};

// Loose spellings people type, and the FHIR URIs (ADR 0024), all to the short name Hearth stores.
const SYSTEMS: Record<string, CodeSystem> = {
  "snomed-ct": "snomed-ct",
  snomedct: "snomed-ct",
  snomed: "snomed-ct",
  "icd-10": "icd-10",
  icd10: "icd-10",
  ...Object.fromEntries(CODE_SYSTEMS.map((s) => [SYSTEM_URIS[s], s])),
};

export const EMPTY_CHARTER_FORM: CharterFormValues = {
  slug: "",
  name: "",
  purpose: "",
  visibility: "public",
  joinPolicy: "open",
  firstSpace: "members",
  conditions: "",
  rules: "",
  funding: "",
  businessModel: "",
  dataUse: "",
  conflictsOfInterest: "",
  language: "",
};

/** A community's charter written out as the form shows it. */
export function formFromCommunity(community: CommunityView): CharterFormValues {
  const { charter } = community;
  return {
    slug: community.slug,
    name: community.name,
    purpose: community.purpose,
    visibility: community.visibility,
    joinPolicy: community.joinPolicy,
    firstSpace: "members",
    conditions: charter.conditions.map((c) => (c.code && c.system ? `${c.name} | ${c.code} | ${c.system}` : c.name)).join("\n"),
    rules: charter.rules.join("\n"),
    funding: charter.funding,
    businessModel: charter.businessModel,
    dataUse: charter.dataUse,
    conflictsOfInterest: charter.conflictsOfInterest,
    language: charter.language ?? "",
  };
}

type Conditions = { conditions: Charter["conditions"]; lines: number[] };

/**
 * One condition a line: "Name" or "Name | code | system"; a line that is not in that
 * form is named by its number. Lengths and the count are the schema's to check.
 */
export function parseConditions(text: string, t: Translator = english()): Conditions | { error: string } {
  const conditions: Charter["conditions"] = [];
  const lines: number[] = [];
  const all = text.split(/\r\n|\r|\n/);
  for (const [i, raw] of all.entries()) {
    const line = raw.trim();
    if (!line) continue;
    const where = { line: String(i + 1), text: line.length > 60 ? `${line.slice(0, 57)}...` : line };
    const parts = line.split("|").map((p) => p.trim());
    const [name = "", code = "", systemText = ""] = parts;
    if (parts.length === 2 || parts.length > 3) return { error: t.text("charter.lineShape", where) };
    if (!name) return { error: t.text("charter.lineNoName", where) };
    if (parts.length === 3) {
      const system = SYSTEMS[systemText.toLowerCase().replace(/[\s_]/g, "")];
      if (!code) return { error: t.text("charter.lineNoCode", where) };
      if (!system) return { error: t.text("charter.lineSystem", { ...where, system: systemText, systems: ACCEPTED_SYSTEMS.join(", ") }) };
      conditions.push({ name, code, system });
    } else conditions.push({ name });
    lines.push(i + 1);
  }
  return { conditions, lines };
}

/** Rules, one a line (their count and length are the schema's to check). */
export function parseRules(text: string): string[] {
  return text
    .split(/\r\n|\r|\n/)
    .map((r) => r.trim())
    .filter(Boolean);
}

export type ReadCharter = { values: CharterFormValues; input: CommunityInput | null; problem: FormProblem | null; lines: number[] };

/**
 * The charter form on the API's CommunityBody (starting) or CommunityPatchBody
 * (editing), field by field in the page's order. `lines` maps each condition to the
 * line it was typed on, so a problem with one names its line.
 */
export function charterFormSpec(options: { withSlug: boolean }, lines: number[], t: Translator = english()): FormSpec {
  const lineOf = (index: string | undefined) => lines[Number(index)] ?? Number(index) + 1;
  const conditionProblem = ({ rest, keyword, problem }: Inside) => {
    if (rest.length === 0) return keyword === "maxItems" ? problem.replace(/^List at most ([\d,]+)\./, "List at most $1 conditions.") : problem;
    if (keyword === "service") return t.text("charter.lineProblem", { line: lineOf(rest[0]), problem });
    const part = rest[1] === "code" || rest[1] === "system" ? rest[1] : "name";
    return t.text("charter.linePartProblem", { line: lineOf(rest[0]), part, problem });
  };
  const ruleProblem = ({ rest, keyword, problem }: Inside) => {
    if (rest.length === 0) return keyword === "maxItems" ? problem.replace(/^List at most ([\d,]+)\./, "List at most $1 rules.") : problem;
    return t.text(keyword === "maxLength" ? "charter.ruleTooLong" : "charter.ruleProblem", { rule: Number(rest[0]) + 1, problem });
  };
  const chooseVisibility = t.text("charter.chooseVisibility");
  const chooseJoin = t.text("charter.chooseJoin");
  return {
    name: { label: t.text("charter.name"), required: t.text("charter.nameRequired") },
    ...(options.withSlug ? { slug: { label: t.text("charter.slug"), required: t.text("charter.slugRequired") } } : {}),
    purpose: { label: t.text("charter.purpose"), required: t.text("charter.purposeRequired") },
    visibility: { label: t.text("charter.visibility"), required: chooseVisibility, choose: chooseVisibility },
    joinPolicy: { label: t.text("charter.joinPolicy"), required: chooseJoin, choose: chooseJoin },
    // "" is none of its own: null, which the service stores as no language (the server's).
    language: { label: t.text("charter.language"), path: "charter.language", as: (text: string): Converted => ({ value: text === "" ? null : text }), choose: t.text("charter.chooseLanguage") },
    // Left out, the first space is members only (the safe default); only starting a community asks.
    ...(options.withSlug ? { firstSpace: { label: t.text("charter.firstSpace"), choose: t.text("charter.chooseFirstSpace") } } : {}),
    conditions: {
      label: t.text("charter.conditions"),
      path: "charter.conditions",
      as: (text: string): Converted => {
        const parsed = parseConditions(text, t);
        if ("error" in parsed) return { problem: parsed.error };
        lines.splice(0, lines.length, ...parsed.lines);
        return { value: parsed.conditions };
      },
      inside: conditionProblem,
    },
    rules: { label: t.text("charter.rules"), path: "charter.rules", as: (text: string): Converted => ({ value: parseRules(text) }), inside: ruleProblem },
    funding: { label: t.text("charter.funding"), path: "charter.funding", required: t.text("charter.askFunding") },
    businessModel: { label: t.text("charter.businessModel"), path: "charter.businessModel", required: t.text("charter.askBusinessModel") },
    dataUse: { label: t.text("charter.dataUse"), path: "charter.dataUse", required: t.text("charter.askDataUse") },
    conflictsOfInterest: { label: t.text("charter.conflictsOfInterest"), path: "charter.conflictsOfInterest", required: t.text("charter.askConflicts") },
  };
}

/** The labels of the charter form, in the page's order, in the reader's language. */
export const charterLabels = (t: Translator): Record<string, string> =>
  Object.fromEntries(Object.entries(charterFormSpec({ withSlug: true }, [], t)).map(([name, field]) => [name, field.label]));

/** Reads the charter form; `input` is what to hand the service when the form holds no problem. */
export function readCharterForm(body: unknown, options: { withSlug: boolean }, t: Translator = english()): ReadCharter {
  const lines: number[] = [];
  const spec = charterFormSpec(options, lines, t);
  const read = options.withSlug ? readSchemaForm(body, CommunityBody, spec, {}, t) : readSchemaForm(body, CommunityPatchBody, spec, {}, t);
  const values = { ...EMPTY_CHARTER_FORM, ...read.values } as CharterFormValues;
  const problem = schemaProblem(read);
  if (problem || !read.input) return { values, input: null, problem, lines };
  const input = read.input as CommunityInput;
  return {
    values,
    problem: null,
    lines,
    input: { ...input, slug: (input.slug ?? "").trim(), name: input.name.trim(), purpose: input.purpose.trim() },
  };
}

/** The service's problem with a charter, on the form's fields; a condition's problem names its line. */
export function charterProblem(error: AppError, lines: number[], t: Translator = english()): FormProblem {
  return serviceProblem(charterFormSpec({ withSlug: true }, lines, t), error, {}, t);
}
