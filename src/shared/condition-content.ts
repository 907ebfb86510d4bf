/**
 * Condition-aware content (issue 11, part 6; ADR 39): the charter's content warnings,
 * crisis resources and crisis phrases, their checks, and finding crisis language in what
 * someone wrote. Shared because the charter (src/communities) holds them while
 * discussion (the author's notice) and moderation (the safeguarding alert) use them.
 */
import { invalid } from "./errors.ts";
import { msg } from "./i18n/message.ts";
import { findUnsafeText } from "./text.ts";
import { wholeWords } from "./whole-words.ts";
import { CONDITION_LIMITS } from "./limits.ts";

export type CrisisResource = {
  /** ISO 3166-1 alpha-2, upper case ("GB", "IE"). */
  country: string;
  name: string;
  phone?: string;
  text?: string;
  url?: string;
  hours?: string;
};

/** The warnings a community offers when its charter lists none. */
export const DEFAULT_CONTENT_WARNINGS: readonly string[] = [
  "bereavement",
  "end of life",
  "self-harm",
  "suicide",
  "eating disorders",
  "pregnancy loss",
  "graphic medical images",
];

export type Urgency = "high" | "medium";

/**
 * The maintained default list (English and Welsh). "high": words of intent or of a plan;
 * "medium": despair or harm without a stated intent. Kept short on purpose: every phrase
 * here wakes a moderator, and a long list of single words would cry wolf. A community adds
 * its own phrases (charter.crisisPhrases, medium) for its condition's words.
 */
export const DEFAULT_CRISIS_PHRASES: readonly { phrase: string; urgency: Urgency }[] = [
  { phrase: "kill myself", urgency: "high" },
  { phrase: "end my life", urgency: "high" },
  { phrase: "take my own life", urgency: "high" },
  { phrase: "want to die", urgency: "high" },
  { phrase: "going to end it", urgency: "high" },
  { phrase: "suicide note", urgency: "high" },
  { phrase: "end it all", urgency: "high" },
  { phrase: "better off dead", urgency: "medium" },
  { phrase: "no reason to live", urgency: "medium" },
  { phrase: "can't go on", urgency: "medium" },
  { phrase: "self-harm", urgency: "medium" },
  { phrase: "hurt myself", urgency: "medium" },
  // Welsh
  { phrase: "lladd fy hun", urgency: "high" },
  { phrase: "eisiau marw", urgency: "high" },
  { phrase: "dod â'r cyfan i ben", urgency: "high" },
  { phrase: "dim rheswm i fyw", urgency: "medium" },
  { phrase: "hunan-niweidio", urgency: "medium" },
  { phrase: "methu mynd ymlaen", urgency: "medium" },
];

/** Text made comparable: NFKC, lower case, curly apostrophes and dashes made plain, runs of spaces one. */
export function normaliseForMatch(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc]/gu, "'")
    .replace(/[\u2010-\u2015]/gu, "-")
    .replace(/\s+/gu, " ")
    .trim();
}

export type CrisisMatch = { urgency: Urgency; phrases: string[] };

type CrisisPattern = { phrase: string; urgency: Urgency; pattern: RegExp };
const crisisPattern = (phrase: string, urgency: Urgency): CrisisPattern[] => {
  const normalised = normaliseForMatch(phrase);
  return normalised === "" ? [] : [{ phrase: normalised, urgency, pattern: wholeWords(normalised, "u") }];
};
// The maintained list is matched in every new post: its patterns are made once.
const DEFAULT_CRISIS_PATTERNS = DEFAULT_CRISIS_PHRASES.flatMap(({ phrase, urgency }) => crisisPattern(phrase, urgency));

/** The crisis phrases in a text and the highest urgency among them; null when there are none. */
export function findCrisisLanguage(text: string, communityPhrases: readonly string[] = []): CrisisMatch | null {
  const body = normaliseForMatch(text);
  const all = [...DEFAULT_CRISIS_PATTERNS, ...communityPhrases.flatMap((phrase) => crisisPattern(phrase, "medium"))];
  const found = all.filter(({ pattern }) => pattern.test(body));
  if (found.length === 0) return null;
  return { urgency: found.some((f) => f.urgency === "high") ? "high" : "medium", phrases: [...new Set(found.map((f) => f.phrase))] };
}

/** A list of short labels (warnings, phrases): trimmed, NFKC'd, none empty, none twice (ignoring case). */
function checkLabels(list: string[], at: string, max: number, each: number): string[] {
  if (list.length > max) throw invalid(at, msg("problem.condition.tooMany", { max: String(max) }));
  const seen = new Set<string>();
  return list.map((item, i) => {
    const value = item.normalize("NFKC").replace(/\s+/gu, " ").trim();
    if (!value) throw invalid(`${at}[${i}]`, msg("problem.condition.blank"));
    if (value.length > each) throw invalid(`${at}[${i}]`, msg("problem.keepUnder", { max: String(each) }));
    const key = normaliseForMatch(value);
    if (seen.has(key)) throw invalid(`${at}[${i}]`, msg("problem.condition.twice", { item: value }));
    seen.add(key);
    return value;
  });
}

export const checkContentWarningList = (list: string[]) => checkLabels(list, "charter.contentWarnings", CONDITION_LIMITS.warnings, CONDITION_LIMITS.warning);
export const checkCrisisPhrases = (list: string[]) => checkLabels(list, "charter.crisisPhrases", CONDITION_LIMITS.phrases, CONDITION_LIMITS.phrase);

const COUNTRY = /^[A-Z]{2}$/;
// ISO 3166-1 user-assigned codes (AA, QM–QZ, XA–XZ, ZZ) name no country.
const USER_ASSIGNED = /^(AA|Q[M-Z]|X[A-Z]|ZZ)$/;

/** The charter's crisis resources, cleaned, or a 400 naming the field at fault. */
export function checkCrisisResources(resources: CrisisResource[], at = "charter.crisisResources"): CrisisResource[] {
  const unsafe = findUnsafeText(resources, at);
  if (unsafe) throw invalid(unsafe.field, unsafe.problem);
  if (resources.length > CONDITION_LIMITS.resources) throw invalid(at, msg("problem.condition.tooMany", { max: String(CONDITION_LIMITS.resources) }));
  return resources.map((resource, i) => {
    const where = `${at}[${i}]`;
    const country = resource.country.trim().toUpperCase();
    if (!COUNTRY.test(country) || USER_ASSIGNED.test(country)) throw invalid(`${where}.country`, msg("problem.condition.country"));
    const clean: CrisisResource = { country, name: resource.name.normalize("NFKC").trim() };
    if (!clean.name) throw invalid(`${where}.name`, msg("problem.condition.blank"));
    for (const key of ["phone", "text", "url", "hours"] as const) {
      const value = resource[key]?.normalize("NFKC").trim();
      if (!value) continue;
      if (value.length > CONDITION_LIMITS.resourceField) throw invalid(`${where}.${key}`, msg("problem.keepUnder", { max: String(CONDITION_LIMITS.resourceField) }));
      if (key === "url" && !/^https:\/\/[^\s/]+\.[^\s]+$/i.test(value)) throw invalid(`${where}.url`, msg("problem.condition.url"));
      clean[key] = value;
    }
    if (!clean.phone && !clean.text && !clean.url) throw invalid(`${where}.phone`, msg("problem.condition.howToReach"));
    return clean;
  });
}

/** The warnings a thread may carry in a community: its charter's, or the default list. */
export const contentWarningsOf = (charter: { contentWarnings?: string[] }): readonly string[] => charter.contentWarnings ?? DEFAULT_CONTENT_WARNINGS;

/**
 * A thread's warnings checked against its community's list: each must be one of them
 * (compared ignoring case and spacing) and is stored in the list's own spelling.
 */
export function checkThreadWarnings(chosen: string[] | undefined, allowed: readonly string[]): string[] {
  if (!chosen || chosen.length === 0) return [];
  const byKey = new Map(allowed.map((w) => [normaliseForMatch(w), w]));
  const out: string[] = [];
  for (const warning of chosen) {
    const known = byKey.get(normaliseForMatch(warning));
    if (!known) throw invalid("contentWarnings", msg("problem.condition.unknownWarning", { warning: warning.slice(0, 40), options: allowed.join(", ") }));
    if (!out.includes(known)) out.push(known);
  }
  return out;
}
