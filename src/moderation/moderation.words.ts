/** Dates in words for moderation pages ("1 August 2026", UTC like every date Hearth shows). */

/** A day (YYYY-MM-DD) or a timestamp, as "1 August 2026". */
export function dayWords(value: string): string {
  const date = new Date(value.length === 10 ? `${value}T00:00:00Z` : value);
  return date.toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
}
