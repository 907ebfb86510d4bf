/**
 * How check-ins leave Hearth: the template in the reader's words (the general one's
 * questions come from the catalogue), a member's own history, and its CSV export. Only the
 * member's own check-ins are ever presented; there is no view of anyone else's.
 */
import type { CheckinAnswer, CheckinField } from "../shared/checkin-template.ts";
import type { Translator } from "../shared/i18n/translator.ts";
import type { CheckinView, SummaryView, TemplateView } from "./checkins.service.ts";

/** The general check-in's questions by field id, in the catalogue. */
const GENERAL_LABELS: Record<string, string> = {
  wellbeing: "checkins.general.wellbeing",
  sleep: "checkins.general.sleep",
  energy: "checkins.general.energy",
  note: "checkins.general.note",
};

const inReadersWords = <F extends { id: string; label: string }>(fields: F[], t: Translator): F[] =>
  fields.map((f) => (GENERAL_LABELS[f.id] ? { ...f, label: t.text(GENERAL_LABELS[f.id]!) } : f));

export function presentTemplate(template: TemplateView, t: Translator): TemplateView {
  return template.general ? { ...template, fields: inReadersWords(template.fields, t) } : template;
}

export function presentSummary(summary: SummaryView, t: Translator): SummaryView {
  return summary.general ? { ...summary, fields: inReadersWords(summary.fields, t) } : summary;
}

/** One answer in words: yes/no in the reader's language, numbers and text as given. */
export function answerWords(field: CheckinField, value: CheckinAnswer | undefined, t: Translator): string {
  if (value === undefined) return "";
  if (field.type === "boolean") return t.text(value ? "checkins.yes" : "checkins.no");
  return String(value);
}

// A cell a spreadsheet would run as a formula (=, +, -, @, tab, return) starts with an apostrophe.
const cell = (text: string) => {
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
};

/** The member's check-ins as CSV: a day column, then one per question (its label), oldest first. */
export function checkinsCsv(template: TemplateView, items: CheckinView[], t: Translator): string {
  const header = [t.text("checkins.csvDay"), ...template.fields.map((f) => f.label), t.text("checkins.csvShared")];
  const rows = [...items].reverse().map((item) => [item.day, ...template.fields.map((f) => answerWords(f, item.values[f.id], t)), t.text(item.shared ? "checkins.yes" : "checkins.no")]);
  return `${[header, ...rows].map((row) => row.map(cell).join(",")).join("\r\n")}\r\n`;
}
