/**
 * A learning log as CSV (ADR 50): one row an entry, oldest first, headed in the reader's language.
 * UTF-8 with a byte-order mark, so Excel reads accents and Welsh letters right; CRLF rows (RFC 4180);
 * a cell a spreadsheet would run as a formula (= + - @ tab return) starts with an apostrophe.
 */
import type { Translator } from "../shared/i18n/translator.ts";
import type { EntryView } from "./learning-log.presenter.ts";
import { CSV_HEADER_KEYS, KIND_KEYS, SOURCE_KEYS } from "./learning-log-words.ts";

const BOM = "\uFEFF";

export const csvCell = (text: string) => {
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
};

/** `publicUrl` makes each link whole, so it still works from a spreadsheet. */
export function learningLogCsv(entries: EntryView[], t: Translator, publicUrl: string): string {
  const header = CSV_HEADER_KEYS.map((key) => t.text(key));
  const rows = entries.map((e) => [
    e.date.slice(0, 10),
    t.text(KIND_KEYS[e.kind]),
    e.title || t.text("learningLog.untitled"),
    e.community?.name ?? "",
    e.link ? new URL(e.link, publicUrl).href : "",
    String(e.minutes),
    t.text(SOURCE_KEYS[e.minutesSource]),
    e.reflection.whatHappened ?? "",
    e.reflection.whatLearned ?? "",
    e.reflection.whatNext ?? "",
  ]);
  return `${BOM}${[header, ...rows].map((row) => row.map(csvCell).join(",")).join("\r\n")}\r\n`;
}
