/**
 * Topics (ADR 49): free tags that a community's vocabulary gathers under one key. A tag's key is
 * its words NFKC-normalised, in lower case, hyphens and dashes as hyphens, one space between
 * words, and a leading "#" dropped, so "COPD", " copd " and "#Copd" are one topic. Each list is
 * checked whole: an empty, over-long or repeated topic is a 400 naming its place in the list.
 */
import { invalid } from "../shared/errors.ts";
import { msg } from "../shared/i18n/message.ts";
import { QUESTION_LIMITS } from "../shared/limits.ts";
import { checkSafeText } from "../shared/text.ts";
import { normaliseForMatch } from "../shared/condition-content.ts";

/** The key of one topic as typed (may be empty). Refuses text no Hearth text may hold. */
export function topicKey(field: string, typed: string): string {
  return normaliseForMatch(checkSafeText(field, typed)).replace(/^#+/u, "").trim();
}

/** Format characters (Cf) are invisible: a topic that holds one looks like another and is refused. */
const INVISIBLE = /\p{Cf}/u;

/**
 * Checks a list of typed topics and returns their keys in the order given: at least `min`, at
 * most `max`, each 1 to QUESTION_LIMITS.topic characters, none twice once normalised.
 */
export function checkTopics(field: string, typed: string[], limits: { min: number; max: number }): string[] {
  if (typed.length < limits.min) throw invalid(field, msg("problem.topics.none"));
  if (typed.length > limits.max) throw invalid(field, msg("problem.topics.tooMany", { max: String(limits.max) }));
  const keys: string[] = [];
  typed.forEach((raw, i) => {
    const place = `${field}[${i}]`;
    if (INVISIBLE.test(raw)) throw invalid(place, msg("problem.topics.invisible"));
    const key = topicKey(place, raw);
    if (!key) throw invalid(place, msg("problem.topics.empty"));
    if (key.length > QUESTION_LIMITS.topic) throw invalid(place, msg("problem.keepUnder", { max: String(QUESTION_LIMITS.topic) }));
    if (keys.includes(key)) throw invalid(place, msg("problem.topics.twice", { topic: key }));
    keys.push(key);
  });
  return keys;
}

/** Topics typed in one box, separated by commas ("COPD, inhalers"), as a form sends them. */
export function splitTopics(text: string): string[] {
  return text.split(",").map((t) => t.trim()).filter((t) => t !== "");
}
