/**
 * Part (a) of the generalised anonymity suite (issue 6): the strings shown with the
 * anonymous persona, read from its own public view rather than listed by hand, so a
 * field added to it later is hunted too. None may appear with another persona of the
 * account or in a view of the account an administrator or verifier has (outside
 * break-glass): a shared string is a link, even when no id is shared.
 */
import { REGISTERS } from "../../src/clinicians/registers.ts";

/** Strings shorter than this tie nothing together on their own. */
export const MIN_LENGTH = 5;

/**
 * Words every clinician persona of their kind shows, and the enum values of the API:
 * the same for everyone, so they link nobody.
 */
export const GENERIC = new Set(
  [
    "Verified clinician, anonymous",
    "Verified clinician",
    "Clinician, verification lapsed",
    "clinician",
    "anonymous",
    "anonymous_professional",
    "professional",
    "verified_clinician_anonymous",
    "verified_clinician",
    "clinician_unverified",
  ].map((w) => w.toLowerCase()),
);

/**
 * Fixed text of the app, the same on every account's page: the registers' names
 * ("Nursing and Midwifery Council" beside every NMC application). Removed from a view
 * before it is searched, so that a vocabulary word inside one is not counted as a link.
 */
export const FIXED_PHRASES = Object.values(REGISTERS).map((r) => r.name);

/** Every string value in a JSON document, and a badge's parts on either side of " · ". */
function stringsIn(json: unknown): string[] {
  if (typeof json === "string") return [json, ...(json.includes(" · ") ? json.split(" · ") : [])];
  if (Array.isArray(json)) return json.flatMap(stringsIn);
  if (json && typeof json === "object") return Object.values(json).flatMap(stringsIn);
  return [];
}

/** The strings worth hunting in the anonymous persona's public view. */
export function huntedStrings(publicView: unknown): string[] {
  const all = stringsIn(publicView).map((s) => s.trim());
  return [...new Set(all.filter((s) => s.length >= MIN_LENGTH && !GENERIC.has(s.toLowerCase())))];
}

/** A view's text with the app's fixed phrases taken out, lower-cased, and HTML's apostrophes undone. */
export function searchable(text: string): string {
  let out = text.replace(/&#39;/g, "'").replace(/&amp;/g, "&");
  for (const phrase of FIXED_PHRASES) out = out.split(phrase).join(" ");
  return out.toLowerCase();
}

/** Which hunted strings a view shows (as written, HTML-escaped or URL-encoded). */
export function sharedStrings(view: string, hunted: string[]): string[] {
  const text = searchable(view);
  return hunted.filter((h) => [h, encodeURIComponent(h), h.replace(/ /g, "+")].some((form) => text.includes(form.toLowerCase())));
}

/** Every calendar day and instant a date can be written as, to look for in a view. */
export function spellingsOfDate(iso: string): string[] {
  const d = new Date(iso);
  return [d.toISOString(), d.toISOString().replace(/\.\d{3}Z$/, "Z"), d.toISOString().slice(0, 10), d.toISOString().slice(0, 16)];
}
