/**
 * The one normaliser of text entering Hearth (ADR 18). Pure functions, so the HTTP
 * guard, the services, the CLI and the tests all apply the same rules:
 * - every text refuses NUL, lone UTF-16 surrogates and C0 control characters other
 *   than tab, line feed and carriage return (PostgreSQL cannot store NUL in text, and
 *   a lone surrogate is not valid UTF-8 for jsonb: both were 500s);
 * - names are NFKC-normalised, so "ｃｌｉｎｉｃｉａｎ" is "clinician" before any
 *   reserved-name check;
 * - names and titles refuse Unicode format characters (Cf: zero-width, bidi
 *   controls), which hide text or reorder it on screen, and control characters;
 * - a name or title blank after all that is refused.
 */
import { invalid } from "./errors.ts";
import { msg, type Message, type Said } from "./i18n/message.ts";
import { english } from "./i18n/translator.ts";

// C0 controls except \t \n \r, and surrogates: with the u flag a paired surrogate is one code
// point outside this range, so only a lone one matches.
const UNSAFE_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ud800-\udfff]/u;
const FORMAT = /\p{Cf}/u;
const CONTROL = /\p{Cc}/u;

const UNSAFE_TEXT_MESSAGE = msg("problem.text.unsafe");
export const UNSAFE_TEXT_PROBLEM = english().say(UNSAFE_TEXT_MESSAGE);

/** The problem with a piece of text that may not enter Hearth at all, as a catalogue message, or null when it is fine. */
export function unsafeTextMessage(value: string): Message | null {
  return UNSAFE_TEXT.test(value) ? UNSAFE_TEXT_MESSAGE : null;
}

/** The same problem in English (`unsafeTextMessage` says it in the reader's language). */
export function unsafeTextProblem(value: string): string | null {
  return UNSAFE_TEXT.test(value) ? UNSAFE_TEXT_PROBLEM : null;
}

/** Throws a 400 naming `field` when `value` holds text that may not enter Hearth. */
export function checkSafeText(field: string, value: string): string {
  const problem = unsafeTextMessage(value);
  if (problem) throw invalid(field, problem);
  return value;
}

/**
 * The first unsafe string in a parsed JSON value or form body, keys included, as a
 * dotted path under `path` ("charter.rules.0"), or null.
 */
export function findUnsafeText(value: unknown, path = ""): { field: string; problem: Message } | null {
  const here = (key: string) => (path ? `${path}.${key}` : key);
  if (typeof value === "string") {
    const problem = unsafeTextMessage(value);
    return problem ? { field: path || "body", problem } : null;
  }
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = findUnsafeText(item, here(String(i)));
      if (found) return found;
    }
    return null;
  }
  if (value && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      if (unsafeTextMessage(key)) return { field: path || "body", problem: msg("problem.text.unsafeKey") };
      const found = findUnsafeText(item, here(key));
      if (found) return found;
    }
  }
  return null;
}

type Limit = { max: number; empty: Said };

/** Refuses format and control characters in a one-line name or title. */
function refuseHidden(field: string, value: string): void {
  checkSafeText(field, value);
  if (FORMAT.test(value)) throw invalid(field, msg("problem.text.invisible"));
  if (CONTROL.test(value)) throw invalid(field, msg("problem.text.oneLine"));
}

function checkLength(field: string, value: string, limit: Limit): string {
  if (!value) throw invalid(field, limit.empty);
  if (value.length > limit.max) throw invalid(field, msg("problem.text.tooLong", { max: String(limit.max) }));
  return value;
}

/**
 * A name (persona display name, community or space name): NFKC-normalised, trimmed,
 * no format or control characters, not blank, at most `limit.max` characters.
 * Reserved-name checks must run on what this returns.
 */
export function normaliseName(field: string, value: string, limit: Limit): string {
  refuseHidden(field, value);
  return checkLength(field, value.normalize("NFKC").trim(), limit);
}

/**
 * A title (a thread's): trimmed, no format or control characters, not blank, at most
 * `limit.max` characters. Not NFKC-normalised: a title keeps the characters typed.
 */
export function normaliseTitle(field: string, value: string, limit: Limit): string {
  refuseHidden(field, value);
  return checkLength(field, value.trim(), limit);
}

/**
 * A piece of prose written for oneself (a learning log's reflection): lines kept, NFC-normalised
 * (composed accents compare and count as typed), trimmed, not blank, at most `limit.max` characters.
 */
export function normaliseProse(field: string, value: string, limit: Limit): string {
  checkSafeText(field, value);
  return checkLength(field, value.normalize("NFC").trim(), limit);
}

// Latin look-alikes from Cyrillic and Greek that NFKC leaves alone ("Сlinician" with a Cyrillic С).
const CONFUSABLES: Record<string, string> = {
  а: "a", в: "b", с: "c", е: "e", һ: "h", і: "i", ј: "j", к: "k", м: "m", н: "h", о: "o", р: "p", ѕ: "s", т: "t", у: "y", х: "x",
  α: "a", β: "b", ε: "e", η: "n", ι: "i", κ: "k", ν: "v", ο: "o", ρ: "p", τ: "t", υ: "u", χ: "x", ζ: "z",
};

/**
 * The skeleton of a normalised name for reserved-name checks: lower case, Cyrillic and
 * Greek look-alikes folded to Latin, runs of spaces made one. Only compared, never stored.
 */
export function nameSkeleton(name: string): string {
  return Array.from(name.normalize("NFKC").toLowerCase(), (c) => CONFUSABLES[c] ?? c)
    .join("")
    .replace(/\s+/gu, " ")
    .trim();
}

/**
 * Why a chosen name may not be used as the name others see, or null: the username is
 * half of how a person signs in (ADR 23), and kept-for-anonymous-clinicians names are
 * checked on the skeleton so look-alike letters do not pass. `name` is already normalised.
 */
export function publicNameMessage(name: string, username: string): Message | null {
  if (name.toLowerCase() === username.trim().toLowerCase()) return msg("problem.name.notUsername");
  if (/^clinician ?[0-9a-z]{5}$/.test(nameSkeleton(name))) return msg("problem.name.keptForAnonymous");
  return null;
}

/** The same problem in English (`publicNameMessage` says it in the reader's language). */
export function publicNameProblem(name: string, username: string): string | null {
  const problem = publicNameMessage(name, username);
  return problem && english().say(problem);
}
