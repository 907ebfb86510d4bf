/** Dates in words, the one way Hearth shows them (UTC, British English). */

// Formatters are made once: toLocaleDateString with options builds a new one on every call.
const DAY = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });

/** A day (YYYY-MM-DD) or a timestamp, as "1 August 2026". */
export function dayWords(value: string): string {
  return DAY.format(new Date(value.length === 10 ? `${value}T00:00:00Z` : value));
}
