/**
 * The charter form as text fields and back: reading what was typed (conditions one
 * per line, "Name" or "Name | code | system"), and naming the line at fault when the
 * service turns a condition down.
 */
import type { Charter, CommunityVisibility, JoinPolicy } from "../db/schema.ts";
import type { AppError } from "../shared/errors.ts";
import { fieldProblem, problemFrom, readForm, type FormProblem } from "../web/form-body.ts";
import { LIMITS as TEXT } from "../shared/limits.ts";
import type { CommunityInput } from "./communities.service.ts";
import type { CommunityView } from "./communities.presenter.ts";
import { ACCEPTED_SYSTEMS, CODE_SYSTEMS, SYSTEM_URIS, type CodeSystem } from "./charter.ts";

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
};

// From src/shared/limits.ts, as the API's schemas and the service, so both doors take the same charters.
// Conditions and rules are one a line: room for every line at its longest, and its line break.
export const LIMITS = {
  slug: TEXT.slug,
  name: TEXT.communityName,
  purpose: TEXT.purpose,
  visibility: 20,
  joinPolicy: 20,
  firstSpace: 20,
  conditions: TEXT.conditions * (TEXT.conditionName + TEXT.conditionCode + 20),
  rules: TEXT.rules * (TEXT.rule + 2),
  funding: TEXT.declaration,
  businessModel: TEXT.declaration,
  dataUse: TEXT.declaration,
  conflictsOfInterest: TEXT.declaration,
} satisfies Record<keyof CharterFormValues, number>;
const MAX_CONDITIONS = TEXT.conditions;
const MAX_RULES = TEXT.rules;
const MAX_RULE = TEXT.rule;

const VISIBILITIES: CommunityVisibility[] = ["public", "members", "hidden"];
const JOIN_POLICIES: JoinPolicy[] = ["open", "approval"];
const DECLARATIONS = ["funding", "businessModel", "dataUse", "conflictsOfInterest"] as const;

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
  };
}

type Conditions = { conditions: Charter["conditions"]; lines: number[] };

/** One condition a line: "Name" or "Name | code | system"; a bad line is named by its number. */
export function parseConditions(text: string): Conditions | { error: string } {
  const conditions: Charter["conditions"] = [];
  const lines: number[] = [];
  const all = text.split(/\r\n|\r|\n/);
  for (const [i, raw] of all.entries()) {
    const line = raw.trim();
    if (!line) continue;
    const where = `Line ${i + 1} ("${line.length > 60 ? `${line.slice(0, 57)}...` : line}")`;
    const parts = line.split("|").map((p) => p.trim());
    const [name = "", code = "", systemText = ""] = parts;
    if (parts.length === 2 || parts.length > 3) {
      return { error: `${where} should be a name on its own, or "Name | code | system", for example "COPD | J44.9 | icd-10".` };
    }
    if (!name) return { error: `${where} needs the name of the condition before the first "|".` };
    if (name.length > TEXT.conditionName) return { error: `${where} has a name longer than ${TEXT.conditionName} characters.` };
    if (parts.length === 3) {
      const system = SYSTEMS[systemText.toLowerCase().replace(/[\s_]/g, "")];
      if (!code) return { error: `${where} needs a code between the two "|".` };
      if (code.length > TEXT.conditionCode) return { error: `${where} has a code longer than ${TEXT.conditionCode} characters.` };
      if (!system) return { error: `${where} names the coding system "${systemText}". Use ${ACCEPTED_SYSTEMS.join(", ")}.` };
      conditions.push({ name, code, system });
    } else conditions.push({ name });
    lines.push(i + 1);
  }
  if (conditions.length > MAX_CONDITIONS) return { error: `List at most ${MAX_CONDITIONS} conditions. There are ${conditions.length}.` };
  return { conditions, lines };
}

/** Rules, one a line. */
export function parseRules(text: string): string[] | { error: string } {
  const rules = text
    .split(/\r\n|\r|\n/)
    .map((r) => r.trim())
    .filter(Boolean);
  if (rules.length > MAX_RULES) return { error: `List at most ${MAX_RULES} rules. There are ${rules.length}.` };
  const long = rules.findIndex((r) => r.length > MAX_RULE);
  if (long >= 0) return { error: `Rule ${long + 1} is longer than ${MAX_RULE} characters. Split it into shorter rules.` };
  return rules;
}

export type ReadCharter = { values: CharterFormValues; input: CommunityInput | null; problem: FormProblem | null; lines: number[] };

/** Reads the charter form; `input` is what to hand the service when the form holds no problem. */
export function readCharterForm(body: unknown, options: { withSlug: boolean }): ReadCharter {
  const { values, fields } = readForm(body, LIMITS);
  if (!options.withSlug) delete fields.slug;
  if (options.withSlug && !values.slug.trim()) fields.slug ??= "Choose a web address for the community.";
  if (!values.name.trim()) fields.name ??= "Give the community a name.";
  if (!values.purpose.trim()) fields.purpose ??= "Say in a sentence or two what the community is for.";
  if (!VISIBILITIES.includes(values.visibility as CommunityVisibility)) fields.visibility ??= "Choose who can see the community.";
  if (!JOIN_POLICIES.includes(values.joinPolicy as JoinPolicy)) fields.joinPolicy ??= "Choose how people join.";
  // Left out, it is members only (the safe default); anything else is a mistake to show.
  if (options.withSlug && values.firstSpace !== "" && values.firstSpace !== "public" && values.firstSpace !== "members") {
    fields.firstSpace ??= "Choose who can read the first space.";
  }
  if (!options.withSlug) delete fields.firstSpace;
  for (const field of DECLARATIONS) {
    if (!values[field].trim()) fields[field] ??= "Please answer this, even if the answer is \"none\". People decide whether to trust the community from it.";
  }
  const conditions = parseConditions(values.conditions);
  if ("error" in conditions) fields.conditions ??= conditions.error;
  const rules = parseRules(values.rules);
  if ("error" in rules) fields.rules ??= rules.error;

  const problem = fieldProblem(fields);
  if (problem || "error" in conditions || "error" in rules) return { values, input: null, problem, lines: [] };
  return {
    values,
    problem: null,
    lines: conditions.lines,
    input: {
      slug: values.slug.trim(),
      name: values.name.trim(),
      purpose: values.purpose.trim(),
      visibility: values.visibility as CommunityVisibility,
      joinPolicy: values.joinPolicy as JoinPolicy,
      ...(options.withSlug ? { firstSpace: values.firstSpace === "public" ? ("public" as const) : ("members" as const) } : {}),
      charter: {
        conditions: conditions.conditions,
        rules,
        funding: values.funding,
        businessModel: values.businessModel,
        dataUse: values.dataUse,
        conflictsOfInterest: values.conflictsOfInterest,
      },
    },
  };
}

/** The service's problem with a charter, on the form's fields; a condition's problem names its line. */
export function charterProblem(error: AppError, lines: number[]): FormProblem {
  return problemFrom(error, (serviceField, problem) => {
    const condition = /^charter\.conditions\[(\d+)\]/.exec(serviceField);
    if (condition) return { name: "conditions", problem: `Line ${lines[Number(condition[1])] ?? Number(condition[1]) + 1}: ${problem}` };
    if (serviceField.startsWith("charter.rules")) return { name: "rules", problem };
    const name = serviceField.replace(/^charter\./, "");
    return name in LIMITS ? { name, problem } : null;
  });
}
