/**
 * Checks a charter beyond its JSON shape: trimmed, non-empty statements, and
 * condition codes that look like the coding system they claim.
 */
import type { Charter } from "../db/schema.ts";
import { invalid } from "../shared/errors.ts";
import { msg } from "../shared/i18n/message.ts";
import { LIMITS } from "../shared/limits.ts";
import { findUnsafeText } from "../shared/text.ts";
import { checkCheckinTemplate } from "../shared/checkin-template.ts";
import { checkContentWarningList, checkCrisisPhrases, checkCrisisResources } from "../shared/condition-content.ts";
import { CONDITION_LIMITS, QUESTION_LIMITS } from "../shared/limits.ts";
import { CHOOSABLE_LOCALES, type ChoosableLocale } from "../shared/i18n/locales.ts";
import { ACCEPTED_SYSTEMS, CODE_SYSTEMS, SYSTEM_URIS, type AcceptedSystem, type CodeSystem } from "../shared/condition-systems.ts";

export { ACCEPTED_SYSTEMS, CODE_SYSTEMS, SYSTEM_URIS, type AcceptedSystem, type CodeSystem } from "../shared/condition-systems.ts";

/** A charter as a client may send it: a condition's system in either spelling. */
export type CharterInput = Omit<Charter, "conditions" | "language" | "checkinTemplate" | "forkSignatures"> & {
  /** null: only its managers fork it. */
  forkSignatures?: number | null;
  /** null: back to the general wellbeing check-in. */
  checkinTemplate?: Charter["checkinTemplate"] | null;
  conditions: { name: string; code?: string; system?: AcceptedSystem }[];
  /** null: no language of its own, so the server's. */
  language?: Charter["language"] | null;
};

/** The short name for a system in either spelling, or null when it is neither. */
export function normaliseSystem(system: string): CodeSystem | null {
  // The route schema already allows only ACCEPTED_SYSTEMS; this also guards callers that skip it (the CLI, demo data).
  if ((CODE_SYSTEMS as readonly string[]).includes(system)) return system as CodeSystem;
  return CODE_SYSTEMS.find((s) => SYSTEM_URIS[s] === system) ?? null;
}

const CODE_PATTERNS: Record<CodeSystem, RegExp> = {
  "snomed-ct": /^[1-9][0-9]{5,17}$/,
  "icd-10": /^[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$/,
};

/** One condition: a name, and a code only with the system it is from, in the shape of that system. */
function checkCondition(condition: CharterInput["conditions"][number], i: number): Charter["conditions"][number] {
  const name = condition.name.trim();
  if (!name) throw invalid(`charter.conditions[${i}].name`, msg("problem.charter.conditionName"));
  if (name.length > LIMITS.conditionName) throw invalid(`charter.conditions[${i}].name`, msg("problem.keepUnder", { max: String(LIMITS.conditionName) }));
  const code = condition.code?.trim();
  if (!code) return { name };
  if (!condition.system) throw invalid(`charter.conditions[${i}].system`, msg("problem.charter.whichSystem", { systems: ACCEPTED_SYSTEMS.join(", ") }));
  const system = normaliseSystem(condition.system);
  if (!system) throw invalid(`charter.conditions[${i}].system`, msg("problem.mustBeOneOf", { options: ACCEPTED_SYSTEMS.join(", ") }));
  if (!CODE_PATTERNS[system].test(code.toUpperCase())) {
    throw invalid(`charter.conditions[${i}].code`, msg("problem.charter.notACode", { code, system }));
  }
  return { name, code: code.toUpperCase(), system };
}

function checkDangerNow(line: string): string {
  const value = line.normalize("NFKC").trim();
  if (value.length > CONDITION_LIMITS.dangerNow) throw invalid("charter.dangerNow", msg("problem.keepUnder", { max: String(CONDITION_LIMITS.dangerNow) }));
  return value;
}

/** The route schema checks these; this also guards callers that skip it (the CLI, demo data). */
function checkQuestionRouting(routing: NonNullable<Charter["questionRouting"]>): void {
  const within = (n: number, range: { min: number; max: number }) => Number.isInteger(n) && n >= range.min && n <= range.max;
  if (!within(routing.askPerRound, QUESTION_LIMITS.askPerRound)) throw invalid("charter.questionRouting.askPerRound", msg("problem.between", { min: String(QUESTION_LIMITS.askPerRound.min), max: String(QUESTION_LIMITS.askPerRound.max) }));
  if (!within(routing.rerouteAfterHours, QUESTION_LIMITS.rerouteAfterHours)) {
    throw invalid("charter.questionRouting.rerouteAfterHours", msg("problem.between", { min: String(QUESTION_LIMITS.rerouteAfterHours.min), max: String(QUESTION_LIMITS.rerouteAfterHours.max) }));
  }
}

const DECLARATIONS = ["funding", "businessModel", "dataUse", "conflictsOfInterest"] as const;

/** Returns a cleaned charter, systems stored by their short names, or throws a 400 naming the field at fault. */
export function checkCharter(charter: CharterInput): Charter {
  const unsafe = findUnsafeText(charter, "charter");
  if (unsafe) throw invalid(unsafe.field, unsafe.problem);
  if (charter.conditions.length > LIMITS.conditions) throw invalid("charter.conditions", msg("problem.charter.tooManyConditions", { max: String(LIMITS.conditions) }));
  if (charter.rules.length > LIMITS.rules) throw invalid("charter.rules", msg("problem.charter.tooManyRules", { max: String(LIMITS.rules) }));
  const conditions = charter.conditions.map((condition, i) => checkCondition(condition, i));
  const rules = charter.rules.map((rule) => rule.trim()).filter(Boolean);
  const long = rules.findIndex((rule) => rule.length > LIMITS.rule);
  if (long >= 0) throw invalid(`charter.rules[${long}]`, msg("problem.charter.ruleTooLong", { max: String(LIMITS.rule) }));
  const { language, checkinTemplate, contentWarnings, crisisResources, dangerNow, crisisPhrases, forkSignatures, questionRouting, ...rest } = charter;
  if (questionRouting != null) checkQuestionRouting(questionRouting);
  if (forkSignatures != null && (!Number.isInteger(forkSignatures) || forkSignatures < 2 || forkSignatures > 100)) {
    throw invalid("charter.forkSignatures", msg("problem.charter.forkSignatures"));
  }
  // The route schema allows only these; this also guards callers that skip it (the CLI, demo data).
  if (language != null && !(CHOOSABLE_LOCALES as readonly string[]).includes(language)) {
    throw invalid("charter.language", msg("problem.mustBeOneOf", { options: CHOOSABLE_LOCALES.join(", ") }));
  }
  const cleaned: Charter = {
    ...rest,
    conditions,
    rules,
    ...(language != null ? { language: language as ChoosableLocale } : {}),
    ...(checkinTemplate != null ? { checkinTemplate: checkCheckinTemplate(checkinTemplate) } : {}),
    // Condition-aware content (ADR 39): absent means the defaults.
    ...(contentWarnings != null ? { contentWarnings: checkContentWarningList(contentWarnings) } : {}),
    ...(crisisResources != null ? { crisisResources: checkCrisisResources(crisisResources) } : {}),
    ...(crisisPhrases != null ? { crisisPhrases: checkCrisisPhrases(crisisPhrases) } : {}),
    ...(dangerNow != null && dangerNow.trim() ? { dangerNow: checkDangerNow(dangerNow) } : {}),
    ...(forkSignatures != null ? { forkSignatures } : {}),
    ...(questionRouting != null ? { questionRouting: { askPerRound: questionRouting.askPerRound, rerouteAfterHours: questionRouting.rerouteAfterHours } } : {}),
  };
  for (const field of DECLARATIONS) {
    cleaned[field] = charter[field].trim();
    if (!cleaned[field]) throw invalid(`charter.${field}`, msg("problem.charter.declaration"));
    if (cleaned[field].length > LIMITS.declaration) throw invalid(`charter.${field}`, msg("problem.keepUnder", { max: String(LIMITS.declaration) }));
  }
  return cleaned;
}
