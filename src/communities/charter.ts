/**
 * Checks a charter beyond its JSON shape: trimmed, non-empty statements, and
 * condition codes that look like the coding system they claim.
 */
import type { Charter } from "../db/schema.ts";
import { invalid } from "../shared/errors.ts";

export const CODE_SYSTEMS = ["snomed-ct", "icd-10"] as const;

const CODE_PATTERNS: Record<(typeof CODE_SYSTEMS)[number], RegExp> = {
  "snomed-ct": /^[1-9][0-9]{5,17}$/,
  "icd-10": /^[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$/,
};

const DECLARATIONS = ["funding", "businessModel", "dataUse", "conflictsOfInterest"] as const;

/** Returns a cleaned charter or throws a 400 naming the field at fault. */
export function checkCharter(charter: Charter): Charter {
  const conditions = charter.conditions.map((condition, i) => {
    const name = condition.name.trim();
    if (!name) throw invalid(`charter.conditions[${i}].name`, "give the condition a name");
    const code = condition.code?.trim();
    const system = condition.system;
    if (code && !system) throw invalid(`charter.conditions[${i}].system`, `say which coding system the code is from: ${CODE_SYSTEMS.join(" or ")}`);
    if (code && system && !CODE_PATTERNS[system as (typeof CODE_SYSTEMS)[number]].test(code.toUpperCase())) {
      throw invalid(`charter.conditions[${i}].code`, `"${code}" is not a ${system} code`);
    }
    return code && system ? { name, code: code.toUpperCase(), system } : { name };
  });
  const rules = charter.rules.map((rule) => rule.trim()).filter(Boolean);
  const cleaned: Charter = { ...charter, conditions, rules };
  for (const field of DECLARATIONS) {
    cleaned[field] = charter[field].trim();
    if (!cleaned[field]) throw invalid(`charter.${field}`, "the honest-broker declaration needs this answered, even if the answer is 'none'");
  }
  return cleaned;
}
