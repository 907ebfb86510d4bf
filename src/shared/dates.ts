/** Dates in words, the one way Hearth shows them (UTC, British English). */

// Formatters are made once: toLocaleDateString with options builds a new one on every call.
const DAY = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });

/** A day (YYYY-MM-DD) or a timestamp, as "1 August 2026". */
export function dayWords(value: string): string {
  return DAY.format(new Date(value.length === 10 ? `${value}T00:00:00Z` : value));
}

const TIME = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", timeZone: "UTC" });

/** A moment, as "1 August 2026 at 14:05" (UTC): the day in the same words as dayWords, then the time. */
export function dateTimeWords(iso: string): string {
  const date = new Date(iso);
  return `${DAY.format(date)} at ${TIME.format(date)}`;
}
