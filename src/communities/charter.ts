/**
 * Checks a charter beyond its JSON shape: trimmed, non-empty statements, and
 * condition codes that look like the coding system they claim.
 */
import type { Charter } from "../db/schema.ts";
import { invalid } from "../shared/errors.ts";
import { LIMITS } from "../shared/limits.ts";
import { findUnsafeText } from "../shared/text.ts";

export const CODE_SYSTEMS = ["snomed-ct", "icd-10"] as const;

const CODE_PATTERNS: Record<(typeof CODE_SYSTEMS)[number], RegExp> = {
  "snomed-ct": /^[1-9][0-9]{5,17}$/,
  "icd-10": /^[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$/,
};

const DECLARATIONS = ["funding", "businessModel", "dataUse", "conflictsOfInterest"] as const;

/** Returns a cleaned charter or throws a 400 naming the field at fault. */
export function checkCharter(charter: Charter): Charter {
  const unsafe = findUnsafeText(charter, "charter");
  if (unsafe) throw invalid(unsafe.field, unsafe.problem);
  if (charter.conditions.length > LIMITS.conditions) throw invalid("charter.conditions", `list at most ${LIMITS.conditions} conditions`);
  if (charter.rules.length > LIMITS.rules) throw invalid("charter.rules", `list at most ${LIMITS.rules} rules`);
  const conditions = charter.conditions.map((condition, i) => {
    const name = condition.name.trim();
    if (!name) throw invalid(`charter.conditions[${i}].name`, "give the condition a name");
    if (name.length > LIMITS.conditionName) throw invalid(`charter.conditions[${i}].name`, `keep it under ${LIMITS.conditionName} characters`);
    const code = condition.code?.trim();
    const system = condition.system;
    if (code && !system) throw invalid(`charter.conditions[${i}].system`, `say which coding system the code is from: ${CODE_SYSTEMS.join(" or ")}`);
    if (code && system && !CODE_PATTERNS[system as (typeof CODE_SYSTEMS)[number]].test(code.toUpperCase())) {
      throw invalid(`charter.conditions[${i}].code`, `"${code}" is not a ${system} code`);
    }
    return code && system ? { name, code: code.toUpperCase(), system } : { name };
  });
  const rules = charter.rules.map((rule) => rule.trim()).filter(Boolean);
  const long = rules.findIndex((rule) => rule.length > LIMITS.rule);
  if (long >= 0) throw invalid(`charter.rules[${long}]`, `keep each rule under ${LIMITS.rule} characters`);
  const cleaned: Charter = { ...charter, conditions, rules };
  for (const field of DECLARATIONS) {
    cleaned[field] = charter[field].trim();
    if (!cleaned[field]) throw invalid(`charter.${field}`, "the honest-broker declaration needs this answered, even if the answer is 'none'");
    if (cleaned[field].length > LIMITS.declaration) throw invalid(`charter.${field}`, `keep it under ${LIMITS.declaration} characters`);
  }
  return cleaned;
}
