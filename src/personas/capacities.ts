/**
 * The capacities an anonymous clinician persona may speak in: a small controlled
 * vocabulary, so that what it says about itself is a word many clinicians share and
 * never the free text of a verification (ADR 20). Adding a key needs a migration too
 * (the check on personas.capacity, migrations/0008).
 */
import type { Translator } from "../shared/i18n/translator.ts";
import { msg, type Message } from "../shared/i18n/message.ts";
export const CAPACITIES = {
  respiratory: "Respiratory",
  primary_care: "Primary care",
  nursing: "Nursing",
  mental_health: "Mental health",
  cardiology: "Cardiology",
  diabetes_endocrinology: "Diabetes and endocrinology",
  paediatrics: "Paediatrics",
  pharmacy: "Pharmacy",
  allied_health: "Allied health",
  other: "Other specialty",
} as const;

export type CapacityKey = keyof typeof CAPACITIES;

export const CAPACITY_KEYS = Object.keys(CAPACITIES) as CapacityKey[];

// Written out, key by key, so the catalogue check sees every key in use. The English above
// stays the stored vocabulary (the API's words, and what the echo check compares).
const VOCABULARY_KEYS: Record<CapacityKey, string> = {
  respiratory: "capacity.respiratory",
  primary_care: "capacity.primaryCare",
  nursing: "capacity.nursing",
  mental_health: "capacity.mentalHealth",
  cardiology: "capacity.cardiology",
  diabetes_endocrinology: "capacity.diabetesEndocrinology",
  paediatrics: "capacity.paediatrics",
  pharmacy: "capacity.pharmacy",
  allied_health: "capacity.alliedHealth",
  other: "capacity.other",
};

/** A vocabulary entry in the reader's language. */
export const capacityIn = (key: CapacityKey, t: Translator): string => t.text(VOCABULARY_KEYS[key]);

/** A vocabulary entry to be said inside a sentence, in whatever language the sentence is said. */
export const capacityMessage = (key: CapacityKey): Message => msg(VOCABULARY_KEYS[key]);

/** The key of a vocabulary entry's English words, for words that came from a view (a badge's label). */
export const capacityKeyOf = (words: string): CapacityKey | undefined => CAPACITY_KEYS.find((key) => CAPACITIES[key] === words);

/** Whether a value is a key of the vocabulary. */
export const isCapacityKey = (value: unknown): value is CapacityKey => typeof value === "string" && Object.hasOwn(CAPACITIES, value);

/** The words of a vocabulary entry for a stored key; nothing for none or a key no longer known. */
export function capacityLabelOf(key: string | null | undefined): string | null {
  return isCapacityKey(key) ? CAPACITIES[key] : null;
}

/** Words too common to tie two texts together ("Other specialty" and "Specialty nurse" share nothing that matters). */
const GENERIC = new Set(["other", "specialty", "health", "care", "and"]);

const wordsOf = (text: string) =>
  text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length >= 5 && !GENERIC.has(w));

/**
 * Whether a vocabulary entry repeats a word of a verification's own text (≥ 5 letters,
 * either containing the other: "Paediatrics" and "Paediatric nurse"). Such a capacity
 * would show beside the anonymous persona a word that reviewers see beside the username
 * and the named persona shows, so it is refused.
 */
export function capacityEchoes(key: CapacityKey, texts: string[]): boolean {
  const theirs = texts.flatMap(wordsOf);
  return wordsOf(CAPACITIES[key]).some((mine) => theirs.some((w) => w.includes(mine) || mine.includes(w)));
}
