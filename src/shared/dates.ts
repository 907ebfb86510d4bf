/** Dates in words, the one way Hearth shows them (UTC), in the reader's language (British English without one). */
import { english, type Translator } from "./i18n/translator.ts";

// Formatters are made once per language: toLocaleDateString with options builds a new one on every call.
const formatters = new Map<string, { day: Intl.DateTimeFormat; time: Intl.DateTimeFormat }>();

function formattersFor(t: Translator) {
  const locale = t.locale === "en-XA" ? "en-GB" : t.locale;
  let found = formatters.get(locale);
  if (!found) {
    found = {
      day: new Intl.DateTimeFormat(locale, { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }),
      time: new Intl.DateTimeFormat(locale, { hour: "2-digit", minute: "2-digit", timeZone: "UTC" }),
    };
    formatters.set(locale, found);
  }
  return found;
}

/** A day (YYYY-MM-DD) or a timestamp, as "1 August 2026" ("1 Awst 2026" in Welsh). */
export function dayWords(value: string, t: Translator = english()): string {
  return formattersFor(t).day.format(new Date(value.length === 10 ? `${value}T00:00:00Z` : value));
}

/** A moment, as "1 August 2026 at 14:05" (UTC): the day in the same words as dayWords, then the time. */
export function dateTimeWords(iso: string, t: Translator = english()): string {
  const date = new Date(iso);
  const { day, time } = formattersFor(t);
  return t.text("dates.moment", { day: day.format(date), time: time.format(date) });
}
